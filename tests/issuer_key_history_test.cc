// Key rotation with history, below the command line: the store's key
// history (migration, one active key, rotation and revocation in one
// transaction, credentials revoked with their key), the signer interface
// (sealed keys, and a vault of the test's own that the service signs
// through), and the service's DID document and key history.
#include <atomic>
#include <catch2/catch.hpp>
#include <set>

#include "core/did/resolver.h"
#include "core/keys/multikey.h"
#include "core/proof/data_integrity.h"
#include "issuer/service/issuer_service.h"
#include "issuer/service/master_key.h"
#include "issuer/service/org_keys.h"
#include "issuer/service/organizations.h"
#include "issuer/service/sealed_key_vault.h"
#include "issuer/store/sqlite_migrations.h"
#include "issuer/store/sqlite_store.h"
#include "tests/sqlite_test_util.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::issuer;

namespace {

std::unique_ptr<store::Store> Open(const std::string& path) {
  auto s = store::OpenSqliteStore(path, true);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return std::move(s).value();
}

store::AuditEvent Event(const std::string& org, const std::string& action) {
  return store::AuditEvent{0, "2026-01-01T00:00:00Z", org, "test", action, "",
                           ""};
}

store::SealedKey Key(const std::string& org, const std::string& id,
                     const std::string& at) {
  store::SealedKey k{org, id, "z6Mk" + id, "sealed-" + id, at};
  k.activated = at;
  return k;
}

void AddOrg(store::Store* s, const std::string& id) {
  store::Organization org{id,
                          "Org " + id,
                          "did:web:example.com:" + id,
                          "did:web:example.com:" + id + "#key-1",
                          false,
                          "2026-01-01T00:00:00Z"};
  store::Token token{"tok_" + id, id, std::string(32, id[0]),
                     "2026-01-01T00:00:00Z", false};
  REQUIRE(s->CreateOrganization(org, Key(id, "key-1", "2026-01-01T00:00:00Z"),
                                token, {Event(id, "org.create")})
              .ok());
}

// Records a credential signed by `key_id` with one revocation entry.
void Record(store::Store* s, const std::string& org, const std::string& id,
            const std::string& key_id) {
  auto slots = s->ReserveStatusIndices(org, "revocation", 1, 131072);
  REQUIRE(slots.ok());
  store::IssuedCredential c;
  c.id = id;
  c.org_id = org;
  c.issued_at = "2026-02-01T00:00:00Z";
  c.json = "{}";
  c.key_id = key_id;
  c.status = *slots;
  c.audit = Event(org, "credential.issue");
  auto r = s->RecordCredentials({c});
  REQUIRE(r.ok());
  REQUIRE((*r)[0].ok());
}

bool Revoked(store::Store* s, const std::string& id) {
  auto rec = s->GetCredential(id);
  REQUIRE(rec.ok());
  for (const auto& e : rec->status)
    if (e.slot.purpose == "revocation") return e.set;
  FAIL("no revocation entry");
  return false;
}

std::vector<std::string> Strings(const Json& array) {
  std::vector<std::string> out;
  for (const auto& v : array) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("store: rotation keeps one active key and the old one's period",
          "[issuer][store][keys]") {
  testing::TempDir dir;
  auto s = Open(dir.File("issuer.db"));
  AddOrg(s.get(), "a");
  AddOrg(s.get(), "b");
  auto first = s->GetSigningKey("a");
  REQUIRE(first.ok());
  CHECK(first->key_id == "key-1");
  CHECK(first->activated == "2026-01-01T00:00:00Z");
  CHECK(first->active());

  REQUIRE(s->RotateSigningKey(Key("a", "key-2", "2026-03-01T00:00:00Z"),
                              "did:web:example.com:a#key-2",
                              {Event("a", "key.rotate")})
              .ok());
  auto active = s->GetSigningKey("a");
  REQUIRE(active.ok());
  CHECK(active->key_id == "key-2");
  CHECK(active->sealed_seed == "sealed-key-2");
  CHECK(s->GetOrganization("a")->verification_method ==
        "did:web:example.com:a#key-2");
  auto keys = s->ListSigningKeys("a");
  REQUIRE(keys.ok());
  REQUIRE(keys->size() == 2);
  CHECK((*keys)[0].key_id == "key-1");
  CHECK((*keys)[0].retired == "2026-03-01T00:00:00Z");
  CHECK((*keys)[0].revoked.empty());
  CHECK_FALSE((*keys)[0].active());
  CHECK((*keys)[1].active());
  // The other organization is untouched.
  CHECK(s->GetSigningKey("b")->key_id == "key-1");
  CHECK(s->ListSigningKeys("b")->size() == 1);

  // A key id taken (a concurrent rotation) is refused and changes nothing.
  CHECK(s->RotateSigningKey(Key("a", "key-2", "2026-04-01T00:00:00Z"),
                            "did:web:example.com:a#key-2", {})
            .code() == store::kConflict);
  CHECK(s->GetSigningKey("a")->activated == "2026-03-01T00:00:00Z");
  CHECK(s->ListSigningKeys("a")->size() == 2);
  CHECK(s->RotateSigningKey(Key("zz", "key-2", "2026-04-01T00:00:00Z"), "x", {})
            .code() == codes::kNotFound);
  int rotations = 0;
  auto audit = s->ListAudit("a");
  REQUIRE(audit.ok());
  for (const auto& e : *audit) rotations += e.action == "key.rotate";
  CHECK(rotations == 1);
}

TEST_CASE("store: revoking a key revokes what it signed, in one step",
          "[issuer][store][keys]") {
  testing::TempDir dir;
  auto s = Open(dir.File("issuer.db"));
  AddOrg(s.get(), "a");
  Record(s.get(), "a", "urn:one", "key-1");
  Record(s.get(), "a", "urn:two", "key-1");
  REQUIRE(s->RotateSigningKey(Key("a", "key-2", "2026-03-01T00:00:00Z"),
                              "did:web:example.com:a#key-2", {})
              .ok());
  Record(s.get(), "a", "urn:three", "key-2");
  CHECK(s->GetCredential("urn:one")->key_id == "key-1");
  CHECK(s->GetCredential("urn:three")->key_id == "key-2");

  // The active key cannot be revoked without a key to take its place.
  store::KeyRevocation active;
  active.org_id = "a";
  active.key_id = "key-2";
  active.at = "2026-04-01T00:00:00Z";
  CHECK(s->RevokeSigningKey(active).status().code() == codes::kInvalidArgument);
  CHECK(s->GetSigningKey("a")->key_id == "key-2");

  store::KeyRevocation r;
  r.org_id = "a";
  r.key_id = "key-1";
  r.at = "2026-04-01T00:00:00Z";
  r.actor = "test";
  r.revoke_credentials = true;
  r.audit = {Event("a", "key.revoke")};
  std::string list_id = s->GetCredential("urn:one")->status[0].slot.list_id;
  std::int64_t version = s->GetStatusList("a", list_id)->version;
  auto done = s->RevokeSigningKey(r);
  REQUIRE(done.ok());
  CHECK(done->newly_revoked);
  CHECK(std::set<std::string>(done->revoked_credentials.begin(),
                              done->revoked_credentials.end()) ==
        std::set<std::string>{"urn:one", "urn:two"});
  CHECK(Revoked(s.get(), "urn:one"));
  CHECK(Revoked(s.get(), "urn:two"));
  CHECK_FALSE(Revoked(s.get(), "urn:three"));
  CHECK(s->GetStatusList("a", list_id)->version > version);
  auto keys = s->ListSigningKeys("a");
  CHECK((*keys)[0].revoked == "2026-04-01T00:00:00Z");
  CHECK((*keys)[0].retired == "2026-03-01T00:00:00Z");  // kept
  CHECK(s->GetSigningKey("a")->key_id == "key-2");
  std::set<std::string> audited;
  int key_revokes = 0;
  auto audit = s->ListAudit("a");
  REQUIRE(audit.ok());
  for (const auto& e : *audit) {
    if (e.action == "status.revoke") audited.insert(e.subject);
    key_revokes += e.action == "key.revoke";
  }
  CHECK(audited == std::set<std::string>{"urn:one", "urn:two"});
  CHECK(key_revokes == 1);

  // Again: nothing left to do; the revocation time stays.
  r.at = "2026-05-01T00:00:00Z";
  r.audit.clear();
  auto again = s->RevokeSigningKey(r);
  REQUIRE(again.ok());
  CHECK_FALSE(again->newly_revoked);
  CHECK(again->revoked_credentials.empty());
  CHECK(s->ListSigningKeys("a")->front().revoked == "2026-04-01T00:00:00Z");

  r.key_id = "key-9";
  CHECK(s->RevokeSigningKey(r).status().code() == codes::kNotFound);

  // The active key with a replacement: the replacement is active after.
  active.replacement = Key("a", "key-3", active.at);
  active.replacement_verification_method = "did:web:example.com:a#key-3";
  auto replaced = s->RevokeSigningKey(active);
  REQUIRE(replaced.ok());
  CHECK(replaced->revoked_credentials.empty());  // not asked
  CHECK_FALSE(Revoked(s.get(), "urn:three"));
  CHECK(s->GetSigningKey("a")->key_id == "key-3");
  keys = s->ListSigningKeys("a");
  REQUIRE(keys->size() == 3);
  CHECK((*keys)[1].revoked == "2026-04-01T00:00:00Z");
  CHECK((*keys)[1].retired == "2026-04-01T00:00:00Z");
}

TEST_CASE("store: the key-history migration keeps existing keys working",
          "[issuer][store][keys]") {
  testing::TempDir dir;
  std::string path = dir.File("issuer.db");
  {
    // A store written by the previous schema version.
    std::string sql =
        std::string(
            "CREATE TABLE schema_version(version INTEGER NOT NULL, applied "
            "TEXT NOT NULL DEFAULT 'x');") +
        store::SqliteMigrations()[0] +
        "INSERT INTO schema_version(version) VALUES (1);"
        "INSERT INTO organizations VALUES ('a', 'A', 'did:web:e.com', "
        "'did:web:e.com#key-1', 0, '2025-01-01T00:00:00Z');"
        "INSERT INTO signing_keys VALUES ('a', 'key-1', 'z6MkA', 'sealed', "
        "'2025-01-01T00:00:00Z');"
        "INSERT INTO credentials VALUES ('urn:old', 'a', NULL, "
        "'2025-02-01T00:00:00Z', '{}');";
    REQUIRE(testing::ExecSqlite(path, sql) == "");
  }
  auto s = Open(path);
  CHECK(s->SchemaVersion() == store::LatestSchemaVersion());
  auto key = s->GetSigningKey("a");
  REQUIRE(key.ok());
  CHECK(key->activated == "2025-01-01T00:00:00Z");
  CHECK(key->active());
  CHECK(s->GetCredential("urn:old")->key_id == "key-1");
}

TEST_CASE("sealed key vault: keys open only under their master key and owner",
          "[issuer][keys]") {
  testing::TempDir dir;
  auto s = Open(dir.File("issuer.db"));
  auto mk = MasterKey::Create(dir.path(), s.get());
  REQUIRE(mk.ok());
  SealedKeyVault vault(std::move(*mk));
  auto key = vault.Generate("a", "key-1", "2026-01-01T00:00:00Z");
  REQUIRE(key.ok());
  CHECK(key->activated == "2026-01-01T00:00:00Z");
  CHECK(key->sealed_seed.size() == 24 + 32 + 16);
  auto signer = vault.Open(*key, "did:web:e.com#key-1");
  REQUIRE(signer.ok());
  CHECK((*signer)->key_id() == "key-1");
  CHECK((*signer)->verification_method() == "did:web:e.com#key-1");
  CHECK(keys::EncodeEd25519PublicMultibase((*signer)->public_key()) ==
        key->public_key_multibase);
  auto sig = (*signer)->SignMessage("hello");
  REQUIRE(sig.ok());
  CHECK((*signer)->public_key().Verify("hello", *sig));
  CHECK_FALSE((*signer)->public_key().Verify("hellO", *sig));

  // Moved to another organization or key id: does not open.
  store::SealedKey moved = *key;
  moved.org_id = "b";
  CHECK(vault.Open(moved, "x").status().code() == kWrongMasterKey);
  moved = *key;
  moved.key_id = "key-2";
  CHECK(vault.Open(moved, "x").status().code() == kWrongMasterKey);
  // A public key that does not belong to the seed is refused.
  moved = *key;
  moved.public_key_multibase =
      vault.Generate("a", "key-1", "t")->public_key_multibase;
  CHECK(vault.Open(moved, "x").status().code() == kWrongMasterKey);
}

namespace {

// A key vault of the test's own, standing in for a hardware module: it
// wraps the sealed keys and counts every signature it makes.
class CountingVault : public KeyVault {
 public:
  explicit CountingVault(SealedKeyVault inner) : inner_(std::move(inner)) {}
  Result<store::SealedKey> Generate(const std::string& org,
                                    const std::string& id,
                                    const std::string& at) const override {
    return inner_.Generate(org, id, at);
  }
  Result<std::unique_ptr<Signer>> Open(const store::SealedKey& key,
                                       const std::string& vm) const override {
    ANYCRED_ASSIGN_OR_RETURN(auto inner, inner_.Open(key, vm));
    return std::unique_ptr<Signer>(
        std::make_unique<Counting>(std::move(inner), &signatures));
  }
  mutable std::atomic<int> signatures{0};

 private:
  class Counting : public Signer {
   public:
    Counting(std::unique_ptr<Signer> inner, std::atomic<int>* count)
        : inner_(std::move(inner)), count_(count) {}
    const std::string& key_id() const override { return inner_->key_id(); }
    const std::string& verification_method() const override {
      return inner_->verification_method();
    }
    const crypto::Ed25519PublicKey& public_key() const override {
      return inner_->public_key();
    }
    Result<crypto::Ed25519Signature> SignMessage(
        std::string_view message) const override {
      ++*count_;
      return inner_->SignMessage(message);
    }

   private:
    std::unique_ptr<Signer> inner_;
    std::atomic<int>* count_;
  };
  SealedKeyVault inner_;
};

// The proof checks only (status lists are not served in process), with
// `did_document` standing in for did:web resolution.
proof::ProofsResult CheckProof(const Json& vc, const std::string& did,
                               const Json& did_document) {
  did::StaticDocumentSource docs;
  docs.Add(*did::DidWebToUrl(did), did_document);
  did::Resolver resolver(&docs);
  proof::VerifyProofOptions options;
  options.resolver = &resolver;
  options.now = Now();
  return proof::VerifyProofs(vc, options);
}

}  // namespace

TEST_CASE("service: rotate and revoke through the signer interface",
          "[issuer][service][keys]") {
  testing::TempDir dir;
  auto s = Open(dir.File("issuer.db"));
  auto mk = MasterKey::Create(dir.path(), s.get());
  REQUIRE(mk.ok());
  auto owned = std::make_unique<CountingVault>(SealedKeyVault(std::move(*mk)));
  CountingVault* vault = owned.get();
  ServiceOptions options;
  options.reserve_block = 4;
  IssuerService service(s.get(), std::move(owned), options);

  auto web = CreateOrganization(
      s.get(), *vault, {"Riverside College", "example.com:riverside", false},
      "test");
  REQUIRE(web.ok());
  const store::Organization& org = web->org;
  Principal who{org.id, web->token.id};

  auto first =
      service.Issue(who, testing::ExampleBadgeFor(org.did), Json::object());
  REQUIRE(first.ok());
  CHECK(vault->signatures.load() == 1);
  CHECK(first->credential["proof"]["verificationMethod"] == org.did + "#key-1");
  // The text is the credential's serialization and the bytes stored.
  CHECK(first->text == DumpJson(first->credential));
  CHECK(s->GetCredential(first->credential["id"])->json == first->text);

  auto rotated = RotateKey(s.get(), *vault, org.id, "test");
  REQUIRE(rotated.ok());
  CHECK(rotated->active.key_id == "key-2");
  CHECK(rotated->retired.key_id == "key-1");
  CHECK(rotated->retired.retired == rotated->active.activated);

  // The running service notices the rotation as it records its next
  // credential: signed with key-1 from its cache, refused by the store
  // (key-1 is no longer active), signed again with key-2.
  auto second =
      service.Issue(who, testing::ExampleBadgeFor(org.did), Json::object());
  REQUIRE(second.ok());
  CHECK(vault->signatures.load() == 3);
  CHECK(second->credential["proof"]["verificationMethod"] ==
        org.did + "#key-2");
  CHECK(s->GetCredential(second->credential["id"])->key_id == "key-2");

  auto doc = service.DidDocumentFor("riverside", "example.com");
  REQUIRE(doc.ok());
  INFO(DumpJson(*doc, true));
  CHECK(Strings((*doc)["assertionMethod"]) ==
        std::vector<std::string>{org.did + "#key-2", org.did + "#key-1"});
  CHECK(Strings((*doc)["authentication"]) ==
        std::vector<std::string>{org.did + "#key-2"});
  CHECK((*doc)["verificationMethod"].size() == 2);
  CHECK(CheckProof(first->credential, org.did, *doc).verified);
  CHECK(CheckProof(second->credential, org.did, *doc).verified);

  auto history = service.KeyHistoryFor("riverside", "example.com");
  REQUIRE(history.ok());
  CHECK((*history)["id"] == org.did);
  REQUIRE((*history)["keys"].size() == 2);
  const Json& k1 = (*history)["keys"][0];
  CHECK(k1["id"] == org.did + "#key-1");
  CHECK(k1["state"] == "retired");
  // key-1 signed the first credential while it was active.
  std::string created = first->credential["proof"]["created"];
  CHECK(k1["activated"].get<std::string>() <= created);
  CHECK(created <= k1["retired"].get<std::string>());
  CHECK((*history)["keys"][1]["state"] == "active");
  CHECK_FALSE((*history)["keys"][1].contains("retired"));

  // Revoke key-1 and what it signed.
  auto revoked =
      RevokeKey(s.get(), *vault, org.id, org.did + "#key-1", true, "test");
  REQUIRE(revoked.ok());
  CHECK(revoked->newly_revoked);
  CHECK_FALSE(revoked->activated.has_value());
  CHECK(revoked->revoked_credentials ==
        std::vector<std::string>{first->credential["id"].get<std::string>()});
  doc = service.DidDocumentFor("riverside", "example.com");
  REQUIRE(doc.ok());
  CHECK(Strings((*doc)["assertionMethod"]) ==
        std::vector<std::string>{org.did + "#key-2"});
  CHECK((*doc)["verificationMethod"][1]["revoked"] == revoked->key.revoked);
  auto refused = CheckProof(first->credential, org.did, *doc);
  CHECK_FALSE(refused.verified);
  CHECK(CheckProof(second->credential, org.did, *doc).verified);
  auto rec = s->GetCredential(first->credential["id"]);
  REQUIRE(rec.ok());
  CHECK(rec->status[0].set);

  // Revoking the active key puts a new one in its place.
  auto again = RevokeKey(s.get(), *vault, org.id, "key-2", false, "test");
  REQUIRE(again.ok());
  REQUIRE(again->activated.has_value());
  CHECK(again->activated->key_id == "key-3");
  auto third =
      service.Issue(who, testing::ExampleBadgeFor(org.did), Json::object());
  REQUIRE(third.ok());
  CHECK(third->credential["proof"]["verificationMethod"] == org.did + "#key-3");
  doc = service.DidDocumentFor("riverside", "example.com");
  CHECK(CheckProof(third->credential, org.did, *doc).verified);
  CHECK_FALSE(CheckProof(second->credential, org.did, *doc).verified);

  // Bad key ids and unknown organizations.
  CHECK(
      RevokeKey(s.get(), *vault, org.id, "key-7", false, "t").status().code() ==
      codes::kNotFound);
  CHECK(RevokeKey(s.get(), *vault, org.id, "did:web:other.example#key-1", false,
                  "t")
            .status()
            .code() == codes::kInvalidArgument);
  CHECK(RotateKey(s.get(), *vault, "nobody", "t").status().code() ==
        codes::kNotFound);

  std::vector<std::string> actions;
  auto audit = s->ListAudit(org.id);
  REQUIRE(audit.ok());
  for (const auto& e : *audit)
    if (e.action.rfind("key.", 0) == 0) actions.push_back(e.action);
  CHECK(actions == std::vector<std::string>{
                       "key.create", "key.create", "key.rotate", "key.revoke",
                       "key.create", "key.rotate", "key.revoke"});
}

TEST_CASE("service: a did:key organization cannot rotate, and says why",
          "[issuer][service][keys]") {
  testing::TempDir dir;
  auto s = Open(dir.File("issuer.db"));
  auto mk = MasterKey::Create(dir.path(), s.get());
  REQUIRE(mk.ok());
  SealedKeyVault vault(std::move(*mk));
  auto org =
      CreateOrganization(s.get(), vault, {"Pipefitters", "", false}, "t");
  REQUIRE(org.ok());
  CHECK(org->org.verification_method ==
        org->org.did + "#" + org->org.did.substr(8));
  auto r = RotateKey(s.get(), vault, org->org.id, "t");
  CHECK(r.status().code() == kKeyRotationUnsupported);
  CHECK(r.status().message().find("--did-web") != std::string::npos);
  CHECK(RevokeKey(s.get(), vault, org->org.id, "key-1", true, "t")
            .status()
            .code() == kKeyRotationUnsupported);
  CHECK(s->ListSigningKeys(org->org.id)->size() == 1);
}
