// The claim flow end to end (issue 7): the real issuer service on loopback
// awards a badge to an email address with a one-time claim link; the
// wallet follows it (VC API exchange, DID Authentication) and keeps the
// credential issued to its holder DID; it presents it, the verifier's CLI
// and HTTP API accept the presentation; the issuer revokes it and the
// wallet's verify reports it. Then every refusal: used, expired, unknown
// links, a foreign domain, protocol mistakes, bad award options.
#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "core/keys/key_file.h"
#include "tests/issuer_server.h"
#include "tests/test_util.h"
#include "tests/wallet_util.h"
#include "wallet-cli/presentation.h"

using namespace anycred;
using namespace anycred::testing;

namespace {

struct Issuer {
  TempDir dir;
  std::string data = dir.File("data");
  int port = 0;
  TestOrg org;
  std::unique_ptr<IssuerServer> server;

  Issuer() {
    auto r = RunCommand({"anycred-issuer", "init", "--data", data});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    port = FreePort();
    org = CreateOrg(data, "Riverside Community College", {"--did-key"});
    server = std::make_unique<IssuerServer>(data, port);
    Json achievement = ReadJsonFile(
        SourceDir() +
        "/specs/examples/welding-safety-badge.json")["credentialSubject"]
                                                    ["achievement"];
    achievement["id"] = "weld-safety-101";
    auto res = Post("/achievements", achievement);
    INFO(res.second.dump());
    REQUIRE(res.first == 201);
  }

  std::pair<int, Json> Post(const std::string& path, const Json& body,
                            bool authed = true) {
    auto c = server->Client();
    auto res = authed
                   ? c.Post(path.c_str(), Bearer(org.token), DumpJson(body),
                            "application/json")
                   : c.Post(path.c_str(), DumpJson(body), "application/json");
    REQUIRE(res);
    Json j = res->body.empty() ? Json() : Json::parse(res->body);
    return {res->status, j};
  }

  // An award to an email address; the answer (credential and claim).
  Json Award(Json extra = Json::object()) {
    Json body = {{"recipient", {{"email", "Maria.Lopez@example.edu"}}}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    auto [status, j] = Post("/achievements/weld-safety-101/award", body);
    INFO(j.dump());
    REQUIRE(status == 201);
    return j;
  }

  std::string PathOf(const std::string& url) {
    std::string prefix = "http://127.0.0.1:" + std::to_string(port);
    REQUIRE(url.rfind(prefix, 0) == 0);
    return url.substr(prefix.size());
  }
};

Json ShowJson(const TestWallet& w, const std::string& id) {
  auto r = w.Run({"show", "--json", id});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return Json::parse(r.out);
}

}  // namespace

TEST_CASE("claim, list, present, verify (CLI and HTTP), revoke, verify",
          "[wallet][claim][e2e]") {
  Issuer issuer;
  Json award = issuer.Award();
  REQUIRE(award.contains("claim"));
  std::string url = award["claim"]["url"];
  CHECK(url.rfind("http://127.0.0.1:" + std::to_string(issuer.port) +
                      "/workflows/claim/exchanges/",
                  0) == 0);
  CHECK(award["claim"]["id"].get<std::string>().rfind("clm_", 0) == 0);
  CHECK(award["claim"].contains("expires"));
  // The hashed-email credential is issued as before.
  Json hashed = award["verifiableCredential"];
  CHECK_FALSE(hashed["credentialSubject"].contains("id"));

  TestWallet w;
  w.flags = {"--allow-http-loopback"};
  w.Init();
  // A wrong passphrase stops before anything is sent: the link still works.
  w.pass = "not the passphrase";
  auto denied = w.Run({"receive", url});
  w.pass = "correct horse battery";
  CHECK(denied.exit_code == 1);
  CHECK(Contains(denied.err, "passphrase"));

  auto r = w.Run({"receive", url});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Contains(r.out, "received"));
  CHECK(Contains(r.out, "Riverside Community College"));
  CHECK(Contains(r.out, "verified, issued to did:key:"));

  Json list = w.List();
  REQUIRE(list["credentials"].size() == 1);
  std::string holder = list["holder"];
  std::string id = list["credentials"][0]["id"];
  CHECK(list["credentials"][0]["status"] == "verified");
  Json vc = ShowJson(w, id)["credential"];
  CHECK(vc["credentialSubject"]["id"] == holder);
  CHECK(vc["issuer"]["id"] == issuer.org.did);
  // The same salted email hash as the award, never the address.
  CHECK(vc["credentialSubject"]["identifier"] ==
        hashed["credentialSubject"]["identifier"]);
  CHECK_FALSE(Contains(DumpJson(vc), "example.edu"));
  std::string credential_id = vc["id"];
  CHECK(credential_id != hashed["id"].get<std::string>());

  // The link is spent.
  auto again = w.Run({"receive", url});
  CHECK(again.exit_code == 1);
  CHECK(Contains(again.err, "already been used"));
  CHECK(Contains(again.err, "HTTP 409"));
  CHECK(w.List()["credentials"].size() == 1);
  // The token is in no log line of the service.
  std::string token = url.substr(url.rfind('/') + 1);
  CHECK_FALSE(Contains(issuer.server->Log(), token));
  CHECK(Contains(issuer.server->Log(), "/workflows/claim/exchanges/"));

