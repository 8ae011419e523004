// The status check (Bitstring Status List 1.0 and StatusList2021) with
// status lists built and signed in the test.
#include <catch2/catch.hpp>
#include <thread>

#include "core/keys/key_file.h"
#include "core/net/document_sources.h"
#include "core/proof/data_integrity.h"
#include "core/status/bitstring.h"
#include "core/verification/checks.h"
#include "core/verification/verify_credential.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::verification;

namespace {
const char* kListUrl = "https://college.example/status/1";

Json Badge(const std::string& issuer, const Json& status) {
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c["issuer"]["id"] = issuer;
  if (!status.is_null()) c["credentialStatus"] = status;
  return c;
}

Json Entry(const std::string& purpose, std::uint64_t index,
           const std::string& url = kListUrl) {
  return {{"id", url + "#" + std::to_string(index)},
          {"type", "BitstringStatusListEntry"},
          {"statusPurpose", purpose},
          {"statusListIndex", std::to_string(index)},
          {"statusListCredential", url}};
}

Json SignedList(const keys::SigningKey& key, const status::Bitstring& bits,
                const std::string& purpose = "revocation",
                const std::string& url = kListUrl,
                const std::string& valid_from = "2026-01-01T00:00:00Z") {
  Json list = {
      {"@context", {"https://www.w3.org/ns/credentials/v2"}},
      {"id", url},
      {"type", {"VerifiableCredential", "BitstringStatusListCredential"}},
      {"issuer", key.controller},
      {"validFrom", valid_from},
      {"credentialSubject",
       {{"id", url + "#list"},
        {"type", "BitstringStatusList"},
        {"statusPurpose", purpose},
        {"encodedList", bits.Encode()}}}};
  auto s = proof::AddProof(std::move(list), key, {});
  REQUIRE(s.ok());
  return *s;
}

keys::SigningKey NewKey() {
  return keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
}

struct Setup {
  keys::SigningKey key = NewKey();
  did::StaticDocumentSource documents;
  did::Resolver resolver{&documents};
  StatusListCache cache;
  VerifyCredentialOptions Options(bool trace = false) {
    VerifyCredentialOptions o;
    o.at = *ParseDateTime("2026-07-01T00:00:00Z", true);
    o.resolver = &resolver;
    o.documents = &documents;
    o.status_lists = &cache;
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

TEST_CASE("status: a credential whose bit is clear is not revoked",
          "[status]") {
  Setup s;
  status::Bitstring bits;
  REQUIRE(bits.Set(7, 1).ok());  // someone else's
  s.documents.Add(kListUrl, SignedList(s.key, bits));
  auto r = CheckStatus(Badge(s.key.controller, Entry("revocation", 42)),
                       s.Options());
  INFO(DumpJson(r.details));
  CHECK(r.outcome == Outcome::kOk);
  CHECK(r.errors.empty());
  CHECK(r.summary.rfind("Not revoked", 0) == 0);
  CHECK(r.details["entries"][0]["value"] == 0);
}

TEST_CASE("status: a set revocation bit is REVOKED, suspension SUSPENDED",
          "[status]") {
  Setup s;
  status::Bitstring bits;
  REQUIRE(bits.Set(42, 1).ok());
  s.documents.Add(kListUrl, SignedList(s.key, bits));
  std::string susp_url = "https://college.example/status/2";
  s.documents.Add(susp_url, SignedList(s.key, bits, "suspension", susp_url));

  auto revoked = CheckStatus(Badge(s.key.controller, Entry("revocation", 42)),
                             s.Options(true));
  CHECK(revoked.outcome == Outcome::kFailed);
  CHECK(HasCode(revoked, "REVOKED"));
  CHECK(revoked.summary.find("revoked") != std::string::npos);
  // Trace: the list, index and bit read.
  const Json& e = revoked.details["entries"][0];
  CHECK(e["statusListCredential"] == kListUrl);
  CHECK(e["statusListIndex"] == "42");
  CHECK(e["value"] == 1);
  CHECK(e["trace"]["bitPosition"] == 42);

  auto suspended = CheckStatus(
      Badge(s.key.controller, Entry("suspension", 42, susp_url)), s.Options());
  CHECK(suspended.outcome == Outcome::kFailed);
  CHECK(HasCode(suspended, "SUSPENDED"));

  // Both entries at once, as an array: the revocation is reported.
  Json both =
      Json::array({Entry("revocation", 3), Entry("suspension", 42, susp_url)});
  auto r = CheckStatus(Badge(s.key.controller, both), s.Options());
  CHECK(HasCode(r, "SUSPENDED"));
  CHECK_FALSE(HasCode(r, "REVOKED"));
}

TEST_CASE("status: an unreachable list is unknown, never revoked", "[status]") {
  Setup s;  // no list anywhere
  auto r =
      CheckStatus(Badge(s.key.controller, Entry("revocation", 1)), s.Options());
  CHECK(r.outcome == Outcome::kUnknown);
  CHECK(HasCode(r, "STATUS_UNAVAILABLE"));
  CHECK_FALSE(HasCode(r, "REVOKED"));

  net::LayeredDocumentSource offline(true);
  offline.Add(&s.documents);
  auto o = s.Options();
  o.documents = &offline;
  o.status_lists = nullptr;  // not the first answer, cached above
  auto r2 = CheckStatus(Badge(s.key.controller, Entry("revocation", 1)), o);
  CHECK(r2.outcome == Outcome::kUnknown);
  CHECK(HasCode(r2, "STATUS_UNAVAILABLE"));
  CHECK(r2.summary.rfind("Unknown (offline)", 0) == 0);
}

TEST_CASE("status: the list must be signed by the credential's issuer",
          "[status]") {
  Setup s;
  status::Bitstring bits;
  auto stranger = NewKey();
  s.documents.Add(kListUrl, SignedList(stranger, bits));
  auto r =
      CheckStatus(Badge(s.key.controller, Entry("revocation", 1)), s.Options());
  CHECK(r.outcome == Outcome::kFailed);
  CHECK(HasCode(r, "STATUS_VERIFICATION_ERROR"));

  // A list changed after signing (a revocation bit cleared) fails too.
  Setup t;
  status::Bitstring set;
  REQUIRE(set.Set(1, 1).ok());
  Json list = SignedList(t.key, set);
  list["credentialSubject"]["encodedList"] = status::Bitstring().Encode();
  t.documents.Add(kListUrl, list);
  auto r2 =
      CheckStatus(Badge(t.key.controller, Entry("revocation", 1)), t.Options());
  CHECK(r2.outcome == Outcome::kFailed);
  CHECK(HasCode(r2, "STATUS_VERIFICATION_ERROR"));
}

TEST_CASE("status: purpose, range, entry form and length are checked",
          "[status]") {
  Setup s;
  status::Bitstring bits;
  s.documents.Add(kListUrl, SignedList(s.key, bits, "suspension"));
  auto purpose =
      CheckStatus(Badge(s.key.controller, Entry("revocation", 1)), s.Options());
  CHECK(HasCode(purpose, "STATUS_VERIFICATION_ERROR"));

  Setup t;
  t.documents.Add(kListUrl, SignedList(t.key, bits));
  auto range = CheckStatus(
      Badge(t.key.controller, Entry("revocation", status::kMinimumEntries)),
      t.Options());
  CHECK(range.outcome == Outcome::kFailed);
  CHECK(HasCode(range, "RANGE_ERROR"));

  Json bad = Entry("revocation", 1);
  bad["statusListIndex"] = 1;  // a number, not a string
  auto form = CheckStatus(Badge(t.key.controller, bad), t.Options());
  CHECK(HasCode(form, "MALFORMED_VALUE_ERROR"));

  Setup u;
  status::Bitstring short_list(1000);
  u.documents.Add(kListUrl, SignedList(u.key, short_list));
  auto length =
      CheckStatus(Badge(u.key.controller, Entry("revocation", 1)), u.Options());
  CHECK(HasCode(length, "STATUS_LIST_LENGTH_ERROR"));

  Json other = {{"type", "ExampleStatusMethod2099"},
                {"id", "https://x.example"}};
  auto unsupported = CheckStatus(Badge(t.key.controller, other), t.Options());
  CHECK(unsupported.outcome == Outcome::kUnknown);
  CHECK(HasCode(unsupported, "STATUS_UNSUPPORTED"));

  auto none = CheckStatus(Badge(t.key.controller, Json()), t.Options());
  CHECK(none.outcome == Outcome::kOk);
}

TEST_CASE("status: statusSize > 1 reads the value and its statusMessage",
          "[status]") {
  Setup s;
  status::Bitstring bits(status::kMinimumEntries, 2);
  REQUIRE(bits.Set(5, 2).ok());
  s.documents.Add(kListUrl, SignedList(s.key, bits, "message"));
  Json e = Entry("message", 5);
  e["statusSize"] = 2;
  e["statusMessage"] = {{{"status", "0x0"}, {"message", "pending"}},
                        {{"status", "0x1"}, {"message", "accepted"}},
                        {{"status", "0x2"}, {"message", "under review"}},
                        {{"status", "0x3"}, {"message", "withdrawn"}}};
  auto r = CheckStatus(Badge(s.key.controller, e), s.Options());
  INFO(DumpJson(r.details));
  CHECK(r.outcome == Outcome::kOk);
  CHECK(r.details["entries"][0]["value"] == 2);
  CHECK(r.details["entries"][0]["statusMessage"] == "under review");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].message.find("under review") != std::string::npos);

