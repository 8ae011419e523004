// anycred-verifier's inputs and commands of issue 6, run as programs:
// baked PNG and SVG badges and standard input for verify, verify-presentation
// with challenge and domain, inspect.
#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

#include "core/badge/badge.h"
#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "tests/test_util.h"

using namespace anycred;
using anycred::testing::RunCommand;

namespace {

// A 1×1 PNG, the smallest sound image.
std::string OnePixelPng() {
  static const unsigned char kPng[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
      0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
      0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
      0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
      0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
      0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(kPng), sizeof kPng);
}

struct Fixture {
  testing::TempDir dir;
  std::string key_path;
  keys::SigningKey key =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  std::string signed_text;
  std::string signed_path;
  Fixture() {
    key_path = dir.File("key.json");
    testing::WriteFile(key_path, DumpJson(keys::KeyFileJson(key)));
    std::string text = std::regex_replace(
        testing::ReadFile(testing::SourceDir() +
                          "/specs/examples/welding-safety-badge.json"),
        std::regex("did:example:issuer"), key.controller);
    testing::WriteFile(dir.File("badge.json"), text);
    auto s = RunCommand(
        {"anycred-issuer", "sign", "--key", key_path, dir.File("badge.json")});
    REQUIRE(s.exit_code == 0);
    signed_text = s.out;
    signed_path = dir.File("signed.json");
    testing::WriteFile(signed_path, signed_text);
  }
  std::string Tampered() {
    return std::regex_replace(signed_text, std::regex("\"92\""), "\"99\"");
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

TEST_CASE("verify reads baked PNG and SVG badges, from files and stdin",
          "[cli][badge]") {
  Fixture f;
  auto png = badge::Bake(OnePixelPng(), f.signed_text);
  REQUIRE(png.ok());
  testing::WriteFile(f.dir.File("badge.png"), *png);
  auto svg = badge::Bake(
      "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"4\" "
      "height=\"4\"/></svg>",
      f.signed_text);
  REQUIRE(svg.ok());
  testing::WriteFile(f.dir.File("badge.svg"), *svg);

  auto r = RunCommand({"anycred-verifier", "verify", "--json",
                       f.dir.File("badge.png"), f.dir.File("badge.svg")});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(JsonLine(r.out, 0)["verified"] == true);
  CHECK(JsonLine(r.out, 1)["verified"] == true);
  CHECK(JsonLine(r.out, 0)["credential"]["achievement"] ==
        "Welding Safety Fundamentals");
  auto piped = RunCommand({"anycred-verifier", "verify", "-"}, *png);
  CHECK(piped.exit_code == 0);
  CHECK(piped.out.rfind("-: VERIFIED", 0) == 0);

  // A badge baked with a tampered credential.
  auto bad = badge::Bake(OnePixelPng(), f.Tampered());
  auto t = RunCommand({"anycred-verifier", "verify", "--json", "-"}, *bad);
  CHECK(t.exit_code == 1);
  CHECK(HasError(JsonLine(t.out), "SIGNATURE_INVALID"));
}

TEST_CASE("a broken badge is MALFORMED_CREDENTIAL with where, exit 1",
          "[cli][badge]") {
  Fixture f;
  std::string png = *badge::Bake(OnePixelPng(), f.signed_text);
  png[png.size() - 20] ^= 0x40;  // inside the credential chunk
  auto r = RunCommand({"anycred-verifier", "verify", "--json", "-"}, png);
  CHECK(r.exit_code == 1);
  Json report = JsonLine(r.out);
  REQUIRE(HasError(report, "MALFORMED_CREDENTIAL"));
  std::string message = report["errors"][0]["message"];
  CHECK(message.find("CRC mismatch") != std::string::npos);
  CHECK(message.find("byte offset") != std::string::npos);

  auto plain = RunCommand({"anycred-verifier", "verify", "-"}, OnePixelPng());
  CHECK(plain.exit_code == 1);
  CHECK(plain.out.find("not a baked badge") != std::string::npos);
  auto json = RunCommand({"anycred-verifier", "verify", "--json", "-"},
                         "{\n  \"id\": \"urn:x\",\n  \"type\" [\n}");
  CHECK(json.exit_code == 1);
  CHECK(std::string(JsonLine(json.out)["errors"][0]["message"])
            .find("line 3, column 10") != std::string::npos);
}

TEST_CASE("verify-presentation: challenge, domain, exit codes",
          "[cli][presentation]") {
  Fixture f;
  Json credential = Json::parse(f.signed_text);
  // The student presents their own badge: make them the subject.
  auto holder =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  Json unsigned_badge = credential;
  unsigned_badge.erase("proof");
  unsigned_badge["credentialSubject"]["id"] = holder.controller;
  auto badge = proof::AddProof(unsigned_badge, f.key, {});
  REQUIRE(badge.ok());
  Json vp = {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
             {"type", {"VerifiablePresentation"}},
             {"holder", holder.controller},
             {"verifiableCredential", {*badge}}};
  proof::AddProofOptions o;
  o.proof_purpose = "authentication";
  o.challenge = "1f2e-challenge";
  o.domain = {"admissions.college.example"};
  auto signed_vp = proof::AddProof(vp, holder, o);
  REQUIRE(signed_vp.ok());
  std::string path = f.dir.File("vp.json");
  testing::WriteFile(path, DumpJson(*signed_vp, true));

  auto ok = RunCommand({"anycred-verifier", "verify-presentation",
                        "--challenge", "1f2e-challenge", "--domain",
                        "admissions.college.example", path});
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.rfind(path + ": PRESENTATION VERIFIED\n", 0) == 0);
  CHECK(ok.out.find("Subject is the holder: yes") != std::string::npos);

  auto wrong = RunCommand({"anycred-verifier", "verify-presentation", "--json",
                           "--challenge", "other", "-"},
                          DumpJson(*signed_vp));
  CHECK(wrong.exit_code == 1);
  Json report = JsonLine(wrong.out);
  CHECK(report["file"] == "-");
  CHECK(report["verified"] == false);
  CHECK(HasError(report, "CHALLENGE_MISMATCH"));
  CHECK(report["credentials"][0]["verified"] == true);
  CHECK(report["credentials"][0]["subjectIsHolder"] == "yes");

  auto domain = RunCommand({"anycred-verifier", "verify-presentation", "--json",
                            "--domain", "evil.example", path});
  CHECK(domain.exit_code == 1);
  CHECK(HasError(JsonLine(domain.out), "DOMAIN_MISMATCH"));

  auto garbage = RunCommand(
      {"anycred-verifier", "verify-presentation", "--json", "-"}, "not json");
  CHECK(garbage.exit_code == 1);
  CHECK(HasError(JsonLine(garbage.out), "MALFORMED_PRESENTATION"));
  CHECK(RunCommand(
            {"anycred-verifier", "verify-presentation", "/nonexistent/vp.json"})
            .exit_code == 2);
  CHECK(RunCommand({"anycred-verifier", "verify-presentation", "--at",
                    "someday", path})
            .exit_code == 2);
}

TEST_CASE("inspect says what a credential says, from JSON or a badge",
          "[cli][inspect]") {
  Fixture f;
  auto text = RunCommand({"anycred-verifier", "inspect", f.signed_path});
  INFO(text.err);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("not yet checked") != std::string::npos);
  CHECK(text.out.find("Achievement: Welding Safety Fundamentals") !=
        std::string::npos);
  CHECK(text.out.find("code WLD.1.2") != std::string::npos);
  CHECK(text.out.find("Credits: 0.5 earned of 0.5 available") !=
        std::string::npos);
  std::string png = *badge::Bake(OnePixelPng(), f.signed_text);
  auto json = RunCommand({"anycred-verifier", "inspect", "--json", "-"}, png);
  CHECK(json.exit_code == 0);
  Json out = JsonLine(json.out);
  CHECK(out["format"] == "png");
  CHECK(out["facts"]["issuer"]["name"] ==
        "Riverside Career & Technical Center");
  CHECK(out["facts"]["competencies"][0]["targetCode"] == "WLD.1.2");
  auto bad = RunCommand({"anycred-verifier", "inspect", "--json", "-"}, "{");
  CHECK(bad.exit_code == 1);
  CHECK(JsonLine(bad.out)["error"]["code"] == "MALFORMED_CREDENTIAL");
  CHECK(RunCommand({"anycred-verifier", "inspect", "/nonexistent"}).exit_code ==
        2);
}
