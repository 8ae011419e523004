// Baked badges (issue 6): reading and baking PNG (iTXt openbadgecredential)
// and SVG (<openbadges:credential>), content detection, and that malformed
// input of any kind is MALFORMED_CREDENTIAL with a position, never a crash
// (the mutation loops run under ASan/UBSan in CI).
#include "core/badge/badge.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <random>

#include "core/badge/png.h"
#include "core/badge/svg.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::badge;

namespace {

void U32(std::string* out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out->push_back(static_cast<char>(v >> s));
}

std::string Chunk(const std::string& type, const std::string& data) {
  std::string out;
  U32(&out, static_cast<std::uint32_t>(data.size()));
  std::string body = type + data;
  out += body;
  U32(&out, static_cast<std::uint32_t>(
                crc32(0, reinterpret_cast<const Bytef*>(body.data()),
                      static_cast<uInt>(body.size()))));
  return out;
}

std::string Deflate(const std::string& in) {
  uLongf n = compressBound(static_cast<uLong>(in.size()));
  std::string out(n, '\0');
  REQUIRE(compress(reinterpret_cast<Bytef*>(out.data()), &n,
                   reinterpret_cast<const Bytef*>(in.data()),
                   static_cast<uLong>(in.size())) == Z_OK);
  out.resize(n);
  return out;
}

// A 2×2 grey PNG, with `extra` chunks before IEND.
std::string TinyPng(const std::string& extra = "") {
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  U32(&ihdr, 2);
  U32(&ihdr, 2);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit grey
  png += Chunk("IHDR", ihdr);
  png += Chunk("IDAT", Deflate(std::string("\0\x80\x80\0\x80\x80", 6)));
  png += extra;
  png += Chunk("IEND", "");
  return png;
}

std::string ITxt(const std::string& keyword, bool compressed,
                 const std::string& text) {
  std::string data = keyword + '\0' + (compressed ? '\1' : '\0') + '\0' + '\0' +
                     '\0' + (compressed ? Deflate(text) : text);
  return Chunk("iTXt", data);
}

const char kSvg[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
    "<circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"teal\"/></svg>\n";

std::string Credential() {
  return testing::ReadFile(testing::SourceDir() +
                           "/specs/examples/welding-safety-badge.json");
}

bool Malformed(const Status& s) { return s.code() == "MALFORMED_CREDENTIAL"; }

}  // namespace

TEST_CASE("PNG: bake then extract gives the credential back", "[badge]") {
  std::string png = TinyPng();
  auto baked = Bake(png, Credential());
  REQUIRE(baked.ok());
  CHECK(IsPng(*baked));
  CHECK(DetectFormat(*baked) == Format::kPng);
  auto text = Extract(*baked);
  REQUIRE(text.ok());
  CHECK(*text == Credential());
  Format f;
  auto json = ReadCredential(*baked, &f);
  REQUIRE(json.ok());
  CHECK(f == Format::kPng);
  CHECK((*json)["name"] == "Welding Safety Fundamentals");
  // The chunk sits right before IEND, uncompressed, with empty tags.
  std::string tail = baked->substr(baked->size() - 12);
  CHECK(tail.substr(4, 4) == "IEND");
  CHECK(baked->find(std::string("openbadgecredential\0\0\0\0\0", 24)) !=
        std::string::npos);
}

TEST_CASE("PNG: re-baking replaces the credential, never two", "[badge]") {
  auto once = BakePng(TinyPng(), "{\"a\":1}");
  REQUIRE(once.ok());
  auto twice = BakePng(*once, "{\"b\":2}");
  REQUIRE(twice.ok());
  CHECK(*ExtractPng(*twice) == "{\"b\":2}");
  std::size_t count = 0;
  for (std::size_t p = 0;
       (p = twice->find("openbadgecredential", p)) != std::string::npos; ++p)
    ++count;
  CHECK(count == 1);
  CHECK(twice->size() == once->size());
}

TEST_CASE("PNG: the first credential chunk wins; compressed is read",
          "[badge]") {
  std::string png = TinyPng(ITxt("Comment", false, "hello") +
                            ITxt(kPngKeyword, true, "{\"first\":true}") +
                            ITxt(kPngKeyword, false, "{\"second\":true}"));
  auto text = ExtractPng(png);
  REQUIRE(text.ok());
  CHECK(*text == "{\"first\":true}");
}

TEST_CASE("PNG: no credential, not a badge", "[badge]") {
  auto r = ExtractPng(TinyPng(ITxt("Comment", false, "x")));
  REQUIRE_FALSE(r.ok());
  CHECK(Malformed(r.status()));
  CHECK(r.status().message().find("not a baked badge") != std::string::npos);
}

TEST_CASE("PNG: corrupt CRC, truncation and huge lengths name the position",
          "[badge]") {
  std::string baked = *BakePng(TinyPng(), Credential());
  SECTION("CRC") {
    std::string bad = baked;
    std::size_t at = bad.find("iTXt");
    bad[at + 20] ^= 0x01;  // inside the chunk's data
    auto r = ExtractPng(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(Malformed(r.status()));
    CHECK(r.status().message().find("byte offset " + std::to_string(at - 4) +
                                    ", chunk 3 (iTXt): CRC mismatch") !=
          std::string::npos);
  }
  SECTION("huge length") {
    std::string bad = baked;
    std::size_t at = bad.find("iTXt") - 4;
    bad[at] = '\x7f';
    bad[at + 1] = '\xff';
    auto r = ExtractPng(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("runs past the end") != std::string::npos);
    bad[at] = '\xff';  // beyond 2^31 - 1
    CHECK(Malformed(ExtractPng(bad).status()));
  }
  SECTION("every truncation") {
    for (std::size_t n = 0; n < baked.size(); ++n) {
      auto r = ExtractPng(std::string_view(baked).substr(0, n));
      // Once the credential chunk is complete, reading may stop there.
      if (r.ok()) {
        CHECK(*r == Credential());
        CHECK(n >= baked.find("iTXt") + Credential().size());
      } else {
        CHECK(Malformed(r.status()));
      }
    }
  }
  SECTION("the signature") {
    auto r = ExtractPng(std::string("\x89PNX\r\n\x1a\n") + baked.substr(8));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("byte 0") != std::string::npos);
  }
}

TEST_CASE("PNG: a compressed chunk that expands too far is refused",
          "[badge]") {
  std::string bomb(kMaxCredentialBytes + 1024, ' ');
  auto r = ExtractPng(TinyPng(ITxt(kPngKeyword, true, bomb)));
  REQUIRE_FALSE(r.ok());
  CHECK(Malformed(r.status()));
  CHECK(r.status().message().find("expands beyond") != std::string::npos);
  // A truncated zlib stream is corrupt, not a credential.
  std::string z = Deflate("{\"a\":1}");
  std::string data = std::string(kPngKeyword) + '\0' + '\1' + '\0' + '\0' +
                     '\0' + z.substr(0, z.size() - 3);
  CHECK(Malformed(ExtractPng(TinyPng(Chunk("iTXt", data))).status()));
}

TEST_CASE("PNG: random mutations never crash", "[badge][fuzz]") {
  std::string baked = *BakePng(TinyPng(ITxt("Comment", true, "zz")), "{}");
  std::mt19937 rng(20260612);
  int ok = 0, refused = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string m = baked;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      std::size_t at = rng() % m.size();
      switch (rng() % 4) {
        case 0:
          m[at] = static_cast<char>(rng());
          break;
        case 1:
          m.erase(at, 1 + rng() % 8);
          break;
        case 2:
          m.insert(at, std::string(1 + rng() % 8, static_cast<char>(rng())));
          break;
        default:
          m.resize(at);
      }
      if (m.empty()) m = "\x89";
    }
    auto r = ExtractPng(m);
    if (r.ok()) {
      ++ok;
    } else {
      REQUIRE(Malformed(r.status()));
      ++refused;
    }
    auto baked_again = BakePng(m, "{}");
    if (!baked_again.ok()) REQUIRE(Malformed(baked_again.status()));
    auto read = ReadCredential(m);
    if (!read.ok()) REQUIRE(Malformed(read.status()));
  }
  CHECK(refused > 4000);  // almost every mutation hits a CRC or a bound
  // Random bytes behind a PNG signature.
  for (int i = 0; i < 2000; ++i) {
    std::string m = "\x89PNG\r\n\x1a\n";
    std::size_t n = rng() % 200;
    for (std::size_t k = 0; k < n; ++k) m.push_back(static_cast<char>(rng()));
    auto r = ExtractPng(m);
    REQUIRE_FALSE(r.ok());
    CHECK(Malformed(r.status()));
  }
}

