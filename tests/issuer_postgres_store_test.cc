// The issuer store on PostgreSQL, against a real private server
// (tests/postgres_server.h): migrations (fresh, reopened, several processes
// at once, too new), the database refusing to change the audit log or free
// a status index, the password never shown, and every case of
// tests/issuer_store_cases.h that the SQLite store passes.
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
  std::string name = "t" + std::to_string(++n);
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
  // Migration 5: only used status slots are indexed by credential.
  CHECK(Server()
            .Query(db,
                   "SELECT indexdef FROM pg_indexes WHERE indexname = "
                   "'status_slots_credential'")
            .find("WHERE (credential_id IS NOT NULL)") != std::string::npos);

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
  REQUIRE(s->ReserveStatusIndices("a", "revocation", 2, 131072).ok());
  // Even a client that bypasses the program cannot rewrite history.
  CHECK_THAT(Server().Exec(db, "UPDATE audit_log SET actor = 'x'"),
             Catch::Contains("append-only"));
  CHECK_THAT(Server().Exec(db, "DELETE FROM audit_log"),
             Catch::Contains("append-only"));
  CHECK_THAT(Server().Exec(db, "TRUNCATE audit_log"),
             Catch::Contains("append-only"));
  CHECK_THAT(Server().Exec(db, "DELETE FROM status_slots"),
             Catch::Contains("never released"));
  CHECK(Server().Query(db, "SELECT COUNT(*) FROM status_slots") == "2");
  CHECK(s->ListAudit("a")->size() == 1);
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
