// anycred-verifier evaluate end to end: credentials from three issuers
// signed in the test, a policy with an inline trust registry, a revocation
// list answered from a local file (--document), the decision as text and
// JSON, signed (--sign) and verified by `verify`, and re-checked
// (--recheck) after a source is revoked.
#include <catch2/catch.hpp>

#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "core/status/bitstring.h"
#include "tests/test_util.h"

using namespace anycred;
using anycred::testing::RunCommand;

namespace {

const char* kListUrl = "https://cte.example/status/1";

keys::SigningKey NewKey() {
  return keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
}

// A signed Open Badge for the welding-safety competency.
Json Badge(const keys::SigningKey& issuer, const std::string& id,
           const std::string& name, const std::string& score,
           const Json& status = Json()) {
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c["id"] = id;
  c["issuer"]["id"] = issuer.controller;
  c["issuer"]["name"] = name;
  c["credentialSubject"]["result"][0]["value"] = score;
  if (!status.is_null()) c["credentialStatus"] = status;
  auto s = proof::AddProof(std::move(c), issuer, {});
  REQUIRE(s.ok());
  return *s;
}

Json StatusEntry(int index) {
  return {{"id", std::string(kListUrl) + "#" + std::to_string(index)},
          {"type", "BitstringStatusListEntry"},
          {"statusPurpose", "revocation"},
          {"statusListIndex", std::to_string(index)},
          {"statusListCredential", kListUrl}};
}

Json StatusList(const keys::SigningKey& issuer, int revoked_bit) {
  status::Bitstring bits;
  if (revoked_bit >= 0) REQUIRE(bits.Set(revoked_bit, 1).ok());
  Json list = {
      {"@context", {"https://www.w3.org/ns/credentials/v2"}},
      {"id", kListUrl},
      {"type", {"VerifiableCredential", "BitstringStatusListCredential"}},
      {"issuer", issuer.controller},
      {"validFrom", "2026-01-01T00:00:00Z"},
      {"credentialSubject",
       {{"id", std::string(kListUrl) + "#list"},
        {"type", "BitstringStatusList"},
        {"statusPurpose", "revocation"},
        {"encodedList", bits.Encode()}}}};
  auto s = proof::AddProof(std::move(list), issuer, {});
  REQUIRE(s.ok());
  return *s;
}

struct World {
  testing::TempDir dir;
  keys::SigningKey college = NewKey();
  keys::SigningKey cte = NewKey();
  keys::SigningKey employer = NewKey();
  keys::SigningKey mill = NewKey();

  World() {
    Json policy = {
        {"type", "CreditPolicy"},
        {"id", "lakeside-test"},
        {"institution",
         {{"id", college.controller}, {"name", "Lakeside Community College"}}},
        {"registry", "registry.json"},
        {"targets",
         {{{"code", "WLD-101"},
           {"title", "Welding Shop Safety"},
           {"credits", 3}},
          {{"code", "WLD-102"},
           {"title", "Welding Safety II"},
           {"credits", 2}}}},
        {"rules",
         {{{"id", "wld-101-by-competency"},
           {"target", "WLD-101"},
           {"when",
            {{"evidence",
              {{"alignment",
                {{"framework", "State CTE Welding Technology Standards"},
                 {"code", "WLD.1.2"}}},
               {"minResult", {{"score", 80}}},
               {"earnedWithin", "P5Y"}}}}},
           {"credit", {{"fixed", 3}}}},
          {{"id", "wld-102-by-competency"},
           {"target", "WLD-102"},
           {"when",
            {{"evidence",
              {{"alignment",
                {{"framework", "State CTE Welding Technology Standards"},
                 {"code", "WLD.1.2"}}},
               {"minResult", {{"score", 80}}}}}}}}}}};
    Json registry = {
        {"type", "AnycredTrustRegistry"},
        {"name", "Lakeside transfer credit"},
        {"issuers",
         {{{"id", {cte.controller}},
           {"name", "Riverside CTE"},
           {"scope",
            {{"frameworks", {"State CTE Welding Technology Standards"}}}}},
          {{"id", {employer.controller}},
           {"name", "Acme Fabrication"},
           {"scope", {{"alignmentCodes", {"WLD.1.2"}}}}}}}};
    testing::WriteFile(dir.File("policy.json"), DumpJson(policy));
    testing::WriteFile(dir.File("registry.json"), DumpJson(registry));
    testing::WriteFile(dir.File("college-key.json"),
                       DumpJson(keys::KeyFileJson(college)));
    testing::WriteFile(
        dir.File("cte.json"),
        DumpJson(Badge(cte, "urn:uuid:11111111-1111-4111-8111-111111111111",
                       "Riverside CTE", "92", StatusEntry(5))));
    testing::WriteFile(
        dir.File("employer.json"),
        DumpJson(Badge(employer,
                       "urn:uuid:22222222-2222-4222-8222-222222222222",
                       "Acme Fabrication", "85")));
    testing::WriteFile(
        dir.File("low.json"),
        DumpJson(Badge(employer,
                       "urn:uuid:33333333-3333-4333-8333-333333333333",
                       "Acme Fabrication", "60")));
    testing::WriteFile(
        dir.File("mill.json"),
        DumpJson(Badge(mill, "urn:uuid:44444444-4444-4444-8444-444444444444",
                       "Diploma Mill", "99")));
    testing::WriteFile(dir.File("list-clear.json"),
                       DumpJson(StatusList(cte, -1)));
    testing::WriteFile(dir.File("list-revoked.json"),
                       DumpJson(StatusList(cte, 5)));
  }

