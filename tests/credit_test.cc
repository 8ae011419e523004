// The credit-equivalence engine: policy parsing, every rule type, recency,
// minimum results, recognition, revoked evidence, double counting, seat
// time, credit computation and deterministic output.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>

#include "core/credit/duration.h"
#include "core/credit/evaluate.h"
#include "core/credit/policy.h"
#include "tests/test_util.h"

namespace anycred::credit {
namespace {

const char* kCte = "did:web:cte.example";
const char* kEmployer = "did:web:training.employer.example";
const char* kOnline = "did:web:online.example";
const char* kUnknown = "did:web:diploma-mill.example";

Timestamp At(const char* text) { return ParseDateTime(text, true).value(); }

// Recognizes issuers for competency frameworks, as a college's registry does.
class FrameworkRecognition : public Recognition {
 public:
  void Add(const std::string& issuer, const std::string& framework) {
    scopes_[issuer].push_back(framework);
  }
  RecognitionAnswer Check(const Evidence& e, const Alignment* competency,
                          Timestamp) const override {
    auto it = scopes_.find(e.issuer_id);
    if (it == scopes_.end()) return {false, "not in the registry"};
    if (competency == nullptr) return {true, "recognized"};
    for (const auto& f : it->second)
      if (f == competency->framework) return {true, "recognized for " + f};
    return {false, "recognized, but not for this competency"};
  }

