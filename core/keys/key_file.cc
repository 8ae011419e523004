#include "core/keys/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/did/did_key.h"
#include "core/encoding/multibase.h"
#include "core/json/jcs.h"
#include "core/keys/multikey.h"

namespace anycred::keys {

namespace {
constexpr const char* kEncryptedType = "AnycredEncryptedKey";
constexpr const char* kKdfName = "argon2id13";
constexpr const char* kCipherName = "xchacha20poly1305-ietf";

Status KeyFileError(const std::string& msg) {
  return Status::Error(codes::kMalformedInput, "key file: " + msg);
}

Result<std::string> OptionalString(const Json& file, const char* name) {
  auto it = file.find(name);
  if (it == file.end()) return std::string();
  if (!it->is_string())
    return KeyFileError(std::string("\"") + name + "\" must be a string");
  return it->get<std::string>();
}

// Fills in the verification method and controller, checking consistency.
Result<SigningKey> Complete(crypto::Ed25519PrivateKey key,
                            const std::string& public_mb, std::string id,
                            std::string controller) {
  std::string derived = EncodeEd25519PublicMultibase(key.public_key());
  if (!public_mb.empty() && public_mb != derived) {
    return KeyFileError("publicKeyMultibase does not match the secret key");
  }
  if (id.empty() && controller.empty()) {
    return SigningKeyFromDidKey(std::move(key));
  }
  if (id.empty()) id = controller + "#" + derived;
  if (controller.empty()) controller = id.substr(0, id.find('#'));
  if (controller.rfind("did:key:", 0) == 0 &&
      controller != did::DidKeyFromEd25519(key.public_key())) {
    return KeyFileError("controller is a did:key of a different key");
  }
  return SigningKey{std::move(id), std::move(controller), std::move(key)};
}

Json PublicPart(const SigningKey& key) {
  Json j = Json::object();
  j["@context"] = "https://w3id.org/security/multikey/v1";
  j["id"] = key.verification_method;
  j["type"] = "Multikey";
  j["controller"] = key.controller;
  j["publicKeyMultibase"] = EncodeEd25519PublicMultibase(key.key.public_key());
  return j;
}

std::string Aad(const Json& header) {
  Json copy = header;
  copy.erase("nonce");
  copy.erase("ciphertext");
  return JcsSerialize(copy).value();
}

Result<std::vector<std::uint8_t>> DecodeU(const Json& obj, const char* name,
                                          std::size_t size) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_string()) {
    return KeyFileError(std::string("encrypted key is missing \"") + name +
                        "\"");
  }
  auto bytes = encoding::MultibaseDecode(it->get<std::string>(),
                                         encoding::Multibase::kBase64Url);
  if (!bytes.ok())
    return KeyFileError(std::string("\"") + name +
                        "\": " + bytes.status().message());
  if (size != 0 && bytes->size() != size) {
    return KeyFileError(std::string("\"") + name + "\" has the wrong length");
  }
  return bytes;
}

