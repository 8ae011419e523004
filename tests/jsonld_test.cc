// Focused tests of core/jsonld: the document loader, protected terms,
// scoped contexts, literal forms, containers, the CLR quirk and safe mode.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto/sha2.h"
#include "core/json/json.h"
#include "core/jsonld/bundled_contexts.h"
#include "core/jsonld/document_loader.h"
#include "core/jsonld/errors.h"
#include "core/jsonld/expand.h"
#include "core/jsonld/to_rdf.h"
#include "core/rdf/nquads.h"
#include "tests/test_util.h"

using anycred::Json;
namespace jsonld = anycred::jsonld;
namespace rdf = anycred::rdf;

namespace {

constexpr const char* kV2 = "https://www.w3.org/ns/credentials/v2";
constexpr const char* kOb =
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
constexpr const char* kObVocab =
    "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";

Json J(const std::string& text) {
  auto parsed = anycred::ParseJson(text);
  INFO(text);
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

// N-Quads of ToRdf, or the error as "CODE: message".
std::string NQuads(const Json& doc, jsonld::JsonLdOptions options = {}) {
  auto dataset = jsonld::ToRdf(doc, options);
  if (!dataset.ok()) return dataset.status().ToString();
  return rdf::SerializeNQuads(*dataset);
}

anycred::Status SafeStatus(const Json& doc,
                           jsonld::JsonLdOptions options = {}) {
  options.safe_mode = true;
  return jsonld::ToRdf(doc, options).status();
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A minimal OB 3.0 credential with a result whose term is `result_key`.
Json ObCredential(const std::string& extra_result = "") {
  return J(std::string(R"({
    "@context": [")") +
           kV2 + R"(", ")" + kOb + R"("],
    "id": "urn:uuid:1",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"]},
    "validFrom": "2024-01-01T00:00:00Z",
    "credentialSubject": {
      "type": ["AchievementSubject"],
      "achievement": {
        "id": "https://example.edu/achievements/1",
        "type": ["Achievement"],
        "name": "Badge",
        "creditsAvailable": 3.5,
        "criteria": {"narrative": "Do it"},
        "result": "not-an-achievement-term"
      },
      "result": [{"type": ["Result"], "value": "A")" +
           extra_result + R"(}]
    }
  })");
}

}  // namespace

// --------------------------------------------------------------------------
// Document loader

TEST_CASE("every bundled context loads and matches its published SHA-256",
          "[jsonld][loader]") {
  Json index = anycred::testing::ReadJsonFile(
      anycred::testing::ConformanceDir() + "/contexts/index.json");
  const Json& entries = index.contains("contexts") ? index["contexts"] : index;
  const auto& loader = jsonld::DocumentLoader::Default();
  REQUIRE_FALSE(jsonld::BundledContexts().empty());
  for (const auto& ctx : jsonld::BundledContexts()) {
    INFO(ctx.url);
    std::string digest = anycred::crypto::HashHex(
        anycred::crypto::HashAlgorithm::kSha256, ctx.text());
    CHECK(digest == ctx.sha256);
    if (entries.contains(ctx.url)) {
      CHECK(digest == entries[ctx.url]["sha256"].get<std::string>());
    }
    auto doc = loader.Load(ctx.url);
    REQUIRE(doc.ok());
    CHECK((*doc)->contains("@context"));
    // Parsed once: the same document object every time.
    auto again = loader.Load(ctx.url);
    REQUIRE(again.ok());
    CHECK(doc->get() == again->get());
  }
  // The VC v2 context is the one the VCDM 2.0 REC pins.
  bool found_v2 = false;
  for (const auto& ctx : jsonld::BundledContexts()) {
    if (std::string(ctx.url) == kV2) {
      found_v2 = true;
      CHECK(std::string(ctx.sha256) ==
            "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734");
    }
  }
  CHECK(found_v2);
}

TEST_CASE("unknown URLs fail with CONTEXT_UNLOADABLE naming the URL",
          "[jsonld][loader]") {
  const std::string url = "https://example.org/not-bundled/context.jsonld";
  auto doc = jsonld::DocumentLoader::Default().Load(url);
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.status().code() == jsonld::codes::kContextUnloadable);
  CHECK(Contains(doc.status().message(), url));

  // The same through expansion.
  Json input = J(R"({"@context": ")" + url + R"(", "@id": "urn:x"})");
  auto expanded = jsonld::Expand(input);
  REQUIRE_FALSE(expanded.ok());
  CHECK(expanded.status().code() == jsonld::codes::kContextUnloadable);
  CHECK(Contains(expanded.status().message(), url));

  // A relative context reference with no base cannot be loaded either.
  auto relative = jsonld::Expand(J(R"({"@context": "ctx.jsonld"})"));
  REQUIRE_FALSE(relative.ok());
  CHECK(relative.status().code() == jsonld::codes::kContextUnloadable);
}

TEST_CASE("registered documents, files and prefix directories",
          "[jsonld][loader]") {
  jsonld::DocumentLoader loader;
  std::uint64_t generation = loader.generation();
  REQUIRE(
      loader
          .AddDocument("https://example.org/ctx",
                       R"({"@context": {"name": "https://schema.org/name"}})")
          .ok());
  CHECK(loader.generation() != generation);
  CHECK(loader.Load("https://example.org/ctx").ok());
  CHECK(loader.Load(kV2).ok());  // bundled ones are still there

  auto bad = loader.AddDocument("https://example.org/bad", "{not json");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.code() == anycred::codes::kMalformedInput);

  auto missing = loader.AddFile("https://example.org/f", "/nonexistent/file");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.code() == anycred::codes::kIoError);

