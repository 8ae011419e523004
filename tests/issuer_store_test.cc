// The issuer store (SQLite): migrations here; the behaviour every store
// shares (tests/issuer_store_cases.h, also run against PostgreSQL):
// status-index reservation that is unique across connections, group-commit
// batches where one bad credential does not sink the others, tokens and
// achievements per organization, batches and awards, claims, key history.
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
