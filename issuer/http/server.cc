#include "issuer/http/server.h"

#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>

#include "core/status/bitstring.h"
#include "core/util/datetime.h"
#include "core/vc/structure.h"
#include "issuer/http/rate_limiter.h"
#include "issuer/service/open_badges.h"

namespace anycred::issuer {

namespace {

thread_local std::chrono::steady_clock::time_point t_start;
thread_local std::string t_org;

struct Problem {
  int status;
  const char* title;
};

Problem ProblemFor(const std::string& code) {
  static const std::map<std::string, Problem> kMap = {
      {kInvalidRequest, {400, "The request is not valid"}},
      {codes::kMalformedInput, {400, "The request is not valid"}},
      {kUnauthorized, {401, "An API token is needed"}},
      {kForbidden, {403, "This belongs to another organization"}},
      {codes::kNotFound, {404, "Not found"}},
      {store::kAlreadyExists, {409, "It exists already"}},
      {kClaimUsed, {409, "This claim link has been used"}},
      {store::kKeyNotActive, {409, "The signing key changed; send it again"}},
      {kClaimExpired, {410, "This claim link has expired"}},
      {kPresentationNotVerified, {422, "The presentation does not verify"}},
      {"PAYLOAD_TOO_LARGE", {413, "The request is too large"}},
      {"RATE_LIMITED", {429, "Too many requests"}},
      {store::kStoreError, {500, "The service could not complete the request"}},
      {codes::kInternal, {500, "The service could not complete the request"}},
  };
  auto it = kMap.find(code);
  if (it != kMap.end()) return it->second;
  // Everything else is about the credential's content: structure, JSON-LD
  // safe mode (DATA_LOSS_DETECTION_ERROR), contexts, canonicalization.
  return {422, "The credential cannot be issued"};
}

// "credential.issuer: message" -> "credential.issuer".
std::string FieldOf(const std::string& message) {
  std::size_t p = message.find(": ");
  if (p == std::string::npos || p == 0) return "";
  std::string f = message.substr(0, p);
  if (f.find(' ') != std::string::npos) return "";
  return f;
}

void SendProblem(httplib::Response& res, const Status& st) {
  Problem p = ProblemFor(st.code());
  Json body = Json::object();
  body["type"] = "urn:anycred:problem:" + st.code();
  body["title"] = p.title;
  body["status"] = p.status;
  body["detail"] = st.message();
  body["code"] = st.code();
  std::string field = FieldOf(st.message());
  if (!field.empty()) body["field"] = field;
  res.status = p.status;
  res.set_content(DumpJson(body), "application/problem+json");
}

void SendJson(httplib::Response& res, int status, const Json& body,
              const char* type = "application/json") {
  res.status = status;
  res.set_content(DumpJson(body), type);
}

std::string BearerToken(const httplib::Request& req) {
  std::string h = req.get_header_value("Authorization");
  if (h.size() > 7 &&
      (h.compare(0, 7, "Bearer ") == 0 || h.compare(0, 7, "bearer ") == 0)) {
    std::string t = h.substr(7);
    t.erase(0, t.find_first_not_of(' '));
    return t;
  }
  return "";
}

class Api {
 public:
  Api(IssuerService* service, const HttpOptions& options)
      : service_(service),
        options_(options),
        limiter_(options.rate_limit, options.rate_burst) {}