  anycred::testing::TempDir dir;
  anycred::testing::WriteFile(
      dir.File("c.jsonld"),
      R"({"@context": {"@vocab": "https://v.example/"}})");
  REQUIRE(
      loader.AddFile("https://example.org/file", dir.File("c.jsonld")).ok());
  CHECK(loader.Load("https://example.org/file").ok());

  REQUIRE(loader.AddPrefixDirectory("https://tests.example/", dir.path()).ok());
  CHECK(loader.Load("https://tests.example/c.jsonld").ok());
  auto escape = loader.Load("https://tests.example/../c.jsonld");
  REQUIRE_FALSE(escape.ok());
  CHECK(escape.status().code() == jsonld::codes::kContextUnloadable);
  CHECK_FALSE(loader.Load("https://tests.example/missing.jsonld").ok());

  // Without the bundled contexts.
  jsonld::DocumentLoader bare(/*include_bundled=*/false);
  CHECK_FALSE(bare.Load(kV2).ok());

  // A registered context is used by expansion.
  jsonld::JsonLdOptions options;
  options.document_loader = &loader;
  auto expanded = jsonld::Expand(
      J(R"({"@context": "https://example.org/ctx", "name": "x"})"), options);
  REQUIRE(expanded.ok());
  CHECK((*expanded)[0].contains("https://schema.org/name"));
}

// --------------------------------------------------------------------------
// Context processing

TEST_CASE("protected terms cannot be redefined", "[jsonld][context]") {
  Json redefine = J(std::string(R"({"@context": [")") + kV2 +
                    R"(", {"VerifiableCredential": "https://example.org/#Bad"}],
      "type": "VerifiableCredential"})");
  auto result = jsonld::Expand(redefine);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == "protected term redefinition");
  CHECK(Contains(result.status().message(), "VerifiableCredential"));

  // Re-applying the same protected context is an identical redefinition.
  Json same = J(std::string(R"({"@context": [")") + kV2 + R"(", ")" + kV2 +
                R"("], "type": "VerifiableCredential"})");
  auto same_result = jsonld::Expand(same);
  REQUIRE(same_result.ok());
  CHECK((*same_result)[0]["@type"][0] ==
        "https://www.w3.org/2018/credentials#VerifiableCredential");

  // A small self-contained case, identical redefinition accepted.
  Json simple = J(R"({"@context": [
      {"@protected": true, "name": "https://schema.org/name"},
      {"name": "https://schema.org/name"}], "name": "x"})");
  CHECK(jsonld::Expand(simple).ok());
  Json changed = J(R"({"@context": [
      {"@protected": true, "name": "https://schema.org/name"},
      {"name": "https://example.org/name"}], "name": "x"})");
  CHECK(jsonld::Expand(changed).status().code() ==
        "protected term redefinition");
  // A property-scoped context may override protected terms.
  Json scoped = J(R"({"@context": [
      {"@protected": true, "name": "https://schema.org/name",
       "knows": {"@id": "https://schema.org/knows",
                 "@context": {"name": "https://example.org/name"}}}],
      "knows": {"name": "inner"}, "name": "outer"})");
  auto scoped_result = jsonld::Expand(scoped);
  REQUIRE(scoped_result.ok());
  CHECK((*scoped_result)[0]["https://schema.org/knows"][0].contains(
      "https://example.org/name"));
  CHECK((*scoped_result)[0].contains("https://schema.org/name"));
  // Nullifying a context with protected terms is an error.
  Json nullify = J(R"({"@context": [
      {"@protected": true, "name": "https://schema.org/name"}, null]})");
  CHECK(jsonld::Expand(nullify).status().code() ==
        "invalid context nullification");
}

