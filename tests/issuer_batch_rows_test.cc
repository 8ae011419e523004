// issuer/service/batch_rows.h: which column is which field, and every
// problem of a registrar's row reported with its column and what was
// expected.
#include <catch2/catch.hpp>
#include <map>

#include "issuer/service/batch_rows.h"

using namespace anycred;
using namespace anycred::issuer;

namespace {

Json Achievement() {
  return Json::parse(R"({
    "id": "https://issuer.example/achievements/wd-101",
    "name": "Web Development Fundamentals",
    "resultDescription": [
      {"id": "urn:uuid:rd-grade", "name": "Final grade", "resultType": "Percent"},
      {"id": "urn:uuid:rd-level", "name": "Supervisor sign-off",
       "resultType": "RubricCriterionLevel",
       "rubricCriterionLevel": [
         {"id": "urn:uuid:lvl-1", "name": "Developing"},
         {"id": "urn:uuid:lvl-2", "name": "Proficient"}]},
      {"id": "urn:uuid:rd-letter", "name": "Letter", "resultType": "LetterGrade",
       "allowedValue": ["A", "B", "C"]},
      {"id": "urn:uuid:rd-status", "name": "Outcome", "resultType": "Status"}
    ]
  })");
}

BatchMapper Mapper(std::vector<std::string> header,
                   std::vector<std::string> maps = {}) {
  auto m = BatchMapper::Create(std::move(header), Achievement(), maps);
  INFO(m.status().message());
  REQUIRE(m.ok());
  return std::move(m).value();
}

}  // namespace

TEST_CASE("headers a registrar writes are recognized", "[batch]") {
  auto m = Mapper({"Student Name", "E-mail Address", "Student ID",
                   "Final Grade", "Evidence URL", "Completion date", "Notes"});
  Json words = m.MappingWords();
  CHECK(words["Student Name"] == "name");
  CHECK(words["E-mail Address"] == "email");
  CHECK(words["Student ID"] == "studentId");
  CHECK(words["Final Grade"] == "result \"Final grade\"");
  CHECK(words["Evidence URL"] == "evidence");
  CHECK(words["Completion date"] == "validFrom");
  CHECK_FALSE(words.contains("Notes"));
  CHECK(m.Unused() == std::vector<std::string>{"Notes"});
  CHECK(m.MappingJson()["Final Grade"] == "result:urn:uuid:rd-grade");
}

TEST_CASE("--map names columns and fields", "[batch]") {
  auto m =
      Mapper({"Learner", "Mail", "Level", "Term"},
             {"Learner=name", "Level=result:Supervisor sign-off", "term=key"});
  Json words = m.MappingWords();
  CHECK(words["Learner"] == "name");
  CHECK(words["Mail"] == "email");
  CHECK(words["Level"] == "result \"Supervisor sign-off\"");
  CHECK(words["Term"] == "key");
  // An explicit map of a field takes it from a header recognized by name.
  auto m2 = Mapper({"email", "Work email"}, {"Work email=email"});
  CHECK(m2.MappingWords().size() == 1);
  CHECK(m2.MappingWords()["Work email"] == "email");
}

TEST_CASE("a file that cannot be used says why", "[batch]") {
  auto no_recipient = BatchMapper::Create({"Name", "Grade"}, Achievement(), {});
  REQUIRE_FALSE(no_recipient.ok());
  CHECK(no_recipient.status().message().find("recipient") != std::string::npos);

  auto unknown_column =
      BatchMapper::Create({"email"}, Achievement(), {"Score=result"});
  REQUIRE_FALSE(unknown_column.ok());
  CHECK(unknown_column.status().message().find("no column \"Score\"") !=
        std::string::npos);

  auto ambiguous_result =
      BatchMapper::Create({"email", "Score"}, Achievement(), {"Score=result"});
  REQUIRE_FALSE(ambiguous_result.ok());
  CHECK(ambiguous_result.status().message().find("result:NAME") !=
        std::string::npos);

  auto bad_field =
      BatchMapper::Create({"email", "X"}, Achievement(), {"X=grade"});
  REQUIRE_FALSE(bad_field.ok());
  CHECK(bad_field.status().message().find("unknown field \"grade\"") !=
        std::string::npos);

  auto twice = BatchMapper::Create({"email", "x"}, Achievement(), {"x=email"});
  REQUIRE(twice.ok());  // the explicit map wins over the recognized header
  auto both =
      BatchMapper::Create({"a", "b"}, Achievement(), {"a=email", "b=email"});
  REQUIRE_FALSE(both.ok());
  CHECK(both.status().message().find("both email") != std::string::npos);

  auto no_map_syntax = BatchMapper::Create({"email"}, Achievement(), {"email"});
  REQUIRE_FALSE(no_map_syntax.ok());
  CHECK(no_map_syntax.status().message().find("COLUMN=FIELD") !=
        std::string::npos);
}

