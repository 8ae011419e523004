// `anycred-issuer bulk` and POST /achievements/ID/batches end to end, with
// the real service running: the check, dry run, refusal of a file with
// problems, --skip-invalid, the output files, re-running, progress lines,
// the verifier accepting what was issued, and the HTTP batch routes.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "core/csv/csv_reader.h"
#include "tests/issuer_server.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::testing;

namespace {

struct Service {
  TempDir dir;
  std::string data;
  int port;
  TestOrg org, other;
  std::unique_ptr<IssuerServer> server;

  Service() {
    data = dir.File("data");
    auto r = RunCommand({"anycred-issuer", "init", "--data", data});
    REQUIRE(r.exit_code == 0);
    port = FreePort();
    org = CreateOrg(data, "Riverside College",
                    {"--did-web", "127.0.0.1%3A" + std::to_string(port)});
    other = CreateOrg(data, "Other College", {"--did-key"});
    server = std::make_unique<IssuerServer>(
        data, port, std::vector<std::string>{"--max-batch-body", "100000"});
    auto c = server->Client();
    auto res = c.Post("/achievements", Bearer(org.token), R"({
      "id": "wd-101", "name": "Web Development Fundamentals",
      "description": "Builds accessible web pages.",
      "criteria": {"narrative": "Pass the final project."},
      "resultDescription": [{"id": "urn:uuid:rd-grade", "name": "Final grade",
                             "resultType": "Percent"}]})",
                      "application/json");
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 201);
  }

  CommandResult Bulk(const std::string& file,
                     std::vector<std::string> extra = {},
                     const std::string& stdin_text = "") {
    std::vector<std::string> argv = {
        "anycred-issuer", "bulk",          "--data", data, "--org",
        org.id,           "--achievement", "wd-101", file};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunCommand(argv, stdin_text);
  }

  std::size_t CredentialCount() {
    auto r = RunCommand({"anycred-issuer", "credentials", "--data", data,
                         "--org", org.id, "--json"});
    REQUIRE(r.exit_code == 0);
    Json j = Json::parse(r.out);
    if (j.is_object() && j.contains("credentials"))
      return j["credentials"].size();
    return j.size();
  }
};

const char* kGood =
    "Student name,Email,Student ID,Final grade\r\n"
    "Ana Ruiz,ana@example.edu,S-1,91\r\n"
    "\"Lee, Bo\",bo@example.edu,S-2,88%\r\n"
    "Cy Ode,,S-3,77\r\n";

const char* kWithProblems =
    "Student name,Email,Final grade\n"
    "Ana Ruiz,ana@example.edu,91\n"
    "Bo,bo-at-example.edu,88\n"
    "Cy,cy@example.edu,101\n";

