#include "wallet-cli/claim_exchange.h"

#include "core/net/http_client.h"
#include "wallet-cli/presentation.h"

namespace anycred::wallet {

namespace {

Status Protocol(const std::string& what) {
  return Status::Error(kClaimProtocol,
                       "the issuer's answer is not a claim exchange: " + what);
}

// POSTs `body`; a 2xx answer's JSON, or the issuer's problem details as
// CLAIM_REFUSED.
Result<Json> Post(const std::string& url, const Json& body,
                  const ClaimOptions& options) {
  net::HttpOptions http;
  http.allow_http_loopback = options.allow_http_loopback;
  http.timeout_seconds = options.timeout_seconds;
  ANYCRED_ASSIGN_OR_RETURN(
      net::HttpResponse res,
      net::HttpPost(url, DumpJson(body), "application/json", http));
  auto parsed = ParseJson(res.body);
  if (res.status < 200 || res.status >= 300) {
    std::string detail;
    if (parsed.ok() && parsed->is_object() && parsed->contains("detail") &&
        (*parsed)["detail"].is_string()) {
      detail = (*parsed)["detail"].get<std::string>();
    } else {
      detail = "the issuer answered HTTP " + std::to_string(res.status);
    }
    return Status::Error(kClaimRefused,
                         "the issuer refused the claim: " + detail + " (HTTP " +
                             std::to_string(res.status) + ")");
  }
  if (!parsed.ok() || !parsed->is_object()) return Protocol("not JSON");
  return std::move(parsed).value();
}

std::string Origin(const net::Url& u) {
  std::string host =
      u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  bool default_port = (u.scheme == "https" && u.port == 443) ||
                      (u.scheme == "http" && u.port == 80);
  return u.scheme + "://" + host +
         (default_port ? "" : ":" + std::to_string(u.port));
}

bool AsksForDidAuth(const Json& query) {
  auto one = [](const Json& q) {
    return q.is_object() && q.value("type", "") == "DIDAuthentication";
  };
  if (query.is_array()) {
    for (const auto& q : query)
      if (one(q)) return true;
    return false;
  }
  return one(query);
}

}  // namespace

Result<Json> ClaimCredential(const std::string& claim_url,
                             const keys::SigningKey& holder,
                             const ClaimOptions& options) {
  auto url = net::ParseHttpUrl(claim_url);
  if (!url.ok()) {
    return Status::Error(codes::kInvalidArgument,
                         "the claim link is not an http(s) address");
  }
  ANYCRED_ASSIGN_OR_RETURN(Json first,
                           Post(claim_url, Json::object(), options));
  const Json& vpr = first.value("verifiablePresentationRequest", Json());
  if (!vpr.is_object()) return Protocol("no verifiablePresentationRequest");
  if (!AsksForDidAuth(vpr.value("query", Json())))
    return Protocol("it does not ask for DIDAuthentication");
  if (!vpr.contains("challenge") || !vpr["challenge"].is_string() ||
      vpr["challenge"].get<std::string>().empty())
    return Protocol("the request has no challenge");
  if (!vpr.contains("domain") || !vpr["domain"].is_string())
    return Protocol("the request has no domain");
  std::string domain = vpr["domain"].get<std::string>();
  // Accept the link's origin, with or without the scheme's default port.
  std::string origin = Origin(*url);
  std::string with_port =
      url->scheme + "://" + url->host + ":" + std::to_string(url->port);
  if (domain != origin && domain != with_port) {
    return Status::Error(kClaimRefused,
                         "the issuer asked for a presentation for " + domain +
                             ", but the claim link is at " + origin +
                             "; nothing was sent");
  }
  PresentationOptions popts;
  popts.challenge = vpr["challenge"].get<std::string>();
  popts.domain = domain;
  ANYCRED_ASSIGN_OR_RETURN(Json vp, MakePresentation(holder, {}, popts));
  ANYCRED_ASSIGN_OR_RETURN(
      Json second,
      Post(claim_url, Json{{"verifiablePresentation", std::move(vp)}},
           options));
  Json vc;
  if (second.contains("verifiablePresentation")) {
    const Json& out = second["verifiablePresentation"];
    const Json& vcs =
        out.is_object() ? out.value("verifiableCredential", Json()) : Json();
    vc = vcs.is_array() && !vcs.empty() ? vcs[0] : vcs;
  } else if (second.contains("verifiableCredential")) {
    vc = second["verifiableCredential"];
  }
  if (!vc.is_object()) return Protocol("no credential in the last answer");
  return vc;
}

}  // namespace anycred::wallet
