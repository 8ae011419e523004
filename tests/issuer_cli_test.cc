// The issuer service's command line (init, org, token, revoke/suspend/
// unsuspend, credentials, audit) and what survives a crash: every
// credential answered 201 before `kill -9` is in the store afterwards, and
// no status index is ever handed out twice.
#include <sys/stat.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <set>

#include "tests/issuer_server.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::testing;

namespace {

std::string Init(const TempDir& dir, const std::vector<std::string>& env = {}) {
  std::string data = dir.File("data");
  auto r = RunCommand({"anycred-issuer", "init", "--data", data}, "", env);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return data;
}

Json CredentialsJson(const std::string& data, const std::string& org) {
  auto r = RunCommand({"anycred-issuer", "credentials", "--data", data, "--org",
                       org, "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return Json::parse(r.out);
}

}  // namespace

TEST_CASE("init creates the store and a 0600 master key, once",
          "[issuer][cli]") {
  TempDir dir;
  std::string data = Init(dir);
  struct stat st;
  REQUIRE(stat((data + "/master.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(stat((data + "/issuer.db").c_str(), &st) == 0);
  auto again = RunCommand({"anycred-issuer", "init", "--data", data});
  CHECK(again.exit_code == 1);
  CHECK(again.err.find("initialized already") != std::string::npos);

  // Organizations: --json output, list, refusals.
  TestOrg org = CreateOrg(data, "Lakeside School District",
                          {"--did-web", "credentials.lakeside.example"});
  CHECK(org.id == "lakeside-school-district");
  CHECK(org.did == "did:web:credentials.lakeside.example");
  CHECK(org.token.rfind("acr_", 0) == 0);
  auto dup =
      RunCommand({"anycred-issuer", "org", "create", "--data", data, "--name",
                  "Other", "--did-web", "credentials.lakeside.example"});
  CHECK(dup.exit_code == 1);
  CHECK(dup.err.find("already uses") != std::string::npos);
  auto bad = RunCommand({"anycred-issuer", "org", "create", "--data", data,
                         "--name", "X", "--did-web", "https://x.example/a"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--did-web") != std::string::npos);
  auto both = RunCommand(
      {"anycred-issuer", "org", "create", "--data", data, "--name", "X"});
  CHECK(both.exit_code == 2);
  auto list =
      RunCommand({"anycred-issuer", "org", "list", "--data", data, "--json"});
  REQUIRE(list.exit_code == 0);
  Json orgs = Json::parse(list.out);
  REQUIRE(orgs.size() == 1);
  CHECK(orgs[0]["org"] == org.id);
  CHECK(orgs[0]["verificationMethod"] ==
        "did:web:credentials.lakeside.example#key-1");
  // The token is stored only as a hash; the master key seals the seed.
  std::string db = ReadFile(data + "/issuer.db");
  CHECK(db.find(org.token) == std::string::npos);
  CHECK(db.find(org.token.substr(4)) == std::string::npos);

  // A missing data folder is a usage error.
  auto none = RunCommand(
      {"anycred-issuer", "org", "list", "--data", dir.File("nowhere")});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("anycred-issuer init") != std::string::npos);
}

TEST_CASE("ANYCRED_MASTER_KEY replaces the file; a wrong key is refused",
          "[issuer][cli]") {
  TempDir dir;
  std::string key = "ANYCRED_MASTER_KEY=" + std::string(64, 'a');
  std::string data = Init(dir, {key});
  struct stat st;
  CHECK(stat((data + "/master.key").c_str(), &st) != 0);
  auto ok = RunCommand({"anycred-issuer", "org", "create", "--data", data,
                        "--name", "A", "--did-key"},
                       "", {key});
  CHECK(ok.exit_code == 0);
  auto wrong = RunCommand({"anycred-issuer", "org", "create", "--data", data,
                           "--name", "B", "--did-key"},
                          "", {"ANYCRED_MASTER_KEY=" + std::string(64, 'b')});
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("master key does not match") != std::string::npos);
  auto malformed = RunCommand({"anycred-issuer", "org", "create", "--data",
                               data, "--name", "B", "--did-key"},
                              "", {"ANYCRED_MASTER_KEY=1234"});
  CHECK(malformed.exit_code == 2);
  CHECK(malformed.err.find("64 hexadecimal") != std::string::npos);
  CHECK(malformed.err.find("1234") == std::string::npos);
}

TEST_CASE("revoke, suspend, unsuspend, credentials and audit from the CLI",
          "[issuer][cli]") {
  TempDir dir;
  std::string data = Init(dir);
  TestOrg a = CreateOrg(data, "College A", {"--did-key", "--suspension"});
  TestOrg b = CreateOrg(data, "College B", {"--did-key"});
  std::string id;
  {
    IssuerServer server(data, FreePort(), {});
    auto c = server.Client();
    auto res = c.Post("/credentials/issue", Bearer(a.token),
                      DumpJson(Json{{"credential", ExampleBadgeFor(a.did)}}),
                      "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 201);
    id = Json::parse(res->body)["verifiableCredential"]["id"];
  }
  Json list = CredentialsJson(data, a.id);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["id"] == id);
  CHECK(list[0]["revoked"] == false);
  CHECK(list[0]["status"].size() == 2);

  auto run = [&](const std::string& cmd, const std::string& org) {
    return RunCommand(
        {"anycred-issuer", cmd, "--data", data, "--org", org, id, "--json"});
  };
  // Another organization cannot.
  auto other = run("revoke", b.id);
  CHECK(other.exit_code == 1);
  CHECK(other.err.find("another organization") != std::string::npos);
  CHECK(run("suspend", a.id).exit_code == 0);
  CHECK(CredentialsJson(data, a.id)[0]["suspended"] == true);
  CHECK(run("unsuspend", a.id).exit_code == 0);
  CHECK(CredentialsJson(data, a.id)[0]["suspended"] == false);
  auto revoked = run("revoke", a.id);
  REQUIRE(revoked.exit_code == 0);
  CHECK(Json::parse(revoked.out)["changed"] == true);
  CHECK(CredentialsJson(data, a.id)[0]["revoked"] == true);
  auto missing = RunCommand({"anycred-issuer", "revoke", "--data", data,
                             "--org", a.id, "urn:uuid:nope"});
  CHECK(missing.exit_code == 1);

  auto audit = RunCommand(
      {"anycred-issuer", "audit", "--data", data, "--org", a.id, "--json"});
  REQUIRE(audit.exit_code == 0);
  Json events = Json::parse(audit.out);
  std::vector<std::string> actions;
  for (const auto& e : events) actions.push_back(e["action"]);
  CHECK(actions ==
        std::vector<std::string>{"org.create", "key.create", "token.create",
                                 "credential.issue", "status.suspend",
                                 "status.unsuspend", "status.revoke"});
  CHECK(events[3]["subject"] == id);
  CHECK(events[3]["actor"].get<std::string>().rfind("token:tok_", 0) == 0);
  CHECK(audit.out.find(a.token) == std::string::npos);
}

TEST_CASE("kill -9 while issuing loses no credential and reuses no index",
          "[issuer][cli][crash]") {
  TempDir dir;
  std::string data = Init(dir);
  TestOrg org = CreateOrg(data, "Crash Test College", {"--did-key"});
  int port = FreePort();
  std::set<std::string> accepted;  // 201 before the kill
  std::mutex mu;
  {
    IssuerServer server(data, port, {"--reserve-block", "16"});
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    // Built here: Catch2's assertions (in ReadJsonFile) are not thread-safe.
    const std::string body =
        DumpJson(Json{{"credential", ExampleBadgeFor(org.did)}});
    for (int t = 0; t < 6; ++t) {
      clients.emplace_back([&] {
        httplib::Client c("127.0.0.1", port);
        c.set_connection_timeout(2, 0);
        c.set_read_timeout(30, 0);
        while (!stop) {
          auto res = c.Post("/credentials/issue", Bearer(org.token), body,
                            "application/json");
          if (!res) continue;  // the server died mid-request
          if (res->status == 201) {
            std::lock_guard<std::mutex> lock(mu);
            accepted.insert(Json::parse(res->body)["verifiableCredential"]["id"]
                                .get<std::string>());
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    int status = server.Stop(SIGKILL);
    CHECK(WIFSIGNALED(status));
    stop = true;
    for (auto& t : clients) t.join();
  }
  REQUIRE(accepted.size() > 10);

  auto check = [&](std::size_t at_least) {
    Json list = CredentialsJson(data, org.id);
    std::set<std::string> ids, slots;
    for (const auto& c : list) {
      ids.insert(c["id"].get<std::string>());
      for (const auto& e : c["status"])
        CHECK(slots
                  .insert(e["list"].get<std::string>() + "#" +
                          e["statusListIndex"].get<std::string>())
                  .second);
    }
    for (const auto& id : accepted) CHECK(ids.count(id) == 1);
    CHECK(ids.size() >= at_least);
    return ids.size();
  };
  std::size_t before = check(accepted.size());

  // After a restart new credentials get fresh indices.
  IssuerServer server(data, port, {"--reserve-block", "16"});
  auto c = server.Client();
  for (int i = 0; i < 40; ++i) {
    auto res = c.Post("/credentials/issue", Bearer(org.token),
                      DumpJson(Json{{"credential", ExampleBadgeFor(org.did)}}),
                      "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 201);
    accepted.insert(Json::parse(res->body)["verifiableCredential"]["id"]
                        .get<std::string>());
  }
  CHECK(check(before + 40) == before + 40);
}
