// Helpers shared by the tests: paths to the conformance data and source
// tree, reading files, running the command-line programs.
#ifndef ANYCRED_TESTS_TEST_UTIL_H_
#define ANYCRED_TESTS_TEST_UTIL_H_

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include "core/json/json.h"

namespace anycred::testing {

// ../shared/conformance (absolute), set at configure time.
std::string ConformanceDir();
// The repository root.
std::string SourceDir();
// build/bin, where the programs are.
std::string BinDir();

// Reads a whole file; fails the current test if it cannot.
std::string ReadFile(const std::string& path);
Json ReadJsonFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);

// The example Open Badges credential (specs/examples/welding-safety-badge.json)
// with `issuer` as its issuer's id and no credential id, as a partner
// organization would send it to the issuer service.
Json ExampleBadgeFor(const std::string& issuer);

// A fresh temporary directory, removed when the object is destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs `argv` (argv[0] is a program name in BinDir() or an absolute path)
// with optional stdin text and extra environment ("NAME=value"). A program
// still running after ANYCRED_TEST_COMMAND_TIMEOUT seconds (default 300) is
// killed: exit_code 124 and a note on `err`, so a hang fails the test
// instead of stalling CI.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_text = "",
                         const std::vector<std::string>& env = {});

// The program `name` from the environment variable `env` (if set) or the
// first executable on $PATH; "" when there is none.
std::string FindProgram(const std::string& name, const char* env);

// A program started in the background by a test. It never outlives the
// test and never holds CTest's output pipe: standard input is /dev/null,
// standard output and error go to `log_path`, it is killed (SIGKILL) if the
// test process dies (PR_SET_PDEATHSIG) and when this object goes away
// without Stop(). Thread safety: one thread owns the object.
class ChildProcess {
 public:
  struct Options {
    std::vector<std::string> env;    // extra "NAME=value"
    std::vector<std::string> unset;  // names removed from the environment
    bool new_session = false;        // setsid(): no controlling terminal
  };
  // argv[0] is a program name in BinDir() or an absolute path.
  ChildProcess(const std::vector<std::string>& argv,
               const std::string& log_path, const Options& options);
  ChildProcess(const std::vector<std::string>& argv,
               const std::string& log_path)
      : ChildProcess(argv, log_path, Options{}) {}
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // True while the process has not exited (reaps it when it has).
  bool Running();
  // Sends `sig` and waits up to `grace` for the process to end; then
  // SIGKILL. Returns the wait status (-1 if it had been stopped before);
  // `*hung` tells whether the grace ran out.
  int Stop(int sig = SIGTERM,
           std::chrono::milliseconds grace = std::chrono::seconds(30),
           bool* hung = nullptr);
  // Waits up to `timeout` for the process to exit by itself; kills it and
  // returns -1 when it does not.
  int Wait(std::chrono::milliseconds timeout);
  // The wait status once the process has ended (-1 while running).
  int status() const { return status_; }

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// `anycred-verifier serve --listen 127.0.0.1:0` (plus `extra` flags) in the
// background; the port is read from its first line on standard error. The
// server is stopped (SIGTERM, then waited for) when the object goes away;
// its request log is then in log().
class VerifierServer {
 public:
  explicit VerifierServer(const std::vector<std::string>& extra = {});
  ~VerifierServer();
  VerifierServer(const VerifierServer&) = delete;
  VerifierServer& operator=(const VerifierServer&) = delete;
  int port() const { return port_; }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }
  // Stops the server and returns everything it wrote on standard error.
  std::string Stop();

 private:
  TempDir dir_;
  std::string log_path_;
  ChildProcess child_;
  int port_ = 0;
};

}  // namespace anycred::testing

#endif  // ANYCRED_TESTS_TEST_UTIL_H_
