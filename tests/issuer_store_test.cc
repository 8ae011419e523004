// The issuer store (SQLite): migrations here; the behaviour every store
// shares (tests/issuer_store_cases.h, also run against PostgreSQL):
// status-index reservation that is unique across connections, group-commit
// batches where one bad credential does not sink the others, tokens and
// achievements per organization, batches and awards, claims, key history.
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "issuer/store/sqlite_store.h"
#include "tests/issuer_store_cases.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::issuer::store;

namespace {

std::unique_ptr<Store> Open(const std::string& path, bool create = true,
                            const SqliteOptions& options = {}) {
  auto s = OpenSqliteStore(path, create, options);
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

// A new store file with organization "a" and `n` of its revocation
// slots reserved.
struct OrgStore {
  explicit OrgStore(std::size_t n, const SqliteOptions& options = {})
      : path(dir.File("issuer.db")), s(Open(path, true, options)) {
    AddOrg(s.get(), "a");
    auto reserved = s->ReserveStatusIndices("a", "revocation", n, 131072);
    REQUIRE(reserved.ok());
    slots = std::move(*reserved);
  }
  testing::TempDir dir;
  std::string path;
  std::unique_ptr<Store> s;
  std::vector<StatusSlot> slots;
};

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

// Migration 5: reserved slots (no credential yet) are not in the index
// from credentials to their slots; lookups by credential still use it.
TEST_CASE("store (SQLite): only used status slots are indexed by credential",
          "[issuer][store]") {
  OrgStore fresh(50);
  auto& [dir, path, s, slots] = fresh;
  std::vector<IssuedCredential> batch;
  for (int i = 0; i < 20; ++i)
    batch.push_back(anycred::testing::store_cases::Credential(
        "a", "urn:c:" + std::to_string(i), {slots[i]}));
  REQUIRE(s->RecordCredentials(batch).ok());
  auto got = s->GetCredential("urn:c:7");
  REQUIRE(got.ok());
  REQUIRE(got->status.size() == 1);
  CHECK(got->status[0].slot.index == slots[7].index);

  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
          SQLITE_OK);
  auto query = [&](const std::string& sql) {
    std::string out;
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
      const int col = sqlite3_column_count(st) - 1;
      out += reinterpret_cast<const char*>(sqlite3_column_text(st, col));
      out += "\n";
    }
    sqlite3_finalize(st);
    return out;
  };
  // 20 used slots indexed, not the 30 reserved ones (the entries of the
  // index's leaf pages, read through SQLite's dbstat table).
  CHECK(query("SELECT count(*) FROM status_slots") == "50\n");
  CHECK(query("SELECT sum(ncell) FROM dbstat WHERE name = "
              "'status_slots_credential' AND pagetype = 'leaf'") == "20\n");
  CHECK(query("SELECT sql FROM sqlite_schema WHERE name = "
              "'status_slots_credential'")
            .find("WHERE credential_id IS NOT NULL") != std::string::npos);
  CHECK(query("EXPLAIN QUERY PLAN SELECT list_id, idx FROM status_slots "
              "WHERE credential_id = 'urn:c:7'")
            .find("INDEX status_slots_credential (credential_id=?)") !=
        std::string::npos);
  sqlite3_close(db);
}

namespace cases = anycred::testing::store_cases;

// Each case gets a fresh database file.
#define SQLITE_STORE_CASE(name, fn)                                \
  TEST_CASE("store (SQLite): " name, "[issuer][store]") {          \
    testing::TempDir dir;                                          \
    std::string path = dir.File("issuer.db");                      \
    cases::fn([path](bool create) { return Open(path, create); }); \
  }

SQLITE_STORE_CASE("organizations, tokens and achievements belong to one org",
                  OrganizationsTokensAchievements)
SQLITE_STORE_CASE("status indices are unique across connections and random",
                  StatusIndicesUniqueAcrossConnections)
SQLITE_STORE_CASE("a batch records good credentials and refuses bad ones",
                  GroupCommitRefusesOnlyBadCredentials)
SQLITE_STORE_CASE("batches and awards: created once, awarded once, in order",
                  BatchesAndAwards)
SQLITE_STORE_CASE("racing awards of one key: exactly one wins",
                  RacingAwardsOneWins)
SQLITE_STORE_CASE("racing claimers get one use", RacingClaimersGetOneUse)
SQLITE_STORE_CASE("key rotation and revocation", KeyRotationAndRevocation)
SQLITE_STORE_CASE("a group commit of hundreds, one bad among them",
                  LargeGroupCommit)
SQLITE_STORE_CASE("recording checks the token and the key again",
                  RecordingRechecksTokenAndKey)
SQLITE_STORE_CASE("a group recorded unsynced is committed, then synced",
                  UnsyncedGroupIsCommitted)

TEST_CASE("store (SQLite): the WAL is rewound past its limit (64 MiB here)",
          "[issuer][store]") {
  // The default limit is 1 GiB; 64 MiB keeps the test small.
  OrgStore fresh(96, SqliteOptions{std::int64_t{64} << 20});
  auto& [dir, path, s, slots] = fresh;
  // A reader that keeps its snapshot, as a busy service's readers always
  // do between them, stops the WAL from being rewound: the writes below
  // pile up in it.
  sqlite3* reader = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &reader, SQLITE_OPEN_READONLY,
                          nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM credentials;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  // 96 credentials of 1 MiB each: about 100 MiB of WAL frames.
  std::string filler(std::size_t{1} << 20, 'x');
  for (int b = 0; b < 8; ++b) {
    std::vector<IssuedCredential> batch;
    for (int i = 0; i < 12; ++i) {
      std::string id = "urn:big:" + std::to_string(b * 12 + i);
      IssuedCredential c = cases::Credential(
          "a", id, {slots[static_cast<std::size_t>(b * 12 + i)]});
      c.json = "{\"id\":\"" + id + "\",\"filler\":\"" + filler + "\"}";
      batch.push_back(std::move(c));
    }
    auto results = s->RecordCredentials(batch);
    REQUIRE(results.ok());
    for (const auto& r : *results) CHECK(r.ok());
  }
  REQUIRE(sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(reader);
  // The checkpointer runs every 250 ms and copies the frames back; the
  // next commit then starts the WAL again from its beginning and cuts the
  // file back to 64 MiB. Small commits until then (up to 20 s under
  // sanitizers).
  constexpr off_t kLimit = off_t{64} << 20;
  auto wal_size = [&] {
    struct stat st;
    return stat((path + "-wal").c_str(), &st) == 0 ? st.st_size : off_t{0};
  };
  CHECK(wal_size() > kLimit);
  auto more = s->ReserveStatusIndices("a", "revocation", 200, 131072);
  REQUIRE(more.ok());
  std::size_t small = 0;
  for (; small < more->size() && wal_size() > kLimit; ++small) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto r = s->RecordCredentials({cases::Credential(
        "a", "urn:small:" + std::to_string(small), {(*more)[small]})});
    REQUIRE(r.ok());
    CHECK((*r)[0].ok());
  }
  CHECK(wal_size() <= kLimit);
  auto list = s->ListCredentials("a");
  REQUIRE(list.ok());
  CHECK(list->size() == 96 + small);
}
