// End to end: the real `anycred-issuer serve` on a loopback port, driven
// over HTTP — issue, did:web document, status lists, revocation and
// suspension, achievements and awards, and every error status.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "core/crypto/sha2.h"
#include "core/did/resolver.h"
#include "core/net/document_sources.h"
#include "core/status/bitstring.h"
#include "core/verification/verify_credential.h"
#include "tests/issuer_server.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::testing;

namespace {

struct Service {
  TempDir dir;
  std::string data;
  int port;
  TestOrg college, union_org;
  std::unique_ptr<IssuerServer> server;

  explicit Service(std::vector<std::string> extra = {}) {
    data = dir.File("data");
    auto r = RunCommand({"anycred-issuer", "init", "--data", data});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    port = FreePort();
    college = CreateOrg(
        data, "Riverside Community College",
        {"--did-web", "127.0.0.1%3A" + std::to_string(port) + ":orgs:riverside",
         "--suspension"});
    union_org = CreateOrg(data, "Pipefitters Local 12", {"--did-key"});
    server = std::make_unique<IssuerServer>(data, port, extra);
  }

  httplib::Result Post(const std::string& path, const Json& body,
                       const std::string& token) {
    auto c = server->Client();
    return c.Post(path.c_str(), Bearer(token), DumpJson(body),
                  "application/json");
  }
  Json GetJson(const std::string& path, int expect = 200) {
    auto c = server->Client();
    auto res = c.Get(path.c_str());
    REQUIRE(res);
    INFO(path << ": " << res->body);
    REQUIRE(res->status == expect);
    return Json::parse(res->body);
  }
  std::string PathOf(const std::string& url) {
    std::string prefix = "http://127.0.0.1:" + std::to_string(port);
    REQUIRE(url.rfind(prefix, 0) == 0);
    return url.substr(prefix.size());
  }
};

Json Issue(Service& s, const TestOrg& org, Json credential) {
  auto res =
      s.Post("/credentials/issue", Json{{"credential", credential}}, org.token);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  return Json::parse(res->body)["verifiableCredential"];
}

// anycred's own verification, with the DID document fetched from the
// service standing in for the did:web resolution.
verification::CredentialReport VerifyWith(const Json& vc,
                                          const std::string& did,
                                          const Json& did_document) {
  // The DID document as fetched by the test; status lists from the
  // service itself over loopback.
  did::StaticDocumentSource docs;
  if (did.rfind("did:web:", 0) == 0)
    docs.Add(*did::DidWebToUrl(did), did_document);
  net::NetworkOptions network_options;
  network_options.http.allow_http_loopback = true;
  auto network = net::NetworkDocumentSource::Open(network_options);
  REQUIRE(network.ok());
  net::LayeredDocumentSource layers;
  layers.Add(&docs);
  layers.Add(network->get());
  did::Resolver resolver(&layers);
  verification::VerifyCredentialOptions opts;
  opts.resolver = &resolver;
  opts.documents = &layers;
  return verification::VerifyCredential(vc, opts);
}

bool Verified(const verification::CredentialReport& report) {
  INFO(DumpJson(verification::ReportToJson(report, "issued"), true));
  return report.verified;
}

// The status list named by `entry`, verified, decoded.
status::Bitstring FetchList(Service& s, const Json& entry,
                            const Json& did_document, std::string* etag) {
  auto c = s.server->Client();
  std::string path = s.PathOf(entry["statusListCredential"]);
  auto res = c.Get(path.c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Cache-Control").find("max-age=") !=
        std::string::npos);
  *etag = res->get_header_value("ETag");
  CHECK(!etag->empty());
  Json list = Json::parse(res->body);
  CHECK(list["type"] ==
        Json::array({"VerifiableCredential", "BitstringStatusListCredential"}));
  CHECK(list["credentialSubject"]["statusPurpose"] == entry["statusPurpose"]);
  REQUIRE(Verified(VerifyWith(list, list["issuer"], did_document)));
  auto bits = status::Bitstring::Decode(
      list["credentialSubject"]["encodedList"].get<std::string>());
  REQUIRE(bits.ok());
  CHECK(bits->entries() >= 131072);
  return *bits;
}

bool Bit(const status::Bitstring& bits, const Json& entry) {
  auto v = bits.Get(std::stoull(entry["statusListIndex"].get<std::string>()));
  REQUIRE(v.ok());
  return *v == 1;
}

// The JavaScript reference stack (tests/interop/interop.mjs).
bool JsVerified(const Json& vc, const std::string& did, const Json& did_doc,
                const TempDir& dir) {
  std::string vc_file = dir.File("js-vc.json");
  std::string doc_file = dir.File("js-did.json");
  WriteFile(vc_file, DumpJson(vc));
  WriteFile(doc_file, DumpJson(did_doc));
  std::vector<std::string> argv = {"/usr/bin/env",
                                   "node",
                                   SourceDir() + "/tests/interop/interop.mjs",
                                   "verify",
                                   "--suite",
                                   "eddsa-rdfc-2022",
                                   "--contexts",
                                   ConformanceDir() + "/contexts"};
  if (did.rfind("did:web:", 0) == 0) {
    argv.push_back("--document");
    argv.push_back(did + "=" + doc_file);
  }
  argv.push_back(vc_file);
  auto r = RunCommand(argv);
  INFO("interop.mjs: " << r.out << r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  Json verdict = Json::parse(r.out);
  CHECK(verdict.value("tamperedCopiesRejected", false) == (r.exit_code == 0));
  return r.exit_code == 0 && verdict.value("verified", false);
}

void CheckProblem(const httplib::Result& res, int status,
                  const std::string& field = "") {
  REQUIRE(res);
  INFO(res->body);
  CHECK(res->status == status);
  CHECK(res->get_header_value("Content-Type") == "application/problem+json");
  Json p = Json::parse(res->body);
  CHECK(p["status"] == status);
  CHECK(p["type"].is_string());
  CHECK(p["title"].is_string());
  CHECK(!p["detail"].get<std::string>().empty());
  if (!field.empty()) CHECK(p.value("field", "") == field);
}

}  // namespace

TEST_CASE(
    "issue over HTTP; verify with anycred and jsonld.js; revoke and "
    "suspend through the status lists",
    "[issuer][service]") {
  Service s;
  Json did_doc = s.GetJson("/orgs/riverside/did.json");
  CHECK(did_doc["id"] == s.college.did);
  CHECK(did_doc["assertionMethod"] == Json::array({s.college.did + "#key-1"}));
  CHECK(did_doc["verificationMethod"][0]["id"] == s.college.did + "#key-1");
  CHECK(did_doc["@context"] ==
        Json::array({"https://www.w3.org/ns/did/v1",
                     "https://w3id.org/security/multikey/v1"}));

  Json vc = Issue(s, s.college, ExampleBadgeFor(s.college.did));
  REQUIRE(vc["id"].get<std::string>().rfind("urn:uuid:", 0) == 0);
  CHECK(vc["proof"]["cryptosuite"] == "eddsa-rdfc-2022");
  REQUIRE(vc["credentialStatus"].is_array());
  REQUIRE(vc["credentialStatus"].size() == 2);
  Json rev = vc["credentialStatus"][0], sus = vc["credentialStatus"][1];
  CHECK(rev["type"] == "BitstringStatusListEntry");
  CHECK(rev["statusPurpose"] == "revocation");
  CHECK(sus["statusPurpose"] == "suspension");
  CHECK(rev["statusListIndex"].is_string());
  CHECK(rev["id"] == rev["statusListCredential"].get<std::string>() + "#" +
                         rev["statusListIndex"].get<std::string>());

  CHECK(Verified(VerifyWith(vc, s.college.did, did_doc)));
  CHECK(JsVerified(vc, s.college.did, did_doc, s.dir));
  // A did:key organization needs no document.
  Json vc2 = Issue(s, s.union_org, ExampleBadgeFor(s.union_org.did));
  CHECK(vc2["credentialStatus"].is_object());
  CHECK(Verified(VerifyWith(vc2, s.union_org.did, Json())));
  CHECK(JsVerified(vc2, s.union_org.did, Json(), s.dir));

  std::string etag1, etag2;
  CHECK_FALSE(Bit(FetchList(s, rev, did_doc, &etag1), rev));
  CHECK_FALSE(Bit(FetchList(s, sus, did_doc, &etag1), sus));
  FetchList(s, rev, did_doc, &etag1);
  {  // Unchanged list: 304 for its ETag.
    auto c = s.server->Client();
    auto res = c.Get(s.PathOf(rev["statusListCredential"]).c_str(),
                     {{"If-None-Match", etag1}});
    REQUIRE(res);
    CHECK(res->status == 304);
  }

  auto set = [&](const std::string& purpose, bool value,
                 const std::string& token) {
    return s.Post("/credentials/status",
                  Json{{"credentialId", vc["id"]},
                       {"credentialStatus",
                        {{"type", "BitstringStatusListEntry"},
                         {"statusPurpose", purpose}}},
                       {"status", value}},
                  token);
  };
  // Suspension toggles.
  auto r1 = set("suspension", true, s.college.token);
  REQUIRE(r1);
  CHECK(r1->status == 200);
  CHECK(Bit(FetchList(s, sus, did_doc, &etag2), sus));
  auto r2 = set("suspension", false, s.college.token);
  REQUIRE(r2);
  CHECK(r2->status == 200);
  CHECK_FALSE(Bit(FetchList(s, sus, did_doc, &etag2), sus));

  // Another organization may not touch it.
  CheckProblem(set("revocation", true, s.union_org.token), 403, "credentialId");
  CHECK_FALSE(Bit(FetchList(s, rev, did_doc, &etag2), rev));

  // Revocation (status defaults to true) is final.
  auto r3 = s.Post("/credentials/status",
                   Json{{"credentialId", vc["id"]},
                        {"credentialStatus",
                         {{"type", "BitstringStatusListEntry"},
                          {"statusPurpose", "revocation"}}}},
                   s.college.token);
  REQUIRE(r3);
  CHECK(r3->status == 200);
  status::Bitstring after = FetchList(s, rev, did_doc, &etag2);
  CHECK(Bit(after, rev));
  CHECK(etag2 != etag1);
  CheckProblem(set("revocation", false, s.college.token), 422, "status");
  CHECK(Bit(FetchList(s, rev, did_doc, &etag2), rev));
  // Verification now reads the revoked bit from the service's list.
  auto after_revocation = VerifyWith(vc, s.college.did, did_doc);
  CHECK_FALSE(after_revocation.verified);
  bool revoked_reported = false;
  for (const auto& e : after_revocation.errors)
    revoked_reported |= e.code == "REVOKED";
  CHECK(revoked_reported);

  // Indices are distinct across many credentials.
  std::set<std::string> seen = {rev["id"], vc2["credentialStatus"]["id"]};
  for (int i = 0; i < 20; ++i) {
    Json v = Issue(s, s.college, ExampleBadgeFor(s.college.did));
    for (const auto& e : v["credentialStatus"])
      CHECK(seen.insert(e["id"].get<std::string>()).second);
  }

  // The request log names the org but never a token.
  std::string log = s.server->Log();
  CHECK(log.find("\"org\":\"" + s.college.id + "\"") != std::string::npos);
  CHECK(log.find(s.college.token) == std::string::npos);
  CHECK(log.find("acr_") == std::string::npos);
}

// The whole path a college takes: the verifier reads the issuer's status
// list from the running service. (The did:key organization issues one
// status entry, as the Open Badges 3.0 schema allows; see README for
// organizations that also enable suspension.)
TEST_CASE("anycred-verifier reads the service's status list: REVOKED",
          "[issuer][service][verifier]") {
  Service s;
  Json vc = Issue(s, s.union_org, ExampleBadgeFor(s.union_org.did));
  REQUIRE(vc["credentialStatus"].is_object());
  std::string file = s.dir.File("badge.json");
  WriteFile(file, DumpJson(vc));
  auto verify = [&] {
    return RunCommand({"anycred-verifier", "verify", "--json",
                       "--allow-http-loopback", file});
  };
  auto codes = [](const CommandResult& r) {
    std::set<std::string> out;
    Json report = Json::parse(r.out);
    for (const auto& e : report["errors"]) out.insert(e["code"]);
    return out;
  };

  CommandResult fresh = verify();
  INFO(fresh.out << fresh.err);
  CHECK(fresh.exit_code == 0);
  CHECK(codes(fresh).empty());

  auto r = s.Post("/credentials/status",
                  Json{{"credentialId", vc["id"]},
                       {"credentialStatus",
                        {{"type", "BitstringStatusListEntry"},
                         {"statusPurpose", "revocation"}}}},
                  s.union_org.token);
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CommandResult revoked = verify();
  INFO(revoked.out);
  CHECK(revoked.exit_code == 1);
  CHECK(codes(revoked) == std::set<std::string>{"REVOKED"});
}

TEST_CASE("achievements catalog and awards to DIDs and hashed emails",
          "[issuer][service][achievements]") {
  Service s;
  Json did_doc = s.GetJson("/orgs/riverside/did.json");
  Json badge = ExampleBadgeFor(s.college.did);
  Json achievement = badge["credentialSubject"]["achievement"];
  achievement["id"] = "weld-safety-101";
  achievement["alignment"][0].erase("type");  // the service adds it
  auto res = s.Post("/achievements", achievement, s.college.token);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  Json stored = Json::parse(res->body);
  std::string url = "http://127.0.0.1:" + std::to_string(s.port) +
                    "/achievements/weld-safety-101";
  CHECK(stored["id"] == url);
  CHECK(stored["alignment"][0]["type"] == Json::array({"Alignment"}));
  CHECK(stored["alignment"][0]["targetType"] == "CFItem");
  // Public, at its own URL.
  CHECK(s.GetJson("/achievements/weld-safety-101") == stored);
  // Updating is 200; another organization cannot take the id.
  res = s.Post("/achievements", achievement, s.college.token);
  REQUIRE(res);
  CHECK(res->status == 200);
  CheckProblem(s.Post("/achievements", achievement, s.union_org.token), 403,
               "id");
  Json incomplete = achievement;
  incomplete.erase("criteria");
  incomplete["id"] = "other";
  CheckProblem(s.Post("/achievements", incomplete, s.college.token), 422,
               "achievement.criteria");

  // Award to an email: hashed with a salt, never in clear.
  Json award = {
      {"recipient", {{"email", "Maria.Lopez@example.edu"}}},
      {"result",
       Json::array({{{"resultDescription",
                      "urn:uuid:4a7e6f3c-11d2-4b0e-8a55-0c9e2f7d3b10"},
                     {"value", "92"}}})},
      {"evidence",
       Json::array({{{"id", "https://portfolio.example/maria/weld"},
                     {"narrative", "Practical check, 2026-06-10"}}})},
      {"validFrom", "2026-06-12T00:00:00Z"}};
  res = s.Post("/achievements/weld-safety-101/award", award, s.college.token);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  CHECK(res->body.find("Maria") == std::string::npos);
  CHECK(res->body.find("maria.lopez") == std::string::npos);
  Json vc = Json::parse(res->body)["verifiableCredential"];
  Json subject = vc["credentialSubject"];
  CHECK_FALSE(subject.contains("id"));
  Json ident = subject["identifier"][0];
  CHECK(ident["type"] == "IdentityObject");
  CHECK(ident["hashed"] == true);
  CHECK(ident["identityType"] == "emailAddress");
  CHECK(ident["identityHash"] ==
        "sha256$" + crypto::HashHex(crypto::HashAlgorithm::kSha256,
                                    "maria.lopez@example.edu" +
                                        ident["salt"].get<std::string>()));
  CHECK(subject["achievement"] == stored);
  CHECK(subject["result"][0]["type"] == Json::array({"Result"}));
  CHECK(vc["evidence"][0]["type"] == Json::array({"Evidence"}));
  CHECK(vc["validFrom"] == "2026-06-12T00:00:00Z");
  CHECK(vc["issuer"]["name"] == "Riverside Community College");
  CHECK(Verified(VerifyWith(vc, s.college.did, did_doc)));
  CHECK(JsVerified(vc, s.college.did, did_doc, s.dir));

  // Award to a DID.
  res = s.Post("/achievements/weld-safety-101/award",
               Json{{"recipient", {{"id", "did:example:student-4821"}}}},
               s.college.token);
  REQUIRE(res);
  REQUIRE(res->status == 201);
  Json vc2 = Json::parse(res->body)["verifiableCredential"];
  CHECK(vc2["credentialSubject"]["id"] == "did:example:student-4821");
  CHECK(Verified(VerifyWith(vc2, s.college.did, did_doc)));

  // Errors.
  CheckProblem(s.Post("/achievements/weld-safety-101/award",
                      Json{{"recipient", Json::object()}}, s.college.token),
               400, "recipient");
  CheckProblem(s.Post("/achievements/weld-safety-101/award",
                      Json{{"recipient", {{"email", "x@example.org"}}}},
                      s.union_org.token),
               403);
  CheckProblem(s.Post("/achievements/no-such/award",
                      Json{{"recipient", {{"email", "x@example.org"}}}},
                      s.college.token),
               404);
  {
    auto c = s.server->Client();
    CheckProblem(c.Get("/achievements/no-such"), 404);
  }
}

TEST_CASE("every error is a problem details document with the right status",
          "[issuer][service][errors]") {
  Service s({"--max-body", "20000", "--rate-limit", "5", "--rate-burst", "5"});
  auto c = s.server->Client();
  Json good = Json{{"credential", ExampleBadgeFor(s.college.did)}};

  // 401: no token, unknown token.
  CheckProblem(c.Post("/credentials/issue", DumpJson(good), "application/json"),
               401);
  CheckProblem(s.Post("/credentials/issue", good, "acr_not-a-token"), 401);
  // 400: not JSON, not an object, no credential, too deep.
  CheckProblem(c.Post("/credentials/issue", Bearer(s.college.token), "{oops",
                      "application/json"),
               400, "body");
  CheckProblem(s.Post("/credentials/issue", Json::array(), s.college.token),
               400, "body");
  CheckProblem(s.Post("/credentials/issue", Json::object(), s.union_org.token),
               400, "credential");
  std::string deep =
      "{\"credential\":" + std::string(100, '[') + std::string(100, ']') + "}";
  CheckProblem(c.Post("/credentials/issue", Bearer(s.union_org.token), deep,
                      "application/json"),
               400, "body");

  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  // 422: structure, and a term no context defines (safe mode).
  Json no_subject = good;
  no_subject["credential"].erase("credentialSubject");
  CheckProblem(s.Post("/credentials/issue", no_subject, s.college.token), 422);
  Json undefined = good;
  undefined["credential"]["credentialSubject"]["favouriteColour"] = "green";
  auto res = s.Post("/credentials/issue", undefined, s.college.token);
  CheckProblem(res, 422);
  CHECK(Json::parse(res->body)["code"] == "DATA_LOSS_DETECTION_ERROR");
  Json with_status = good;
  with_status["credential"]["credentialStatus"] = {
      {"type", "BitstringStatusListEntry"}};
  CheckProblem(s.Post("/credentials/issue", with_status, s.college.token), 422,
               "credential.credentialStatus");
  // 403: issuing as another organization.
  CheckProblem(s.Post("/credentials/issue",
                      Json{{"credential", ExampleBadgeFor(s.union_org.did)}},
                      s.college.token),
               403, "credential.issuer");

  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  // 404: unknown credential, list, path.
  CheckProblem(s.Post("/credentials/status",
                      Json{{"credentialId",
                            "urn:uuid:00000000-0000-4000-8000-000000000000"},
                           {"credentialStatus",
                            {{"type", "BitstringStatusListEntry"},
                             {"statusPurpose", "revocation"}}}},
                      s.college.token),
               404, "credentialId");
  CheckProblem(c.Get(("/status/" + s.college.id + "/nope").c_str()), 404);
  CheckProblem(c.Get("/no/such/path"), 404);
  CheckProblem(c.Get("/.well-known/did.json"), 404);
  // 409: the same credential id twice.
  Json fixed = good;
  fixed["credential"]["id"] = "urn:uuid:8f1c3a1e-2b6d-4c8e-9a57-3d2f0e6b1c44";
  res = s.Post("/credentials/issue", fixed, s.college.token);
  REQUIRE(res);
  CHECK(res->status == 201);
  CheckProblem(s.Post("/credentials/issue", fixed, s.college.token), 409,
               "credential.id");

  // 413: larger than --max-body.
  Json big = good;
  big["credential"]["description"] = std::string(30000, 'x');
  CheckProblem(s.Post("/credentials/issue", big, s.union_org.token), 413);

  // 429: more than 5 requests at once from one token.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  int limited = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = s.Post("/credentials/issue", Json::object(), s.union_org.token);
    REQUIRE(r);
    if (r->status == 429) {
      ++limited;
      CHECK(!r->get_header_value("Retry-After").empty());
      CheckProblem(r, 429);
    }
  }
  CHECK(limited >= 6);