 private:
  std::map<std::string, std::vector<std::string>> scopes_;
};

Alignment WeldingSafety() {
  return {"State CTE Welding", "WLD.1.2", "CFItem", "Shop and welding safety",
          "https://case.example/WLD.1.2"};
}

Evidence Badge(std::string id, std::string issuer, std::string earned) {
  Evidence e;
  e.credential_id = std::move(id);
  e.issuer_id = std::move(issuer);
  e.issuer_name = e.issuer_id.substr(8);
  e.achievement_id =
      "https://" + e.issuer_name + "/achievements/welding-safety";
  e.achievement_name = "Welding Safety";
  e.achievement_type = "Competency";
  e.field_of_study = "Welding";
  e.alignments = {WeldingSafety()};
  e.earned_text = std::move(earned);
  e.earned = At(e.earned_text.c_str());
  return e;
}

Json BasePolicy() {
  return ParseJson(R"({
    "type": "CreditPolicy",
    "id": "lakeside-2026",
    "institution": {"id": "did:web:lakeside.example", "name": "Lakeside Community College"},
    "targets": [
      {"code": "WLD-101", "title": "Welding Safety", "credits": 3},
      {"code": "WLD-102", "title": "Welding Fundamentals", "credits": 4}
    ],
    "rules": [
      {"id": "wld-101-competency", "target": "WLD-101",
       "when": {"evidence": {"alignment": {"framework": "State CTE Welding", "code": "WLD.1.2"}}}}
    ]
  })")
      .value();
}

Policy Parse(const Json& j) {
  auto p = ParsePolicy(j);
  INFO((p.ok() ? "" : p.status().message()));
  REQUIRE(p.ok());
  return *p;
}

struct Fixture {
  FrameworkRecognition recognition;
  EvaluateOptions options;
  Fixture() {
    recognition.Add(kCte, "State CTE Welding");
    recognition.Add(kEmployer, "State CTE Welding");
    recognition.Add(kOnline, "State CTE Welding");
    recognition.Add(kOnline, "Online Math");
    options.at = At("2026-11-22T00:00:00Z");
    options.recognition = &recognition;
  }
};

TEST_CASE("durations parse and subtract in the calendar", "[credit]") {
  auto d = ParseDuration("P1Y6M");
  REQUIRE(d.ok());
  CHECK(FormatDateTime(Subtract(At("2026-11-22T10:00:00Z"), *d)) ==
        "2025-05-22T10:00:00Z");
  CHECK(FormatDateTime(Subtract(At("2026-03-31T00:00:00Z"),
                                ParseDuration("P1M").value())) ==
        "2026-02-28T00:00:00Z");
  CHECK(FormatDateTime(Subtract(At("2024-03-01T00:00:00Z"),
                                ParseDuration("P2W").value())) ==
        "2024-02-16T00:00:00Z");
  for (const char* bad : {"5Y", "P", "PT5H", "P5X", "P1M1Y", "P1Y1Y", "P-1Y"}) {
    auto r = ParseDuration(bad);
    INFO(bad);
    CHECK_FALSE(r.ok());
    if (!r.ok()) CHECK(r.status().code() == "INVALID_POLICY");
  }
}

TEST_CASE("policy errors name the path and the problem", "[credit]") {
  struct Case {
    std::string patch_path;
    Json value;
    std::string expected;
  };
  std::vector<Case> cases = {
      {"/rules/0/when/evidence/minScore", 80,
       "rules[0].when.evidence: unknown member \"minScore\""},
      {"/rules/0/target", "WLD-999",
       "rules[0].target: \"WLD-999\" is not one of the targets"},
      {"/rules/0/when",
       Json::object(
           {{"atLeast", 3},
            {"of", Json::array({Json::object(
                       {{"evidence", {{"achievementType", "Course"}}}})})}}),
       "rules[0].when.atLeast: asks for more conditions than it lists"},
      {"/rules/0/when/evidence/earnedWithin", "PT3H",
       "rules[0].when.evidence.earnedWithin: duration \"PT3H\": hours"},
      {"/rules/0/when/evidence/minResult",
       Json::object(
           {{"level", "Expert"}, {"levels", {"Novice", "Proficient"}}}),
       "rules[0].when.evidence.minResult.level: \"Expert\" is not one of the "
       "levels listed"},
      {"/rules/0/credit",
       Json::object({{"fromHours", {{"hoursPerCredit", 120}}}}),
       "rules[0].credit.fromHours: credit from hours needs \"allowSeatTime\": "
       "true"},
      {"/targets/1/code", "WLD-101",
       "targets[1].code: \"WLD-101\" is listed twice"},
      {"/type", "Policy", "type: must be \"CreditPolicy\""},
  };
  for (const auto& c : cases) {
    Json j = BasePolicy();
    j[Json::json_pointer(c.patch_path)] = c.value;
    auto p = ParsePolicy(j);
    INFO(c.patch_path);
    REQUIRE_FALSE(p.ok());
    CHECK(p.status().code() == "INVALID_POLICY");
    CHECK_THAT(p.status().message(), Catch::StartsWith(c.expected));
  }
}

TEST_CASE("the same competency earned three ways gives the same credit",
          "[credit]") {
  Fixture f;
  Policy p = Parse(BasePolicy());
  for (const char* issuer : {kCte, kEmployer, kOnline}) {
    std::vector<Evidence> ev = {
        Badge("urn:uuid:1", issuer, "2026-05-20T00:00:00Z")};
    Decision d = Evaluate(p, ev, f.options);
    INFO(issuer);
    REQUIRE(d.targets[0].granted);
    CHECK(d.targets[0].credits == 3);
    CHECK(d.targets[0].rule == "wld-101-competency");
    CHECK(d.targets[0].evidence.at(0).matched ==
          "aligned to State CTE Welding WLD.1.2 (Shop and welding safety)");
    CHECK_FALSE(d.targets[1].granted);
    CHECK(d.credits == 3);
  }
}

TEST_CASE("rules match by achievement id, by type and field of study",
          "[credit]") {
  Fixture f;
  Json j = BasePolicy();
  j["rules"] = Json::parse(R"([
    {"id": "by-id", "target": "WLD-101",
     "when": {"evidence": {"achievementId": "https://cte.example/achievements/welding-safety"}}},
    {"id": "by-type", "target": "WLD-102",
     "when": {"evidence": {"achievementType": "competency", "fieldOfStudy": " welding "}},
     "shareEvidence": true}
  ])");
  Policy p = Parse(j);
  std::vector<Evidence> ev = {
      Badge("urn:uuid:1", kCte, "2026-05-20T00:00:00Z")};
  Decision d = Evaluate(p, ev, f.options);
  CHECK(d.targets[0].granted);
  CHECK(d.targets[0].evidence.at(0).matched ==
        "achievement https://cte.example/achievements/welding-safety");
  CHECK(d.targets[1].granted);
  CHECK(d.targets[1].evidence.at(0).matched == "a Competency, in Welding");

