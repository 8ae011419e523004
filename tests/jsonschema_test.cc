// JSON Schema validation with the bundled Open Badges 3.0 / CLR 2.0
// schemas, on the OB examples and the 1EdTech validator samples.
#include <catch2/catch.hpp>

#include "core/jsonschema/bundled_schemas.h"
#include "core/jsonschema/validator.h"
#include "core/verification/checks.h"
#include "tests/test_util.h"

using namespace anycred;

namespace {
const std::string kOb =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json";
std::string Examples() { return testing::ConformanceDir() + "/ob3/examples"; }
Json Sample(const std::string& name) {
  return testing::ReadJsonFile(Examples() + "/validator-samples/ob30/" + name);
}
bool AnyPointerStartsWith(const std::vector<jsonschema::SchemaError>& errors,
                          const std::string& prefix) {
  for (const auto& e : errors)
    if (e.pointer.rfind(prefix, 0) == 0) return true;
  return false;
}
}  // namespace

TEST_CASE("jsonschema: the bundled schemas are the conformance copies",
          "[jsonschema]") {
  Json index =
      testing::ReadJsonFile(testing::SourceDir() + "/specs/schemas/index.json");
  CHECK(jsonschema::BundledSchemas().size() == index["schemas"].size());
  for (const auto& s : jsonschema::BundledSchemas()) {
    Json doc = Json::parse(s.text());
    CHECK(doc["$id"] == s.url);  // looked up by the URL credentials use
    CHECK(doc["$schema"] == "https://json-schema.org/draft/2019-09/schema#");
  }
  CHECK(jsonschema::IsBundled(kOb));
  CHECK(jsonschema::Validate("https://example.org/schema.json", Json::object())
            .status()
            .code() == codes::kNotFound);
}

TEST_CASE("jsonschema: valid Open Badges pass", "[jsonschema]") {
  for (const std::string file :
       {"/spec/11-basicOpenBadgeCredential-sample-openbadgecredential.json",
        "/spec/13-fullOpenBadge-complete-openbadgecredential.json",
        "/validator-samples/ob30/simple.json",
        "/validator-samples/ob30/complete.json"}) {
    INFO(file);
    auto r =
        jsonschema::Validate(kOb, testing::ReadJsonFile(Examples() + file));
    REQUIRE(r.ok());
    CHECK(r->empty());
  }
  auto welding = jsonschema::Validate(
      kOb, testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json"));
  REQUIRE(welding.ok());
  CHECK(welding->empty());
  auto endorsement = jsonschema::Validate(
      "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
      "ob_v3p0_endorsementcredential_schema.json",
      Sample("endorsement-valid.json"));
  REQUIRE(endorsement.ok());
  CHECK(endorsement->empty());
}

TEST_CASE("jsonschema: the validator's error samples fail where they should",
          "[jsonschema]") {
  struct Case {
    const char* file;
    const char* pointer;
  } cases[] = {
      {"simple-err-issuer.json", ""},
      {"simple-err-issuer-type.json", "/issuer"},
      {"simple-err-issuer-parentorg-type.json", "/issuer"},
      {"simple-err-credential-subject-type.json", "/credentialSubject"},
      {"simple-err-credential-subject-identifier-type.json",
       "/credentialSubject"},
      {"simple-err-credential-subject-result-type.json", "/credentialSubject"},
      {"simple-err-type.json", "/type"},
      {"simple-err-context.json", "/@context"},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    auto r = jsonschema::Validate(kOb, Sample(c.file));
    REQUIRE(r.ok());
    CHECK_FALSE(r->empty());
    CHECK(AnyPointerStartsWith(*r, c.pointer));
  }
  auto missing = jsonschema::Validate(kOb, Sample("simple-err-issuer.json"));
  bool named = false;
  for (const auto& e : *missing)
    named |= e.message.find("'issuer'") != std::string::npos;
  CHECK(named);
}

TEST_CASE("schema check: pointers; only declared schemas are applied",
          "[jsonschema]") {
  using verification::CheckSchema;
  using verification::Outcome;
  auto ok = CheckSchema(Sample("simple.json"));
  CHECK(ok.outcome == Outcome::kOk);

  Json bad = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
  bad["credentialSubject"]["achievement"]["criteria"] = 5;
  // Not declared: the OB schema is not applied (OB 3.0 verification step 1).
  auto undeclared = CheckSchema(bad);
  CHECK(undeclared.outcome == Outcome::kOk);
  CHECK(undeclared.details["schemas"].empty());
  bad["credentialSchema"] = {{"id", kOb},
                             {"type", "1EdTechJsonSchemaValidator2019"}};
  auto r = CheckSchema(bad);
  CHECK(r.outcome == Outcome::kFailed);
  REQUIRE(r.errors.size() == 1);  // the cause, not its cascade
  CHECK(r.errors[0].code == "SCHEMA_INVALID");
  CHECK(r.errors[0].message.rfind("/credentialSubject/achievement/criteria: ",
                                  0) == 0);

  Json anonymous = testing::ReadJsonFile(
      testing::SourceDir() + "/specs/examples/welding-safety-badge.json");
  anonymous["credentialSubject"].erase("id");
  auto a = CheckSchema(anonymous);
  CHECK(a.outcome == Outcome::kFailed);
  CHECK(a.errors.back().message ==
        "/credentialSubject: an Open Badge's recipient needs an id or an "
        "identifier");

  Json declared = Sample("simple.json");
  declared["credentialSchema"] = {{"id", "https://example.org/my-schema.json"},
                                  {"type", "1EdTechJsonSchemaValidator2019"}};
  auto d = CheckSchema(declared);
  CHECK(d.outcome == Outcome::kOk);
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].code == "SCHEMA_NOT_CHECKED");

  Json plain = {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
                {"type", {"VerifiableCredential"}}};
  CHECK(CheckSchema(plain).summary ==
        "The credential declares no JSON Schema.");
}

TEST_CASE("schema check: CLR 2.0 against its declared schema", "[jsonschema]") {
  using verification::CheckSchema;
  using verification::Outcome;
  Json clr = testing::ReadJsonFile(Examples() +
                                   "/validator-samples/clr20/simple.json");
  auto ok = CheckSchema(clr);
  CHECK(ok.outcome == Outcome::kOk);
  CHECK(ok.details["schemas"][0] ==
        "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/"
        "clr_v2p0_clrcredential_schema.json");
  clr.erase("issuer");
  auto bad = CheckSchema(clr);
  CHECK(bad.outcome == Outcome::kFailed);
  bool named = false;
  for (const auto& e : bad.errors)
    named |= e.message.find("'issuer'") != std::string::npos;
  CHECK(named);
}
