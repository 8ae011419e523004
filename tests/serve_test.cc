// anycred-verifier serve (issue 6): the VC API verifier endpoints, the web
// page's endpoint and assets, limits and the request log, against the real
// program on a loopback port.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <regex>

#include "core/badge/badge.h"
#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "tests/test_util.h"

using namespace anycred;

namespace {

struct Signed {
  keys::SigningKey issuer =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  keys::SigningKey holder =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  Json credential;
  Signed() {
    Json c = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
    c["issuer"]["id"] = issuer.controller;
    c["credentialSubject"]["id"] = holder.controller;
    auto s = proof::AddProof(c, issuer, {});
    REQUIRE(s.ok());
    credential = *s;
  }
  Json Presentation(const std::string& challenge, const std::string& domain) {
    Json vp = {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
               {"type", {"VerifiablePresentation"}},
               {"holder", holder.controller},
               {"verifiableCredential", {credential}}};
    proof::AddProofOptions o;
    o.proof_purpose = "authentication";
    o.challenge = challenge;
    o.domain = {domain};
    auto s = proof::AddProof(vp, holder, o);
    REQUIRE(s.ok());
    return *s;
  }
};

Json Post(httplib::Client& client, const std::string& path, const Json& body,
          int* status) {
  auto res = client.Post(path.c_str(), DumpJson(body), "application/json");
  REQUIRE(res);
  *status = res->status;
  auto json = ParseJson(res->body);
  INFO(res->body);
  REQUIRE(json.ok());
  return *json;
}

bool HasProblem(const Json& body, const std::string& title) {
  for (const auto& p : body["problemDetails"]) {
    if (p["title"] == title) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("POST /credentials/verify: 200 verified, 422 not, 400 bad request",
          "[serve]") {
  Signed s;
  testing::VerifierServer server;
  httplib::Client client(server.url());
  int status = 0;
  Json ok = Post(client, "/credentials/verify",
                 {{"verifiableCredential", s.credential},
                  {"options", {{"checks", {"proof"}}, {"unknown", 1}}}},
                 &status);
  CHECK(status == 200);
  CHECK(ok["verified"] == true);
  CHECK(ok["problemDetails"].empty());
  CHECK(ok["results"]["proof"][0]["verified"] == true);
  CHECK(ok["results"]["proof"][0]["input"]["cryptosuite"] == "eddsa-rdfc-2022");
  CHECK(ok["results"]["validFrom"]["verified"] == true);

  Json tampered = s.credential;
  tampered["credentialSubject"]["achievement"]["name"] = "Master Welder";
  Json bad = Post(client, "/credentials/verify",
                  {{"verifiableCredential", tampered}}, &status);
  CHECK(status == 422);
  CHECK(bad["verified"] == false);
  REQUIRE(HasProblem(bad, "SIGNATURE_INVALID"));
  for (const auto& p : bad["problemDetails"]) {
    CHECK(p.contains("type"));
    CHECK(p.contains("detail"));
  }
  CHECK(bad["problemDetails"][0]["type"] ==
        "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR");

  Post(client, "/credentials/verify", {{"credential", s.credential}}, &status);
  CHECK(status == 400);
  Post(client, "/credentials/verify",
       {{"verifiableCredential", "https://example.org/vc/1"}}, &status);
  CHECK(status == 400);
  auto text =
      client.Post("/credentials/verify", "{not json", "application/json");
  REQUIRE(text);
  CHECK(text->status == 400);
  CHECK(text->body.find("PARSING_ERROR") != std::string::npos);
}

TEST_CASE("POST /presentations/verify checks challenge and domain", "[serve]") {
  Signed s;
  testing::VerifierServer server;
  httplib::Client client(server.url());
  Json vp = s.Presentation("c-42", "hr.example");
  int status = 0;
  Json ok =
      Post(client, "/presentations/verify",
           {{"verifiablePresentation", vp},
            {"options", {{"challenge", "c-42"}, {"domain", "hr.example"}}}},
           &status);
  CHECK(status == 200);
  CHECK(ok["verified"] == true);
  CHECK(ok["results"]["presentation"]["challenge"]["verified"] == true);
  CHECK(ok["results"]["presentation"]["holder"]["input"] ==
        s.holder.controller);
  CHECK(ok["results"]["credentials"][0]["verified"] == true);
  CHECK(ok["results"]["credentials"][0]["subjectIsHolder"] == "yes");

  Json bad =
      Post(client, "/presentations/verify",
           {{"verifiablePresentation", vp},
            {"options", {{"challenge", "other"}, {"domain", "hr.example"}}}},
           &status);
  CHECK(status == 422);
  CHECK(HasProblem(bad, "CHALLENGE_MISMATCH"));
  CHECK(bad["results"]["presentation"]["challenge"]["verified"] == false);
  Post(client, "/presentations/verify",
       {{"verifiablePresentation", vp}, {"options", {{"challenge", 5}}}},
       &status);
  CHECK(status == 400);
}

TEST_CASE("POST /verify/file takes badge bytes; limits; the page; the log",
          "[serve]") {
  Signed s;
  testing::VerifierServer server({"--max-body", "200000"});
  httplib::Client client(server.url());
  std::string svg =
      *badge::Bake("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>",
                   DumpJson(s.credential));
  auto res = client.Post("/verify/file", svg, "application/octet-stream");
  REQUIRE(res);
  CHECK(res->status == 200);
  Json body = *ParseJson(res->body);
  CHECK(body["format"] == "svg");
  CHECK(body["kind"] == "credential");
  CHECK(body["verified"] == true);
  CHECK(body["facts"]["achievement"]["name"] == "Welding Safety Fundamentals");
  CHECK(body["report"]["checks"].size() >= 4);

  auto vp = client.Post("/verify/file?challenge=zz&domain=hr.example",
                        DumpJson(s.Presentation("c-42", "hr.example")),
                        "application/json");
  REQUIRE(vp);
  CHECK(vp->status == 200);
  CHECK(ParseJson(vp->body)->at("kind") == "presentation");
  CHECK(ParseJson(vp->body)->at("verified") == false);

  auto garbage = client.Post("/verify/file", "\x89PNG\r\n\x1a\nxx",
                             "application/octet-stream");
  REQUIRE(garbage);
  CHECK(garbage->status == 200);
  CHECK(ParseJson(garbage->body)->at("kind") == "unreadable");
  CHECK(garbage->body.find("MALFORMED_CREDENTIAL") != std::string::npos);

  auto big = client.Post("/credentials/verify", std::string(300000, ' '),
                         "application/json");
  REQUIRE(big);
  CHECK(big->status == 413);
  std::string deep = std::string(100, '[') + std::string(100, ']');
  auto too_deep = client.Post("/credentials/verify", deep, "application/json");
  REQUIRE(too_deep);
  CHECK(too_deep->status == 413);

  auto page = client.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type").rfind("text/html", 0) == 0);
  CHECK(page->body.find("<script src=\"/app.js\">") != std::string::npos);
  // Nothing from outside: no absolute URLs to load.
  for (const char* asset : {"/", "/app.js", "/style.css"}) {
    auto a = client.Get(asset);
    REQUIRE(a);
    CHECK(a->status == 200);
    CHECK_FALSE(std::regex_search(
        a->body, std::regex("(src|href)=\"(https?:)?//|@import|url\\(http")));
  }
  CHECK(client.Get("/missing")->status == 404);

  std::string log = server.Stop();
  CHECK(log.find("\"path\":\"/credentials/verify\",\"status\":413") !=
        std::string::npos);
  CHECK(log.find(
            "\"method\":\"POST\",\"path\":\"/verify/file\",\"status\":200") !=
        std::string::npos);
  // Bodies never go to the log.
  CHECK(log.find("Welding") == std::string::npos);
}