TEST_CASE("type-scoped contexts do not propagate, property-scoped ones do",
          "[jsonld][context]") {
  Json doc = J(R"({
    "@context": {
      "@vocab": "https://outer.example/",
      "Typed": {"@id": "https://example.org/Typed",
                "@context": {"label": "https://typed.example/label"}},
      "scoped": {"@id": "https://example.org/scoped",
                 "@context": {"label": "https://scoped.example/label"}}
    },
    "@type": "Typed",
    "label": "on the typed node",
    "child": {"label": "nested under a typed node"},
    "scoped": {"label": "under a scoped property",
               "deeper": {"label": "still under it"}}
  })");
  auto expanded = jsonld::Expand(doc);
  REQUIRE(expanded.ok());
  const Json& node = (*expanded)[0];
  CHECK(node.contains("https://typed.example/label"));
  const Json& child = node["https://outer.example/child"][0];
  CHECK(child.contains("https://outer.example/label"));
  CHECK_FALSE(child.contains("https://typed.example/label"));
  const Json& scoped = node["https://example.org/scoped"][0];
  CHECK(scoped.contains("https://scoped.example/label"));
  CHECK(scoped["https://outer.example/deeper"][0].contains(
      "https://scoped.example/label"));
}

TEST_CASE("OB type-scoped terms apply only inside their type",
          "[jsonld][context]") {
  // "creditsAvailable" is defined only in Achievement's scoped context.
  Json cred = ObCredential();
  cred["credentialSubject"]["achievement"].erase("result");
  std::string nq = NQuads(cred);
  CHECK(Contains(nq, std::string("<") + kObVocab + "creditsAvailable>"));
  Json outside = ObCredential();
  outside["credentialSubject"]["achievement"].erase("result");
  outside["credentialSubject"]["creditsAvailable"] = 1;
  auto status = SafeStatus(outside);
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == jsonld::codes::kDataLoss);
  CHECK(Contains(status.message(), "credentialSubject.creditsAvailable"));
}

// --------------------------------------------------------------------------
// Literals

TEST_CASE("canonical double lexical forms", "[jsonld][literals]") {
  CHECK(jsonld::CanonicalDoubleLexical(3.5) == "3.5E0");
  CHECK(jsonld::CanonicalDoubleLexical(0.1) == "1.0E-1");
  CHECK(jsonld::CanonicalDoubleLexical(0) == "0.0E0");
  CHECK(jsonld::CanonicalDoubleLexical(-0.0) == "0.0E0");
  CHECK(jsonld::CanonicalDoubleLexical(3) == "3.0E0");
  CHECK(jsonld::CanonicalDoubleLexical(-1234.5) == "-1.2345E3");
  CHECK(jsonld::CanonicalDoubleLexical(1e21) == "1.0E21");
  CHECK(jsonld::CanonicalDoubleLexical(1.5e-7) == "1.5E-7");
  // The mantissa is rounded to 15 fractional digits (JSON-LD 1.1, §8.6).
  CHECK(jsonld::CanonicalDoubleLexical(0.1 + 0.2) == "3.0E-1");
  CHECK(jsonld::CanonicalDoubleLexical(1.0 / 3) == "3.333333333333333E-1");
}

