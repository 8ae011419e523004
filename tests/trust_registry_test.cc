// Trust registries: both formats, scope matching, periods, several
// registries, and the trust check built on them.
#include <catch2/catch.hpp>

#include "core/trust/registry.h"
#include "core/verification/checks.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::trust;

namespace {
Json Badge(const std::string& issuer) {
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c["issuer"]["id"] = issuer;
  return c;
}
Registry Example() {
  auto r = Registry::ReadFile(testing::SourceDir() +
                              "/specs/examples/trust-registry.json");
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return *r;
}
Timestamp At(const char* t) { return *ParseDateTime(t, true); }
}  // namespace

TEST_CASE("trust: facts are read from the achievement and its alignments",
          "[trust]") {
  auto f = AchievementFacts::FromCredential(Badge("did:x"));
  CHECK(f.achievement_types == std::vector<std::string>{"Competency"});
  CHECK(f.fields_of_study == std::vector<std::string>{"Welding Technology"});
  REQUIRE(f.alignments.size() == 1);
  CHECK(f.alignments[0].framework == "State CTE Welding Technology Standards");
  CHECK(f.alignments[0].code == "WLD.1.2");
}

TEST_CASE("trust: the example registry recognizes by scope and period",
          "[trust]") {
  Registry r = Example();
  CHECK(r.name() == "Lakeside College transfer credit");
  CHECK(r.format() == "anycred");
  REQUIRE(r.entries().size() == 3);
  auto facts = AchievementFacts::FromCredential(Badge("x"));

  auto riverside = r.Lookup("did:web:cte.riverside.example", facts,
                            At("2026-06-12T00:00:00Z"));
  CHECK(riverside.recognition == Recognition::kRecognized);
  REQUIRE(riverside.entry != nullptr);
  CHECK(riverside.entry->name == "Riverside Career & Technical Center");
  CHECK(riverside.reason ==
        "recognized by Lakeside College transfer credit as Riverside Career & "
        "Technical Center for competency framework State CTE Welding "
        "Technology Standards, field of study Welding Technology");

  auto before = r.Lookup("did:web:cte.riverside.example", facts,
                         At("2023-06-12T00:00:00Z"));
  CHECK(before.recognition == Recognition::kOutsidePeriod);

  // Listed, but not for a nursing badge.
  AchievementFacts nursing;
  nursing.achievement_types = {"Course"};
  nursing.fields_of_study = {"Nursing"};
  auto out = r.Lookup("did:web:cte.riverside.example", nursing,
                      At("2026-06-12T00:00:00Z"));
  CHECK(out.recognition == Recognition::kOutOfScope);
  CHECK(out.reason.find("but not for this competency") != std::string::npos);

  // No scope: everything; several ids for one organization.
  auto northfield = r.Lookup("https://registrar.northfield.example/issuer",
                             nursing, At("2026-06-12T00:00:00Z"));
  CHECK(northfield.recognition == Recognition::kRecognized);
  CHECK(northfield.reason.find("for all credentials") != std::string::npos);

  // A competency code (or its CASE URL).
  auto academy = r.Lookup("did:web:academy.safety.example", facts,
                          At("2026-06-12T00:00:00Z"));
  CHECK(academy.recognition == Recognition::kRecognized);
  CHECK(academy.matched ==
        std::vector<std::string>{"competency WLD.1.2",
                                 "competency https://case.standards.example/"
                                 "uri/5d0c7c1e-wld-1-2"});

  auto stranger = r.Lookup("did:web:diploma-mill.example", facts,
                           At("2026-06-12T00:00:00Z"));
  CHECK(stranger.recognition == Recognition::kNotListed);
  CHECK(stranger.entry == nullptr);
  CHECK(stranger.reason ==
        "not in the registry Lakeside College transfer credit");
}

TEST_CASE("trust: a framework given as a URL matches targetUrl prefixes",
          "[trust]") {
  Json doc = {
      {"issuers",
       {{{"id", "did:a"},
         {"name", "A"},
         {"scope",
          {{"frameworks", {"https://case.standards.example/uri/"}}}}}}}};
  auto r = Registry::Parse(doc, "file");
  REQUIRE(r.ok());
  CHECK(r->name() == "file");
  auto facts = AchievementFacts::FromCredential(Badge("x"));
  CHECK(r->Lookup("did:a", facts, At("2026-01-01T00:00:00Z")).recognition ==
        Recognition::kRecognized);
}