  // Present with a challenge; the verifier CLI and HTTP API accept it.
  std::string vp_path = w.tmp.File("vp.json");
  auto p = w.Run({"present", id, "--challenge", "c-77", "--domain",
                  "hr.example", "-o", vp_path});
  INFO(p.err);
  REQUIRE(p.exit_code == 0);
  auto v = RunCommand({"anycred-verifier", "verify-presentation",
                       "--allow-http-loopback", "--challenge", "c-77",
                       "--domain", "hr.example", "--json", vp_path});
  INFO(v.out << v.err);
  CHECK(v.exit_code == 0);
  Json vr = Json::parse(v.out);
  CHECK(vr["verified"] == true);
  CHECK(vr["credentials"][0]["subjectIsHolder"] == "yes");
  auto wrong_challenge = RunCommand(
      {"anycred-verifier", "verify-presentation", "--allow-http-loopback",
       "--challenge", "c-78", "--domain", "hr.example", vp_path});
  CHECK(wrong_challenge.exit_code == 1);
  {
    VerifierServer verifier({"--allow-http-loopback"});
    httplib::Client client(verifier.url());
    client.set_read_timeout(60, 0);
    Json body = {
        {"verifiablePresentation", ReadJsonFile(vp_path)},
        {"options", {{"challenge", "c-77"}, {"domain", "hr.example"}}}};
    auto res = client.Post("/presentations/verify", DumpJson(body),
                           "application/json");
    REQUIRE(res);
    INFO(res->body);
    CHECK(res->status == 200);
    Json j = Json::parse(res->body);
    CHECK(j["verified"] == true);
    CHECK(j["results"]["credentials"][0]["subjectIsHolder"] == "yes");
  }

  // Revoked at the issuer: the wallet's verify says so.
  auto revoke = RunCommand({"anycred-issuer", "revoke", "--data", issuer.data,
                            "--org", issuer.org.id, credential_id});
  INFO(revoke.err);
  REQUIRE(revoke.exit_code == 0);
  auto check = w.Run({"verify"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 1);
  CHECK(Contains(check.out, "revoked"));
  auto check_json = w.Run({"verify", "--json", id});
  CHECK(check_json.exit_code == 1);
  bool revoked = false;
  Json report = Json::parse(check_json.out);
  for (const auto& e : report["errors"]) revoked |= e["code"] == "REVOKED";
  CHECK(revoked);
}

TEST_CASE("claim links: expired, unknown, unreachable, not for this issuer",
          "[wallet][claim]") {
  Issuer issuer;
  TestWallet w;
  w.flags = {"--allow-http-loopback"};
  w.Init();

  Json award = issuer.Award({{"claim", {{"expiresIn", 1}}}});
  std::string url = award["claim"]["url"];
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto expired = w.Run({"receive", url});
  CHECK(expired.exit_code == 1);
  CHECK(Contains(expired.err, "expired"));
  CHECK(Contains(expired.err, "ask Riverside Community College for a new one"));
  CHECK(Contains(expired.err, "HTTP 410"));

  std::string unknown = url.substr(0, url.rfind('/') + 1) + "bm90LWEtdG9rZW4";
  auto u = w.Run({"receive", unknown});
  CHECK(u.exit_code == 1);
  CHECK(Contains(u.err, "not known"));

  auto unreachable = w.Run(
      {"receive", "http://127.0.0.1:" + std::to_string(FreePort()) + "/x"});
  CHECK(unreachable.exit_code == 2);
  auto plain = w.Run({"receive", "http://claims.example/x"});
  CHECK(plain.exit_code == 2);
  CHECK(Contains(plain.err, "https only"));
  w.flags.clear();
  auto no_loopback = w.Run({"receive", issuer.Award()["claim"]["url"]});
  w.flags = {"--allow-http-loopback"};
  CHECK(no_loopback.exit_code == 2);
  CHECK(Contains(no_loopback.err, "--allow-http-loopback"));

  // A server that asks for a presentation for another domain gets none.
  httplib::Server other;
  std::atomic<int> posts{0};
  other.Post("/claim", [&](const httplib::Request&, httplib::Response& res) {
    ++posts;
    res.set_content(
        DumpJson(Json{{"verifiablePresentationRequest",
                       {{"query", {{{"type", "DIDAuthentication"}}}},
                        {"challenge", "c"},
                        {"domain", "https://issuer.example"}}}}),
        "application/json");
  });
  other.Post("/odd", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"hello\": 1}", "application/json");
  });
  int other_port = other.bind_to_any_port("127.0.0.1");
  std::thread t([&] { other.listen_after_bind(); });
  for (int i = 0; i < 500 && !other.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::string base = "http://127.0.0.1:" + std::to_string(other_port);
  auto foreign = w.Run({"receive", base + "/claim"});
  auto odd = w.Run({"receive", base + "/odd"});
  other.stop();
  t.join();
  CHECK(foreign.exit_code == 1);
  CHECK(Contains(foreign.err, "https://issuer.example"));
  CHECK(Contains(foreign.err, "nothing was sent"));
  CHECK(posts == 1);
  CHECK(odd.exit_code == 1);
  CHECK(Contains(odd.err, "not a claim exchange"));
  CHECK(w.List()["credentials"].empty());
}