  void Register(httplib::Server& svr) {
    svr.Get("/health", [](const httplib::Request&, httplib::Response& res) {
      SendJson(res, 200, Json{{"status", "ok"}});
    });
    svr.Get("/.well-known/did.json",
            [this](const httplib::Request& req, httplib::Response& res) {
              DidDocument(req, res, "");
            });
    svr.Get(R"(/(.+)/did\.json)",
            [this](const httplib::Request& req, httplib::Response& res) {
              DidDocument(req, res, req.matches[1]);
            });
    // The key history next to each did:web document (specs/issuer-keys.md).
    svr.Get("/.well-known/key-history.json",
            [this](const httplib::Request& req, httplib::Response& res) {
              KeyHistory(req, res, "");
            });
    svr.Get(R"(/(.+)/key-history\.json)",
            [this](const httplib::Request& req, httplib::Response& res) {
              KeyHistory(req, res, req.matches[1]);
            });
    svr.Post(
        "/credentials/issue",
        Authed(
            [this](const Principal& who, Json& body, const httplib::Request&,
                   httplib::Response& res) {
              auto credential = body.find("credential");
              if (credential == body.end())
                return SendProblem(
                    res,
                    Status::Error(kInvalidRequest, "credential: is required"));
              auto options = body.find("options");
              auto vc = service_->Issue(
                  who, std::move(*credential),
                  options == body.end() ? Json::object() : *options);
              if (!vc.ok()) return SendProblem(res, vc.status());
              // The stored text, sent as is: serialized once.
              res.status = 201;
              res.set_content("{\"verifiableCredential\":" + vc->text + "}",
                              "application/json");
            },
            Auth::kToIssue));
    svr.Post(
        "/credentials/status",
        Authed([this](const Principal& who, const Json& body,
                      const httplib::Request&, httplib::Response& res) {
          if (!body.contains("credentialId") ||
              !body["credentialId"].is_string())
            return SendProblem(res,
                               Status::Error(kInvalidRequest,
                                             "credentialId: is required (the "
                                             "credential's id)"));
          const Json cs = body.value("credentialStatus", Json());
          if (!cs.is_object() || !cs.contains("statusPurpose") ||
              !cs["statusPurpose"].is_string())
            return SendProblem(
                res, Status::Error(kInvalidRequest,
                                   "credentialStatus: is required: {\"type\": "
                                   "\"BitstringStatusListEntry\", "
                                   "\"statusPurpose\": \"revocation\"}"));
          if (cs.contains("type") && cs["type"] != "BitstringStatusListEntry")
            return SendProblem(res,
                               Status::Error(kInvalidRequest,
                                             "credentialStatus.type: must be "
                                             "BitstringStatusListEntry"));
          bool value = true;
          if (body.contains("status")) {
            if (!body["status"].is_boolean())
              return SendProblem(
                  res, Status::Error(kInvalidRequest,
                                     "status: must be true or false"));
            value = body["status"].get<bool>();
          }
          auto changed = service_->SetStatus(
              who.org_id, who.Actor(), body["credentialId"].get<std::string>(),
              cs["statusPurpose"].get<std::string>(), value);
          if (!changed.ok()) return SendProblem(res, changed.status());
          SendJson(res, 200,
                   Json{{"credentialId", body["credentialId"]},
                        {"statusPurpose", cs["statusPurpose"]},
                        {"status", value},
                        {"changed", *changed}});
        }));
    svr.Post("/achievements",
             Authed([this](const Principal& who, const Json& body,
                           const httplib::Request&, httplib::Response& res) {
               auto r = service_->PutAchievement(who, body);
               if (!r.ok()) return SendProblem(res, r.status());
               res.set_header("Location", r->first.value("id", ""));
               SendJson(res, r->second ? 201 : 200, r->first);
             }));
    svr.Get(R"(/achievements/([^/]+))",
            [this](const httplib::Request& req, httplib::Response& res) {
              auto a = service_->GetAchievement(req.matches[1]);
              if (!a.ok()) return SendProblem(res, a.status());
              res.set_header("Cache-Control", "public, max-age=300");
              SendJson(res, 200, *a);
            });
    svr.Post(R"(/achievements/([^/]+)/award)",
             Authed(
                 [this](const Principal& who, const Json& body,
                        const httplib::Request& req, httplib::Response& res) {
                   auto out =
                       service_->AwardWithClaim(who, req.matches[1], body);
                   if (!out.ok()) return SendProblem(res, out.status());
                   SendJson(res, 201, *out);
                 },
                 Auth::kToIssue));
    svr.Post(R"(/achievements/([^/]+)/batches)",
             AuthedRaw(
                 [this](const Principal& who, const httplib::Request& req,
                        httplib::Response& res) { PostBatch(who, req, res); }));
    svr.Get(
        R"(/batches/([^/]+))",
        AuthedRaw([this](const Principal& who, const httplib::Request& req,
                         httplib::Response& res) { GetBatch(who, req, res); }));
    svr.Get(R"(/batches/([^/]+)/credentials)",
            AuthedRaw([this](const Principal& who, const httplib::Request& req,
                             httplib::Response& res) {
              GetBatchExport(who, req, res, false);
            }));
    svr.Get(R"(/batches/([^/]+)/claims)",
            AuthedRaw([this](const Principal& who, const httplib::Request& req,
                             httplib::Response& res) {
              GetBatchExport(who, req, res, true);
            }));
    // A claim link (VC API exchange); the token in the path is the secret.
    svr.Post(R"(/workflows/claim/exchanges/([^/]+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               if (req.body.size() > options_.max_body_bytes)
                 return SendProblem(res, TooLarge(options_.max_body_bytes));
               Json body = Json::object();
               if (req.body.find_first_not_of(" \t\r\n") != std::string::npos) {
                 auto parsed = ParseJson(req.body, options_.max_json_depth);
                 if (!parsed.ok())
                   return SendProblem(
                       res,
                       Status::Error(kInvalidRequest,
                                     "body: " + parsed.status().message()));
                 body = std::move(parsed).value();
               }
               auto out = service_->ClaimExchange(req.matches[1], body);
               if (!out.ok()) return SendProblem(res, out.status());
               res.set_header("Cache-Control", "no-store");
               SendJson(res, 200, *out);
             });
    svr.Get(R"(/status/([^/]+)/([^/]+))",
            [this](const httplib::Request& req, httplib::Response& res) {
              auto doc = service_->StatusList(req.matches[1], req.matches[2]);
              if (!doc.ok()) return SendProblem(res, doc.status());
              res.set_header("ETag", doc->etag);
              res.set_header(
                  "Cache-Control",
                  "public, max-age=" +
                      std::to_string(service_->options().status_ttl_seconds));
              if (req.get_header_value("If-None-Match") == doc->etag) {
                res.status = 304;
                return;
              }
              res.status = 200;
              res.set_content(doc->body, "application/json");
            });
  }