TEST_CASE("trust: DCC registry.json is read (all scopes, no dates)",
          "[trust]") {
  Json dcc = {{"meta", {{"created", "2020-12-02T02:32:16+0000"}}},
              {"registry",
               {{"did:key:z6MkDcc",
                 {{"name", "Example University"},
                  {"location", "Cambridge, MA, USA"},
                  {"url", "https://example.edu"}}}}}};
  auto r = Registry::Parse(dcc, "DCC Member Registry");
  REQUIRE(r.ok());
  CHECK(r->format() == "dcc");
  auto found = r->Lookup("did:key:z6MkDcc", {}, At("2026-01-01T00:00:00Z"));
  CHECK(found.recognition == Recognition::kRecognized);
  CHECK(found.entry->url == "https://example.edu");
  Json entries = {{"entries", {{"did:key:z6MkX", {{"name", "X"}}}}}};
  CHECK(Registry::Parse(entries, "x").ok());
}

TEST_CASE("trust: malformed registries name the field", "[trust]") {
  auto bad = [](const Json& doc) {
    auto r = Registry::Parse(doc, "f");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "MALFORMED_INPUT");
    return r.status().message();
  };
  CHECK(bad(Json::array()).find("registry") == 0);
  CHECK(bad({{"issuers", {{{"name", "A"}}}}}) == "issuers[0].id: is required");
  CHECK(bad({{"issuers", {{{"id", "did:a"}}}}}).find("issuers[0].name") == 0);
  CHECK(
      bad({{"issuers",
            {{{"id", "did:a"}, {"name", "A"}, {"scope", {{"colors", "x"}}}}}}})
          .find("issuers[0].scope.colors") == 0);
  CHECK(bad({{"issuers",
              {{{"id", "did:a"}, {"name", "A"}, {"since", "yesterday"}}}}})
            .find("issuers[0].since") == 0);
  CHECK(bad({{"registry", {{"did:a", {{"url", "x"}}}}}})
            .find("registry[\"did:a\"].name") == 0);
}

TEST_CASE("trust: several registries, the first that recognizes answers",
          "[trust]") {
  auto a = Registry::Parse({{"name", "A"},
                            {"issuers",
                             {{{"id", "did:x"},
                               {"name", "X"},
                               {"scope", {{"fieldsOfStudy", {"Nursing"}}}}}}}},
                           "a");
  auto b = Registry::Parse(
      {{"name", "B"}, {"issuers", {{{"id", "did:x"}, {"name", "X Inc"}}}}},
      "b");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  std::vector<Registry> both = {*a, *b};
  auto facts = AchievementFacts::FromCredential(Badge("x"));
  auto r = LookupAll(both, "did:x", facts, At("2026-01-01T00:00:00Z"));
  CHECK(r.recognition == Recognition::kRecognized);
  CHECK(r.registry == "B");
  std::vector<Registry> only_a = {*a};
  CHECK(LookupAll(only_a, "did:x", facts, At("2026-01-01T00:00:00Z"))
            .recognition == Recognition::kOutOfScope);
  CHECK(LookupAll(both, "did:y", facts, At("2026-01-01T00:00:00Z")).reason ==
        "not in the registries A, B");
}

TEST_CASE("trust check: a warning, or a failure with require_trusted",
          "[trust]") {
  std::vector<Registry> registries = {Example()};
  verification::VerifyCredentialOptions o;
  o.registries = &registries;
  auto ok = verification::CheckTrust(Badge("did:web:cte.riverside.example"), o);
  CHECK(ok.outcome == verification::Outcome::kOk);
  CHECK(ok.warnings.empty());
  CHECK(ok.summary.rfind("Recognized by Lakeside College transfer credit as "
                         "Riverside Career & Technical Center for",
                         0) == 0);
  CHECK(ok.details["recognition"] == "recognized");

  auto unknown = verification::CheckTrust(Badge("did:web:other.example"), o);
  CHECK(unknown.outcome == verification::Outcome::kOk);
  REQUIRE(unknown.warnings.size() == 1);
  CHECK(unknown.warnings[0].code == "ISSUER_NOT_TRUSTED");

  o.require_trusted = true;
  auto refused = verification::CheckTrust(Badge("did:web:other.example"), o);
  CHECK(refused.outcome == verification::Outcome::kFailed);
  CHECK(refused.errors.at(0).code == "ISSUER_NOT_TRUSTED");

  Json c = Badge("did:web:cte.riverside.example");
  c["validFrom"] = "2023-01-01T00:00:00Z";  // awarded before recognition
  auto then = verification::CheckTrust(c, o);
  CHECK(then.errors.at(0).code == "ISSUER_NOT_TRUSTED_THEN");

  Json nursing = Badge("did:web:cte.riverside.example");
  auto& ach = nursing["credentialSubject"]["achievement"];
  ach["achievementType"] = "Course";
  ach["fieldOfStudy"] = "Nursing";
  ach.erase("alignment");
  auto scope = verification::CheckTrust(nursing, o);
  CHECK(scope.errors.at(0).code == "ISSUER_OUT_OF_SCOPE");
  CHECK(scope.summary.find("but not for this competency") != std::string::npos);

  verification::VerifyCredentialOptions none;
  CHECK(verification::CheckTrust(Badge("x"), none).outcome ==
        verification::Outcome::kOk);
}
