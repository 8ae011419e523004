#include "issuer/service/org_keys.h"

#include <algorithm>

#include "core/util/datetime.h"
#include "issuer/service/organizations.h"

namespace anycred::issuer {

namespace {

Status CheckCanRotate(const store::Organization& org, const char* what) {
  if (org.did.rfind("did:key:", 0) == 0)
    return Status::Error(
        kKeyRotationUnsupported,
        std::string("the organization ") + org.id + " uses " + org.did +
            ", a did:key: its identifier is its key, so its key cannot be " +
            what +
            " (a new key would be a new issuer). Create an organization with "
            "--did-web to be able to rotate keys; credentials can still be "
            "revoked one by one with `anycred-issuer revoke`.");
  return Status::Ok();
}

// key-N with N one more than the highest N so far.
std::string NextKeyId(const std::vector<store::SealedKey>& keys) {
  long highest = 0;
  for (const auto& k : keys) {
    if (k.key_id.rfind("key-", 0) != 0) continue;
    const std::string digits = k.key_id.substr(4);
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    highest = std::max(highest, std::stol(digits));
  }
  return "key-" + std::to_string(highest + 1);
}

const store::SealedKey* Active(const std::vector<store::SealedKey>& keys) {
  for (const auto& k : keys)
    if (k.active()) return &k;
  return nullptr;
}

Result<store::SealedKey> Find(store::Store* store, const std::string& org_id,
                              const std::string& key_id) {
  ANYCRED_ASSIGN_OR_RETURN(auto keys, store->ListSigningKeys(org_id));
  for (auto& k : keys)
    if (k.key_id == key_id) return k;
  return Status::Error(codes::kNotFound,
                       "the organization " + org_id + " has no key " + key_id);
}

}  // namespace

std::string KeyState(const store::SealedKey& key) {
  if (!key.revoked.empty()) return "revoked";
  if (!key.retired.empty()) return "retired";
  return "active";
}

Result<RotatedKey> RotateKey(store::Store* store, const KeyVault& vault,
                             const std::string& org_id,
                             const std::string& actor) {
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org,
                           store->GetOrganization(org_id));
  ANYCRED_RETURN_IF_ERROR(CheckCanRotate(org, "rotated"));
  ANYCRED_ASSIGN_OR_RETURN(auto keys, store->ListSigningKeys(org_id));
  const store::SealedKey* old = Active(keys);
  if (old == nullptr)
    return Status::Error(codes::kNotFound,
                         "the organization " + org_id + " has no active key");
  std::string at = FormatDateTime(Now());
  ANYCRED_ASSIGN_OR_RETURN(store::SealedKey next,
                           vault.Generate(org_id, NextKeyId(keys), at));
  std::string vm = VerificationMethodFor(org.did, next);
  std::vector<store::AuditEvent> audit = {
      AuditNow(org_id, actor, "key.create", next.key_id,
               "Ed25519 signing key " + next.public_key_multibase),
      AuditNow(org_id, actor, "key.rotate", next.key_id,
               next.key_id + " is now the signing key; " + old->key_id +
                   " is retired and still verifies its credentials")};
  ANYCRED_RETURN_IF_ERROR(store->RotateSigningKey(next, vm, audit));
  RotatedKey out;
  ANYCRED_ASSIGN_OR_RETURN(out.retired, Find(store, org_id, old->key_id));
  ANYCRED_ASSIGN_OR_RETURN(out.active, Find(store, org_id, next.key_id));
  return out;
}