 private:
  // The body is the handler's to change (a handler may move parts out).
  using AuthedHandler = std::function<void(
      const Principal&, Json&, const httplib::Request&, httplib::Response&)>;

  using RawHandler = std::function<void(
      const Principal&, const httplib::Request&, httplib::Response&)>;

  // How a route checks its token: with the store each time, or (routes
  // whose effect is recording credentials) perhaps from a cache, the store
  // checking the token again as it records (AuthenticateToIssue).
  enum class Auth { kEachTime, kToIssue };

  // Token and rate limit, then the handler with the raw request.
  httplib::Server::Handler AuthedRaw(RawHandler handler,
                                     Auth auth = Auth::kEachTime) {
    return [this, handler, auth](const httplib::Request& req,
                                 httplib::Response& res) {
      auto who = auth == Auth::kToIssue
                     ? service_->AuthenticateToIssue(BearerToken(req))
                     : service_->Authenticate(BearerToken(req));
      if (!who.ok()) return SendProblem(res, who.status());
      t_org = who->org_id;
      int retry = 1;
      if (!limiter_.Allow(who->token_id, &retry)) {
        res.set_header("Retry-After", std::to_string(retry));
        return SendProblem(
            res, Status::Error("RATE_LIMITED",
                               "this token sent more than " +
                                   std::to_string(
                                       static_cast<long>(options_.rate_limit)) +
                                   " requests per second; retry in " +
                                   std::to_string(retry) + " s"));
      }
      handler(*who, req, res);
    };
  }

  // Token, rate limit, JSON body, then the handler.
  httplib::Server::Handler Authed(AuthedHandler handler,
                                  Auth auth = Auth::kEachTime) {
    return AuthedRaw(
        [this, handler](const Principal& who, const httplib::Request& req,
                        httplib::Response& res) {
          if (req.body.size() > options_.max_body_bytes)
            return SendProblem(res, TooLarge(options_.max_body_bytes));
          auto body = ParseJson(req.body, options_.max_json_depth);
          if (!body.ok())
            return SendProblem(
                res, Status::Error(kInvalidRequest,
                                   "body: " + body.status().message()));
          if (!body->is_object())
            return SendProblem(
                res,
                Status::Error(kInvalidRequest, "body: must be a JSON object"));
          handler(who, *body, req, res);
        },
        auth);
  }

  static Status TooLarge(std::size_t limit) {
    return Status::Error(
        "PAYLOAD_TOO_LARGE",
        "body: larger than the limit of " + std::to_string(limit) + " bytes");
  }

  // ---- bulk awards (specs/bulk-issuance.md) ----
  struct RunningBatch {
    std::thread thread;
    std::atomic<bool> finished{false};
    Status error = Status::Ok();  // written before `finished`
  };

