// POST /evaluations on its own (verifier/http_api.h HandleEvaluate): the
// decision for credentials or a presentation, and 400 problem details that
// name the field for bad requests and bad policies.
#include <catch2/catch.hpp>

#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "tests/test_util.h"
#include "verifier/http_api.h"

using namespace anycred;
using namespace anycred::verifier;

namespace {

struct Case {
  keys::SigningKey issuer =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  keys::SigningKey holder =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  Json credential;
  Json policy;
  std::unique_ptr<VerifyContext> context;

  Case() {
    Json c = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
    c["issuer"]["id"] = issuer.controller;
    c["credentialSubject"]["id"] = holder.controller;
    credential = proof::AddProof(c, issuer, {}).value();
    policy = {
        {"type", "CreditPolicy"},
        {"institution",
         {{"id", "did:web:lakeside.example"}, {"name", "Lakeside"}}},
        {"registry",
         {{"type", "AnycredTrustRegistry"},
          {"name", "Lakeside"},
          {"issuers",
           {{{"id", {issuer.controller}},
             {"name", "Riverside CTE"},
             {"scope", {{"alignmentCodes", {"WLD.1.2"}}}}}}}}},
        {"targets",
         {{{"code", "WLD-101"}, {"title", "Welding Safety"}, {"credits", 3}}}},
        {"rules",
         {{{"id", "r1"},
           {"target", "WLD-101"},
           {"when",
            {{"evidence",
              {{"alignment",
                {{"framework", "State CTE Welding Technology Standards"},
                 {"code", "WLD.1.2"}}}}}}}}}}};
    VerifyFlags flags;
    flags.at = "2026-09-01T00:00:00Z";
    flags.offline = true;
    context = VerifyContext::Create(flags).value();
  }

  ApiResponse Post(const Json& body) {
    return HandleEvaluate(DumpJson(body), *context);
  }
};

std::string Detail(const ApiResponse& r) {
  REQUIRE(r.body.contains("problemDetails"));
  REQUIRE(!r.body["problemDetails"].empty());
  return r.body["problemDetails"][0]["detail"];
}

}  // namespace

TEST_CASE("POST /evaluations: the decision for credentials", "[credit][http]") {
  Case c;
  auto r =
      c.Post({{"policy", c.policy}, {"verifiableCredentials", {c.credential}}});
  INFO(DumpJson(r.body));
  REQUIRE(r.status == 200);
  CHECK(r.body["totals"]["granted"] == 1);
  CHECK(r.body["totals"]["credits"] == 3);
  const Json& t = r.body["targets"][0];
  CHECK(t["granted"] == true);
  CHECK(t["evidence"][0]["issuer"] == c.issuer.controller);
  CHECK(t["evidence"][0]["verification"] == "verified");
  CHECK(r.body["inputs"][0]["source"] == "verifiableCredentials[0]");

  Json tampered = c.credential;
  tampered["credentialSubject"]["result"][0]["value"] = "100";
  auto refused =
      c.Post({{"policy", c.policy}, {"verifiableCredentials", {tampered}}});
  REQUIRE(refused.status == 200);  // a decision: nothing granted
  CHECK(refused.body["totals"]["granted"] == 0);
  CHECK(
      DumpJson(refused.body["targets"][0]["missing"]).find("did not verify") !=
      std::string::npos);
}

TEST_CASE("POST /evaluations: a presentation", "[credit][http]") {
  Case c;
  Json vp = {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
             {"type", {"VerifiablePresentation"}},
             {"holder", c.holder.controller},
             {"verifiableCredential", {c.credential}}};
  proof::AddProofOptions o;
  o.proof_purpose = "authentication";
  vp = proof::AddProof(vp, c.holder, o).value();
  auto r = c.Post({{"policy", c.policy}, {"verifiablePresentation", vp}});
  INFO(DumpJson(r.body));
  REQUIRE(r.status == 200);
  CHECK(r.body["totals"]["granted"] == 1);
  CHECK(r.body["inputs"][0]["kind"] == "presentation");
  CHECK(r.body["inputs"][0]["verified"] == true);
}

TEST_CASE("POST /evaluations: 400 names the field", "[credit][http]") {
  Case c;
  auto no_policy = c.Post({{"verifiableCredentials", {c.credential}}});
  CHECK(no_policy.status == 400);
  CHECK(Detail(no_policy).rfind("policy:", 0) == 0);

  Json bad = c.policy;
  bad["rules"][0]["when"]["evidence"]["minResult"] = {{"score", "eighty"}};
  auto bad_policy =
      c.Post({{"policy", bad}, {"verifiableCredentials", {c.credential}}});
  CHECK(bad_policy.status == 400);
  CHECK(bad_policy.body["problemDetails"][0]["title"] == "INVALID_POLICY");
  CHECK(
      Detail(bad_policy).rfind("policy.rules[0].when.evidence.minResult", 0) ==
      0);

  Json file_registry = c.policy;
  file_registry["registry"] = "/etc/passwd";
  auto file = c.Post(
      {{"policy", file_registry}, {"verifiableCredentials", {c.credential}}});
  CHECK(file.status == 400);
  CHECK(Detail(file).rfind("policy.registry:", 0) == 0);

  auto none = c.Post({{"policy", c.policy}});
  CHECK(none.status == 400);
  CHECK(Detail(none).find("verifiableCredentials") != std::string::npos);

  auto not_list =
      c.Post({{"policy", c.policy}, {"verifiableCredentials", c.credential}});
  CHECK(not_list.status == 400);
  CHECK(Detail(not_list).rfind("verifiableCredentials:", 0) == 0);

  auto item = c.Post(
      {{"policy", c.policy}, {"verifiableCredentials", {c.credential, 7}}});
  CHECK(item.status == 400);
  CHECK(Detail(item).rfind("verifiableCredentials[1]:", 0) == 0);

  auto vp =
      c.Post({{"policy", c.policy}, {"verifiablePresentation", c.credential}});
  CHECK(vp.status == 400);
  CHECK(Detail(vp).rfind("verifiablePresentation:", 0) == 0);

  CHECK(HandleEvaluate("[1]", *c.context).status == 400);
  CHECK(HandleEvaluate("{nope", *c.context).status == 400);
}
