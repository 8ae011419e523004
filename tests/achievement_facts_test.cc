// What a credential says (core/vc/achievement_facts.h), for inspect, the web
// page and the wallet: OB 3.0, CLR 2.0, VC 1.1, hashed recipients, plain
// VCs and presentations.
#include "core/vc/achievement_facts.h"

#include <catch2/catch.hpp>

#include "tests/test_util.h"

using namespace anycred;

namespace {
Json Example() {
  return testing::ReadJsonFile(testing::SourceDir() +
                               "/specs/examples/welding-safety-badge.json");
}
bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("an Open Badge's achievement, competencies, credits, results",
          "[facts]") {
  Json f = vc::AchievementFacts(Example());
  CHECK(f["kind"] == "Open Badge 3.0");
  CHECK(f["dataModel"] == "2.0");
  CHECK(f["issuer"]["name"] == "Riverside Career & Technical Center");
  CHECK(f["issuer"]["id"] == "did:example:issuer");
  CHECK(f["recipient"]["id"] == "did:example:student-4821");
  CHECK(f["achievement"]["name"] == "Welding Safety Fundamentals");
  CHECK(f["achievement"]["type"] == "Competency");
  CHECK(Contains(f["achievement"]["criteria"]["narrative"], "at least 80%"));
  REQUIRE(f["competencies"].size() == 1);
  CHECK(f["competencies"][0]["targetFramework"] ==
        "State CTE Welding Technology Standards");
  CHECK(f["competencies"][0]["targetCode"] == "WLD.1.2");
  CHECK(f["competencies"][0]["targetType"] == "CFItem");
  CHECK(f["credits"]["available"] == 0.5);
  CHECK(f["credits"]["earned"] == 0.5);
  REQUIRE(f["results"].size() == 1);
  CHECK(f["results"][0]["name"] == "Written safety assessment");
  CHECK(f["results"][0]["value"] == "92");
  CHECK(f["results"][0]["resultType"] == "Percent");
  CHECK(f["dates"]["validFrom"] == "2026-06-12T00:00:00Z");
  CHECK(f["evidence"][0]["name"] == "Practical safety check record");

  std::string text = vc::AchievementFactsToText(f);
  CHECK(
      Contains(text, "Achievement: Welding Safety Fundamentals (Competency)"));
  CHECK(Contains(text,
                 "Issued by: Riverside Career & Technical Center "
                 "(did:example:issuer)"));
  CHECK(Contains(text,
                 "framework State CTE Welding Technology Standards, code "
                 "WLD.1.2, type CFItem"));
  CHECK(Contains(text, "Credits: 0.5 earned of 0.5 available"));
  CHECK(Contains(text, "Written safety assessment: 92 (out of 100) [Percent]"));
  CHECK(Contains(text, "Expires: never"));
}

TEST_CASE("a hashed recipient is said plainly", "[facts]") {
  Json c = Example();
  c["credentialSubject"].erase("id");
  c["credentialSubject"]["identifier"] = {
      {{"type", "IdentityObject"},
       {"hashed", true},
       {"identityHash",
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b"
        "913aee2c922ef399"},
       {"identityType", "emailAddress"},
       {"salt", "Kosher"}}};
  Json f = vc::AchievementFacts(c);
  CHECK_FALSE(f["recipient"].contains("id"));
  CHECK(f["recipient"]["identifiers"][0]["hashed"] == true);
  CHECK(f["recipient"]["identifiers"][0]["identityType"] == "emailAddress");
  std::string said = f["recipient"]["description"];
  CHECK(Contains(said, "an email address, hashed (SHA-256, salted)"));
  CHECK(Contains(said, "check"));
}

TEST_CASE("a CLR lists each contained credential", "[facts]") {
  Json clr = testing::ReadJsonFile(testing::ConformanceDir() +
                                   "/vectors/clr2-eddsa-rdfc-2022/signed.json");
  Json f = vc::AchievementFacts(clr);
  CHECK(f["kind"] == "Comprehensive Learner Record 2.0");
  CHECK(f["name"] == "Sample Transcript");
  REQUIRE(f["credentials"].size() == 1);
  CHECK(f["credentials"][0]["kind"] == "Open Badge 3.0");
  CHECK(f["credentials"][0]["achievement"]["name"] == "Achievement 1");
  std::string text = vc::AchievementFactsToText(f);
  CHECK(Contains(text, "Contains 1 credential:"));
  CHECK(Contains(text, "1.   Open Badge 3.0: Example University Degree"));
}

TEST_CASE("VC 1.1 dates, plain VCs' claims, presentations", "[facts]") {
  Json v1 = {{"@context", {"https://www.w3.org/2018/credentials/v1"}},
             {"type", {"VerifiableCredential"}},
             {"issuer", "did:example:dmv"},
             {"issuanceDate", "2020-01-01T00:00:00Z"},
             {"expirationDate", "2030-01-01T00:00:00Z"},
             {"credentialSubject",
              {{"id", "did:example:p"},
               {"licenseClass", "C"},
               {"points", 3},
               {"address", {{"name", "Home"}, {"street", "1 Main"}}}}}};
  Json f = vc::AchievementFacts(v1);
  CHECK(f["kind"] == "Verifiable Credential 1.1");
  CHECK(f["dates"]["issuanceDate"] == "2020-01-01T00:00:00Z");
  CHECK(f["claims"]["licenseClass"] == "C");
  CHECK(f["claims"]["points"] == "3");
  CHECK(f["claims"]["address"] == "Home");
  std::string text = vc::AchievementFactsToText(f);
  CHECK(Contains(text, "Valid from: 2020-01-01T00:00:00Z"));
  CHECK(Contains(text, "Valid until: 2030-01-01T00:00:00Z"));

  Json vp = {{"type", {"VerifiablePresentation"}},
             {"holder", "did:example:p"},
             {"verifiableCredential", {Example(), v1, "not a credential"}}};
  Json pf = vc::AchievementFacts(vp);
  CHECK(pf["kind"] == "Verifiable Presentation");
  CHECK(pf["holder"]["id"] == "did:example:p");
  CHECK(pf["credentials"].size() == 2);
}

TEST_CASE("anything at all gives facts, never a crash", "[facts]") {
  for (const Json& odd :
       {Json(), Json(3), Json::array(), Json::object(),
        Json{{"credentialSubject", "x"}, {"issuer", 5}},
        Json{{"type", "ClrCredential"},
             {"credentialSubject", {{"verifiableCredential", {1, "a"}}}}},
        Json{{"credentialSubject",
              {{"achievement", {{"alignment", {1, Json::object()}}}},
               {"result", {{{"resultDescription", 3}}}}}}}}) {
    Json f = vc::AchievementFacts(odd);
    (void)vc::AchievementFactsToText(f);
    CHECK(f.is_object());
  }
  // Nesting is bounded.
  Json deep = Example();
  for (int i = 0; i < 50; ++i) {
    deep = Json{{"type", {"VerifiablePresentation"}},
                {"verifiableCredential", {deep}}};
  }
  CHECK(vc::AchievementFacts(deep).is_object());
}
