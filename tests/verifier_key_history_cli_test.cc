// The verifier's keyHistory check end to end against the real issuer
// service on loopback: issue with key 1, rotate, issue with key 2; both
// verify with `anycred-verifier verify` reading the key history the service
// publishes; a credential signed with key 1 (its sealed seed opened from
// the data folder, as a thief would) after key 1 was retired fails. Also:
// the cache and --offline apply to the key history, and an issuer that
// publishes none (HTTP 404) leaves the check unknown, the credential
// verified.
#include <catch2/catch.hpp>
#include <set>

#include "core/keys/key_file.h"
#include "core/keys/multikey.h"
#include "core/proof/data_integrity.h"
#include "issuer/service/master_key.h"
#include "issuer/service/sealed_key_vault.h"
#include "issuer/service/signer.h"
#include "issuer/store/sqlite_store.h"
#include "tests/issuer_server.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::testing;

namespace {

Json KeyHistoryCheck(const Json& report) {
  for (const auto& c : report["checks"]) {
    if (c["check"] == "keyHistory") return c;
  }
  FAIL("no keyHistory check in " << report.dump());
  return Json();
}

struct Verified {
  int exit_code = -1;
  Json report;
  std::string text;
};

Verified Verify(std::vector<std::string> args) {
  std::vector<std::string> argv = {"anycred-verifier", "verify"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = RunCommand(argv);
  INFO(r.out << r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  Verified v;
  v.exit_code = r.exit_code;
  v.text = r.out;
  if (std::find(args.begin(), args.end(), "--json") != args.end())
    v.report = Json::parse(r.out);
  return v;
}

// `credential` (its proof removed) signed again with the organization's
// stored key `key_id`, the proof saying it was created at `created`.
Json SignWithStoredKey(const std::string& data, const TestOrg& org,
                       const std::string& key_id, Json credential,
                       const std::string& created) {
  auto s = issuer::store::OpenSqliteStore(data + "/issuer.db", false);
  REQUIRE(s.ok());
  auto master = issuer::MasterKey::Load(data, s->get());
  REQUIRE(master.ok());
  issuer::SealedKeyVault vault(std::move(master).value());
  auto keys = (*s)->ListSigningKeys(org.id);
  REQUIRE(keys.ok());
  for (const auto& k : *keys) {
    if (k.key_id != key_id) continue;
    auto signer = vault.Open(k, org.did + "#" + key_id);
    REQUIRE(signer.ok());
    credential.erase("proof");
    proof::AddProofOptions o;
    o.created = created;
    auto signed_doc = issuer::SignDocument(std::move(credential), **signer, o);
    REQUIRE(signed_doc.ok());
    return std::move(signed_doc).value();
  }
  FAIL("no key " << key_id);
  return Json();
}

}  // namespace

TEST_CASE("the verifier checks the published key history of a rotating issuer",
          "[verifier][cli][keys][service]") {
  TempDir dir;
  std::string data = dir.File("data");
  REQUIRE(RunCommand({"anycred-issuer", "init", "--data", data}).exit_code ==
          0);
  int port = FreePort();
  std::string host = "127.0.0.1%3A" + std::to_string(port);
  TestOrg org =
      CreateOrg(data, "Riverside College", {"--did-web", host + ":riverside"});
  IssuerServer server(data, port);

  auto issue = [&](const std::string& name) {
    auto c = server.Client();
    auto res = c.Post("/credentials/issue", Bearer(org.token),
                      DumpJson(Json{{"credential", ExampleBadgeFor(org.did)}}),
                      "application/json");
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 201);
    Json vc = Json::parse(res->body)["verifiableCredential"];
    std::string file = dir.File(name);
    WriteFile(file, DumpJson(vc));
    return std::make_pair(vc, file);
  };

  auto [first, first_file] = issue("first.json");
  REQUIRE(first["proof"]["verificationMethod"] == org.did + "#key-1");
  auto rotate = RunCommand({"anycred-issuer", "org", "key", "rotate", "--data",
                            data, "--org", org.id, "--json"});
  INFO(rotate.err);
  REQUIRE(rotate.exit_code == 0);
  Json rotated = Json::parse(rotate.out);
  std::string retired_at = rotated["retired"]["retired"];
  auto [second, second_file] = issue("second.json");
  REQUIRE(second["proof"]["verificationMethod"] == org.did + "#key-2");

  // Both verify, each key in use when it signed; --trace shows the period.
  std::string cache = dir.File("cache");
  for (const auto& [file, key_id] :
       {std::pair{first_file, "key-1"}, {second_file, "key-2"}}) {
    INFO(file);
    Verified v = Verify(
        {"--json", "--trace", "--allow-http-loopback", "--cache", cache, file});
    CHECK(v.exit_code == 0);
    CHECK(v.report["verified"] == true);
    CHECK(v.report["errors"].empty());
    Json k = KeyHistoryCheck(v.report);
    CHECK(k["outcome"] == "ok");
    CHECK(k["details"]["applicable"] == true);
    const Json& entry = k["details"]["keys"][0];
    CHECK(entry["verificationMethod"] == org.did + "#" + key_id);
    CHECK(entry["historyUrl"] == "https://" + std::string("127.0.0.1:") +
                                     std::to_string(port) +
                                     "/riverside/key-history.json");
    CHECK(entry["trace"]["keyId"] == key_id);
    // Fetched for the first, reused from the cache (fresh for max-age 300)
    // for the second.
    CHECK(entry["trace"]["historyOrigin"] ==
          (std::string(key_id) == "key-1" ? "network" : "cache"));
    CHECK(entry["trace"].contains("activated"));
  }
  Json first_trace = KeyHistoryCheck(
      Verify({"--json", "--trace", "--allow-http-loopback", first_file})
          .report)["details"]["keys"][0]["trace"];
  CHECK(first_trace["state"] == "retired");
  CHECK(first_trace["retired"] == retired_at);

  // The text report says which key and that it was in use.
  Verified text = Verify({"--allow-http-loopback", second_file});
  CHECK(text.exit_code == 0);
  CHECK(text.text.find("[ok     ] keyHistory The signing key " + org.did +
                       "#key-2 was in use") != std::string::npos);

  // Offline, the cached history answers.
  Verified offline =
      Verify({"--json", "--trace", "--offline", "--cache", cache, second_file});
  Json ko = KeyHistoryCheck(offline.report);
  CHECK(ko["outcome"] == "ok");
  CHECK(ko["details"]["keys"][0]["trace"]["historyOrigin"] == "cache");
  // Offline without it: unknown (offline), never a failure.
  std::string did_url =
      "https://127.0.0.1:" + std::to_string(port) + "/riverside/did.json";
  auto did_doc = server.Client().Get("/riverside/did.json");
  REQUIRE(did_doc);
  WriteFile(dir.File("did.json"), did_doc->body);
  Verified bare = Verify({"--json", "--offline", "--document",
                          did_url + "=" + dir.File("did.json"), second_file});
  Json kb = KeyHistoryCheck(bare.report);
  CHECK(kb["outcome"] == "unknown");
  CHECK(kb["advisory"] == true);
  CHECK(kb["summary"].get<std::string>().find("Unknown (offline)") == 0);
  CHECK(kb["warnings"][0]["code"] == "KEY_HISTORY_UNAVAILABLE");

  // Signed with key 1 an hour after it was retired: the signature and the
  // DID document accept it, the key history does not.
  Timestamp after = *ParseDateTime(retired_at, true);
  after.seconds += 3600;
  Json forged =
      SignWithStoredKey(data, org, "key-1", second, FormatDateTime(after));
  std::string forged_file = dir.File("forged.json");
  WriteFile(forged_file, DumpJson(forged));
  Verified refused = Verify({"--json", "--allow-http-loopback", forged_file});
  CHECK(refused.exit_code == 1);
  CHECK(refused.report["verified"] == false);
  std::set<std::string> codes;
  for (const auto& e : refused.report["errors"]) codes.insert(e["code"]);
  CHECK(codes == std::set<std::string>{"KEY_NOT_ACTIVE_WHEN_SIGNED"});
  for (const auto& c : refused.report["checks"]) {
    if (c["check"] == "proof" || c["check"] == "issuer")
      CHECK(c["outcome"] == "ok");
  }
  Json kr = KeyHistoryCheck(refused.report);
  CHECK(kr["outcome"] == "failed");
  std::string why = kr["errors"][0]["message"];
  INFO(why);
  CHECK(why.find(org.did + "#key-1") != std::string::npos);
  CHECK(why.find("until it was retired at " + retired_at) != std::string::npos);
  Verified refused_text = Verify({"--allow-http-loopback", forged_file});
  CHECK(refused_text.exit_code == 1);
  CHECK(refused_text.text.find("[FAILED ] keyHistory") != std::string::npos);
  CHECK(refused_text.text.find("after the issuer retired it") !=
        std::string::npos);

  // An issuer that publishes no history (the service answers 404): unknown,
  // and the credential still verifies. A did:web of our own on the same
  // host, its DID document given locally.
  std::string nobody = "did:web:" + host + ":nobody";
  auto raw = crypto::Ed25519PrivateKey::Generate();
  Json nobody_doc = {
      {"@context",
       {"https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1"}},
      {"id", nobody},
      {"verificationMethod",
       {{{"id", nobody + "#key-1"},
         {"type", "Multikey"},
         {"controller", nobody},
         {"publicKeyMultibase",
          keys::EncodeEd25519PublicMultibase(raw.public_key())}}}},
      {"assertionMethod", {nobody + "#key-1"}}};
  WriteFile(dir.File("nobody.json"), DumpJson(nobody_doc));
  keys::SigningKey key{nobody + "#key-1", nobody, raw.Clone()};
  auto own = proof::AddProof(ExampleBadgeFor(nobody), key, {});
  REQUIRE(own.ok());
  WriteFile(dir.File("own.json"), DumpJson(*own));
  Verified unpublished =
      Verify({"--json", "--allow-http-loopback", "--document",
              "https://127.0.0.1:" + std::to_string(port) +
                  "/nobody/did.json=" + dir.File("nobody.json"),
              dir.File("own.json")});
  CHECK(unpublished.exit_code == 0);
  CHECK(unpublished.report["verified"] == true);
  Json ku = KeyHistoryCheck(unpublished.report);
  CHECK(ku["outcome"] == "unknown");
  CHECK(ku["warnings"][0]["message"].get<std::string>().find("HTTP 404") !=
        std::string::npos);
}