  // From another provider the achievement id differs: by-id does not match.
  ev = {Badge("urn:uuid:2", kOnline, "2026-05-20T00:00:00Z")};
  d = Evaluate(p, ev, f.options);
  CHECK_FALSE(d.targets[0].granted);
  CHECK_THAT(
      d.targets[0].missing.at(1),
      Catch::Contains("no credential for achievement https://cte.example"));
}

TEST_CASE("allOf, anyOf and atLeast combine conditions", "[credit]") {
  Fixture f;
  auto leaf = [](const char* code) {
    return Json::object(
        {{"evidence",
          {{"alignment",
            {{"framework", "State CTE Welding"}, {"code", code}}}}}});
  };
  auto with = [](Evidence e, const char* code) {
    e.alignments = {{"State CTE Welding", code, "CFItem", "", ""}};
    return e;
  };
  std::vector<Evidence> ev = {
      with(Badge("urn:a", kCte, "2026-01-01T00:00:00Z"), "A"),
      with(Badge("urn:b", kCte, "2026-02-01T00:00:00Z"), "B"),
  };
  SECTION("allOf needs every condition") {
    Json j = BasePolicy();
    j["rules"][0]["when"] = {{"allOf", {leaf("A"), leaf("B")}}};
    Decision d = Evaluate(Parse(j), ev, f.options);
    CHECK(d.targets[0].granted);
    CHECK(d.targets[0].evidence.size() == 2);
    j["rules"][0]["when"] = {{"allOf", {leaf("A"), leaf("C")}}};
    d = Evaluate(Parse(j), ev, f.options);
    CHECK_FALSE(d.targets[0].granted);
    CHECK_THAT(
        d.targets[0].missing.at(1),
        Catch::Contains("no credential for competency State CTE Welding C"));
    // What is already there is reported as partial progress.
    REQUIRE(d.targets[0].partial.size() == 1);
    CHECK(d.targets[0].partial[0].index == 0);
    CHECK(d.targets[0].partial_rule == "wld-101-competency");
    Json out = DecisionToJson(d, ev);
    CHECK(out["targets"][0]["partial"]["rule"] == "wld-101-competency");
    CHECK(out["targets"][0]["partial"]["evidence"][0]["credentialId"] ==
          "urn:a");
    CHECK_THAT(DecisionToText(d, ev), Catch::Contains("partly met"));
  }
  SECTION("anyOf needs one") {
    Json j = BasePolicy();
    j["rules"][0]["when"] = {{"anyOf", {leaf("C"), leaf("B")}}};
    Decision d = Evaluate(Parse(j), ev, f.options);
    REQUIRE(d.targets[0].granted);
    CHECK(d.targets[0].evidence.at(0).index == 1);
    j["rules"][0]["when"] = {{"anyOf", {leaf("C"), leaf("D")}}};
    d = Evaluate(Parse(j), ev, f.options);
    CHECK_FALSE(d.targets[0].granted);
    CHECK_THAT(d.targets[0].missing.at(1),
               Catch::Contains("none of the 2 alternatives"));
  }
  SECTION("atLeast counts met conditions") {
    Json j = BasePolicy();
    j["rules"][0]["when"] = {{"atLeast", 2},
                             {"of", {leaf("A"), leaf("C"), leaf("B")}}};
    CHECK(Evaluate(Parse(j), ev, f.options).targets[0].granted);
    j["rules"][0]["when"] = {{"atLeast", 2},
                             {"of", {leaf("A"), leaf("C"), leaf("D")}}};
    Decision d = Evaluate(Parse(j), ev, f.options);
    CHECK_FALSE(d.targets[0].granted);
    CHECK_THAT(d.targets[0].missing.at(1),
               Catch::Contains("2 of 3 are needed and 1 are met"));
    REQUIRE(d.targets[0].partial.size() == 1);
    CHECK(d.targets[0].partial[0].index == 0);
    // Nothing met: nothing partial.
    j["rules"][0]["when"] = {{"atLeast", 2},
                             {"of", {leaf("X"), leaf("C"), leaf("D")}}};
    d = Evaluate(Parse(j), ev, f.options);
    CHECK(d.targets[0].partial.empty());
    CHECK_FALSE(DecisionToJson(d, ev)["targets"][0].contains("partial"));
  }
}

