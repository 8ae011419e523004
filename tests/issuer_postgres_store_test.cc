// The issuer store on PostgreSQL, against a real private server
// (tests/postgres_server.h): migrations (fresh, reopened, several processes
// at once, too new, a store of version 5 with status slots), the database
// refusing to change the audit log or free a status entry, the password
// never shown, and every case of tests/issuer_store_cases.h that the SQLite
// store passes.
#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <thread>
#include <vector>

#include "issuer/store/open_store.h"
#include "issuer/store/postgres_migrations.h"
#include "issuer/store/postgres_store.h"
#include "issuer/store/sqlite_store.h"
#include "tests/issuer_store_cases.h"
#include "tests/postgres_server.h"

using namespace anycred;
using namespace anycred::issuer::store;
namespace cases = anycred::testing::store_cases;

namespace {

// One server for the whole program (started by the first test that needs
// it, stopped at exit); a fresh database per test.
testing::PostgresServer& Server() {
  static std::unique_ptr<testing::PostgresServer> server;
  if (!server) server = std::make_unique<testing::PostgresServer>();
  return *server;
}

// A fresh database's name.
std::string NewDatabase() {
  static int n = 0;
  // (Appended, not "t" + …: GCC 12's -Wrestrict misreads that.)
  std::string name = "t";
  name += std::to_string(++n);
  Server().NewDatabase(name);
  return name;
}

std::unique_ptr<Store> Open(const std::string& url, bool create) {
  auto s = OpenPostgresStore(url, create);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return std::move(s).value();
}

}  // namespace

TEST_CASE("postgres store: migrations are applied once and recorded",
          "[issuer][store][postgres]") {
  std::string db = NewDatabase();
  std::string url = Server().Url(db);
  // An empty database is not a store unless asked to create one.
  CHECK(OpenPostgresStore(url, false).status().code() == codes::kNotFound);
  {
    auto s = Open(url, true);
    CHECK(s->SchemaVersion() == static_cast<int>(PostgresMigrations().size()));
    CHECK(s->SchemaVersion() == LatestSchemaVersion());  // same numbering
    cases::AddOrg(s.get(), "a");
  }
  auto s = Open(url, false);  // reopening migrates nothing, keeps data
  CHECK(s->GetOrganization("a").ok());
  CHECK(Server().Query(db, "SELECT COUNT(*) FROM schema_version") ==
        std::to_string(PostgresMigrations().size()));
  // Migration 6: status entries by position, indexed by credential; the
  // old slots' index is gone (the table is no longer read by credential).
  CHECK(Server().Query(db,
                       "SELECT COUNT(*) FROM pg_indexes WHERE indexname = "
                       "'status_slots_credential'") == "0");
  CHECK(Server()
            .Query(db,
                   "SELECT indexdef FROM pg_indexes WHERE indexname = "
                   "'status_entries_credential'")
            .find("(credential_id)") != std::string::npos);
  CHECK(Server().Query(db,
                       "SELECT data_type FROM information_schema.columns "
                       "WHERE table_name = 'status_lists' AND column_name = "
                       "'index_key'") == "bytea");

  // A schema newer than this program is refused, not touched.
  CHECK(Server()
            .Exec(db, "INSERT INTO schema_version (version) VALUES (99)")
            .empty());
  auto too_new = OpenPostgresStore(url, false);
  CHECK(too_new.status().code() == kSchemaTooNew);
}

TEST_CASE("postgres store: processes starting at once migrate once",
          "[issuer][store][postgres]") {
  std::string db = NewDatabase();
  std::string url = Server().Url(db);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&] {
      if (!OpenPostgresStore(url, true).ok()) ++failures;
    });
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  CHECK(Server().Query(db, "SELECT COUNT(*) FROM schema_version") ==
        std::to_string(PostgresMigrations().size()));
}

