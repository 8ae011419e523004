// Several `anycred-issuer serve --store postgresql://…` processes sharing
// one database (a real private PostgreSQL server, tests/postgres_server.h)
// with nothing else in common but the master key: credentials issued
// through both at once are all recorded, no status index is handed out
// twice, the audit log has every issuance. And the command line's
// `--store`: administration commands on the shared database, unknown
// stores refused, passwords never printed.
#include <sys/wait.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <thread>
#include <vector>

#include "core/json/json.h"
#include "issuer/store/postgres_store.h"
#include "tests/issuer_server.h"
#include "tests/postgres_server.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::testing;

namespace {}  // namespace

TEST_CASE("two serve processes issue into one PostgreSQL database",
          "[issuer][postgres][serve]") {
  PostgresServer pg;
  std::string url = pg.NewDatabase("issuer");
  TempDir dir;
  std::string d1 = dir.File("one"), d2 = dir.File("two");

  auto init =
      RunCommand({"anycred-issuer", "init", "--data", d1, "--store", url});
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  CHECK_THAT(init.err, Catch::Contains("schema version"));
  // The second machine: its own data folder with the same master key.
  std::filesystem::create_directory(d2);
  std::filesystem::copy_file(d1 + "/master.key", d2 + "/master.key");
  // init again on the shared database is refused and changes nothing.
  auto again = RunCommand(
      {"anycred-issuer", "init", "--data", dir.File("three"), "--store", url});
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Catch::Contains("holds an issuer store already"));

  TestOrg org = CreateOrg(d1, "Riverside Community College",
                          {"--did-key", "--store", url});
  // Small reservation blocks: the processes reserve often, concurrently.
  IssuerServer one(d1, FreePort(), {"--store", url, "--reserve-block", "8"});
  IssuerServer two(d2, FreePort(), {"--store", url, "--reserve-block", "8"});

  constexpr int kThreads = 4, kPerThread = 40;
  std::atomic<int> created{0}, failed{0};
  std::vector<std::thread> threads;
  std::string body = DumpJson(Json{{"credential", ExampleBadgeFor(org.did)}});
  for (int t = 0; t < kThreads; ++t) {
    IssuerServer* server = t % 2 ? &one : &two;
    threads.emplace_back([server, &org, &body, &created, &failed] {
      // No Catch2 assertion in threads.
      auto client = server->Client();
      for (int i = 0; i < kPerThread; ++i) {
        auto res = client.Post("/credentials/issue", Bearer(org.token), body,
                               "application/json");
        if (res && res->status == 201) {
          ++created;
        } else {
          ++failed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failed == 0);
  CHECK(created == kThreads * kPerThread);
  one.Stop();
  two.Stop();

  // Every credential answered 201 is recorded, once, each with its own
  // status index; the audit log has one issuance per credential.
  auto list = RunCommand({"anycred-issuer", "credentials", "--data", d2,
                          "--store", url, "--org", org.id, "--json"});
  INFO(list.err);
  REQUIRE(list.exit_code == 0);
  Json creds = Json::parse(list.out);
  CHECK(creds.size() == static_cast<std::size_t>(created.load()));
  std::set<std::string> ids, indices;
  for (const auto& c : creds) {
    ids.insert(c["id"].get<std::string>());
    REQUIRE(c["status"].size() == 1);
    indices.insert(c["status"][0]["list"].get<std::string>() + "#" +
                   c["status"][0]["statusListIndex"].get<std::string>());
  }
  CHECK(ids.size() == creds.size());
  CHECK(indices.size() == creds.size());
  auto audit = RunCommand({"anycred-issuer", "audit", "--data", d1, "--store",
                           url, "--org", org.id, "--json"});
  REQUIRE(audit.exit_code == 0);
  std::size_t issued = 0;
  for (const auto& e : Json::parse(audit.out))
    issued += e["action"] == "credential.issue";
  CHECK(issued == creds.size());
  // Indices are reserved in blocks of 8 per process (counted by their
  // list, no row each): at most the rest of one block per process is left
  // unused. Each credential's entry is one row, at a position its list
  // handed out.
  CHECK(pg.Query("issuer", "SELECT COUNT(*) FROM status_lists") == "1");
  std::size_t reserved =
      std::stoul(pg.Query("issuer", "SELECT reserved FROM status_lists"));
  CHECK(reserved >= creds.size());
  CHECK(reserved <= creds.size() + 2 * 8);
  CHECK(pg.Query("issuer", "SELECT COUNT(*) FROM status_slots") == "0");
  CHECK(std::stoul(pg.Query("issuer", "SELECT COUNT(*) FROM status_entries")) ==
        creds.size());
  CHECK(pg.Query("issuer",
                 "SELECT COUNT(*) FROM status_entries e JOIN status_lists l "
                 "ON l.id = e.list_id WHERE e.pos < 0 OR e.pos >= "
                 "l.reserved") == "0");

  // A revocation through the command line is seen by the database the
  // servers share.
  std::string first = creds[0]["id"];
  auto revoke = RunCommand({"anycred-issuer", "revoke", "--data", d2, "--store",
                            url, "--org", org.id, first});
  INFO(revoke.err);
  CHECK(revoke.exit_code == 0);
  CHECK(pg.Query("issuer",
                 "SELECT credential_id FROM status_entries WHERE value = 1") ==
        first);
  CHECK(pg.Query("issuer",
                 "SELECT COUNT(*) FROM status_entries WHERE value = 1") == "1");
}

TEST_CASE("--store: unknown stores refused, passwords never printed",
          "[issuer][postgres][cli]") {
  TempDir dir;
  std::string data = dir.File("data");
  auto unknown = RunCommand({"anycred-issuer", "org", "list", "--data", data,
                             "--store", "mysql://alice:s3cr3t@db/issuer"});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("--store"));
  CHECK_THAT(unknown.err, !Catch::Contains("s3cr3t"));

  // Nothing listens there: the message names the database, not the
  // password.
  std::string url =
      "postgresql://alice:s3cr3t@127.0.0.1:" + std::to_string(FreePort()) +
      "/issuer?connect_timeout=5";
  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"init"},
        std::vector<std::string>{"serve", "--listen",
                                 "127.0.0.1:" + std::to_string(FreePort())},
        std::vector<std::string>{"audit", "--org", "x"},
        std::vector<std::string>{"org", "key", "list", "--org", "x"}}) {
    std::vector<std::string> argv = {"anycred-issuer"};
    argv.insert(argv.end(), cmd.begin(), cmd.end());
    for (const char* a : {"--data", "", "--store", ""}) argv.push_back(a);
    argv[argv.size() - 3] = data;
    argv[argv.size() - 1] = url;
    auto r = RunCommand(argv);
    INFO(cmd[0] << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("alice:***@127.0.0.1"));
    CHECK_THAT(r.err, !Catch::Contains("s3cr3t"));
  }
}

