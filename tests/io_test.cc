#include "core/util/io.h"

#include <catch2/catch.hpp>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

#include "core/util/parallel.h"
#include "core/util/passphrase.h"
#include "tests/test_util.h"

using namespace anycred;

TEST_CASE("files and JSON Lines", "[io]") {
  testing::TempDir dir;
  std::string path = dir.File("lines.jsonl");
  testing::WriteFile(path, "one\r\ntwo\n\nthree-is-long\nlast-without-newline");
  auto reader = LineReader::Open(path, 5);
  REQUIRE(reader.ok());
  std::string line;
  bool too_long = false;
  std::vector<std::pair<std::string, bool>> seen;
  while ((*reader)->Next(&line, &too_long)) seen.emplace_back(line, too_long);
  REQUIRE(seen.size() == 5);
  CHECK(seen[0] == std::make_pair(std::string("one"), false));
  CHECK(seen[1] == std::make_pair(std::string("two"), false));
  CHECK(seen[2] == std::make_pair(std::string(""), false));
  CHECK(seen[3].second);  // truncated and flagged
  CHECK(seen[4].first == "last-");
  CHECK((*reader)->line_number() == 5);
  CHECK(LineReader::Open(dir.File("missing")).status().code() == "IO_ERROR");

  // Lines that straddle the reader's 64 KiB buffer, and one longer than it.
  std::string big_path = dir.File("big.jsonl");
  std::string big;
  std::vector<std::string> expected;
  for (int i = 0; i < 3000; ++i) {
    expected.push_back(
        std::string(static_cast<std::size_t>(i % 97), 'a' + i % 26) +
        std::to_string(i));
    if (i == 1500) expected.back() += std::string(200000, 'z');
    big += expected.back() + (i % 3 == 0 ? "\r\n" : "\n");
  }
  testing::WriteFile(big_path, big);
  auto big_reader = LineReader::Open(big_path);
  REQUIRE(big_reader.ok());
  std::vector<std::string> got;
  while ((*big_reader)->Next(&line, &too_long)) {
    CHECK_FALSE(too_long);
    got.push_back(line);
  }
  CHECK(got == expected);

  CHECK(*ReadFileOrStdin(path) ==
        "one\r\ntwo\n\nthree-is-long\nlast-without-newline");
  CHECK(ReadFileOrStdin(path, 4).status().code() == "MALFORMED_INPUT");
  auto missing = ReadFileOrStdin(dir.File("nope.json"));
  CHECK(missing.status().code() == "IO_ERROR");
  CHECK(missing.status().message().find("nope.json") != std::string::npos);
  REQUIRE(WriteFileOrStdout(dir.File("out.txt"), "hello").ok());
  CHECK(testing::ReadFile(dir.File("out.txt")) == "hello");
  CHECK_FALSE(WriteFileOrStdout(dir.File("no/such/dir/out.txt"), "x").ok());

  auto uf = ParseUrlFile("https://x.example/a=b.json", "--context");
  REQUIRE(uf.ok());
  CHECK(uf->url == "https://x.example/a");
  CHECK(uf->file == "b.json");
  CHECK(ParseUrlFile("nofile", "--context")
            .status()
            .message()
            .find("--context") != std::string::npos);
}

TEST_CASE("ordered parallel map keeps input order on several threads",
          "[io][parallel]") {
  int next = 0;
  std::vector<int> emitted;
  std::set<std::thread::id> workers;
  std::mutex mu;
  OrderedParallelMap<int, int>(
      [&](int* item) {
        if (next == 1000) return false;
        *item = next++;
        return true;
      },
      [&](const int& x) {
        std::lock_guard<std::mutex> lock(mu);
        workers.insert(std::this_thread::get_id());
        return x * 2;
      },
      [&](const int& in, int&& out) {
        CHECK(out == in * 2);
        emitted.push_back(in);
      },
      4, 64);
  REQUIRE(emitted.size() == 1000);
  CHECK(std::is_sorted(emitted.begin(), emitted.end()));
  CHECK(workers.size() > 1);
}

TEST_CASE("ordered parallel map handles empty and ragged streams",
          "[io][parallel]") {
  for (int total : {0, 1, 63, 64, 65, 1001}) {
    for (unsigned threads : {1u, 2u, 3u}) {
      int next = 0;
      std::vector<int> emitted;
      OrderedParallelMap<int, std::string>(
          [&](int* item) {
            if (next == total) return false;
            *item = next++;
            return true;
          },
          [](const int& x) { return std::to_string(x); },
          [&](const int& in, std::string&& out) {
            CHECK(out == std::to_string(in));
            emitted.push_back(in);
          },
          threads, 64);
      std::vector<int> expected(static_cast<std::size_t>(total));
      std::iota(expected.begin(), expected.end(), 0);
      CHECK(emitted == expected);
    }
  }
}

TEST_CASE("passphrases come from the environment, never empty",
          "[io][passphrase]") {
  setenv("ANYCRED_TEST_PASSPHRASE", "s3cret", 1);
  auto p = GetPassphrase("ANYCRED_TEST_PASSPHRASE", "unused", false);
  REQUIRE(p.ok());
  CHECK(p->value() == "s3cret");
  setenv("ANYCRED_TEST_PASSPHRASE", "", 1);
  auto empty = GetPassphrase("ANYCRED_TEST_PASSPHRASE", "unused", false);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.status().message().find("ANYCRED_TEST_PASSPHRASE") !=
        std::string::npos);
  unsetenv("ANYCRED_TEST_PASSPHRASE");
}
