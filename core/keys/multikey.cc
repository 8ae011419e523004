#include "core/keys/multikey.h"

#include "core/encoding/multibase.h"

namespace anycred::keys {

using encoding::Multibase;
namespace mc = encoding::multicodec;

const char* KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kEd25519:
      return "Ed25519";
    case KeyType::kP256:
      return "P-256";
    case KeyType::kP384:
      return "P-384";
  }
  return "unknown";
}

std::string EncodeEd25519PublicMultibase(const crypto::Ed25519PublicKey& key) {
  return encoding::MultibaseEncode(
      Multibase::kBase58Btc,
      encoding::AddMulticodec(mc::kEd25519Pub, key.bytes()));
}

namespace {
Status Malformed(const std::string& what) {
  return Status::Error(codes::kMalformedInput, what);
}

Result<encoding::MulticodecValue> DecodeMultikey(std::string_view text) {
  auto bytes = encoding::MultibaseDecode(text, Multibase::kBase58Btc);
  if (!bytes.ok())
    return bytes.status().WithContext("key is not a Multikey value");
  return encoding::SplitMulticodec(*bytes);
}
}  // namespace

Result<PublicKeyMultibase> DecodePublicKeyMultibase(std::string_view text) {
  ANYCRED_ASSIGN_OR_RETURN(auto value, DecodeMultikey(text));
  auto expect = [&](KeyType type,
                    std::size_t size) -> Result<PublicKeyMultibase> {
    if (value.payload.size() != size) {
      return Malformed(std::string("a ") + KeyTypeName(type) +
                       " public key is " + std::to_string(size) +
                       " bytes, this one has " +
                       std::to_string(value.payload.size()));
    }
    return PublicKeyMultibase{type, std::move(value.payload)};
  };
  switch (value.code) {
    case mc::kEd25519Pub:
      return expect(KeyType::kEd25519, 32);
    case mc::kP256Pub:
      return expect(KeyType::kP256, 33);
    case mc::kP384Pub:
      return expect(KeyType::kP384, 49);
    case mc::kEd25519Priv:
    case mc::kP256Priv:
    case mc::kP384Priv:
      return Malformed("a secret key was given where a public key is expected");
    default: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "0x%llx",
                    static_cast<unsigned long long>(value.code));
      return Malformed(std::string("unsupported public key type (multicodec ") +
                       buf + ")");
    }
  }
}

Result<crypto::Ed25519PublicKey> DecodeEd25519PublicMultibase(
    std::string_view text) {
  ANYCRED_ASSIGN_OR_RETURN(auto pk, DecodePublicKeyMultibase(text));
  if (pk.type != KeyType::kEd25519) {
    return Malformed(std::string("expected an Ed25519 key, got a ") +
                     KeyTypeName(pk.type) + " key");
  }
  return crypto::Ed25519PublicKey::FromBytes(pk.key);
}

std::string EncodeEd25519SecretMultibase(const crypto::Ed25519PrivateKey& key) {
  auto seed = key.ExportSeed();
  auto bytes = encoding::AddMulticodec(mc::kEd25519Priv, seed);
  std::string out = encoding::MultibaseEncode(Multibase::kBase58Btc, bytes);
  crypto::Wipe(seed.data(), seed.size());
  crypto::Wipe(bytes.data(), bytes.size());
  return out;
}

Result<crypto::Ed25519PrivateKey> DecodeEd25519SecretMultibase(
    std::string_view text) {
  auto value = DecodeMultikey(text);
  if (!value.ok()) return value.status();
  struct Wiper {
    std::vector<std::uint8_t>& v;
    ~Wiper() { crypto::Wipe(v.data(), v.size()); }
  } wipe{value->payload};
  if (value->code == mc::kEd25519Pub) {
    return Malformed("a public key was given where the secret key is expected");
  }
  if (value->code != mc::kEd25519Priv) {
    return Malformed("secretKeyMultibase is not an Ed25519 secret key");
  }
  const auto& p = value->payload;
  if (p.size() != 32 && p.size() != 64) {
    return Malformed(
        "an Ed25519 secret key is a 32-byte seed (or seed and public key, 64 "
        "bytes), this one has " +
        std::to_string(p.size()) + " bytes");
  }
  auto key = crypto::Ed25519PrivateKey::FromSeed(std::span(p.data(), 32));
  if (!key.ok()) return key.status();
  if (p.size() == 64 &&
      !std::equal(p.begin() + 32, p.end(), key->public_key().bytes().begin())) {
    return Malformed("the secret key's public half does not match its seed");
  }
  return key;
}

}  // namespace anycred::keys