TEST_CASE("the claim exchange over HTTP: challenge, holder proof, options",
          "[wallet][claim][issuer]") {
  Issuer issuer;
  // An award to a DID needs no claim link; one can also be declined.
  Json to_did =
      issuer.Award({{"recipient", {{"id", "did:example:student-1"}}}});
  CHECK_FALSE(to_did.contains("claim"));
  CHECK_FALSE(issuer.Award({{"claim", false}}).contains("claim"));
  for (const Json& bad :
       {Json("soon"), Json{{"expiresIn", 0}}, Json{{"expiresIn", "1d"}}}) {
    auto [status, j] = issuer.Post(
        "/achievements/weld-safety-101/award",
        Json{{"recipient", {{"email", "a@example.edu"}}}, {"claim", bad}});
    CHECK(status == 400);
    CHECK(j["code"] == "INVALID_REQUEST");
    CHECK(j["field"].get<std::string>().rfind("claim", 0) == 0);
  }

  std::string path = issuer.PathOf(issuer.Award()["claim"]["url"]);
  keys::SigningKey holder =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  auto presentation = [&](const std::string& challenge,
                          const std::string& domain) {
    wallet::PresentationOptions o;
    o.challenge = challenge;
    o.domain = domain;
    auto vp = wallet::MakePresentation(holder, {}, o);
    REQUIRE(vp.ok());
    return *vp;
  };
  // A presentation before any challenge was asked for.
  auto [early, early_body] = issuer.Post(
      path, Json{{"verifiablePresentation", presentation("x", "y")}}, false);
  CHECK(early == 400);
  CHECK(Contains(early_body["detail"].get<std::string>(),
                 "no challenge is open"));

  auto [s1, request] = issuer.Post(path, Json::object(), false);
  REQUIRE(s1 == 200);
  const Json& vpr = request["verifiablePresentationRequest"];
  CHECK(vpr["query"][0]["type"] == "DIDAuthentication");
  std::string challenge = vpr["challenge"];
  std::string domain = vpr["domain"];
  CHECK(domain == "http://127.0.0.1:" + std::to_string(issuer.port));

  // Wrong challenge, wrong domain, not a presentation, not did:key.
  auto [s2, b2] = issuer.Post(
      path, Json{{"verifiablePresentation", presentation("other", domain)}},
      false);
  CHECK(s2 == 422);
  CHECK(b2["code"] == "PRESENTATION_NOT_VERIFIED");
  CHECK(Contains(b2["detail"].get<std::string>(), "CHALLENGE_MISMATCH"));
  auto [s3, b3] = issuer.Post(
      path,
      Json{{"verifiablePresentation", presentation(challenge, "evil.example")}},
      false);
  CHECK(s3 == 422);
  CHECK(Contains(b3["detail"].get<std::string>(), "DOMAIN_MISMATCH"));
  auto [s4, b4] =
      issuer.Post(path, Json{{"verifiablePresentation", "hello"}}, false);
  CHECK(s4 == 400);
  Json web_holder = presentation(challenge, domain);
  web_holder["holder"] = "did:web:elsewhere.example";
  auto [s5, b5] =
      issuer.Post(path, Json{{"verifiablePresentation", web_holder}}, false);
  CHECK(s5 == 400);
  CHECK(b5["field"] == "verifiablePresentation.holder");
  // Tampered: the proof no longer matches.
  Json tampered = presentation(challenge, domain);
  tampered["id"] = "urn:uuid:00000000-0000-4000-8000-000000000000";
  auto [s6, b6] =
      issuer.Post(path, Json{{"verifiablePresentation", tampered}}, false);
  CHECK(s6 == 422);

  // The right one: the credential is issued to the holder.
  auto [ok, issued] = issuer.Post(
      path, Json{{"verifiablePresentation", presentation(challenge, domain)}},
      false);
  INFO(issued.dump());
  REQUIRE(ok == 200);
  const Json& vc = issued["verifiablePresentation"]["verifiableCredential"][0];
  CHECK(vc["credentialSubject"]["id"] == holder.controller);
  CHECK(vc["credentialStatus"]["statusPurpose"] == "revocation");
  // Once only, even with a fresh challenge.
  auto [used, used_body] = issuer.Post(path, Json::object(), false);
  CHECK(used == 409);
  CHECK(used_body["code"] == "CLAIM_USED");
  // The audit log has the claim's creation and use.
  auto audit = RunCommand({"anycred-issuer", "audit", "--data", issuer.data,
                           "--org", issuer.org.id, "--json"});
  INFO(audit.err);
  CHECK(Contains(audit.out, "claim.create"));
  CHECK(Contains(audit.out, "claim.use"));
}