TEST_CASE("SVG: bake then extract, JSON in CDATA", "[badge]") {
  auto baked = Bake(kSvg, Credential());
  REQUIRE(baked.ok());
  CHECK(DetectFormat(*baked) == Format::kSvg);
  CHECK(
      baked->find("xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"") !=
      std::string::npos);
  CHECK(baked->find("<openbadges:credential><![CDATA[{") != std::string::npos);
  // Right after the <svg> start tag, before the drawing.
  CHECK(baked->find("<openbadges:credential>") < baked->find("<circle"));
  CHECK(baked->find("<svg") < baked->find("<openbadges:credential>"));
  auto text = Extract(*baked);
  REQUIRE(text.ok());
  CHECK(*text ==
        Credential().substr(0, Credential().find_last_not_of("\n") + 1));
  auto json = ReadCredential(*baked);
  REQUIRE(json.ok());
  CHECK((*json)["id"] == "urn:uuid:8f1c3a1e-2b6d-4c8e-9a57-3d2f0e6b1c44");
  // Re-baking replaces.
  auto again = BakeSvg(*baked, "{\"x\":1}");
  REQUIRE(again.ok());
  CHECK(*ExtractSvg(*again) == "{\"x\":1}");
  CHECK(again->find("credential>", again->find("credential>") + 1) ==
        again->rfind("credential>"));
}

TEST_CASE("SVG: a JWS in the verify attribute; another prefix", "[badge]") {
  auto baked = BakeSvg(kSvg, "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln");
  REQUIRE(baked.ok());
  CHECK(baked->find("verify=\"eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln\"") !=
        std::string::npos);
  CHECK(*ExtractSvg(*baked) == "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln");
  auto read = ReadCredential(*baked);
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().message().find("compact JWS") != std::string::npos);

  std::string other =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" "
      "xmlns:ob=\"https://purl.imsglobal.org/ob/v3p0\"><g/>"
      "<ob:credential><![CDATA[ {\"a\": 1} ]]></ob:credential></svg>";
  CHECK(*ExtractSvg(other) == "{\"a\": 1}");
  // The right name in the wrong namespace is not a credential.
  std::string wrong =
      "<svg xmlns:openbadges=\"http://openbadges.org\">"
      "<openbadges:assertion verify=\"x\"/><openbadges:credential>{}"
      "</openbadges:credential></svg>";
  CHECK(Malformed(ExtractSvg(wrong).status()));
}

