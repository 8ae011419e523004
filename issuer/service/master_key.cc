#include "issuer/service/master_key.h"

#include <sodium.h>

#include <cstdlib>

#include "core/crypto/ed25519.h"
#include "core/encoding/hex.h"
#include "core/keys/key_file.h"
#include "core/util/io.h"

namespace anycred::issuer {

namespace {
constexpr const char* kCheckName = "master_key_check";
constexpr const char* kCheckText = "anycred master key check";
constexpr const char* kCheckAad = "master-key-check";

std::string KeyPath(const std::string& dir) { return dir + "/master.key"; }

Status FromHex(const std::string& text, const std::string& where,
               std::array<std::uint8_t, 32>* out) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' ||
                              trimmed.back() == '\r' || trimmed.back() == ' '))
    trimmed.pop_back();
  auto bytes = encoding::HexDecode(trimmed);
  if (!bytes.ok() || bytes->size() != 32) {
    if (bytes.ok()) crypto::Wipe(bytes->data(), bytes->size());
    return Status::Error(codes::kInvalidArgument,
                         where +
                             " must hold 64 hexadecimal characters (32 "
                             "bytes)");
  }
  std::copy(bytes->begin(), bytes->end(), out->begin());
  crypto::Wipe(bytes->data(), bytes->size());
  return Status::Ok();
}
}  // namespace

MasterKey::MasterKey(MasterKey&& other) noexcept : key_(other.key_) {
  crypto::Wipe(other.key_.data(), other.key_.size());
}
MasterKey& MasterKey::operator=(MasterKey&& other) noexcept {
  if (this != &other) {
    key_ = other.key_;
    crypto::Wipe(other.key_.data(), other.key_.size());
  }
  return *this;
}
MasterKey::~MasterKey() { crypto::Wipe(key_.data(), key_.size()); }

Result<MasterKey> MasterKey::Create(const std::string& dir,
                                    store::Store* store) {
  ANYCRED_ASSIGN_OR_RETURN(auto existing, store->GetMeta(kCheckName));
  if (existing.has_value())
    return Status::Error(store::kAlreadyExists,
                         "the data folder " + dir + " is initialized already");
  MasterKey mk;
  const char* env = std::getenv(kMasterKeyEnv);
  if (env != nullptr && *env != '\0') {
    ANYCRED_RETURN_IF_ERROR(FromHex(env, kMasterKeyEnv, &mk.key_));
  } else {
    randombytes_buf(mk.key_.data(), mk.key_.size());
    std::string hex = encoding::HexEncode(mk.key_);
    Status st = keys::WriteSecretFile(KeyPath(dir), hex + "\n", false);
    crypto::Wipe(hex.data(), hex.size());
    ANYCRED_RETURN_IF_ERROR(st);
  }
  ANYCRED_RETURN_IF_ERROR(
      store->PutMeta(kCheckName, mk.Seal(kCheckText, kCheckAad)));
  return mk;
}

Result<MasterKey> MasterKey::Load(const std::string& dir, store::Store* store) {
  MasterKey mk;
  const char* env = std::getenv(kMasterKeyEnv);
  if (env != nullptr && *env != '\0') {
    ANYCRED_RETURN_IF_ERROR(FromHex(env, kMasterKeyEnv, &mk.key_));
  } else {
    auto text = ReadFileOrStdin(KeyPath(dir), 1024);
    if (!text.ok())
      return Status::Error(codes::kIoError, "cannot read the master key " +
                                                KeyPath(dir) + " (set " +
                                                kMasterKeyEnv +
                                                " if it is kept elsewhere)");
    Status st = FromHex(*text, KeyPath(dir), &mk.key_);
    crypto::Wipe(text->data(), text->size());
    ANYCRED_RETURN_IF_ERROR(st);
  }
  ANYCRED_ASSIGN_OR_RETURN(auto check, store->GetMeta(kCheckName));
  if (!check.has_value())
    return Status::Error(codes::kNotFound,
                         "the data folder " + dir +
                             " is not initialized (run `anycred-issuer init`)");
  auto opened = mk.Open(*check, kCheckAad);
  if (!opened.ok() || *opened != kCheckText)
    return Status::Error(kWrongMasterKey,
                         "the master key does not match this data folder");
  return mk;
}

std::string MasterKey::Seal(const std::string& plaintext,
                            const std::string& aad) const {
  std::string out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
                      plaintext.size() +
                      crypto_aead_xchacha20poly1305_ietf_ABYTES,
                  '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &len,
      reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(aad.data()),
      aad.size(), nullptr, nonce, key_.data());
  return out;
}

Result<std::string> MasterKey::Open(const std::string& sealed,
                                    const std::string& aad) const {
  constexpr std::size_t kN = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr std::size_t kA = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kN + kA)
    return Status::Error(kWrongMasterKey, "a sealed key is truncated");
  std::string out(sealed.size() - kN - kA, '\0');
  unsigned long long len = 0;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &len, nullptr,
          nonce + kN, sealed.size() - kN,
          reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nonce,
          key_.data()) != 0) {
    return Status::Error(kWrongMasterKey,
                         "a sealed key does not open with this master key");
  }
  return out;
}

std::array<std::uint8_t, 32> MasterKey::DeriveKey(
    std::uint64_t id, const char (&context)[9]) const {
  static_assert(crypto_kdf_KEYBYTES == 32 && crypto_kdf_CONTEXTBYTES == 8);
  std::array<std::uint8_t, 32> out{};
  crypto_kdf_derive_from_key(out.data(), out.size(), id, context, key_.data());
  return out;
}

}  // namespace anycred::issuer
