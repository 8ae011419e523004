// The verifier's HTTP API, independent of the HTTP server: each handler
// takes a request body and returns a status code and a JSON body.
//
//   POST /credentials/verify    VC API (VCALM): {"verifiableCredential",
//                               "options"} -> 200 verified / 422 not
//                               verified / 400 bad request
//   POST /presentations/verify  VC API: {"verifiablePresentation",
//                               "options": {"challenge", "domain"}}
//   POST /verify/file           for the web page: the raw bytes of what a
//                               person was given (JSON credential or
//                               presentation, baked PNG or SVG badge) ->
//                               200 with the full report ("verified" says
//                               the outcome) and the credential's facts
//   POST /evaluations           a credit policy applied to credentials:
//                               {"policy", "verifiableCredentials": [...]}
//                               or {"policy", "verifiablePresentation"} ->
//                               200 with the decision (specs/credit-policy.md)
//                               and "inputs"; 400 problem details naming the
//                               field when the request or policy is wrong
//
// Bodies follow specs/http-api.md. Unknown options (e.g. the test suites'
// "checks") are ignored.
//
// Thread safety: handlers are thread-safe given a shared const
// VerifyContext.
#ifndef ANYCRED_VERIFIER_HTTP_API_H_
#define ANYCRED_VERIFIER_HTTP_API_H_

#include <string>
#include <string_view>

#include "core/json/json.h"
#include "core/verification/report.h"
#include "verifier/verify_flags.h"

namespace anycred::verifier {

// JSON nesting allowed in request bodies; deeper is 413.
inline constexpr int kMaxRequestDepth = 64;

struct ApiResponse {
  int status = 200;
  Json body;
};

ApiResponse HandleVerifyCredential(std::string_view body,
                                   const VerifyContext& context);
ApiResponse HandleVerifyPresentation(std::string_view body,
                                     const VerifyContext& context);
// `challenge` / `domain`: from the query string, empty when not given.
ApiResponse HandleVerifyFile(std::string_view body,
                             const VerifyContext& context,
                             const std::string& challenge,
                             const std::string& domain);

ApiResponse HandleEvaluate(std::string_view body, const VerifyContext& context);

// A problem as RFC 9457 problem details: {type (a URL for the code),
// title (the code), detail (the message)}.
Json ProblemDetails(const verification::Problem& problem);

}  // namespace anycred::verifier

#endif  // ANYCRED_VERIFIER_HTTP_API_H_
