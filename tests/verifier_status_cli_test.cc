// anycred-verifier verify end to end against a local issuer: a did:web
// document and a status list served on loopback, fetched with
// --allow-http-loopback; unreachable lists, --offline, --bundle, --cache.
#include <catch2/catch.hpp>
#include <sstream>

#include "core/keys/key_file.h"
#include "core/keys/multikey.h"
#include "core/proof/data_integrity.h"
#include "core/status/bitstring.h"
#include "tests/http_test_server.h"
#include "tests/test_util.h"

using namespace anycred;
using anycred::testing::RunCommand;

namespace {
// A college at did:web:127.0.0.1%3APORT:college with a revocation list.
struct College {
  testing::HttpTestServer server;
  std::string did;
  keys::SigningKey key;
  std::string list_url;
  testing::TempDir dir;

  College()
      : did("did:web:127.0.0.1%3A" + std::to_string(server.port()) +
            ":college"),
        key{did + "#key-1", did, crypto::Ed25519PrivateKey::Generate()},
        list_url(server.Url("/status/1")) {
    Json doc = {{"@context",
                 {"https://www.w3.org/ns/did/v1",
                  "https://w3id.org/security/multikey/v1"}},
                {"id", did},
                {"verificationMethod",
                 {{{"id", did + "#key-1"},
                   {"type", "Multikey"},
                   {"controller", did},
                   {"publicKeyMultibase", keys::EncodeEd25519PublicMultibase(
                                              key.key.public_key())}}}},
                {"assertionMethod", {did + "#key-1"}}};
    server.Serve("/college/did.json", DumpJson(doc));
    status::Bitstring bits;
    REQUIRE(bits.Set(7, 1).ok());
    Json list = {
        {"@context", {"https://www.w3.org/ns/credentials/v2"}},
        {"id", list_url},
        {"type", {"VerifiableCredential", "BitstringStatusListCredential"}},
        {"issuer", did},
        {"validFrom", "2026-01-01T00:00:00Z"},
        {"credentialSubject",
         {{"id", list_url + "#list"},
          {"type", "BitstringStatusList"},
          {"statusPurpose", "revocation"},
          {"encodedList", bits.Encode()}}}};
    auto signed_list = proof::AddProof(std::move(list), key, {});
    REQUIRE(signed_list.ok());
    server.Serve("/status/1", DumpJson(*signed_list));
  }

  // A signed badge whose status entry is `index` in `url`.
  std::string Badge(std::uint64_t index, const std::string& url) {
    Json c = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
    c["issuer"]["id"] = did;
    c["credentialStatus"] = {{"id", url + "#" + std::to_string(index)},
                             {"type", "BitstringStatusListEntry"},
                             {"statusPurpose", "revocation"},
                             {"statusListIndex", std::to_string(index)},
                             {"statusListCredential", url}};
    auto s = proof::AddProof(std::move(c), key, {});
    REQUIRE(s.ok());
    std::string path = dir.File("badge-" + std::to_string(index) + ".json");
    testing::WriteFile(path, DumpJson(*s));
    return path;
  }
};

Json Report(const testing::CommandResult& r) {
  INFO(r.out << r.err);
  std::istringstream in(r.out);
  std::string line;
  REQUIRE(std::getline(in, line));
  return Json::parse(line);
}

Json Check(const Json& report, const std::string& name) {
  for (const auto& c : report["checks"])
    if (c["check"] == name) return c;
  FAIL("no check " << name);
  return Json();
}

bool HasError(const Json& report, const std::string& code) {
  for (const auto& e : report["errors"])
    if (e["code"] == code) return true;
  return false;
}
}  // namespace