  std::string List(bool revoked) const {
    return std::string(kListUrl) + "=" +
           dir.File(revoked ? "list-revoked.json" : "list-clear.json");
  }
  std::vector<std::string> Evaluate(std::vector<std::string> extra) const {
    std::vector<std::string> argv = {
        "anycred-verifier",      "evaluate", "--policy",
        dir.File("policy.json"), "--at",     "2026-09-01T00:00:00Z"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }
};

const Json* Target(const Json& decision, const std::string& code) {
  for (const auto& t : decision["targets"])
    if (t["code"] == code) return &t;
  return nullptr;
}

TEST_CASE("evaluate: credentials from two recognized issuers earn two targets",
          "[credit][cli]") {
  World w;
  auto r = RunCommand(
      w.Evaluate({"--json", "--document", w.List(false), w.dir.File("cte.json"),
                  w.dir.File("employer.json")}));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  Json d = ParseJson(r.out).value();
  CHECK(d["totals"]["granted"] == 2);
  CHECK(d["totals"]["credits"] == 5);
  const Json* t = Target(d, "WLD-101");
  REQUIRE(t != nullptr);
  CHECK((*t)["granted"] == true);
  CHECK((*t)["credits"] == 3);
  CHECK((*t)["rule"] == "wld-101-by-competency");
  REQUIRE((*t)["evidence"].size() == 1);
  const Json& e = (*t)["evidence"][0];
  // Most recently earned first, then by id: both were earned the same day,
  // so the CTE badge (urn:uuid:1111…) comes first.
  CHECK(e["credentialId"] == "urn:uuid:11111111-1111-4111-8111-111111111111");
  CHECK(e["issuer"] == w.cte.controller);
  CHECK(e["achievement"] == "Welding Safety Fundamentals");
  CHECK(e["verification"] == "verified");
  CHECK(e["earned"] == "2026-06-12T00:00:00Z");
  CHECK(e["matched"].get<std::string>().find("WLD.1.2") != std::string::npos);
  CHECK(e["result"].get<std::string>().find("92") != std::string::npos);
  const Json* t2 = Target(d, "WLD-102");
  REQUIRE(t2 != nullptr);
  CHECK((*t2)["granted"] == true);
  CHECK((*t2)["evidence"][0]["credentialId"] ==
        "urn:uuid:22222222-2222-4222-8222-222222222222");
  REQUIRE(d["inputs"].size() == 2);
  CHECK(d["inputs"][0]["verified"] == true);

  // Same inputs in another order: the same decision.
  auto again = RunCommand(
      w.Evaluate({"--json", "--document", w.List(false),
                  w.dir.File("employer.json"), w.dir.File("cte.json")}));
  Json d2 = ParseJson(again.out).value();
  CHECK(d2["targets"] == d["targets"]);
  CHECK(d2["totals"] == d["totals"]);

  // The text form says the same for people.
  auto text = RunCommand(
      w.Evaluate({"--document", w.List(false), w.dir.File("cte.json"),
                  w.dir.File("employer.json")}));
  INFO(text.out);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("WLD-101") != std::string::npos);
  CHECK(text.out.find("a credential, verified") != std::string::npos);
}

TEST_CASE("evaluate: what is missing when nothing counts", "[credit][cli]") {
  World w;
  auto r = RunCommand(
      w.Evaluate({"--json", "--document", w.List(true), w.dir.File("cte.json"),
                  w.dir.File("low.json"), w.dir.File("mill.json")}));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);  // nothing granted
  Json d = ParseJson(r.out).value();
  CHECK(d["totals"]["granted"] == 0);
  const Json* t = Target(d, "WLD-101");
  REQUIRE(t != nullptr);
  CHECK((*t)["granted"] == false);
  std::string missing = DumpJson((*t)["missing"]);
  CHECK(missing.find("revoked") != std::string::npos);         // cte.json
  CHECK(missing.find("60") != std::string::npos);              // low.json
  CHECK(missing.find("not recognized") != std::string::npos);  // mill.json
  bool revoked_unused = false;
  for (const auto& u : d["unusedEvidence"])
    revoked_unused |= u["verification"] == "revoked";
  CHECK(revoked_unused);
}