  // The request's options from the query string.
  static Result<BatchRequest> BatchOptions(const httplib::Request& req,
                                           const Principal& who) {
    BatchRequest b;
    b.org_id = who.org_id;
    b.actor = who.Actor();
    b.achievement_id = req.matches[1];
    auto flag = [&](const char* name, bool* out) -> Status {
      if (!req.has_param(name)) return Status::Ok();
      std::string v = req.get_param_value(name);
      if (v == "true" || v == "1" || v.empty()) {
        *out = true;
      } else if (v == "false" || v == "0") {
        *out = false;
      } else {
        return Status::Error(kInvalidRequest,
                             std::string(name) + ": must be true or false");
      }
      return Status::Ok();
    };
    ANYCRED_RETURN_IF_ERROR(flag("skipInvalid", &b.skip_invalid));
    ANYCRED_RETURN_IF_ERROR(flag("claimLinks", &b.claim_links));
    for (std::size_t i = 0; i < req.get_param_value_count("map"); ++i)
      b.maps.push_back(req.get_param_value("map", i));
    if (req.has_param("claimDays")) {
      const std::string v = req.get_param_value("claimDays");
      int days = 0;
      try {
        days = std::stoi(v);
      } catch (...) {
        days = 0;
      }
      if (days < 1 || days > 90)
        return Status::Error(
            kInvalidRequest,
            "claimDays: must be a number of days from 1 to 90");
      b.claim_ttl_seconds = static_cast<std::int64_t>(days) * 24 * 3600;
    }
    return b;
  }

  void PostBatch(const Principal& who, const httplib::Request& req,
                 httplib::Response& res) {
    if (req.body.size() > options_.max_batch_body_bytes)
      return SendProblem(res, TooLarge(options_.max_batch_body_bytes));
    auto opts = BatchOptions(req, who);
    if (!opts.ok()) return SendProblem(res, opts.status());
    bool dry_run = false;
    if (req.has_param("dryRun")) {
      std::string v = req.get_param_value("dryRun");
      dry_run = v == "true" || v == "1" || v.empty();
    }
    auto csv = std::make_shared<const std::string>(req.body);
    opts->read = [csv](const std::function<Status(std::string_view)>& sink) {
      return sink(*csv);
    };
    auto check = service_->CheckBatch(*opts);
    if (!check.ok()) {
      if (check.status().code() == "MALFORMED_CSV")
        return SendProblem(res,
                           Status::Error(kInvalidRequest,
                                         "body: " + check.status().message()));
      return SendProblem(res, check.status());
    }
    Json body = BatchCheckJson(*check);
    if (dry_run) {
      body["dryRun"] = true;
      body["preview"] = check->preview;
      return SendJson(res, 200, body);
    }
    if (!check->ok() && !opts->skip_invalid) {
      body["type"] = "urn:anycred:problem:INVALID_ROWS";
      body["title"] = "Some rows cannot be issued";
      body["status"] = 422;
      body["code"] = "INVALID_ROWS";
      body["detail"] =
          (check->invalid_rows == 1
               ? std::string("1 row has")
               : std::to_string(check->invalid_rows) + " rows have") +
          " problems; nothing was issued. Fix them, or send the file again "
          "with ?skipInvalid=true.";
      return SendJson(res, 422, body, "application/problem+json");
    }
    const std::string id = check->batch.id;
    const std::string location = "/batches/" + id;
    if (auto opened = service_->OpenBatch(*opts, *check); !opened.ok())
      return SendProblem(res, opened.status());
    res.set_header("Location", location);
    {
      std::lock_guard<std::mutex> lock(batches_mu_);
      auto it = batches_.find(id);
      if (it != batches_.end() && !it->second->finished.load()) {
        body["state"] = "issuing";
        body["location"] = location;
        return SendJson(res, 202, body);
      }
      if (it != batches_.end()) {
        it->second->thread.join();
        batches_.erase(it);
      }
      auto run = std::make_unique<RunningBatch>();
      RunningBatch* r = run.get();
      opts->cancel = &stopping_;
      r->thread = std::thread(
          [this, r, opts = std::move(*opts), check = std::move(*check)] {
            auto outcome = service_->RunBatch(opts, check, nullptr);
            if (!outcome.ok()) r->error = outcome.status();
            r->finished.store(true);
          });
      batches_[id] = std::move(run);
    }
    body["state"] = "issuing";
    body["location"] = location;
    SendJson(res, 202, body);
  }

