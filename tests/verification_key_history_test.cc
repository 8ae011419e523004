// The "keyHistory" check with local documents: a did:web issuer's DID
// document and key history (specs/issuer-keys.md) given to the verifier as
// documents; proofs signed inside and outside their key's active period.
#include <catch2/catch.hpp>

#include "core/credit/from_report.h"
#include "core/keys/key_file.h"
#include "core/keys/multikey.h"
#include "core/net/document_sources.h"
#include "core/proof/data_integrity.h"
#include "core/verification/check_key_history.h"
#include "core/verification/verify_credential.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::verification;

namespace {

constexpr const char* kDid = "did:web:college.example:riverside";
constexpr const char* kDidUrl = "https://college.example/riverside/did.json";
constexpr const char* kHistoryUrl =
    "https://college.example/riverside/key-history.json";
// key-1 active from A until retired at R; key-2 active from R.
constexpr const char* kA = "2025-09-01T08:00:00Z";
constexpr const char* kR = "2026-06-30T17:00:00Z";

const CheckResult& Find(const CredentialReport& r, const std::string& name) {
  for (const auto& c : r.checks) {
    if (c.check == name) return c;
  }
  FAIL("no check " << name);
  return r.checks.front();
}

struct Issuer {
  crypto::Ed25519PrivateKey key1 = crypto::Ed25519PrivateKey::Generate();
  crypto::Ed25519PrivateKey key2 = crypto::Ed25519PrivateKey::Generate();

  static std::string Vm(const char* id) { return std::string(kDid) + "#" + id; }

  Json DidDocument() const {
    Json methods = Json::array();
    for (auto [id, key] : {std::pair{"key-2", &key2}, {"key-1", &key1}}) {
      methods.push_back(
          {{"id", Vm(id)},
           {"type", "Multikey"},
           {"controller", kDid},
           {"publicKeyMultibase",
            keys::EncodeEd25519PublicMultibase(key->public_key())}});
    }
    return {{"@context",
             {"https://www.w3.org/ns/did/v1",
              "https://w3id.org/security/multikey/v1"}},
            {"id", kDid},
            {"verificationMethod", methods},
            {"assertionMethod", {Vm("key-2"), Vm("key-1")}}};
  }

  Json History() const {
    return {{"id", kDid},
            {"keys",
             {{{"id", Vm("key-1")},
               {"keyId", "key-1"},
               {"type", "Multikey"},
               {"publicKeyMultibase",
                keys::EncodeEd25519PublicMultibase(key1.public_key())},
               {"state", "retired"},
               {"activated", kA},
               {"retired", kR}},
              {{"id", Vm("key-2")},
               {"keyId", "key-2"},
               {"type", "Multikey"},
               {"publicKeyMultibase",
                keys::EncodeEd25519PublicMultibase(key2.public_key())},
               {"state", "active"},
               {"activated", kR}}}}};
  }

  Json Sign(const char* key_id, const std::string& created) const {
    Json c = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
    c["issuer"]["id"] = kDid;
    const auto& raw = std::string(key_id) == "key-1" ? key1 : key2;
    keys::SigningKey key{Vm(key_id), kDid, raw.Clone()};
    proof::AddProofOptions o;
    o.created = created;
    auto signed_doc = proof::AddProof(std::move(c), key, o);
    REQUIRE(signed_doc.ok());
    return std::move(signed_doc).value();
  }
};

struct Verifier {
  did::StaticDocumentSource documents;
  did::Resolver resolver{&documents};

  CredentialReport Verify(const Json& credential, bool trace = false) const {
    VerifyCredentialOptions o;
    o.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
    o.resolver = &resolver;
    o.documents = &documents;
    o.trace = trace;
    return VerifyCredential(credential, o);
  }
};

}  // namespace

