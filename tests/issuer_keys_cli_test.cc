// `anycred-issuer org key rotate | revoke | list` and, end to end with the
// real service on loopback: issue with key 1, rotate, issue with key 2,
// both verify with `anycred-verifier verify` resolving the did:web document
// from the running service; revoke key 1 with --revoke-credentials and the
// first credential is refused while the second still verifies.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "tests/issuer_server.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::testing;

namespace {

std::string Init(const TempDir& dir) {
  std::string data = dir.File("data");
  auto r = RunCommand({"anycred-issuer", "init", "--data", data});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return data;
}

CommandResult Keys(const std::string& data, std::vector<std::string> args) {
  std::vector<std::string> argv = {"anycred-issuer", "org", "key"};
  argv.push_back(args[0]);
  argv.insert(argv.end(), {"--data", data});
  argv.insert(argv.end(), args.begin() + 1, args.end());
  return RunCommand(argv);
}

Json KeysJson(const std::string& data, std::vector<std::string> args) {
  args.push_back("--json");
  auto r = Keys(data, args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return Json::parse(r.out);
}

std::vector<std::string> Actions(const std::string& data,
                                 const std::string& org) {
  auto r = RunCommand(
      {"anycred-issuer", "audit", "--data", data, "--org", org, "--json"});
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> out;
  Json events = Json::parse(r.out);
  for (const auto& e : events) out.push_back(e["action"]);
  return out;
}

}  // namespace

TEST_CASE("org key rotate, list and revoke from the command line",
          "[issuer][cli][keys]") {
  TempDir dir;
  std::string data = Init(dir);
  TestOrg org = CreateOrg(data, "Riverside College",
                          {"--did-web", "college.example:issuers:riverside"});

  Json history = KeysJson(data, {"list", "--org", org.id});
  CHECK(history["id"] == org.did);
  REQUIRE(history["keys"].size() == 1);
  CHECK(history["keys"][0]["id"] == org.did + "#key-1");
  CHECK(history["keys"][0]["state"] == "active");

  Json rotated = KeysJson(data, {"rotate", "--org", org.id});
  CHECK(rotated["org"] == org.id);
  CHECK(rotated["active"]["keyId"] == "key-2");
  CHECK(rotated["active"]["state"] == "active");
  CHECK(rotated["retired"]["keyId"] == "key-1");
  CHECK(rotated["retired"]["state"] == "retired");
  CHECK(rotated["retired"]["retired"] == rotated["active"]["activated"]);

  auto human = Keys(data, {"rotate", "--org", org.id});
  INFO(human.err);
  REQUIRE(human.exit_code == 0);
  CHECK(human.out.find("#key-3") != std::string::npos);
  CHECK(human.out.find("keep verifying") != std::string::npos);

  auto listed = Keys(data, {"list", "--org", org.id});
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out.find("key-1\tretired") != std::string::npos);
  CHECK(listed.out.find("key-3\tactive") != std::string::npos);

  // `org list` names the new verification method.
  auto orgs =
      RunCommand({"anycred-issuer", "org", "list", "--data", data, "--json"});
  REQUIRE(orgs.exit_code == 0);
  CHECK(Json::parse(orgs.out)[0]["verificationMethod"] == org.did + "#key-3");

