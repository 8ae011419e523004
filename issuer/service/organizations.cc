#include "issuer/service/organizations.h"

#include <sodium.h>

#include <cstdlib>

#include "core/crypto/ed25519.h"
#include "core/crypto/sha2.h"
#include "core/did/resolver.h"
#include "core/encoding/base64.h"
#include "core/encoding/hex.h"
#include "core/keys/multikey.h"
#include "core/util/datetime.h"

namespace anycred::issuer {

namespace {
constexpr const char* kKeyId = "key-1";

std::string RandomHex(std::size_t n) {
  std::array<std::uint8_t, 32> b{};
  randombytes_buf(b.data(), n);
  return encoding::HexEncode(std::span<const std::uint8_t>(b.data(), n));
}

// "Riverside Community College" -> "riverside-community-college".
std::string Slug(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= 40) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "org" : out;
}

Status CheckDidWeb(const std::string& value) {
  if (value.empty() || value.find_first_of("/?# ") != std::string::npos ||
      value.rfind("did:", 0) == 0)
    return Status::Error(codes::kInvalidArgument,
                         "--did-web takes DOMAIN[%3APORT][:PATH…], e.g. "
                         "credentials.college.example or "
                         "example.com%3A8443:issuers:1, without did:web:");
  auto url = did::DidWebToUrl("did:web:" + value);
  if (!url.ok())
    return Status::Error(codes::kInvalidArgument,
                         "--did-web: " + url.status().message());
  return Status::Ok();
}
}  // namespace

std::string CliActor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "unknown");
}

store::AuditEvent AuditNow(const std::string& org_id, const std::string& actor,
                           const std::string& action,
                           const std::string& subject,
                           const std::string& detail) {
  store::AuditEvent e;
  e.at = FormatDateTime(Now());
  e.org_id = org_id;
  e.actor = actor;
  e.action = action;
  e.subject = subject;
  e.detail = detail;
  return e;
}

std::string HashToken(const std::string& token) {
  auto d = crypto::Sha256(token);
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

namespace {
store::Token MakeToken(const std::string& org_id, NewToken* out) {
  std::array<std::uint8_t, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::string secret = "acr_" + encoding::Base64UrlEncode(raw);
  crypto::Wipe(raw.data(), raw.size());
  store::Token t;
  t.id = "tok_" + RandomHex(8);
  t.org_id = org_id;
  t.hash = HashToken(secret);
  t.created = FormatDateTime(Now());
  out->id = t.id;
  out->token = SecretString(std::move(secret));
  return t;
}
}  // namespace

Result<NewOrganization> CreateOrganization(store::Store* store,
                                           const KeyVault& vault,
                                           const OrganizationSpec& spec,
                                           const std::string& actor) {
  if (spec.name.find_first_not_of(" \t") == std::string::npos)
    return Status::Error(codes::kInvalidArgument,
                         "--name must name the organization");
  if (!spec.did_web.empty()) ANYCRED_RETURN_IF_ERROR(CheckDidWeb(spec.did_web));
  NewOrganization result;
  store::Organization& org = result.org;
  org.name = spec.name;
  org.suspension = spec.suspension;
  org.created = FormatDateTime(Now());
  // The id is a slug of the name; a taken slug gets a random suffix. The
  // sealed key is bound to the id, so each attempt makes its own.
  std::string base = Slug(spec.name);
  for (int attempt = 0; attempt < 5; ++attempt) {
    org.id = attempt == 0 ? base : base + "-" + RandomHex(3);
    ANYCRED_ASSIGN_OR_RETURN(store::SealedKey sealed,
                             vault.Generate(org.id, kKeyId, org.created));
    const std::string& multibase = sealed.public_key_multibase;
    org.did = spec.did_web.empty() ? "did:key:" + multibase
                                   : "did:web:" + spec.did_web;
    org.verification_method = VerificationMethodFor(org.did, sealed);
    store::Token token = MakeToken(org.id, &result.token);
    std::vector<store::AuditEvent> audit = {
        AuditNow(org.id, actor, "org.create", org.id,
                 "organization \"" + org.name + "\" created as " + org.did),
        AuditNow(org.id, actor, "key.create", kKeyId,
                 "Ed25519 signing key " + multibase),
        AuditNow(org.id, actor, "token.create", token.id, "API token created")};
    Status st = store->CreateOrganization(org, sealed, token, audit);
    if (st.ok()) return result;
    if (st.code() != store::kAlreadyExists) return st;
    // The DID is taken (not just the slug): no suffix helps.
    auto all = store->ListOrganizations();
    if (!all.ok()) return all.status();
    for (const auto& o : *all)
      if (o.did == org.did)
        return Status::Error(
            store::kAlreadyExists,
            "the organization " + o.id + " already uses " + org.did);
  }
  return Status::Error(store::kAlreadyExists,
                       "cannot find a free organization id for " + spec.name);
}

Result<NewToken> CreateToken(store::Store* store, const std::string& org_id,
                             const std::string& actor) {
  ANYCRED_RETURN_IF_ERROR(store->GetOrganization(org_id).status());
  NewToken out;
  store::Token t = MakeToken(org_id, &out);
  ANYCRED_RETURN_IF_ERROR(store->AddToken(
      t, AuditNow(org_id, actor, "token.create", t.id, "API token created")));
  return out;
}

Status RevokeToken(store::Store* store, const std::string& org_id,
                   const std::string& token_id, const std::string& actor) {
  return store->RevokeToken(
      org_id, token_id,
      AuditNow(org_id, actor, "token.revoke", token_id, "API token revoked"));
}

}  // namespace anycred::issuer
