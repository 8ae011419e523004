// A small HTTPS GET for the documents a verifier needs (did:web documents,
// verification methods, status lists), with the limits a service that
// fetches URLs taken from untrusted credentials must have:
//
//   - https only; plain http only to a loopback host (localhost, 127.0.0.0/8,
//     ::1) and only when `allow_http_loopback` is set (tests, local issuers);
//     then https URLs to loopback hosts are also fetched in plain http, so
//     that did:web:localhost%3A8080 reaches a local test issuer;
//   - the server certificate is verified against the system trust store
//     (OpenSSL default paths) and the host name;
//   - a size limit on the (decompressed) body, a time limit on the whole
//     exchange, and at most `max_redirects` redirects, each checked by the
//     same rules as the first URL.
//
// Errors: FETCH_FAILED (could not connect, timeout, HTTP error status),
// FETCH_REFUSED (a URL these rules forbid), FETCH_TOO_LARGE.
//
// Thread safety: HttpGet is thread-safe (one connection per call).
#ifndef ANYCRED_CORE_NET_HTTP_CLIENT_H_
#define ANYCRED_CORE_NET_HTTP_CLIENT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/util/status.h"

namespace anycred::net {

inline constexpr const char* kFetchFailed = "FETCH_FAILED";
inline constexpr const char* kFetchRefused = "FETCH_REFUSED";
inline constexpr const char* kFetchTooLarge = "FETCH_TOO_LARGE";

struct HttpOptions {
  bool allow_http_loopback = false;
  std::size_t max_bytes = 4u << 20;  // body limit after decompression
  int timeout_seconds = 10;          // whole exchange, redirects included
  int max_redirects = 3;
};

struct HttpResponse {
  std::string url;  // the final URL after redirects
  int status = 0;
  std::string content_type;
  std::string body;
  // From Cache-Control: max-age (0 for no-store / no-cache); none if absent.
  std::optional<std::int64_t> max_age_seconds;
};

// The parts of an absolute http(s) URL.
struct Url {
  std::string scheme;  // "https" or "http"
  std::string host;    // without brackets for IPv6
  int port = 0;        // explicit or the scheme's default
  std::string path;    // path + query, "/" when empty
};
Result<Url> ParseHttpUrl(const std::string& url);
bool IsLoopbackHost(const std::string& host);
// Whether `url` may be fetched under `options` (FETCH_REFUSED with why).
Status CheckFetchable(const Url& url, const HttpOptions& options);

// GET `url`; a 2xx answer is returned, anything else is an error.
Result<HttpResponse> HttpGet(const std::string& url,
                             const HttpOptions& options);

// POST `body` (of `content_type`) to `url` under the same rules (scheme,
// loopback, size and time limits); redirects are not followed. Any HTTP
// answer is returned, whatever its status, so that the caller can read a
// problem-details body; only a failure to exchange is an error.
Result<HttpResponse> HttpPost(const std::string& url, const std::string& body,
                              const std::string& content_type,
                              const HttpOptions& options);

// Cache-Control max-age in seconds: "no-store"/"no-cache" → 0; absent → none.
std::optional<std::int64_t> ParseMaxAge(const std::string& cache_control);

}  // namespace anycred::net

#endif  // ANYCRED_CORE_NET_HTTP_CLIENT_H_
