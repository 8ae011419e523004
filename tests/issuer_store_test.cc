// The issuer store (SQLite): migrations, status-index reservation that is
// unique across connections, group-commit batches where one bad credential
// does not sink the others, tokens and achievements per organization.
#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "issuer/store/sqlite_store.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::issuer::store;

namespace {

std::unique_ptr<Store> Open(const std::string& path, bool create = true) {
  auto s = OpenSqliteStore(path, create);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return std::move(s).value();
}

AuditEvent Event(const std::string& org, const std::string& action) {
  return AuditEvent{0, "2026-01-01T00:00:00Z", org, "test", action, "", ""};
}

void AddOrg(Store* s, const std::string& id) {
  Organization org{
      id,    "Org " + id,           "did:key:" + id, "did:key:" + id + "#k",
      false, "2026-01-01T00:00:00Z"};
  SealedKey key{id, "key-1", "z6Mk" + id, "sealed", "2026-01-01T00:00:00Z"};
  Token token{"tok_" + id, id, std::string(32, id[0]), "2026-01-01T00:00:00Z",
              false};
  REQUIRE(
      s->CreateOrganization(org, key, token, {Event(id, "org.create")}).ok());
}

}  // namespace

TEST_CASE("store: migrations are applied once and recorded",
          "[issuer][store]") {
  testing::TempDir dir;
  std::string path = dir.File("issuer.db");
  CHECK(OpenSqliteStore(path, false).status().code() == codes::kNotFound);
  {
    auto s = Open(path);
    CHECK(s->SchemaVersion() == LatestSchemaVersion());
    AddOrg(s.get(), "a");
  }
  auto s = Open(path, false);  // reopening migrates nothing, keeps data
  CHECK(s->SchemaVersion() == LatestSchemaVersion());
  CHECK(s->GetOrganization("a").ok());
  CHECK(s->GetOrganization("zz").status().code() == codes::kNotFound);
}

TEST_CASE("store: organizations, tokens and achievements belong to one org",
          "[issuer][store]") {
  testing::TempDir dir;
  auto s = Open(dir.File("issuer.db"));
  AddOrg(s.get(), "a");
  AddOrg(s.get(), "b");
  // The same id again is refused and changes nothing.
  Organization again{"a", "x", "did:key:x", "did:key:x#k", false, "t"};
  CHECK(s->CreateOrganization(again, SealedKey{"a", "key-1", "z", "s", "t"},
                              Token{"tok_x", "a", std::string(32, 'x'), "t"},
                              {})
            .code() == kAlreadyExists);
  CHECK(s->FindToken(std::string(32, 'x')).status().code() == codes::kNotFound);
  CHECK(s->ListOrganizations()->size() == 2);

  auto t = s->FindToken(std::string(32, 'a'));
  REQUIRE(t.ok());
  CHECK(t->org_id == "a");
  CHECK(s->RevokeToken("b", "tok_a", Event("b", "token.revoke")).code() ==
        codes::kNotFound);
  CHECK(s->RevokeToken("a", "tok_a", Event("a", "token.revoke")).ok());
  CHECK(s->FindToken(std::string(32, 'a'))->revoked);

  Achievement ach{"weld", "a", "{}", "t"};
  CHECK(*s->PutAchievement(ach, Event("a", "achievement.put")) == true);
  CHECK(*s->PutAchievement(ach, Event("a", "achievement.put")) == false);
  Achievement theirs{"weld", "b", "{\"x\":1}", "t"};
  CHECK(s->PutAchievement(theirs, Event("b", "achievement.put"))
            .status()
            .code() == kConflict);
  CHECK(s->GetAchievement("weld")->json == "{}");

  auto audit = s->ListAudit("a");
  REQUIRE(audit.ok());
  CHECK(audit->size() == 4);  // create, revoke, two puts
}

