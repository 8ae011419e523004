#include "core/util/datetime.h"

#include <catch2/catch.hpp>

using namespace anycred;

TEST_CASE("dateTimeStamp parsing", "[datetime]") {
  auto t = ParseDateTime("2023-01-01T00:00:00Z", true);
  REQUIRE(t.ok());
  CHECK(t->seconds == 1672531200);
  CHECK(ParseDateTime("2023-01-01T02:00:00+02:00", true)->seconds ==
        1672531200);
  CHECK(ParseDateTime("2022-12-31T19:00:00-05:00", true)->seconds ==
        1672531200);
  CHECK(ParseDateTime("2023-01-01T00:00:00.5Z", true)->nanos == 500000000);
  CHECK(ParseDateTime("2022-12-31T24:00:00Z", true)->seconds == 1672531200);
  CHECK(ParseDateTime("1970-01-01T00:00:00Z", true)->seconds == 0);
  CHECK(ParseDateTime("2024-02-29T00:00:00Z", true).ok());
  CHECK(ParseDateTime("10000-01-01T00:00:00Z", true).ok());
  CHECK(ParseDateTime("0001-01-01T00:00:00Z", true).ok());
}

TEST_CASE("dateTime without offset is UTC only when allowed", "[datetime]") {
  CHECK(ParseDateTime("2023-01-01T00:00:00", false)->seconds == 1672531200);
  auto r = ParseDateTime("2023-01-01T00:00:00", true);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("time zone") != std::string::npos);
}

TEST_CASE("invalid date-times are refused with a reason", "[datetime]") {
  for (const char* bad :
       {"2023-02-29T00:00:00Z", "2023-13-01T00:00:00Z", "2023-01-01 00:00:00Z",
        "2023-01-01T25:00:00Z", "2023-01-01T24:00:01Z", "23-01-01T00:00:00Z",
        "2023-01-01T00:00:00+15:00", "2023-01-01T00:00Z",
        "2023-01-01T00:00:00.Z", "2023-01-01T00:00:00Zjunk",
        "02023-01-01T00:00:00Z", ""}) {
    INFO(bad);
    auto r = ParseDateTime(bad, true);
    CHECK_FALSE(r.ok());
    CHECK(r.status().code() == "MALFORMED_INPUT");
  }
}

TEST_CASE("formatting is whole seconds in UTC", "[datetime]") {
  CHECK(FormatDateTime({1672531200, 999}) == "2023-01-01T00:00:00Z");
  CHECK(FormatDateTime({951782400, 0}) == "2000-02-29T00:00:00Z");
  CHECK(FormatDateTime({1795503909, 0}) == "2026-11-24T07:05:09Z");
  CHECK(FormatDateTime({-1, 0}) == "1969-12-31T23:59:59Z");
  CHECK(FormatDateTime({-62135596800, 0}) == "0001-01-01T00:00:00Z");
  CHECK(FormatDateTime({253402300799, 0}) == "9999-12-31T23:59:59Z");
  CHECK(FormatDateTime({253402300800, 0}) == "10000-01-01T00:00:00Z");
  auto now = Now();
  CHECK(ParseDateTime(FormatDateTime(now), true)->seconds == now.seconds);
}
