// Verifiable Presentations (issue 6): the holder's signature for
// authentication, challenge and domain, each enclosed credential verified,
// and whether each credential's subject is the holder.
#include "core/vc/presentation.h"

#include <catch2/catch.hpp>

#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "core/verification/verify_presentation.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::verification;

namespace {

Json Badge(const std::string& issuer, const std::string& subject) {
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c["issuer"]["id"] = issuer;
  c["credentialSubject"]["id"] = subject;
  return c;
}

struct World {
  keys::SigningKey issuer =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  keys::SigningKey holder =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());

  Json SignedBadge(const std::string& subject) {
    auto signed_doc =
        proof::AddProof(Badge(issuer.controller, subject), issuer, {});
    REQUIRE(signed_doc.ok());
    return *signed_doc;
  }
  Json Presentation(std::vector<Json> credentials) {
    Json vp = {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
               {"type", {"VerifiablePresentation"}},
               {"holder", holder.controller},
               {"verifiableCredential", std::move(credentials)}};
    return vp;
  }
  Json Sign(Json vp, const std::string& challenge, const std::string& domain,
            const keys::SigningKey* key = nullptr) {
    proof::AddProofOptions o;
    o.proof_purpose = "authentication";
    o.challenge = challenge;
    o.domain = {domain};
    auto signed_vp = proof::AddProof(std::move(vp), key ? *key : holder, o);
    INFO(signed_vp.status().ToString());
    REQUIRE(signed_vp.ok());
    return *signed_vp;
  }
};

VerifyPresentationOptions Options(const std::string& challenge,
                                  const std::string& domain) {
  VerifyPresentationOptions o;
  o.credential.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
  o.challenge = challenge;
  o.domain = domain;
  return o;
}

const CheckResult& Find(const PresentationReport& r, const std::string& name) {
  for (const auto& c : r.checks) {
    if (c.check == name) return c;
  }
  FAIL("no check " << name);
  return r.checks.front();
}

