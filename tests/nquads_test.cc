#include "core/rdf/nquads.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

using namespace anycred;
using rdf::Quad;
using rdf::Term;

namespace {

Quad LiteralQuad(std::string lexical) {
  return {Term::Iri("urn:s"), Term::Iri("urn:p"),
          Term::Literal(std::move(lexical)), Term::DefaultGraph()};
}

// The message of a parse error, or "" if the text parsed.
std::string ParseError(std::string_view text) {
  auto r = rdf::ParseNQuads(text);
  if (r.ok()) return "";
  CHECK(r.status().code() == codes::kMalformedInput);
  return r.status().message();
}

}  // namespace

TEST_CASE("canonical form: layout, datatypes, language tags, graphs",
          "[nquads]") {
  Quad q{Term::Blank("b0"), Term::Iri("http://ex/p"), Term::Literal("x"),
         Term::DefaultGraph()};
  CHECK(rdf::SerializeQuad(q) == "_:b0 <http://ex/p> \"x\" .\n");
  q.object = Term::Literal("x", rdf::kXsdString);
  CHECK(rdf::SerializeQuad(q) == "_:b0 <http://ex/p> \"x\" .\n");
  q.object = Term::Literal("1", rdf::kXsdInteger);
  CHECK(rdf::SerializeQuad(q) ==
        "_:b0 <http://ex/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> "
        ".\n");
  q.object = Term::LangLiteral("chat", "fr-BE");
  CHECK(rdf::SerializeQuad(q) == "_:b0 <http://ex/p> \"chat\"@fr-BE .\n");
  q.object = Term::Iri("http://ex/o");
  q.graph = Term::Iri("http://ex/g");
  CHECK(rdf::SerializeQuad(q) ==
        "_:b0 <http://ex/p> <http://ex/o> <http://ex/g> .\n");
  q.graph = Term::Blank("g1");
  CHECK(rdf::SerializeQuad(q) == "_:b0 <http://ex/p> <http://ex/o> _:g1 .\n");
  CHECK(rdf::SerializeNQuads({q, q}) ==
        rdf::SerializeQuad(q) + rdf::SerializeQuad(q));
  CHECK(rdf::SerializeNQuads({}).empty());
}

TEST_CASE("canonical form: every class of special character in literals",
          "[nquads]") {
  auto obj = [](std::string lexical) {
    std::string line = rdf::SerializeQuad(LiteralQuad(std::move(lexical)));
    const std::string head = "<urn:s> <urn:p> \"";
    REQUIRE(line.rfind(head, 0) == 0);
    REQUIRE(line.size() >= head.size() + 4);
    return line.substr(head.size(),
                       line.size() - head.size() - 4);  // drop `" .\n`
  };
  // ECHAR: BS HT LF FF CR " backslash
  CHECK(obj("\b\t\n\f\r\"\\") == "\\b\\t\\n\\f\\r\\\"\\\\");
  // UCHAR, uppercase hex: U+0000-U+0007, VT, U+000E-U+001F, DEL
  CHECK(obj(std::string("\0\x01\x07", 3)) == "\\u0000\\u0001\\u0007");
  CHECK(obj("\x0B") == "\\u000B");
  CHECK(obj("\x0E\x1A\x1F") == "\\u000E\\u001A\\u001F");
  CHECK(obj("\x7F") == "\\u007F");
  // Non-characters U+FFFE / U+FFFF are not XML 1.1 Chars: UCHAR.
  CHECK(obj("a\xEF\xBF\xBE"
            "b\xEF\xBF\xBF") == "a\\uFFFEb\\uFFFF");
  // Everything else raw, including other characters starting with EF and
  // characters outside the BMP; the single quote is not escaped.
  CHECK(obj("caf\xC3\xA9 \xEF\xBF\xBD \xF0\x9F\x98\x80 ' ~") ==
        "caf\xC3\xA9 \xEF\xBF\xBD \xF0\x9F\x98\x80 ' ~");
  CHECK(obj("\xEF\xBF") ==
        "\xEF\xBF");  // truncated sequence: bytes as they are
  CHECK(obj("") == "");
  // IRIs are written as they are.
  Quad q = LiteralQuad("x");
  q.subject = Term::Iri("http://ex/\xC3\xA9?a=b#c");
  CHECK(rdf::SerializeQuad(q) ==
        "<http://ex/\xC3\xA9?a=b#c> <urn:p> \"x\" .\n");
}