  void GetBatch(const Principal& who, const httplib::Request& req,
                httplib::Response& res) {
    const std::string id = req.matches[1];
    auto status = service_->BatchStatus(who.org_id, id);
    if (!status.ok()) return SendProblem(res, status.status());
    {
      std::lock_guard<std::mutex> lock(batches_mu_);
      auto it = batches_.find(id);
      if (it != batches_.end() && it->second->finished.load() &&
          !it->second->error.ok()) {
        (*status)["error"] = {{"code", it->second->error.code()},
                              {"detail", it->second->error.message()}};
      }
      (*status)["running"] =
          it != batches_.end() && !it->second->finished.load();
    }
    (*status)["credentials"] = "/batches/" + id + "/credentials";
    (*status)["claims"] = "/batches/" + id + "/claims";
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, *status);
  }

  // Streams an export of the batch (JSON Lines or the claims CSV).
  void GetBatchExport(const Principal& who, const httplib::Request& req,
                      httplib::Response& res, bool claims) {
    const std::string id = req.matches[1];
    auto status = service_->BatchStatus(who.org_id, id);
    if (!status.ok()) return SendProblem(res, status.status());
    res.set_header("Cache-Control", "no-store");
    IssuerService* service = service_;
    res.set_chunked_content_provider(
        claims ? "text/csv; charset=utf-8" : "application/jsonl",
        [service, id, claims](std::size_t, httplib::DataSink& sink) {
          struct SinkBuf : std::streambuf {
            explicit SinkBuf(httplib::DataSink& s) : sink(s) {}
            std::streamsize xsputn(const char* s, std::streamsize n) override {
              return sink.write(s, static_cast<std::size_t>(n)) ? n : 0;
            }
            int overflow(int c) override {
              if (c == EOF) return 0;
              char ch = static_cast<char>(c);
              return sink.write(&ch, 1) ? c : EOF;
            }
            httplib::DataSink& sink;
          } buf(sink);
          std::ostream out(&buf);
          Status st = claims ? service->ExportBatchClaims(id, nullptr, out)
                             : service->ExportBatchCredentials(id, out);
          if (!st.ok()) return false;
          sink.done();
          return true;
        });
  }

  void DidDocument(const httplib::Request& req, httplib::Response& res,
                   const std::string& path) {
    auto doc = service_->DidDocumentFor(path, req.get_header_value("Host"));
    if (!doc.ok()) return SendProblem(res, doc.status());
    res.set_header("Cache-Control", "public, max-age=300");
    SendJson(res, 200, *doc);
  }

  void KeyHistory(const httplib::Request& req, httplib::Response& res,
                  const std::string& path) {
    auto doc = service_->KeyHistoryFor(path, req.get_header_value("Host"));
    if (!doc.ok()) return SendProblem(res, doc.status());
    res.set_header("Cache-Control", "public, max-age=300");
    SendJson(res, 200, *doc);
  }

  IssuerService* service_;
  HttpOptions options_;
  RateLimiter limiter_;
  std::atomic<bool> stopping_{false};
  std::mutex batches_mu_;
  std::map<std::string, std::unique_ptr<RunningBatch>> batches_;

 public:
  // Stops running batches (they resume when their file is sent again).
  ~Api() {
    stopping_.store(true);
    std::lock_guard<std::mutex> lock(batches_mu_);
    for (auto& [id, run] : batches_)
      if (run->thread.joinable()) run->thread.join();
  }
};

std::string JsonEscape(const std::string& s) { return DumpJson(Json(s)); }

// The path as logged: a claim link's token is a secret and is left out.
std::string LoggedPath(const std::string& path) {
  static const std::string kClaims = "/workflows/claim/exchanges/";
  if (path.rfind(kClaims, 0) == 0) return kClaims + "…";
  return path;
}

}  // namespace

Status ParseListen(const std::string& text, HttpOptions* options) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos)
    return Status::Error(codes::kInvalidArgument,
                         "--listen takes HOST:PORT, e.g. 127.0.0.1:8080");
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    std::size_t used = 0;
    port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1) port = -1;
  } catch (...) {
    port = -1;
  }
  if (port <= 0 || port > 65535)
    return Status::Error(codes::kInvalidArgument,
                         "--listen: the port must be a number 1-65535");
  options->host = host.empty() ? "0.0.0.0" : host;
  options->port = port;
  return Status::Ok();
}

