// anycred-wallet bake and import of baked badges and URLs (issue 7): a
// credential baked into a PNG or SVG by one wallet is read back by another
// wallet and by anycred-verifier; a URL serving a credential or a baked
// badge (on loopback, served by the test) imports like a file.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "core/badge/badge.h"
#include "tests/http_test_server.h"
#include "tests/test_util.h"
#include "tests/wallet_util.h"

using namespace anycred;
using anycred::testing::Contains;
using anycred::testing::RunCommand;
using anycred::testing::TestIssuer;
using anycred::testing::TestWallet;

namespace {

void U32(std::string* out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out->push_back(static_cast<char>(v >> s));
}

std::string Chunk(const std::string& type, const std::string& data) {
  std::string out;
  U32(&out, static_cast<std::uint32_t>(data.size()));
  std::string body = type + data;
  out += body;
  U32(&out, static_cast<std::uint32_t>(
                crc32(0, reinterpret_cast<const Bytef*>(body.data()),
                      static_cast<uInt>(body.size()))));
  return out;
}

// A 2×2 grey PNG.
std::string TinyPng() {
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  U32(&ihdr, 2);
  U32(&ihdr, 2);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);
  png += Chunk("IHDR", ihdr);
  std::string raw("\0\x80\x80\0\x80\x80", 6);
  uLongf n = compressBound(static_cast<uLong>(raw.size()));
  std::string z(n, '\0');
  REQUIRE(compress(reinterpret_cast<Bytef*>(z.data()), &n,
                   reinterpret_cast<const Bytef*>(raw.data()),
                   static_cast<uLong>(raw.size())) == Z_OK);
  z.resize(n);
  png += Chunk("IDAT", z);
  png += Chunk("IEND", "");
  return png;
}

const char* kSvg =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
    "<circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>";

std::string OnlyId(const TestWallet& w) {
  Json list = w.List();
  REQUIRE(list["credentials"].size() == 1);
  return list["credentials"][0]["id"];
}

}  // namespace

TEST_CASE("bake into PNG and SVG; another wallet and the verifier read it",
          "[wallet][cli][bake]") {
  TestIssuer issuer("Riverside Career & Technical Center");
  TestWallet a;
  a.Init();
  Json badge = issuer.Badge("Welding Safety");
  REQUIRE(a.Run({"import", a.File("badge.json", DumpJson(badge))}).exit_code ==
          0);
  std::string id = OnlyId(a);
  std::string png = a.File("plain.png", TinyPng());
  std::string svg = a.File("plain.svg", kSvg);

  std::string baked_png = a.tmp.File("baked.png");
  auto r = a.Run({"bake", id.substr(0, 8), "--image", png, "-o", baked_png});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Contains(r.err, "Welding Safety"));
  std::string bytes = testing::ReadFile(baked_png);
  CHECK(bytes.rfind("\x89PNG", 0) == 0);
  auto inside = badge::ReadCredential(bytes);
  REQUIRE(inside.ok());
  CHECK(*inside == badge);

  std::string baked_svg = a.tmp.File("baked.svg");
  REQUIRE(a.Run({"bake", id, "--image", svg, "-o", baked_svg}).exit_code == 0);
  std::string svg_bytes = testing::ReadFile(baked_svg);
  CHECK(Contains(svg_bytes, "openbadges:credential"));
  CHECK(*badge::ReadCredential(svg_bytes) == badge);

  // To standard output.
  auto out = a.Run({"bake", id, "--image", svg, "-o", "-"});
  CHECK(out.exit_code == 0);
  CHECK(Contains(out.out, "openbadges:credential"));

  // The verifier reads the baked PNG and SVG.
  for (const auto& f : {baked_png, baked_svg}) {
    auto v = RunCommand({"anycred-verifier", "verify", f});
    INFO(f << "\n" << v.out << v.err);
    CHECK(v.exit_code == 0);
  }

  // Another wallet imports them: the same credential, verified, once.
  TestWallet b;
  b.Init();
  auto i = b.Run({"import", baked_png});
  INFO(i.out << i.err);
  CHECK(i.exit_code == 0);
  CHECK(Contains(i.out, "imported"));
  CHECK(Contains(i.out, "(verified)"));
  CHECK(OnlyId(b) == id);
  auto again = b.Run({"import", baked_svg});
  CHECK(again.exit_code == 0);
  CHECK(Contains(again.out, "already in the wallet"));
  auto json = b.Run({"import", "--json", baked_svg});
  CHECK(Json::parse(json.out)["source"].get<std::string>().find(
            "baked SVG badge") != std::string::npos);
  CHECK(b.List()["credentials"].size() == 1);
}