TEST_CASE("postgres store: the database keeps the audit log and indices",
          "[issuer][store][postgres]") {
  std::string db = NewDatabase();
  std::string url = Server().Url(db);
  auto s = Open(url, true);
  cases::AddOrg(s.get(), "a");
  auto slots = s->ReserveStatusIndices("a", "revocation", 2, 131072);
  REQUIRE(slots.ok());
  REQUIRE(slots->size() == 2);
  // A reservation writes no row per index: the list counts the positions
  // it handed out, under its own 16-byte key.
  CHECK(Server().Query(db, "SELECT COUNT(*) FROM status_slots") == "0");
  CHECK(Server().Query(db, "SELECT COUNT(*) FROM status_entries") == "0");
  const std::string list = (*slots)[0].list_id;
  CHECK(Server().Query(db, "SELECT reserved FROM status_lists WHERE id = '" +
                               list + "'") == "2");
  CHECK(Server().Query(db, "SELECT length(index_key) FROM status_lists") ==
        "16");
  // A credential's entry is a row of status_entries, at the position its
  // index was handed out from; its bit is the row's value.
  auto recorded =
      s->RecordCredentials({cases::Credential("a", "urn:1", {(*slots)[1]})});
  REQUIRE(recorded.ok());
  REQUIRE((*recorded)[0].ok());
  CHECK(Server().Query(db,
                       "SELECT list_id || '#' || idx || '@' || pos || '=' || "
                       "value FROM status_entries WHERE credential_id = "
                       "'urn:1'") ==
        list + "#" + std::to_string((*slots)[1].index) + "@1=0");
  // Another credential cannot take it, nor an index not handed out.
  StatusSlot unreserved = (*slots)[0];
  while (unreserved.index == (*slots)[0].index ||
         unreserved.index == (*slots)[1].index)
    unreserved.index = (unreserved.index + 1) % 131072;
  auto refused =
      s->RecordCredentials({cases::Credential("a", "urn:2", {(*slots)[1]}),
                            cases::Credential("a", "urn:3", {unreserved}),
                            cases::Credential("a", "urn:4", {(*slots)[0]})});
  REQUIRE(refused.ok());
  CHECK((*refused)[0].code() == kConflict);
  CHECK_THAT((*refused)[0].message(), Catch::Contains("is in use"));
  CHECK((*refused)[1].code() == kConflict);
  CHECK_THAT((*refused)[1].message(), Catch::Contains("was not reserved"));
  CHECK((*refused)[2].ok());
  REQUIRE(*s->SetCredentialStatus("a", "urn:1", "revocation", true,
                                  cases::Event("a", "status.revoke")));
  CHECK(Server().Query(db,
                       "SELECT value FROM status_entries WHERE credential_id "
                       "= 'urn:1'") == "1");
  // Even a client that bypasses the program cannot rewrite history.
  CHECK_THAT(Server().Exec(db, "UPDATE audit_log SET actor = 'x'"),
             Catch::Contains("append-only"));
  CHECK_THAT(Server().Exec(db, "DELETE FROM audit_log"),
             Catch::Contains("append-only"));
  CHECK_THAT(Server().Exec(db, "TRUNCATE audit_log"),
             Catch::Contains("append-only"));
  CHECK_THAT(Server().Exec(db, "DELETE FROM status_entries"),
             Catch::Contains("never released"));
  CHECK_THAT(Server().Exec(db, "TRUNCATE status_entries CASCADE"),
             Catch::Contains("never released"));
  CHECK_THAT(Server().Exec(db, "TRUNCATE status_slots CASCADE"),
             Catch::Contains("never released"));
  CHECK(Server().Query(db, "SELECT COUNT(*) FROM status_entries") == "2");
  CHECK(s->ListAudit("a")->size() == 4);  // org, 2 issued, revocation
}

