// Endorsements embedded in an achievement or a profile are verified and
// listed.
#include <catch2/catch.hpp>

#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "core/verification/checks.h"
#include "core/verification/verify_credential.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::verification;

namespace {
const char* kAchievement =
    "https://cte.riverside.example/achievements/weld-safety-101";

Json Badge(const std::string& issuer) {
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c["issuer"]["id"] = issuer;
  return c;
}

Json Endorsement(const keys::SigningKey& key, const std::string& endorsed) {
  Json e = {
      {"@context",
       {"https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}},
      {"id", "urn:uuid:6b1f0f0e-6a51-4a53-9d2e-2f6a2c1b7e01"},
      {"type", {"VerifiableCredential", "EndorsementCredential"}},
      {"name", "State Welding Association endorsement"},
      {"issuer",
       {{"id", key.controller},
        {"type", {"Profile"}},
        {"name", "State Welding Association"}}},
      {"validFrom", "2026-01-01T00:00:00Z"},
      {"credentialSubject",
       {{"id", endorsed},
        {"type", {"EndorsementSubject"}},
        {"endorsementComment", "Meets the association's safety curriculum."}}}};
  auto s = proof::AddProof(std::move(e), key, {});
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return *s;
}

keys::SigningKey NewKey() {
  return keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
}

VerifyCredentialOptions Options() {
  VerifyCredentialOptions o;
  o.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
  return o;
}
}  // namespace

TEST_CASE("endorsements: none, then one on the achievement, verified",
          "[endorsements]") {
  auto issuer = NewKey();
  auto none = CheckEndorsements(Badge(issuer.controller), Options());
  CHECK(none.outcome == Outcome::kOk);
  CHECK(none.summary == "The credential carries no endorsements.");

  auto association = NewKey();
  Json badge = Badge(issuer.controller);
  badge["credentialSubject"]["achievement"]["endorsement"] = {
      Endorsement(association, kAchievement)};
  auto signed_badge = proof::AddProof(std::move(badge), issuer, {});
  REQUIRE(signed_badge.ok());
  auto report = VerifyCredential(*signed_badge, Options());
  INFO(DumpJson(ReportToJson(report, "x")));
  CHECK(report.verified);
  const CheckResult* e = nullptr;
  for (const auto& c : report.checks)
    if (c.check == "endorsements") e = &c;
  REQUIRE(e != nullptr);
  CHECK(e->summary == "1 endorsement, 1 verified.");
  const Json& item = e->details["endorsements"][0];
  CHECK(item["path"] == "credentialSubject.achievement.endorsement[0]");
  CHECK(item["issuerName"] == "State Welding Association");
  CHECK(item["verified"] == true);
  CHECK(item["summary"] == "Endorsed by State Welding Association.");
}

TEST_CASE("endorsements: a tampered or misdirected endorsement is a warning",
          "[endorsements]") {
  auto issuer = NewKey();
  auto association = NewKey();
  Json tampered = Endorsement(association, kAchievement);
  tampered["credentialSubject"]["endorsementComment"] = "Best in the state!";
  Json elsewhere = Endorsement(association, "https://other.example/a/1");
  Json badge = Badge(issuer.controller);
  badge["credentialSubject"]["achievement"]["endorsement"] = {tampered};
  badge["issuer"]["endorsement"] = {elsewhere};
  auto r = CheckEndorsements(badge, Options());
  CHECK(r.outcome == Outcome::kOk);
  REQUIRE(r.warnings.size() == 2);
  CHECK(r.warnings[0].code == "ENDORSEMENT_NOT_VERIFIED");
  CHECK(r.warnings[0].message.find("issuer.endorsement[0]") == 0);
  CHECK(r.warnings[0].message.find("not " +
                                   badge["issuer"]["id"].get<std::string>()) !=
        std::string::npos);
  CHECK(r.warnings[1].message.find("SIGNATURE_INVALID") != std::string::npos);
  CHECK(r.summary == "2 endorsements, 0 verified.");
  CHECK(r.details["endorsements"][1]["checksNotOk"][0] == "proof");

  Json jwt = Badge(issuer.controller);
  jwt["credentialSubject"]["achievement"]["endorsementJwt"] = {"eyJ..."};
  auto j = CheckEndorsements(jwt, Options());
  // Not a JWS at all: listed as not verified, saying why.
  REQUIRE(j.warnings.size() == 1);
  CHECK(j.warnings[0].code == "ENDORSEMENT_NOT_VERIFIED");
  CHECK(j.warnings[0].message.find("not a compact JWS") != std::string::npos);
}
