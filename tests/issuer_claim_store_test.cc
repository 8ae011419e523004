// The issuer store's claim links (issue 7): only the token's hash is kept,
// a claim is used at most once (also when two callers race), and a failed
// issuance gives the claim back.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "issuer/store/sqlite_store.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::issuer::store;

namespace {

AuditEvent Event(const std::string& org, const std::string& action) {
  return AuditEvent{0, "2026-01-01T00:00:00Z", org, "test", action, "", ""};
}

std::unique_ptr<Store> OpenWithOrg(const std::string& path) {
  auto s = OpenSqliteStore(path, true);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  Organization org{"a",           "Org a", "did:key:a",
                   "did:key:a#k", false,   "2026-01-01T00:00:00Z"};
  SealedKey key{"a", "key-1", "z6Mka", "sealed", "2026-01-01T00:00:00Z"};
  Token token{"tok_a", "a", std::string(32, 'a'), "2026-01-01T00:00:00Z",
              false};
  REQUIRE((*s)->CreateOrganization(org, key, token, {Event("a", "org.create")})
              .ok());
  return std::move(s).value();
}

Claim NewClaim(const std::string& id, char hash_byte) {
  Claim c;
  c.id = id;
  c.org_id = "a";
  c.achievement_id = "weld-101";
  c.hash = std::string(32, hash_byte);
  c.request = R"({"result":[]})";
  c.created = "2026-01-01T00:00:00Z";
  c.expires = "2026-01-15T00:00:00Z";
  return c;
}

}  // namespace

TEST_CASE("store: claims are found by hash, used once, released on failure",
          "[issuer][store][claims]") {
  testing::TempDir dir;
  std::string path = dir.File("issuer.db");
  auto s = OpenWithOrg(path);
  REQUIRE(s->AddClaim(NewClaim("clm_1", 'x'), Event("a", "claim.create")).ok());
  CHECK(
      s->AddClaim(NewClaim("clm_2", 'x'), Event("a", "claim.create")).code() ==
      kAlreadyExists);  // the same hash twice

  auto found = s->FindClaim(std::string(32, 'x'));
  REQUIRE(found.ok());
  CHECK(found->id == "clm_1");
  CHECK(found->achievement_id == "weld-101");
  CHECK(found->request == R"({"result":[]})");
  CHECK(found->expires == "2026-01-15T00:00:00Z");
  CHECK(found->used_at.empty());
  CHECK(found->challenge.empty());
  CHECK(s->FindClaim(std::string(32, 'y')).status().code() == codes::kNotFound);

  REQUIRE(s->SetClaimChallenge("clm_1", "c-1", "2026-01-01T00:10:00Z").ok());
  CHECK(s->FindClaim(std::string(32, 'x'))->challenge == "c-1");
  CHECK(s->SetClaimChallenge("clm_9", "c", "2026-01-01T00:10:00Z").code() ==
        codes::kNotFound);

  REQUIRE(s->UseClaim("clm_1", "urn:uuid:1", "2026-01-02T00:00:00Z",
                      Event("a", "claim.use"))
              .ok());
  Claim used = *s->FindClaim(std::string(32, 'x'));
  CHECK(used.used_at == "2026-01-02T00:00:00Z");
  CHECK(used.credential_id == "urn:uuid:1");
  CHECK(used.challenge.empty());  // the challenge is spent with the claim
  CHECK(s->UseClaim("clm_1", "urn:uuid:2", "2026-01-02T00:00:00Z",
                    Event("a", "claim.use"))
            .code() == kConflict);
  CHECK(s->UseClaim("clm_9", "urn:uuid:2", "2026-01-02T00:00:00Z",
                    Event("a", "claim.use"))
            .code() == codes::kNotFound);

  // A release names the credential it gives back; another one is ignored.
  REQUIRE(s->ReleaseClaim("clm_1", "urn:uuid:other").ok());
  CHECK_FALSE(s->FindClaim(std::string(32, 'x'))->used_at.empty());
  REQUIRE(s->ReleaseClaim("clm_1", "urn:uuid:1").ok());
  CHECK(s->FindClaim(std::string(32, 'x'))->used_at.empty());

  // The audit log has the creation and the use.
  auto audit = s->ListAudit("a");
  REQUIRE(audit.ok());
  int creates = 0, uses = 0;
  for (const auto& e : *audit) {
    creates += e.action == "claim.create";
    uses += e.action == "claim.use";
  }
  CHECK(creates == 1);
  CHECK(uses == 1);

  // Kept across reopening.
  s.reset();
  auto again = OpenSqliteStore(path, false);
  REQUIRE(again.ok());
  CHECK((*again)->FindClaim(std::string(32, 'x'))->id == "clm_1");
}

TEST_CASE("store: two processes' worth of racing claimers get one use",
          "[issuer][store][claims]") {
  testing::TempDir dir;
  std::string path = dir.File("issuer.db");
  auto s = OpenWithOrg(path);
  REQUIRE(s->AddClaim(NewClaim("clm_r", 'r'), Event("a", "claim.create")).ok());
  auto other = OpenSqliteStore(path, false);  // a second connection pool
  REQUIRE(other.ok());
  std::atomic<int> ok{0}, conflict{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    Store* store = i % 2 ? s.get() : other->get();
    threads.emplace_back([store, i, &ok, &conflict] {
      Status st =
          store->UseClaim("clm_r", "urn:uuid:" + std::to_string(i),
                          "2026-01-02T00:00:00Z", Event("a", "claim.use"));
      if (st.ok()) ++ok;
      if (st.code() == kConflict) ++conflict;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 1);
  CHECK(conflict == 7);
}