Result<SigningKey> ParseEncrypted(const Json& file,
                                  const PassphraseSource& passphrase) {
  if (file.value("version", 0) != 1)
    return KeyFileError("unsupported encrypted key version");
  if (file.value("cipher", "") != kCipherName)
    return KeyFileError("unsupported cipher");
  auto kdf = file.find("kdf");
  if (kdf == file.end() || !kdf->is_object() ||
      kdf->value("algorithm", "") != kKdfName) {
    return KeyFileError("unsupported or missing key derivation (\"kdf\")");
  }
  auto ops = kdf->value("opslimit", 0ULL);
  auto mem = kdf->value("memlimit", static_cast<std::size_t>(0));
  // Bounds keep a hostile file from making us spin or allocate without end.
  constexpr unsigned long long kMaxOps = 16;
  constexpr std::size_t kMaxMem = std::size_t{4} << 30;
  if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > kMaxOps ||
      mem < crypto_pwhash_MEMLIMIT_MIN || mem > kMaxMem) {
    return KeyFileError("key derivation limits are out of range");
  }
  ANYCRED_ASSIGN_OR_RETURN(auto salt,
                           DecodeU(*kdf, "salt", crypto_pwhash_SALTBYTES));
  ANYCRED_ASSIGN_OR_RETURN(
      auto nonce,
      DecodeU(file, "nonce", crypto_aead_xchacha20poly1305_ietf_NPUBBYTES));
  ANYCRED_ASSIGN_OR_RETURN(auto ciphertext, DecodeU(file, "ciphertext", 0));
  if (ciphertext.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return KeyFileError("\"ciphertext\" is too short");
  }
  ANYCRED_ASSIGN_OR_RETURN(SecretString pass, passphrase());
  std::array<std::uint8_t, crypto_aead_xchacha20poly1305_ietf_KEYBYTES> k;
  if (crypto_pwhash(k.data(), k.size(), pass.value().data(),
                    pass.value().size(), salt.data(), ops, mem,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Error(codes::kCryptoError,
                         "key derivation ran out of memory");
  }
  std::string aad = Aad(file);
  std::string plain(
      ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plain_len = 0;
  int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(plain.data()), &plain_len, nullptr,
      ciphertext.data(), ciphertext.size(),
      reinterpret_cast<const unsigned char*>(aad.data()), aad.size(),
      nonce.data(), k.data());
  crypto::Wipe(k.data(), k.size());
  SecretString secret(std::move(plain));
  if (rc != 0) {
    return Status::Error(
        "WRONG_PASSPHRASE",
        "the passphrase is wrong, or the key file was altered");
  }
  auto key = DecodeEd25519SecretMultibase(secret.value());
  if (!key.ok()) return KeyFileError(key.status().message());
  ANYCRED_ASSIGN_OR_RETURN(std::string pub,
                           OptionalString(file, "publicKeyMultibase"));
  ANYCRED_ASSIGN_OR_RETURN(std::string id, OptionalString(file, "id"));
  ANYCRED_ASSIGN_OR_RETURN(std::string controller,
                           OptionalString(file, "controller"));
  return Complete(std::move(key).value(), pub, id, controller);
}
}  // namespace

SigningKey SigningKeyFromDidKey(crypto::Ed25519PrivateKey key) {
  std::string did = did::DidKeyFromEd25519(key.public_key());
  std::string vm = did + "#" + EncodeEd25519PublicMultibase(key.public_key());
  return SigningKey{std::move(vm), std::move(did), std::move(key)};
}

Result<SigningKey> ParseKeyFile(const Json& file,
                                const PassphraseSource& passphrase) {
  if (!file.is_object()) return KeyFileError("expected a JSON object");
  if (file.value("type", "") == kEncryptedType)
    return ParseEncrypted(file, passphrase);
  auto secret_it = file.find("secretKeyMultibase");
  if (secret_it == file.end()) {
    // Some tools call it privateKeyMultibase.
    secret_it = file.find("privateKeyMultibase");
  }
  if (secret_it == file.end()) {
    return KeyFileError(
        "no \"secretKeyMultibase\": this file has no secret key to sign with");
  }
  if (!secret_it->is_string())
    return KeyFileError("\"secretKeyMultibase\" must be a string");
  auto key = DecodeEd25519SecretMultibase(secret_it->get<std::string>());
  if (!key.ok())
    return KeyFileError("secretKeyMultibase: " + key.status().message());
  ANYCRED_ASSIGN_OR_RETURN(std::string pub,
                           OptionalString(file, "publicKeyMultibase"));
  if (!pub.empty()) {
    auto decoded = DecodeEd25519PublicMultibase(pub);
    if (!decoded.ok())
      return KeyFileError("publicKeyMultibase: " + decoded.status().message());
  }
  ANYCRED_ASSIGN_OR_RETURN(std::string id, OptionalString(file, "id"));
  ANYCRED_ASSIGN_OR_RETURN(std::string controller,
                           OptionalString(file, "controller"));
  return Complete(std::move(key).value(), pub, id, controller);
}

