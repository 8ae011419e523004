#include "tests/test_util.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace anycred::testing {

std::string ConformanceDir() { return ANYCRED_CONFORMANCE_DIR; }
std::string SourceDir() { return ANYCRED_SOURCE_DIR; }
std::string BinDir() { return ANYCRED_BIN_DIR; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  INFO("reading " << path);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Json ReadJsonFile(const std::string& path) {
  auto parsed = ParseJson(ReadFile(path));
  INFO("parsing " << path << ": " << parsed.status().ToString());
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

Json ExampleBadgeFor(const std::string& issuer) {
  Json c =
      ReadJsonFile(SourceDir() + "/specs/examples/welding-safety-badge.json");
  c["issuer"]["id"] = issuer;
  c.erase("id");
  return c;
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  REQUIRE(out.good());
  out << content;
}

TempDir::TempDir() {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "anycred-test-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  REQUIRE(mkdtemp(buf.data()) != nullptr);
  path_ = buf.data();
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

std::string ProgramPath(const std::string& name) {
  return name.find('/') == std::string::npos ? BinDir() + "/" + name : name;
}

// argv and envp as C arrays, built before fork() so that the child makes
// only async-signal-safe calls (the parent may have other threads holding
// the allocator's locks).
class ExecArgs {
 public:
  ExecArgs(const std::vector<std::string>& argv,
           const std::vector<std::string>& env,
           const std::vector<std::string>& unset)
      : program_(ProgramPath(argv.at(0))), argv_(argv) {
    argv_[0] = program_;
    auto overridden = [&](const std::string& entry) {
      std::string name = entry.substr(0, entry.find('='));
      for (const auto& u : unset)
        if (u == name) return true;
      for (const auto& e : env)
        if (e.substr(0, e.find('=')) == name) return true;
      return false;
    };
    for (char** e = environ; *e != nullptr; ++e)
      if (!overridden(*e)) env_.emplace_back(*e);
    env_.insert(env_.end(), env.begin(), env.end());
    for (auto& a : argv_) argv_ptrs_.push_back(a.data());
    argv_ptrs_.push_back(nullptr);
    for (auto& e : env_) env_ptrs_.push_back(e.data());
    env_ptrs_.push_back(nullptr);
  }
  const char* program() const { return program_.c_str(); }
  char* const* argv() { return argv_ptrs_.data(); }
  char* const* envp() { return env_ptrs_.data(); }

 private:
  std::string program_;
  std::vector<std::string> argv_, env_;
  std::vector<char*> argv_ptrs_, env_ptrs_;
};

// In the child, first thing: die with the test process.
void DieWithParent(pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);
}

int WaitUntil(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0) return -1;
    if (std::chrono::steady_clock::now() >= deadline) return -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::chrono::seconds CommandTimeout() {
  const char* v = std::getenv("ANYCRED_TEST_COMMAND_TIMEOUT");
  int seconds = v != nullptr ? std::atoi(v) : 0;
  return std::chrono::seconds(seconds > 0 ? seconds : 300);
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_text,
                         const std::vector<std::string>& env) {
  REQUIRE(!argv.empty());
  ExecArgs exec(argv, env, {});
  int in_pipe[2], out_pipe[2], err_pipe[2];
  REQUIRE(pipe2(in_pipe, O_CLOEXEC) == 0);
  REQUIRE(pipe2(out_pipe, O_CLOEXEC) == 0);
  REQUIRE(pipe2(err_pipe, O_CLOEXEC) == 0);
  pid_t parent = getpid();
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    DieWithParent(parent);
    // dup2 clears O_CLOEXEC on the new descriptors; the originals close on
    // exec.
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    execve(exec.program(), exec.argv(), exec.envp());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  const auto deadline = std::chrono::steady_clock::now() + CommandTimeout();
  // Feed stdin and drain stdout/stderr together so that neither side blocks.
  CommandResult result;
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  if (stdin_text.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    fcntl(in_fd, F_SETFL, O_NONBLOCK);
  }
  bool out_open = true, err_open = true, timed_out = false;
  char buf[65536];
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
    int ready = poll(fds.data(), fds.size(),
                     static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    for (const auto& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == in_fd) {
        ssize_t n = write(in_fd, stdin_text.data() + written,
                          stdin_text.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 || written == stdin_text.size()) {
          close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      ssize_t n = read(p.fd, buf, sizeof buf);
      if (n <= 0) {
        if (p.fd == out_pipe[0])
          out_open = false;
        else
          err_open = false;
        continue;
      }
      (p.fd == out_pipe[0] ? result.out : result.err)
          .append(buf, static_cast<std::size_t>(n));
    }
  }
  if (in_fd >= 0) close(in_fd);
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = timed_out ? -2 : WaitUntil(pid, deadline);
  if (status == -2) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    result.err += "\n[test harness: " + argv[0] + " did not finish within " +
                  std::to_string(CommandTimeout().count()) +
                  " s and was killed]\n";
    result.exit_code = 124;
    return result;
  }
  result.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::string& log_path,
                           const Options& options) {
  REQUIRE(!argv.empty());
  ExecArgs exec(argv, options.env, options.unset);
  int log =
      open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  REQUIRE(log >= 0);
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  REQUIRE(devnull >= 0);
  pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    DieWithParent(parent);
    if (options.new_session) setsid();
    dup2(devnull, 0);
    dup2(log, 1);
    dup2(log, 2);
    execve(exec.program(), exec.argv(), exec.envp());
    _exit(127);
  }
  close(log);
  close(devnull);
  REQUIRE(pid_ > 0);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) Stop(SIGKILL);
}