TEST_CASE("verify: did:web key and status list fetched from a local issuer",
          "[cli][status]") {
  College college;
  std::string good = college.Badge(3, college.list_url);
  std::string revoked = college.Badge(7, college.list_url);

  auto ok = RunCommand(
      {"anycred-verifier", "verify", "--json", "--allow-http-loopback", good});
  Json report = Report(ok);
  INFO(ok.out);
  CHECK(ok.exit_code == 0);
  CHECK(report["verified"] == true);
  CHECK(Check(report, "status")["outcome"] == "ok");
  CHECK(Check(report, "status")["summary"].get<std::string>().find(
            "status as of") != std::string::npos);
  CHECK(Check(report, "proof")["details"]["proofs"][0]["keyResolvedFrom"] ==
        college.server.Url("/college/did.json").replace(0, 4, "https"));

  auto r = RunCommand({"anycred-verifier", "verify", "--json",
                       "--allow-http-loopback", revoked});
  CHECK(r.exit_code == 1);
  Json rr = Report(r);
  CHECK(HasError(rr, "REVOKED"));
  CHECK(Check(rr, "status")["outcome"] == "failed");

  auto text = RunCommand(
      {"anycred-verifier", "verify", "--allow-http-loopback", revoked});
  CHECK(text.out.find("revoked") != std::string::npos);

  // Without --allow-http-loopback nothing is fetched in plain http.
  auto strict = RunCommand({"anycred-verifier", "verify", "--json", good});
  CHECK(strict.exit_code == 1);
  Json sr = Report(strict);
  CHECK(Check(sr, "status")["outcome"] == "unknown");
  CHECK(Check(sr, "proof")["outcome"] == "unknown");
}

TEST_CASE("verify: an unreachable status list is unknown, not revoked",
          "[cli][status]") {
  College college;
  // Same host (the key resolves), a path that is not served.
  std::string path = college.Badge(7, college.server.Url("/status/gone"));
  auto r = RunCommand(
      {"anycred-verifier", "verify", "--json", "--allow-http-loopback", path});
  CHECK(r.exit_code == 1);
  Json report = Report(r);
  CHECK(Check(report, "status")["outcome"] == "unknown");
  CHECK(HasError(report, "STATUS_UNAVAILABLE"));
  CHECK_FALSE(HasError(report, "REVOKED"));
  CHECK(Check(report, "proof")["outcome"] == "ok");
}

TEST_CASE("verify: --offline, --bundle and --cache", "[cli][status]") {
  College college;
  std::string good = college.Badge(3, college.list_url);
  std::string revoked = college.Badge(7, college.list_url);

  auto offline = RunCommand({"anycred-verifier", "verify", "--json",
                             "--offline", "--allow-http-loopback", good});
  CHECK(offline.exit_code == 1);
  Json o = Report(offline);
  CHECK(Check(o, "status")["outcome"] == "unknown");
  CHECK(Check(o, "status")["summary"].get<std::string>().rfind(
            "Unknown (offline)", 0) == 0);
  CHECK(Check(o, "proof")["outcome"] == "unknown");
  int hits = college.server.hits();

  // A bundle answers the same URLs offline.
  testing::TempDir bundle;
  auto fetch = [&](const std::string& p) {
    auto d = httplib::Client("127.0.0.1", college.server.port()).Get(p);
    REQUIRE(d);
    return d->body;
  };
  testing::WriteFile(bundle.File("did.json"), fetch("/college/did.json"));
  testing::WriteFile(bundle.File("list.json"), fetch("/status/1"));
  hits += 2;
  Json index = {
      {"documents",
       {{college.server.Url("/college/did.json").replace(0, 4, "https"),
         "did.json"},
        {college.list_url,
         {{"file", "list.json"}, {"fetchedAt", "2026-06-30T12:00:00Z"}}}}}};
  testing::WriteFile(bundle.File("index.json"), DumpJson(index));
  auto b = RunCommand({"anycred-verifier", "verify", "--json", "--offline",
                       "--bundle", bundle.path(), good});
  INFO(b.out << b.err);
  CHECK(b.exit_code == 0);
  Json br = Report(b);
  CHECK(br["verified"] == true);
  CHECK(Check(br, "status")["summary"].get<std::string>().find(
            "status as of 2026-06-30T12:00:00Z") != std::string::npos);
  auto br_revoked =
      RunCommand({"anycred-verifier", "verify", "--json", "--offline",
                  "--bundle", bundle.path(), revoked});
  CHECK(br_revoked.exit_code == 1);
  CHECK(HasError(Report(br_revoked), "REVOKED"));
  CHECK(college.server.hits() == hits);  // nothing fetched

  // --cache: a connected run fills it; an offline run uses it.
  testing::TempDir cache;
  auto online =
      RunCommand({"anycred-verifier", "verify", "--json",
                  "--allow-http-loopback", "--cache", cache.path(), good});
  CHECK(online.exit_code == 0);
  int after_online = college.server.hits();
  auto cached = RunCommand({"anycred-verifier", "verify", "--json", "--offline",
                            "--cache", cache.path(), revoked});
  CHECK(cached.exit_code == 1);
  Json cr = Report(cached);
  CHECK(HasError(cr, "REVOKED"));
  CHECK(Check(cr, "status")["details"].contains("statusAsOf"));
  CHECK(college.server.hits() == after_online);
}

