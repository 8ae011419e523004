// Claim links (issue 7): an award to a recipient without a DID comes with a
// one-time, expiring link; the recipient's wallet follows it with a VC API
// exchange (DID Authentication), and the credential is issued to the DID
// the wallet proved it controls. Only the SHA-256 of a link's token is
// stored (store.h Claim); the token appears only in the award's answer.
#include <sodium.h>

#include "core/encoding/base64.h"
#include "core/encoding/hex.h"
#include "core/util/datetime.h"
#include "core/util/uuid.h"
#include "core/vc/presentation.h"
#include "core/vc/structure.h"
#include "core/verification/verify_presentation.h"
#include "issuer/service/claim_util.h"
#include "issuer/service/issuer_service.h"
#include "issuer/service/open_badges.h"
#include "issuer/service/organizations.h"

namespace anycred::issuer {

namespace {

constexpr std::int64_t kMaxClaimSeconds = 90LL * 24 * 3600;

}  // namespace

Result<Json> IssuerService::AwardWithClaim(const Principal& who,
                                           const std::string& id,
                                           const Json& request) {
  bool want_claim = request.is_object() && request.contains("recipient") &&
                    request["recipient"].is_object() &&
                    !request["recipient"].contains("id");
  std::int64_t ttl = options_.claim_ttl_seconds;
  if (request.is_object() && request.contains("claim")) {
    const Json& c = request["claim"];
    if (c.is_boolean()) {
      want_claim = want_claim && c.get<bool>();
    } else if (c.is_object()) {
      if (c.contains("expiresIn")) {
        if (!c["expiresIn"].is_number_integer() ||
            c["expiresIn"].get<std::int64_t>() < 1 ||
            c["expiresIn"].get<std::int64_t>() > kMaxClaimSeconds)
          return Status::Error(kInvalidRequest,
                               "claim.expiresIn: must be a number of seconds "
                               "from 1 to 7776000 (90 days)");
        ttl = c["expiresIn"].get<std::int64_t>();
      }
    } else {
      return Status::Error(kInvalidRequest,
                           "claim: must be false, or {\"expiresIn\": seconds}");
    }
  }
  ANYCRED_ASSIGN_OR_RETURN(Json vc, Award(who, id, request));
  Json out = {{"verifiableCredential", vc}};
  if (!want_claim) return out;

  std::uint8_t secret[32];
  randombytes_buf(secret, sizeof secret);
  std::string token = encoding::Base64UrlEncode(
      std::span<const std::uint8_t>(secret, sizeof secret));
  sodium_memzero(secret, sizeof secret);
  store::Claim claim;
  claim.id = NewClaimId();
  claim.org_id = who.org_id;
  claim.achievement_id = id;
  claim.hash = HashToken(token);
  claim.request = DumpJson(StoredRequest(request, vc));
  claim.created = FormatDateTime(Now());
  claim.expires = Later(ttl);
  ANYCRED_RETURN_IF_ERROR(store_->AddClaim(
      claim,
      AuditNow(who.org_id, who.Actor(), "claim.create", claim.id,
               "claim link for achievement " + id + " (credential " +
                   vc.value("id", "") + "), valid until " + claim.expires)));
  out["claim"] = {
      {"id", claim.id},
      {"url", options_.public_url + "/workflows/claim/exchanges/" + token},
      {"expires", claim.expires}};
  return out;
}

Result<Json> IssuerService::ClaimExchange(const std::string& token,
                                          const Json& body) {
  if (!body.is_object())
    return Status::Error(kInvalidRequest, "body: must be a JSON object");
  auto found = store_->FindClaim(HashToken(token));
  if (!found.ok()) {
    if (found.status().code() == codes::kNotFound)
      return Status::Error(codes::kNotFound,
                           "this claim link is not known here: check that "
                           "it was copied whole, or ask the issuer for a new "
                           "one");
    return found.status();
  }
  store::Claim claim = std::move(found).value();
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org, Org(claim.org_id));
  if (!claim.used_at.empty())
    return Status::Error(kClaimUsed,
                         "this claim link has already been used (on " +
                             claim.used_at +
                             "); a link can be used only once. If it was not "
                             "you, ask " +
                             org.name + " for a new one");
  if (Passed(claim.expires))
    return Status::Error(kClaimExpired, "this claim link expired on " +
                                            claim.expires + "; ask " +
                                            org.name + " for a new one");
  const std::string domain = options_.public_url;