  // A revoked token is refused.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  auto made = RunCommand({"anycred-issuer", "org", "token", "create", "--data",
                          s.data, "--org", s.college.id, "--json"});
  REQUIRE(made.exit_code == 0);
  Json tok = Json::parse(made.out);
  CHECK(s.Post("/credentials/issue", good, tok["token"])->status == 201);
  auto revoked =
      RunCommand({"anycred-issuer", "org", "token", "revoke", "--data", s.data,
                  "--org", s.college.id, tok["tokenId"]});
  REQUIRE(revoked.exit_code == 0);
  // The server had the token in its cache; recording checks it again.
  auto refused = s.Post("/credentials/issue", good, tok["token"]);
  CheckProblem(refused, 401);
  CHECK(Json::parse(refused->body)["detail"] ==
        "the API token has been revoked");
  CheckProblem(
      s.Post("/credentials/status",
             Json{{"credentialId", "urn:uuid:x"},
                  {"credentialStatus", {{"statusPurpose", "revocation"}}}},
             tok["token"]),
      401);
}

TEST_CASE("serves HTTPS with --tls-cert and --tls-key",
          "[issuer][service][tls]") {
  TempDir dir;
  std::string data = dir.File("data");
  REQUIRE(RunCommand({"anycred-issuer", "init", "--data", data}).exit_code ==
          0);
  TestOrg org = CreateOrg(data, "TLS College", {"--did-key"});
  std::string cert = dir.File("cert.pem"), key = dir.File("key.pem");
  auto made =
      RunCommand({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec",
                  "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
                  "/CN=127.0.0.1", "-days", "1", "-keyout", key, "-out", cert});
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  int port = FreePort();
  IssuerServer server(data, port, {"--tls-cert", cert, "--tls-key", key});
  httplib::SSLClient c("127.0.0.1", port);
  c.enable_server_certificate_verification(false);
  auto res = c.Post("/credentials/issue", Bearer(org.token),
                    DumpJson(Json{{"credential", ExampleBadgeFor(org.did)}}),
                    "application/json");
  REQUIRE(res);
  INFO(res->body);
  CHECK(res->status == 201);
  Json vc = Json::parse(res->body)["verifiableCredential"];
  CHECK(vc["credentialStatus"]["statusListCredential"].get<std::string>().rfind(
            "https://127.0.0.1:" + std::to_string(port) + "/status/", 0) == 0);
  // Plain HTTP is not answered on the TLS port.
  httplib::Client plain("127.0.0.1", port);
  plain.set_read_timeout(2, 0);
  auto clear = plain.Get("/health");
  CHECK((!clear || clear->status != 200));
  // A key that does not fit the certificate is refused at start.
  auto bad = RunCommand({"anycred-issuer", "serve", "--data", data, "--listen",
                         "127.0.0.1:" + std::to_string(FreePort()),
                         "--tls-cert", cert, "--tls-key", cert});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("TLS") != std::string::npos);
}
