#include <catch2/catch.hpp>

#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "core/verification/checks.h"
#include "core/verification/verify_credential.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::verification;

namespace {
Json Example(const std::string& issuer) {
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c["issuer"]["id"] = issuer;
  return c;
}
const CheckResult& Find(const CredentialReport& r, const std::string& name) {
  for (const auto& c : r.checks) {
    if (c.check == name) return c;
  }
  FAIL("no check " << name);
  return r.checks.front();
}
}  // namespace

TEST_CASE("a signed Open Badge verifies, with facts for the report",
          "[verification]") {
  auto key = keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  auto signed_doc = proof::AddProof(Example(key.controller), key, {});
  REQUIRE(signed_doc.ok());
  VerifyCredentialOptions options;
  options.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
  auto report = VerifyCredential(*signed_doc, options);
  CHECK(report.verified);
  CHECK(report.errors.empty());
  CHECK(report.facts["issuerName"] == "Riverside Career & Technical Center");
  CHECK(report.facts["achievement"] == "Welding Safety Fundamentals");
  std::string text = ReportToText(report, "badge.json");
  CHECK(text.rfind("badge.json: VERIFIED\n", 0) == 0);
  Json j = ReportToJson(report, "badge.json");
  CHECK(j["checks"].size() == 9);
  CHECK(j["verified"] == true);
}

TEST_CASE("validity reads 1.1 dates under the 1.1 context only",
          "[verification]") {
  Json v1 = {{"@context", {"https://www.w3.org/2018/credentials/v1"}},
             {"issuanceDate", "2020-01-01T00:00:00Z"},
             {"expirationDate", "2021-01-01T00:00:00Z"}};
  auto r = CheckValidity(v1, *ParseDateTime("2022-01-01T00:00:00Z", true));
  CHECK(r.outcome == Outcome::kFailed);
  CHECK(r.errors.at(0).code == "EXPIRED");
  CHECK(
      CheckValidity(v1, *ParseDateTime("2020-06-01T00:00:00Z", true)).outcome ==
      Outcome::kOk);
  Json v2 = {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
             {"expirationDate", "2021-01-01T00:00:00Z"}};
  // expirationDate means nothing under v2 (the structure/proof checks catch
  // it): no expiry here.
  CHECK(
      CheckValidity(v2, *ParseDateTime("2022-01-01T00:00:00Z", true)).outcome ==
      Outcome::kOk);
}

TEST_CASE(
    "an unreachable key makes the proof and issuer checks unknown, not failed",
    "[verification]") {
  auto raw = crypto::Ed25519PrivateKey::Generate();
  keys::SigningKey key{"did:web:college.example#key-1",
                       "did:web:college.example", raw.Clone()};
  auto signed_doc = proof::AddProof(Example(key.controller), key, {});
  REQUIRE(signed_doc.ok());
  auto report = VerifyCredential(*signed_doc, {});
  CHECK_FALSE(report.verified);
  CHECK(Find(report, "proof").outcome == Outcome::kUnknown);
  CHECK(Find(report, "issuer").outcome == Outcome::kUnknown);
  CHECK(Find(report, "structure").outcome == Outcome::kOk);
  CHECK(ReportToText(report, "x").find("[unknown] proof") != std::string::npos);
}

TEST_CASE("a second signer is a warning; a foreign signer is ISSUER_MISMATCH",
          "[verification]") {
  auto issuer =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  auto notary =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  auto once = proof::AddProof(Example(issuer.controller), issuer, {});
  auto twice = proof::AddProof(*once, notary, {});
  REQUIRE(twice.ok());
  auto report = VerifyCredential(*twice, {});
  CHECK(report.verified);
  REQUIRE(report.warnings.size() == 1);
  CHECK(report.warnings[0].code == "OTHER_SIGNER");

  auto foreign = proof::AddProof(Example(issuer.controller), notary, {});
  auto r = VerifyCredential(*foreign, {});
  CHECK_FALSE(r.verified);
  CHECK(Find(r, "issuer").errors.at(0).code == "ISSUER_MISMATCH");
  CHECK(Find(r, "proof").outcome == Outcome::kOk);
}
