#include "core/json/jcs.h"

#include <catch2/catch.hpp>
#include <cstring>

#include "tests/test_util.h"

using namespace anycred;

namespace {
double FromBits(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}
std::string Jcs(std::string_view json) {
  auto parsed = ParseJson(json);
  REQUIRE(parsed.ok());
  auto out = JcsSerialize(*parsed);
  REQUIRE(out.ok());
  return *out;
}
}  // namespace

TEST_CASE("ECMAScript number serialization (RFC 8785 Appendix B)", "[jcs]") {
  const std::pair<std::uint64_t, const char*> cases[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const auto& [bits, expected] : cases) {
    INFO("bits " << std::hex << bits);
    CHECK(FormatEcmaScriptNumber(FromBits(bits)) == expected);
  }
  CHECK(FormatEcmaScriptNumber(0.1 + 0.2) == "0.30000000000000004");
  CHECK(FormatEcmaScriptNumber(1e21) == "1e+21");
  CHECK(FormatEcmaScriptNumber(1e20) == "100000000000000000000");
  CHECK(FormatEcmaScriptNumber(3.0) == "3");
  CHECK(FormatEcmaScriptNumber(-1.5e-7) == "-1.5e-7");
}

TEST_CASE("RFC 8785 §3.2.2 example", "[jcs]") {
  std::string input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  CHECK(Jcs(input) ==
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,"
        "4.5,0.002,1e-27],"
        "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

TEST_CASE("RFC 8785 §3.2.3 sorts by UTF-16 code units", "[jcs]") {
  std::string input = R"({
    "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"})";
  std::string out = Jcs(input);
  std::vector<std::string> keys_in_order = {"\\r",          "1",
                                            "\xc2\x80",     "\xc3\xb6",
                                            "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                            "\xef\xac\xb3"};
  std::size_t pos = 0;
  for (const auto& k : keys_in_order) {
    auto found = out.find("\"" + k + "\":", pos);
    INFO("key " << k << " in " << out);
    REQUIRE(found != std::string::npos);
    pos = found;
  }
}

TEST_CASE("JCS edge cases", "[jcs]") {
  CHECK(Jcs("[1.0, -0, 1e21, 10, 1E-7]") == "[1,0,1e+21,10,1e-7]");
  CHECK(Jcs(R"({"b":{"z":1,"a":[]},"a":{}})") ==
        R"({"a":{},"b":{"a":[],"z":1}})");
  CHECK(Jcs(R"("\u007f\u2028")") == "\"\x7f\xe2\x80\xa8\"");
  CHECK(Jcs("9007199254740993") ==
        "9007199254740992");  // as JavaScript reads it
  Json bad = std::string("\xff\xfe");
  CHECK_FALSE(JcsSerialize(bad).ok());
  Json inf = std::numeric_limits<double>::infinity();
  CHECK_FALSE(JcsSerialize(inf).ok());
}

// The escaping rules one byte at a time, for strings of valid UTF-8.
std::string ReferenceJcsString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

TEST_CASE("JCS escapes a special byte wherever it falls in an 8-byte word",
          "[jcs]") {
  // The serializer scans eight bytes at a time; put each kind of byte that
  // ends a plain run at every offset of strings up to three words long.
  const std::vector<std::string> specials = {
      "\x01", "\x1f",     "\"",           "\\",
      "\n",   "\xc3\xa9", "\xe2\x80\xa8", "\xf0\x9f\x8e\x93",
      " ",    "~",        "\x7f"};
  int cases = 0;
  for (const auto& special : specials) {
    for (std::size_t length = 0; length <= 24; ++length) {
      for (std::size_t at = 0; at <= length; ++at) {
        std::string s =
            std::string(at, 'a') + special + std::string(length - at, 'z');
        INFO("special " << Json(special).dump() << " at " << at);
        auto got = JcsSerialize(Json(s));
        REQUIRE(got.ok());
        CHECK(*got == ReferenceJcsString(s));
        ++cases;
      }
    }
  }
  CHECK(cases == 11 * 325);  // 11 kinds × (1 + 2 + … + 25) offsets
  // Invalid UTF-8 is refused at every offset too, and the error names the
  // byte.
  for (std::size_t at = 0; at <= 17; ++at) {
    std::string s = std::string(at, 'a') + "\xff" + "bc";
    auto got = JcsSerialize(Json(s));
    REQUIRE_FALSE(got.ok());
    CHECK(got.status().message().find("byte " + std::to_string(at)) !=
          std::string::npos);
  }
}

TEST_CASE("eddsa-jcs-2022 vector canonical forms", "[jcs][vectors]") {
  std::string dir = testing::ConformanceDir() + "/vectors/eddsa-jcs-2022/";
  Json unsigned_doc = testing::ReadJsonFile(dir + "unsigned.json");
  CHECK(*JcsSerialize(unsigned_doc) ==
        testing::ReadFile(dir + "canonical-document.jcs.json"));
  Json options = testing::ReadJsonFile(dir + "proof-options.json");
  CHECK(*JcsSerialize(options) ==
        testing::ReadFile(dir + "canonical-proof-options.jcs.json"));
}