TEST_CASE("postgres store: a store of schema version 5 keeps its entries",
          "[issuer][store][postgres]") {
  std::string db = NewDatabase();
  std::string url = Server().Url(db);
  // A store as the program before migration 6 left it: lists without a
  // key; revocation indices reserved as status_slots rows, two of them used
  // (one set) and two not; one suspension index, used.
  std::string sql =
      "CREATE TABLE schema_version (version INTEGER NOT NULL, applied "
      "TIMESTAMPTZ NOT NULL DEFAULT now());";
  for (int v = 1; v <= 5; ++v)
    sql += std::string(PostgresMigrations()[v - 1]) +
           ";INSERT INTO schema_version (version) VALUES (" +
           std::to_string(v) + ");";
  REQUIRE(Server().Exec(db, sql).empty());
  REQUIRE(Server()
              .Exec(db, R"sql(
INSERT INTO organizations VALUES ('a', 'Org a', 'did:key:a', 'did:key:a#k',
  FALSE, '2026-01-01T00:00:00Z');
INSERT INTO signing_keys (org_id, key_id, public_key_multibase, sealed_seed,
  created, activated) VALUES ('a', 'key-1', 'z6Mka', 'sealed',
  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO status_lists (id, org_id, purpose, size, reserved, open, created)
  VALUES ('old', 'a', 'revocation', 131072, 4, TRUE, '2026-01-01T00:00:00Z'),
  ('olds', 'a', 'suspension', 131072, 1, TRUE, '2026-01-01T00:00:01Z');
INSERT INTO credentials (id, org_id, issued_at, json, key_id) VALUES
  ('urn:old:1', 'a', '2026-01-02T00:00:00Z', '{}', 'key-1'),
  ('urn:old:2', 'a', '2026-01-03T00:00:00Z', '{}', 'key-1');
INSERT INTO status_slots (list_id, idx, credential_id, value) VALUES
  ('old', 7, 'urn:old:1', 0), ('old', 90000, 'urn:old:2', 1),
  ('old', 3, NULL, 0), ('old', 131071, NULL, 0),
  ('olds', 5, 'urn:old:1', 0);
)sql")
              .empty());
  auto s = Open(url, false);
  CHECK(s->SchemaVersion() == static_cast<int>(PostgresMigrations().size()));

  // Each credential keeps its entries: same list, index and value.
  auto one = s->GetCredential("urn:old:1");
  REQUIRE(one.ok());
  REQUIRE(one->status.size() == 2);
  CHECK(one->status[0].slot.list_id == "old");
  CHECK(one->status[0].slot.purpose == "revocation");
  CHECK(one->status[0].slot.index == 7);
  CHECK_FALSE(one->status[0].set);
  CHECK(one->status[1].slot.list_id == "olds");
  CHECK(one->status[1].slot.index == 5);
  auto two = s->GetCredential("urn:old:2");
  REQUIRE(two.ok());
  REQUIRE(two->status.size() == 1);
  CHECK(two->status[0].slot.index == 90000);
  CHECK(two->status[0].set);
  CHECK(s->ListCredentials("a")->size() == 2);
  CHECK(*s->StatusListSetIndices("old") == std::vector<std::uint64_t>{90000});
  CHECK(Server().Query(db,
                       "SELECT string_agg(pos::text, ',' ORDER BY pos) FROM "
                       "status_entries WHERE list_id = 'old'") == "-90001,-8");
  // The old lists are closed; their unused slots stay, refused for use.
  CHECK(Server().Query(db,
                       "SELECT COUNT(*) FROM status_lists WHERE open OR "
                       "index_key IS NOT NULL") == "0");
  CHECK(Server().Query(db, "SELECT COUNT(*) FROM status_slots") == "5");
  CHECK_THAT(Server().Exec(db,
                           "DELETE FROM status_slots WHERE credential_id "
                           "IS NULL"),
             Catch::Contains("never released"));
  CHECK_THAT(Server().Exec(db,
                           "DELETE FROM status_entries WHERE list_id = "
                           "'old'"),
             Catch::Contains("never released"));

  // New reservations go to a new list with a key.
  auto slots = s->ReserveStatusIndices("a", "revocation", 3, 131072);
  REQUIRE(slots.ok());
  REQUIRE(slots->size() == 3);
  for (const auto& slot : *slots) CHECK(slot.list_id != "old");
  CHECK(Server().Query(
            db, "SELECT reserved FROM status_lists WHERE id = 'old'") == "4");
  auto recorded = s->RecordCredentials(
      {cases::Credential("a", "urn:new:1",
                         {StatusSlot{"old", "revocation", 3}}),
       cases::Credential("a", "urn:new:2",
                         {StatusSlot{"old", "revocation", 7}}),
       cases::Credential("a", "urn:new:3", {(*slots)[0]})});
  REQUIRE(recorded.ok());
  CHECK((*recorded)[0].code() == kConflict);  // reserved before: unusable
  CHECK_THAT((*recorded)[0].message(), Catch::Contains("old#3"));
  CHECK_THAT((*recorded)[0].message(), Catch::Contains("was not reserved"));
  CHECK((*recorded)[1].code() == kConflict);
  CHECK((*recorded)[2].ok());

  // Setting and clearing a migrated entry.
  auto before = s->GetStatusList("a", "old");
  REQUIRE(before.ok());
  CHECK(*s->SetCredentialStatus("a", "urn:old:1", "revocation", true,
                                cases::Event("a", "status.revoke")));
  CHECK(*s->SetCredentialStatus("a", "urn:old:2", "revocation", false,
                                cases::Event("a", "status.unrevoke")));
  CHECK(*s->StatusListSetIndices("old") == std::vector<std::uint64_t>{7});
  CHECK(s->GetStatusList("a", "old")->version == before->version + 2);
  CHECK(*s->SetCredentialStatus("a", "urn:old:1", "suspension", true,
                                cases::Event("a", "status.suspend")));
  CHECK(*s->StatusListSetIndices("olds") == std::vector<std::uint64_t>{5});
  CHECK(s->GetCredential("urn:old:1")->status[0].set);
  CHECK_FALSE(s->GetCredential("urn:old:2")->status[0].set);

  // Revoking the key revokes what it signed, old entries and new alike.
  SealedKey next{"a",
                 "key-2",
                 "z6Mk2",
                 "sealed2",
                 "2026-03-01T00:00:00Z",
                 "2026-03-01T00:00:00Z"};
  REQUIRE(s->RotateSigningKey(next, "did:key:a#key-2", {}).ok());
  auto revoked = s->RevokeSigningKey(cases::Revocation("key-1", true));
  REQUIRE(revoked.ok());
  CHECK(revoked->revoked_credentials ==
        std::vector<std::string>{"urn:new:3", "urn:old:2"});
  CHECK(*s->StatusListSetIndices("old") ==
        std::vector<std::uint64_t>{7, 90000});
}

TEST_CASE("postgres store: URLs are chosen and their passwords never shown",
          "[issuer][store][postgres]") {
  CHECK(IsPostgresUrl("postgresql://u@h/db"));
  CHECK(IsPostgresUrl("postgres://u@h/db"));
  CHECK_FALSE(IsPostgresUrl("sqlite:///x"));
  CHECK(RedactStoreUrl("postgresql://alice:s3cr3t@db.example:5432/issuer") ==
        "postgresql://alice:***@db.example:5432/issuer");
  CHECK(RedactStoreUrl("postgres://h/db?user=a&password=s3cr3t&x=1") ==
        "postgres://h/db?user=a&password=***&x=1");
  CHECK(RedactStoreUrl("postgresql://alice@h/db") == "postgresql://alice@h/db");

  // Nothing listens on this port: the error names the store, not the
  // password.
  std::string url = "postgresql://alice:s3cr3t@127.0.0.1:" +
                    std::to_string(testing::FreePort()) +
                    "/issuer?connect_timeout=5";
  auto s = OpenStore(url, "/nonexistent", false);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == kStoreError);
  CHECK_THAT(s.status().message(), Catch::Contains("alice:***@127.0.0.1"));
  CHECK_THAT(s.status().message(), !Catch::Contains("s3cr3t"));
  auto bad = OpenStore("mysql://alice:s3cr3t@h/db", "/nonexistent", false);
  CHECK(bad.status().code() == codes::kInvalidArgument);
  CHECK_THAT(bad.status().message(), !Catch::Contains("s3cr3t"));

  // The default is the data folder's SQLite file.
  testing::TempDir dir;
  CHECK(OpenStore("", dir.path(), false).status().code() == codes::kNotFound);
  CHECK(OpenStore("", dir.path(), true).ok());
}

