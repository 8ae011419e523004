// CSV as spreadsheets export it, through libcsv: quotes, embedded line
// breaks, BOM, CRLF, input split anywhere, and malformed input.
#include "core/csv/csv_reader.h"

#include <catch2/catch.hpp>
#include <random>

namespace anycred::csv {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows MustParse(std::string_view text) {
  auto r = ParseCsv(text);
  INFO((r.ok() ? "" : r.status().message()));
  REQUIRE(r.ok());
  return *r;
}

TEST_CASE("quoted fields, embedded commas, quotes and line breaks", "[csv]") {
  Rows rows = MustParse(
      "name,note\r\n"
      "\"Doe, Jane\",\"said \"\"hi\"\"\"\r\n"
      "\"Lee\",\"two\nlines\"\r\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1] == std::vector<std::string>{"Doe, Jane", "said \"hi\""});
  CHECK(rows[2] == std::vector<std::string>{"Lee", "two\nlines"});
}

TEST_CASE("a byte order mark, LF or CRLF, a missing final newline", "[csv]") {
  Rows expected = {{"a", "b"}, {"1", "2"}};
  CHECK(MustParse("\xEF\xBB\xBF"
                  "a,b\r\n1,2\r\n") == expected);
  CHECK(MustParse("a,b\n1,2") == expected);
  CHECK(MustParse("a,b\n\n1,2\n") == expected);  // blank lines skipped
  CHECK(MustParse("").empty());
  CHECK(MustParse("\xEF\xBB\xBF").empty());
  CHECK(MustParse("\xEF\xBB") == Rows{{"\xEF\xBB"}});  // not a BOM: data
}

TEST_CASE("input may be split anywhere", "[csv]") {
  std::string text =
      "\xEF\xBB\xBF"
      "id,\"x, y\"\r\n7,\"multi\r\nline \"\"q\"\"\"\r\n8,z\r\n";
  Rows whole = MustParse(text);
  REQUIRE(whole.size() == 3);
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    Rows rows;
    std::vector<std::size_t> numbers;
    CsvReader reader([&](std::size_t n, std::vector<std::string>& f) {
      numbers.push_back(n);
      rows.push_back(f);
      return Status::Ok();
    });
    REQUIRE(reader.Feed(std::string_view(text).substr(0, cut)).ok());
    REQUIRE(reader.Feed(std::string_view(text).substr(cut)).ok());
    REQUIRE(reader.Finish().ok());
    INFO(cut);
    CHECK(rows == whole);
    CHECK(numbers == std::vector<std::size_t>{1, 2, 3});
  }
}

TEST_CASE("malformed CSV is an error with the row", "[csv]") {
  auto unclosed = ParseCsv("a,b\n1,\"open\n2,3\n");
  REQUIRE_FALSE(unclosed.ok());
  CHECK(unclosed.status().code() == "MALFORMED_CSV");
  CHECK(unclosed.status().message() ==
        "row 2: a quoted field is not closed before the end of the file");
  auto stray = ParseCsv("a,b\n1,\"x\"y\n");
  REQUIRE_FALSE(stray.ok());
  CHECK_THAT(stray.status().message(),
             Catch::StartsWith("row 2: a quote appears"));
}

TEST_CASE("a row callback's error stops parsing", "[csv]") {
  int seen = 0;
  CsvReader reader([&](std::size_t n, std::vector<std::string>&) {
    ++seen;
    return n == 2 ? Status::Error("STOP", "enough") : Status::Ok();
  });
  Status s = reader.Feed("a\nb\nc\nd\n");
  CHECK(s.code() == "STOP");
  CHECK(seen == 2);
  CHECK(reader.Finish().code() == "STOP");
}

TEST_CASE("random mutations never crash and either parse or say why", "[csv]") {
  std::string seed =
      "id,name,\"note, quoted\"\r\n1,\"Ann \"\"A\"\"\",\"x\ny\"\r\n2,Bo,\r\n";
  const char alphabet[] = {'"', ',',  '\n',   '\r',   'a',
                           ' ', '\0', '\xEF', '\xBB', '\xBF'};
  std::mt19937 rng(20261122);
  for (int round = 0; round < 3000; ++round) {
    std::string text = seed;
    int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      std::size_t pos = rng() % (text.size() + 1);
      char c = alphabet[rng() % sizeof alphabet];
      switch (rng() % 3) {
        case 0:
          text.insert(pos, 1, c);
          break;
        case 1:
          if (pos < text.size()) text.erase(pos, 1);
          break;
        default:
          if (pos < text.size()) text[pos] = c;
      }
    }
    auto r = ParseCsv(text);
    if (!r.ok()) {
      CHECK(r.status().code() == "MALFORMED_CSV");
      CHECK_THAT(r.status().message(), Catch::StartsWith("row "));
    }
  }
}

TEST_CASE("a field longer than the limit is refused", "[csv]") {
  std::string text = "a\n\"" + std::string(kMaxFieldBytes + 10, 'x') + "\"\n";
  auto r = ParseCsv(text);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("longer than 1 MiB"));
}

}  // namespace
}  // namespace anycred::csv
