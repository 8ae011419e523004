// anycred-issuer org key rotate | revoke | list: an organization's signing
// keys and their history (issuer/service/org_keys.h, specs/cli.md).
#include <iostream>
#include <memory>

#include "issuer/cli.h"
#include "issuer/service/master_key.h"
#include "issuer/service/org_keys.h"
#include "issuer/service/organizations.h"
#include "issuer/service/sealed_key_vault.h"
#include "issuer/store/open_store.h"

namespace anycred::issuer {

namespace {

struct KeyArgs {
  std::string data = "anycred-data";
  std::string store;  // --store URL; "" = SQLite in the data folder
  std::string org, key;
  bool json = false, revoke_credentials = false;
  CLI::App *rotate = nullptr, *revoke = nullptr, *list = nullptr;
};

int Fail(const Status& st) {
  std::cerr << "error: " << st.message() << "\n";
  const std::string& c = st.code();
  if (c == codes::kNotFound || c == kKeyRotationUnsupported ||
      c == store::kConflict)
    return kExitRefused;
  return kExitUsage;
}

std::string Period(const Json& e) {
  std::string out = "active from " + e["activated"].get<std::string>();
  if (e.contains("retired")) out += " to " + e["retired"].get<std::string>();
  if (e.contains("revoked"))
    out += ", revoked " + e["revoked"].get<std::string>();
  return out;
}

// The history entry of `key`.
Json Entry(const store::Organization& org, const store::SealedKey& key) {
  return KeyHistoryJson(org, {key})["keys"][0];
}

int RunKeys(const KeyArgs& a) {
  auto opened = store::OpenStore(a.store, a.data, false);
  if (!opened.ok()) return Fail(opened.status());
  store::Store* s = opened->get();
  auto org = s->GetOrganization(a.org);
  if (!org.ok())
    return Fail(Status::Error(codes::kNotFound,
                              "--org: there is no organization \"" + a.org +
                                  "\" (see `anycred-issuer org list`)"));
  if (a.list->parsed()) {
    auto keys = s->ListSigningKeys(a.org);
    if (!keys.ok()) return Fail(keys.status());
    Json history = KeyHistoryJson(*org, *keys);
    if (a.json) {
      std::cout << DumpJson(history, true) << "\n";
      return kExitOk;
    }
    std::cout << "Signing keys of " << org->id << " (" << org->did << "):\n";
    for (const auto& e : history["keys"])
      std::cout << "  " << e["keyId"].get<std::string>() << "\t"
                << e["state"].get<std::string>() << "\t" << Period(e) << "\t"
                << e["publicKeyMultibase"].get<std::string>() << "\n";
    return kExitOk;
  }
  auto mk = MasterKey::Load(a.data, s);
  if (!mk.ok()) return Fail(mk.status());
  SealedKeyVault vault(std::move(*mk));
  if (a.rotate->parsed()) {
    auto r = RotateKey(s, vault, a.org, CliActor());
    if (!r.ok()) return Fail(r.status());
    Json retired = Entry(*org, r->retired);
    Json active = Entry(*org, r->active);
    if (a.json) {
      std::cout << DumpJson(Json{{"org", org->id},
                                 {"did", org->did},
                                 {"active", active},
                                 {"retired", retired}})
                << "\n";
      return kExitOk;
    }
    std::cout << "Rotated the signing key of " << org->id << ".\n"
              << "Now signing with " << active["id"].get<std::string>() << ".\n"
              << "Retired " << retired["keyId"].get<std::string>() << " ("
              << Period(retired)
              << "): it stays in the DID document, so the credentials it "
                 "signed keep verifying.\n";
    return kExitOk;
  }
  if (a.revoke->parsed()) {
    auto r =
        RevokeKey(s, vault, a.org, a.key, a.revoke_credentials, CliActor());
    if (!r.ok()) return Fail(r.status());
    Json key = Entry(*org, r->key);
    if (a.json) {
      Json out = {{"org", org->id},
                  {"did", org->did},
                  {"key", key},
                  {"alreadyRevoked", !r->newly_revoked},
                  {"revokedCredentials", r->revoked_credentials}};
      if (r->activated) out["active"] = Entry(*org, *r->activated);
      std::cout << DumpJson(out) << "\n";
      return kExitOk;
    }
    const std::string id = key["keyId"].get<std::string>();
    if (r->newly_revoked)
      std::cout << "Revoked the key " << id << " of " << org->id
                << ": it is no longer in the DID document's assertionMethod, "
                   "so verifiers refuse the credentials it signed.\n";
    else
      std::cout << "The key " << id << " was revoked already ("
                << key["revoked"].get<std::string>() << ").\n";
    if (r->activated)
      std::cout << "It was the signing key: " << r->activated->key_id
                << " now signs in its place.\n";
    if (a.revoke_credentials)
      std::cout << "Revoked " << r->revoked_credentials.size()
                << " credential(s) it signed (status list bits set).\n";
    else
      std::cout << "To also mark the credentials it signed REVOKED in the "
                   "status list, add --revoke-credentials.\n";
    return kExitOk;
  }
  return kExitUsage;
}

}  // namespace

OrgKeyCommand RegisterOrgKey(CLI::App& org) {
  auto a = std::make_shared<KeyArgs>();
  CLI::App* key = org.add_subcommand(
      "key", "Rotate, revoke and list an organization's signing keys");
  key->require_subcommand(1);
  a->rotate = key->add_subcommand(
      "rotate",
      "Make a new signing key active; the old one stays in the DID document "
      "so its credentials keep verifying (did:web organizations)");
  a->revoke = key->add_subcommand(
      "revoke",
      "Withdraw a compromised key from assertionMethod (a new key takes its "
      "place if it was active); optionally revoke its credentials");
  a->list = key->add_subcommand(
      "list", "Show the key history: each key's active period and state");
  for (CLI::App* cmd : {a->rotate, a->revoke, a->list}) {
    AddStoreOptions(cmd, &a->data, &a->store);
    cmd->add_option("--org", a->org, "The organization")->required();
    cmd->add_flag("--json", a->json, "Print JSON");
  }
  a->revoke
      ->add_option("key_id", a->key,
                   "The key to revoke, as `org key list` shows it (key-1) or "
                   "its verification method (DID#key-1)")
      ->required();
  a->revoke->add_flag("--revoke-credentials", a->revoke_credentials,
                      "Also revoke every credential the key signed (status "
                      "list bits set, one audit entry each)");
  return {key, [a] { return RunKeys(*a); }};
}

}  // namespace anycred::issuer