// The shared cases; each gets a fresh database.
#define POSTGRES_STORE_CASE(name, fn)                               \
  TEST_CASE("postgres store: " name, "[issuer][store][postgres]") { \
    std::string url = Server().Url(NewDatabase());                  \
    cases::fn([url](bool create) { return Open(url, create); });    \
  }

POSTGRES_STORE_CASE("organizations, tokens and achievements belong to one org",
                    OrganizationsTokensAchievements)
POSTGRES_STORE_CASE("status indices are unique across connections and random",
                    StatusIndicesUniqueAcrossConnections)
POSTGRES_STORE_CASE("a batch records good credentials and refuses bad ones",
                    GroupCommitRefusesOnlyBadCredentials)
POSTGRES_STORE_CASE("batches and awards: created once, awarded once, in order",
                    BatchesAndAwards)
POSTGRES_STORE_CASE("racing awards of one key: exactly one wins",
                    RacingAwardsOneWins)
POSTGRES_STORE_CASE("racing claimers get one use", RacingClaimersGetOneUse)
POSTGRES_STORE_CASE("key rotation and revocation", KeyRotationAndRevocation)
POSTGRES_STORE_CASE("a group commit of hundreds, one bad among them",
                    LargeGroupCommit)
POSTGRES_STORE_CASE("recording checks the token and the key again",
                    RecordingRechecksTokenAndKey)
POSTGRES_STORE_CASE("a group recorded unsynced is committed, then synced",
                    UnsyncedGroupIsCommitted)
