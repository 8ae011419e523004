// Endorsements embedded as VC-JWT (`endorsementJwt`, a compact JWS signed
// with EdDSA) are verified and listed like Data Integrity ones.
#include <catch2/catch.hpp>

#include "core/encoding/base64.h"
#include "core/keys/key_file.h"
#include "core/verification/checks.h"
#include "core/verification/jwt_credential.h"
#include "core/verification/verify_credential.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::verification;

namespace {

const char* kAchievement =
    "https://cte.riverside.example/achievements/weld-safety-101";
const char* kEndorsementId = "urn:uuid:6b1f0f0e-6a51-4a53-9d2e-2f6a2c1b7e02";

keys::SigningKey NewKey() {
  return keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
}

Json Endorsement(const std::string& issuer) {
  return {
      {"@context",
       {"https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}},
      {"id", kEndorsementId},
      {"type", {"VerifiableCredential", "EndorsementCredential"}},
      {"name", "State Welding Association endorsement"},
      {"issuer",
       {{"id", issuer},
        {"type", {"Profile"}},
        {"name", "State Welding Association"}}},
      {"validFrom", "2026-01-01T00:00:00Z"},
      {"credentialSubject",
       {{"id", kAchievement},
        {"type", {"EndorsementSubject"}},
        {"endorsementComment", "Meets the association's safety curriculum."}}}};
}

std::string Part(const Json& j) { return encoding::Base64UrlEncode(j.dump()); }

std::string Jwt(const keys::SigningKey& key, const Json& payload,
                Json header = Json()) {
  if (header.is_null())
    header = {
        {"alg", "EdDSA"}, {"typ", "vc+jwt"}, {"kid", key.verification_method}};
  std::string input = Part(header) + "." + Part(payload);
  auto sig = key.key.Sign(input);
  return input + "." + encoding::Base64UrlEncode(sig);
}

Json Badge(const std::string& issuer, const Json& jwts) {
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c["issuer"]["id"] = issuer;
  c["credentialSubject"]["achievement"]["endorsementJwt"] = jwts;
  return c;
}

VerifyCredentialOptions Options() {
  VerifyCredentialOptions o;
  o.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
  return o;
}

}  // namespace

TEST_CASE("a VC-JWT endorsement signed with EdDSA verifies and is listed",
          "[endorsements][jwt]") {
  auto issuer = NewKey();
  auto association = NewKey();
  std::string jwt = Jwt(association, Endorsement(association.controller));

  auto report = VerifyJwtCredential(jwt, Options());
  INFO(ReportToText(report, "endorsement"));
  CHECK(report.verified);
  CHECK(report.facts["issuerName"] == "State Welding Association");
  const CheckResult* proof = nullptr;
  for (const auto& c : report.checks)
    if (c.check == "proof") proof = &c;
  REQUIRE(proof != nullptr);
  CHECK(proof->details["format"] == "jwt");
  CHECK(proof->details["alg"] == "EdDSA");
  CHECK(proof->details["controller"] == association.controller);

  auto r = CheckEndorsements(Badge(issuer.controller, {jwt}), Options());
  CHECK(r.outcome == Outcome::kOk);
  CHECK(r.warnings.empty());
  CHECK(r.summary == "1 endorsement, 1 verified.");
  const Json& item = r.details["endorsements"][0];
  CHECK(item["path"] == "credentialSubject.achievement.endorsementJwt[0]");
  CHECK(item["format"] == "jwt");
  CHECK(item["verified"] == true);
  CHECK(item["id"] == kEndorsementId);
  CHECK(item["issuer"] == association.controller);
  CHECK(item["summary"] == "Endorsed by State Welding Association.");

  // The VC 1.1 JWT form: the credential in `vc`, issuer and id in iss/jti.
  Json vc = Endorsement(association.controller);
  vc.erase("issuer");
  vc.erase("id");
  Json claims = {
      {"iss", association.controller}, {"jti", kEndorsementId}, {"vc", vc}};
  auto legacy = CheckEndorsements(
      Badge(issuer.controller, Jwt(association, claims)), Options());
  CHECK(legacy.warnings.empty());
  CHECK(legacy.details["endorsements"][0]["path"] ==
        "credentialSubject.achievement.endorsementJwt");
  CHECK(legacy.details["endorsements"][0]["verified"] == true);
}

TEST_CASE("a VC-JWT endorsement that does not verify is a warning",
          "[endorsements][jwt]") {
  auto issuer = NewKey();
  auto association = NewKey();
  Json endorsement = Endorsement(association.controller);
  std::string good = Jwt(association, endorsement);

  auto warning_of = [&](const std::string& jwt) {
    auto r = CheckEndorsements(Badge(issuer.controller, {jwt}), Options());
    CHECK(r.outcome == Outcome::kOk);  // a third party's opinion only
    CHECK(r.details["endorsements"][0]["verified"] == false);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].code == "ENDORSEMENT_NOT_VERIFIED");
    return r.warnings[0].message;
  };

  // The payload changed after signing.
  Json changed = endorsement;
  changed["credentialSubject"]["endorsementComment"] = "Outstanding!";
  std::string tampered = good.substr(0, good.find('.') + 1) + Part(changed) +
                         good.substr(good.rfind('.'));
  CHECK(warning_of(tampered).find("SIGNATURE_INVALID") != std::string::npos);

  // Another algorithm than EdDSA is refused, whatever the signature.
  std::string hs =
      Jwt(association, endorsement,
          {{"alg", "HS256"}, {"kid", association.verification_method}});
  std::string m = warning_of(hs);
  CHECK(m.find("NO_MATCHING_PROOF") != std::string::npos);
  CHECK(m.find("only EdDSA") != std::string::npos);

  // Signed by someone other than the issuer it names.
  auto stranger = NewKey();
  CHECK(warning_of(Jwt(stranger, endorsement)).find("ISSUER_MISMATCH") !=
        std::string::npos);

  // No kid.
  CHECK(warning_of(Jwt(association, endorsement, {{"alg", "EdDSA"}}))
            .find("\"kid\"") != std::string::npos);
}