std::size_t Lines(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE(
    "bulk CLI: check, dry run, refusal, skip-invalid, outputs, "
    "re-run, verification",
    "[issuer][bulk][cli]") {
  Service s;
  WriteFile(s.dir.File("good.csv"), kGood);
  WriteFile(s.dir.File("bad.csv"), kWithProblems);

  // A file with problems: every problem, exit 1, nothing issued.
  auto bad = s.Bulk(s.dir.File("bad.csv"));
  INFO(bad.err);
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("row 3, column \"Email\": \"bo-at-example.edu\" is not "
                     "an email address") != std::string::npos);
  CHECK(bad.err.find("row 4, column \"Final grade\": \"101\" is out of "
                     "range (expected a number from 0 to 100)") !=
        std::string::npos);
  CHECK(bad.err.find("Nothing was issued") != std::string::npos);
  CHECK(s.CredentialCount() == 0);

  // Dry run: the check and a preview, nothing issued.
  auto dry = s.Bulk(s.dir.File("good.csv"), {"--dry-run", "--json"});
  INFO(dry.err);
  REQUIRE(dry.exit_code == 0);
  Json preview = Json::parse(dry.out);
  CHECK(preview["rows"] == 3);
  CHECK(preview["validRows"] == 3);
  CHECK(preview["dryRun"] == true);
  REQUIRE(preview["preview"].size() == 3);
  CHECK(preview["preview"][0]["credentialSubject"]["achievement"]["name"] ==
        "Web Development Fundamentals");
  CHECK_FALSE(preview["preview"][0].contains("proof"));
  CHECK(s.CredentialCount() == 0);
  auto dry_bad = s.Bulk(s.dir.File("bad.csv"), {"--dry-run"});
  CHECK(dry_bad.exit_code == 1);

  // The good file: issued, written out, verifiable.
  std::string out = s.dir.File("out");
  auto run = s.Bulk(s.dir.File("good.csv"), {"--out", out, "--json"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  Json result = Json::parse(run.out);
  CHECK(result["issued"] == 3);
  CHECK(result["state"] == "done");
  // Not a terminal: progress as JSON lines on standard error.
  CHECK(run.err.find("{\"event\":\"progress\"") != std::string::npos);
  CHECK(s.CredentialCount() == 3);
  std::string jsonl = ReadFile(out + "/credentials.jsonl");
  CHECK(Lines(jsonl) == 3);
  struct stat st;
  REQUIRE(stat((out + "/claims.csv").c_str(), &st) == 0);
  CHECK((st.st_mode & 077) == 0);  // claim links are secrets of recipients
  auto claims = csv::ParseCsv(ReadFile(out + "/claims.csv"));
  REQUIRE(claims.ok());
  REQUIRE(claims->size() == 4);
  CHECK((*claims)[2][1] == "Lee, Bo");
  CHECK((*claims)[3][3] == "S-3");
  std::string prefix = "http://127.0.0.1:" + std::to_string(s.port) +
                       "/workflows/claim/exchanges/";
  CHECK((*claims)[1][6].rfind(prefix, 0) == 0);
  // The link answers (a DID Authentication request).
  auto c = s.server->Client();
  std::string origin = "http://127.0.0.1:" + std::to_string(s.port);
  auto exchange = c.Post((*claims)[1][6].substr(origin.size()).c_str(), "{}",
                         "application/json");
  REQUIRE(exchange);
  CHECK(exchange->status == 200);
  CHECK(exchange->body.find("DIDAuthentication") != std::string::npos);

  auto verified =
      RunCommand({"anycred-verifier", "verify", "--jsonl",
                  "--allow-http-loopback", out + "/credentials.jsonl"});
  INFO(verified.out << verified.err);
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("NOT VERIFIED") == std::string::npos);

  // Run again (also from standard input): nothing issued twice.
  auto again = s.Bulk("-", {"--out", out, "--json"}, kGood);
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  Json second = Json::parse(again.out);
  CHECK(second["issued"] == 0);
  CHECK(second["issuedBefore"] == 3);
  CHECK(second["batch"] == result["batch"]);
  CHECK(s.CredentialCount() == 3);
  CHECK(ReadFile(out + "/credentials.jsonl") == jsonl);

  // --skip-invalid issues the good rows of the other file; "Ana" was
  // awarded by the first batch already.
  auto skip = s.Bulk(s.dir.File("bad.csv"),
                     {"--skip-invalid", "--out", s.dir.File("out2")});
  INFO(skip.err);
  REQUIRE(skip.exit_code == 0);
  CHECK(skip.out.find("Issued 0 credentials") != std::string::npos);
  CHECK(skip.out.find("1 row was awarded already by another batch") !=
        std::string::npos);
  CHECK(skip.out.find("2 rows with problems were skipped") !=
        std::string::npos);
  CHECK(s.CredentialCount() == 3);
}

TEST_CASE("bulk CLI: usage errors", "[issuer][bulk][cli]") {
  Service s;
  WriteFile(s.dir.File("good.csv"), kGood);
  auto missing = s.Bulk(s.dir.File("nope.csv"));
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("cannot read") != std::string::npos);
  auto days = s.Bulk(s.dir.File("good.csv"), {"--claim-days", "0"});
  CHECK(days.exit_code == 2);
  CHECK(days.err.find("--claim-days") != std::string::npos);
  auto map = s.Bulk(s.dir.File("good.csv"), {"--map", "Grade=result"});
  CHECK(map.exit_code == 1);
  CHECK(map.err.find("no column \"Grade\"") != std::string::npos);
  auto r =
      RunCommand({"anycred-issuer", "bulk", "--data", s.data, "--org", s.org.id,
                  "--achievement", "nope", s.dir.File("good.csv")});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("no achievement nope") != std::string::npos);
  auto wrong_org = RunCommand({"anycred-issuer", "bulk", "--data", s.data,
                               "--org", s.other.id, "--achievement", "wd-101",
                               s.dir.File("good.csv")});
  CHECK(wrong_org.exit_code == 1);
  CHECK(wrong_org.err.find("belongs to another organization") !=
        std::string::npos);
  CHECK(s.CredentialCount() == 0);
}