Result<RevokedKey> RevokeKey(store::Store* store, const KeyVault& vault,
                             const std::string& org_id, const std::string& key,
                             bool revoke_credentials,
                             const std::string& actor) {
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org,
                           store->GetOrganization(org_id));
  ANYCRED_RETURN_IF_ERROR(CheckCanRotate(org, "revoked"));
  std::string key_id = key;
  if (key_id.rfind(org.did + "#", 0) == 0)
    key_id = key_id.substr(org.did.size() + 1);
  if (key_id.empty() || key_id.find_first_of("#:/") != std::string::npos)
    return Status::Error(codes::kInvalidArgument,
                         "KEY_ID: \"" + key +
                             "\" is not a key of this organization; give its "
                             "id as `org key list` shows it, e.g. key-1");
  ANYCRED_ASSIGN_OR_RETURN(auto keys, store->ListSigningKeys(org_id));
  const store::SealedKey* target = nullptr;
  for (const auto& k : keys)
    if (k.key_id == key_id) target = &k;
  if (target == nullptr)
    return Status::Error(codes::kNotFound, "the organization " + org_id +
                                               " has no key " + key_id +
                                               " (see `org key list`)");
  store::KeyRevocation r;
  r.org_id = org_id;
  r.key_id = key_id;
  r.at = FormatDateTime(Now());
  r.actor = actor;
  r.revoke_credentials = revoke_credentials;
  if (target->active()) {
    ANYCRED_ASSIGN_OR_RETURN(store::SealedKey next,
                             vault.Generate(org_id, NextKeyId(keys), r.at));
    r.replacement_verification_method = VerificationMethodFor(org.did, next);
    r.audit.push_back(
        AuditNow(org_id, actor, "key.create", next.key_id,
                 "Ed25519 signing key " + next.public_key_multibase));
    r.audit.push_back(AuditNow(org_id, actor, "key.rotate", next.key_id,
                               next.key_id +
                                   " is now the signing key, in "
                                   "place of the revoked " +
                                   key_id));
    r.replacement = std::move(next);
  }
  if (target->revoked.empty())
    r.audit.push_back(AuditNow(
        org_id, actor, "key.revoke", key_id,
        key_id + " revoked: removed from assertionMethod" +
            (revoke_credentials ? "; the credentials it signed are revoked"
                                : "")));
  ANYCRED_ASSIGN_OR_RETURN(store::KeyRevocationResult done,
                           store->RevokeSigningKey(r));
  RevokedKey out;
  out.newly_revoked = done.newly_revoked;
  out.revoked_credentials = std::move(done.revoked_credentials);
  ANYCRED_ASSIGN_OR_RETURN(out.key, Find(store, org_id, key_id));
  if (r.replacement) {
    ANYCRED_ASSIGN_OR_RETURN(out.activated,
                             Find(store, org_id, r.replacement->key_id));
  }
  return out;
}

Json KeyHistoryJson(const store::Organization& org,
                    const std::vector<store::SealedKey>& keys) {
  Json list = Json::array();
  for (const auto& k : keys) {
    Json e = {{"id", VerificationMethodFor(org.did, k)},
              {"keyId", k.key_id},
              {"type", "Multikey"},
              {"publicKeyMultibase", k.public_key_multibase},
              {"state", KeyState(k)},
              {"activated", k.activated.empty() ? k.created : k.activated}};
    if (!k.retired.empty()) e["retired"] = k.retired;
    if (!k.revoked.empty()) e["revoked"] = k.revoked;
    list.push_back(std::move(e));
  }
  return Json{{"id", org.did}, {"keys", std::move(list)}};
}

Json DidDocument(const store::Organization& org,
                 const std::vector<store::SealedKey>& keys) {
  Json doc = Json::object();
  doc["@context"] = Json::array({"https://www.w3.org/ns/did/v1",
                                 "https://w3id.org/security/multikey/v1"});
  doc["id"] = org.did;
  Json methods = Json::array();
  Json assertion = Json::array();
  Json authentication = Json::array();
  // Newest first: the active key leads.
  for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
    std::string vm = VerificationMethodFor(org.did, *it);
    Json m = {{"id", vm},
              {"type", "Multikey"},
              {"controller", org.did},
              {"publicKeyMultibase", it->public_key_multibase}};
    if (!it->revoked.empty()) {
      m["revoked"] = it->revoked;
    } else {
      assertion.push_back(vm);
      if (it->active()) authentication.push_back(vm);
    }
    methods.push_back(std::move(m));
  }
  doc["verificationMethod"] = std::move(methods);
  doc["assertionMethod"] = std::move(assertion);
  doc["authentication"] = std::move(authentication);
  return doc;
}

}  // namespace anycred::issuer