TEST_CASE(
    "two bulk runs of one file at once into PostgreSQL issue each row "
    "once",
    "[issuer][postgres][bulk]") {
  PostgresServer pg;
  std::string url = pg.NewDatabase("bulk");
  TempDir dir;
  std::string d1 = dir.File("one"), d2 = dir.File("two");
  auto init =
      RunCommand({"anycred-issuer", "init", "--data", d1, "--store", url});
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  std::filesystem::create_directory(d2);
  std::filesystem::copy_file(d1 + "/master.key", d2 + "/master.key");
  TestOrg org = CreateOrg(d1, "State Apprenticeship Office",
                          {"--did-key", "--store", url});
  {
    // The catalog entry, and the public URL the service runs at.
    IssuerServer server(d1, FreePort(), {"--store", url});
    auto c = server.Client();
    auto res = c.Post("/achievements", Bearer(org.token), R"({
      "id": "osha-10", "name": "OSHA 10 Construction Safety",
      "description": "Completed 10 hours of construction safety training.",
      "criteria": {"narrative": "Attend all sessions and pass the quiz."}})",
                      "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 201);
  }
  constexpr int kRows = 600;
  std::string csv = "name,email\n";
  for (int i = 0; i < kRows; ++i)
    csv += "Apprentice " + std::to_string(i) + ",a" + std::to_string(i) +
           "@trades.example\n";
  WriteFile(dir.File("roster.csv"), csv);

  auto bulk = [&](const std::string& data, const std::string& out) {
    return std::vector<std::string>{"anycred-issuer",
                                    "bulk",
                                    "--data",
                                    data,
                                    "--store",
                                    url,
                                    "--org",
                                    org.id,
                                    "--achievement",
                                    "osha-10",
                                    dir.File("roster.csv"),
                                    "--out",
                                    out,
                                    "--threads",
                                    "1",
                                    "--no-progress"};
  };
  ChildProcess a(bulk(d1, dir.File("out1")), dir.File("bulk1.log"));
  ChildProcess b(bulk(d2, dir.File("out2")), dir.File("bulk2.log"));
  int sa = a.Wait(std::chrono::minutes(10));
  int sb = b.Wait(std::chrono::minutes(10));
  INFO(ReadFile(dir.File("bulk1.log")) << ReadFile(dir.File("bulk2.log")));
  REQUIRE(WIFEXITED(sa));
  REQUIRE(WEXITSTATUS(sa) == 0);
  REQUIRE(WIFEXITED(sb));
  REQUIRE(WEXITSTATUS(sb) == 0);

  auto list = RunCommand({"anycred-issuer", "credentials", "--data", d1,
                          "--store", url, "--org", org.id, "--json"});
  REQUIRE(list.exit_code == 0);
  Json issued = Json::parse(list.out);
  CHECK(issued.size() == static_cast<std::size_t>(kRows));
  std::set<std::string> slots;
  for (const auto& c : issued)
    for (const auto& s : c["status"])
      slots.insert(s["list"].get<std::string>() + "#" +
                   s["statusListIndex"].get<std::string>());
  CHECK(slots.size() == static_cast<std::size_t>(kRows));
  // Both runs end with the whole batch written out, the same files.
  std::string one = ReadFile(dir.File("out1") + "/credentials.jsonl");
  std::size_t lines = 0;
  for (char ch : one) lines += ch == '\n';
  CHECK(lines == static_cast<std::size_t>(kRows));
  CHECK(ReadFile(dir.File("out2") + "/credentials.jsonl") == one);
  CHECK(ReadFile(dir.File("out2") + "/claims.csv") ==
        ReadFile(dir.File("out1") + "/claims.csv"));
}