  e["statusMessage"].erase(3);  // 3 messages for 4 values
  auto bad = CheckStatus(Badge(s.key.controller, e), s.Options());
  CHECK(HasCode(bad, "MALFORMED_VALUE_ERROR"));
}

TEST_CASE("status: StatusList2021 lists of older credentials", "[status]") {
  Setup s;
  status::Bitstring bits;
  REQUIRE(bits.Set(9, 1).ok());
  std::string encoded = bits.Encode().substr(1);  // no multibase prefix
  Json list = {{"@context",
                {"https://www.w3.org/2018/credentials/v1",
                 "https://w3id.org/vc/status-list/2021/v1",
                 "https://w3id.org/security/data-integrity/v2"}},
               {"id", kListUrl},
               {"type", {"VerifiableCredential", "StatusList2021Credential"}},
               {"issuer", s.key.controller},
               {"issuanceDate", "2026-01-01T00:00:00Z"},
               {"credentialSubject",
                {{"id", std::string(kListUrl) + "#list"},
                 {"type", "StatusList2021"},
                 {"statusPurpose", "revocation"},
                 {"encodedList", encoded}}}};
  auto signed_list = proof::AddProof(std::move(list), s.key, {});
  INFO(signed_list.status().ToString());
  REQUIRE(signed_list.ok());
  s.documents.Add(kListUrl, *signed_list);
  Json e = {{"id", std::string(kListUrl) + "#9"},
            {"type", "StatusList2021Entry"},
            {"statusPurpose", "revocation"},
            {"statusListIndex", "9"},
            {"statusListCredential", kListUrl}};
  auto r = CheckStatus(Badge(s.key.controller, e), s.Options());
  INFO(DumpJson(r.errors.empty() ? Json() : Json(r.errors[0].message)));
  CHECK(HasCode(r, "REVOKED"));
  e["statusListIndex"] = "10";
  auto ok = CheckStatus(Badge(s.key.controller, e), s.Options());
  CHECK(ok.outcome == Outcome::kOk);
}

TEST_CASE("status: many credentials on several threads verify the list once",
          "[status]") {
  Setup s;
  status::Bitstring bits;
  REQUIRE(bits.Set(3, 1).ok());
  s.documents.Add(kListUrl, SignedList(s.key, bits));
  auto options = s.Options();
  std::vector<std::thread> threads;
  std::atomic<int> revoked{0}, ok{0};
  // Read here: Catch2's assertions (in ReadJsonFile) are not thread-safe.
  const Json base = Badge(s.key.controller, nullptr);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 8; ++i) {
        int index = t * 8 + i;
        Json badge = base;
        badge["credentialStatus"] = Entry("revocation", index);
        auto r = CheckStatus(badge, options);
        (HasCode(r, "REVOKED") ? revoked : ok)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(revoked == 1);
  CHECK(ok == 31);
  CHECK(s.cache.loads() == 1);
}

TEST_CASE("status: VerifyCredential includes the status check", "[status]") {
  Setup s;
  status::Bitstring bits;
  REQUIRE(bits.Set(42, 1).ok());
  s.documents.Add(kListUrl, SignedList(s.key, bits));
  auto c = proof::AddProof(Badge(s.key.controller, Entry("revocation", 42)),
                           s.key, {});
  REQUIRE(c.ok());
  auto report = VerifyCredential(*c, s.Options());
  CHECK_FALSE(report.verified);
  bool found = false;
  for (const auto& e : report.errors) found |= e.code == "REVOKED";
  CHECK(found);
}

TEST_CASE("trace: the resolved key and the status bit read", "[status]") {
  Setup s;
  status::Bitstring bits;
  s.documents.Add(kListUrl, SignedList(s.key, bits));
  auto c = proof::AddProof(Badge(s.key.controller, Entry("revocation", 11)),
                           s.key, {});
  REQUIRE(c.ok());
  auto report = VerifyCredential(*c, s.Options(true));
  CHECK(report.verified);
  Json j = ReportToJson(report, "x");
  Json proof, status;
  for (const auto& check : j["checks"]) {
    if (check["check"] == "proof") proof = check;
    if (check["check"] == "status") status = check;
  }
  const Json& key = proof["details"]["proofs"][0]["trace"]["resolvedKey"];
  CHECK(key["id"] == s.key.verification_method);
  CHECK(key["controller"] == s.key.controller);
  CHECK(key["keyType"] == "Ed25519");
  CHECK(key["publicKeyHex"].get<std::string>().size() == 64);
  CHECK(key["resolvedFrom"] == "did:key");
  const Json& t = status["details"]["entries"][0]["trace"];
  CHECK(t["bitPosition"] == 11);
  CHECK(t["bitsRead"] == 1);
  CHECK(t["listEntries"] == status::kMinimumEntries);
  CHECK(t["listIssuer"] == s.key.controller);
  // Without --trace, neither.
  Json plain = ReportToJson(VerifyCredential(*c, s.Options(false)), "x");
  for (const auto& check : plain["checks"]) {
    if (check["check"] == "status")
      CHECK_FALSE(check["details"]["entries"][0].contains("trace"));
  }
}

TEST_CASE("status: a list the issuer dated a little ahead of our clock is read",
          "[status]") {
  // An issuer that rebuilds a list stamps it with its own "now": a moment
  // after we started reading it, or ahead of our clock.
  auto later = [](std::int64_t seconds) {
    Timestamp t = Now();
    t.seconds += seconds;
    return FormatDateTime(t);
  };
  status::Bitstring bits;
  Setup s;
  s.documents.Add(kListUrl,
                  SignedList(s.key, bits, "revocation", kListUrl, later(60)));
  auto ok = CheckStatus(Badge(s.key.controller, Entry("revocation", 42)),
                        s.Options());
  INFO(DumpJson(ok.details));
  CHECK(ok.outcome == Outcome::kOk);

  Setup far;  // a day ahead is not clock skew: the list is not valid yet
  far.documents.Add(kListUrl, SignedList(far.key, bits, "revocation", kListUrl,
                                         later(86400)));
  auto r = CheckStatus(Badge(far.key.controller, Entry("revocation", 42)),
                       far.Options());
  CHECK(r.outcome == Outcome::kUnknown);
  CHECK(HasCode(r, "STATUS_UNAVAILABLE"));
  CHECK(r.errors[0].message.find("is valid only from") != std::string::npos);
}