TEST_CASE("evaluate --sign: a decision the verifier accepts; --recheck",
          "[credit][cli]") {
  World w;
  auto r = RunCommand(w.Evaluate(
      {"--sign", "--key", w.dir.File("college-key.json"), "--document",
       w.List(false), w.dir.File("cte.json"), w.dir.File("employer.json")}));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("WLD-101") != std::string::npos);  // the report
  Json vc = ParseJson(r.out).value();
  CHECK(vc["issuer"]["id"] == w.college.controller);
  CHECK(vc["credentialSubject"]["totalCredits"] == 5);
  CHECK(vc["credentialSubject"]["id"] == "did:example:student-4821");
  testing::WriteFile(w.dir.File("decision.json"), r.out);

  auto verify =
      RunCommand({"anycred-verifier", "verify", w.dir.File("decision.json")});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);

  auto stands =
      RunCommand({"anycred-verifier", "evaluate", "--recheck",
                  w.dir.File("decision.json"), "--document", w.List(false)});
  INFO(stands.out << stands.err);
  CHECK(stands.exit_code == 0);
  CHECK(stands.out.find("STANDS") != std::string::npos);
  CHECK(stands.out.find("not revoked") != std::string::npos);
  CHECK(stands.out.find("no status") != std::string::npos);  // employer's

  auto revoked =
      RunCommand({"anycred-verifier", "evaluate", "--json", "--recheck",
                  w.dir.File("decision.json"), "--document", w.List(true)});
  INFO(revoked.out << revoked.err);
  CHECK(revoked.exit_code == 1);
  Json j = ParseJson(revoked.out).value();
  CHECK(j["state"] == "no longer stands");
  CHECK(j["stands"] == false);
  CHECK(j["verified"] == true);
  bool found = false;
  for (const auto& s : j["sources"]) {
    if (s["credentialId"] == "urn:uuid:11111111-1111-4111-8111-111111111111") {
      CHECK(s["status"] == "revoked");
      CHECK(s["target"] == "WLD-101");
      found = true;
    }
  }
  CHECK(found);

  // Offline without the list: the decision cannot be confirmed.
  auto offline = RunCommand({"anycred-verifier", "evaluate", "--recheck",
                             w.dir.File("decision.json"), "--offline"});
  INFO(offline.out << offline.err);
  CHECK(offline.exit_code == 1);
  CHECK(offline.out.find("UNCONFIRMED") != std::string::npos);

  // A changed decision no longer stands.
  Json changed = vc;
  changed["credentialSubject"]["totalCredits"] = 50;
  testing::WriteFile(w.dir.File("changed.json"), DumpJson(changed));
  auto forged =
      RunCommand({"anycred-verifier", "evaluate", "--recheck",
                  w.dir.File("changed.json"), "--document", w.List(false)});
  CHECK(forged.exit_code == 1);
  CHECK(forged.out.find("NO LONGER STANDS") != std::string::npos);
}

TEST_CASE("evaluate: a presentation of credentials", "[credit][cli]") {
  World w;
  keys::SigningKey holder = NewKey();
  Json vp = {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
             {"type", {"VerifiablePresentation"}},
             {"holder", holder.controller},
             {"verifiableCredential",
              {testing::ReadJsonFile(w.dir.File("cte.json")),
               testing::ReadJsonFile(w.dir.File("employer.json"))}}};
  proof::AddProofOptions o;
  o.proof_purpose = "authentication";
  auto signed_vp = proof::AddProof(std::move(vp), holder, o);
  REQUIRE(signed_vp.ok());
  testing::WriteFile(w.dir.File("vp.json"), DumpJson(*signed_vp));
  auto r = RunCommand(w.Evaluate(
      {"--json", "--document", w.List(false), w.dir.File("vp.json")}));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  Json d = ParseJson(r.out).value();
  CHECK(d["totals"]["granted"] == 2);
  REQUIRE(d["inputs"].size() == 1);
  CHECK(d["inputs"][0]["kind"] == "presentation");
  CHECK(d["inputs"][0]["credentials"] == 2);
  CHECK(d["inputs"][0]["verified"] == true);
}

TEST_CASE("evaluate: usage errors name the flag or the field",
          "[credit][cli]") {
  World w;
  auto no_policy =
      RunCommand({"anycred-verifier", "evaluate", w.dir.File("cte.json")});
  CHECK(no_policy.exit_code == 2);
  CHECK(no_policy.err.find("--policy") != std::string::npos);

  testing::WriteFile(
      w.dir.File("bad.json"),
      R"({"type": "CreditPolicy", "institution": {"id": "x", "name": "y"},
                        "targets": [{"code": "A", "title": "A", "credits": 1}], "rules": [{"id": "r", "target": "NOPE", "when": {}}]})");
  auto bad = RunCommand({"anycred-verifier", "evaluate", "--policy",
                         w.dir.File("bad.json"), w.dir.File("cte.json")});
  INFO(bad.err);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("INVALID_POLICY") != std::string::npos);
  CHECK(bad.err.find("rules[0]") != std::string::npos);

  testing::WriteFile(w.dir.File("other-key.json"),
                     DumpJson(keys::KeyFileJson(w.cte)));
  auto wrong_key =
      RunCommand(w.Evaluate({"--sign", "--key", w.dir.File("other-key.json"),
                             w.dir.File("cte.json")}));
  CHECK(wrong_key.exit_code == 2);
  CHECK(wrong_key.err.find("institution.id") != std::string::npos);

  auto missing = RunCommand(w.Evaluate({w.dir.File("nope.json")}));
  CHECK(missing.exit_code == 2);
}

}  // namespace
