// Helpers shared by the tests: paths to the conformance data and source
// tree, reading files, running the command-line programs.
#ifndef ANYCRED_TESTS_TEST_UTIL_H_
#define ANYCRED_TESTS_TEST_UTIL_H_

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
// with optional stdin text and extra environment ("NAME=value").
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_text = "",
                         const std::vector<std::string>& env = {});

// The program `name` from the environment variable `env` (if set) or the
// first executable on $PATH; "" when there is none.
std::string FindProgram(const std::string& name, const char* env);

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
  int pid_ = -1;
  int err_fd_ = -1;
  int port_ = 0;
  std::string log_;
};

}  // namespace anycred::testing

#endif  // ANYCRED_TESTS_TEST_UTIL_H_