bool HasError(const PresentationReport& r, const std::string& code) {
  for (const auto& e : r.errors) {
    if (e.code == code) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a holder's signed presentation of their badge verifies",
          "[presentation]") {
  World w;
  Json vp = w.Sign(w.Presentation({w.SignedBadge(w.holder.controller)}),
                   "c-123", "admissions.college.example");
  auto report =
      VerifyPresentation(vp, Options("c-123", "admissions.college.example"));
  INFO(PresentationReportToText(report, "vp.json"));
  CHECK(report.verified);
  CHECK(report.errors.empty());
  REQUIRE(report.credentials.size() == 1);
  CHECK(report.credentials[0].report.verified);
  CHECK(report.credentials[0].subject_is_holder == SubjectMatch::kYes);
  CHECK(Find(report, "holder").outcome == Outcome::kOk);

  Json j = PresentationReportToJson(report, "vp.json");
  CHECK(j["verified"] == true);
  CHECK(j["presentation"]["holder"] == w.holder.controller);
  CHECK(j["checks"].size() == 4);
  CHECK(j["credentials"][0]["subjectIsHolder"] == "yes");
  CHECK(j["credentials"][0]["verified"] == true);
  CHECK(j["credentials"][0]["credential"]["achievement"] ==
        "Welding Safety Fundamentals");
  std::string text = PresentationReportToText(report, "vp.json");
  CHECK(text.rfind("vp.json: PRESENTATION VERIFIED\n", 0) == 0);
  CHECK(text.find("Credential 1 of 1: VERIFIED") != std::string::npos);
}

TEST_CASE("a wrong challenge or domain is refused", "[presentation]") {
  World w;
  Json vp = w.Sign(w.Presentation({w.SignedBadge(w.holder.controller)}),
                   "c-123", "admissions.college.example");
  auto wrong_challenge =
      VerifyPresentation(vp, Options("c-999", "admissions.college.example"));
  CHECK_FALSE(wrong_challenge.verified);
  CHECK(HasError(wrong_challenge, "CHALLENGE_MISMATCH"));
  CHECK_FALSE(HasError(wrong_challenge, "DOMAIN_MISMATCH"));
  auto wrong_domain = VerifyPresentation(vp, Options("c-123", "hr.example"));
  CHECK_FALSE(wrong_domain.verified);
  CHECK(HasError(wrong_domain, "DOMAIN_MISMATCH"));
  // Without expectations the same presentation verifies.
  VerifyPresentationOptions none;
  none.credential.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
  CHECK(VerifyPresentation(vp, none).verified);
}

TEST_CASE("a credential signed for assertion is not a presentation proof",
          "[presentation]") {
  World w;
  Json vp = w.Presentation({w.SignedBadge(w.holder.controller)});
  proof::AddProofOptions o;  // assertionMethod
  auto signed_vp = proof::AddProof(vp, w.holder, o);
  REQUIRE(signed_vp.ok());
  VerifyPresentationOptions none;
  none.credential.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
  auto report = VerifyPresentation(*signed_vp, none);
  CHECK_FALSE(report.verified);
  CHECK(HasError(report, "WRONG_PROOF_PURPOSE"));
  // It is the holder's key, used for the wrong purpose: not a mismatch.
  CHECK_FALSE(HasError(report, "HOLDER_MISMATCH"));
}

TEST_CASE("a tampered enclosed credential fails the presentation",
          "[presentation]") {
  World w;
  Json badge = w.SignedBadge(w.holder.controller);
  badge["credentialSubject"]["achievement"]["name"] = "Master Welder";
  Json vp = w.Sign(w.Presentation({badge}), "c", "d");
  auto report = VerifyPresentation(vp, Options("c", "d"));
  CHECK_FALSE(report.verified);
  // The holder's own signature is fine: it signed the tampered copy.
  CHECK(Find(report, "proof").outcome == Outcome::kOk);
  CHECK(Find(report, "credentials").outcome == Outcome::kFailed);
  CHECK(HasError(report, "CREDENTIAL_NOT_VERIFIED"));
  REQUIRE(report.credentials.size() == 1);
  bool signature_invalid = false;
  for (const auto& e : report.credentials[0].report.errors)
    signature_invalid |= e.code == "SIGNATURE_INVALID";
  CHECK(signature_invalid);
}

TEST_CASE("a tampered presentation fails its proof", "[presentation]") {
  World w;
  Json vp =
      w.Sign(w.Presentation({w.SignedBadge(w.holder.controller)}), "c", "d");
  vp["holder"] = "did:example:someone-else";
  auto report = VerifyPresentation(vp, Options("c", "d"));
  CHECK_FALSE(report.verified);
  CHECK(HasError(report, "SIGNATURE_INVALID"));
  CHECK(HasError(report, "HOLDER_MISMATCH"));
}

TEST_CASE("a presentation signed by someone other than its holder",
          "[presentation]") {
  World w;
  auto other =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  Json vp = w.Sign(w.Presentation({w.SignedBadge(w.holder.controller)}), "c",
                   "d", &other);
  auto report = VerifyPresentation(vp, Options("c", "d"));
  CHECK_FALSE(report.verified);
  CHECK(Find(report, "proof").outcome == Outcome::kOk);
  CHECK(Find(report, "holder").outcome == Outcome::kFailed);
  CHECK(HasError(report, "HOLDER_MISMATCH"));
}

TEST_CASE("a credential about someone else is flagged, not failed",
          "[presentation]") {
  World w;
  Json vp = w.Sign(w.Presentation({w.SignedBadge(w.holder.controller),
                                   w.SignedBadge("did:example:sibling")}),
                   "c", "d");
  auto report = VerifyPresentation(vp, Options("c", "d"));
  CHECK(report.verified);
  REQUIRE(report.credentials.size() == 2);
  CHECK(report.credentials[0].subject_is_holder == SubjectMatch::kYes);
  CHECK(report.credentials[1].subject_is_holder == SubjectMatch::kNo);
  REQUIRE(report.warnings.size() == 1);
  CHECK(report.warnings[0].code == "SUBJECT_NOT_HOLDER");
}

TEST_CASE("a recipient named only by a hashed identifier: unknown",
          "[presentation]") {
  World w;
  Json badge = Badge(w.issuer.controller, "x");
  badge["credentialSubject"].erase("id");
  badge["credentialSubject"]["identifier"] = {
      {{"type", "IdentityObject"},
       {"hashed", true},
       {"identityHash",
        "sha256$"
        "b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"},
       {"identityType", "emailAddress"},
       {"salt", "Kosher"}}};
  auto signed_badge = proof::AddProof(badge, w.issuer, {});
  REQUIRE(signed_badge.ok());
  Json vp = w.Sign(w.Presentation({*signed_badge}), "c", "d");
  auto report = VerifyPresentation(vp, Options("c", "d"));
  INFO(PresentationReportToText(report, "vp"));
  CHECK(report.verified);
  CHECK(report.credentials[0].subject_is_holder == SubjectMatch::kUnknown);
}

TEST_CASE("presentation structure problems name the field", "[presentation]") {
  auto problems = vc::CheckPresentationStructure(
      {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
       {"type", {"VerifiableCredential"}},
       {"holder", "not a url"},
       {"verifiableCredential", {"https://example.org/vc/1"}}});
  REQUIRE(problems.size() == 3);
  for (const auto& p : problems) CHECK(p.code() == "MALFORMED_PRESENTATION");
  CHECK(problems[0].message().rfind("type:", 0) == 0);
  CHECK(problems[1].message().rfind("holder:", 0) == 0);
  CHECK(problems[2].message().rfind("verifiableCredential[0]:", 0) == 0);

  World w;
  auto report = VerifyPresentation(Json::array(), Options("c", "d"));
  CHECK_FALSE(report.verified);
  CHECK(HasError(report, "MALFORMED_PRESENTATION"));
  CHECK(HasError(report, "NO_PROOF"));
}

TEST_CASE("an unsigned presentation is not verified", "[presentation]") {
  World w;
  Json vp = w.Presentation({w.SignedBadge(w.holder.controller)});
  auto report = VerifyPresentation(vp, Options("c", "d"));
  CHECK_FALSE(report.verified);
  CHECK(HasError(report, "NO_PROOF"));
  CHECK(Find(report, "proof").summary ==
        "The presentation is not signed by its holder.");
  // Its credential is still checked and reported.
  REQUIRE(report.credentials.size() == 1);
  CHECK(report.credentials[0].report.verified);
}
