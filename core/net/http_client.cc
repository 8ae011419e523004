#include "core/net/http_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>

namespace anycred::net {

namespace {
std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

Status Refused(const std::string& msg) {
  return Status::Error(kFetchRefused, msg);
}

// Resolves a Location header against the URL it came from.
std::string ResolveLocation(const Url& base, const std::string& location) {
  if (location.rfind("https://", 0) == 0 || location.rfind("http://", 0) == 0)
    return location;
  std::string host = base.host.find(':') != std::string::npos
                         ? "[" + base.host + "]"
                         : base.host;
  std::string origin =
      base.scheme + "://" + host + ":" + std::to_string(base.port);
  if (location.rfind("//", 0) == 0) return base.scheme + ":" + location;
  if (!location.empty() && location[0] == '/') return origin + location;
  std::string dir = base.path.substr(0, base.path.find('?'));
  dir = dir.substr(0, dir.rfind('/') + 1);
  return origin + dir + location;
}
}  // namespace

Result<Url> ParseHttpUrl(const std::string& url) {
  Url u;
  std::size_t rest;
  if (url.rfind("https://", 0) == 0) {
    u.scheme = "https";
    u.port = 443;
    rest = 8;
  } else if (url.rfind("http://", 0) == 0) {
    u.scheme = "http";
    u.port = 80;
    rest = 7;
  } else {
    return Refused("not an http(s) URL: " + url);
  }
  std::size_t end = url.find_first_of("/?#", rest);
  std::string authority = url.substr(rest, end - rest);
  if (authority.find('@') != std::string::npos)
    return Refused("URLs with user information are not fetched: " + url);
  std::string port_text;
  if (!authority.empty() && authority[0] == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string::npos) return Refused("malformed host in " + url);
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        return Refused("malformed host in " + url);
      port_text = authority.substr(close + 2);
    }
  } else {
    std::size_t colon = authority.find(':');
    u.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (u.host.empty()) return Refused("no host in " + url);
  u.host = Lower(u.host);
  if (!port_text.empty()) {
    if (port_text.size() > 5 ||
        !std::all_of(port_text.begin(), port_text.end(),
                     [](unsigned char c) { return std::isdigit(c); })) {
      return Refused("malformed port in " + url);
    }
    u.port = std::stoi(port_text);
    if (u.port <= 0 || u.port > 65535)
      return Refused("malformed port in " + url);
  }
  u.path = end == std::string::npos ? "/" : url.substr(end);
  u.path = u.path.substr(0, u.path.find('#'));
  if (u.path.empty() || u.path[0] != '/') u.path = "/" + u.path;
  return u;
}

bool IsLoopbackHost(const std::string& host) {
  std::string h = Lower(host);
  if (h == "localhost" || h == "::1") return true;
  if (h.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : h) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3;
}

Status CheckFetchable(const Url& url, const HttpOptions& options) {
  if (url.scheme == "https") return Status::Ok();
  if (!IsLoopbackHost(url.host)) {
    return Refused("plain http is not used for " + url.host +
                   ": documents are fetched over https only");
  }
  if (!options.allow_http_loopback) {
    return Refused("plain http to " + url.host +
                   " is used only when asked (--allow-http-loopback)");
  }
  return Status::Ok();
}

std::optional<std::int64_t> ParseMaxAge(const std::string& cache_control) {
  std::string cc = Lower(cache_control);
  if (cc.find("no-store") != std::string::npos ||
      cc.find("no-cache") != std::string::npos) {
    return 0;
  }
  std::size_t p = cc.find("max-age=");
  if (p == std::string::npos) return std::nullopt;
  p += 8;
  std::int64_t v = 0;
  bool any = false;
  while (p < cc.size() && std::isdigit(static_cast<unsigned char>(cc[p]))) {
    v = std::min<std::int64_t>(v * 10 + (cc[p] - '0'), 1LL << 40);
    any = true;
    ++p;
  }
  if (!any) return std::nullopt;
  return v;
}

namespace {

// A client for `u` (already parsed from `url`), or why not: a loopback
// https URL is spoken to in plain http when that was asked for (a local
// test issuer: did:web:localhost%3A8080 maps to https), the fetch policy is
// applied, and redirects, keep-alive and unverified certificates are off.
Result<std::unique_ptr<httplib::Client>> OpenClient(Url& u,
                                                    const std::string& url,
                                                    const HttpOptions& options,
                                                    time_t seconds) {
  if (options.allow_http_loopback && u.scheme == "https" &&
      IsLoopbackHost(u.host)) {
    u.scheme = "http";
  }
  ANYCRED_RETURN_IF_ERROR(CheckFetchable(u, options));
  std::string host =
      u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  auto client = std::make_unique<httplib::Client>(u.scheme + "://" + host +
                                                  ":" + std::to_string(u.port));
  if (!client->is_valid()) {
    return Status::Error(kFetchFailed, "cannot open a connection to " + url);
  }
  client->set_connection_timeout(seconds, 0);
  client->set_read_timeout(seconds, 0);
  client->set_write_timeout(seconds, 0);
  client->set_follow_location(false);
  client->set_keep_alive(false);
  client->enable_server_certificate_verification(true);
  return client;
}

}  // namespace