TEST_CASE("numbers, booleans and typed values in RDF", "[jsonld][literals]") {
  const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
  Json doc = J(R"({
    "@context": {"@vocab": "https://v.example/",
                 "d": {"@id": "https://v.example/d",
                       "@type": "http://www.w3.org/2001/XMLSchema#double"},
                 "f": {"@id": "https://v.example/f",
                       "@type": "https://www.w3.org/2001/XMLSchema#float"}},
    "@id": "https://s.example/",
    "int": 3, "one": 1.0, "frac": 3.5, "tenth": 0.1, "big": 1e21,
    "neg": -7, "yes": true, "d": 3, "f": 3.0, "f2": 3.5,
    "str": "3.5"
  })");
  doc["f2"] = J(
      R"({"@value": 3.5, "@type": "https://www.w3.org/2001/XMLSchema#float"})");
  std::string nq = NQuads(doc);
  INFO(nq);
  CHECK(Contains(nq, "<https://v.example/int> \"3\"^^<" + xsd + "integer>"));
  CHECK(Contains(nq, "<https://v.example/one> \"1\"^^<" + xsd + "integer>"));
  CHECK(
      Contains(nq, "<https://v.example/frac> \"3.5E0\"^^<" + xsd + "double>"));
  CHECK(Contains(nq,
                 "<https://v.example/tenth> \"1.0E-1\"^^<" + xsd + "double>"));
  CHECK(
      Contains(nq, "<https://v.example/big> \"1.0E21\"^^<" + xsd + "double>"));
  CHECK(Contains(nq, "<https://v.example/neg> \"-7\"^^<" + xsd + "integer>"));
  CHECK(Contains(nq, "<https://v.example/yes> \"true\"^^<" + xsd + "boolean>"));
  CHECK(Contains(nq, "<https://v.example/d> \"3.0E0\"^^<" + xsd + "double>"));
  CHECK(Contains(nq,
                 "<https://v.example/f> "
                 "\"3\"^^<https://www.w3.org/2001/XMLSchema#float>"));
  CHECK(Contains(nq,
                 "<https://v.example/f2> "
                 "\"3.5E0\"^^<https://www.w3.org/2001/XMLSchema#float>"));
  CHECK(Contains(nq, "<https://v.example/str> \"3.5\" ."));
}

TEST_CASE("OB numbers and datatype IRIs are reproduced exactly",
          "[jsonld][literals]") {
  // "3.0" in the JSON text is the integer 3; the OB context types it float.
  Json cred = J(std::string(R"({
    "@context": [")") +
                kV2 + R"(", ")" + kOb + R"("],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "awardedDate": "2024-05-01T00:00:00+00:00",
    "credentialSubject": {
      "type": ["AchievementSubject"],
      "creditsEarned": 3.0,
      "achievement": {"id": "https://example.edu/a", "type": ["Achievement"],
                      "creditsAvailable": 3.5}}})");
  std::string nq = NQuads(cred);
  INFO(nq);
  CHECK(Contains(nq, "\"3\"^^<https://www.w3.org/2001/XMLSchema#float>"));
  CHECK(Contains(nq, "\"3.5E0\"^^<https://www.w3.org/2001/XMLSchema#float>"));
  // No xsd prefix is defined: the datatype IRI is literally xsd:dateTime,
  // and the lexical form is copied verbatim (+00:00 is not rewritten).
  CHECK(Contains(nq, "\"2024-05-01T00:00:00+00:00\"^^<xsd:dateTime>"));
}

TEST_CASE("language tags are kept as written unless folding is asked for",
          "[jsonld][literals]") {
  Json doc = J(R"({"@id": "https://s.example/",
      "https://v.example/p": {"@value": "colour", "@language": "en-GB"}})");
  CHECK(Contains(NQuads(doc), "\"colour\"@en-GB"));
  jsonld::JsonLdOptions lower;
  lower.lowercase_language_tags = true;
  CHECK(Contains(NQuads(doc, lower), "\"colour\"@en-gb"));
}