TEST_CASE("a good row becomes an award request", "[batch]") {
  auto m =
      Mapper({"name", "email", "final grade", "supervisor sign-off", "letter",
              "outcome", "evidence", "valid from", "valid until"});
  std::vector<RowProblem> problems;
  auto row = m.Map(
      2,
      {"Ana Ruiz", " Ana@Example.edu ", "91%", "proficient", "b", "completed",
       "https://portfolio.example/ana", "2026-06-12", "2030-06-12T00:00:00Z"},
      &problems);
  INFO((problems.empty() ? "" : problems[0].problem));
  REQUIRE(row);
  const Json& r = row->request;
  CHECK(r["recipient"]["email"] == "Ana@Example.edu");
  CHECK(r["recipient"]["name"] == "Ana Ruiz");
  REQUIRE(r["result"].size() == 4);
  CHECK(r["result"][0]["resultDescription"] == "urn:uuid:rd-grade");
  CHECK(r["result"][0]["value"] == "91");
  CHECK(r["result"][1]["achievedLevel"] == "urn:uuid:lvl-2");
  CHECK(r["result"][2]["value"] == "B");
  CHECK(r["result"][3]["status"] == "Completed");
  CHECK(r["evidence"][0]["id"] == "https://portfolio.example/ana");
  CHECK(r["validFrom"] == "2026-06-12T00:00:00Z");
  CHECK(r["validUntil"] == "2030-06-12T00:00:00Z");
  CHECK(row->needs_claim);
  CHECK(row->award_key.size() == 64);
}

TEST_CASE("every problem of a row is reported with its column", "[batch]") {
  auto m = Mapper({"did", "email", "final grade", "supervisor sign-off",
                   "letter", "evidence", "valid from", "valid until"});
  std::vector<RowProblem> problems;
  auto row = m.Map(7,
                   {"did:nope", "ana.example.edu", "101", "Expert", "F",
                    "portfolio.example/ana", "June 12", "2020-01-01"},
                   &problems);
  CHECK_FALSE(row);
  std::map<std::string, RowProblem> by_column;
  for (const auto& p : problems) {
    CHECK(p.row == 7);
    by_column[p.column] = p;
  }
  CHECK(by_column.count("did") == 1);
  CHECK(by_column["email"].expected.find("name@example.edu") !=
        std::string::npos);
  CHECK(by_column["final grade"].expected == "a number from 0 to 100");
  CHECK(by_column["supervisor sign-off"].expected ==
        "one of Developing, Proficient");
  CHECK(by_column["letter"].expected == "one of A, B, C");
  CHECK(by_column["evidence"].problem.find("not a web address") !=
        std::string::npos);
  CHECK(by_column["valid from"].problem.find("not a date") !=
        std::string::npos);
  CHECK(by_column.count("valid until") == 1);  // before today
  CHECK(problems.size() == 8);

  problems.clear();
  CHECK_FALSE(m.Map(8, {"", "", "90"}, &problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].problem == "names no recipient");

  problems.clear();
  CHECK_FALSE(m.Map(9,
                    {"", "a@b.edu", "", "", "", "", "2026-06-12", "2026-06-01"},
                    &problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].column == "valid until");

  problems.clear();
  CHECK_FALSE(
      m.Map(10, {"", "a@b.edu", "", "", "", "", "", "", "extra"}, &problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].problem.find("9 cells") != std::string::npos);
}

TEST_CASE(
    "award keys: one per recipient and achievement, the key column "
    "tells awards apart",
    "[batch]") {
  auto m = Mapper({"email", "term"}, {"term=key"});
  std::vector<RowProblem> problems;
  auto a = m.Map(2, {"ana@example.edu", "fall"}, &problems);
  auto b = m.Map(3, {"ANA@example.edu", "fall"}, &problems);
  auto c = m.Map(4, {"ana@example.edu", "spring"}, &problems);
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  CHECK(a->award_key == b->award_key);  // emails compare without case
  CHECK(a->award_key != c->award_key);
  CHECK(AwardKey("x", "email", "ana@example.edu", "fall") ==
        AwardKey("x", "email", "ana@example.edu", "fall"));
  CHECK(AwardKey("x", "email", "ana@example.edu", "") !=
        AwardKey("y", "email", "ana@example.edu", ""));
  // The parts are separated: "ab"+"c" is not "a"+"bc".
  CHECK(AwardKey("x", "email", "ab", "c") != AwardKey("x", "email", "a", "bc"));

  auto d = Mapper({"did", "email"});
  auto with_did = d.Map(
      2,
      {"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "a@b.edu"},
      &problems);
  REQUIRE(with_did);
  CHECK_FALSE(with_did->needs_claim);
  CHECK(with_did->request["recipient"]["id"] ==
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
}
