// Credit decisions as verifiable credentials: built from a decision, signed
// by the institution, verified (safe-mode canonicalization proves every
// term is defined by the bundled context), and read back for re-checking.
#include <catch2/catch.hpp>

#include "core/credit/decision_credential.h"
#include "core/credit/policy.h"
#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "core/verification/verify_credential.h"
#include "tests/test_util.h"

namespace anycred::credit {
namespace {

class RecognizeAll : public Recognition {
 public:
  RecognitionAnswer Check(const Evidence&, const Alignment*,
                          Timestamp) const override {
    return {true, "recognized"};
  }
};

struct Case {
  keys::SigningKey institution =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  Policy policy;
  std::vector<Evidence> evidence;
  std::vector<Json> sources;
  Decision decision;

  Case() {
    Json p = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/credit-policy.json");
    p["institution"]["id"] = institution.controller;
    policy = ParsePolicy(p).value();
    Json source = ParseJson(R"({
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      "id": "urn:uuid:5b3f7a9e-0c1d-4f4e-9a43-3f1c2b8d9e10",
      "type": ["VerifiableCredential"],
      "issuer": "did:web:cte.example",
      "credentialStatus": {"id": "https://cte.example/status/1#94567",
        "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
        "statusListIndex": "94567", "statusListCredential": "https://cte.example/status/1"},
      "credentialSubject": {"id": "did:key:z6MkStudent"}})")
                      .value();
    Evidence e;
    e.credential_id = source["id"];
    e.issuer_id = "did:web:cte.example";
    e.issuer_name = "Riverside CTE Center";
    e.achievement_id = "https://cte.example/achievements/weld-safety";
    e.achievement_name = "Welding Shop Safety";
    e.alignments = {
        {"State CTE Welding", "WLD.1.2", "CFItem", "Shop safety", ""}};
    e.results = {{"Final exam", "Percent", "91", "", ""}};
    e.earned_text = "2026-05-20T00:00:00Z";
    e.earned = ParseDateTime(e.earned_text, true).value();
    evidence = {e};
    sources = {source};
    RecognizeAll all;
    EvaluateOptions o;
    o.at = ParseDateTime("2026-11-22T00:00:00Z", true).value();
    o.recognition = &all;
    decision = Evaluate(policy, evidence, o);
  }
};

TEST_CASE("a decision becomes a credential the institution signs", "[credit]") {
  Case c;
  REQUIRE(c.decision.granted == 1);
  DecisionCredentialOptions o;
  o.subject_id = "did:key:z6MkStudent";
  o.valid_from = c.decision.at;
  auto vc = DecisionCredential(c.decision, c.evidence, c.sources, o);
  REQUIRE(vc.ok());
  const Json& grant = (*vc)["credentialSubject"]["grant"][0];
  CHECK(grant["targetCode"] == "WLD-101");
  CHECK(grant["credits"] == 3);
  CHECK(grant["credits"].is_number_integer());
  CHECK(grant["source"][0]["id"] ==
        "urn:uuid:5b3f7a9e-0c1d-4f4e-9a43-3f1c2b8d9e10");
  CHECK(grant["source"][0]["digestSRI"] ==
        CredentialDigest(c.sources[0]).value());
  CHECK_THAT(grant["source"][0]["digestSRI"].get<std::string>(),
             Catch::StartsWith("sha256-"));
  CHECK((*vc)["issuer"]["id"] == c.institution.controller);

  auto signed_vc = proof::AddProof(*vc, c.institution, {});
  REQUIRE(signed_vc.ok());
  verification::VerifyCredentialOptions vo;
  vo.at = c.decision.at;
  auto report = verification::VerifyCredential(*signed_vc, vo);
  INFO(DumpJson(verification::ReportToJson(report, "decision")));
  CHECK(report.verified);

  // Tampering with the credits breaks the signature.
  Json tampered = *signed_vc;
  tampered["credentialSubject"]["grant"][0]["credits"] = 30;
  CHECK_FALSE(verification::VerifyCredential(tampered, vo).verified);

  auto sources = DecisionSources(*signed_vc);
  REQUIRE(sources.ok());
  REQUIRE(sources->size() == 1);
  const DecisionSource& s = (*sources)[0];
  CHECK(s.target_code == "WLD-101");
  CHECK(s.issuer == "did:web:cte.example");
  CHECK(s.achievement == "Welding Shop Safety");
  REQUIRE(s.status.size() == 1);
  CHECK(s.status[0]["statusListIndex"] == "94567");
}

TEST_CASE("nothing granted, nothing to sign; foreign documents refused",
          "[credit]") {
  Case c;
  c.evidence[0].status = EvidenceStatus::kRevoked;
  RecognizeAll all;
  EvaluateOptions o;
  o.at = c.decision.at;
  o.recognition = &all;
  Decision none = Evaluate(c.policy, c.evidence, o);
  auto vc = DecisionCredential(none, c.evidence, c.sources, {});
  REQUIRE_FALSE(vc.ok());
  CHECK(vc.status().code() == "NOTHING_GRANTED");
  auto bad = DecisionSources(c.sources[0]);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == "MALFORMED_CREDENTIAL");
}

TEST_CASE("digests are of the JCS form, so formatting does not matter",
          "[credit]") {
  Json a = ParseJson(R"({"b": 1, "a": [1, 2]})").value();
  Json b = ParseJson("{\n  \"a\": [1,2],\n  \"b\": 1.0\n}").value();
  CHECK(CredentialDigest(a).value() == CredentialDigest(b).value());
  CHECK(CredentialDigest(a).value() ==
        "sha256-lKeGw2Yrx77rWY76fYy1jXvqJdbCdeqXhaAjD/H4wro=");
}

}  // namespace
}  // namespace anycred::credit
