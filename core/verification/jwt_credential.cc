// A credential secured as a compact JWS (EdDSA). See jwt_credential.h.
#include "core/verification/jwt_credential.h"

#include "core/crypto/ed25519.h"
#include "core/encoding/base64.h"
#include "core/proof/errors.h"
#include "core/vc/structure.h"
#include "core/verification/checks.h"

namespace anycred::verification {

namespace {

constexpr const char* kMalformed = vc::kMalformedCredential;

struct Jws {
  std::string signing_input;  // header "." payload, as received
  Json header, payload;
  std::vector<std::uint8_t> signature;
};

Result<Json> DecodePart(std::string_view part, const char* what) {
  auto bytes = encoding::Base64UrlDecode(part);
  if (!bytes.ok()) {
    return Status::Error(kMalformed,
                         std::string("JWT ") + what +
                             " is not base64url: " + bytes.status().message());
  }
  auto json = ParseJson(std::string(bytes->begin(), bytes->end()));
  if (!json.ok() || !json->is_object()) {
    return Status::Error(kMalformed,
                         std::string("JWT ") + what + " is not a JSON object");
  }
  return std::move(json).value();
}

Result<Jws> ParseJws(const std::string& text) {
  std::size_t a = text.find('.');
  std::size_t b = a == std::string::npos ? a : text.find('.', a + 1);
  if (b == std::string::npos || text.find('.', b + 1) != std::string::npos) {
    return Status::Error(kMalformed,
                         "not a compact JWS (three base64url parts joined by "
                         "dots)");
  }
  Jws jws;
  jws.signing_input = text.substr(0, b);
  ANYCRED_ASSIGN_OR_RETURN(jws.header, DecodePart(text.substr(0, a), "header"));
  ANYCRED_ASSIGN_OR_RETURN(
      jws.payload, DecodePart(text.substr(a + 1, b - a - 1), "payload"));
  auto sig = encoding::Base64UrlDecode(std::string_view(text).substr(b + 1));
  if (!sig.ok())
    return Status::Error(kMalformed, "JWT signature is not base64url");
  jws.signature = std::move(sig).value();
  return jws;
}

// The credential of a JWT payload: `vc` (VC 1.1 JWT) or the payload itself.
Json CredentialOf(const Json& payload) {
  auto vc = payload.find("vc");
  if (vc == payload.end() || !vc->is_object()) return payload;
  Json c = *vc;
  if (!c.contains("issuer") && payload.contains("iss"))
    c["issuer"] = payload["iss"];
  if (!c.contains("id") && payload.contains("jti")) c["id"] = payload["jti"];
  return c;
}

CheckResult CheckJwsProof(const Jws& jws, const std::string& issuer,
                          const VerifyCredentialOptions& options,
                          std::string* controller) {
  CheckResult r;
  r.check = "proof";
  r.details["format"] = "jwt";
  auto fail = [&](const char* code, std::string message) {
    r.outcome = Outcome::kFailed;
    r.errors.push_back({code, std::move(message)});
    r.summary =
        "The JWT signature could not be accepted: " + r.errors[0].message + ".";
    return r;
  };
  std::string alg = jws.header.value("alg", "");
  r.details["alg"] = alg;
  if (alg != "EdDSA") {
    return fail(proof::codes::kNoMatchingProof,
                "the JWT is signed with \"" + alg +
                    "\"; only EdDSA (Ed25519) is accepted");
  }
  std::string kid = jws.header.value("kid", "");
  if (kid.empty()) {
    return fail(proof::codes::kMalformedProof,
                "the JWT header names no key (\"kid\")");
  }
  if (kid[0] == '#') kid = issuer + kid;
  r.details["verificationMethod"] = kid;
  did::Resolver did_key_only;
  const did::Resolver* resolver =
      options.resolver != nullptr ? options.resolver : &did_key_only;
  auto method = resolver->Resolve(kid);
  if (!method.ok()) {
    r.outcome = Outcome::kUnknown;
    r.errors.push_back(
        {proof::codes::kKeyUnresolvable, method.status().message()});
    r.summary = "Could not check the JWT signature: the key " + kid +
                " could not be retrieved.";
    return r;
  }
  r.details["controller"] = method->controller;
  r.details["keyResolvedFrom"] = method->resolved_from;
  *controller = method->controller;
  if (!method->Has("assertionMethod")) {
    return fail(proof::codes::kKeyNotAuthorized,
                "the key " + kid + " is not authorized for assertionMethod");
  }
  auto key = method->public_key.type == keys::KeyType::kEd25519
                 ? crypto::Ed25519PublicKey::FromBytes(method->public_key.key)
                 : Result<crypto::Ed25519PublicKey>(Status::Error(
                       proof::codes::kNoMatchingProof, "not an Ed25519 key"));
  if (!key.ok()) {
    return fail(proof::codes::kNoMatchingProof,
                "the key " + kid + " is not an Ed25519 key");
  }
  if (jws.signature.size() != 64 ||
      !key->Verify(jws.signing_input, jws.signature)) {
    return fail(proof::codes::kSignatureInvalid,
                "the JWT signature does not match: the credential was changed "
                "after signing, or signed with another key");
  }
  r.summary = "The JWT signature is valid (EdDSA, key " + kid + ").";
  return r;
}

}  // namespace

Result<Json> DecodeJwtCredential(const std::string& jws) {
  ANYCRED_ASSIGN_OR_RETURN(Jws parsed, ParseJws(jws));
  return CredentialOf(parsed.payload);
}

CredentialReport VerifyJwtCredential(const std::string& text,
                                     const VerifyCredentialOptions& options) {
  auto jws = ParseJws(text);
  if (!jws.ok()) return UnreadableCredential(jws.status());
  Json credential = CredentialOf(jws->payload);
  CredentialReport report;
  report.facts = CredentialFacts(credential);
  report.Add(CheckStructure(credential));
  report.Add(CheckSchema(credential));
  std::string issuer = vc::IssuerId(credential);
  std::string controller;
  CheckResult proof = CheckJwsProof(*jws, issuer, options, &controller);
  bool key_known = !controller.empty();
  report.Add(std::move(proof));
  CheckResult bound;
  bound.check = "issuer";
  bound.details["issuer"] = issuer;
  if (!key_known) {
    bound.outcome = Outcome::kUnknown;
    bound.summary =
        "Could not tell whether the issuer signed it: the signing key was not "
        "found.";
  } else if (issuer.empty() || controller != issuer) {
    bound.outcome = Outcome::kFailed;
    bound.errors.push_back(
        {"ISSUER_MISMATCH",
         issuer.empty()
             ? "the credential names no issuer to check the key "
               "against"
             : "the credential says it was issued by " + issuer +
                   ", but it was signed with a key of " + controller});
    bound.summary =
        "The credential was not signed by the organization it names as issuer.";
  } else {
    bound.summary = "The signing key belongs to the issuer, " + issuer + ".";
  }
  report.Add(std::move(bound));
  report.Add(CheckValidity(credential, options.at));
  report.Add(CheckStatus(credential, options));
  report.Add(CheckTrust(credential, options));
  report.Finish();
  return report;
}

}  // namespace anycred::verification
