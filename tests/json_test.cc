#include "core/json/json.h"

#include <catch2/catch.hpp>

using namespace anycred;

TEST_CASE("ParseJson reports where the text is broken", "[json]") {
  auto ok = ParseJson(R"({"a": [1, 2.5, "x"], "b": null})");
  REQUIRE(ok.ok());
  CHECK((*ok)["a"][1] == 2.5);
  auto bad = ParseJson(R"({"a": tru})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == "MALFORMED_INPUT");
  CHECK(bad.status().message().find("line 1, column") != std::string::npos);
  CHECK_FALSE(ParseJson("").ok());
  CHECK_FALSE(ParseJson("{} trailing").ok());
  CHECK_FALSE(ParseJson("\"\xff\"").ok());  // invalid UTF-8
}

TEST_CASE("ParseJson refuses documents nested too deeply", "[json]") {
  std::string deep(200, '[');
  deep += std::string(200, ']');
  auto r = ParseJson(deep);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("nested more than 128") != std::string::npos);
  CHECK(ParseJson(deep, 256).ok());
  // A million brackets do not exhaust the stack: refused early.
  CHECK_FALSE(ParseJson(std::string(1000000, '[')).ok());
}

TEST_CASE("DumpJson keeps member order and replaces invalid UTF-8", "[json]") {
  auto doc = ParseJson(R"({"z": 1, "a": 2})");
  CHECK(DumpJson(*doc) == R"({"z":1,"a":2})");
  Json bad = std::string("a\xff");
  CHECK(DumpJson(bad) == "\"a\xef\xbf\xbd\"");
  CHECK(DumpJson(*doc, true).find("\n  \"z\": 1") != std::string::npos);
}