  if (!body.contains("verifiablePresentation")) {
    std::string challenge = RandomHex(16);
    ANYCRED_RETURN_IF_ERROR(store_->SetClaimChallenge(
        claim.id, challenge, Later(options_.challenge_ttl_seconds)));
    Json query = {{"type", "DIDAuthentication"},
                  {"acceptedMethods", Json::array({{{"method", "key"}}})},
                  {"acceptedCryptosuites",
                   Json::array({{{"cryptosuite", "eddsa-rdfc-2022"}}})}};
    return Json{{"verifiablePresentationRequest",
                 {{"query", Json::array({query})},
                  {"challenge", challenge},
                  {"domain", domain}}}};
  }

  const Json& vp = body["verifiablePresentation"];
  if (!vp.is_object())
    return Status::Error(kInvalidRequest,
                         "verifiablePresentation: must be a presentation (a "
                         "JSON object)");
  if (claim.challenge.empty() || Passed(claim.challenge_expires))
    return Status::Error(kInvalidRequest,
                         "verifiablePresentation: no challenge is open for "
                         "this claim (it expired or was never asked for); "
                         "start again with an empty request");
  std::string holder = vc::HolderId(vp);
  if (holder.rfind("did:key:", 0) != 0)
    return Status::Error(kInvalidRequest,
                         "verifiablePresentation.holder: must be the wallet's "
                         "did:key");
  verification::VerifyPresentationOptions vopts;
  vopts.credential.at = Now();
  vopts.challenge = claim.challenge;
  vopts.domain = domain;
  verification::PresentationReport report =
      verification::VerifyPresentation(vp, vopts);
  if (!report.verified) {
    std::string why;
    for (const auto& e : report.errors)
      why += (why.empty() ? "" : "; ") + e.code + ": " + e.message;
    return Status::Error(
        kPresentationNotVerified,
        "verifiablePresentation: does not verify (" + why + ")");
  }

  ANYCRED_ASSIGN_OR_RETURN(store::Achievement a,
                           store_->GetAchievement(claim.achievement_id));
  ANYCRED_ASSIGN_OR_RETURN(Json achievement, ParseJson(a.json));
  ANYCRED_ASSIGN_OR_RETURN(Json request, ParseJson(claim.request));
  request["recipient"] = {{"id", holder}};
  ANYCRED_ASSIGN_OR_RETURN(
      Json cred, BuildAward(org, achievement, request, RandomHex(12)));
  if (request.contains("identifier"))
    cred["credentialSubject"]["identifier"] = request["identifier"];
  std::string credential_id = NewUrnUuid();
  cred["id"] = credential_id;
  const std::string actor = "claim:" + claim.id;
  Status used = store_->UseClaim(
      claim.id, credential_id, FormatDateTime(Now()),
      AuditNow(org.id, actor, "claim.use", claim.id,
               "claimed by " + holder + " as credential " + credential_id));
  if (!used.ok()) {
    if (used.code() == store::kConflict)
      return Status::Error(kClaimUsed,
                           "this claim link has already been used; a link "
                           "can be used only once");
    return used;
  }
  auto issued = IssueFor(org, actor, "", claim.achievement_id, std::move(cred));
  if (!issued.ok()) {
    (void)store_->ReleaseClaim(claim.id, credential_id);
    return issued.status();
  }
  return Json{{"verifiablePresentation",
               {{"@context", Json::array({vc::kContextV2})},
                {"type", Json::array({"VerifiablePresentation"})},
                {"verifiableCredential",
                 Json::array({std::move(issued->credential)})}}}};
}

}  // namespace anycred::issuer