  Json revoked = KeysJson(data, {"revoke", "--org", org.id, "key-1"});
  CHECK(revoked["key"]["state"] == "revoked");
  CHECK(revoked["alreadyRevoked"] == false);
  CHECK(revoked["revokedCredentials"] == Json::array());
  CHECK_FALSE(revoked.contains("active"));
  // By verification method, and again: allowed, says so.
  auto again = Keys(data, {"revoke", "--org", org.id, org.did + "#key-1"});
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("was revoked already") != std::string::npos);
  // The active key: a new key takes its place.
  Json active = KeysJson(data, {"revoke", "--org", org.id, "key-3"});
  REQUIRE(active.contains("active"));
  CHECK(active["active"]["keyId"] == "key-4");

  history = KeysJson(data, {"list", "--org", org.id});
  std::vector<std::string> states;
  for (const auto& k : history["keys"]) states.push_back(k["state"]);
  CHECK(states ==
        std::vector<std::string>{"revoked", "retired", "revoked", "active"});

  std::vector<std::string> actions = Actions(data, org.id);
  std::multiset<std::string> key_actions;
  for (const auto& a : actions)
    if (a.rfind("key.", 0) == 0) key_actions.insert(a);
  CHECK(key_actions.count("key.rotate") == 3);
  CHECK(key_actions.count("key.revoke") == 2);
  CHECK(key_actions.count("key.create") == 4);

  // Refusals: clear message, exit 1 (refused) or 2 (usage); nothing changes.
  auto unknown = Keys(data, {"rotate", "--org", "nobody"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.find("--org") != std::string::npos);
  auto no_key = Keys(data, {"revoke", "--org", org.id, "key-9"});
  CHECK(no_key.exit_code == 1);
  CHECK(no_key.err.find("key-9") != std::string::npos);
  auto missing = Keys(data, {"revoke", "--org", org.id});
  CHECK(missing.exit_code == 2);
  auto bad = Keys(data, {"revoke", "--org", org.id, "did:web:x.example#key-1"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("KEY_ID") != std::string::npos);
  CHECK(KeysJson(data, {"list", "--org", org.id})["keys"].size() == 4);

  // did:key: the DID is the key; rotation is refused, naming --did-web.
  TestOrg union_org = CreateOrg(data, "Pipefitters Local 12", {"--did-key"});
  auto dk = Keys(data, {"rotate", "--org", union_org.id});
  CHECK(dk.exit_code == 1);
  CHECK(dk.err.find("did:key") != std::string::npos);
  CHECK(dk.err.find("--did-web") != std::string::npos);
  CHECK(Keys(data, {"revoke", "--org", union_org.id, "key-1"}).exit_code == 1);
  CHECK(KeysJson(data, {"list", "--org", union_org.id})["keys"].size() == 1);
}

TEST_CASE(
    "rotation end to end: old credentials verify until their key is "
    "revoked",
    "[issuer][cli][keys][service]") {
  TempDir dir;
  std::string data = Init(dir);
  int port = FreePort();
  std::string host = "127.0.0.1%3A" + std::to_string(port);
  TestOrg org =
      CreateOrg(data, "Riverside College", {"--did-web", host + ":riverside"});
  IssuerServer server(data, port);

  auto issue = [&] {
    auto c = server.Client();
    auto res = c.Post("/credentials/issue", Bearer(org.token),
                      DumpJson(Json{{"credential", ExampleBadgeFor(org.did)}}),
                      "application/json");
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 201);
    Json vc = Json::parse(res->body)["verifiableCredential"];
    std::string file =
        dir.File(vc["id"].get<std::string>().substr(9) + ".json");
    WriteFile(file, DumpJson(vc));
    return std::make_pair(vc, file);
  };
  // anycred-verifier resolves did:web:127.0.0.1%3APORT:riverside from the
  // running service (https to loopback is fetched in plain http with
  // --allow-http-loopback), and reads its status list the same way.
  auto verify = [&](const std::string& file) {
    auto r = RunCommand({"anycred-verifier", "verify", "--json",
                         "--allow-http-loopback", file});
    INFO(r.out << r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    std::set<std::string> codes;
    Json report = Json::parse(r.out);
    for (const auto& e : report["errors"]) codes.insert(e["code"]);
    return std::make_pair(r.exit_code, codes);
  };

  auto [first, first_file] = issue();
  CHECK(first["proof"]["verificationMethod"] == org.did + "#key-1");
  CHECK(verify(first_file).first == 0);

  Json rotated = KeysJson(data, {"rotate", "--org", org.id});
  CHECK(rotated["active"]["keyId"] == "key-2");
  // The running service signs with the new key from the next credential.
  auto [second, second_file] = issue();
  CHECK(second["proof"]["verificationMethod"] == org.did + "#key-2");
  CHECK(verify(first_file).first == 0);
  CHECK(verify(second_file).first == 0);

  // The published history: key-1 was active when the first was signed.
  auto c = server.Client();
  auto res = c.Get("/riverside/key-history.json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json history = Json::parse(res->body);
  REQUIRE(history["keys"].size() == 2);
  CHECK(history["keys"][0]["id"] == org.did + "#key-1");
  std::string created = first["proof"]["created"];
  CHECK(history["keys"][0]["activated"].get<std::string>() <= created);
  CHECK(created <= history["keys"][0]["retired"].get<std::string>());
  std::string created2 = second["proof"]["created"];
  CHECK(history["keys"][1]["activated"].get<std::string>() <= created2);
  res = c.Get("/riverside/did.json");
  REQUIRE(res);
  Json did_doc = Json::parse(res->body);
  CHECK(did_doc["assertionMethod"].size() == 2);
  CHECK(c.Get("/nobody/key-history.json")->status == 404);

  Json revoked = KeysJson(
      data, {"revoke", "--org", org.id, "key-1", "--revoke-credentials"});
  CHECK(revoked["revokedCredentials"] == Json::array({first["id"]}));
  auto [refused_code, refused] = verify(first_file);
  CHECK(refused_code == 1);
  CHECK(refused.count("REVOKED") == 1);
  CHECK(refused.size() >= 2);  // and the key is no longer for assertions
  auto [ok_code, ok_errors] = verify(second_file);
  CHECK(ok_code == 0);
  CHECK(ok_errors.empty());

  res = c.Get("/riverside/did.json");
  REQUIRE(res);
  did_doc = Json::parse(res->body);
  CHECK(did_doc["assertionMethod"] == Json::array({org.did + "#key-2"}));

  std::vector<std::string> actions = Actions(data, org.id);
  CHECK(std::count(actions.begin(), actions.end(), "status.revoke") == 1);
  CHECK(std::count(actions.begin(), actions.end(), "key.revoke") == 1);
}
