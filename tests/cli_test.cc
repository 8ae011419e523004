// The command-line contract of anycred-issuer and anycred-verifier (issue:
// foundation): names, flags, output shapes and exit codes that scripts use.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

#include "tests/test_util.h"

using namespace anycred;
using anycred::testing::RunCommand;

namespace {
const std::string kRfcSeed =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

std::string Example() {
  return testing::ReadFile(testing::SourceDir() +
                           "/specs/examples/welding-safety-badge.json");
}

// A key in `dir` and the example credential issued by it.
struct Fixture {
  testing::TempDir dir;
  std::string key;
  std::string did;
  std::string credential;  // path of the unsigned credential
  Fixture() {
    key = dir.File("key.json");
    auto r = RunCommand({"anycred-issuer", "keygen", "-o", key});
    REQUIRE(r.exit_code == 0);
    did = testing::ReadJsonFile(key)["controller"].get<std::string>();
    std::string text =
        std::regex_replace(Example(), std::regex("did:example:issuer"), did);
    credential = dir.File("badge.json");
    testing::WriteFile(credential, text);
  }
  std::string Sign(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {"anycred-issuer", "sign", "--key", key};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(credential);
    auto r = RunCommand(argv);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::string path = dir.File("signed.json");
    testing::WriteFile(path, r.out);
    return path;
  }
};

Json JsonLine(const std::string& text, std::size_t i = 0) {
  std::istringstream in(text);
  std::string line;
  for (std::size_t n = 0; std::getline(in, line); ++n) {
    if (n == i) return Json::parse(line);
  }
  FAIL("no line " << i << " in: " << text);
  return Json();
}

bool HasError(const Json& report, const std::string& code) {
  for (const auto& e : report["errors"]) {
    if (e["code"] == code) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("keygen writes a 0600 Multikey file; a seed gives a fixed key",
          "[cli][keygen]") {
  testing::TempDir dir;
  std::string path = dir.File("k.json");
  auto r = RunCommand(
      {"anycred-issuer", "keygen", "--seed-hex", kRfcSeed, "-o", path});
  REQUIRE(r.exit_code == 0);
  struct stat st;
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  Json key = testing::ReadJsonFile(path);
  CHECK(key["type"] == "Multikey");
  CHECK(key["controller"] ==
        "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw");
  CHECK(key["id"] ==
        "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw#"
        "z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw");
  CHECK(key.contains("secretKeyMultibase"));
  CHECK(r.err.find(key["secretKeyMultibase"].get<std::string>()) ==
        std::string::npos);
  CHECK(r.out.empty());
  // Refuses to overwrite; bad seeds are usage errors.
  CHECK(RunCommand({"anycred-issuer", "keygen", "-o", path}).exit_code == 2);
  auto bad = RunCommand({"anycred-issuer", "keygen", "--seed-hex", "abcd"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--seed-hex") != std::string::npos);
  // Without -o the key goes to standard output.
  auto out = RunCommand({"anycred-issuer", "keygen"});
  REQUIRE(out.exit_code == 0);
  CHECK(Json::parse(out.out)["type"] == "Multikey");
}

TEST_CASE("sign then verify the example Open Badge", "[cli][sign][verify]") {
  Fixture f;
  std::string signed_path = f.Sign({"--created", "2026-06-12T08:00:00Z"});
  Json signed_doc = testing::ReadJsonFile(signed_path);
  CHECK(signed_doc["proof"]["type"] == "DataIntegrityProof");
  CHECK(signed_doc["proof"]["created"] == "2026-06-12T08:00:00Z");
  CHECK(signed_doc["proof"]["verificationMethod"].get<std::string>().rfind(
            f.did + "#", 0) == 0);

  auto human = RunCommand({"anycred-verifier", "verify", signed_path});
  CHECK(human.exit_code == 0);
  CHECK(human.out.find("VERIFIED") != std::string::npos);
  CHECK(human.out.find("Riverside Career & Technical Center") !=
        std::string::npos);

  auto json = RunCommand({"anycred-verifier", "verify", "--json", signed_path});
  CHECK(json.exit_code == 0);
  Json report = JsonLine(json.out);
  CHECK(report["file"] == signed_path);
  CHECK(report["verified"] == true);
  CHECK(report["errors"].empty());
  CHECK(report["warnings"].is_array());
  std::vector<std::string> checks;
  for (const auto& c : report["checks"]) {
    checks.push_back(c["check"].get<std::string>());
    CHECK(c["ok"] == true);
  }
  CHECK(checks == std::vector<std::string>{"structure", "schema", "proof",
                                           "issuer", "keyHistory", "validity",
                                           "status", "trust", "endorsements"});

  // Standard input works for both programs.
  auto piped = RunCommand({"anycred-issuer", "sign", "--key", f.key, "-"},
                          testing::ReadFile(f.credential));
  REQUIRE(piped.exit_code == 0);
  auto piped_verify =
      RunCommand({"anycred-verifier", "verify", "--json", "-"}, piped.out);
  CHECK(piped_verify.exit_code == 0);
  CHECK(JsonLine(piped_verify.out)["file"] == "-");
}

TEST_CASE("verify reports every failure with its code and exits 1",
          "[cli][verify]") {
  Fixture f;
  Json signed_doc = testing::ReadJsonFile(f.Sign());

  Json tampered = signed_doc;
  tampered["credentialSubject"]["result"][0]["value"] = "100";
  tampered["validUntil"] = "2026-07-01T00:00:00Z";
  std::string path = f.dir.File("tampered.json");
  testing::WriteFile(path, tampered.dump());
  auto r = RunCommand({"anycred-verifier", "verify", "--json", "--at",
                       "2026-08-01T00:00:00Z", path});
  CHECK(r.exit_code == 1);
  Json report = JsonLine(r.out);
  CHECK(report["verified"] == false);
  CHECK(HasError(report, "SIGNATURE_INVALID"));
  CHECK(HasError(report, "EXPIRED"));

  auto early = RunCommand({"anycred-verifier", "verify", "--json", "--at",
                           "2026-01-01T00:00:00Z", f.dir.File("signed.json")});
  CHECK(early.exit_code == 1);
  CHECK(HasError(JsonLine(early.out), "NOT_YET_VALID"));

  Json unsigned_doc = testing::ReadJsonFile(f.credential);
  testing::WriteFile(f.dir.File("unsigned.json"), unsigned_doc.dump());
  auto no_proof = RunCommand(
      {"anycred-verifier", "verify", "--json", f.dir.File("unsigned.json")});
  CHECK(no_proof.exit_code == 1);
  CHECK(HasError(JsonLine(no_proof.out), "NO_PROOF"));

  Json other = signed_doc;
  other["proof"]["cryptosuite"] = "ecdsa-sd-2023";
  testing::WriteFile(f.dir.File("other.json"), other.dump());
  CHECK(HasError(JsonLine(RunCommand({"anycred-verifier", "verify", "--json",
                                      f.dir.File("other.json")})
                              .out),
                 "NO_MATCHING_PROOF"));

  Json bad_value = signed_doc;
  bad_value["proof"]["proofValue"] = "zNotBase58!";
  testing::WriteFile(f.dir.File("bad-value.json"), bad_value.dump());
  CHECK(HasError(JsonLine(RunCommand({"anycred-verifier", "verify", "--json",
                                      f.dir.File("bad-value.json")})
                              .out),
                 "MALFORMED_PROOF_VALUE"));

  Json impostor = signed_doc;
  impostor["issuer"]["id"] =
      "did:key:z6MkhWqdDBPojHA7cprTGTt5yHv5yUi1B8cnXn8ReLumkw6E";
  testing::WriteFile(f.dir.File("impostor.json"), impostor.dump());
  CHECK(HasError(JsonLine(RunCommand({"anycred-verifier", "verify", "--json",
                                      f.dir.File("impostor.json")})
                              .out),
                 "ISSUER_MISMATCH"));

  testing::WriteFile(f.dir.File("garbage.json"), "{\"@context\": [");
  auto garbage = RunCommand(
      {"anycred-verifier", "verify", "--json", f.dir.File("garbage.json")});
  CHECK(garbage.exit_code == 1);
  CHECK(HasError(JsonLine(garbage.out), "MALFORMED_CREDENTIAL"));

  // Several files: one report each, every one checked.
  auto many = RunCommand({"anycred-verifier", "verify", "--json",
                          f.dir.File("signed.json"), path});
  CHECK(many.exit_code == 1);
  CHECK(JsonLine(many.out, 0)["verified"] == true);
  CHECK(JsonLine(many.out, 1)["verified"] == false);
}

TEST_CASE("verify usage and I/O errors exit 2", "[cli][verify]") {
  auto missing = RunCommand(
      {"anycred-verifier", "verify", "/nonexistent/credential.json"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("/nonexistent/credential.json") != std::string::npos);
  CHECK(RunCommand({"anycred-verifier", "verify"}).exit_code == 2);
  CHECK(
      RunCommand({"anycred-verifier", "verify", "--at", "tomorrow", "-"}, "{}")
          .exit_code == 2);
  CHECK(RunCommand({"anycred-verifier", "verify", "--document", "nofile", "-"},
                   "{}")
            .exit_code == 2);
  CHECK(RunCommand({"anycred-verifier", "frobnicate"}).exit_code == 2);
  CHECK(RunCommand({"anycred-verifier", "--help"}).exit_code == 0);
}

TEST_CASE("JSON Lines: every line is reported by its number", "[cli][jsonl]") {
  Fixture f;
  std::string one = testing::ReadJsonFile(f.credential).dump();
  std::string input =
      one + "\n" + "{not json}\n" + "\n" + one + "\r\n" +
      std::regex_replace(
          one, std::regex(f.did),
          "did:key:z6MkhWqdDBPojHA7cprTGTt5yHv5yUi1B8cnXn8ReLumkw6E") +
      "\n";
  auto sign = RunCommand(
      {"anycred-issuer", "sign", "--key", f.key, "--jsonl", "-"}, input);
  CHECK(sign.exit_code == 1);
  CHECK(sign.err.find("line 2: ") != std::string::npos);
  CHECK(sign.err.find("line 5: ISSUER_MISMATCH") != std::string::npos);
  CHECK(sign.err.find("line 1:") == std::string::npos);
  std::size_t lines = static_cast<std::size_t>(
      std::count(sign.out.begin(), sign.out.end(), '\n'));
  CHECK(lines == 2);

  std::string batch = sign.out + "{\"broken\": true\n";
  auto verify = RunCommand(
      {"anycred-verifier", "verify", "--json", "--jsonl", "-"}, batch);
  CHECK(verify.exit_code == 1);
  CHECK(JsonLine(verify.out, 0)["file"] == 1);
  CHECK(JsonLine(verify.out, 0)["verified"] == true);
  CHECK(JsonLine(verify.out, 1)["file"] == 2);
  CHECK(JsonLine(verify.out, 1)["verified"] == true);
  CHECK(JsonLine(verify.out, 2)["file"] == 3);
  CHECK(HasError(JsonLine(verify.out, 2), "MALFORMED_CREDENTIAL"));
}

TEST_CASE("sign refuses bad input and names the field", "[cli][sign]") {
  Fixture f;
  Json doc = testing::ReadJsonFile(f.credential);
  doc.erase("credentialSubject");
  doc["validFrom"] = "2026-06-12";
  testing::WriteFile(f.dir.File("bad.json"), doc.dump());
  auto r = RunCommand(
      {"anycred-issuer", "sign", "--key", f.key, f.dir.File("bad.json")});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("MALFORMED_CREDENTIAL") != std::string::npos);
  CHECK(r.err.find("credentialSubject: is required") != std::string::npos);
  CHECK(r.err.find("validFrom: ") != std::string::npos);
  CHECK(r.out.empty());

  CHECK(RunCommand({"anycred-issuer", "sign", "--key", f.key, "--suite",
                    "rsa-2048", f.credential})
            .exit_code == 2);
  CHECK(RunCommand({"anycred-issuer", "sign", "--key", f.key, "--created",
                    "now", f.credential})
            .exit_code == 2);
  CHECK(RunCommand({"anycred-issuer", "sign", "--key", f.dir.File("none.json"),
                    f.credential})
            .exit_code == 2);
  CHECK(RunCommand({"anycred-issuer", "sign", f.credential}).exit_code == 2);
  auto not_json =
      RunCommand({"anycred-issuer", "sign", "--key", f.key, "-"}, "not json");
  CHECK(not_json.exit_code == 1);
  CHECK(not_json.err.find("not valid JSON") != std::string::npos);
}

TEST_CASE("encrypted key files need the passphrase", "[cli][keys]") {
  testing::TempDir dir;
  std::string key = dir.File("enc.json");
  auto r = RunCommand({"anycred-issuer", "keygen", "--encrypt", "-o", key}, "",
                      {"ANYCRED_KEY_PASSPHRASE=open sesame"});
  REQUIRE(r.exit_code == 0);
  Json file = testing::ReadJsonFile(key);
  CHECK(file["type"] == "AnycredEncryptedKey");
  CHECK_FALSE(file.contains("secretKeyMultibase"));
  std::string did = file["controller"].get<std::string>();
  std::string cred = dir.File("c.json");
  testing::WriteFile(
      cred,
      std::regex_replace(Example(), std::regex("did:example:issuer"), did));

  auto ok = RunCommand({"anycred-issuer", "sign", "--key", key, cred}, "",
                       {"ANYCRED_KEY_PASSPHRASE=open sesame"});
  CHECK(ok.exit_code == 0);
  auto wrong = RunCommand({"anycred-issuer", "sign", "--key", key, cred}, "",
                          {"ANYCRED_KEY_PASSPHRASE=open says me"});
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("passphrase is wrong") != std::string::npos);
  CHECK(wrong.err.find("open says me") == std::string::npos);
}

TEST_CASE("did:web issuers verify with --document", "[cli][verify]") {
  testing::TempDir dir;
  auto k = RunCommand({"anycred-issuer", "keygen", "--controller",
                       "did:web:college.example", "-o", dir.File("k.json")});
  REQUIRE(k.exit_code == 0);
  Json key = testing::ReadJsonFile(dir.File("k.json"));
  CHECK(key["controller"] == "did:web:college.example");
  testing::WriteFile(
      dir.File("c.json"),
      std::regex_replace(Example(), std::regex("did:example:issuer"),
                         "did:web:college.example"));
  auto s = RunCommand({"anycred-issuer", "sign", "--key", dir.File("k.json"),
                       dir.File("c.json")});
  REQUIRE(s.exit_code == 0);
  testing::WriteFile(dir.File("s.json"), s.out);
  Json did_doc = {{"@context",
                   {"https://www.w3.org/ns/did/v1",
                    "https://w3id.org/security/multikey/v1"}},
                  {"id", "did:web:college.example"},
                  {"verificationMethod",
                   {{{"id", key["id"]},
                     {"type", "Multikey"},
                     {"controller", "did:web:college.example"},
                     {"publicKeyMultibase", key["publicKeyMultibase"]}}}},
                  {"assertionMethod", {key["id"]}}};
  testing::WriteFile(dir.File("did.json"), did_doc.dump());
  auto offline =
      RunCommand({"anycred-verifier", "verify", "--json", dir.File("s.json")});
  CHECK(offline.exit_code == 1);
  CHECK(HasError(JsonLine(offline.out), "KEY_UNRESOLVABLE"));
  auto with_doc = RunCommand(
      {"anycred-verifier", "verify", "--json", "--document",
       "https://college.example/.well-known/did.json=" + dir.File("did.json"),
       dir.File("s.json")});
  CHECK(with_doc.exit_code == 0);
}

TEST_CASE("the wallet explains itself", "[cli][wallet]") {
  auto r = RunCommand({"anycred-wallet", "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("wallet") != std::string::npos);
}

TEST_CASE("canonicalize prints exactly the hashed bytes, or refuses",
          "[cli][canonicalize]") {
  std::string vectors = testing::ConformanceDir() + "/vectors/";
  auto ob3 = RunCommand({"anycred-verifier", "canonicalize", "--strip-proof",
                         vectors + "ob3-eddsa-rdfc-2022/signed.json"});
  CHECK(ob3.exit_code == 0);
  CHECK(ob3.out == testing::ReadFile(
                       vectors + "ob3-eddsa-rdfc-2022/canonical-document.nq"));
  // N-Quads input (by extension or --from) and SHA-384 (RDFC test075).
  std::string canon = testing::ConformanceDir() + "/rdf-canon/rdfc10/";
  auto sha384 =
      RunCommand({"anycred-verifier", "canonicalize", "--hash-algorithm",
                  "SHA384", canon + "test075-in.nq"});
  CHECK(sha384.exit_code == 0);
  CHECK(sha384.out == testing::ReadFile(canon + "test075-rdfc10.nq"));
  auto piped =
      RunCommand({"anycred-verifier", "canonicalize", "--from", "nquads", "-"},
                 testing::ReadFile(canon + "test002-in.nq"));
  CHECK(piped.out == testing::ReadFile(canon + "test002-rdfc10.nq"));
  // The poison graph is stopped by the work limit.
  auto poison =
      RunCommand({"anycred-verifier", "canonicalize", canon + "test074-in.nq"});
  CHECK(poison.exit_code == 1);
  CHECK(poison.err.find("RDFC_LIMIT_EXCEEDED") != std::string::npos);
  // Safe mode and unknown contexts.
  auto lossy = RunCommand(
      {"anycred-verifier", "canonicalize", "-"},
      R"({"@context": ["https://www.w3.org/ns/credentials/v2"], "foo": 1})");
  CHECK(lossy.exit_code == 1);
  CHECK(lossy.err.find("DATA_LOSS_DETECTION_ERROR: foo") != std::string::npos);
  auto unknown = RunCommand({"anycred-verifier", "canonicalize", "-"},
                            R"({"@context": ["https://x.example/ctx"]})");
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.find("CONTEXT_UNLOADABLE") != std::string::npos);
  CHECK(unknown.err.find("https://x.example/ctx") != std::string::npos);
  CHECK(RunCommand(
            {"anycred-verifier", "canonicalize", "--from", "turtle", "-"}, "{}")
            .exit_code == 2);
  CHECK(RunCommand({"anycred-verifier", "canonicalize", "--hash-algorithm",
                    "MD5", "-"},
                   "{}")
            .exit_code == 2);
}

TEST_CASE("--context serves an extension context from a file",
          "[cli][context]") {
  std::string dir =
      testing::ConformanceDir() + "/vectors/eddsa-rdfc-2022-employment/";
  std::string spec =
      "https://w3id.org/citizenship/v4rc1=" + dir + "citizenship-v4rc1.jsonld";
  auto without = RunCommand({"anycred-verifier", "canonicalize",
                             "--strip-proof", dir + "signed.json"});
  CHECK(without.exit_code == 1);
  CHECK(without.err.find("https://w3id.org/citizenship/v4rc1") !=
        std::string::npos);
  auto with = RunCommand({"anycred-verifier", "canonicalize", "--strip-proof",
                          "--context", spec, dir + "signed.json"});
  CHECK(with.exit_code == 0);
  CHECK(with.out == testing::ReadFile(dir + "canonical-document.nq"));
  auto verify = RunCommand({"anycred-verifier", "verify", "--json", "--context",
                            spec, dir + "signed.json"});
  INFO(verify.out);
  Json report = JsonLine(verify.out);
  CHECK(report["checks"][1]["ok"] ==
        true);  // the proof verifies with the registered context
  CHECK(RunCommand({"anycred-verifier", "verify", "--context", "nourl",
                    dir + "signed.json"})
            .exit_code == 2);

  // Signing with the registered context works too (the default suite is
  // eddsa-rdfc-2022).
  testing::TempDir tmp;
  auto k = RunCommand({"anycred-issuer", "keygen", "-o", tmp.File("k.json")});
  REQUIRE(k.exit_code == 0);
  Json doc = testing::ReadJsonFile(dir + "unsigned.json");
  doc["issuer"] = testing::ReadJsonFile(tmp.File("k.json"))["controller"];
  testing::WriteFile(tmp.File("u.json"), doc.dump());
  auto refused = RunCommand({"anycred-issuer", "sign", "--key",
                             tmp.File("k.json"), tmp.File("u.json")});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("CONTEXT_UNLOADABLE") != std::string::npos);
  auto s = RunCommand({"anycred-issuer", "sign", "--key", tmp.File("k.json"),
                       "--context", spec, tmp.File("u.json")});
  REQUIRE(s.exit_code == 0);
  CHECK(Json::parse(s.out)["proof"]["cryptosuite"] == "eddsa-rdfc-2022");
}
