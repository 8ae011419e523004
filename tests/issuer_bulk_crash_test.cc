// Crash safety of bulk awards (issue 5): `anycred-issuer bulk` on a
// 100,000-row file is killed with SIGKILL at random points, 20 times, then
// run to the end. Every row must be issued exactly once, no status index
// used twice, and the audit log complete (one credential.issue event per
// credential, the batch's creation and its end).
//
// ANYCRED_CRASH_ROWS sets another row count (for a quick local run); the
// default is the issue's 100,000.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "core/csv/csv_reader.h"
#include "issuer/store/sqlite_store.h"
#include "tests/issuer_server.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::testing;

TEST_CASE(
    "bulk: kill -9 at random points 20 times, then resume: every row "
    "exactly once",
    "[issuer][bulk][crash]") {
  const char* env = std::getenv("ANYCRED_CRASH_ROWS");
  const int rows = env != nullptr ? std::atoi(env) : 100000;
  REQUIRE(rows > 0);
  const int kills_wanted = 20;

  TempDir dir;
  std::string data = dir.File("data");
  REQUIRE(RunCommand({"anycred-issuer", "init", "--data", data}).exit_code ==
          0);
  int port = FreePort();
  TestOrg org = CreateOrg(data, "State Apprenticeship Office",
                          {"--did-web", "127.0.0.1%3A" + std::to_string(port)});
  {
    // The catalog entry, and the public URL `bulk` signs for.
    IssuerServer server(data, port);
    auto c = server.Client();
    auto res = c.Post("/achievements", Bearer(org.token), R"({
      "id": "osha-10", "name": "OSHA 10 Construction Safety",
      "description": "Completed 10 hours of construction safety training.",
      "criteria": {"narrative": "Attend all sessions and pass the quiz."}})",
                      "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 201);
  }

  // Half the recipients by email (they get claim links), half by DID.
  std::string csv_path = dir.File("roster.csv");
  {
    std::ofstream out(csv_path, std::ios::binary);
    out << "name,email,did\r\n";
    for (int i = 0; i < rows; ++i) {
      out << "Apprentice " << i << ",";
      if (i % 2 == 0)
        out << "a" << i << "@trades.example,";
      else
        out << ",did:web:learners.example:a" << i;
      out << "\r\n";
    }
  }
  const std::string out_dir = dir.File("out");
  std::vector<std::string> argv = {
      "anycred-issuer", "bulk",    "--data", data,    "--org", org.id,
      "--achievement",  "osha-10", csv_path, "--out", out_dir, "--no-progress"};

  auto dry =
      RunCommand({"anycred-issuer", "bulk", "--data", data, "--org", org.id,
                  "--achievement", "osha-10", csv_path, "--dry-run", "--json"});
  INFO(dry.err);
  REQUIRE(dry.exit_code == 0);
  const std::string batch = Json::parse(dry.out)["batch"];

  // The test reads the store while `bulk` writes it, as a second process
  // may (WAL).
  auto reader_store =
      issuer::store::OpenSqliteStore(data + "/issuer.db", false);
  REQUIRE(reader_store.ok());
  auto awarded = [&]() -> std::uint64_t {
    auto n = (*reader_store)->CountBatchAwards(batch);
    return n.ok() ? *n : 0;
  };

  std::mt19937 rng(20261123);
  int kills = 0;
  std::uint64_t last = 0;
  bool finished = false;
  for (int attempt = 0; attempt < kills_wanted && !finished; ++attempt) {
    ChildProcess child(argv,
                       dir.File("bulk-" + std::to_string(attempt) + ".log"));
    // Kill a few times while the file is checked, the rest while rows are
    // issued: after a random number of new rows.
    std::uint64_t target = 0;
    std::chrono::milliseconds delay(0);
    if (attempt % 5 == 0) {
      delay = std::chrono::milliseconds(
          std::uniform_int_distribution<int>(50, 1500)(rng));
    } else {
      std::uint64_t step = std::max<std::uint64_t>(
          1, static_cast<std::uint64_t>(rows) / (kills_wanted * 2));
      target =
          last + std::uniform_int_distribution<std::uint64_t>(1, step)(rng);
    }
    auto started = std::chrono::steady_clock::now();
    auto deadline = started + std::chrono::seconds(240);
    bool killed = false;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!child.Running()) break;
      bool now = target == 0
                     ? std::chrono::steady_clock::now() - started >= delay
                     : awarded() >= target;
      if (now) {
        child.Stop(SIGKILL, std::chrono::seconds(10));
        killed = true;
        break;
      }
      std::this_thread::sleep_for(
          std::chrono::milliseconds(target == 0 ? 10 : 50));
    }
    if (!killed && child.Running()) {
      child.Stop(SIGKILL);
      FAIL("bulk made no progress for 240 s: " +
           ReadFile(dir.File("bulk-" + std::to_string(attempt) + ".log")));
    }
    if (killed) {
      ++kills;
    } else {
      finished = true;  // it ended by itself before the kill point
    }
    std::uint64_t now_awarded = awarded();
    CHECK(now_awarded >= last);  // nothing recorded is ever lost
    last = now_awarded;
  }
  INFO("kills: " << kills << ", rows awarded before the last run: " << last);
  CHECK(kills >= (rows >= 10000 ? kills_wanted : 1));

  // Resume to the end.
  // (A sanitizer build on a busy machine may take many minutes for the
  // rest of 100,000 rows: the wait is long, and still bounded.)
  std::vector<std::string> final_argv = argv;
  final_argv.push_back("--json");
  const std::string final_log = dir.File("bulk-final.log");
  ChildProcess final_run(final_argv, final_log);
  int status = final_run.Wait(std::chrono::minutes(30));
  INFO(ReadFile(final_log));
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  Json result;
  {
    std::istringstream log(ReadFile(final_log));
    std::string l;
    while (std::getline(log, l))
      if (l.rfind("{\"batch\"", 0) == 0) result = Json::parse(l);
  }
  REQUIRE(result.is_object());
  CHECK(result["state"] == "done");
  CHECK(result["issued"].get<std::uint64_t>() +
            result["issuedBefore"].get<std::uint64_t>() ==
        static_cast<std::uint64_t>(rows));
  CHECK(result["awardedElsewhere"] == 0);
  CHECK(awarded() == static_cast<std::uint64_t>(rows));

  // Every row exactly once, each with its own credential and status index.
  std::ifstream jsonl(out_dir + "/credentials.jsonl");
  std::string line;
  std::set<std::string> ids, indices, recipients;
  std::size_t lines = 0;
  while (std::getline(jsonl, line)) {
    ++lines;
    Json c = Json::parse(line);
    ids.insert(c["id"].get<std::string>());
    const Json& cs = c["credentialStatus"];
    indices.insert(cs["statusListCredential"].get<std::string>() + "#" +
                   cs["statusListIndex"].get<std::string>());
    const Json& subject = c["credentialSubject"];
    recipients.insert(
        subject.contains("id")
            ? subject["id"].get<std::string>()
            : subject["identifier"][0]["identityHash"].get<std::string>());
  }
  CHECK(lines == static_cast<std::size_t>(rows));
  CHECK(ids.size() == static_cast<std::size_t>(rows));
  CHECK(indices.size() == static_cast<std::size_t>(rows));
  CHECK(recipients.size() == static_cast<std::size_t>(rows));

  // The mail merge lists every row once.
  std::set<std::string> claim_rows;
  std::size_t claim_lines = 0;
  csv::CsvReader reader([&](std::size_t n, std::vector<std::string>& fields) {
    if (n == 1) return Status::Ok();
    ++claim_lines;
    claim_rows.insert(fields[0]);
    return Status::Ok();
  });
  REQUIRE(reader.Feed(ReadFile(out_dir + "/claims.csv")).ok());
  REQUIRE(reader.Finish().ok());
  CHECK(claim_lines == static_cast<std::size_t>(rows));
  CHECK(claim_rows.size() == static_cast<std::size_t>(rows));

  // The store agrees, and the audit log is complete.
  auto store = issuer::store::OpenSqliteStore(data + "/issuer.db", false);
  REQUIRE(store.ok());
  auto audit = (*store)->ListAudit(org.id);
  REQUIRE(audit.ok());
  std::set<std::string> issued_events;
  std::size_t issue_events = 0, created = 0, done = 0;
  for (const auto& e : *audit) {
    if (e.action == "credential.issue") {
      ++issue_events;
      issued_events.insert(e.subject);
    }
    created += e.action == "batch.create";
    done += e.action == "batch.done";
  }
  CHECK(issue_events == static_cast<std::size_t>(rows));
  CHECK(issued_events == ids);
  CHECK(created == 1);
  CHECK(done == 1);
}