TEST_CASE("bulk HTTP: POST /achievements/ID/batches and GET /batches/ID",
          "[issuer][bulk][http]") {
  Service s;
  auto c = s.server->Client();
  auto post = [&](const std::string& query, const std::string& body,
                  const std::string& token) {
    auto res = c.Post(("/achievements/wd-101/batches" + query).c_str(),
                      Bearer(token), body, "text/csv");
    REQUIRE(res);
    return *res;
  };

  auto refused = post("", kWithProblems, s.org.token);
  INFO(refused.body);
  CHECK(refused.status == 422);
  Json problem = Json::parse(refused.body);
  CHECK(problem["code"] == "INVALID_ROWS");
  REQUIRE(problem["problems"].size() == 2);
  CHECK(problem["problems"][0]["row"] == 3);
  CHECK(problem["problems"][0]["column"] == "Email");
  CHECK(problem["problems"][1]["expected"] == "a number from 0 to 100");

  auto dry = post("?dryRun=true", kGood, s.org.token);
  CHECK(dry.status == 200);
  CHECK(Json::parse(dry.body)["preview"].size() == 3);

  CHECK(post("", kGood, "acr_wrong").status == 401);
  CHECK(post("?skipInvalid=maybe", kGood, s.org.token).status == 400);
  CHECK(post("?map=Nope%3Demail", kGood, s.org.token).status == 400);
  CHECK(post("", std::string(100001, 'x'), s.org.token).status == 413);
  auto other = post("", kGood, s.other.token);
  CHECK(other.status == 403);

  auto accepted = post("", kGood, s.org.token);
  INFO(accepted.body);
  REQUIRE(accepted.status == 202);
  Json body = Json::parse(accepted.body);
  const std::string id = body["batch"];
  CHECK(accepted.get_header_value("Location") == "/batches/" + id);

  Json status;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = c.Get(("/batches/" + id).c_str(), Bearer(s.org.token));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    status = Json::parse(res->body);
    if (status["state"] == "done" && status["running"] == false) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  INFO(status.dump());
  REQUIRE(status["state"] == "done");
  CHECK(status["issued"] == 3);
  CHECK(status["rows"] == 3);
  CHECK_FALSE(status.contains("error"));

  auto creds =
      c.Get(("/batches/" + id + "/credentials").c_str(), Bearer(s.org.token));
  REQUIRE(creds);
  CHECK(creds->status == 200);
  CHECK(Lines(creds->body) == 3);
  auto claims =
      c.Get(("/batches/" + id + "/claims").c_str(), Bearer(s.org.token));
  REQUIRE(claims);
  CHECK(claims->status == 200);
  auto rows = csv::ParseCsv(claims->body);
  REQUIRE(rows.ok());
  CHECK(rows->size() == 4);
  CHECK(claims->get_header_value("Cache-Control") == "no-store");

  // Another organization's token does not see the batch; no token is 401.
  auto hidden = c.Get(("/batches/" + id).c_str(), Bearer(s.other.token));
  REQUIRE(hidden);
  CHECK(hidden->status == 404);
  auto anonymous = c.Get(("/batches/" + id).c_str());
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);

  // The same file again: the same batch, nothing new.
  auto repeat = post("", kGood, s.org.token);
  CHECK((repeat.status == 202 || repeat.status == 200));
  CHECK(Json::parse(repeat.body)["awardedBefore"] == 3);
  CHECK(s.CredentialCount() == 3);
}