TEST_CASE("the key history URL sits next to the DID document",
          "[verification][keys]") {
  CHECK(*KeyHistoryUrl(kDid) == kHistoryUrl);
  CHECK(*KeyHistoryUrl("did:web:college.example") ==
        "https://college.example/.well-known/key-history.json");
  CHECK(*KeyHistoryUrl("did:web:127.0.0.1%3A8443:org") ==
        "https://127.0.0.1:8443/org/key-history.json");
  CHECK_FALSE(
      KeyHistoryUrl("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
          .ok());
}

TEST_CASE("credentials signed by each key while it was active pass",
          "[verification][keys]") {
  Issuer issuer;
  Verifier v;
  v.documents.Add(kDidUrl, issuer.DidDocument());
  v.documents.Add(kHistoryUrl, issuer.History());

  for (auto [key_id, created] :
       {std::pair{"key-1", "2026-01-15T10:00:00Z"},
        {"key-1", kA},  // the second it was activated
        {"key-1", kR},  // the second of the rotation: either key
        {"key-2", kR},
        {"key-2", "2026-06-30T18:00:00Z"}}) {
    INFO(key_id << " at " << created);
    auto report = v.Verify(issuer.Sign(key_id, created));
    const CheckResult& c = Find(report, "keyHistory");
    INFO(c.summary);
    CHECK(c.outcome == Outcome::kOk);
    CHECK(c.advisory);
    CHECK(report.verified);
    CHECK(c.summary.find(Issuer::Vm(key_id)) != std::string::npos);
    CHECK(c.details["applicable"] == true);
    CHECK(c.details["keys"][0]["outcome"] == "ok");
    CHECK(c.details["keys"][0]["created"] == created);
    CHECK(c.details["keys"][0]["historyUrl"] == kHistoryUrl);
    CHECK_FALSE(c.details["keys"][0].contains("trace"));
  }

  // --trace shows the period found.
  auto traced = v.Verify(issuer.Sign("key-1", "2026-01-15T10:00:00Z"), true);
  const Json& t = Find(traced, "keyHistory").details["keys"][0]["trace"];
  CHECK(t["keyId"] == "key-1");
  CHECK(t["state"] == "retired");
  CHECK(t["activated"] == kA);
  CHECK(t["retired"] == kR);
  CHECK(t["historyOrigin"] == "document");
  Json j = ReportToJson(traced, "badge.json");
  bool listed = false;
  for (const auto& c : j["checks"]) {
    if (c["check"] != "keyHistory") continue;
    listed = true;
    CHECK(c["advisory"] == true);
    CHECK(c["outcome"] == "ok");
  }
  CHECK(listed);
  CHECK(ReportToText(traced, "badge.json").find("[ok     ] keyHistory") !=
        std::string::npos);
}

TEST_CASE("a proof made outside its key's active period fails",
          "[verification][keys]") {
  Issuer issuer;
  Verifier v;
  v.documents.Add(kDidUrl, issuer.DidDocument());
  Json history = issuer.History();
  v.documents.Add(kHistoryUrl, history);

  // Signed with key-1 a second after it was retired: the signature holds
  // (the key is still in the DID document) but the key was not in use.
  auto late = v.Verify(issuer.Sign("key-1", "2026-06-30T17:00:01Z"));
  CHECK(Find(late, "proof").outcome == Outcome::kOk);
  const CheckResult& c = Find(late, "keyHistory");
  CHECK(c.outcome == Outcome::kFailed);
  CHECK_FALSE(late.verified);
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].code == kKeyNotActiveWhenSigned);
  const std::string& m = c.errors[0].message;
  INFO(m);
  CHECK(m.find(Issuer::Vm("key-1")) != std::string::npos);
  CHECK(m.find("after the issuer retired it") != std::string::npos);
  CHECK(m.find(std::string("active from ") + kA + " until it was retired at " +
               kR) != std::string::npos);
  CHECK(late.errors.size() == 1);
  std::string text = ReportToText(late, "badge.json");
  CHECK(text.find("NOT VERIFIED") != std::string::npos);
  CHECK(text.find("[FAILED ] keyHistory") != std::string::npos);
  CHECK(text.find("KEY_NOT_ACTIVE_WHEN_SIGNED") != std::string::npos);

  // Before key-2 existed.
  auto early = v.Verify(issuer.Sign("key-2", "2026-01-15T10:00:00Z"));
  const CheckResult& e = Find(early, "keyHistory");
  CHECK(e.outcome == Outcome::kFailed);
  REQUIRE(e.errors.size() == 1);
  CHECK(e.errors[0].code == kKeyNotActiveWhenSigned);
  CHECK(e.errors[0].message.find("before the issuer put it in use") !=
        std::string::npos);
  CHECK(e.errors[0].message.find("(still active)") != std::string::npos);

  // Revoked while still active: the period ends at the revocation.
  history["keys"][1]["state"] = "revoked";
  history["keys"][1]["revoked"] = "2026-07-01T00:00:00Z";
  v.documents.Add(kHistoryUrl, history);
  auto after_revoke = v.Verify(issuer.Sign("key-2", "2026-07-02T00:00:00Z"));
  const CheckResult& rv = Find(after_revoke, "keyHistory");
  CHECK(rv.outcome == Outcome::kFailed);
  REQUIRE(rv.errors.size() == 1);
  CHECK(rv.errors[0].message.find("after the issuer revoked it") !=
        std::string::npos);
  CHECK(
      Find(v.Verify(issuer.Sign("key-2", "2026-06-30T20:00:00Z")), "keyHistory")
          .outcome == Outcome::kOk);
}

TEST_CASE("a key the history does not list, or lists differently, fails",
          "[verification][keys]") {
  Issuer issuer;
  Verifier v;
  v.documents.Add(kDidUrl, issuer.DidDocument());
  Json history = issuer.History();
  history["keys"].erase(0);  // key-1 gone
  v.documents.Add(kHistoryUrl, history);
  auto report = v.Verify(issuer.Sign("key-1", "2026-01-15T10:00:00Z"));
  const CheckResult& c = Find(report, "keyHistory");
  CHECK(c.outcome == Outcome::kFailed);
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].code == kKeyNotInHistory);
  CHECK(c.errors[0].message.find(Issuer::Vm("key-1")) != std::string::npos);
  CHECK_FALSE(report.verified);

  // key-2 listed with key-1's public key.
  Json swapped = issuer.History();
  swapped["keys"][1]["publicKeyMultibase"] =
      swapped["keys"][0]["publicKeyMultibase"];
  v.documents.Add(kHistoryUrl, swapped);
  auto other = v.Verify(issuer.Sign("key-2", "2026-06-30T18:00:00Z"));
  const CheckResult& o = Find(other, "keyHistory");
  CHECK(o.outcome == Outcome::kFailed);
  REQUIRE(o.errors.size() == 1);
  CHECK(o.errors[0].code == kKeyNotInHistory);
  CHECK(o.errors[0].message.find("another public key") != std::string::npos);
}

