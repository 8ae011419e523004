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

#include "issuer/store/sqlite_migrations.h"
#include "issuer/store/sqlite_store.h"
#include "tests/issuer_store_cases.h"
#include "tests/sqlite_test_util.h"
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

// Runs `sql` on the database at `path`; returns the last column of each
// row, one per line.
std::string Query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) ==
          SQLITE_OK);
  std::string out;
  sqlite3_stmt* st = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  INFO(sql << ": " << sqlite3_errmsg(db));
  REQUIRE(rc == SQLITE_OK);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const int col = sqlite3_column_count(st) - 1;
    const auto* text = sqlite3_column_text(st, col);
    out += text ? reinterpret_cast<const char*>(text) : "NULL";
    out += "\n";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  REQUIRE(step == SQLITE_DONE);
  return out;
}

// Migration 6: a reservation is one counter update of its list, and a
// credential's entries are appended under their positions.
TEST_CASE("store (SQLite): status entries are stored by position",
          "[issuer][store][status]") {
  OrgStore fresh(50);
  auto& [dir, path, s, slots] = fresh;
  CHECK(Query(path, "SELECT count(*) FROM status_slots") == "0\n");
  CHECK(Query(path, "SELECT reserved FROM status_lists") == "50\n");
  CHECK(Query(path, "SELECT length(index_key) FROM status_lists") == "16\n");

  std::vector<IssuedCredential> batch;
  for (int i = 0; i < 20; ++i)
    batch.push_back(anycred::testing::store_cases::Credential(
        "a", "urn:c:" + std::to_string(i), {slots[i]}));
  REQUIRE(s->RecordCredentials(batch).ok());
  auto got = s->GetCredential("urn:c:7");
  REQUIRE(got.ok());
  REQUIRE(got->status.size() == 1);
  CHECK(got->status[0].slot.index == slots[7].index);

  // Reserved slots are handed out in position order: the 20 entries are
  // positions 0 to 19, each with the index it was handed out as.
  std::string positions, expected_positions, indices, expected_indices;
  for (int i = 0; i < 20; ++i) {
    expected_positions += std::to_string(i) + "\n";
    expected_indices += std::to_string(slots[i].index) + "\n";
  }
  CHECK(Query(path, "SELECT pos FROM status_entries ORDER BY pos") ==
        expected_positions);
  CHECK(Query(path, "SELECT idx FROM status_entries ORDER BY pos") ==
        expected_indices);
  CHECK(Query(path,
              "EXPLAIN QUERY PLAN SELECT idx FROM status_entries WHERE "
              "credential_id = 'urn:c:7'")
            .find("INDEX status_entries_credential (credential_id=?)") !=
        std::string::npos);
  // Entries, like reservations, are never released.
  CHECK(testing::ExecSqlite(path, "DELETE FROM status_entries") ==
        "status indices are never released");
  CHECK(Query(path, "SELECT count(*) FROM status_entries") == "20\n");
}

// A store written by schema version 5 (indices reserved as random rows of
// status_slots) is migrated: its credentials keep their entries, bits and
// all, and its lists stop taking reservations.
TEST_CASE("store (SQLite): migration 6 keeps the entries of earlier lists",
          "[issuer][store][status]") {
  testing::TempDir dir;
  std::string path = dir.File("issuer.db");
  {
    std::string sql =
        "CREATE TABLE schema_version(version INTEGER NOT NULL, applied TEXT "
        "NOT NULL DEFAULT 'x');";
    for (int v = 1; v <= 5; ++v)
      sql += std::string(SqliteMigrations()[v - 1]) +
             "INSERT INTO schema_version(version) VALUES (" +
             std::to_string(v) + ");";
    sql +=
        "INSERT INTO organizations VALUES ('a', 'A', 'did:key:a', "
        "'did:key:a#k', 0, '2025-01-01T00:00:00Z');"
        "INSERT INTO signing_keys(org_id, key_id, public_key_multibase, "
        "sealed_seed, created, activated) VALUES ('a', 'key-1', 'z6MkA', "
        "'sealed', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
        "INSERT INTO status_lists(id, org_id, purpose, size, reserved, "
        "created) VALUES ('old1', 'a', 'revocation', 131072, 3, "
        "'2025-01-01T00:00:00Z');"
        "INSERT INTO credentials(id, org_id, issued_at, json, key_id) VALUES "
        "('urn:c1', 'a', '2025-02-01T00:00:00Z', '{}', 'key-1'), ('urn:c2', "
        "'a', '2025-02-02T00:00:00Z', '{}', 'key-1');"
        "INSERT INTO status_slots(list_id, idx, credential_id, value) VALUES "
        "('old1', 5, 'urn:c1', 0), ('old1', 9, 'urn:c2', 1), ('old1', 77, "
        "NULL, 0);";
    REQUIRE(testing::ExecSqlite(path, sql) == "");
  }
  auto s = Open(path, false);
  CHECK(s->SchemaVersion() == LatestSchemaVersion());
  auto c1 = s->GetCredential("urn:c1");
  auto c2 = s->GetCredential("urn:c2");
  REQUIRE((c1.ok() && c2.ok()));
  REQUIRE(c1->status.size() == 1);
  CHECK(c1->status[0].slot.list_id == "old1");
  CHECK(c1->status[0].slot.purpose == "revocation");
  CHECK(c1->status[0].slot.index == 5);
  CHECK_FALSE(c1->status[0].set);
  REQUIRE(c2->status.size() == 1);
  CHECK(c2->status[0].slot.index == 9);
  CHECK(c2->status[0].set);
  CHECK(*s->StatusListSetIndices("old1") == std::vector<std::uint64_t>{9});
  CHECK(s->GetStatusList("a", "old1").ok());

  // The migrated entry's bit can still be set and cleared.
  auto set = s->SetCredentialStatus("a", "urn:c1", "revocation", true,
                                    Event("a", "status.revoke"));
  REQUIRE(set.ok());
  CHECK(*set);
  CHECK(*s->StatusListSetIndices("old1") == std::vector<std::uint64_t>{5, 9});

  // New reservations come from a new list; the old list's unused slot
  // cannot be used any more.
  auto fresh = s->ReserveStatusIndices("a", "revocation", 1, 131072);
  REQUIRE(fresh.ok());
  CHECK((*fresh)[0].list_id != "old1");
  auto recorded = s->RecordCredentials(
      {anycred::testing::store_cases::Credential(
           "a", "urn:c3", {StatusSlot{"old1", "revocation", 77}}),
       anycred::testing::store_cases::Credential("a", "urn:c4", *fresh)});
  REQUIRE(recorded.ok());
  CHECK((*recorded)[0].code() == kConflict);
  CHECK((*recorded)[1].ok());
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