Result<SigningKey> ReadKeyFile(const std::string& path,
                               const PassphraseSource& passphrase) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::Error(codes::kIoError, "cannot read key file " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  auto json = ParseJson(text);
  crypto::Wipe(text.data(), text.size());
  if (!json.ok()) return json.status().WithContext("key file " + path);
  auto key = ParseKeyFile(*json, passphrase);
  if (json->contains("secretKeyMultibase")) {
    auto& s = (*json)["secretKeyMultibase"];
    if (s.is_string())
      crypto::Wipe(s.get_ref<std::string&>().data(),
                   s.get_ref<std::string&>().size());
  }
  if (!key.ok()) return key.status().WithContext(path);
  return key;
}

Json KeyFileJson(const SigningKey& key) {
  Json j = PublicPart(key);
  j["secretKeyMultibase"] = EncodeEd25519SecretMultibase(key.key);
  return j;
}

KdfLimits DefaultKdfLimits() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE,
          crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

Result<Json> EncryptedKeyFileJson(const SigningKey& key,
                                  const SecretString& passphrase,
                                  KdfLimits limits) {
  Json j = PublicPart(key);
  j["type"] = kEncryptedType;
  j["version"] = 1;
  std::array<std::uint8_t, crypto_pwhash_SALTBYTES> salt;
  randombytes_buf(salt.data(), salt.size());
  std::array<std::uint8_t, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES> nonce;
  randombytes_buf(nonce.data(), nonce.size());
  j["kdf"] = {{"algorithm", kKdfName},
              {"opslimit", limits.opslimit},
              {"memlimit", limits.memlimit},
              {"salt", encoding::MultibaseEncode(
                           encoding::Multibase::kBase64Url, salt)}};
  j["cipher"] = kCipherName;
  std::array<std::uint8_t, crypto_aead_xchacha20poly1305_ietf_KEYBYTES> k;
  if (crypto_pwhash(k.data(), k.size(), passphrase.value().data(),
                    passphrase.value().size(), salt.data(), limits.opslimit,
                    limits.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Error(codes::kCryptoError,
                         "key derivation ran out of memory");
  }
  std::string aad = Aad(j);
  SecretString secret(EncodeEd25519SecretMultibase(key.key));
  std::vector<std::uint8_t> ct(secret.value().size() +
                               crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long ct_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      ct.data(), &ct_len,
      reinterpret_cast<const unsigned char*>(secret.value().data()),
      secret.value().size(), reinterpret_cast<const unsigned char*>(aad.data()),
      aad.size(), nullptr, nonce.data(), k.data());
  crypto::Wipe(k.data(), k.size());
  ct.resize(ct_len);
  j["nonce"] =
      encoding::MultibaseEncode(encoding::Multibase::kBase64Url, nonce);
  j["ciphertext"] =
      encoding::MultibaseEncode(encoding::Multibase::kBase64Url, ct);
  return j;
}

Status WriteSecretFile(const std::string& path, const std::string& content,
                       bool overwrite) {
  if (path == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    std::fflush(stdout);
    return Status::Ok();
  }
  if (!overwrite && access(path.c_str(), F_OK) == 0) {
    return Status::Error(
        codes::kInvalidArgument,
        path + " already exists; refusing to overwrite a key file");
  }
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0) return Status::Error(codes::kIoError, "cannot create " + tmp);
  fchmod(fd, 0600);
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n <= 0) {
      close(fd);
      unlink(tmp.c_str());
      return Status::Error(codes::kIoError, "cannot write " + path);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0 ||
      rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return Status::Error(codes::kIoError, "cannot write " + path);
  }
  return Status::Ok();
}

}  // namespace anycred::keys
