// SHA-2 digests (SHA-256 and SHA-384) through OpenSSL.
//
// The algorithm is a closed enum: callers never pass an algorithm name taken
// from untrusted input; parse it first with ParseHashAlgorithm.
//
// Thread safety: all functions are thread-safe.
#ifndef ANYCRED_CORE_CRYPTO_SHA2_H_
#define ANYCRED_CORE_CRYPTO_SHA2_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/status.h"

namespace anycred::crypto {

enum class HashAlgorithm { kSha256, kSha384 };

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);
std::vector<std::uint8_t> Hash(HashAlgorithm algorithm, std::string_view data);
// Lowercase hex digest.
std::string HashHex(HashAlgorithm algorithm, std::string_view data);
std::size_t DigestSize(HashAlgorithm algorithm);

// Accepts "SHA256", "SHA-256", "sha256", "SHA384", "SHA-384", "sha384".
Result<HashAlgorithm> ParseHashAlgorithm(std::string_view name);

// Incremental hashing, for data that arrives in pieces.
class Hasher {
 public:
  explicit Hasher(HashAlgorithm algorithm);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  void Update(std::string_view data);
  std::vector<std::uint8_t> Finish();

 private:
  void* ctx_;  // EVP_MD_CTX
  HashAlgorithm algorithm_;
};

}  // namespace anycred::crypto

#endif  // ANYCRED_CORE_CRYPTO_SHA2_H_