bool ChildProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = status;
    pid_ = -1;
    return false;
  }
  return true;
}

int ChildProcess::Stop(int sig, std::chrono::milliseconds grace, bool* hung) {
  if (hung != nullptr) *hung = false;
  if (pid_ <= 0) return -1;
  kill(pid_, sig);
  int status = WaitUntil(pid_, std::chrono::steady_clock::now() + grace);
  if (status == -2) {
    if (hung != nullptr) *hung = true;
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  status_ = status;
  pid_ = -1;
  return status;
}

int ChildProcess::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return status_;
  int status = WaitUntil(pid_, std::chrono::steady_clock::now() + timeout);
  if (status == -2) {
    Stop(SIGKILL);
    return -1;
  }
  status_ = status;
  pid_ = -1;
  return status;
}

std::string FindProgram(const std::string& name, const char* env) {
  if (const char* value = std::getenv(env); value != nullptr && *value != '\0')
    return value;
  const char* path = std::getenv("PATH");
  std::string dirs = path == nullptr ? "" : path;
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    if (!dir.empty()) {
      std::string candidate = dir + "/" + name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    start = end + 1;
  }
  return "";
}

namespace {
std::vector<std::string> VerifierServeArgs(
    const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {"anycred-verifier", "serve", "--listen",
                                   "127.0.0.1:0"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}
}  // namespace

VerifierServer::VerifierServer(const std::vector<std::string>& extra)
    : log_path_(dir_.File("serve.log")),
      child_(VerifierServeArgs(extra), log_path_) {
  // Wait for the "listening on http://127.0.0.1:PORT/" line (60 s cap:
  // sanitizer builds start slowly on a loaded machine).
  std::string said;
  std::size_t at = std::string::npos;
  for (int waited = 0; waited < 600; ++waited) {
    std::ifstream in(log_path_);
    said.assign(std::istreambuf_iterator<char>(in), {});
    at = said.find("127.0.0.1:");
    if (at != std::string::npos && said.find('\n', at) != std::string::npos)
      break;
    at = std::string::npos;
    if (!child_.Running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  INFO("server said: " << said);
  REQUIRE(at != std::string::npos);
  port_ = std::atoi(said.c_str() + at + 10);
  REQUIRE(port_ > 0);
}

std::string VerifierServer::Stop() {
  bool hung = false;
  if (child_.pid() > 0) {
    child_.Stop(SIGTERM, std::chrono::seconds(30), &hung);
    CHECK_FALSE(hung);  // a graceful stop that hangs is a bug
  }
  return ReadFile(log_path_);
}

VerifierServer::~VerifierServer() {
  if (child_.pid() > 0) child_.Stop(SIGTERM, std::chrono::seconds(30));
}

}  // namespace anycred::testing
