// Organizations (tenants) of the issuer service and their secrets: the
// Ed25519 signing key (sealed under the master key in the store, opened
// only in memory) and API tokens (random 32 bytes shown once as
// "acr_" + base64url, stored only as SHA-256 hashes).
//
// Also the did:web DID document an organization publishes.
//
// Thread safety: functions are thread-safe given a thread-safe store.
#ifndef ANYCRED_ISSUER_SERVICE_ORGANIZATIONS_H_
#define ANYCRED_ISSUER_SERVICE_ORGANIZATIONS_H_

#include <string>

#include "core/json/json.h"
#include "core/keys/key_file.h"
#include "core/util/passphrase.h"
#include "core/util/status.h"
#include "issuer/service/master_key.h"
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

// Creates the organization, its signing key and a first token.
Result<NewOrganization> CreateOrganization(store::Store* store,
                                           const MasterKey& master,
                                           const OrganizationSpec& spec,
                                           const std::string& actor);
Result<NewToken> CreateToken(store::Store* store, const std::string& org_id,
                             const std::string& actor);
Status RevokeToken(store::Store* store, const std::string& org_id,
                   const std::string& token_id, const std::string& actor);

// The 32-byte SHA-256 of a presented token.
std::string HashToken(const std::string& token);

// Opens the organization's signing key (verification method = its DID's
// key) in memory.
Result<keys::SigningKey> LoadSigningKey(store::Store* store,
                                        const MasterKey& master,
                                        const store::Organization& org);

// The DID document for a did:web organization: contexts did/v1 +
// multikey/v1, one Multikey with an absolute id, assertionMethod and
// authentication as strings.
Json DidDocument(const store::Organization& org,
                 const std::string& public_key_multibase);

// An audit event stamped now.
store::AuditEvent AuditNow(const std::string& org_id, const std::string& actor,
                           const std::string& action,
                           const std::string& subject,
                           const std::string& detail);

// "cli:<user>" for audit events written by the command line.
std::string CliActor();

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_ORGANIZATIONS_H_
