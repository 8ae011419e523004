// Ed25519 verification with a table precomputed for one public key.
//
// Checking a signature is mostly the double scalar multiplication
// [s]B - [k]A. libsodium computes it with 253 doublings and about 85
// additions, because it knows nothing of A in advance. A verifier that checks
// many signatures under one key (a batch of credentials from one issuer) can
// precompute j * 32^i * (-A) for j = 1..16 and i = 0..50, as is done for the
// base point B. With both tables the multiplication takes one table addition
// per non-zero signed radix-32 digit of s and of k (about 100) and no
// doubling: verification takes 0.36 of libsodium's time on this project's
// machine. A table takes 97,920 bytes and about three verifications' time
// to build.
//
// Verify accepts exactly what libsodium's crypto_sign_verify_detached
// accepts for a key that libsodium accepts: S < L, R not of small order, and
// the encoding of [s]B - [k]A equal to R byte for byte (the cofactorless
// equation). Build refuses what libsodium refuses of a key: an encoding that
// is not canonical or not on the curve, and points of small order. Callers
// (Ed25519PublicKey::Verify) build a key only after libsodium has accepted a
// signature under it, and ask libsodium again whenever Verify says no, so a
// rejection never rests on this code alone.
//
// Only public values pass through here (keys, signatures, messages), so the
// arithmetic is variable-time. The field is GF(2^255 - 19) in five 51-bit
// limbs; the points are in extended twisted Edwards coordinates (Hisil, Wong,
// Carter and Dawson, 2008), table entries in affine (y+x, y-x, 2dxy) form.
//
// Thread safety: a built key is immutable; Verify may be called from any
// number of threads at once.
#ifndef ANYCRED_CORE_CRYPTO_ED25519_PRECOMPUTED_H_
#define ANYCRED_CORE_CRYPTO_ED25519_PRECOMPUTED_H_

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

namespace anycred::crypto {

class Ed25519PrecomputedKey {
 public:
  // The table for `public_key`, or null when libsodium would refuse the key
  // (not canonical, not a point of the curve, or of small order).
  static std::unique_ptr<const Ed25519PrecomputedKey> Build(
      const std::array<std::uint8_t, 32>& public_key);

  const std::array<std::uint8_t, 32>& public_key() const { return public_key_; }
  // True only for a valid signature of `message` under this key; the same
  // answer as crypto_sign_verify_detached.
  bool Verify(std::string_view message,
              std::span<const std::uint8_t> signature) const;

  ~Ed25519PrecomputedKey();
  Ed25519PrecomputedKey(const Ed25519PrecomputedKey&) = delete;
  Ed25519PrecomputedKey& operator=(const Ed25519PrecomputedKey&) = delete;

  struct Table;  // j * 32^i * (-A), defined in the .cc

 private:
  Ed25519PrecomputedKey();
  std::array<std::uint8_t, 32> public_key_{};
  std::unique_ptr<Table> table_;
};

}  // namespace anycred::crypto

#endif  // ANYCRED_CORE_CRYPTO_ED25519_PRECOMPUTED_H_
