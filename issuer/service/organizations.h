// Organizations (tenants) of the issuer service and their secrets: the
// Ed25519 signing key (made and kept by a KeyVault, signer.h; rotation in
// org_keys.h) and API tokens (random 32 bytes shown once as
// "acr_" + base64url, stored only as SHA-256 hashes).
//
// Thread safety: functions are thread-safe given a thread-safe store.
#ifndef ANYCRED_ISSUER_SERVICE_ORGANIZATIONS_H_
#define ANYCRED_ISSUER_SERVICE_ORGANIZATIONS_H_

#include <string>

#include "core/json/json.h"
#include "core/util/passphrase.h"
#include "core/util/status.h"
#include "issuer/service/signer.h"
#include "issuer/store/store.h"

namespace anycred::issuer {

struct NewToken {
  std::string id;      // public handle (tok_…)
  SecretString token;  // shown once
};

struct NewOrganization {
  store::Organization org;
  NewToken token;
};

struct OrganizationSpec {
  std::string name;
  std::string did_web;  // DOMAIN[%3APORT][:PATH…]; empty = did:key
  bool suspension = false;
};

// Creates the organization, its signing key (key-1, made by `vault`) and a
// first token.
Result<NewOrganization> CreateOrganization(store::Store* store,
                                           const KeyVault& vault,
                                           const OrganizationSpec& spec,
                                           const std::string& actor);
Result<NewToken> CreateToken(store::Store* store, const std::string& org_id,
                             const std::string& actor);
Status RevokeToken(store::Store* store, const std::string& org_id,
                   const std::string& token_id, const std::string& actor);

// The 32-byte SHA-256 of a presented token.
std::string HashToken(const std::string& token);

// An audit event stamped now.
store::AuditEvent AuditNow(const std::string& org_id, const std::string& actor,
                           const std::string& action,
                           const std::string& subject,
                           const std::string& detail);

// "cli:<user>" for audit events written by the command line.
std::string CliActor();

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_ORGANIZATIONS_H_