TEST_CASE("recency windows count from the evaluation time", "[credit]") {
  Fixture f;
  Json j = BasePolicy();
  j["rules"][0]["when"]["evidence"]["earnedWithin"] = "P5Y";
  Policy p = Parse(j);
  std::vector<Evidence> ev = {Badge("urn:old", kCte, "2021-11-21T00:00:00Z")};
  Decision d = Evaluate(p, ev, f.options);
  CHECK_FALSE(d.targets[0].granted);
  CHECK_THAT(
      d.targets[0].missing.at(2),
      Catch::Contains(
          "earned 2021-11-21T00:00:00Z, more than P5Y before 2026-11-22"));
  ev[0] = Badge("urn:recent", kCte, "2021-11-23T00:00:00Z");
  CHECK(Evaluate(p, ev, f.options).targets[0].granted);
  // As of an earlier time the old one was recent enough.
  ev[0] = Badge("urn:old", kCte, "2021-11-21T00:00:00Z");
  f.options.at = At("2024-01-01T00:00:00Z");
  CHECK(Evaluate(p, ev, f.options).targets[0].granted);
}

TEST_CASE("minimum results: scores and rubric levels", "[credit]") {
  Fixture f;
  Evidence e = Badge("urn:1", kCte, "2026-05-20T00:00:00Z");
  SECTION("score") {
    Json j = BasePolicy();
    j["rules"][0]["when"]["evidence"]["minResult"] = {{"result", "Final exam"},
                                                      {"score", 80}};
    Policy p = Parse(j);
    e.results = {{"Final exam", "Percent", "72", "", ""}};
    Decision d = Evaluate(p, {e}, f.options);
    CHECK_FALSE(d.targets[0].granted);
    CHECK_THAT(
        d.targets[0].missing.at(2),
        Catch::Contains(
            "its result for Final exam is 72, and at least 80 is needed"));
    e.results = {{"Final exam", "Percent", "85%", "", ""}};
    d = Evaluate(p, {e}, f.options);
    REQUIRE(d.targets[0].granted);
    CHECK(d.targets[0].evidence[0].result == "Final exam 85%");
    e.results = {{"Final exam", "Percent", "91", "", "Withdrew"}};
    CHECK_FALSE(Evaluate(p, {e}, f.options).targets[0].granted);
    e.results = {};
    d = Evaluate(p, {e}, f.options);
    CHECK_THAT(d.targets[0].missing.at(2),
               Catch::Contains("it states no result for Final exam"));
  }
  SECTION("level") {
    Json j = BasePolicy();
    j["rules"][0]["when"]["evidence"]["minResult"] = {
        {"level", "Proficient"},
        {"levels", {"Novice", "Developing", "Proficient", "Expert"}}};
    Policy p = Parse(j);
    e.results = {
        {"Safety rubric", "RubricCriterionLevel", "", "Developing", ""}};
    CHECK_FALSE(Evaluate(p, {e}, f.options).targets[0].granted);
    e.results = {{"Safety rubric", "RubricCriterionLevel", "", "expert", ""}};
    Decision d = Evaluate(p, {e}, f.options);
    REQUIRE(d.targets[0].granted);
    CHECK(d.targets[0].evidence[0].result == "Safety rubric Expert");
  }
}