TEST_CASE("verify: --registry and --require-trusted", "[cli][trust]") {
  testing::TempDir dir;
  auto key = keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c["issuer"]["id"] = key.controller;
  auto s = proof::AddProof(std::move(c), key, {});
  REQUIRE(s.ok());
  std::string badge = dir.File("badge.json");
  testing::WriteFile(badge, DumpJson(*s));
  Json registry = {
      {"type", "AnycredTrustRegistry"},
      {"name", "Lakeside College"},
      {"issuers",
       {{{"id", key.controller},
         {"name", "Riverside CTC"},
         {"scope", {{"fieldsOfStudy", {"Welding Technology"}}}}}}}};
  std::string listed = dir.File("listed.json");
  testing::WriteFile(listed, DumpJson(registry));
  registry["issuers"][0]["id"] = "did:web:someone-else.example";
  std::string other = dir.File("other.json");
  testing::WriteFile(other, DumpJson(registry));

  auto ok = RunCommand({"anycred-verifier", "verify", "--json", "--registry",
                        listed, "--require-trusted", badge});
  CHECK(ok.exit_code == 0);
  CHECK(Check(Report(ok), "trust")["summary"] ==
        "Recognized by Lakeside College as Riverside CTC for field of study "
        "Welding Technology.");

  auto warned =
      RunCommand({"anycred-verifier", "verify", "--registry", other, badge});
  CHECK(warned.exit_code == 0);
  CHECK(warned.out.find("ISSUER_NOT_TRUSTED") != std::string::npos);

  auto refused = RunCommand({"anycred-verifier", "verify", "--json",
                             "--registry", other, "--require-trusted", badge});
  CHECK(refused.exit_code == 1);
  CHECK(HasError(Report(refused), "ISSUER_NOT_TRUSTED"));

  auto usage =
      RunCommand({"anycred-verifier", "verify", "--require-trusted", badge});
  CHECK(usage.exit_code == 2);
  testing::WriteFile(dir.File("bad.json"), R"({"issuers": [{"id": 5}]})");
  auto bad = RunCommand({"anycred-verifier", "verify", "--registry",
                         dir.File("bad.json"), badge});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("issuers[0].id") != std::string::npos);
}

TEST_CASE("verify --jsonl: one list for many credentials is fetched once",
          "[cli][status]") {
  College college;
  std::string lines;
  for (std::uint64_t index : {1, 7, 2, 3, 4, 5}) {
    Json c = testing::ReadJsonFile(college.Badge(index, college.list_url));
    lines += DumpJson(c) + "\n";
  }
  std::string path = college.dir.File("batch.jsonl");
  testing::WriteFile(path, lines);
  int before = college.server.hits();
  auto r = RunCommand({"anycred-verifier", "verify", "--jsonl", "--json",
                       "--threads", "2", "--allow-http-loopback", path});
  CHECK(r.exit_code == 1);
  std::istringstream in(r.out);
  std::string line;
  std::vector<bool> verified;
  while (std::getline(in, line)) {
    Json report = Json::parse(line);
    verified.push_back(report["verified"].get<bool>());
    if (report["file"] == 2) CHECK(HasError(report, "REVOKED"));
  }
  CHECK(verified == std::vector<bool>{true, false, true, true, true, true});
  // The DID document, the list and the key history (HTTP 404: this college
  // publishes none), once each.
  CHECK(college.server.hits() - before == 3);
}