TEST_CASE("no published history is unknown, never a failure",
          "[verification][keys]") {
  Issuer issuer;
  Json credential = issuer.Sign("key-1", "2026-06-30T17:00:01Z");

  SECTION("not published") {
    Verifier v;
    v.documents.Add(kDidUrl, issuer.DidDocument());
    auto report = v.Verify(credential);
    const CheckResult& c = Find(report, "keyHistory");
    CHECK(c.outcome == Outcome::kUnknown);
    CHECK(c.errors.empty());
    REQUIRE(c.warnings.size() == 1);
    CHECK(c.warnings[0].code == kKeyHistoryUnavailable);
    CHECK(c.summary.find("Unknown:") == 0);
    CHECK(c.summary.find("publishes no key history") != std::string::npos);
    // Advisory: the credential still verifies on its other checks.
    CHECK(report.verified);
    CHECK(report.errors.empty());
    CHECK(ReportToText(report, "b").find("[unknown] keyHistory") !=
          std::string::npos);
    // Nor does it stop the credential from counting as evidence for credit.
    std::string detail;
    CHECK(credit::EvidenceStatusFromReport(report, &detail) ==
          credit::EvidenceStatus::kVerified);
  }
  SECTION("not a key history of this DID") {
    Verifier v;
    v.documents.Add(kDidUrl, issuer.DidDocument());
    Json h = issuer.History();
    h["id"] = "did:web:elsewhere.example";
    v.documents.Add(kHistoryUrl, h);
    auto report = v.Verify(credential);
    CHECK(Find(report, "keyHistory").outcome == Outcome::kUnknown);
    CHECK(report.verified);
  }
  SECTION("offline") {
    did::StaticDocumentSource local;
    local.Add(kDidUrl, issuer.DidDocument());
    net::LayeredDocumentSource offline(true);
    offline.Add(&local);
    did::Resolver resolver(&offline);
    VerifyCredentialOptions o;
    o.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
    o.resolver = &resolver;
    o.documents = &offline;
    auto report = VerifyCredential(credential, o);
    const CheckResult& c = Find(report, "keyHistory");
    CHECK(c.outcome == Outcome::kUnknown);
    CHECK(c.summary.find("Unknown (offline)") == 0);
    CHECK(report.verified);
  }
  SECTION("a proof without created") {
    Verifier v;
    v.documents.Add(kDidUrl, issuer.DidDocument());
    v.documents.Add(kHistoryUrl, issuer.History());
    Json c = credential;
    c["proof"].erase("created");  // the signature no longer holds either
    auto report = v.Verify(c);
    const CheckResult& k = Find(report, "keyHistory");
    CHECK(k.outcome == Outcome::kUnknown);
    REQUIRE(k.warnings.size() == 1);
    CHECK(k.warnings[0].message.find("no \"created\"") != std::string::npos);
  }
}

TEST_CASE("a run asks for each issuer's key history once",
          "[verification][keys]") {
  // A source that counts what it is asked.
  struct Counting : did::DocumentSource {
    did::StaticDocumentSource inner;
    mutable int asked = 0;
    Result<Json> Fetch(const std::string& url) const override {
      ++asked;
      return inner.Fetch(url);
    }
  };
  Issuer issuer;
  Counting documents;
  documents.inner.Add(kDidUrl, issuer.DidDocument());
  did::Resolver resolver(&documents);
  DocumentCache histories;
  VerifyCredentialOptions o;
  o.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
  o.resolver = &resolver;
  o.documents = &documents;
  o.key_histories = &histories;
  Json credential = issuer.Sign("key-2", "2026-06-30T18:00:00Z");
  for (int i = 0; i < 3; ++i) {
    auto report = VerifyCredential(credential, o);
    CHECK(report.verified);  // not published: unknown, advisory
  }
  CHECK(histories.fetches() == 1);  // the 404 is remembered too
  CHECK(documents.asked == 3 + 1);  // the DID document each time, + 1
}

TEST_CASE("did:key issuers: not applicable", "[verification][keys]") {
  auto key = keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c["issuer"]["id"] = key.controller;
  auto signed_doc = proof::AddProof(std::move(c), key, {});
  REQUIRE(signed_doc.ok());
  VerifyCredentialOptions o;
  o.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
  auto report = VerifyCredential(*signed_doc, o);
  const CheckResult& k = Find(report, "keyHistory");
  CHECK(k.outcome == Outcome::kOk);
  CHECK(k.details["applicable"] == false);
  CHECK(k.summary.find("Not applicable") == 0);
  CHECK(report.verified);
}
