// anycred-verifier serve: the VC API verifier endpoints and the web page
// (specs/http-api.md), over plain HTTP on the address given. Put it behind
// a TLS-terminating proxy for anything but loopback.
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "core/util/datetime.h"
#include "verifier/cli.h"
#include "verifier/http_api.h"
#include "verifier/verify_flags.h"
#include "verifier/web_assets.h"

namespace anycred::verifier {

namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::size_t max_body = std::size_t{10} << 20;
  VerifyFlags flags;
};

// "HOST:PORT" or "[IPv6]:PORT".
bool ParseListen(const std::string& spec, std::string* host, int* port) {
  auto colon = spec.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  *host = spec.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']')
    *host = host->substr(1, host->size() - 2);
  std::string p = spec.substr(colon + 1);
  if (p.empty() || p.size() > 5 ||
      p.find_first_not_of("0123456789") != std::string::npos)
    return false;
  *port = std::stoi(p);
  return *port <= 65535;
}

void SendJson(httplib::Response& res, const ApiResponse& r) {
  res.status = r.status;
  res.set_content(DumpJson(r.body), "application/json");
}

thread_local std::chrono::steady_clock::time_point request_start;
thread_local bool request_started = false;
std::mutex log_mu;

// One JSON line per request on standard error (no bodies: they may carry
// personal data).
void LogRequest(const httplib::Request& req, const httplib::Response& res) {
  Json line = {{"time", FormatDateTime(Now())},
               {"remote", req.remote_addr},
               {"method", req.method},
               {"path", req.path},
               {"status", res.status},
               {"requestBytes", req.body.size()},
               {"responseBytes", res.body.size()}};
  if (request_started) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - request_start)
                  .count();
    line["ms"] = static_cast<double>(us) / 1000.0;
    request_started = false;
  }
  std::string text = DumpJson(line) + "\n";
  std::lock_guard<std::mutex> lock(log_mu);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

int RunServe(const ServeArgs& args) {
  std::string host;
  int port = 0;
  if (!ParseListen(args.listen, &host, &port)) {
    std::cerr
        << "error: --listen expects HOST:PORT, e.g. 127.0.0.1:8080, got \""
        << args.listen << "\"\n";
    return kExitUsage;
  }
  auto created = VerifyContext::Create(args.flags);
  if (!created.ok()) {
    std::cerr << "error: " << created.status().message() << "\n";
    return kExitUsage;
  }
  std::shared_ptr<const VerifyContext> context = std::move(created).value();

  // Signals are taken by one thread that stops the server cleanly.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  httplib::Server server;
  server.set_payload_max_length(args.max_body);
  server.set_read_timeout(30, 0);
  server.set_write_timeout(30, 0);
  // Headers and body go out as separate writes: without TCP_NODELAY the
  // second waits for the client's delayed ACK (40 ms on Linux).
  server.set_tcp_nodelay(true);
  server.set_default_headers(
      {{"X-Content-Type-Options", "nosniff"},
       {"Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: blob:; "
        "object-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"},
       {"Referrer-Policy", "no-referrer"},
       {"Cache-Control", "no-store"}});
  server.set_pre_routing_handler(
      [](const httplib::Request&, httplib::Response&) {
        request_start = std::chrono::steady_clock::now();
        request_started = true;
        return httplib::Server::HandlerResponse::Unhandled;
      });
  server.Post("/credentials/verify",
              [context](const httplib::Request& req, httplib::Response& res) {
                SendJson(res, HandleVerifyCredential(req.body, *context));
              });
  server.Post("/presentations/verify",
              [context](const httplib::Request& req, httplib::Response& res) {
                SendJson(res, HandleVerifyPresentation(req.body, *context));
              });
  server.Post("/verify/file",
              [context](const httplib::Request& req, httplib::Response& res) {
                SendJson(res, HandleVerifyFile(req.body, *context,
                                               req.get_param_value("challenge"),
                                               req.get_param_value("domain")));
              });
  server.Post("/evaluations",
              [context](const httplib::Request& req, httplib::Response& res) {
                SendJson(res, HandleEvaluate(req.body, *context));
              });
  for (const WebAsset& asset : WebAssets()) {
    std::string path = asset.path;
    auto serve = [asset](const httplib::Request&, httplib::Response& res) {
      res.set_content(reinterpret_cast<const char*>(asset.data), asset.size,
                      asset.content_type);
    };
    server.Get(path, serve);
    if (path == "/index.html") server.Get("/", serve);
  }
  server.set_error_handler([](const httplib::Request& req,
                              httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string code = res.status == 413   ? "REQUEST_TOO_LARGE"
                       : res.status == 404 ? "NOT_FOUND"
                       : res.status == 405 ? "METHOD_NOT_ALLOWED"
                                           : "BAD_REQUEST";
    std::string detail =
        res.status == 413
            ? "the request body is larger than this server accepts"
        : res.status == 404 ? "there is nothing at " + req.path
                            : "the request could not be handled";
    SendJson(
        res,
        {res.status,
         {{"verified", false},
          {"problemDetails", Json::array({ProblemDetails({code, detail})})}}});
  });
  server.set_exception_handler([](const httplib::Request&,
                                  httplib::Response& res, std::exception_ptr) {
    SendJson(res,
             {500,
              {{"verified", false},
               {"problemDetails",
                Json::array({ProblemDetails(
                    {"INTERNAL", "the server failed on this request"})})}}});
  });
  server.set_logger(LogRequest);

  if (port == 0) {
    port = server.bind_to_any_port(host);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(host, port)) {
    port = 0;
  }
  if (port == 0) {
    std::cerr << "error: cannot listen on " << args.listen
              << " (address in use, or not an address of this machine)\n";
    return kExitUsage;
  }
  std::string shown =
      host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cerr << "anycred-verifier: listening on http://" << shown << ":" << port
            << "/\n";
  std::cerr.flush();

  std::thread stopper([&server, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });
  bool ok = server.listen_after_bind();
  // Wake the signal thread if the server ended on its own.
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  }
  return ok ? kExitVerified : kExitUsage;
}
}  // namespace

Command RegisterServe(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the VC API verifier (POST /credentials/verify, POST "
      "/presentations/verify) and a web page to check credentials at /");
  cmd->add_option("--listen", args->listen,
                  "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 "
                  "picks a free one, printed on standard error)");
  cmd->add_option("--max-body", args->max_body,
                  "Largest request body accepted, in bytes (default 10 MiB; "
                  "larger is 413)");
  AddVerifyFlags(cmd, &args->flags);
  return [args] { return RunServe(*args); };
}

}  // namespace anycred::verifier