TEST_CASE("issuers must be recognized for the competency", "[credit]") {
  Fixture f;
  Policy p = Parse(BasePolicy());
  SECTION("not in the registry") {
    Decision d = Evaluate(p, {Badge("urn:1", kUnknown, "2026-05-20T00:00:00Z")},
                          f.options);
    CHECK_FALSE(d.targets[0].granted);
    CHECK_THAT(d.targets[0].missing.at(2),
               Catch::Contains(
                   "its issuer is not recognized for State CTE Welding WLD.1.2 "
                   "(Shop and welding safety): not in the registry"));
  }
  SECTION("recognized, but for another competency") {
    FrameworkRecognition math_only;
    math_only.Add(kOnline, "Online Math");
    f.options.recognition = &math_only;
    Decision d = Evaluate(p, {Badge("urn:1", kOnline, "2026-05-20T00:00:00Z")},
                          f.options);
    CHECK_FALSE(d.targets[0].granted);
    CHECK_THAT(d.targets[0].missing.at(2),
               Catch::Contains("recognized, but not for this competency"));
  }
  SECTION("a rule may waive recognition or name its issuers") {
    Json j = BasePolicy();
    j["rules"][0]["when"]["evidence"]["recognizedIssuer"] = false;
    j["rules"][0]["when"]["evidence"]["issuer"] = {kUnknown};
    Policy q = Parse(j);
    CHECK(Evaluate(q, {Badge("urn:1", kUnknown, "2026-05-20T00:00:00Z")},
                   f.options)
              .targets[0]
              .granted);
    Decision d =
        Evaluate(q, {Badge("urn:2", kCte, "2026-05-20T00:00:00Z")}, f.options);
    CHECK_FALSE(d.targets[0].granted);
    CHECK_THAT(
        d.targets[0].missing.at(2),
        Catch::Contains(
            "this rule accepts it only from did:web:diploma-mill.example"));
  }
  SECTION("no registry at all") {
    f.options.recognition = nullptr;
    Decision d =
        Evaluate(p, {Badge("urn:1", kCte, "2026-05-20T00:00:00Z")}, f.options);
    CHECK_FALSE(d.targets[0].granted);
    CHECK_THAT(d.targets[0].missing.at(2),
               Catch::Contains("no trust registry was given"));
  }
}

TEST_CASE("revoked, suspended, failed and unchecked evidence", "[credit]") {
  Fixture f;
  Policy p = Parse(BasePolicy());
  Evidence e = Badge("urn:1", kCte, "2026-05-20T00:00:00Z");
  for (auto [status, words] :
       std::vector<std::pair<EvidenceStatus, std::string>>{
           {EvidenceStatus::kRevoked, "it was revoked by its issuer"},
           {EvidenceStatus::kSuspended, "it is suspended by its issuer"},
           {EvidenceStatus::kFailed, "it did not verify (SIGNATURE_INVALID)"},
           {EvidenceStatus::kStatusUnknown,
            "whether it was revoked could not be checked"}}) {
    e.status = status;
    e.status_detail =
        status == EvidenceStatus::kFailed ? "SIGNATURE_INVALID" : "";
    Decision d = Evaluate(p, {e}, f.options);
    INFO(words);
    CHECK_FALSE(d.targets[0].granted);
    CHECK_THAT(d.targets[0].missing.at(2), Catch::Contains(words));
  }
  f.options.accept_unknown_status = true;
  e.status = EvidenceStatus::kStatusUnknown;
  CHECK(Evaluate(p, {e}, f.options).targets[0].granted);
  // A revoked copy does not hide a valid one from another provider.
  e.status = EvidenceStatus::kRevoked;
  Decision d = Evaluate(
      p, {e, Badge("urn:2", kEmployer, "2025-01-01T00:00:00Z")}, f.options);
  REQUIRE(d.targets[0].granted);
  CHECK(d.targets[0].evidence[0].index == 1);
}

