// The status check for Open Badges 3.0's `1EdTechRevocationList`
// credentialStatus: the credential's id looked up in the issuer's
// revocation list, served to the verifier as a local document.
#include <catch2/catch.hpp>

#include "core/keys/key_file.h"
#include "core/net/document_sources.h"
#include "core/proof/data_integrity.h"
#include "core/verification/checks.h"
#include "core/verification/revocation_list_1edtech.h"
#include "core/verification/verify_credential.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::verification;

namespace {

constexpr const char* kListUrl = "https://college.example/revocations/1";
constexpr const char* kCredentialId =
    "urn:uuid:8f1c3a1e-2b6d-4c8e-9a57-3d2f0e6b1c44";

struct Setup {
  keys::SigningKey key =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  did::StaticDocumentSource documents;
  did::Resolver resolver{&documents};

  Json Badge() const {
    Json c = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
    c["issuer"]["id"] = key.controller;
    c["id"] = kCredentialId;
    // The status type is defined by the OB 3.0 extensions context.
    c["@context"].push_back(
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json");
    c["credentialStatus"] = {{"id", kListUrl},
                             {"type", "1EdTechRevocationList"}};
    auto signed_doc = proof::AddProof(std::move(c), key, {});
    REQUIRE(signed_doc.ok());
    return std::move(signed_doc).value();
  }

  Json List(Json revoked) const {
    return {{"id", kListUrl},
            {"issuer", key.controller},
            {"revokedCredentials", std::move(revoked)}};
  }

  VerifyCredentialOptions Options(bool trace = false) const {
    VerifyCredentialOptions o;
    o.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
    o.resolver = &resolver;
    o.documents = &documents;
    o.trace = trace;
    return o;
  }
};

bool HasCode(const CheckResult& r, const std::string& code) {
  for (const auto& e : r.errors)
    if (e.code == code) return true;
  return false;
}

}  // namespace

TEST_CASE("1EdTechRevocationList: a listed credential is revoked",
          "[status][1edtech]") {
  Setup s;
  s.documents.Add(
      kListUrl,
      s.List({{{"id", "urn:uuid:someone-else"}},
              {{"id", kCredentialId},
               {"revocationReason", "Issued to the wrong student"}}}));
  auto r = CheckStatus(s.Badge(), s.Options(true));
  CHECK(r.outcome == Outcome::kFailed);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].code == "REVOKED");
  CHECK(r.errors[0].message ==
        "credentialStatus: the issuer has revoked this credential (Issued to "
        "the wrong student)");
  CHECK(r.summary.find("The issuer has revoked this credential") == 0);
  const Json& e = r.details["entries"][0];
  CHECK(e["type"] == "1EdTechRevocationList");
  CHECK(e["revocationList"] == kListUrl);
  CHECK(e["value"] == 1);
  CHECK(e["statusMessage"] == "Issued to the wrong student");
  CHECK(e["listOrigin"] == "document");
  CHECK(e["trace"]["listEntries"] == 2);

  // Through the whole pipeline: not verified, REVOKED among the errors.
  auto report = VerifyCredential(s.Badge(), s.Options());
  CHECK_FALSE(report.verified);
  CHECK(std::any_of(report.errors.begin(), report.errors.end(),
                    [](const Problem& p) { return p.code == "REVOKED"; }));

  // "revoked": true is the same; "revoked": false reinstates.
  s.documents.Add(kListUrl,
                  s.List({{{"id", kCredentialId}, {"revoked", true}}}));
  CHECK(HasCode(CheckStatus(s.Badge(), s.Options()), "REVOKED"));
  s.documents.Add(kListUrl,
                  s.List({{{"id", kCredentialId}, {"revoked", false}}}));
  auto reinstated = CheckStatus(s.Badge(), s.Options());
  CHECK(reinstated.outcome == Outcome::kOk);
  CHECK(reinstated.summary == "Not revoked.");
}

TEST_CASE("1EdTechRevocationList: an unlisted credential is not revoked",
          "[status][1edtech]") {
  Setup s;
  s.documents.Add(kListUrl, s.List({{{"id", "urn:uuid:someone-else"}}}));
  auto r = CheckStatus(s.Badge(), s.Options());
  CHECK(r.outcome == Outcome::kOk);
  CHECK(r.errors.empty());
  CHECK(r.summary == "Not revoked.");
  CHECK(r.details["entries"][0]["value"] == 0);
  auto report = VerifyCredential(s.Badge(), s.Options());
  INFO(ReportToText(report, "badge"));
  CHECK(report.verified);

  // An empty list, and a list without an issuer, are lists too.
  s.documents.Add(kListUrl, Json{{"revokedCredentials", Json::array()}});
  CHECK(CheckStatus(s.Badge(), s.Options()).outcome == Outcome::kOk);
}

TEST_CASE("1EdTechRevocationList: a list that cannot be had is unknown",
          "[status][1edtech]") {
  Setup s;
  SECTION("not found") {
    auto r = CheckStatus(s.Badge(), s.Options());
    CHECK(r.outcome == Outcome::kUnknown);
    CHECK(HasCode(r, "STATUS_UNAVAILABLE"));
    CHECK_FALSE(HasCode(r, "REVOKED"));
    CHECK(r.summary.find("Unknown: could not check whether the credential "
                         "was revoked") == 0);
  }
  SECTION("offline") {
    net::LayeredDocumentSource offline(true);
    offline.Add(&s.documents);
    VerifyCredentialOptions o = s.Options();
    o.documents = &offline;
    auto r = CheckStatus(s.Badge(), o);
    CHECK(r.outcome == Outcome::kUnknown);
    CHECK(r.summary.find("Unknown (offline)") == 0);
  }
  SECTION("the credential has no id to look up") {
    s.documents.Add(kListUrl, s.List(Json::array()));
    Json c = s.Badge();
    c.erase("id");
    auto r = CheckStatus(c, s.Options());
    CHECK(r.outcome == Outcome::kUnknown);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("has no id") != std::string::npos);
  }
}

TEST_CASE("1EdTechRevocationList: a list that is not the issuer's fails",
          "[status][1edtech]") {
  Setup s;
  Json list = s.List({{{"id", "urn:uuid:someone-else"}}});
  list["issuer"] = "did:example:another-college";
  s.documents.Add(kListUrl, list);
  auto r = CheckStatus(s.Badge(), s.Options());
  CHECK(r.outcome == Outcome::kFailed);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].code == "STATUS_VERIFICATION_ERROR");
  CHECK(r.errors[0].message.find("did:example:another-college") !=
        std::string::npos);

  s.documents.Add(kListUrl, Json{{"id", kListUrl}});  // no revokedCredentials
  auto malformed = CheckStatus(s.Badge(), s.Options());
  CHECK(HasCode(malformed, "STATUS_VERIFICATION_ERROR"));

  Json no_url = s.Badge();
  no_url["credentialStatus"]["id"] = "not a url";
  CHECK(HasCode(CheckStatus(no_url, s.Options()), "MALFORMED_VALUE_ERROR"));
}
