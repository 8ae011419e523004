// Number literals in JSON-LD toRdf, where implementations disagree most.
#include <catch2/catch.hpp>

#include "core/jsonld/to_rdf.h"
#include "core/rdf/nquads.h"

using namespace anycred;

namespace {
std::string Literal(const std::string& json_number,
                    const std::string& type = "") {
  std::string ctx =
      type.empty() ? R"({"v": "http://example.org/v"})"
                   : R"({"v": {"@id": "http://example.org/v", "@type": ")" +
                         type + R"("}})";
  auto doc = ParseJson(R"({"@context": )" + ctx +
                       R"(, "@id": "http://example.org/s", "v": )" +
                       json_number + "}");
  REQUIRE(doc.ok());
  auto rdf = jsonld::ToRdf(*doc);
  REQUIRE(rdf.ok());
  REQUIRE(rdf->size() == 1);
  const auto& o = (*rdf)[0].object;
  return o.value + "^^" + o.datatype;
}
const std::string kInt = "http://www.w3.org/2001/XMLSchema#integer";
const std::string kDouble = "http://www.w3.org/2001/XMLSchema#double";
}  // namespace

TEST_CASE("JSON numbers become the JSON-LD canonical lexical forms",
          "[jsonld][numbers]") {
  CHECK(Literal("3") == "3^^" + kInt);
  CHECK(Literal("3.0") ==
        "3^^" + kInt);  // JSON-LD reads the number, not its text
  CHECK(Literal("-0") == "0^^" + kInt);
  CHECK(Literal("3.5") == "3.5E0^^" + kDouble);
  CHECK(Literal("0.1") == "1.0E-1^^" + kDouble);
  CHECK(Literal("1e21") == "1.0E21^^" + kDouble);
  CHECK(Literal("1E-7") ==
        "1.0E-7^^" + kDouble);  // fractional: a double (jsonld.js writes "0")
  CHECK(Literal("5", "http://www.w3.org/2001/XMLSchema#double") ==
        "5.0E0^^" + kDouble);
  CHECK(Literal("3.0", "https://www.w3.org/2001/XMLSchema#float") ==
        "3^^https://www.w3.org/2001/XMLSchema#float");
}

TEST_CASE(
    "integers beyond 2^53 are read as IEEE doubles, as JavaScript processors "
    "do",
    "[jsonld][numbers]") {
  CHECK(Literal("9007199254740993") == "9007199254740992^^" + kInt);
  CHECK(Literal("18446744073709551615") == "18446744073709551616^^" + kInt);
  CHECK(Literal("-9223372036854775808") == "-9223372036854775808^^" + kInt);
  CHECK(Literal("9007199254740991") ==
        "9007199254740991^^" + kInt);  // 2^53 - 1 is exact
}