TEST_CASE("one credential counts toward one target unless shared", "[credit]") {
  Fixture f;
  Json j = BasePolicy();
  j["rules"].push_back(
      Json::parse(R"({"id": "wld-102-safety", "target": "WLD-102",
     "when": {"evidence": {"alignment": {"framework": "State CTE Welding", "code": "WLD.1.2"}}}})"));
  std::vector<Evidence> ev = {Badge("urn:1", kCte, "2026-05-20T00:00:00Z")};
  Decision d = Evaluate(Parse(j), ev, f.options);
  CHECK(d.targets[0].granted);
  CHECK_FALSE(d.targets[1].granted);
  REQUIRE(d.targets[1].notes.size() == 1);
  CHECK_THAT(d.targets[1].notes[0],
             Catch::Contains(
                 "already counts toward WLD-101 (wld-101-competency; targets "
                 "are decided in policy order)"));
  CHECK(d.credits == 3);

  // A second credential for the same competency is used for the second target.
  ev.push_back(Badge("urn:2", kEmployer, "2025-03-01T00:00:00Z"));
  d = Evaluate(Parse(j), ev, f.options);
  REQUIRE(d.targets[0].granted);
  REQUIRE(d.targets[1].granted);
  CHECK(d.targets[0].evidence[0].index == 0);  // the most recent first
  CHECK(d.targets[1].evidence[0].index == 1);

  // shareEvidence lets one credential count for both.
  j["rules"][1]["shareEvidence"] = true;
  ev.pop_back();
  d = Evaluate(Parse(j), ev, f.options);
  CHECK(d.targets[0].granted);
  CHECK(d.targets[1].granted);
  CHECK(d.credits == 7);
  CHECK(d.unused.empty());
}

TEST_CASE("seat time counts only where a rule allows it", "[credit]") {
  Fixture f;
  Evidence hours = Badge("urn:h", kOnline, "2026-05-20T00:00:00Z");
  hours.alignments.clear();
  hours.achievement_type = "CertificateOfCompletion";
  hours.hours = 180;
  Json j = BasePolicy();
  j["rules"][0]["when"] = {
      {"evidence", {{"achievementType", "CertificateOfCompletion"}}}};
  Decision d = Evaluate(Parse(j), {hours}, f.options);
  CHECK_FALSE(d.targets[0].granted);
  CHECK_THAT(d.targets[0].missing.at(2),
             Catch::Contains(
                 "it records seat time only (180 hours), which this rule does "
                 "not count"));
  j["rules"][0]["allowSeatTime"] = true;
  j["rules"][0]["credit"] = {{"fromHours", {{"hoursPerCredit", 120}}}};
  d = Evaluate(Parse(j), {hours}, f.options);
  REQUIRE(d.targets[0].granted);
  CHECK(d.targets[0].credits == 1.5);
  hours.hours = 600;  // capped at the target's credits
  CHECK(Evaluate(Parse(j), {hours}, f.options).targets[0].credits == 3);
}

TEST_CASE("credit from the evidence, with a conversion and a cap", "[credit]") {
  Fixture f;
  Json j = BasePolicy();
  j["rules"][0]["credit"] = {
      {"fromEvidence", "creditsEarned"}, {"factor", 1.5}, {"max", 4}};
  Evidence e = Badge("urn:1", kCte, "2026-05-20T00:00:00Z");
  Decision d = Evaluate(Parse(j), {e}, f.options);
  CHECK_FALSE(d.targets[0].granted);
  CHECK_THAT(d.targets[0].missing.at(0),
             Catch::Contains("does not state creditsEarned"));
  e.credits_earned = 2;
  d = Evaluate(Parse(j), {e}, f.options);
  REQUIRE(d.targets[0].granted);
  CHECK(d.targets[0].credits == 3);
  e.credits_earned = 4;
  CHECK(Evaluate(Parse(j), {e}, f.options).targets[0].credits == 4);
  j["rules"][0]["credit"] = {{"fromEvidence", "creditsAvailable"}};
  e.credits_available = 5;
  CHECK(Evaluate(Parse(j), {e}, f.options).targets[0].credits ==
        3);  // target's 3
}

