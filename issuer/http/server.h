// The issuer's HTTP API (specs/issuer-openapi.yaml) on cpp-httplib's
// thread-pool server, plain HTTP or TLS (OpenSSL).
//
// Every error is an RFC 9457 problem details document
// (application/problem+json) with `type`, `title`, `status`, `detail`,
// `code` and, when one field is at fault, `field`. Request bodies are
// limited in size (413) and JSON depth (400); each token has a request
// rate limit (429 with Retry-After). One JSON line per request goes to
// standard error: time, method, path, status, ms, org — never a token.
//
// Thread safety: Serve blocks until the server stops (SIGINT/SIGTERM).
#ifndef ANYCRED_ISSUER_HTTP_SERVER_H_
#define ANYCRED_ISSUER_HTTP_SERVER_H_

#include <string>

#include "core/util/status.h"
#include "issuer/service/issuer_service.h"

namespace anycred::issuer {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string tls_cert, tls_key;  // both or neither
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_batch_body_bytes = 64 << 20;  // CSV of POST …/batches
  int max_json_depth = 64;
  double rate_limit = 1000;  // requests per second per token; 0 = none
  double rate_burst = 2000;
  int threads = 32;
  bool request_log = true;
};

// Parses "HOST:PORT" (or ":PORT", or "[::1]:PORT").
Status ParseListen(const std::string& text, HttpOptions* options);

// Runs until SIGINT or SIGTERM. Prints "anycred-issuer listening on URL"
// to standard error once the socket is bound.
Status Serve(IssuerService* service, const HttpOptions& options);

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_HTTP_SERVER_H_
