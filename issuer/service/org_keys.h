// Key rotation with history for an organization's signing keys.
//
// An organization has one active key at a time. Rotating makes a new key
// active and retires the old one: it stays in the did:web DID document as a
// verification method and in assertionMethod, so every credential it signed
// still verifies. Revoking a key (a compromised key) removes it from
// assertionMethod, marks it `revoked` in the DID document, and can revoke
// every credential it signed in the same transaction. Revoking the active
// key first activates a new one in its place. The key history (each key's
// activated / retired / revoked times) is published next to the DID
// document as key-history.json (specs/issuer-keys.md).
//
// did:key organizations cannot rotate or revoke: their DID is their key,
// so a new key would be a new issuer identity (KEY_ROTATION_UNSUPPORTED).
//
// Errors: NOT_FOUND (no such organization or key), KEY_ROTATION_UNSUPPORTED,
// CONFLICT (a concurrent rotation), STORE_ERROR, WRONG_MASTER_KEY.
//
// Thread safety: functions are thread-safe given a thread-safe store.
#ifndef ANYCRED_ISSUER_SERVICE_ORG_KEYS_H_
#define ANYCRED_ISSUER_SERVICE_ORG_KEYS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/util/status.h"
#include "issuer/service/signer.h"
#include "issuer/store/store.h"

namespace anycred::issuer {

inline constexpr const char* kKeyRotationUnsupported =
    "KEY_ROTATION_UNSUPPORTED";

struct RotatedKey {
  store::SealedKey retired;  // as it is now
  store::SealedKey active;
};

// Makes a new key active and retires the active one (audit: key.create,
// key.rotate).
Result<RotatedKey> RotateKey(store::Store* store, const KeyVault& vault,
                             const std::string& org_id,
                             const std::string& actor);

struct RevokedKey {
  store::SealedKey key;                       // as it is now
  bool newly_revoked = false;                 // false: revoked before
  std::optional<store::SealedKey> activated;  // when it was the active key
  std::vector<std::string> revoked_credentials;
};

// Revokes `key` ("key-1" or its verification method DID#key-1) of the
// organization (audit: key.revoke; key.create and key.rotate when a new key
// takes its place; status.revoke per credential with
// `revoke_credentials`). Revoking a revoked key again is allowed (and with
// `revoke_credentials` revokes what is left).
Result<RevokedKey> RevokeKey(store::Store* store, const KeyVault& vault,
                             const std::string& org_id, const std::string& key,
                             bool revoke_credentials, const std::string& actor);

// "active", "retired" or "revoked".
std::string KeyState(const store::SealedKey& key);

// The published key history (key-history.json and `org key list --json`):
// {"id": DID, "keys": [{"id": VM, "keyId", "type": "Multikey",
// "publicKeyMultibase", "state", "activated", "retired"?, "revoked"?}…]},
// oldest key first.
Json KeyHistoryJson(const store::Organization& org,
                    const std::vector<store::SealedKey>& keys);

// The did:web DID document: every key as a Multikey verification method
// (revoked ones with `revoked`); assertionMethod = active and retired keys,
// newest first; authentication = the active key.
Json DidDocument(const store::Organization& org,
                 const std::vector<store::SealedKey>& keys);

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_ORG_KEYS_H_
