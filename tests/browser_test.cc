// The verifier's web page end to end (issue 6), in headless Chromium driven
// by tests/browser/page.mjs (playwright-core, pinned in
// tests/browser/package.json): `anycred-verifier serve` on a free loopback
// port; a badge signed here with anycred-issuer shows Verified; a tampered
// copy shows Not verified with the failed check (SIGNATURE_INVALID); a
// baked PNG chosen with the file picker, and dropped, shows Verified.
//
// Needs node (>= 20), `npm ci --prefix tests/browser` and Debian's
// chromium (scripts/install-deps.sh; CHROMIUM overrides the path). Without
// them the test FAILS rather than skipping silently.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <regex>

#include "core/badge/badge.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::testing;

namespace {
// A 1×1 PNG.
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
}  // namespace

TEST_CASE("the web page shows verified, tampered and baked badges",
          "[browser]") {
  std::string node = FindProgram("node", "ANYCRED_NODE");
  INFO("node is needed: install Node.js 20 (scripts/install-deps.sh)");
  REQUIRE(!node.empty());
  std::string script = SourceDir() + "/tests/browser/page.mjs";
  INFO("run: npm ci --prefix tests/browser");
  REQUIRE(
      access(
          (SourceDir() + "/tests/browser/node_modules/playwright-core").c_str(),
          F_OK) == 0);
  const char* chromium = std::getenv("CHROMIUM");
  std::string browser = chromium && *chromium ? chromium : "/usr/bin/chromium";
  INFO("Chromium is needed at " << browser
                                << " (Debian package chromium; or CHROMIUM=)");
  REQUIRE(access(browser.c_str(), X_OK) == 0);

  TempDir dir;
  std::string key = dir.File("key.json");
  REQUIRE(RunCommand({"anycred-issuer", "keygen", "-o", key}).exit_code == 0);
  std::string did = ReadJsonFile(key)["controller"].get<std::string>();
  std::string text = std::regex_replace(
      ReadFile(SourceDir() + "/specs/examples/welding-safety-badge.json"),
      std::regex("did:example:issuer"), did);
  WriteFile(dir.File("badge.json"), text);
  auto signed_badge = RunCommand(
      {"anycred-issuer", "sign", "--key", key, dir.File("badge.json")});
  REQUIRE(signed_badge.exit_code == 0);
  WriteFile(dir.File("valid.json"), signed_badge.out);
  WriteFile(
      dir.File("tampered.json"),
      std::regex_replace(signed_badge.out, std::regex("\"92\""), "\"100\""));
  auto png = badge::Bake(OnePixelPng(), signed_badge.out);
  REQUIRE(png.ok());
  WriteFile(dir.File("badge.png"), *png);

  VerifierServer server;
  auto run = RunCommand({node, script, server.url(), dir.File("valid.json"),
                         dir.File("tampered.json"), dir.File("badge.png")});
  std::string log = server.Stop();
  INFO("page.mjs:\n" << run.out << run.err << "\nserver log:\n" << log);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("ok   valid credential shows Verified") !=
        std::string::npos);
  CHECK(run.out.find("ok   the failed check names SIGNATURE_INVALID") !=
        std::string::npos);
  CHECK(run.out.find("ok   dropped baked PNG shows Verified") !=
        std::string::npos);
  CHECK(run.out.find("FAIL") == std::string::npos);
  // The page's requests reached the server: four checks posted.
  std::size_t posts = 0;
  for (std::size_t p = 0;
       (p = log.find("\"path\":\"/verify/file\"", p)) != std::string::npos; ++p)
    ++posts;
  CHECK(posts == 4);
}