TEST_CASE("bake and baked-badge import errors", "[wallet][cli][bake]") {
  TestIssuer issuer("Lakeside Community College");
  TestWallet w;
  w.Init();
  Json badge = issuer.Badge("Welding I");
  REQUIRE(w.Run({"import", "-"}, DumpJson(badge)).exit_code == 0);
  std::string id = OnlyId(w);
  std::string png = w.File("plain.png", TinyPng());
  std::string out = w.tmp.File("out.png");

  auto not_image = w.Run(
      {"bake", id, "--image", w.File("x.json", DumpJson(badge)), "-o", out});
  CHECK(not_image.exit_code == 2);
  CHECK(Contains(not_image.err, "--image"));
  CHECK(Contains(not_image.err, "neither a PNG nor an SVG"));
  auto broken = w.Run(
      {"bake", id, "--image",
       w.File("broken.png", std::string("\x89PNG\r\n\x1a\n", 8)), "-o", out});
  CHECK(broken.exit_code == 2);
  CHECK(Contains(broken.err, "cannot carry the credential"));
  auto unknown = w.Run({"bake", "ffffffff", "--image", png, "-o", out});
  CHECK(unknown.exit_code == 1);
  CHECK(Contains(unknown.err, "no credential"));
  CHECK(w.Run({"bake", id, "--image", png}).exit_code == 2);  // no -o
  auto missing =
      w.Run({"bake", id, "--image", w.tmp.File("none.png"), "-o", out});
  CHECK(missing.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(out));

  // An image without a credential is refused, naming the file.
  auto empty = w.Run({"import", png});
  CHECK(empty.exit_code == 1);
  CHECK(Contains(empty.out, "refused"));
  CHECK(Contains(empty.out, "plain.png (baked PNG badge)"));

  // A baked badge whose credential was changed does not verify: refused,
  // then kept flagged with --force.
  Json changed = issuer.Badge("Welding II");
  changed["credentialSubject"]["achievement"]["name"] = "Welding Master";
  auto baked = badge::Bake(kSvg, DumpJson(changed));
  REQUIRE(baked.ok());
  std::string tampered = w.File("tampered.svg", *baked);
  auto refused = w.Run({"import", tampered});
  CHECK(refused.exit_code == 1);
  CHECK(Contains(refused.out, "does not verify"));
  CHECK(w.List()["credentials"].size() == 1);
  auto forced = w.Run({"import", "--force", tampered});
  CHECK(forced.exit_code == 0);  // kept, as asked
  CHECK(Contains(forced.out, "NOT VERIFIED"));
  Json list = w.List();
  REQUIRE(list["credentials"].size() == 2);
  int flagged = 0;
  for (const auto& c : list["credentials"]) flagged += c["status"] == "flagged";
  CHECK(flagged == 1);
  // A flagged credential is not baked unless asked.
  std::string flagged_id;
  for (const auto& c : list["credentials"])
    if (c["status"] == "flagged") flagged_id = c["id"];
  auto no = w.Run({"bake", flagged_id, "--image", png, "-o", out});
  CHECK(no.exit_code == 1);
  CHECK(Contains(no.err, "did not verify"));
  CHECK(w.Run({"bake", "--force", flagged_id, "--image", png, "-o", out})
            .exit_code == 0);
}

TEST_CASE("import from a URL: a credential or a baked badge",
          "[wallet][cli][url]") {
  TestIssuer issuer("OpenCourse Online");
  Json one = issuer.Badge("Blueprint Reading");
  Json two = issuer.Badge("Metal Cutting");
  auto baked = badge::Bake(TinyPng(), DumpJson(two));
  REQUIRE(baked.ok());
  testing::HttpTestServer server;
  server.Serve("/badges/1.json", DumpJson(one));
  server.Serve("/badges/2.png", *baked);

  TestWallet w;
  w.Init();
  // Plain http is used only for loopback, and only when asked.
  auto refused = w.Run({"import", server.Url("/badges/1.json")});
  CHECK(refused.exit_code == 2);
  CHECK(Contains(refused.err, "cannot download"));
  CHECK(Contains(refused.err, "--allow-http-loopback"));
  auto remote = w.Run({"import", "http://example.org/badge.json"});
  CHECK(remote.exit_code == 2);
  CHECK(Contains(remote.err, "https only"));

  w.flags = {"--allow-http-loopback"};
  auto r = w.Run({"import", server.Url("/badges/1.json")});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.out, "Blueprint Reading (verified)"));
  auto p = w.Run({"import", server.Url("/badges/2.png")});
  INFO(p.out << p.err);
  CHECK(p.exit_code == 0);
  CHECK(Contains(p.out, "Metal Cutting (verified)"));
  CHECK(w.List()["credentials"].size() == 2);
  auto gone = w.Run({"import", server.Url("/badges/none.json")});
  CHECK(gone.exit_code == 2);
  CHECK(Contains(gone.err, "HTTP 404"));
  CHECK(w.List()["credentials"].size() == 2);
}
