#include "core/crypto/sha2.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "core/encoding/hex.h"

namespace anycred::crypto {

namespace {
const EVP_MD* Md(HashAlgorithm a) {
  return a == HashAlgorithm::kSha256 ? EVP_sha256() : EVP_sha384();
}
}  // namespace

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest out;
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         out.data());
  return out;
}

std::size_t DigestSize(HashAlgorithm algorithm) {
  return algorithm == HashAlgorithm::kSha256 ? 32 : 48;
}

std::vector<std::uint8_t> Hash(HashAlgorithm algorithm, std::string_view data) {
  std::vector<std::uint8_t> out(DigestSize(algorithm));
  if (algorithm == HashAlgorithm::kSha256) {
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           out.data());
  } else {
    SHA384(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           out.data());
  }
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
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), Md(algorithm), nullptr);
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