Result<HttpResponse> HttpGet(const std::string& start_url,
                             const HttpOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto deadline =
      Clock::now() + std::chrono::seconds(std::max(1, options.timeout_seconds));
  std::string url = start_url;
  for (int hop = 0;; ++hop) {
    ANYCRED_ASSIGN_OR_RETURN(Url u, ParseHttpUrl(url));
    const auto left = [&] {
      return std::chrono::duration_cast<std::chrono::seconds>(deadline -
                                                              Clock::now())
          .count();
    };
    ANYCRED_ASSIGN_OR_RETURN(
        auto client_ptr,
        OpenClient(u, url, options, std::max<time_t>(1, left())));
    httplib::Client& client = *client_ptr;
    HttpResponse out;
    out.url = url;
    bool too_large = false, too_slow = false;
    std::string body;
    httplib::Headers headers = {
        {"Accept",
         "application/vc, application/ld+json, application/json, "
         "application/did+json, application/did+ld+json;q=0.9, */*;q=0.1"}};
    auto res = client.Get(
        u.path, headers, [](const httplib::Response&) { return true; },
        [&](const char* data, std::size_t n) {
          if (Clock::now() > deadline) {
            too_slow = true;
            return false;
          }
          if (body.size() + n > options.max_bytes) {
            too_large = true;
            return false;
          }
          body.append(data, n);
          return true;
        });
    if (too_large) {
      return Status::Error(
          kFetchTooLarge, url + " is larger than " +
                              std::to_string(options.max_bytes >> 10) + " KiB");
    }
    if (too_slow || Clock::now() > deadline) {
      return Status::Error(kFetchFailed,
                           url + " did not answer within " +
                               std::to_string(options.timeout_seconds) +
                               " seconds");
    }
    if (!res) {
      return Status::Error(kFetchFailed, "cannot retrieve " + url + " (" +
                                             httplib::to_string(res.error()) +
                                             ")");
    }
    int code = res->status;
    if (code >= 300 && code < 400 && res->has_header("Location")) {
      if (hop >= options.max_redirects) {
        return Status::Error(
            kFetchFailed, url + " redirects more than " +
                              std::to_string(options.max_redirects) + " times");
      }
      url = ResolveLocation(u, res->get_header_value("Location"));
      continue;
    }
    if (code < 200 || code >= 300) {
      return Status::Error(kFetchFailed,
                           url + " answered HTTP " + std::to_string(code));
    }
    out.status = code;
    out.content_type = res->get_header_value("Content-Type");
    if (res->has_header("Cache-Control"))
      out.max_age_seconds = ParseMaxAge(res->get_header_value("Cache-Control"));
    out.body = std::move(body);
    return out;
  }
}

Result<HttpResponse> HttpPost(const std::string& url, const std::string& body,
                              const std::string& content_type,
                              const HttpOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto deadline =
      Clock::now() + std::chrono::seconds(std::max(1, options.timeout_seconds));
  ANYCRED_ASSIGN_OR_RETURN(Url u, ParseHttpUrl(url));
  ANYCRED_ASSIGN_OR_RETURN(
      auto client_ptr,
      OpenClient(u, url, options, std::max(1, options.timeout_seconds)));
  httplib::Client& client = *client_ptr;
  httplib::Request req;
  req.method = "POST";
  req.path = u.path;
  req.headers = {{"Accept", "application/json, application/problem+json;q=0.9"},
                 {"Content-Type", content_type}};
  req.body = body;
  std::string received;
  bool too_large = false, too_slow = false;
  req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t,
                             std::uint64_t) {
    if (Clock::now() > deadline) {
      too_slow = true;
      return false;
    }
    if (received.size() + n > options.max_bytes) {
      too_large = true;
      return false;
    }
    received.append(data, n);
    return true;
  };
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  bool sent = client.send(req, res, error);
  if (too_large) {
    return Status::Error(kFetchTooLarge,
                         url + " answered with more than " +
                             std::to_string(options.max_bytes >> 10) + " KiB");
  }
  if (too_slow || Clock::now() > deadline) {
    return Status::Error(
        kFetchFailed, url + " did not answer within " +
                          std::to_string(options.timeout_seconds) + " seconds");
  }
  if (!sent) {
    return Status::Error(kFetchFailed, "cannot reach " + url + " (" +
                                           httplib::to_string(error) + ")");
  }
  HttpResponse out;
  out.url = url;
  out.status = res.status;
  out.content_type = res.get_header_value("Content-Type");
  out.body = std::move(received);
  return out;
}

}  // namespace anycred::net