Status Serve(IssuerService* service, const HttpOptions& options) {
  std::unique_ptr<httplib::Server> svr;
  bool tls = !options.tls_cert.empty() || !options.tls_key.empty();
  if (tls) {
    if (options.tls_cert.empty() || options.tls_key.empty())
      return Status::Error(codes::kInvalidArgument,
                           "--tls-cert and --tls-key go together");
    auto ssl = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(),
                                                    options.tls_key.c_str());
    if (!ssl->is_valid())
      return Status::Error(codes::kInvalidArgument,
                           "cannot use the TLS certificate " +
                               options.tls_cert + " with the key " +
                               options.tls_key);
    svr = std::move(ssl);
  } else {
    svr = std::make_unique<httplib::Server>();
  }
  int threads = options.threads > 0 ? options.threads : 32;
  svr->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr->set_payload_max_length(
      std::max(options.max_body_bytes, options.max_batch_body_bytes));
  svr->set_read_timeout(30, 0);
  svr->set_keep_alive_max_count(100000);
  // Without TCP_NODELAY a response written as headers then body waits for
  // the client's delayed ACK (40 ms on Linux) before its second segment.
  svr->set_tcp_nodelay(true);

  svr->set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_start = std::chrono::steady_clock::now();
    t_org.clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  std::size_t max_body = options.max_body_bytes;
  svr->set_error_handler([max_body](const httplib::Request& req,
                                    httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      SendProblem(res, Status::Error("PAYLOAD_TOO_LARGE",
                                     "body: larger than the limit of " +
                                         std::to_string(max_body) + " bytes"));
    } else if (res.status == 404) {
      SendProblem(res, Status::Error(codes::kNotFound,
                                     "there is nothing at " + req.path));
    } else if (res.status == 405) {
      SendProblem(res, Status::Error(kInvalidRequest,
                                     "method: " + req.method +
                                         " is not allowed on " + req.path));
      res.status = 405;
    } else if (res.status >= 400 && res.status < 500) {
      SendProblem(res,
                  Status::Error(kInvalidRequest, "request: cannot be read"));
    }
  });
  svr->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SendProblem(res, Status::Error(codes::kInternal, "an internal error"));
      });
  if (options.request_log) {
    static std::mutex log_mu;
    svr->set_logger([](const httplib::Request& req,
                       const httplib::Response& res) {
      double ms = std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - t_start)
                      .count();
      char msbuf[32];
      std::snprintf(msbuf, sizeof msbuf, "%.2f", ms);
      std::string line =
          "{\"time\":\"" + FormatDateTime(Now()) +
          "\",\"method\":" + JsonEscape(req.method) +
          ",\"path\":" + JsonEscape(LoggedPath(req.path)) +
          ",\"status\":" + std::to_string(res.status) + ",\"ms\":" + msbuf +
          ",\"org\":" + (t_org.empty() ? "null" : JsonEscape(t_org)) + "}\n";
      std::lock_guard<std::mutex> lock(log_mu);
      std::fwrite(line.data(), 1, line.size(), stderr);
    });
  }

  Api api(service, options);
  api.Register(*svr);

  if (!svr->bind_to_port(options.host.c_str(), options.port))
    return Status::Error(codes::kIoError, "cannot listen on " + options.host +
                                              ":" +
                                              std::to_string(options.port) +
                                              " (in use, or not allowed)");
  // SIGINT/SIGTERM stop the server; they are handled by a thread so that
  // the stop happens outside a signal handler.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  httplib::Server* raw = svr.get();
  std::thread stopper([set, raw] {
    int sig = 0;
    sigwait(&set, &sig);
    raw->stop();
  });
  std::fprintf(stderr, "anycred-issuer listening on %s://%s:%d\n",
               tls ? "https" : "http", options.host.c_str(), options.port);
  std::fflush(stderr);
  bool ok = svr->listen_after_bind();
  if (stopper.joinable()) {
    // A normal stop came from the stopper; otherwise wake it.
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  }
  if (!ok)
    return Status::Error(codes::kIoError, "the server stopped unexpectedly");
  return Status::Ok();
}

}  // namespace anycred::issuer