TEST_CASE("@json values become JCS rdf:JSON literals", "[jsonld][literals]") {
  Json cred = J(std::string(R"({
    "@context": [")") +
                kV2 + R"("],
    "type": ["VerifiableCredential"],
    "credentialSchema": {"id": "https://example.org/schema", "type": "JsonSchema",
      "jsonSchema": {"type": "object", "$id": "x", "minimum": 1.0,
                     "list": [1.5, "é", true, null]}}})");
  std::string nq = NQuads(cred);
  INFO(nq);
  CHECK(Contains(
      nq,
      "<https://www.w3.org/2018/credentials#jsonSchema> "
      "\"{\\\"$id\\\":\\\"x\\\",\\\"list\\\":[1.5,\\\"é\\\",true,null],"
      "\\\"minimum\\\":1,\\\"type\\\":\\\"object\\\"}\"^^"
      "<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>"));
  auto expanded = jsonld::Expand(cred);
  REQUIRE(expanded.ok());
  const Json& schema =
      (*expanded)[0]["https://www.w3.org/2018/credentials#credentialSchema"][0]
                 ["https://www.w3.org/2018/credentials#jsonSchema"][0];
  CHECK(schema["@type"] == "@json");
  CHECK(schema["@value"]["type"] == "object");
}

// --------------------------------------------------------------------------
// Containers

TEST_CASE("@list keeps order as an rdf:first/rest chain",
          "[jsonld][containers]") {
  Json doc = J(
      R"({"@context": {"l": {"@id": "https://v.example/l", "@container": "@list"}},
      "@id": "https://s.example/", "l": ["c", "a", "b"]})");
  auto dataset = jsonld::ToRdf(doc);
  REQUIRE(dataset.ok());
  // Walk the list from the subject.
  std::string node;
  for (const auto& q : *dataset) {
    if (q.subject.value == "https://s.example/") node = q.object.value;
  }
  std::vector<std::string> values;
  for (int guard = 0; guard < 10 && node != rdf::kRdfNil; ++guard) {
    std::string next;
    for (const auto& q : *dataset) {
      if (q.subject.value != node) continue;
      if (q.predicate.value == rdf::kRdfFirst) values.push_back(q.object.value);
      if (q.predicate.value == rdf::kRdfRest) next = q.object.value;
    }
    node = next;
  }
  CHECK(values == std::vector<std::string>{"c", "a", "b"});
  // Empty list is rdf:nil.
  Json empty = J(
      R"({"@context": {"l": {"@id": "https://v.example/l", "@container": "@list"}},
      "@id": "https://s.example/", "l": []})");
  CHECK(Contains(NQuads(empty),
                 "<https://s.example/> <https://v.example/l> "
                 "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> ."));
}

TEST_CASE("OB allowedValue is an ordered list", "[jsonld][containers]") {
  Json cred = J(std::string(R"({
    "@context": [")") +
                kV2 + R"(", ")" + kOb + R"("],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
      "id": "https://example.edu/a", "type": ["Achievement"],
      "resultDescription": [{"id": "urn:rd", "type": ["ResultDescription"],
        "name": "grade", "resultType": "LetterGrade",
        "allowedValue": ["A", "B", "C"]}]}}})");
  std::string nq = NQuads(cred);
  INFO(nq);
  CHECK(
      Contains(nq, std::string("<urn:rd> <") + kObVocab + "allowedValue> _:"));
  CHECK(
      Contains(nq, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> \"A\""));
  CHECK(
      Contains(nq, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> \"C\""));
}

TEST_CASE("VC proof and VP verifiableCredential are named graphs",
          "[jsonld][containers]") {
  Json vp = J(std::string(R"({
    "@context": [")") +
              kV2 + R"("],
    "type": ["VerifiablePresentation"],
    "verifiableCredential": [{
      "@context": [")" +
              kV2 + R"("],
      "id": "urn:uuid:vc", "type": ["VerifiableCredential"],
      "issuer": "https://issuer.example/",
      "credentialSubject": {"id": "did:example:holder"},
      "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
                "proofPurpose": "assertionMethod",
                "verificationMethod": "https://issuer.example/#key"}}]})");
  auto dataset = jsonld::ToRdf(vp);
  REQUIRE(dataset.ok());
  std::string vc_graph, proof_graph;
  for (const auto& q : *dataset) {
    if (q.predicate.value ==
        "https://www.w3.org/2018/credentials#verifiableCredential") {
      CHECK(q.object.is_blank());
      CHECK(q.graph.is_default_graph());
      vc_graph = q.object.value;
    }
  }
  REQUIRE_FALSE(vc_graph.empty());
  for (const auto& q : *dataset) {
    if (q.subject.value == "urn:uuid:vc") {
      CHECK(q.graph.is_blank());
      CHECK(q.graph.value == vc_graph);
      if (q.predicate.value == "https://w3id.org/security#proof") {
        proof_graph = q.object.value;
      }
    }
  }
  REQUIRE_FALSE(proof_graph.empty());
  bool proof_in_own_graph = false;
  for (const auto& q : *dataset) {
    if (q.predicate.value == "https://w3id.org/security#proofPurpose") {
      CHECK(q.graph.value == proof_graph);
      CHECK(q.object.value == "https://w3id.org/security#assertionMethod");
      proof_in_own_graph = true;
    }
  }
  CHECK(proof_in_own_graph);
}

