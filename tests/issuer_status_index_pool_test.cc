// The status-index pool (issuer/service/status_index_pool.h) over a real
// SQLite store: requests taking indices from many threads at once, while
// the next block is reserved in the background of one of them, get each
// index once, and the pool reserves about what is used.
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "issuer/service/status_index_pool.h"
#include "issuer/store/slot_permutation.h"
#include "issuer/store/sqlite_store.h"
#include "tests/issuer_store_cases.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::issuer;

namespace {

std::int64_t CountRows(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
          SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  std::int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// The slots the store has reserved: the first `reserved` positions of each
// list's permutation (issuer/store/slot_permutation.h).
std::set<std::pair<std::string, std::uint64_t>> ReservedSlots(
    const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
          SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(
              db, "SELECT id, size, reserved, index_key FROM status_lists", -1,
              &st, nullptr) == SQLITE_OK);
  std::set<std::pair<std::string, std::uint64_t>> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const std::string id =
        reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    store::SlotPermutation::Key key;
    REQUIRE(store::SlotPermutation::KeyFromBytes(
        std::string(static_cast<const char*>(sqlite3_column_blob(st, 3)),
                    static_cast<std::size_t>(sqlite3_column_bytes(st, 3))),
        &key));
    const store::SlotPermutation perm(
        key, static_cast<std::uint64_t>(sqlite3_column_int64(st, 1)));
    const auto reserved =
        static_cast<std::uint64_t>(sqlite3_column_int64(st, 2));
    for (std::uint64_t pos = 0; pos < reserved; ++pos)
      out.emplace(id, perm.Index(pos));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("status-index pool: concurrent takes get distinct reserved slots",
          "[issuer][status]") {
  testing::TempDir dir;
  const std::string path = dir.File("issuer.db");
  auto opened = store::OpenSqliteStore(path, true);
  REQUIRE(opened.ok());
  std::unique_ptr<store::Store> s = std::move(opened).value();
  testing::store_cases::AddOrg(s.get(), "a");
  testing::store_cases::AddOrg(s.get(), "b");

  constexpr std::size_t kBlock = 64;
  constexpr int kThreads = 8, kEach = 300;
  StatusIndexPool pool(s.get(), kBlock, 131072);
  std::vector<std::vector<store::StatusSlot>> taken(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Two organizations and purposes: separate blocks.
        std::string org = t % 2 == 0 ? "a" : "b";
        std::string purpose = t % 4 < 2 ? "revocation" : "suspension";
        auto slot = pool.Take(org, purpose);
        if (!slot.ok()) {
          errors[t] = slot.status().ToString();
          return;
        }
        if (slot->purpose != purpose) {
          errors[t] = "a " + slot->purpose + " slot for " + purpose;
          return;
        }
        taken[t].push_back(*slot);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& e : errors) CHECK(e.empty());

  std::set<std::pair<std::string, std::uint64_t>> unique;
  std::size_t total = 0;
  for (const auto& v : taken) {
    total += v.size();
    for (const auto& slot : v) unique.emplace(slot.list_id, slot.index);
  }
  CHECK(total == kThreads * kEach);
  CHECK(unique.size() == total);  // no slot handed out twice
  // Every slot handed out is reserved in the store, and the pool reserved
  // at most a block and a half ahead of use for each of its four queues.
  std::int64_t reserved =
      CountRows(path, "SELECT SUM(reserved) FROM status_lists");
  CHECK(reserved >= static_cast<std::int64_t>(total));
  CHECK(reserved <= static_cast<std::int64_t>(total + 4 * (kBlock * 3 / 2)));
  std::set<std::pair<std::string, std::uint64_t>> rows = ReservedSlots(path);
  CHECK(std::includes(rows.begin(), rows.end(), unique.begin(), unique.end()));
}
