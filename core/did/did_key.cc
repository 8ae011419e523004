#include "core/did/did_key.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace anycred::did {

namespace {
Status Invalid(const char* code, const std::string& msg) {
  return Status::Error(code, msg);
}

// True when `point` is a valid encoded point on the named curve.
bool IsValidEcPoint(const char* group, const std::vector<std::uint8_t>& point) {
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  if (bld == nullptr) return false;
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                   point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  OSSL_PARAM_BLD_free(bld);
  if (params == nullptr) return false;
  bool ok = false;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* pkey = nullptr;
  if (ctx != nullptr && EVP_PKEY_fromdata_init(ctx) == 1 &&
      EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1) {
    EVP_PKEY_CTX* check = EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr);
    ok = check != nullptr && EVP_PKEY_public_check(check) == 1;
    EVP_PKEY_CTX_free(check);
  }
  EVP_PKEY_free(pkey);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return ok;
}
}  // namespace

std::string DidKeyFromEd25519(const crypto::Ed25519PublicKey& key) {
  return "did:key:" + keys::EncodeEd25519PublicMultibase(key);
}

Result<DidKey> ParseDidKey(std::string_view did) {
  constexpr std::string_view kPrefix = "did:key:";
  if (did.substr(0, kPrefix.size()) != kPrefix) {
    return Invalid("invalidDid",
                   "not a did:key identifier (must start with \"did:key:\")");
  }
  std::string_view rest = did.substr(kPrefix.size());
  if (rest.substr(0, 2) == "1:") rest.remove_prefix(2);
  if (rest.find_first_of(":#/?") != std::string_view::npos) {
    return Invalid("invalidDid",
                   "did:key identifier has extra parts after the key");
  }
  if (rest.empty() || rest[0] != 'z') {
    return Invalid("invalidDid",
                   "did:key value must be a base58btc multibase key ('z…')");
  }
  auto pk = keys::DecodePublicKeyMultibase(rest);
  if (!pk.ok()) {
    bool length = pk.status().message().find("bytes") != std::string::npos;
    return Invalid(length ? "invalidPublicKeyLength" : "invalidDid",
                   "did:key " + pk.status().message());
  }
  if (pk->type == keys::KeyType::kP256 && !IsValidEcPoint("P-256", pk->key)) {
    return Invalid("invalidPublicKey",
                   "did:key P-256 key is not a point on the curve");
  }
  if (pk->type == keys::KeyType::kP384 && !IsValidEcPoint("P-384", pk->key)) {
    return Invalid("invalidPublicKey",
                   "did:key P-384 key is not a point on the curve");
  }
  return DidKey{std::string(did.substr(0, kPrefix.size())) + std::string(rest),
                std::string(rest), pk->type, std::move(pk->key)};
}

Json DidKeyDocument(const DidKey& key) {
  std::string vm = key.VerificationMethodId();
  Json doc = Json::object();
  doc["@context"] = Json::array({"https://www.w3.org/ns/did/v1",
                                 "https://w3id.org/security/multikey/v1"});
  doc["id"] = key.did;
  doc["verificationMethod"] =
      Json::array({Json{{"id", vm},
                        {"type", "Multikey"},
                        {"controller", key.did},
                        {"publicKeyMultibase", key.multibase}}});
  for (const char* rel : {"authentication", "assertionMethod",
                          "capabilityInvocation", "capabilityDelegation"}) {
    doc[rel] = Json::array({vm});
  }
  return doc;
}

}  // namespace anycred::did