TEST_CASE("CLR verifiableCredential is not a graph (nested VCs merge)",
          "[jsonld][containers]") {
  Json clr = anycred::testing::ReadJsonFile(
      anycred::testing::ConformanceDir() +
      "/vectors/clr2-eddsa-rdfc-2022/unsigned.json");
  auto dataset = jsonld::ToRdf(clr);
  REQUIRE(dataset.ok());
  bool nested_in_default = false;
  bool nested_proof_named = false;
  for (const auto& q : *dataset) {
    if (q.predicate.value ==
        "https://purl.imsglobal.org/spec/vc/clr/"
        "vocab.html#verifiableCredential") {
      CHECK(q.graph.is_default_graph());
      CHECK(q.object.is_iri());
      // The nested credential's own triples are in the default graph too.
      for (const auto& r : *dataset) {
        if (r.subject == q.object && r.predicate.value == rdf::kRdfType) {
          nested_in_default = r.graph.is_default_graph();
        }
      }
    }
    if (q.predicate.value == "https://w3id.org/security#proofValue") {
      nested_proof_named = !q.graph.is_default_graph();
    }
  }
  CHECK(nested_in_default);
  CHECK(nested_proof_named);
}

// --------------------------------------------------------------------------
// Safe mode

TEST_CASE("safe mode names the JSON path of an undefined term",
          "[jsonld][safe]") {
  Json cred = ObCredential(R"(, "foo": "bar")");
  cred["credentialSubject"]["achievement"].erase("result");
  auto status = SafeStatus(cred);
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == jsonld::codes::kDataLoss);
  CHECK(status.message() ==
        "credentialSubject.result[0].foo: the term \"foo\" is not defined by "
        "the active context");
  // Expand in safe mode reports the same.
  jsonld::JsonLdOptions safe;
  safe.safe_mode = true;
  CHECK(jsonld::Expand(cred, safe).status().message() == status.message());
  // Without safe mode the term is silently dropped.
  std::string nq = NQuads(cred);
  CHECK_FALSE(Contains(nq, "foo"));
  CHECK(Contains(nq, "\"A\""));
}

TEST_CASE("safe mode: a term that a type-scoped context does not define",
          "[jsonld][safe]") {
  // "result" is not a term inside Achievement (only in AchievementSubject).
  auto status = SafeStatus(ObCredential());
  REQUIRE_FALSE(status.ok());
  CHECK(status.message() ==
        "credentialSubject.achievement.result: the term \"result\" is not "
        "defined by the active context");
}

TEST_CASE("safe mode: undefined and relative types", "[jsonld][safe]") {
  Json cred = ObCredential();
  cred["credentialSubject"]["achievement"].erase("result");
  cred["type"] =
      J(R"(["VerifiableCredential", "OpenBadgeCredential", "Other"])");
  auto status = SafeStatus(cred);
  REQUIRE_FALSE(status.ok());
  CHECK(status.message() ==
        "type: the type \"Other\" is not defined by the active context");
  // A nested Result without its type: its terms are undefined (trap 6).
  Json untyped = ObCredential();
  untyped["credentialSubject"]["achievement"].erase("result");
  untyped["credentialSubject"]["result"][0].erase("type");
  auto s2 = SafeStatus(untyped);
  REQUIRE_FALSE(s2.ok());
  CHECK(Contains(s2.message(), "credentialSubject.result[0].value: the term"));
}

