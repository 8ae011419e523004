#include "core/crypto/sha2.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "core/encoding/hex.h"

namespace anycred::crypto {

namespace {
// OpenSSL 3's one-shot SHA256() fetches the implementation on every call
// (a locked lookup that costs more than hashing a credential), so the
// algorithms are fetched once and each thread reuses its own context.
const EVP_MD* Md(HashAlgorithm a) {
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static EVP_MD* const sha384 = EVP_MD_fetch(nullptr, "SHA384", nullptr);
  return a == HashAlgorithm::kSha256 ? sha256 : sha384;
}

void Digest(HashAlgorithm algorithm, std::string_view data,
            unsigned char* out) {
  thread_local struct Ctx {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(ctx); }
  } tl;
  unsigned int len = 0;
  if (tl.ctx == nullptr ||
      EVP_DigestInit_ex2(tl.ctx, Md(algorithm), nullptr) != 1 ||
      EVP_DigestUpdate(tl.ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(tl.ctx, out, &len) != 1) {
    std::abort();  // only on memory exhaustion or a broken OpenSSL install
  }
}
}  // namespace

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest out;
  Digest(HashAlgorithm::kSha256, data, out.data());
  return out;
}

std::size_t DigestSize(HashAlgorithm algorithm) {
  return algorithm == HashAlgorithm::kSha256 ? 32 : 48;
}

std::vector<std::uint8_t> Hash(HashAlgorithm algorithm, std::string_view data) {
  std::vector<std::uint8_t> out(DigestSize(algorithm));
  Digest(algorithm, data, out.data());
  return out;
}

std::string HashHex(HashAlgorithm algorithm, std::string_view data) {
  return encoding::HexEncode(Hash(algorithm, data));
}

Result<HashAlgorithm> ParseHashAlgorithm(std::string_view name) {
  std::string n;
  for (char c : name) {
    if (c == '-') continue;
    n.push_back(static_cast<char>((c >= 'a' && c <= 'z') ? c - 32 : c));
  }
  if (n == "SHA256") return HashAlgorithm::kSha256;
  if (n == "SHA384") return HashAlgorithm::kSha384;
  return Status::Error(codes::kInvalidArgument,
                       "unsupported hash algorithm \"" + std::string(name) +
                           "\" (expected SHA256 or SHA384)");
}

Hasher::Hasher(HashAlgorithm algorithm)
    : ctx_(EVP_MD_CTX_new()), algorithm_(algorithm) {
  EVP_DigestInit_ex2(static_cast<EVP_MD_CTX*>(ctx_), Md(algorithm), nullptr);
}
Hasher::~Hasher() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }
void Hasher::Update(std::string_view data) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size());
}
std::vector<std::uint8_t> Hasher::Finish() {
  std::vector<std::uint8_t> out(DigestSize(algorithm_));
  unsigned int len = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), out.data(), &len);
  out.resize(len);
  return out;
}

}  // namespace anycred::crypto
