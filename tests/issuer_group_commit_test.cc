// Tests of issuer/service/group_commit.h on both stores: requests from many
// threads are each recorded once and answered with their own result, one
// refused credential does not affect the others of its batch, and the
// committer runs as many writers as the store asks for (SQLite one,
// PostgreSQL several).
#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "issuer/service/group_commit.h"
#include "issuer/store/postgres_store.h"
#include "issuer/store/sqlite_store.h"
#include "tests/issuer_store_cases.h"
#include "tests/postgres_server.h"
#include "tests/test_util.h"

namespace anycred::issuer {
namespace {

namespace cases = anycred::testing::store_cases;
using store::Store;

// 16 threads × 25 requests, each with its own reserved slot; every
// thread's first request reuses the slot of thread 0's first (one wins,
// the others are refused with CONFLICT).
void ManyThreadsEachRecordedOnce(Store* s) {
  cases::AddOrg(s, "a");
  constexpr std::size_t kThreads = 16, kEach = 25;
  auto slots =
      s->ReserveStatusIndices("a", "revocation", kThreads * kEach, 131072);
  REQUIRE(slots.ok());
  std::atomic<int> ok{0}, conflict{0}, other{0};
  {
    GroupCommitter committer(s, 64);
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (std::size_t t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (std::size_t i = 0; i < kEach; ++i) {
          const std::size_t slot = i == 0 ? 0 : t * kEach + i;
          Status st = committer.Record(cases::Credential(
              "a", "urn:t" + std::to_string(t) + ":" + std::to_string(i),
              {(*slots)[slot]}));
          if (st.ok()) {
            ++ok;
          } else if (st.code() == store::kConflict) {
            ++conflict;
          } else {
            ++other;
          }
        }
      });
    for (auto& t : threads) t.join();
  }
  CHECK(ok == static_cast<int>(kThreads * (kEach - 1) + 1));
  CHECK(conflict == static_cast<int>(kThreads - 1));
  CHECK(other == 0);
  auto listed = s->ListCredentials("a");
  REQUIRE(listed.ok());
  CHECK(listed->size() == kThreads * (kEach - 1) + 1);
  // Each recorded credential holds its own slot.
  std::set<std::uint64_t> indices;
  for (const auto& c : *listed) {
    REQUIRE(c.status.size() == 1);
    indices.insert(c.status[0].slot.index);
  }
  CHECK(indices.size() == listed->size());
  CHECK(cases::CountAction(s, "a", "credential.issue") == listed->size());
}

TEST_CASE("group commit (SQLite): one writer; each request recorded once",
          "[issuer][group_commit]") {
  testing::TempDir dir;
  auto s = store::OpenSqliteStore(dir.File("issuer.db"), true);
  REQUIRE(s.ok());
  CHECK((*s)->ConcurrentWriters() == 1);
  ManyThreadsEachRecordedOnce(s->get());
}

TEST_CASE(
    "group commit (PostgreSQL): several writers; each request recorded "
    "once",
    "[issuer][group_commit][postgres]") {
  testing::PostgresServer server;
  server.NewDatabase("gc");
  auto s = store::OpenPostgresStore(server.Url("gc"), true);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  CHECK((*s)->ConcurrentWriters() > 1);
  ManyThreadsEachRecordedOnce(s->get());
}

}  // namespace
}  // namespace anycred::issuer