TEST_CASE("safe mode: relative @id without a base IRI", "[jsonld][safe]") {
  Json doc = J(std::string(R"({"@context": [")") + kV2 + R"("],
      "id": "credentials/1", "type": ["VerifiableCredential"]})");
  auto status = SafeStatus(doc);
  REQUIRE_FALSE(status.ok());
  CHECK(status.message() ==
        "id: the @id \"credentials/1\" is a relative IRI reference; without "
        "a base IRI it would be dropped");
  // With a base IRI the reference resolves and nothing is lost.
  jsonld::JsonLdOptions with_base;
  with_base.base = "https://example.org/";
  CHECK(SafeStatus(doc, with_base).ok());
  // Without safe mode the subject is silently dropped (type triple gone).
  CHECK_FALSE(Contains(NQuads(doc), "VerifiableCredential"));
  // An @type: @id value (issuer) that is relative.
  Json issuer = J(std::string(R"({"@context": [")") + kV2 + R"("],
      "type": ["VerifiableCredential"], "issuer": "issuer-1"})");
  auto s2 = SafeStatus(issuer);
  REQUIRE_FALSE(s2.ok());
  CHECK(Contains(s2.message(), "issuer: the IRI \"issuer-1\" is a relative"));
}

TEST_CASE("safe mode: invalid IRIs and language tags", "[jsonld][safe]") {
  Json bad_iri = J(R"({"@id": "https://example.org/a b",
      "https://v.example/p": "x"})");
  auto s1 = SafeStatus(bad_iri);
  REQUIRE_FALSE(s1.ok());
  CHECK(Contains(s1.message(), "not a well-formed IRI"));
  CHECK(NQuads(bad_iri).empty());  // dropped without safe mode

  Json bad_lang = J(R"({"@id": "https://example.org/a",
      "https://v.example/p": {"@value": "x", "@language": "not a tag"}})");
  auto s2 = SafeStatus(bad_lang);
  REQUIRE_FALSE(s2.ok());
  CHECK(s2.message() ==
        "https://v.example/p.@language: the language tag \"not a tag\" is "
        "not well-formed and would be dropped");
}

TEST_CASE("safe mode: @direction needs rdfDirection in RDF", "[jsonld][safe]") {
  Json doc = J(R"({"@id": "https://example.org/a",
      "https://v.example/p": {"@value": "x", "@language": "ar", "@direction": "rtl"}})");
  auto status = SafeStatus(doc);
  REQUIRE_FALSE(status.ok());
  CHECK(Contains(status.message(), "@direction"));
  // Expansion keeps the direction, so Expand in safe mode is fine.
  jsonld::JsonLdOptions safe;
  safe.safe_mode = true;
  CHECK(jsonld::Expand(doc, safe).ok());
  // With an rdfDirection the direction is signed.
  jsonld::JsonLdOptions i18n;
  i18n.rdf_direction = jsonld::RdfDirection::kI18nDatatype;
  CHECK(SafeStatus(doc, i18n).ok());
  CHECK(Contains(NQuads(doc, i18n),
                 "\"x\"^^<https://www.w3.org/ns/i18n#ar_rtl>"));
}

TEST_CASE("safe mode accepts the spec examples and signing vectors",
          "[jsonld][safe]") {
  const std::string dir = anycred::testing::ConformanceDir();
  Json index =
      anycred::testing::ReadJsonFile(dir + "/ob3/examples/spec/index.json");
  int checked = 0;
  for (const Json& example : index["examples"]) {
    std::string file = example["file"].get<std::string>();
    Json doc =
        anycred::testing::ReadJsonFile(dir + "/ob3/examples/spec/" + file);
    auto status = SafeStatus(doc);
    INFO(file << ": " << status.ToString());
    bool bad_context = false;
    for (const auto& c : example["contexts"]) {
      if (c == "https://www.w3.org/2018/credentials/examples/v2")
        bad_context = true;
    }
    if (bad_context) {
      CHECK(status.code() == jsonld::codes::kContextUnloadable);
    } else if (file.rfind("19-", 0) == 0) {
      CHECK(status.code() == jsonld::codes::kDataLoss);
      CHECK(Contains(status.message(), "alsoKnownAs"));
    } else {
      CHECK(status.ok());
    }
    ++checked;
  }
  CHECK(checked == 19);
  for (const char* v :
       {"eddsa-rdfc-2022", "ed25519signature2020", "ob3-eddsa-rdfc-2022",
        "clr2-eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019-p256"}) {
    INFO(v);
    Json doc = anycred::testing::ReadJsonFile(dir + "/vectors/" + v +
                                              "/unsigned.json");
    CHECK(SafeStatus(doc).ok());
  }
}

