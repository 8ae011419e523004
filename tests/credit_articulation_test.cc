// Articulation tables (CSV) compiled into credit policies.
#include <catch2/catch.hpp>

#include "core/credit/articulation.h"
#include "core/credit/evaluate.h"
#include "core/credit/policy.h"

namespace anycred::credit {
namespace {

Json Base() {
  return ParseJson(R"({"type": "CreditPolicy", "id": "t",
    "institution": {"id": "did:web:college.example", "name": "College"}})")
      .value();
}

TEST_CASE("each row becomes a rule; targets are shared across rows",
          "[credit]") {
  std::string csv =
      "\xEF\xBB\xBF"
      "Target_Code,target_title,target_credits,framework,code,achievement_id,"
      "min_score,result,earned_within,issuer,credit,share,note\r\n"
      "WLD-101,Welding Safety,3,State CTE Welding,WLD.1.2,,,,P5Y,,,,\"CTE, "
      "employer or online\"\r\n"
      "WLD-101,Welding Safety,3,,,https://online.example/a/weld,80,Final "
      "exam,,did:web:online.example,2,yes,\r\n";
  auto compiled = CompileArticulationTable(Base(), csv, "welding.csv");
  INFO((compiled.ok() ? "" : compiled.status().message()));
  REQUIRE(compiled.ok());
  auto policy = ParsePolicy(*compiled);
  REQUIRE(policy.ok());
  REQUIRE(policy->targets.size() == 1);
  CHECK(policy->targets[0].credits == 3);
  REQUIRE(policy->rules.size() == 2);
  CHECK(policy->rules[0].id == "welding.csv row 2");
  CHECK(policy->rules[0].when.match.alignment->code == "WLD.1.2");
  CHECK(policy->rules[0].when.match.earned_within->years == 5);
  CHECK(policy->rules[0].credit.fixed == 3);
  const Rule& r = policy->rules[1];
  CHECK(r.when.match.achievement_id == "https://online.example/a/weld");
  CHECK(*r.when.match.min_result->score == 80);
  CHECK(r.when.match.min_result->result == "Final exam");
  CHECK(r.when.match.issuers ==
        std::vector<std::string>{"did:web:online.example"});
  CHECK(r.credit.fixed == 2);
  CHECK(r.share_evidence);
}

TEST_CASE("every problem of every row is reported at once", "[credit]") {
  std::string csv =
      "target_code,target_title,target_credits,framework,code,min_score,earned_"
      "within,share\n"
      "WLD-101,Welding Safety,3,State CTE Welding,,eighty,,\n"
      "WLD-101,Welding Safty,4,State CTE Welding,WLD.1.2,,P5Q,maybe\n"
      "MTH-120,Math,3,,,,,\n";
  auto compiled = CompileArticulationTable(Base(), csv, "t.csv");
  REQUIRE_FALSE(compiled.ok());
  CHECK(compiled.status().code() == "INVALID_POLICY");
  std::string m = compiled.status().message();
  CHECK_THAT(m, Catch::StartsWith("t.csv: 7 problems"));
  CHECK_THAT(m, Catch::Contains("row 2, code: framework and code go together"));
  CHECK_THAT(m,
             Catch::Contains("row 2, min_score: \"eighty\" is not a number"));
  CHECK_THAT(m, Catch::Contains("row 3, share: \"maybe\" should be yes or no"));
  CHECK_THAT(m, Catch::Contains("row 4: say what counts"));
  CHECK_THAT(
      m, Catch::Contains("row 3, target_title: \"Welding Safty\" differs from "
                         "\"Welding Safety\" given in row 2"));
  CHECK_THAT(m, Catch::Contains("row 3, target_credits: 4 differs from 3"));
  CHECK_THAT(m, Catch::Contains(
                    "row 3: when.evidence.earnedWithin: duration \"P5Q\""));
}

TEST_CASE("targets must agree with the policy and earlier rows", "[credit]") {
  Json base = Base();
  base["targets"] = Json::parse(
      R"([{"code": "WLD-101", "title": "Welding Safety", "credits": 3}])");
  std::string csv =
      "target_code,target_title,target_credits,achievement_type\n"
      "WLD-101,Welding Safety,4,Competency\n";
  auto compiled = CompileArticulationTable(base, csv, "t.csv");
  REQUIRE_FALSE(compiled.ok());
  CHECK_THAT(
      compiled.status().message(),
      Catch::Contains(
          "row 2, target_credits: 4 differs from 3 given in the policy"));
}

TEST_CASE("unknown and missing columns are named", "[credit]") {
  auto c = CompileArticulationTable(
      Base(), "target_code,title,credits\nA,B,1\n", "t.csv");
  REQUIRE_FALSE(c.ok());
  CHECK_THAT(c.status().message(),
             Catch::Contains("column \"title\" is not one of the known"));
  CHECK_THAT(c.status().message(),
             Catch::Contains("the table needs a \"target_credits\" column"));
  auto bad = CompileArticulationTable(
      Base(),
      "target_code,target_title,target_credits,achievement_type\nA,\"open\n",
      "t.csv");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("is not closed"));
}

}  // namespace
}  // namespace anycred::credit