TEST_CASE("the decision does not depend on the order of the evidence",
          "[credit]") {
  Fixture f;
  Json j = BasePolicy();
  j["rules"].push_back(Json::parse(R"({"id": "wld-102-any", "target": "WLD-102",
     "when": {"atLeast": 2, "of": [
        {"evidence": {"alignment": {"framework": "State CTE Welding", "code": "WLD.1.2"}}},
        {"evidence": {"fieldOfStudy": "Welding"}}]}})"));
  Policy p = Parse(j);
  std::vector<Evidence> ev;
  const char* issuers[] = {kCte, kEmployer, kOnline, kUnknown};
  for (int i = 0; i < 12; ++i) {
    Evidence e =
        Badge("urn:uuid:" + std::to_string(i), issuers[i % 4],
              i % 3 == 0 ? "2026-01-01T00:00:00Z" : "2025-06-01T00:00:00Z");
    if (i % 5 == 0) e.status = EvidenceStatus::kRevoked;
    ev.push_back(e);
  }
  auto render = [&](const std::vector<Evidence>& list) {
    Json out = DecisionToJson(Evaluate(p, list, f.options), list);
    // Indexes differ with the order; compare by credential id.
    return DumpJson(out);
  };
  std::string first = render(ev);
  std::mt19937 rng(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(ev.begin(), ev.end(), rng);
    CHECK(render(ev) == first);
  }
  Json parsed = ParseJson(first).value();
  CHECK(parsed["totals"]["granted"] == 2);
  CHECK(parsed["totals"]["credits"] == 7.0);
}

TEST_CASE("the example policy in specs/ parses and grants as documented",
          "[credit]") {
  Fixture f;
  Policy p = Parse(testing::ReadJsonFile(testing::SourceDir() +
                                         "/specs/examples/credit-policy.json"));
  REQUIRE(p.targets.size() == 3);
  Evidence badge = Badge("urn:1", kEmployer, "2026-05-20T00:00:00Z");
  badge.results = {{"Final exam", "Percent", "88", "", ""}};
  Evidence hours = Badge("urn:2", kOnline, "2026-06-01T00:00:00Z");
  hours.alignments.clear();
  hours.achievement_type = "CertificateOfCompletion";
  hours.field_of_study = "Occupational Safety";
  hours.hours = 10;
  std::vector<Evidence> ev = {badge, hours};
  Decision d = Evaluate(p, ev, f.options);
  CHECK(d.targets[0].granted);
  CHECK(d.targets[0].credits == 3);
  CHECK_FALSE(d.targets[1].granted);
  REQUIRE(d.targets[2].granted);
  CHECK(FormatCredits(d.targets[2].credits) == "0.67");
}

TEST_CASE("the report reads well", "[credit]") {
  Fixture f;
  Policy p = Parse(BasePolicy());
  std::vector<Evidence> ev = {Badge("urn:1", kCte, "2026-05-20T00:00:00Z")};
  Decision d = Evaluate(p, ev, f.options);
  std::string text = DecisionToText(d, ev);
  CHECK_THAT(text, Catch::Contains(
                       "GRANTED      WLD-101 Welding Safety: 3 of 3 credits "
                       "(wld-101-competency)"));
  CHECK_THAT(
      text,
      Catch::Contains("NOT GRANTED  WLD-102 Welding Fundamentals (4 credits)"));
  CHECK_THAT(text, Catch::Contains("the policy has no rule for this target"));
  CHECK_THAT(text, Catch::Contains("Total: 1 of 2 granted, 3 credits."));
  CHECK(FormatCredits(2.5) == "2.5");
  CHECK(FormatCredits(1.0 / 3) == "0.33");
}

}  // namespace
}  // namespace anycred::credit
