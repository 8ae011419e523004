#include "issuer/service/sealed_key_vault.h"

#include "core/keys/multikey.h"

namespace anycred::issuer {

namespace {

std::string Aad(const std::string& org_id, const std::string& key_id) {
  return org_id + '\0' + key_id;
}

class InMemorySigner : public Signer {
 public:
  InMemorySigner(std::string key_id, std::string verification_method,
                 crypto::Ed25519PrivateKey key)
      : key_id_(std::move(key_id)),
        verification_method_(std::move(verification_method)),
        key_(std::move(key)) {}

  const std::string& key_id() const override { return key_id_; }
  const std::string& verification_method() const override {
    return verification_method_;
  }
  const crypto::Ed25519PublicKey& public_key() const override {
    return key_.public_key();
  }
  Result<crypto::Ed25519Signature> SignMessage(
      std::string_view message) const override {
    return key_.Sign(message);
  }

 private:
  std::string key_id_;
  std::string verification_method_;
  crypto::Ed25519PrivateKey key_;  // wipes itself
};

}  // namespace

Result<store::SealedKey> SealedKeyVault::Generate(const std::string& org_id,
                                                  const std::string& key_id,
                                                  const std::string& at) const {
  auto key = crypto::Ed25519PrivateKey::Generate();
  auto seed = key.ExportSeed();
  store::SealedKey out;
  out.org_id = org_id;
  out.key_id = key_id;
  out.public_key_multibase =
      keys::EncodeEd25519PublicMultibase(key.public_key());
  out.sealed_seed = master_.Seal(
      std::string(reinterpret_cast<const char*>(seed.data()), seed.size()),
      Aad(org_id, key_id));
  crypto::Wipe(seed.data(), seed.size());
  out.created = at;
  out.activated = at;
  return out;
}

Result<std::unique_ptr<Signer>> SealedKeyVault::Open(
    const store::SealedKey& key, const std::string& verification_method) const {
  ANYCRED_ASSIGN_OR_RETURN(
      std::string seed,
      master_.Open(key.sealed_seed, Aad(key.org_id, key.key_id)));
  auto opened =
      crypto::Ed25519PrivateKey::FromSeed(std::span<const std::uint8_t>(
          reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()));
  crypto::Wipe(seed.data(), seed.size());
  if (!opened.ok()) return opened.status();
  if (keys::EncodeEd25519PublicMultibase(opened->public_key()) !=
      key.public_key_multibase)
    return Status::Error(kWrongMasterKey, "the sealed key " + key.key_id +
                                              " of " + key.org_id +
                                              " does not match its public key");
  return std::unique_ptr<Signer>(std::make_unique<InMemorySigner>(
      key.key_id, verification_method, std::move(*opened)));
}

}  // namespace anycred::issuer