TEST_CASE("SVG: malformed XML names the byte offset; entities stay inert",
          "[badge]") {
  auto r = ExtractSvg("<svg><openbadges:credential></svg>");
  REQUIRE_FALSE(r.ok());
  CHECK(Malformed(r.status()));
  CHECK(r.status().message().find("byte offset") != std::string::npos);
  auto not_svg = ExtractSvg("<html/>");
  REQUIRE_FALSE(not_svg.ok());
  CHECK(not_svg.status().message().find("not <svg>") != std::string::npos);
  // A billion-laughs DTD is not expanded.
  std::string laughs =
      "<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
      "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
      "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
      "<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">"
      "<openbadges:credential>&c;</openbadges:credential></svg>";
  auto l = ExtractSvg(laughs);
  REQUIRE(l.ok());
  CHECK(l->size() < 10);
  auto empty = ExtractSvg(
      "<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">"
      "<openbadges:credential/></svg>");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.status().message().find("element <openbadges:credential>") !=
        std::string::npos);
}

TEST_CASE("SVG: random mutations never crash", "[badge][fuzz]") {
  std::string baked = *BakeSvg(kSvg, "{\"a\":[1,2,3]}");
  std::mt19937 rng(7);
  const std::string alphabet = "<>/=\"'![]CDATA-:xmlns &;?{}\0";
  for (int i = 0; i < 5000; ++i) {
    std::string m = baked;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !m.empty(); ++e) {
      std::size_t at = rng() % m.size();
      switch (rng() % 3) {
        case 0:
          m[at] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          m.erase(at, 1 + rng() % 12);
          break;
        default:
          m.resize(at);
      }
    }
    auto r = ReadCredential(m);
    if (!r.ok()) REQUIRE(Malformed(r.status()));
    auto b = BakeSvg(m, "{}");
    if (!b.ok()) REQUIRE(Malformed(b.status()));
  }
  // Deep nesting does not exhaust the stack.
  std::string deep = "<svg>";
  for (int i = 0; i < 200000; ++i) deep += "<g>";
  CHECK(Malformed(ExtractSvg(deep).status()));
}

TEST_CASE("input detection by content; JSON errors give line and column",
          "[badge]") {
  CHECK(DetectFormat("  {\"a\":1}") == Format::kJson);
  CHECK(DetectFormat("\xEF\xBB\xBF<svg/>") == Format::kSvg);
  CHECK(DetectFormat("hello") == Format::kUnknown);
  auto bad = ReadCredential("{\n  \"a\": 1,\n  \"b\" 2\n}");
  REQUIRE_FALSE(bad.ok());
  CHECK(Malformed(bad.status()));
  INFO(bad.status().message());
  CHECK(bad.status().message().find("at line 3, column 7") != std::string::npos);
  CHECK(Malformed(ReadCredential("").status()));
  CHECK(Malformed(ReadCredential("[1,2]").status()));
  auto prose = ReadCredential("Dear admissions office,");
  REQUIRE_FALSE(prose.ok());
  CHECK(prose.status().message().find("not a credential") != std::string::npos);
  // Baked JSON that is broken still says where.
  auto baked = BakePng(TinyPng(), "{\"a\": }");
  auto r = ReadCredential(*baked);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().rfind("PNG iTXt openbadgecredential: ", 0) == 0);
  CHECK(r.status().message().find("column") != std::string::npos);
  CHECK(Malformed(BakePng("not a png", "{}").status()));
  CHECK(Bake("plain text", "{}").status().code() == "INVALID_ARGUMENT");
}
