#include "core/vc/structure.h"

#include <catch2/catch.hpp>

#include "tests/test_util.h"

using namespace anycred;

namespace {
Json Valid() {
  return Json::parse(R"({
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    "id": "urn:uuid:1",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "did:key:z6Mk", "type": ["Profile"], "name": "Example College"},
    "validFrom": "2024-01-01T00:00:00Z",
    "name": "Welding Safety",
    "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "urn:x"}}
  })");
}

std::vector<std::string> Messages(const Json& c) {
  std::vector<std::string> out;
  for (const auto& s : vc::CheckCredentialStructure(c)) {
    CHECK(s.code() == "MALFORMED_CREDENTIAL");
    out.push_back(s.message());
  }
  return out;
}

bool Mentions(const std::vector<std::string>& msgs, const std::string& prefix) {
  for (const auto& m : msgs) {
    if (m.rfind(prefix, 0) == 0) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("a sound credential has no structural problems", "[structure]") {
  CHECK(Messages(Valid()).empty());
  Json spec_example = testing::ReadJsonFile(
      testing::ConformanceDir() + "/vectors/ob3-eddsa-rdfc-2022/unsigned.json");
  CHECK(Messages(spec_example).empty());
  Json v1 = Valid();
  v1["@context"][0] = "https://www.w3.org/2018/credentials/v1";
  v1.erase("validFrom");
  v1["issuanceDate"] = "2010-01-01T00:00:00";  // 1.1 allows no offset
  CHECK(Messages(v1).empty());
  CHECK(vc::DetectDataModel(v1) == vc::DataModel::kV1_1);
}

TEST_CASE("every problem is reported with the field's path", "[structure]") {
  Json c = Valid();
  c["@context"] = Json::array({"https://example.org/ctx", 42});
  c["type"] = "OpenBadgeCredential";
  c["id"] = "not a url";
  c["issuer"] = Json::object({{"name", "No id"}});
  c["credentialSubject"] =
      Json::array({Json::object({{"id", "did:example:1"}}), Json::object()});
  c["validFrom"] = "2024-01-01T00:00:00";
  c["validUntil"] = "2023-01-01T00:00:00Z";
  c["credentialStatus"] = Json::object({{"id", "https://x.example/status#1"}});
  c["evidence"] = Json::array({"https://evidence.example"});
  c["name"] = Json::object({{"@value", "x"}, {"@lang", "en"}});
  auto msgs = Messages(c);
  CHECK(Mentions(msgs, "@context: the first entry must be"));
  CHECK(Mentions(msgs, "@context[1]: must be a context URL"));
  CHECK(Mentions(msgs, "type: must include \"VerifiableCredential\""));
  CHECK(Mentions(msgs, "id: must be a single URL"));
  CHECK(Mentions(msgs, "issuer.id: is required"));
  CHECK(Mentions(msgs, "credentialSubject[1]: must make at least one claim"));
  CHECK(Mentions(msgs, "validFrom: "));
  CHECK(Mentions(msgs, "credentialStatus.type: is required"));
  CHECK(Mentions(msgs, "evidence[0]: must be an object"));
  CHECK(Mentions(msgs, "name: must be text"));
}

TEST_CASE("missing required fields and bad forms", "[structure]") {
  CHECK(Mentions(Messages(Json::array()),
                 "(document): a credential must be a JSON object"));
  Json c = Valid();
  c.erase("issuer");
  c.erase("credentialSubject");
  c.erase("type");
  c.erase("@context");
  auto msgs = Messages(c);
  CHECK(Mentions(msgs, "issuer: is required"));
  CHECK(Mentions(msgs, "credentialSubject: is required"));
  CHECK(Mentions(msgs, "type: is required"));
  CHECK(Mentions(msgs, "@context: is required"));

  c = Valid();
  c["validUntil"] = "2023-12-31T23:59:59Z";
  CHECK(Mentions(Messages(c), "validUntil: is before validFrom"));
  c = Valid();
  c["credentialSubject"] = "did:example:1";
  CHECK(Mentions(Messages(c), "credentialSubject: must be an object"));
  c = Valid();
  c["credentialSchema"] = Json::object({{"type", "JsonSchema"}});
  CHECK(Mentions(Messages(c), "credentialSchema.id: is required"));
  c = Valid();
  c["@context"][0] = "https://www.w3.org/2018/credentials/v1";
  CHECK(Mentions(Messages(c), "issuanceDate: is required"));
  c["issuanceDate"] = "2024-01-01T00:00:00Z";
  c["credentialStatus"] = Json::object({{"type", "StatusList2021Entry"}});
  CHECK(Mentions(Messages(c), "credentialStatus.id: is required"));
}

TEST_CASE("URLs and issuer ids", "[structure]") {
  CHECK(vc::IsUrl("did:key:z6Mk"));
  CHECK(vc::IsUrl("urn:uuid:123"));
  CHECK(vc::IsUrl("https://example.org/a?b#c"));
  CHECK_FALSE(vc::IsUrl("https ://not-a-url"));
  CHECK_FALSE(vc::IsUrl("no-scheme"));
  CHECK_FALSE(vc::IsUrl(":x"));
  CHECK_FALSE(vc::IsUrl(5));
  CHECK(vc::IssuerId(Valid()) == "did:key:z6Mk");
  Json c = Valid();
  c["issuer"] = "https://college.example";
  CHECK(vc::IssuerId(c) == "https://college.example");
}