TEST_CASE("parser: terms, escapes, comments, blank lines, CRLF", "[nquads]") {
  const std::string text =
      "# a comment line\r\n"
      "\r\n"
      "<http://ex/s> <http://ex/p> \"a\\tb\\u00E9\\U0001F600\\\"\\'\" .  # "
      "trailing\n"
      "\t_:b.1 <http://ex/p> \"chat\"@fr-BE <http://ex/g>.\n"
      "_:x <http://ex/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> _:g "
      ".\r"
      "<http://ex/\\u00E9> <http://ex/p> _:b.1.\n"
      "   \n"
      "<urn:s> <urn:p> <urn:o> .";  // no final line break
  auto parsed = rdf::ParseNQuads(text);
  INFO(parsed.status().ToString());
  REQUIRE(parsed.ok());
  const rdf::Dataset& ds = *parsed;
  REQUIRE(ds.size() == 5);
  CHECK(ds[0].subject == Term::Iri("http://ex/s"));
  CHECK(ds[0].object == Term::Literal("a\tb\xC3\xA9\xF0\x9F\x98\x80\"'"));
  CHECK(ds[0].graph.is_default_graph());
  CHECK(ds[1].subject == Term::Blank("b.1"));
  CHECK(ds[1].object == Term::LangLiteral("chat", "fr-BE"));
  CHECK(ds[1].graph == Term::Iri("http://ex/g"));
  CHECK(ds[2].object == Term::Literal("1", rdf::kXsdInteger));
  CHECK(ds[2].graph == Term::Blank("g"));
  CHECK(ds[3].subject == Term::Iri("http://ex/\xC3\xA9"));
  CHECK(ds[3].object == Term::Blank("b.1"));  // trailing '.' ends the statement
  CHECK(ds[4].object == Term::Iri("urn:o"));
  CHECK(rdf::ParseNQuads("")->empty());
  CHECK(rdf::ParseNQuads("# only a comment")->empty());
}

TEST_CASE("parser and serializer round-trip", "[nquads]") {
  const std::string canonical =
      "<urn:s> <urn:p> "
      "\"\\b\\t\\n\\f\\r\\\"\\\\\\u0000\\u000B\\u001F\\u007F\xC3\xA9\" .\n"
      "_:c14n0 <urn:p> \"x\"@en _:c14n1 .\n"
      "_:c14n0 <urn:p> \"2\"^^<urn:dt> <urn:g> .\n";
  auto parsed = rdf::ParseNQuads(canonical);
  REQUIRE(parsed.ok());
  CHECK(rdf::SerializeNQuads(*parsed) == canonical);
  // Non-canonical escapes come back in canonical form.
  auto other = rdf::ParseNQuads(
      "<urn:s> <urn:p> \"\\u0008\\u007f\\u0041\\U00000042\" .");
  REQUIRE(other.ok());
  CHECK(rdf::SerializeNQuads(*other) == "<urn:s> <urn:p> \"\\b\\u007FAB\" .\n");
}

