// From verified credentials to credit evidence: the adapter reads what the
// engine matches on from real signed credentials and their verification
// reports (revoked, suspended, unknown status, tampered), and
// TrustRecognition answers from a trust registry by competency, scope and
// the time the credential was earned.
#include <catch2/catch.hpp>

#include "core/credit/decision_credential.h"
#include "core/credit/evaluate.h"
#include "core/credit/from_report.h"
#include "core/credit/policy.h"
#include "core/credit/trust_recognition.h"
#include "core/keys/key_file.h"
#include "core/net/document_sources.h"
#include "core/proof/data_integrity.h"
#include "core/status/bitstring.h"
#include "core/verification/verify_credential.h"
#include "tests/test_util.h"

namespace anycred::credit {
namespace {

const char* kListUrl = "https://cte.example/status/1";
const char* kSuspensionUrl = "https://cte.example/status/2";

Timestamp At(const char* text) { return ParseDateTime(text, true).value(); }

Json Entry(const std::string& purpose, int index, const std::string& url) {
  return {{"id", url + "#" + std::to_string(index)},
          {"type", "BitstringStatusListEntry"},
          {"statusPurpose", purpose},
          {"statusListIndex", std::to_string(index)},
          {"statusListCredential", url}};
}

Json SignedList(const keys::SigningKey& key, const status::Bitstring& bits,
                const std::string& purpose, const std::string& url) {
  Json list = {
      {"@context", {"https://www.w3.org/ns/credentials/v2"}},
      {"id", url},
      {"type", {"VerifiableCredential", "BitstringStatusListCredential"}},
      {"issuer", key.controller},
      {"validFrom", "2026-01-01T00:00:00Z"},
      {"credentialSubject",
       {{"id", url + "#list"},
        {"type", "BitstringStatusList"},
        {"statusPurpose", purpose},
        {"encodedList", bits.Encode()}}}};
  auto s = proof::AddProof(std::move(list), key, {});
  REQUIRE(s.ok());
  return *s;
}

struct Setup {
  keys::SigningKey key =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  did::StaticDocumentSource documents;
  did::Resolver resolver{&documents};
  verification::StatusListCache cache;

  // Revocation bit 42 and suspension bit 7 are set.
  Setup() {
    status::Bitstring revoked, suspended;
    REQUIRE(revoked.Set(42, 1).ok());
    REQUIRE(suspended.Set(7, 1).ok());
    documents.Add(kListUrl, SignedList(key, revoked, "revocation", kListUrl));
    documents.Add(kSuspensionUrl,
                  SignedList(key, suspended, "suspension", kSuspensionUrl));
  }

  verification::VerifyCredentialOptions Options() {
    verification::VerifyCredentialOptions o;
    o.at = At("2026-07-01T00:00:00Z");
    o.resolver = &resolver;
    o.documents = &documents;
    o.status_lists = &cache;
    return o;
  }

  // The welding safety example badge, issued by this key, signed.
  Json Badge(const Json& status) {
    Json c = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
    c["issuer"]["id"] = key.controller;
    if (!status.is_null()) c["credentialStatus"] = status;
    auto s = proof::AddProof(std::move(c), key, {});
    REQUIRE(s.ok());
    return *s;
  }

