// The master key of an issuer data folder: 32 random bytes that seal every
// organization's signing key (XChaCha20-Poly1305, libsodium). It lives in
// DIR/master.key (mode 0600, written atomically) unless the environment
// variable ANYCRED_MASTER_KEY holds it as 64 hexadecimal characters (for
// deployments that keep it in a secret manager). The store keeps a sealed
// check value so that a wrong master key is reported as such, not as
// corrupt keys.
//
// The key bytes never leave this class and are wiped on destruction.
//
// Thread safety: const methods are thread-safe.
#ifndef ANYCRED_ISSUER_SERVICE_MASTER_KEY_H_
#define ANYCRED_ISSUER_SERVICE_MASTER_KEY_H_

#include <array>
#include <cstdint>
#include <string>

#include "core/util/status.h"
#include "issuer/store/store.h"

namespace anycred::issuer {

inline constexpr const char* kMasterKeyEnv = "ANYCRED_MASTER_KEY";
inline constexpr const char* kWrongMasterKey = "WRONG_MASTER_KEY";

class MasterKey {
 public:
  // Creates DIR/master.key (unless ANYCRED_MASTER_KEY is set) and records
  // its check value in `store`. Refuses to replace an existing key.
  static Result<MasterKey> Create(const std::string& dir, store::Store* store);
  // Loads the key (environment first, then DIR/master.key) and checks it
  // against the store.
  static Result<MasterKey> Load(const std::string& dir, store::Store* store);

  MasterKey(MasterKey&& other) noexcept;
  MasterKey& operator=(MasterKey&& other) noexcept;
  MasterKey(const MasterKey&) = delete;
  MasterKey& operator=(const MasterKey&) = delete;
  ~MasterKey();

  // nonce ‖ ciphertext ‖ tag; `aad` binds the blob to its owner.
  std::string Seal(const std::string& plaintext, const std::string& aad) const;
  // WRONG_MASTER_KEY if the blob does not open under this key and aad.
  Result<std::string> Open(const std::string& sealed,
                           const std::string& aad) const;
  // A 32-byte subkey for another purpose (libsodium crypto_kdf, `context`
  // exactly 8 characters). The caller wipes it.
  std::array<std::uint8_t, 32> DeriveKey(std::uint64_t id,
                                         const char (&context)[9]) const;

 private:
  MasterKey() = default;
  std::array<std::uint8_t, 32> key_{};
};

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_MASTER_KEY_H_