TEST_CASE("parser errors name the line, the column and what was expected",
          "[nquads]") {
  using Catch::Matchers::Contains;
  CHECK_THAT(ParseError("<urn:s> <urn:p> <urn:o> .\n<urn:s> <urn:p> \"x\"\n"),
             Contains("line 2, column 20") && Contains("expected '.'") &&
                 Contains("found the end of the line"));
  CHECK_THAT(
      ParseError("<urn:s> <urn:p> \"unterminated\n\" .\n"),
      Contains("line 1, column 30") && Contains("'\"' to end the literal"));
  CHECK_THAT(ParseError("\"lit\" <urn:p> <urn:o> ."),
             Contains("line 1, column 1") && Contains("expected a subject"));
  CHECK_THAT(ParseError("<urn:s> _:p <urn:o> ."),
             Contains("line 1, column 9") && Contains("a predicate IRI"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> 42 ."),
             Contains("column 17") && Contains("an object"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> <urn:o> \"g\" ."),
             Contains("column 25") && Contains("'.' to end the statement"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> <urn:o> . <urn:s> <urn:p> <urn:o> ."),
             Contains("column 27") && Contains("one statement per line"));
  CHECK_THAT(ParseError("<relative> <urn:p> <urn:o> ."),
             Contains("column 1") && Contains("absolute IRI"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> <urn:a b> ."),
             Contains("column 23") && Contains("allowed in an IRI") &&
                 Contains("' '"));
  CHECK_THAT(
      ParseError("<urn:s> <urn:p> <urn:o"),
      Contains("'>' to end the IRI") && Contains("the end of the input"));
  CHECK_THAT(ParseError("<urn:s\\n> <urn:p> <urn:o> ."),
             Contains("column 7") && Contains("\\u or \\U"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> \"\\q\" ."),
             Contains("column 18") && Contains("an escape sequence"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> \"\\u12G4\" ."),
             Contains("column 22") && Contains("4 hex digits"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> \"\\uD800\" ."),
             Contains("column 18") && Contains("not a surrogate"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> \"x\"@ ."), Contains("language tag"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> \"x\"@en- ."), Contains("after '-'"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> \"x\"^<urn:dt> ."), Contains("'^^'"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> \"x\"^^<http://www.w3.org/1999/02/"
                        "22-rdf-syntax-ns#langString> ."),
             Contains("rdf:langString"));
  CHECK_THAT(ParseError("_:-a <urn:p> <urn:o> ."),
             Contains("column 3") && Contains("a blank node label"));
  CHECK_THAT(ParseError("_ <urn:p> <urn:o> ."), Contains("':' after '_'"));
  // Columns count code points, not bytes; lines count CRLF once.
  CHECK_THAT(ParseError("\r\n<urn:s> <urn:p> \"\xC3\xA9\xC3\xA9\" x ."),
             Contains("line 2, column 22"));
  // Invalid UTF-8 and raw control characters.
  CHECK_THAT(ParseError("<urn:s> <urn:p> \"\xC3\x28\" ."),
             Contains("column 18") && Contains("valid UTF-8") &&
                 Contains("invalid UTF-8 byte"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> \"\xC0\xAF\" ."),
             Contains("valid UTF-8"));  // overlong
  CHECK_THAT(ParseError("<urn:s> <urn:p> \"\xED\xA0\x80\" ."),
             Contains("valid UTF-8"));
  CHECK_THAT(ParseError("# \xFF\n"),
             Contains("line 1, column 3") && Contains("valid UTF-8"));
  CHECK_THAT(ParseError("<urn:s> <urn:p> <urn:\x01> ."),
             Contains("control character U+0001"));
  // The grammar allows a raw NUL inside a literal (it is escaped on output).
  auto nul = rdf::ParseNQuads(std::string("<urn:s> <urn:p> \"a\0b\" .", 23));
  REQUIRE(nul.ok());
  CHECK(nul->at(0).object.value == std::string("a\0b", 3));
  CHECK(rdf::SerializeNQuads(*nul) == "<urn:s> <urn:p> \"a\\u0000b\" .\n");
}

TEST_CASE("parser accepts the tolerated variants of the grammar", "[nquads]") {
  // No spaces between terms, spaces around '^^', tabs, several line breaks.
  auto r = rdf::ParseNQuads(
      "<urn:s><urn:p>\"x\" ^^ <urn:dt><urn:g>.\n\n\n"
      "_:a\t<urn:p>\t_:b\t.\r\n");
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  CHECK(r->at(0).object == Term::Literal("x", "urn:dt"));
  CHECK(r->at(0).graph == Term::Iri("urn:g"));
  CHECK(r->at(1).object == Term::Blank("b"));
  // Non-ASCII blank node labels (PN_CHARS) and a label with inner dots.
  auto u = rdf::ParseNQuads("_:\xC3\xA9t\xC3\xA9.x-1 <urn:p> _:_0 .");
  REQUIRE(u.ok());
  CHECK(u->at(0).subject == Term::Blank("\xC3\xA9t\xC3\xA9.x-1"));
  CHECK(u->at(0).object == Term::Blank("_0"));
}

TEST_CASE(
    "literal escaping agrees with a byte-at-a-time reference at every offset",
    "[nquads]") {
  // The serializer scans 16 bytes at a time; compare with the obvious rules.
  auto reference = [](const std::string& s) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      const char* echar = nullptr;
      switch (c) {
        case '\b':
          echar = "\\b";
          break;
        case '\t':
          echar = "\\t";
          break;
        case '\n':
          echar = "\\n";
          break;
        case '\f':
          echar = "\\f";
          break;
        case '\r':
          echar = "\\r";
          break;
        case '"':
          echar = "\\\"";
          break;
        case '\\':
          echar = "\\\\";
          break;
        default:
          break;
      }
      if (echar != nullptr) {
        out += echar;
      } else if (c < 0x20 || c == 0x7F) {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      } else if (c == 0xEF && i + 2 < s.size() &&
                 static_cast<unsigned char>(s[i + 1]) == 0xBF &&
                 (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
        out += static_cast<unsigned char>(s[i + 2]) == 0xBE ? "\\uFFFE"
                                                            : "\\uFFFF";
        i += 2;
      } else {
        out += static_cast<char>(c);
      }
    }
    return out;
  };
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           " ",
                                           "'",
                                           "\"",
                                           "\\",
                                           "\n",
                                           "\r",
                                           "\t",
                                           "\b",
                                           "\f",
                                           "\x0B",
                                           std::string(1, '\0'),
                                           "\x1F",
                                           "\x7F",
                                           "\x80",
                                           "\xC3\xA9",
                                           "\xEF\xBF\xBE",
                                           "\xEF\xBF\xBF",
                                           "\xEF\xBF\xBD",
                                           "\xEF\xBF",
                                           "\xEF",
                                           "\xF0\x9F\x98\x80"};
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int length = static_cast<int>(rng() % 70);
    for (int i = 0; i < length; ++i) {
      // Mostly plain text so that specials land at every offset of a block.
      s += (rng() % 4 != 0)
               ? std::string(1, static_cast<char>('a' + rng() % 26))
               : pieces[rng() % pieces.size()];
    }
    const std::string line = rdf::SerializeQuad(LiteralQuad(s));
    REQUIRE(line == "<urn:s> <urn:p> \"" + reference(s) + "\" .\n");
    std::string appended = "prefix";
    rdf::AppendTerm(Term::Literal(s), &appended);
    REQUIRE(appended == "prefix\"" + reference(s) + "\"");
  }
}