TEST_CASE("store: status indices are unique across connections and random",
          "[issuer][store]") {
  testing::TempDir dir;
  std::string path = dir.File("issuer.db");
  auto s1 = Open(path);
  AddOrg(s1.get(), "a");
  auto s2 = Open(path, false);  // a second process, in effect
  std::vector<StatusSlot> r1, r2;
  std::atomic<int> failures{0};
  // No Catch2 assertion inside the threads: they are not thread-safe.
  auto reserve = [&failures](Store* store, std::vector<StatusSlot>* out) {
    for (int i = 0; i < 20; ++i) {
      auto r = store->ReserveStatusIndices("a", "revocation", 50, 131072);
      if (!r.ok()) {
        ++failures;
        continue;
      }
      out->insert(out->end(), r->begin(), r->end());
    }
  };
  std::thread t1(reserve, s1.get(), &r1);
  std::thread t2(reserve, s2.get(), &r2);
  t1.join();
  t2.join();
  CHECK(failures == 0);
  std::set<std::string> seen;
  std::uint64_t max_index = 0;
  for (const auto* v : {&r1, &r2})
    for (const auto& slot : *v) {
      CHECK(slot.index < 131072);
      max_index = std::max(max_index, slot.index);
      CHECK(
          seen.insert(slot.list_id + "#" + std::to_string(slot.index)).second);
    }
  CHECK(seen.size() == 2000);
  CHECK(max_index > 100000);  // spread over the list, not sequential
  CHECK(s1->ReserveStatusIndices("a", "other", 1, 131072).status().code() ==
        kStoreError);     // the purpose is constrained
  AddOrg(s1.get(), "c");  // lists are at least 131,072 entries long
  CHECK(s1->ReserveStatusIndices("c", "revocation", 1, 100).status().code() ==
        kStoreError);
}

TEST_CASE("store: a batch records good credentials and refuses bad ones",
          "[issuer][store]") {
  testing::TempDir dir;
  auto s = Open(dir.File("issuer.db"));
  AddOrg(s.get(), "a");
  auto slots = s->ReserveStatusIndices("a", "revocation", 3, 131072);
  REQUIRE(slots.ok());
  auto cred = [&](const std::string& id, const StatusSlot& slot) {
    IssuedCredential c;
    c.id = id;
    c.org_id = "a";
    c.issued_at = "2026-01-01T00:00:00Z";
    c.json = "{}";
    c.status = {slot};
    c.audit = Event("a", "credential.issue");
    c.audit.subject = id;
    return c;
  };
  StatusSlot unreserved{(*slots)[0].list_id, "revocation", 0};
  while (unreserved.index == (*slots)[0].index ||
         unreserved.index == (*slots)[1].index ||
         unreserved.index == (*slots)[2].index)
    ++unreserved.index;
  std::vector<IssuedCredential> batch = {
      cred("urn:1", (*slots)[0]), cred("urn:1", (*slots)[1]),  // same id
      cred("urn:2", (*slots)[0]),                              // used slot
      cred("urn:3", unreserved), cred("urn:4", (*slots)[2])};
  auto results = s->RecordCredentials(batch);
  REQUIRE(results.ok());
  REQUIRE(results->size() == 5);
  CHECK((*results)[0].ok());
  CHECK((*results)[1].code() == kAlreadyExists);
  CHECK((*results)[2].code() == kConflict);
  CHECK((*results)[3].code() == kConflict);
  CHECK((*results)[4].ok());
  auto list = s->ListCredentials("a");
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].status.size() == 1);
  // Only recorded credentials are in the audit log.
  int issues = 0;
  auto audit = s->ListAudit("a");
  REQUIRE(audit.ok());
  for (const auto& e : *audit) issues += e.action == "credential.issue";
  CHECK(issues == 2);

  // Status: set, idempotent, version bumped, cleared.
  std::string list_id = (*slots)[0].list_id;
  auto before = s->GetStatusList("a", list_id);
  REQUIRE(before.ok());
  CHECK(*s->SetCredentialStatus("a", "urn:1", "revocation", true,
                                Event("a", "status.revoke")));
  CHECK_FALSE(*s->SetCredentialStatus("a", "urn:1", "revocation", true,
                                      Event("a", "status.revoke")));
  CHECK(s->GetStatusList("a", list_id)->version == before->version + 1);
  CHECK(*s->StatusListSetIndices(list_id) ==
        std::vector<std::uint64_t>{(*slots)[0].index});
  CHECK(s->SetCredentialStatus("a", "urn:1", "suspension", true,
                               Event("a", "status.suspend"))
            .status()
            .code() == codes::kNotFound);
  CHECK(s->GetStatusList("b", list_id).status().code() == codes::kNotFound);
}
