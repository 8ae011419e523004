// Ed25519 (RFC 8032, pure EdDSA) through libsodium.
//
// Keys are opaque, fixed-size types. A private key is created from a 32-byte
// seed or generated; its memory is wiped when it is destroyed and it cannot
// be copied by accident (move-only; Clone() is explicit). Verification gives
// libsodium's answer, with its strict checks: non-canonical signatures and
// small-order public keys are rejected. From a key's second valid signature
// on, the process keeps a table precomputed for the key
// (ed25519_precomputed.h) and verifies with it in about 0.4 of the time; it
// keeps at most 16 such tables (1.5 MiB), the most recently used.
//
// Thread safety: const methods are safe to call concurrently.
#ifndef ANYCRED_CORE_CRYPTO_ED25519_H_
#define ANYCRED_CORE_CRYPTO_ED25519_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/crypto/signer.h"
#include "core/util/status.h"

namespace anycred::crypto {

inline constexpr std::size_t kEd25519PublicKeySize = 32;
inline constexpr std::size_t kEd25519SeedSize = 32;

class Ed25519PublicKey {
 public:
  // Fails unless `bytes` is exactly 32 bytes.
  static Result<Ed25519PublicKey> FromBytes(
      std::span<const std::uint8_t> bytes);

  const std::array<std::uint8_t, kEd25519PublicKeySize>& bytes() const {
    return bytes_;
  }
  // True only for a valid signature of `message` under this key.
  bool Verify(std::string_view message,
              std::span<const std::uint8_t> signature) const;

  friend bool operator==(const Ed25519PublicKey&,
                         const Ed25519PublicKey&) = default;

 private:
  friend class Ed25519PrivateKey;
  Ed25519PublicKey() = default;
  std::array<std::uint8_t, kEd25519PublicKeySize> bytes_{};
};

// The in-process signer: the secret is in this object's memory.
class Ed25519PrivateKey final : public Ed25519Signer {
 public:
  static Ed25519PrivateKey Generate();
  static Result<Ed25519PrivateKey> FromSeed(std::span<const std::uint8_t> seed);

  Ed25519PrivateKey(Ed25519PrivateKey&& other) noexcept;
  Ed25519PrivateKey& operator=(Ed25519PrivateKey&& other) noexcept;
  Ed25519PrivateKey(const Ed25519PrivateKey&) = delete;
  Ed25519PrivateKey& operator=(const Ed25519PrivateKey&) = delete;
  ~Ed25519PrivateKey() override;

  Ed25519PrivateKey Clone() const;
  const Ed25519PublicKey& public_key() const override { return public_key_; }
  Ed25519Signature Sign(std::string_view message) const;
  // Ed25519Signer: Sign, which cannot fail in process.
  Result<Ed25519Signature> SignMessage(
      std::string_view message) const override {
    return Sign(message);
  }
  // The 32-byte seed. Handle with care: callers must wipe their copy.
  std::array<std::uint8_t, kEd25519SeedSize> ExportSeed() const;

 private:
  Ed25519PrivateKey() = default;
  std::array<std::uint8_t, 64> secret_{};  // libsodium form: seed ‖ public key
  Ed25519PublicKey public_key_;
};

// Overwrites memory in a way the compiler cannot optimize away.
void Wipe(void* data, std::size_t size);

}  // namespace anycred::crypto

#endif  // ANYCRED_CORE_CRYPTO_ED25519_H_
