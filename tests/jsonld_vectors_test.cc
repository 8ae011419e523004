// The signing vectors (conformance/vectors/): JSON-LD toRdf in safe mode
// followed by RDFC-1.0 must reproduce the canonical N-Quads that the W3C
// and 1EdTech vectors hash, byte for byte, for the document and for the
// proof options.
#include <catch2/catch.hpp>
#include <string>

#include "core/json/json.h"
#include "core/jsonld/document_loader.h"
#include "core/jsonld/to_rdf.h"
#include "core/rdf/rdfc10.h"
#include "tests/test_util.h"

using anycred::Json;
namespace jsonld = anycred::jsonld;
namespace rdf = anycred::rdf;

namespace {

std::string VectorDir(const std::string& name) {
  return anycred::testing::ConformanceDir() + "/vectors/" + name + "/";
}

std::string CanonicalNQuads(const Json& document,
                            const jsonld::DocumentLoader& loader) {
  jsonld::JsonLdOptions options;
  options.document_loader = &loader;
  options.safe_mode = true;
  auto dataset = jsonld::ToRdf(document, options);
  INFO(dataset.status().ToString());
  REQUIRE(dataset.ok());
  auto canonical = rdf::Canonicalize(*dataset);
  INFO(canonical.status().ToString());
  REQUIRE(canonical.ok());
  return canonical->nquads;
}

void CheckVector(const std::string& name,
                 const jsonld::DocumentLoader& loader) {
  const std::string dir = VectorDir(name);
  SECTION(name + " document") {
    Json unsigned_doc = anycred::testing::ReadJsonFile(dir + "unsigned.json");
    CHECK(CanonicalNQuads(unsigned_doc, loader) ==
          anycred::testing::ReadFile(dir + "canonical-document.nq"));
  }
  SECTION(name + " proof options") {
    Json options_doc =
        anycred::testing::ReadJsonFile(dir + "proof-options.json");
    CHECK(CanonicalNQuads(options_doc, loader) ==
          anycred::testing::ReadFile(dir + "canonical-proof-options.nq"));
  }
}

}  // namespace

TEST_CASE("W3C eddsa-rdfc-2022 vector", "[jsonld][vectors]") {
  CheckVector("eddsa-rdfc-2022", jsonld::DocumentLoader::Default());
}

TEST_CASE("W3C eddsa-rdfc-2022 employment vector (extra context)",
          "[jsonld][vectors]") {
  jsonld::DocumentLoader loader;
  REQUIRE(loader
              .AddFile("https://w3id.org/citizenship/v4rc1",
                       VectorDir("eddsa-rdfc-2022-employment") +
                           "citizenship-v4rc1.jsonld")
              .ok());
  CheckVector("eddsa-rdfc-2022-employment", loader);
}

TEST_CASE("W3C Ed25519Signature2020 vector", "[jsonld][vectors]") {
  CheckVector("ed25519signature2020", jsonld::DocumentLoader::Default());
}

TEST_CASE("Open Badges 3.0 eddsa-rdfc-2022 vector", "[jsonld][vectors]") {
  // Type-scoped contexts, https-XSD datatypes, xsd:dateTime literal IRIs.
  CheckVector("ob3-eddsa-rdfc-2022", jsonld::DocumentLoader::Default());
}

TEST_CASE("CLR 2.0 eddsa-rdfc-2022 vector", "[jsonld][vectors]") {
  // Nested credentials in the default graph, their proofs as named graphs.
  CheckVector("clr2-eddsa-rdfc-2022", jsonld::DocumentLoader::Default());
}

TEST_CASE("the employment vector needs its context registered",
          "[jsonld][vectors]") {
  Json doc = anycred::testing::ReadJsonFile(
      VectorDir("eddsa-rdfc-2022-employment") + "unsigned.json");
  auto result = jsonld::ToRdf(doc);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == jsonld::codes::kContextUnloadable);
  CHECK(result.status().message().find("https://w3id.org/citizenship/v4rc1") !=
        std::string::npos);
}
