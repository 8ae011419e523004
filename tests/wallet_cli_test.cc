// anycred-wallet end to end (issue 7): the program run with ANYCRED_WALLET
// in a temporary folder, credentials signed here with core.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <thread>

#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "core/verification/verify_credential.h"
#include "tests/test_util.h"

using namespace anycred;
using anycred::testing::CommandResult;
using anycred::testing::RunCommand;

namespace {

// A signing key for an issuer, and credentials signed with it.
struct Issuer {
  keys::SigningKey key =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  std::string name;
  explicit Issuer(std::string n) : name(std::move(n)) {}
  Json Unsigned(const std::string& achievement, const std::string& code,
                double credits) const {
    Json c = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
    static int serial = 0;
    c["id"] = "https://credentials.example/" + std::to_string(++serial);
    c["issuer"]["id"] = key.controller;
    c["issuer"]["name"] = name;
    c["name"] = achievement;
    auto& a = c["credentialSubject"]["achievement"];
    a["name"] = achievement;
    a["alignment"][0]["targetCode"] = code;
    a["creditsAvailable"] = credits;
    c["credentialSubject"]["creditsEarned"] = credits;
    return c;
  }
  Json Sign(Json c) const {
    auto s = proof::AddProof(std::move(c), key, {});
    REQUIRE(s.ok());
    return std::move(s).value();
  }
  Json Badge(const std::string& achievement, const std::string& code,
             double credits = 1) const {
    return Sign(Unsigned(achievement, code, credits));
  }
};

// A wallet in a temporary folder and a way to run the program on it.
struct Wallet {
  testing::TempDir tmp;
  std::string dir = tmp.File("wallet");
  std::string pass = "correct horse battery";
  std::vector<std::string> Env(const std::string& p) const {
    return {"ANYCRED_WALLET=" + dir, "ANYCRED_WALLET_PASSPHRASE=" + p};
  }
  CommandResult Run(std::vector<std::string> args,
                    const std::string& stdin_text = "") const {
    return RunAs(pass, std::move(args), stdin_text);
  }
  CommandResult RunAs(const std::string& p, std::vector<std::string> args,
                      const std::string& stdin_text = "") const {
    args.insert(args.begin(), "anycred-wallet");
    return RunCommand(args, stdin_text, Env(p));
  }
  void Init() {
    auto r = Run({"init"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  std::string File(const std::string& name, const std::string& content) {
    std::string path = tmp.File(name);
    testing::WriteFile(path, content);
    return path;
  }
  Json List() const {
    auto r = Run({"list", "--json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return Json::parse(r.out);
  }
  // Every file of the wallet folder, concatenated.
  std::string AllBytes() const {
    std::string all;
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
      all += testing::ReadFile(f.path().string());
    }
    return all;
  }
};

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string Id(const Json& list, std::size_t i) {
  return list["credentials"][i]["id"].get<std::string>();
}

}  // namespace

TEST_CASE("init creates an encrypted wallet with a holder did:key",
          "[wallet][cli]") {
  Wallet w;
  auto r = w.Run({"init"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Contains(r.out, "did:key:z6Mk"));
  Json list = w.List();
  CHECK(list["holder"].get<std::string>().rfind("did:key:z6Mk", 0) == 0);
  CHECK(Contains(r.out, list["holder"].get<std::string>()));
  CHECK(list["credentials"].empty());
  // A second init is refused and changes nothing.
  std::string before = w.AllBytes();
  auto again = w.Run({"init"});
  CHECK(again.exit_code == 1);
  CHECK(Contains(again.err, "already a wallet"));
  CHECK(w.AllBytes() == before);
}

TEST_CASE("without a wallet, or with a wrong passphrase, commands fail clearly",
          "[wallet][cli]") {
  Wallet w;
  auto none = w.Run({"list"});
  CHECK(none.exit_code == 2);
  CHECK(Contains(none.err, "there is no wallet"));
  CHECK(Contains(none.err, "anycred-wallet init"));
  w.Init();
  std::string before = w.AllBytes();
  for (auto args : std::vector<std::vector<std::string>>{
           {"list"}, {"import", "-"}, {"passwd"}, {"export", "-o", "-"}}) {
    auto r = w.RunAs("wrong", args, "{}");
    INFO(args[0]);
    CHECK(r.exit_code == 1);
    CHECK(Contains(r.err, "passphrase is wrong"));
  }
  CHECK(w.AllBytes() == before);
  auto empty = w.RunAs("", {"list"});
  CHECK(empty.exit_code == 2);
  CHECK(Contains(empty.err, "ANYCRED_WALLET_PASSPHRASE"));
}

TEST_CASE("a damaged wallet file is refused and left as it is",
          "[wallet][cli]") {
  Wallet w;
  w.Init();
  Issuer cc("Lakeside Community College");
  REQUIRE(
      w.Run({"import", "-"}, DumpJson(cc.Badge("Welding I", "W1"))).exit_code ==
      0);
  std::string path = w.dir + "/wallet.dat";
  std::string bytes = testing::ReadFile(path);
  bytes[bytes.size() - 20] = static_cast<char>(bytes[bytes.size() - 20] ^ 1);
  testing::WriteFile(path, bytes);
  for (auto args : std::vector<std::vector<std::string>>{
           {"list"}, {"import", "-"}, {"verify"}, {"export", "-o", "-"}}) {
    INFO(args[0]);
    auto r = w.Run(args, "{}");
    CHECK(r.exit_code == 1);
    CHECK(Contains(r.err, "damaged or was altered"));
    CHECK(Contains(r.err, "backup"));
  }
  CHECK(testing::ReadFile(path) == bytes);
}

TEST_CASE(
    "without a terminal and without ANYCRED_WALLET_PASSPHRASE, the "
    "error says what to do",
    "[wallet][cli]") {
  Wallet w;
  w.Init();
  std::string err_path = w.tmp.File("err.txt");
  testing::ChildProcess::Options no_terminal;
  no_terminal.new_session = true;  // no controlling terminal
  no_terminal.env = {"ANYCRED_WALLET=" + w.dir};
  no_terminal.unset = {"ANYCRED_WALLET_PASSPHRASE"};
  testing::ChildProcess list({"anycred-wallet", "list"}, err_path, no_terminal);
  int status = list.Wait(std::chrono::seconds(120));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  std::string err = testing::ReadFile(err_path);
  CHECK(Contains(err, "ANYCRED_WALLET_PASSPHRASE"));
  CHECK(Contains(err, "terminal"));
}

TEST_CASE("import verifies; refused unless --force, then flagged",
          "[wallet][cli][import]") {
  Wallet w;
  w.Init();
  Issuer college("Lakeside Community College");
  Json good = college.Badge("Intro to Welding", "WLD.1.2", 3);
  std::string good_path = w.File("good.json", DumpJson(good, true));

  auto r = w.Run({"import", good_path});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.out, "imported"));
  CHECK(Contains(r.out, "Intro to Welding"));
  CHECK(Contains(r.out, "(verified)"));
  Json list = w.List();
  REQUIRE(list["credentials"].size() == 1);
  const Json& row = list["credentials"][0];
  CHECK(row["achievement"] == "Intro to Welding");
  CHECK(row["issuer"] == "Lakeside Community College");
  CHECK(row["date"] == "2026-06-12");
  CHECK(row["competencies"][0]["code"] == "WLD.1.2");
  CHECK(row["competencies"][0]["framework"] ==
        "State CTE Welding Technology Standards");
  CHECK(row["creditsAvailable"] == 3);
  CHECK(row["creditsEarned"] == 3);
  CHECK(row["status"] == "verified");

  // The same again is skipped, not duplicated.
  auto dup = w.Run({"import", good_path});
  CHECK(dup.exit_code == 0);
  CHECK(Contains(dup.out, "already in the wallet"));
  CHECK(w.List()["credentials"].size() == 1);

  // A tampered credential: refused with the reason, nothing stored.
  Json tampered = college.Badge("Advanced Welding", "WLD.2.1");
  tampered["credentialSubject"]["achievement"]["name"] = "Master Welder";
  std::string bad_path = w.File("bad.json", DumpJson(tampered));
  std::string before = w.AllBytes();
  auto bad = w.Run({"import", bad_path});
  CHECK(bad.exit_code == 1);
  CHECK(Contains(bad.out, "refused"));
  CHECK(Contains(bad.out, "--force"));
  CHECK(Contains(bad.out, "SIGNATURE_INVALID"));
  CHECK(w.List()["credentials"].size() == 1);
  CHECK(w.AllBytes() == before);

  // With --force it is kept, flagged (exit 1 still says it did not verify).
  auto forced = w.Run({"import", "--force", bad_path});
  CHECK(forced.exit_code == 0);
  CHECK(Contains(forced.out, "NOT VERIFIED"));
  Json after = w.List();
  REQUIRE(after["credentials"].size() == 2);
  CHECK(after["credentials"][1]["status"] == "flagged");
  CHECK(after["credentials"][1]["achievement"] == "Master Welder");

  // The table.
  auto table = w.Run({"list"});
  CHECK(table.exit_code == 0);
  CHECK(Contains(table.out, "ACHIEVEMENT"));
  CHECK(Contains(table.out, "COMPETENCIES"));
  CHECK(Contains(table.out, Id(after, 0).substr(0, 8) + "  Intro to Welding"));
  CHECK(Contains(table.out, "flagged"));
  CHECK(Contains(table.out, "3 of 3"));
}

TEST_CASE("import reads JSON Lines from a file or stdin; bad lines are named",
          "[wallet][cli][import]") {
  Wallet w;
  w.Init();
  Issuer school("Riverside High School");
  std::string lines = DumpJson(school.Badge("Algebra I", "MATH.A1")) + "\n" +
                      "not json\n\n" +
                      DumpJson(school.Badge("Geometry", "MATH.G1")) + "\r\n";
  auto r = w.Run({"import", "-"}, lines);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.out, "- line 2: not JSON"));
  CHECK(w.List()["credentials"].size() == 2);
  auto json = w.Run({"import", "--json", "-"},
                    DumpJson(school.Badge("Biology", "SCI.B1")) + "\n");
  CHECK(json.exit_code == 0);
  Json line = Json::parse(json.out);
  CHECK(line["imported"] == true);
  CHECK(line["report"]["verified"] == true);
  // A PNG cut short carries no credential: refused, naming the file.
  std::string png = w.File("badge.png", std::string("\x89PNG\r\n\x1a\n", 8));
  auto p = w.Run({"import", png});
  CHECK(p.exit_code == 1);
  CHECK(Contains(p.out, "badge.png (baked PNG badge)"));
  // A URL nobody answers at (wallet_badge_test imports from URLs).
  auto url = w.Run({"import", "https://127.0.0.1:1/badge.json"});
  CHECK(url.exit_code == 2);
  CHECK(Contains(url.err, "cannot download https://127.0.0.1:1/badge.json"));
  auto missing = w.Run({"import", w.tmp.File("nope.json")});
  CHECK(missing.exit_code == 2);
}

TEST_CASE(
    "nothing about the credentials or the holder is readable in the "
    "wallet's files",
    "[wallet][cli]") {
  Wallet w;
  w.Init();
  Issuer issuer("Northwind Apprenticeship Board");
  Json badge = issuer.Badge("Pipefitting Level Two", "PIPE.2.7");
  w.Run({"import", "-"}, DumpJson(badge));
  Json list = w.List();
  REQUIRE(list["credentials"].size() == 1);
  std::string holder = list["holder"];
  std::string all = w.AllBytes();
  for (const std::string& needle :
       {std::string("Pipefitting"), std::string("PIPE.2.7"),
        std::string("Northwind"), issuer.key.controller,
        std::string("did:example:student-4821"), badge["id"].get<std::string>(),
        holder, holder.substr(8), Id(list, 0), Id(list, 0).substr(0, 8),
        std::string("welding"), std::string("proofValue")}) {
    INFO(needle);
    CHECK_FALSE(Contains(all, needle));
  }
}

TEST_CASE("show, verify, remove and summary", "[wallet][cli]") {
  Wallet w;
  w.Init();
  Issuer hs("Riverside Career & Technical Center");
  Issuer cc("Lakeside Community College");
  Issuer online("OpenCourse Online");
  std::string batch = DumpJson(hs.Badge("Welding Safety", "WLD.1.2", 0.5)) +
                      "\n" + DumpJson(cc.Badge("Welding I", "WLD.1.2", 3)) +
                      "\n" +
                      DumpJson(online.Badge("Blueprints", "WLD.3.1", 1)) + "\n";
  REQUIRE(w.Run({"import", "-"}, batch).exit_code == 0);
  Json list = w.List();
  REQUIRE(list["credentials"].size() == 3);
  std::string first = Id(list, 0);

  SECTION("show by short id, in words") {
    auto r = w.Run({"show", first.substr(0, 8)});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(Contains(r.out, "Welding Safety"));
    CHECK(Contains(r.out, "Issued by: Riverside Career & Technical Center"));
    CHECK(Contains(r.out, "- Apply safety procedures"));
    CHECK(Contains(r.out, "code WLD.1.2"));
    CHECK(Contains(r.out, "Credits: 0.5 earned of 0.5 available"));
    CHECK(Contains(r.out, "Last check: verified"));
    // The same words as the verifier's inspect.
    auto inspect = RunCommand(
        {"anycred-verifier", "inspect",
         w.File("first.json",
                DumpJson(Json::parse(
                    w.Run({"show", "--json", first}).out)["credential"]))});
    REQUIRE(inspect.exit_code == 0);
    std::string facts = inspect.out.substr(inspect.out.find('\n') + 1);
    CHECK(Contains(r.out, facts));
    CHECK(Contains(r.out, "Written safety assessment: 92"));
    CHECK(Contains(r.out, "Practical safety check record"));
    CHECK(Contains(r.out, first));
    auto json = w.Run({"show", "--json", first.substr(0, 6)});
    CHECK(json.exit_code == 0);
    CHECK(Json::parse(json.out)["credential"]["credentialSubject"]
                               ["achievement"]["name"] == "Welding Safety");
    auto unknown = w.Run({"show", "ffffffff"});
    CHECK(unknown.exit_code == 1);
    CHECK(Contains(unknown.err, "no credential"));
    auto nonsense = w.Run({"show", "ab"});
    CHECK(nonsense.exit_code == 1);
  }
  SECTION("verify all, or one") {
    auto all = w.Run({"verify"});
    CHECK(all.exit_code == 0);
    CHECK(Contains(all.out, "VERIFIED"));
    CHECK(Contains(all.out, "Blueprints"));
    auto one = w.Run({"verify", "--json", first.substr(0, 8)});
    CHECK(one.exit_code == 0);
    CHECK(Json::parse(one.out)["verified"] == true);
    CHECK(w.Run({"verify", "00000000"}).exit_code == 1);
    // A flagged credential does not verify now either.
    Json bad = cc.Badge("Welding II", "WLD.2.1");
    bad["validFrom"] = "2020-01-01T00:00:00Z";
    REQUIRE(w.Run({"import", "--force", "-"}, DumpJson(bad)).exit_code == 0);
    auto again = w.Run({"verify"});
    CHECK(again.exit_code == 1);
    CHECK(Contains(again.out, "NOT VERIFIED"));
    CHECK(Contains(again.out, "flagged"));
  }
  SECTION("remove") {
    auto r = w.Run({"remove", first.substr(0, 8)});
    CHECK(r.exit_code == 0);
    CHECK(Contains(r.out, "removed"));
    CHECK(Contains(r.out, "Welding Safety"));
    Json after = w.List();
    REQUIRE(after["credentials"].size() == 2);
    CHECK(Id(after, 0) != first);
    CHECK(w.Run({"remove", first}).exit_code == 1);
  }
  SECTION("summary groups competencies across providers") {
    auto r = w.Run({"summary", "--json"});
    REQUIRE(r.exit_code == 0);
    Json s = Json::parse(r.out)["competencies"];
    REQUIRE(s.size() == 2);
    CHECK(s[0]["framework"] == "State CTE Welding Technology Standards");
    CHECK(s[0]["code"] == "WLD.1.2");
    REQUIRE(s[0]["credentials"].size() == 2);
    CHECK(s[0]["credentials"][0]["issuer"] ==
          "Riverside Career & Technical Center");
    CHECK(s[0]["credentials"][1]["issuer"] == "Lakeside Community College");
    CHECK(s[0]["credentials"][1]["creditsEarned"] == 3);
    CHECK(s[1]["code"] == "WLD.3.1");
    auto text = w.Run({"summary"});
    CHECK(Contains(text.out,
                   "State CTE Welding Technology Standards\n"
                   "  WLD.1.2  Apply safety procedures"));
    CHECK(Contains(text.out,
                   "Lakeside Community College, 2026-06-12, 3 "
                   "credits earned (verified)"));
  }
}

TEST_CASE("passwd changes the passphrase", "[wallet][cli]") {
  Wallet w;
  w.Init();
  auto r = RunCommand(
      {"anycred-wallet", "passwd"}, "",
      {"ANYCRED_WALLET=" + w.dir, "ANYCRED_WALLET_PASSPHRASE=" + w.pass,
       "ANYCRED_WALLET_NEW_PASSPHRASE=new one"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(w.Run({"list"}).exit_code == 1);
  CHECK(w.RunAs("new one", {"list"}).exit_code == 0);
}

namespace {
// Runs the wallet on a pseudo-terminal, answering each prompt that
// contains "passphrase" with the next of `answers`. Returns the exit code
// and everything the terminal showed.
CommandResult RunOnTerminal(const std::string& dir,
                            const std::vector<std::string>& args,
                            std::vector<std::string> answers) {
  std::string program = testing::BinDir() + "/anycred-wallet";
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    setenv("ANYCRED_WALLET", dir.c_str(), 1);
    unsetenv("ANYCRED_WALLET_PASSPHRASE");
    unsetenv("ANYCRED_WALLET_NEW_PASSPHRASE");
    std::vector<char*> argv = {const_cast<char*>(program.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  CommandResult result;
  std::size_t answered = 0, prompts_seen = 0;
  char buf[4096];
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 30000) <= 0) break;
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has exited
    result.out.append(buf, static_cast<std::size_t>(n));
    std::size_t count = 0;
    for (std::size_t at = 0;
         (at = result.out.find("assphrase", at)) != std::string::npos; ++at) {
      if (result.out.compare(at + 9, 2, ": ") == 0) ++count;
    }
    while (prompts_seen < count) {
      ++prompts_seen;
      // Answer once the program has turned echo off, as a person would
      // after reading the prompt.
      for (int i = 0; i < 500; ++i) {
        termios mode{};
        if (tcgetattr(master, &mode) == 0 && !(mode.c_lflag & ECHO)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      if (answered < answers.size()) {
        std::string line = answers[answered++] + "\n";
        REQUIRE(write(master, line.data(), line.size()) ==
                static_cast<ssize_t>(line.size()));
      }
    }
  }
  close(master);  // hangs up the terminal: a child still asking ends
  int status = 0;
  for (int i = 0; waitpid(pid, &status, WNOHANG) != pid; ++i) {
    if (i == 3000) {  // 30 s
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}
}  // namespace

TEST_CASE("the passphrase is asked on the terminal without echo",
          "[wallet][cli][pty]") {
  Wallet w;
  auto r = RunOnTerminal(w.dir, {"init"}, {"s3cret words", "s3cret words"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.out, "New wallet passphrase: "));
  CHECK(Contains(r.out, "Repeat the passphrase: "));
  CHECK(Contains(r.out, "did:key:z6Mk"));
  CHECK_FALSE(Contains(r.out, "s3cret"));
  CHECK(w.RunAs("s3cret words", {"list"}).exit_code == 0);

  auto wrong = RunOnTerminal(w.dir, {"list"}, {"not it"});
  CHECK(wrong.exit_code == 1);
  CHECK(Contains(wrong.out, "passphrase is wrong"));
  CHECK_FALSE(Contains(wrong.out, "not it"));

  Wallet other;
  auto mismatch = RunOnTerminal(other.dir, {"init"}, {"one", "two"});
  CHECK(mismatch.exit_code == 2);
  CHECK(Contains(mismatch.out, "do not match"));
  CHECK_FALSE(std::filesystem::exists(other.dir + "/wallet.dat"));
}

TEST_CASE("present: a presentation signed by the holder, for authentication",
          "[wallet][cli][present]") {
  Wallet w;
  w.Init();
  Issuer cc("Lakeside Community College");
  Json current = cc.Badge("Welding I", "WLD.1.2", 3);
  Json old = cc.Unsigned("Shop Math", "MATH.S1", 1);
  old["validFrom"] = "2025-01-01T00:00:00Z";
  old["validUntil"] = "2025-12-31T00:00:00Z";
  old = cc.Sign(std::move(old));
  REQUIRE(
      w.Run({"import", "-"}, DumpJson(current) + "\n" + DumpJson(old) + "\n")
          .exit_code == 0);
  Json list = w.List();
  REQUIRE(list["credentials"].size() == 2);
  CHECK(list["credentials"][1]["status"] == "expired");
  std::string holder = list["holder"];

  std::string out = w.tmp.File("vp.json");
  auto r = w.Run({"present", Id(list, 0).substr(0, 8), Id(list, 1).substr(0, 8),
                  "--challenge", "c-123", "--domain",
                  "admissions.college.example", "-o", out});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Contains(r.err, "expired on 2025-12-31T00:00:00Z"));
  CHECK(Contains(r.err, "as history"));
  Json vp = testing::ReadJsonFile(out);
  CHECK(vp["@context"][0] == "https://www.w3.org/ns/credentials/v2");
  CHECK(vp["type"][0] == "VerifiablePresentation");
  CHECK(vp["holder"] == holder);
  REQUIRE(vp["verifiableCredential"].size() == 2);
  CHECK(vp["verifiableCredential"][0] == current);
  CHECK(vp["proof"]["cryptosuite"] == "eddsa-rdfc-2022");
  CHECK(vp["proof"]["proofPurpose"] == "authentication");
  CHECK(vp["proof"]["challenge"] == "c-123");
  CHECK(vp["proof"]["domain"] == "admissions.college.example");
  CHECK(vp["proof"]["verificationMethod"].get<std::string>().rfind(holder + "#",
                                                                   0) == 0);

  proof::VerifyProofOptions opts;
  opts.expected_proof_purpose = "authentication";
  opts.challenge = "c-123";
  opts.domain = "admissions.college.example";
  opts.now = Now();
  auto result = proof::VerifyProofs(vp, opts);
  CHECK(result.verified);
  // Each enclosed credential verifies on its own (the old one has expired).
  verification::VerifyCredentialOptions vopts;
  CHECK(verification::VerifyCredential(vp["verifiableCredential"][0], vopts)
            .verified);
  vopts.at = *ParseDateTime("2025-06-01T00:00:00Z", true);
  CHECK(verification::VerifyCredential(vp["verifiableCredential"][1], vopts)
            .verified);
  // Bound to the challenge, the domain and the purpose.
  opts.challenge = "another";
  CHECK_FALSE(proof::VerifyProofs(vp, opts).verified);
  opts.challenge = "c-123";
  opts.domain = "elsewhere.example";
  CHECK_FALSE(proof::VerifyProofs(vp, opts).verified);
  opts.domain = "admissions.college.example";
  opts.expected_proof_purpose = "assertionMethod";
  CHECK_FALSE(proof::VerifyProofs(vp, opts).verified);
  // Changing a presented credential breaks the holder's signature.
  Json changed = vp;
  changed["verifiableCredential"][0]["credentialSubject"]["creditsEarned"] = 30;
  opts.expected_proof_purpose = "authentication";
  CHECK_FALSE(proof::VerifyProofs(changed, opts).verified);

  // To stdout by default; a credential named twice is presented once.
  auto stdout_vp = w.Run({"present", Id(list, 0), Id(list, 0).substr(0, 5)});
  CHECK(stdout_vp.exit_code == 0);
  CHECK(Json::parse(stdout_vp.out)["holder"] == holder);
  CHECK(Json::parse(stdout_vp.out)["verifiableCredential"].size() == 1);

  // A flagged credential is not presented unless --force.
  Json bad = cc.Badge("Welding II", "WLD.2.1");
  bad["name"] = "changed";
  REQUIRE(w.Run({"import", "--force", "-"}, DumpJson(bad)).exit_code == 0);
  std::string flagged = Id(w.List(), 2);
  auto refused = w.Run({"present", flagged});
  CHECK(refused.exit_code == 1);
  CHECK(Contains(refused.err, "did not verify"));
  CHECK(w.Run({"present", "--force", flagged}).exit_code == 0);
  CHECK(w.Run({"present", "abcdef12"}).exit_code == 1);
  CHECK(w.Run({"present"}).exit_code == 2);
}

TEST_CASE(
    "export and restore: the whole wallet, elsewhere, with the "
    "passphrase",
    "[wallet][cli][backup]") {
  Wallet w;
  w.Init();
  Issuer cc("Lakeside Community College");
  REQUIRE(
      w.Run({"import", "-"}, DumpJson(cc.Badge("Welding I", "W1"))).exit_code ==
      0);
  Json before = w.List();
  std::string backup = w.tmp.File("backup.acw");
  auto ex = w.Run({"export", "-o", backup});
  INFO(ex.err);
  REQUIRE(ex.exit_code == 0);
  CHECK_FALSE(Contains(testing::ReadFile(backup), "Welding"));
  CHECK(w.Run({"export", "-o", backup}).exit_code == 2);  // exists

  Wallet elsewhere;
  auto wrong = elsewhere.RunAs("nope", {"restore", backup});
  CHECK(wrong.exit_code == 1);
  CHECK(Contains(wrong.err, "passphrase is wrong"));
  CHECK_FALSE(std::filesystem::exists(elsewhere.dir + "/wallet.dat"));

  std::string bytes = testing::ReadFile(backup);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 4);
  std::string tampered = elsewhere.File("tampered.acw", bytes);
  auto t = elsewhere.Run({"restore", tampered});
  CHECK(t.exit_code == 1);
  CHECK(Contains(t.err, "damaged or was altered"));

  auto ok = elsewhere.Run({"restore", backup});
  INFO(ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(elsewhere.List() == before);  // same holder, same credentials

  // An existing wallet is not replaced without --force.
  Wallet existing;
  existing.Init();
  std::string existing_bytes = existing.AllBytes();
  auto refused = existing.Run({"restore", backup});
  CHECK(refused.exit_code == 1);
  CHECK(Contains(refused.err, "--force"));
  CHECK(existing.AllBytes() == existing_bytes);
  REQUIRE(existing.Run({"restore", "--force", backup}).exit_code == 0);
  CHECK(existing.List() == before);
}

TEST_CASE("present --qr: terminal and PNG when it fits, else the file",
          "[wallet][cli][qr]") {
  Wallet w;
  w.Init();
  Issuer i("OpenCourse");
  // A small credential fits in a QR code.
  Json small = {
      {"@context",
       {"https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}},
      {"id", "urn:uuid:1"},
      {"type", {"VerifiableCredential", "OpenBadgeCredential"}},
      {"issuer", {{"id", i.key.controller}, {"type", {"Profile"}}}},
      {"validFrom", "2026-01-01T00:00:00Z"},
      {"credentialSubject",
       {{"id", "did:example:s"},
        {"type", {"AchievementSubject"}},
        {"achievement",
         {{"id", "urn:uuid:2"},
          {"type", {"Achievement"}},
          {"name", "CPR"},
          {"description", "CPR"},
          {"criteria", {{"narrative", "Passed"}}}}}}}};
  REQUIRE(w.Run({"import", "-"}, DumpJson(i.Sign(small))).exit_code == 0);
  REQUIRE(
      w.Run({"import", "-"}, DumpJson(i.Badge("Welding", "W1"))).exit_code ==
      0);
  Json list = w.List();
  std::string vp = w.tmp.File("vp.json");
  auto r = w.Run({"present", "--qr", Id(list, 0), "-o", vp});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Contains(r.out, "\xE2\x96\x88"));  // full block
  CHECK(Contains(r.out, "\xE2\x96\x80"));  // upper half block
  std::string png = testing::ReadFile(vp + ".png");
  CHECK(png.rfind("\x89PNG\r\n\x1a\n", 0) == 0);
  CHECK(testing::ReadJsonFile(vp)["holder"] == list["holder"]);

  // Two full badges do not fit: a message, and the file.
  std::string big = w.tmp.File("big.json");
  auto b = w.Run({"present", "--qr", Id(list, 0), Id(list, 1), "-o", big});
  CHECK(b.exit_code == 0);
  CHECK(Contains(b.err, "does not fit in a QR code"));
  CHECK(Contains(b.err, big));
  CHECK(std::filesystem::exists(big));
  CHECK_FALSE(std::filesystem::exists(big + ".png"));
  CHECK(w.Run({"present", "--qr", Id(list, 0)}).exit_code == 2);
}

TEST_CASE("killed in the middle of imports, the wallet stays intact",
          "[wallet][cli][crash]") {
  Wallet w;
  w.Init();
  Issuer cc("Lakeside Community College");
  std::string lines;
  const int kCount = 600;
  for (int n = 0; n < kCount; ++n) {
    lines += DumpJson(cc.Badge("Course " + std::to_string(n),
                               "C." + std::to_string(n))) +
             "\n";
  }
  std::string path = w.File("many.jsonl", lines);
  auto start_import = [&](const std::string& dir) {
    testing::ChildProcess::Options options;
    options.env = {"ANYCRED_WALLET=" + dir,
                   "ANYCRED_WALLET_PASSPHRASE=" + w.pass};
    return std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{"anycred-wallet", "import", path},
        w.tmp.File("import.log"), options);
  };
  // How long a whole import takes here, to kill within it.
  Wallet timing;
  timing.Init();
  auto t0 = std::chrono::steady_clock::now();
  int first_status = start_import(timing.dir)->Wait(std::chrono::minutes(4));
  REQUIRE(WIFEXITED(first_status));
  REQUIRE(WEXITSTATUS(first_status) == 0);
  auto full = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - t0)
                  .count();
  REQUIRE(timing.List()["credentials"].size() ==
          static_cast<std::size_t>(kCount));

  // Each round: a fresh copy of the empty wallet, an import killed part way
  // through. The wallet must open, hold whole batches of 32 (the import
  // saves every 32 credentials), and every credential must verify.
  std::string empty = testing::ReadFile(w.dir + "/wallet.dat");
  std::mt19937 rng(7);
  int killed_midway = 0;
  for (int round = 0; round < 8; ++round) {
    testing::WriteFile(w.dir + "/wallet.dat", empty);
    auto import = start_import(w.dir);
    long window = full * 7 / 10;
    std::this_thread::sleep_for(std::chrono::milliseconds(
        full / 5 + static_cast<long>(rng() % static_cast<unsigned>(window))));
    int status = import->Stop(SIGKILL);
    killed_midway += WIFSIGNALED(status);
    Json list = w.List();
    std::size_t n = list["credentials"].size();
    INFO("round " << round << ": " << n << " credentials");
    CHECK((n % 32 == 0 || n == static_cast<std::size_t>(kCount)));
    for (std::size_t i = 0; i < n; ++i) {
      CHECK(list["credentials"][i]["achievement"] ==
            "Course " + std::to_string(i));
    }
    auto v = w.Run({"verify", "--json"});
    CHECK(v.exit_code == 0);
  }
  INFO("a full import took " << full << " ms");
  CHECK(killed_midway > 0);
  // The interrupted import can be run again: what is there is skipped.
  auto finish = w.Run({"import", path});
  CHECK(finish.exit_code == 0);
  CHECK(w.List()["credentials"].size() == static_cast<std::size_t>(kCount));
  CHECK(w.Run({"verify"}).exit_code == 0);
}
