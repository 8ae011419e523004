// anycred-wallet progress end to end: an institution's credit policy run
// over the wallet's credentials says which targets are satisfied, partly
// satisfied (with what) and missing.
#include <catch2/catch.hpp>

#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "tests/test_util.h"

using namespace anycred;
using anycred::testing::CommandResult;
using anycred::testing::RunCommand;

namespace {

struct Setup {
  testing::TempDir tmp;
  keys::SigningKey cte =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  std::vector<std::string> env = {"ANYCRED_WALLET=" + tmp.File("wallet"),
                                  "ANYCRED_WALLET_PASSPHRASE=progress pass",
                                  "ANYCRED_WALLET_OFFLINE=1"};

  CommandResult Run(std::vector<std::string> args) const {
    args.insert(args.begin(), "anycred-wallet");
    return RunCommand(args, "", env);
  }

  void Import(const std::string& id, const std::string& code) {
    Json c = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
    c["id"] = id;
    c["issuer"]["id"] = cte.controller;
    c["credentialSubject"]["achievement"]["alignment"][0]["targetCode"] = code;
    c["credentialSubject"]["achievement"]["name"] = "Competency " + code;
    Json s = proof::AddProof(std::move(c), cte, {}).value();
    std::string file = tmp.File(code + ".json");
    testing::WriteFile(file, DumpJson(s));
    auto r = Run({"import", file});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }

  std::string Policy() const {
    const char* framework = "State CTE Welding Technology Standards";
    auto leaf = [&](const char* code) {
      return Json{
          {"evidence",
           {{"alignment", {{"framework", framework}, {"code", code}}}}}};
    };
    Json p = {
        {"type", "CreditPolicy"},
        {"id", "lakeside-progress"},
        {"institution",
         {{"id", "did:web:lakeside.example"},
          {"name", "Lakeside Community College"}}},
        {"registry",
         {{"type", "AnycredTrustRegistry"},
          {"name", "Lakeside"},
          {"issuers",
           {{{"id", {cte.controller}}, {"name", "Riverside CTE"}}}}}},
        {"targets",
         {{{"code", "WLD-101"},
           {"title", "Welding Shop Safety"},
           {"credits", 3}},
          {{"code", "WLD-110"}, {"title", "Arc Welding"}, {"credits", 4}},
          {{"code", "OSH-100"},
           {"title", "Workplace Safety"},
           {"credits", 1}}}},
        {"rules",
         {{{"id", "wld-101"}, {"target", "WLD-101"}, {"when", leaf("WLD.1.2")}},
          {{"id", "wld-110-two-of-three"},
           {"target", "WLD-110"},
           {"when",
            {{"atLeast", 2},
             {"of", {leaf("WLD.2.1"), leaf("WLD.2.2"), leaf("WLD.2.3")}}}}},
          {{"id", "osh-100"},
           {"target", "OSH-100"},
           {"when", leaf("OSH.1")}}}}};
    std::string file = tmp.File("policy.json");
    testing::WriteFile(file, DumpJson(p));
    return file;
  }
};

}  // namespace

TEST_CASE("wallet progress: satisfied, partly satisfied and missing",
          "[wallet][credit][cli]") {
  Setup s;
  auto init = s.Run({"init"});
  REQUIRE(init.exit_code == 0);
  s.Import("urn:uuid:aaaaaaaa-0000-4000-8000-000000000001", "WLD.1.2");
  s.Import("urn:uuid:aaaaaaaa-0000-4000-8000-000000000002", "WLD.2.1");
  std::string policy = s.Policy();

  auto j = s.Run({"progress", "--policy", policy, "--json"});
  INFO(j.out << j.err);
  REQUIRE(j.exit_code == 0);
  Json d = ParseJson(j.out).value();
  REQUIRE(d["targets"].size() == 3);
  CHECK(d["targets"][0]["code"] == "WLD-101");
  CHECK(d["targets"][0]["state"] == "satisfied");
  CHECK(d["targets"][0]["credits"] == 3);
  CHECK(d["targets"][1]["state"] == "partly satisfied");
  CHECK(d["targets"][1]["partial"]["evidence"][0]["credentialId"] ==
        "urn:uuid:aaaaaaaa-0000-4000-8000-000000000002");
  CHECK(DumpJson(d["targets"][1]["missing"]).find("WLD.2.2") !=
        std::string::npos);
  CHECK(d["targets"][2]["state"] == "missing");
  CHECK(d["totals"]["granted"] == 1);
  CHECK(d["totals"]["partlySatisfied"] == 1);

  auto text = s.Run({"progress", "--policy", policy});
  INFO(text.out);
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("SATISFIED         WLD-101") != std::string::npos);
  CHECK(text.out.find("PARTLY SATISFIED  WLD-110") != std::string::npos);
  CHECK(text.out.find("You already have:") != std::string::npos);
  CHECK(text.out.find("Competency WLD.2.1") != std::string::npos);
  CHECK(text.out.find("NOT YET           OSH-100") != std::string::npos);
  CHECK(text.out.find("1 of 3 satisfied, 1 partly; 3 of 8 credits.") !=
        std::string::npos);
}

TEST_CASE("wallet progress: a bad policy is a usage error naming the field",
          "[wallet][credit][cli]") {
  Setup s;
  REQUIRE(s.Run({"init"}).exit_code == 0);
  testing::WriteFile(s.tmp.File("bad.json"),
                     R"({"type": "CreditPolicy", "targets": [], "rules": []})");
  auto r = s.Run({"progress", "--policy", s.tmp.File("bad.json")});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("institution") != std::string::npos);
  auto missing = s.Run({"progress"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("--policy") != std::string::npos);
}