  Evidence Read(const Json& credential) {
    auto report = verification::VerifyCredential(credential, Options());
    return EvidenceFromCredential(credential, report);
  }
};

TEST_CASE("from report: a verified badge becomes evidence with its facts",
          "[credit]") {
  Setup s;
  Evidence e = s.Read(s.Badge(Entry("revocation", 3, kListUrl)));
  INFO(e.status_detail);
  CHECK(e.status == EvidenceStatus::kVerified);
  CHECK(e.status_detail.empty());
  CHECK(e.credential_id == "urn:uuid:8f1c3a1e-2b6d-4c8e-9a57-3d2f0e6b1c44");
  CHECK(e.issuer_id == s.key.controller);
  CHECK(e.issuer_name == "Riverside Career & Technical Center");
  CHECK(e.achievement_id ==
        "https://cte.riverside.example/achievements/weld-safety-101");
  CHECK(e.achievement_name == "Welding Safety Fundamentals");
  CHECK(e.achievement_type == "Competency");
  CHECK(e.field_of_study == "Welding Technology");
  REQUIRE(e.alignments.size() == 1);
  CHECK(e.alignments[0].framework == "State CTE Welding Technology Standards");
  CHECK(e.alignments[0].code == "WLD.1.2");
  CHECK(e.alignments[0].type == "CFItem");
  CHECK(e.alignments[0].url ==
        "https://case.standards.example/uri/5d0c7c1e-wld-1-2");
  REQUIRE(e.results.size() == 1);
  CHECK(e.results[0].name == "Written safety assessment");
  CHECK(e.results[0].result_type == "Percent");
  CHECK(e.results[0].value == "92");
  REQUIRE(e.credits_earned.has_value());
  CHECK(*e.credits_earned == Approx(0.5));
  REQUIRE(e.credits_available.has_value());
  CHECK(*e.credits_available == Approx(0.5));
  CHECK_FALSE(e.hours.has_value());
  CHECK(e.earned_text == "2026-06-12T00:00:00Z");
  REQUIRE(e.earned.has_value());
  CHECK(*e.earned == At("2026-06-12T00:00:00Z"));
}

TEST_CASE("from report: revoked, suspended, unknown and tampered evidence",
          "[credit]") {
  Setup s;
  SECTION("revoked") {
    Evidence e = s.Read(s.Badge(Entry("revocation", 42, kListUrl)));
    CHECK(e.status == EvidenceStatus::kRevoked);
    CHECK(e.status_detail.find("revoked") != std::string::npos);
  }
  SECTION("suspended") {
    Evidence e = s.Read(s.Badge(Entry("suspension", 7, kSuspensionUrl)));
    CHECK(e.status == EvidenceStatus::kSuspended);
    CHECK(e.status_detail.find("suspended") != std::string::npos);
  }
  SECTION("the status list cannot be fetched") {
    Evidence e = s.Read(
        s.Badge(Entry("revocation", 3, "https://cte.example/status/missing")));
    CHECK(e.status == EvidenceStatus::kStatusUnknown);
    CHECK_FALSE(e.status_detail.empty());
  }
  SECTION("changed after signing") {
    Json c = s.Badge(Entry("revocation", 3, kListUrl));
    c["credentialSubject"]["result"][0]["value"] = "99";
    Evidence e = s.Read(c);
    CHECK(e.status == EvidenceStatus::kFailed);
    CHECK(e.status_detail.rfind("proof:", 0) == 0);
    CHECK(e.results[0].value == "99");  // read, but it does not count
  }
  SECTION("unreadable input") {
    auto report = verification::UnreadableCredential(
        Status::Error("MALFORMED_CREDENTIAL", "not JSON"));
    Evidence e = EvidenceFromCredential(Json(), report);
    CHECK(e.status == EvidenceStatus::kFailed);
    CHECK(e.status_detail.find("not JSON") != std::string::npos);
  }
}

TEST_CASE("from report: contact hours, awardedDate and an id-less credential",
          "[credit]") {
  Setup s;
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c.erase("id");
  c["awardedDate"] = "2026-06-10T00:00:00Z";
  Json& a = c["credentialSubject"]["achievement"];
  a.erase("alignment");
  a["resultDescription"].push_back({{"id", "urn:uuid:hours"},
                                    {"type", {"ResultDescription"}},
                                    {"name", "Contact hours"},
                                    {"resultType", "ext:ContactHours"}});
  c["credentialSubject"]["result"].push_back(
      {{"type", {"Result"}},
       {"resultDescription", "urn:uuid:hours"},
       {"value", "30"}});
  auto report = verification::VerifyCredential(c, s.Options());
  Evidence e = EvidenceFromCredential(c, report);
  CHECK(e.status == EvidenceStatus::kFailed);  // unsigned
  REQUIRE(e.hours.has_value());
  CHECK(*e.hours == Approx(30));
  CHECK(e.SeatTimeOnly());
  CHECK(e.earned_text == "2026-06-10T00:00:00Z");
  CHECK(e.credential_id == CredentialDigest(c).value());
  CHECK(e.credential_id.rfind("sha256-", 0) == 0);
}

Json Registry(const std::string& issuer) {
  return {{"type", "AnycredTrustRegistry"},
          {"name", "Lakeside transfer credit"},
          {"issuers",
           {{{"id", {issuer}},
             {"name", "Riverside CTE"},
             {"scope",
              {{"frameworks", {"State CTE Welding Technology Standards"}}}},
             {"since", "2026-01-01T00:00:00Z"}},
            {{"id", {"did:web:other.example"}},
             {"name", "Other"},
             {"scope", {{"fieldsOfStudy", {"Nursing"}}}}}}}};
}

TEST_CASE("trust recognition: by competency, by scope, at the earned time",
          "[credit]") {
  Setup s;
  Evidence e = s.Read(s.Badge(Json()));
  REQUIRE(e.status == EvidenceStatus::kVerified);
  std::vector<trust::Registry> registries = {
      trust::Registry::Parse(Registry(s.key.controller), "r").value()};
  TrustRecognition recognition(&registries);
  const Timestamp now = At("2027-01-01T00:00:00Z");

  auto yes = recognition.Check(e, &e.alignments[0], now);
  CHECK(yes.recognized);
  CHECK(yes.explanation.find("Riverside CTE") != std::string::npos);

  Alignment other{"Nursing Standards", "N.1", "", "", ""};
  auto out_of_scope = recognition.Check(e, &other, now);
  CHECK_FALSE(out_of_scope.recognized);
  CHECK(out_of_scope.explanation.find("not for this competency") !=
        std::string::npos);

  // No competency (a rule by achievement id): what the credential is about.
  CHECK(recognition.Check(e, nullptr, now).recognized);

  // Earned before the issuer was listed: not recognized then.
  Evidence early = e;
  early.earned = At("2025-06-01T00:00:00Z");
  auto then = recognition.Check(early, &early.alignments[0], now);
  CHECK_FALSE(then.recognized);
  CHECK(then.explanation.find("not at 2025-06-01") != std::string::npos);

  Evidence stranger = e;
  stranger.issuer_id = "did:web:diploma-mill.example";
  auto unlisted = recognition.Check(stranger, &stranger.alignments[0], now);
  CHECK_FALSE(unlisted.recognized);
  CHECK(unlisted.explanation.find("not in the registry") != std::string::npos);

  TrustRecognition none(nullptr);
  CHECK_FALSE(none.Check(e, &e.alignments[0], now).recognized);
}

TEST_CASE(
    "from report + trust recognition: a policy grants from real "
    "credentials and refuses a revoked one",
    "[credit]") {
  Setup s;
  Json p = ParseJson(R"({
    "type": "CreditPolicy", "id": "t",
    "institution": {"id": "did:web:lakeside.example", "name": "Lakeside"},
    "targets": [{"code": "WLD-101", "title": "Welding Safety", "credits": 3}],
    "rules": [{"id": "r1", "target": "WLD-101",
      "when": {"evidence": {"alignment": {"framework": "State CTE Welding Technology Standards", "code": "WLD.1.2"},
                            "minResult": {"score": 80}}}}]})")
               .value();
  Policy policy = ParsePolicy(p).value();
  std::vector<trust::Registry> registries = {
      trust::Registry::Parse(Registry(s.key.controller), "r").value()};
  TrustRecognition recognition(&registries);
  EvaluateOptions options;
  options.at = At("2026-07-01T00:00:00Z");
  options.recognition = &recognition;

  std::vector<Evidence> good = {
      s.Read(s.Badge(Entry("revocation", 3, kListUrl)))};
  Decision d = Evaluate(policy, good, options);
  REQUIRE(d.targets.size() == 1);
  CHECK(d.targets[0].granted);
  CHECK(d.credits == Approx(3));

  std::vector<Evidence> revoked = {
      s.Read(s.Badge(Entry("revocation", 42, kListUrl)))};
  d = Evaluate(policy, revoked, options);
  CHECK_FALSE(d.targets[0].granted);
  std::string text = DecisionToText(d, revoked);
  INFO(text);
  CHECK(text.find("revoked") != std::string::npos);
}

}  // namespace
}  // namespace anycred::credit
