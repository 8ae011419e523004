// Test helpers for the issuer service: a data folder with organizations,
// and the real `anycred-issuer serve` started on a free loopback port and
// stopped (politely, or with kill -9) by the test.
#ifndef ANYCRED_TESTS_ISSUER_SERVER_H_
#define ANYCRED_TESTS_ISSUER_SERVER_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.h"

namespace anycred::testing {

// A TCP port nothing listens on right now.
inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

struct TestOrg {
  std::string id, did, token;
};

// `anycred-issuer org create … --json`.
inline TestOrg CreateOrg(const std::string& data, const std::string& name,
                         const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {
      "anycred-issuer", "org", "create", "--data", data,
      "--name",         name,  "--json"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto r = RunCommand(argv);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  Json j = Json::parse(r.out);
  return TestOrg{j["org"], j["did"], j["token"]};
}

// The service as a child process (tests/test_util.h ChildProcess: it dies
// with the test and when this object goes away, even if Start() fails).
class IssuerServer {
 public:
  IssuerServer(std::string data, int port, std::vector<std::string> extra = {})
      : data_(std::move(data)), port_(port), extra_(std::move(extra)) {
    Start();
  }
  ~IssuerServer() {
    if (child_ && child_->pid() > 0) child_->Stop(SIGTERM);
  }

  void Start() {
    std::string log = data_ + "/serve.log";
    std::vector<std::string> args = {
        "anycred-issuer", "serve",
        "--data",         data_,
        "--listen",       "127.0.0.1:" + std::to_string(port_)};
    args.insert(args.end(), extra_.begin(), extra_.end());
    child_ = std::make_unique<ChildProcess>(args, log);
    bool tls =
        std::find(extra_.begin(), extra_.end(), "--tls-cert") != extra_.end();
    httplib::SSLClient tls_client("127.0.0.1", port_);
    tls_client.enable_server_certificate_verification(false);
    tls_client.set_connection_timeout(2, 0);
    tls_client.set_read_timeout(5, 0);
    httplib::Client plain_client("127.0.0.1", port_);
    plain_client.set_connection_timeout(2, 0);
    plain_client.set_read_timeout(5, 0);
    // 60 s: sanitizer builds start slowly on a loaded machine.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      auto res = tls ? tls_client.Get("/health") : plain_client.Get("/health");
      if (res && res->status == 200) return;
      if (!child_->Running())
        FAIL("anycred-issuer serve exited: " << ReadFile(log));
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    child_->Stop(SIGKILL);
    FAIL("anycred-issuer serve did not start: " << ReadFile(log));
  }

  // SIGTERM (graceful; a stop that takes over 30 s fails the test and the
  // process is killed) or SIGKILL. Returns the wait status.
  int Stop(int sig = SIGTERM) {
    if (!child_ || child_->pid() <= 0) return -1;
    bool hung = false;
    int status = child_->Stop(sig, std::chrono::seconds(30), &hung);
    INFO(Log());
    CHECK_FALSE(hung);
    return status;
  }

  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(60, 0);
    c.set_write_timeout(60, 0);
    return c;
  }
  int port() const { return port_; }
  std::string Log() const { return ReadFile(data_ + "/serve.log"); }

 private:
  std::string data_;
  int port_;
  std::vector<std::string> extra_;
  std::unique_ptr<ChildProcess> child_;
};

inline httplib::Headers Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace anycred::testing

#endif  // ANYCRED_TESTS_ISSUER_SERVER_H_
