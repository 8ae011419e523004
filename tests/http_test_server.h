// A small HTTP server on 127.0.0.1 for tests: serves fixed JSON documents by
// path (with a Cache-Control header) and counts requests.
#ifndef ANYCRED_TESTS_HTTP_TEST_SERVER_H_
#define ANYCRED_TESTS_HTTP_TEST_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace anycred::testing {

class HttpTestServer {
 public:
  HttpTestServer() {
    server_.Get(".*",
                [this](const httplib::Request& req, httplib::Response& res) {
                  ++hits_;
                  std::lock_guard<std::mutex> lock(mu_);
                  auto redirect = redirects_.find(req.path);
                  if (redirect != redirects_.end()) {
                    res.status = 302;
                    res.set_header("Location", redirect->second);
                    return;
                  }
                  auto it = docs_.find(req.path);
                  if (it == docs_.end()) {
                    res.status = 404;
                    return;
                  }
                  res.set_header("Cache-Control", cache_control_);
                  res.set_content(it->second, "application/json");
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ~HttpTestServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  void Serve(const std::string& path, const std::string& body) {
    std::lock_guard<std::mutex> lock(mu_);
    docs_[path] = body;
  }
  void Redirect(const std::string& path, const std::string& location) {
    std::lock_guard<std::mutex> lock(mu_);
    redirects_[path] = location;
  }
  void SetCacheControl(const std::string& value) {
    std::lock_guard<std::mutex> lock(mu_);
    cache_control_ = value;
  }
  int hits() const { return hits_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::map<std::string, std::string> docs_;
  std::map<std::string, std::string> redirects_;
  std::string cache_control_ = "max-age=600";
  std::atomic<int> hits_{0};
};

}  // namespace anycred::testing

#endif  // ANYCRED_TESTS_HTTP_TEST_SERVER_H_
