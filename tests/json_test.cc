#include "core/json/json.h"

#include <catch2/catch.hpp>
#include <cmath>

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

namespace {
// Same tree, same node types (integer/unsigned/float), same member order.
bool SameTree(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    auto ia = a.begin();
    auto ib = b.begin();
    for (; ia != a.end(); ++ia, ++ib) {
      if (ia.key() != ib.key() || !SameTree(ia.value(), ib.value()))
        return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!SameTree(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_number_float()) {
    double x = a.get<double>(), y = b.get<double>();
    return x == y && std::signbit(x) == std::signbit(y);
  }
  return a == b;
}
}  // namespace

// ParseJson takes a fast path (simdjson) and falls back to nlohmann's parser
// whenever the two could differ; either way the tree is nlohmann's.
TEST_CASE("ParseJson builds exactly the tree nlohmann's parser builds",
          "[json]") {
  const char* texts[] = {
      R"({"z": 1, "a": [true, false, null], "m": {"k": "v"}})",
      "[0, 1, -1, 9223372036854775807, 9223372036854775808]",
      "[18446744073709551615, 18446744073709551616, -9223372036854775808]",
      "[-9223372036854775809, 1.0, -0.0, 1e2, 1E-2, 5e-324, 1.5e-400]",
      "[0.1, 123456789012345678901234567890, 1.7976931348623157e308]",
      R"(["\u0000", "\ud83d\ude00", "\/\\\"\b\f\n\r\t", "é"])",
      R"({"a": 1, "b": 2, "a": 3})",  // duplicate key: the last value wins
      R"({"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k2":0})",
      // 17 members: past the small-object check, a duplicate found by sorting
      R"({"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"c":0})",
      "\xEF\xBB\xBF{\"bom\": true}",  // a UTF-8 byte order mark is skipped
      "  {}  ",
      "[]",
      "\"just a string\"",
      "42",
      "null",
  };
  for (const char* text : texts) {
    INFO(text);
    auto ours = ParseJson(text);
    REQUIRE(ours.ok());
    Json theirs = Json::parse(text);
    CHECK(SameTree(*ours, theirs));
  }
  auto dup = ParseJson(R"({"a": 1, "b": 2, "a": 3})");
  CHECK(DumpJson(*dup) == R"({"a":3,"b":2})");
  CHECK(ParseJson("[1, 2]")->at(0).is_number_unsigned());
  CHECK(ParseJson("[-1]")->at(0).is_number_integer());
  // The one difference: "-0" is the unsigned 0 (nlohmann: the signed 0).
  // It is the same number, equal under ==, written "0" by every serializer.
  CHECK(ParseJson("-0")->is_number_unsigned());
  CHECK(*ParseJson("-0") == Json::parse("-0"));
  CHECK_FALSE(ParseJson("[-1]")->at(0).is_number_unsigned());
}

TEST_CASE("ParseJson refuses what JSON forbids, on either path", "[json]") {
  const char* bad[] = {
      "[\"a\x01\"]",    // unescaped control character
      "[\"a\tb\"]",     // unescaped tab in a string
      R"(["\ud800"])",  // lone surrogate
      R"(["\udc00"])", "[01]", "[1.]",      "[1E400]",
      "{} x",          "[1,]", "{\"a\" 1}", "[\"\xff\"]",
  };
  for (const char* text : bad) {
    INFO(text);
    auto r = ParseJson(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "MALFORMED_INPUT");
    CHECK(r.status().message().rfind("not valid JSON: ", 0) == 0);
  }
  // The depth limit holds at the boundary on the fast path too.
  std::string at_limit = std::string(128, '[') + std::string(128, ']');
  CHECK(ParseJson(at_limit).ok());
  std::string past = std::string(129, '[') + std::string(129, ']');
  CHECK_FALSE(ParseJson(past).ok());
  std::string objects;
  for (int i = 0; i < 129; ++i) objects += "{\"a\":";
  objects += "1" + std::string(129, '}');
  auto deep = ParseJson(objects);
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.status().message().find("nested more than 128") !=
        std::string::npos);
}

TEST_CASE("ParseJson handles a document larger than the kept parser buffer",
          "[json]") {
  std::string big = "[";
  for (int i = 0; i < 200000; ++i) {
    if (i) big += ',';
    big += "{\"n\":" + std::to_string(i) + ",\"s\":\"x\"}";
  }
  big += "]";
  REQUIRE(big.size() > (1u << 20));
  auto r = ParseJson(big);
  REQUIRE(r.ok());
  CHECK(r->size() == 200000);
  CHECK((*r)[199999]["n"] == 199999);
  CHECK(ParseJson("[1]").ok());  // the kept parser still works afterwards
}
