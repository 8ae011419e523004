// Tests of issuer/store/wal_sync.h: which Sync calls reach the disk
// (fdatasync) and which find their commit covered by an earlier one, the
// fallback to the database file, and errors.
#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "issuer/store/store.h"
#include "issuer/store/wal_sync.h"
#include "tests/test_util.h"

namespace anycred::issuer::store {
namespace {

void Touch(const std::string& path) {
  std::ofstream(path) << "frames";
  REQUIRE(std::ifstream(path).good());
}

// A database file in a temporary folder, with or without its WAL file.
struct Files {
  explicit Files(bool with_wal) {
    Touch(db);
    if (with_wal) Touch(db + "-wal");
  }
  testing::TempDir dir;
  const std::string db = dir.File("issuer.db");
};

TEST_CASE("WAL sync: one fdatasync covers every commit made before it",
          "[issuer][store]") {
  Files files(/*with_wal=*/true);
  WalSync wal(files.db);
  CHECK(wal.Sync(0).ok());  // nothing committed: nothing to wait for
  CHECK(wal.syncs() == 0);
  const std::uint64_t a = wal.Committed();
  const std::uint64_t b = wal.Committed();
  const std::uint64_t c = wal.Committed();
  CHECK(a == 1);
  CHECK(b == 2);
  CHECK(c == 3);
  REQUIRE(wal.Sync(b).ok());
  CHECK(wal.syncs() == 1);
  // c committed before that sync began: covered.
  CHECK(wal.Sync(c).ok());
  CHECK(wal.Sync(a).ok());
  CHECK(wal.syncs() == 1);
  const std::uint64_t d = wal.Committed();
  CHECK(wal.Sync(d).ok());
  CHECK(wal.syncs() == 2);
}

TEST_CASE("WAL sync: without a WAL file, the database file is synced",
          "[issuer][store]") {
  Files files(/*with_wal=*/false);
  WalSync wal(files.db);
  CHECK(wal.Sync(wal.Committed()).ok());
  CHECK(wal.syncs() == 1);
}

TEST_CASE("WAL sync: a missing store is an error that names it",
          "[issuer][store]") {
  testing::TempDir dir;
  WalSync wal(dir.File("gone.db"));
  Status st = wal.Sync(wal.Committed());
  REQUIRE_FALSE(st.ok());
  CHECK(st.code() == kStoreError);
  CHECK(st.message().find("gone.db-wal") != std::string::npos);
  CHECK(st.message().find("No such file") != std::string::npos);
  // Not counted as synced: the next call tries again.
  Touch(dir.File("gone.db"));
  CHECK(wal.Sync(1).ok());
  CHECK(wal.syncs() == 2);
}

TEST_CASE("WAL sync: concurrent committers share fdatasyncs",
          "[issuer][store]") {
  Files files(/*with_wal=*/true);
  WalSync wal(files.db);
  constexpr std::uint64_t kThreads = 8, kCommits = 50;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (std::uint64_t t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (std::uint64_t i = 0; i < kCommits; ++i)
        if (!wal.Sync(wal.Committed()).ok()) ++failed;
    });
  for (auto& t : threads) t.join();
  CHECK(failed == 0);
  CHECK(wal.syncs() >= 1);
  CHECK(wal.syncs() <= kThreads * kCommits);
  // Everything is synced: no further fdatasync for any ticket so far.
  const std::uint64_t before = wal.syncs();
  CHECK(wal.Sync(kThreads * kCommits).ok());
  CHECK(wal.syncs() == before);
}

}  // namespace
}  // namespace anycred::issuer::store