TEST_CASE("safe mode agrees with the validator samples' expectations",
          "[jsonld][safe]") {
  const std::string dir =
      anycred::testing::ConformanceDir() + "/ob3/examples/validator-samples/";
  Json expectations = anycred::testing::ReadJsonFile(dir + "expectations.json");
  int checked = 0;
  for (const auto& [file, e] : expectations["files"].items()) {
    if (!e.contains("offline_check") || !e["offline_check"].is_object())
      continue;
    const Json& check = e["offline_check"];
    if (!check.contains("json_ld_expand_safe_mode")) continue;
    bool expect_ok = check["json_ld_expand_safe_mode"] == "ok";
    auto parsed = anycred::ParseJson(anycred::testing::ReadFile(dir + file));
    if (!parsed.ok()) continue;
    auto status = SafeStatus(*parsed);
    INFO(file << ": " << status.ToString());
    if (file == "ob30/simple-err-proof-method-no-scheme.json") {
      // jsonld.js only *expands* in that check and keeps the relative
      // verificationMethod; toRdf would drop it, which safe mode rejects.
      CHECK(status.code() == jsonld::codes::kDataLoss);
      CHECK(Contains(status.message(), "proof[0].verificationMethod"));
    } else {
      CHECK(status.ok() == expect_ok);
    }
    ++checked;
  }
  CHECK(checked >= 40);
}

// --------------------------------------------------------------------------
// Caching and threads

TEST_CASE(
    "results are identical with and without the context cache, and "
    "across threads",
    "[jsonld][cache]") {
  Json cred = anycred::testing::ReadJsonFile(
      anycred::testing::ConformanceDir() +
      "/vectors/ob3-eddsa-rdfc-2022/unsigned.json");
  jsonld::JsonLdOptions no_cache;
  no_cache.use_context_cache = false;
  const std::string reference = NQuads(cred, no_cache);
  REQUIRE_FALSE(reference.empty());
  CHECK(NQuads(cred) == reference);
  CHECK(NQuads(cred) == reference);

  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (NQuads(cred) != reference) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) CHECK(m == 0);
}

TEST_CASE("errors carry the JSON-LD error code", "[jsonld][errors]") {
  CHECK(jsonld::Expand(J(R"({"@context": {"@vocab": 5}})")).status().code() ==
        "invalid vocab mapping");
  CHECK(jsonld::Expand(J(R"({"@context": 5})")).status().code() ==
        "invalid local context");
  CHECK(jsonld::Expand(J(R"({"@id": 5})")).status().code() ==
        "invalid @id value");
  CHECK(jsonld::Expand(J(R"({"@context": {"a": {"@id": "ex:a", "@type": 5}}})"))
            .status()
            .code() == "invalid type mapping");
  CHECK(
      jsonld::Expand(
          J(R"({"https://v.example/p": {"@value": "x", "@type": "bad type"}})"))
          .status()
          .code() == "invalid typed value");
}

TEST_CASE("very deep documents are refused, not overflowing the stack",
          "[jsonld][errors]") {
  Json doc = Json::object();
  Json* cursor = &doc;
  for (int i = 0; i < 2000; ++i) {
    (*cursor)["https://v.example/p"] = Json::object();
    cursor = &(*cursor)["https://v.example/p"];
  }
  auto result = jsonld::ToRdf(doc);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == anycred::codes::kMalformedInput);
}

TEST_CASE("ExpandedToRdf of Expand's output equals ToRdf", "[jsonld][api]") {
  for (const char* v : {"ob3-eddsa-rdfc-2022", "clr2-eddsa-rdfc-2022"}) {
    INFO(v);
    Json doc =
        anycred::testing::ReadJsonFile(anycred::testing::ConformanceDir() +
                                       "/vectors/" + v + "/unsigned.json");
    auto expanded = jsonld::Expand(doc);
    REQUIRE(expanded.ok());
    auto from_expanded = jsonld::ExpandedToRdf(*expanded);
    REQUIRE(from_expanded.ok());
    auto direct = jsonld::ToRdf(doc);
    REQUIRE(direct.ok());
    CHECK(rdf::SerializeNQuads(*from_expanded) ==
          rdf::SerializeNQuads(*direct));
  }
}
