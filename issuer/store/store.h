// The issuer service's durable state, behind one interface so that the
// embedded SQLite store (sqlite_store.h) and a server database (PostgreSQL,
// a later issue) are interchangeable. No SQL exists outside implementations
// of this interface. The schema and its migrations are in
// specs/issuer-store.md.
//
// What the store promises:
//   - Every method that changes state is one transaction, durable when it
//     returns OK; the one exception, RecordCredentialsUnsynced, says so.
//   - Correctness under concurrency comes from transactions and
//     constraints, never from in-process locks of the caller: a status-list
//     index is a row with PRIMARY KEY (list, index) that is created once
//     (reserved) and never deleted, so two processes sharing a database can
//     never hand out the same index twice, and a crash only wastes indices
//     that were reserved but not yet used.
//   - Secrets are stored only sealed (signing keys) or hashed (tokens).
//   - The audit log is append-only: there is no method to change or delete
//     an event.
//
// Errors: NOT_FOUND, ALREADY_EXISTS, CONFLICT (a constraint refused the
// change), STORE_ERROR (the database failed), SCHEMA_TOO_NEW.
//
// Thread safety: implementations are thread-safe; any number of threads
// (and processes sharing the database) may call any method concurrently.
#ifndef ANYCRED_ISSUER_STORE_STORE_H_
#define ANYCRED_ISSUER_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/util/status.h"

namespace anycred::issuer::store {

inline constexpr const char* kAlreadyExists = "ALREADY_EXISTS";
inline constexpr const char* kConflict = "CONFLICT";
inline constexpr const char* kStoreError = "STORE_ERROR";
inline constexpr const char* kSchemaTooNew = "SCHEMA_TOO_NEW";
// RecordCredentials' checks of what the caller read before signing
// (IssuedCredential::token_id, key_must_be_active).
inline constexpr const char* kTokenRevoked = "TOKEN_REVOKED";
inline constexpr const char* kKeyNotActive = "KEY_NOT_ACTIVE";

// A place in a store's commit order (RecordCredentialsUnsynced, Sync).
using SyncToken = std::uint64_t;

struct Organization {
  std::string id;                   // short, URL-safe, e.g. "riverside-college"
  std::string name;                 // for people
  std::string did;                  // did:web:… or did:key:…
  std::string verification_method;  // DID#key-1 (did:web) or did:key#z6Mk…
  bool suspension = false;          // credentials also get a suspension entry
  std::string created;              // XSD dateTimeStamp
};

// An org's signing key: the public part in clear, the 32-byte seed sealed
// under the master key (XChaCha20-Poly1305, AAD = org id + key id), and
// its place in the key history: active from `activated` until `retired`
// (rotated away; its credentials still verify) or `revoked` (withdrawn from
// assertionMethod). Empty = not (yet). At most one key of an organization
// is active (neither retired nor revoked).
struct SealedKey {
  std::string org_id;
  std::string key_id;  // e.g. "key-1"
  std::string public_key_multibase;
  std::string sealed_seed;  // nonce ‖ ciphertext ‖ tag (binary)
  std::string created;
  std::string activated{};
  std::string retired{};
  std::string revoked{};
  bool active() const { return retired.empty() && revoked.empty(); }
};

struct Token {
  std::string id;  // public handle, e.g. "tok_3f9a…"; not a secret
  std::string org_id;
  std::string hash;  // SHA-256 of the token (32 binary bytes)
  std::string created;
  bool revoked = false;
};

struct Achievement {
  std::string id;  // the slug in /achievements/ID
  std::string org_id;
  std::string json;  // the Achievement object as served
  std::string updated;
};

// One Bitstring Status List of an organization.
struct StatusList {
  std::string id;  // the LIST in /status/ORG/LIST
  std::string org_id;
  std::string purpose;       // revocation | suspension
  std::uint64_t size = 0;    // entries
  std::int64_t version = 0;  // bumped at every status change
  std::string created;
};

// A reserved or used index of a list.
struct StatusSlot {
  std::string list_id;
  std::string purpose;
  std::uint64_t index = 0;
};

// One entry of an issued credential and its current value.
struct StatusEntry {
  StatusSlot slot;
  bool set = false;
};

struct AuditEvent {
  std::int64_t seq = 0;  // assigned by the store
  std::string at;        // XSD dateTimeStamp
  std::string org_id;
  std::string actor;    // "cli:<user>", "token:<token id>"
  std::string action;   // e.g. credential.issue, status.revoke, token.create
  std::string subject;  // credential id, token id, key id, achievement id
  std::string detail;   // a short sentence, never a secret
};

// A one-time claim link of an award to a recipient without a DID
// (specs/issuer-store.md "claims").
struct Claim {
  std::string id;  // public handle, e.g. "clm_3f9a…"; not a secret
  std::string org_id;
  std::string achievement_id;
  std::string hash;     // SHA-256 of the link's token (32 binary bytes)
  std::string request;  // the award request, recipient identifiers hashed
  std::string created;  // XSD dateTimeStamp
  std::string expires;
  std::string challenge;  // the current DIDAuthentication challenge, or ""
  std::string challenge_expires;
  std::string used_at;        // "" until claimed
  std::string credential_id;  // the credential issued, once claimed
};

// A bulk award from a CSV file (specs/issuer-store.md "batches"). Its id
// is derived from the organization, the achievement, the column mapping
// and the file's bytes, so running the same file again finds the same
// batch.
struct Batch {
  std::string id;  // "bat_" + 32 hex digits
  std::string org_id;
  std::string achievement_id;
  std::string source_sha256;     // hex, of the file's bytes
  std::string options;           // JSON: mapping, key column, skip_invalid
  std::uint64_t rows = 0;        // data rows in the file
  std::uint64_t valid_rows = 0;  // rows to issue (all rows, or the valid
                                 // ones with skip_invalid)
  std::string state;             // issuing | done
  std::string created;           // XSD dateTimeStamp
  std::string updated;
};

// One award of an achievement to one recipient: the credential that
// carries it, and the batch row it came from. (achievement_id, award_key)
// is unique, so no achievement is awarded twice for the same key, however
// many processes run the same batch.
struct Award {
  std::string achievement_id;
  std::string award_key;  // hex SHA-256 of recipient, achievement, key column
  std::string credential_id;
  std::string batch_id;   // "" when not from a batch
  std::uint64_t row = 0;  // the row of the batch's file
  std::string claim_id;   // the claim link made with it, or ""
};

// A signed credential to record.
struct IssuedCredential {
  std::string id;  // the credential's id
  std::string org_id;
  std::string achievement_id;  // "" when issued through /credentials/issue
  std::string issued_at;
  std::string json;                // the signed credential
  std::string key_id;              // the signing key (its key_id)
  std::vector<StatusSlot> status;  // must be reserved, unused slots
  AuditEvent audit;                // recorded in the same transaction
  // Recorded in the same transaction when present: the award (its key must
  // be new: ALREADY_EXISTS otherwise) and a claim link for the recipient.
  std::optional<Award> award{};
  std::optional<Claim> claim{};
  // Checked in the same transaction when set, so that what the caller read
  // before signing (perhaps from a cache) is still true when the credential
  // is recorded, whichever process changed it: the API token that asked for
  // the credential is the organization's and not revoked (TOKEN_REVOKED
  // otherwise), and `key_id` is the organization's active key
  // (KEY_NOT_ACTIVE otherwise: rotated or revoked since).
  std::string token_id{};
  bool key_must_be_active = false;
};

struct CredentialRecord {
  std::string id;
  std::string org_id;
  std::string achievement_id;
  std::string issued_at;
  std::string json;
  std::vector<StatusEntry> status;
  std::string key_id{};  // the key that signed it
};

// Retiring a compromised key (Store::RevokeSigningKey).
struct KeyRevocation {
  std::string org_id;
  std::string key_id;
  std::string at;     // XSD dateTimeStamp: the key's `revoked` time
  std::string actor;  // for the audit events of revoked credentials
  // Also set the revocation bit of every credential the key signed, with a
  // status.revoke audit event for each.
  bool revoke_credentials = false;
  // When the revoked key is the active one: the key that takes its place
  // (activated at `at`) and the organization's new verification method.
  std::optional<SealedKey> replacement;
  std::string replacement_verification_method;
  std::vector<AuditEvent> audit;  // key.revoke (and key.create), recorded too
};

struct KeyRevocationResult {
  bool newly_revoked = false;  // false: it was revoked already
  std::vector<std::string> revoked_credentials;  // bits set now
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- metadata (key/value, e.g. the master-key check value) ----
  virtual Result<std::optional<std::string>> GetMeta(
      const std::string& name) = 0;
  virtual Status PutMeta(const std::string& name, const std::string& value) = 0;
  virtual int SchemaVersion() = 0;

  // ---- organizations, keys, tokens ----
  // Creates all three and their audit events in one transaction.
  // ALREADY_EXISTS if the org id or DID is taken.
  virtual Status CreateOrganization(const Organization& org,
                                    const SealedKey& key, const Token& token,
                                    const std::vector<AuditEvent>& audit) = 0;
  virtual Result<Organization> GetOrganization(const std::string& id) = 0;
  virtual Result<std::vector<Organization>> ListOrganizations() = 0;
  // The active signing key. NOT_FOUND when the organization has none.
  virtual Result<SealedKey> GetSigningKey(const std::string& org_id) = 0;
  // Every key the organization ever had, oldest first (the key history).
  virtual Result<std::vector<SealedKey>> ListSigningKeys(
      const std::string& org_id) = 0;
  // Key rotation, one transaction: the active key is retired at
  // `next.activated`, `next` is stored as the active key, the
  // organization's verification method becomes `verification_method`, and
  // `audit` is appended. CONFLICT if `next.key_id` is taken (a concurrent
  // rotation); NOT_FOUND if the organization does not exist.
  virtual Status RotateSigningKey(const SealedKey& next,
                                  const std::string& verification_method,
                                  const std::vector<AuditEvent>& audit) = 0;
  // Revokes a key in one transaction (see KeyRevocation). Refuses
  // (INVALID_ARGUMENT) to revoke the active key without a replacement.
  // NOT_FOUND if the organization has no such key.
  virtual Result<KeyRevocationResult> RevokeSigningKey(
      const KeyRevocation& revocation) = 0;

  virtual Status AddToken(const Token& token, const AuditEvent& audit) = 0;
  // NOT_FOUND unless the token exists and belongs to org_id.
  virtual Status RevokeToken(const std::string& org_id,
                             const std::string& token_id,
                             const AuditEvent& audit) = 0;
  // The token whose hash is `hash` (revoked ones too; the caller checks).
  virtual Result<Token> FindToken(const std::string& hash) = 0;
  virtual Result<std::vector<Token>> ListTokens(const std::string& org_id) = 0;

  // ---- achievements ----
  // Creates or replaces. CONFLICT if the id belongs to another org.
  // Returns true when it was created.
  virtual Result<bool> PutAchievement(const Achievement& achievement,
                                      const AuditEvent& audit) = 0;
  virtual Result<Achievement> GetAchievement(const std::string& id) = 0;

  // ---- status lists ----
  // Reserves `n` unused indices of `purpose` for `org_id`, creating lists
  // of `list_size` entries as needed (a list takes new reservations until
  // 7/8 of it is reserved), in one durable transaction. The indices are
  // the next ones of the list's keyed pseudorandom permutation
  // (slot_permutation.h), spread over the list as random draws would be.
  // Reserved indices are never handed out again, used or not.
  virtual Result<std::vector<StatusSlot>> ReserveStatusIndices(
      const std::string& org_id, const std::string& purpose, std::size_t n,
      std::uint64_t list_size) = 0;
  virtual Result<StatusList> GetStatusList(const std::string& org_id,
                                           const std::string& list_id) = 0;
  // Indices whose bit is set.
  virtual Result<std::vector<std::uint64_t>> StatusListSetIndices(
      const std::string& list_id) = 0;
  // Sets or clears the bit of `credential_id`'s entry for `purpose`.
  // NOT_FOUND if the credential (of org_id) or its entry does not exist.
  // Returns whether the bit changed; bumps the list version when it did.
  virtual Result<bool> SetCredentialStatus(const std::string& org_id,
                                           const std::string& credential_id,
                                           const std::string& purpose,
                                           bool value,
                                           const AuditEvent& audit) = 0;

  // ---- credentials ----
  // Records each credential (and its status entries, and its audit event)
  // in ONE transaction: group commit. Returns one Status per
  // credential: OK, ALREADY_EXISTS (the id is taken), CONFLICT (a slot
  // was not reserved or already used), TOKEN_REVOKED or KEY_NOT_ACTIVE
  // (IssuedCredential::token_id, key_must_be_active); one failing credential
  // does not affect the others. A non-OK outer Result means nothing was
  // recorded.
  virtual Result<std::vector<Status>> RecordCredentials(
      const std::vector<IssuedCredential>& batch) = 0;
  // RecordCredentials that may return before the group is on disk: it is
  // committed (every connection sees it; it survives this process dying),
  // and Sync(*token) returns once it would also survive a power cut.
  // Nothing of the group may leave the process (a response, an output
  // file) before that. A caller records its next group while the disk
  // writes this one. A store whose commits are durable anyway returns
  // token 0, for which Sync returns at once.
  virtual Result<std::vector<Status>> RecordCredentialsUnsynced(
      const std::vector<IssuedCredential>& batch, SyncToken* token) {
    *token = 0;
    return RecordCredentials(batch);
  }
  // How many RecordCredentials transactions are worth running at once: 1
  // for a store with one writer (SQLite), more for a server that runs
  // concurrent transactions and flushes their commits together
  // (PostgreSQL). The service's group commit runs this many writers.
  virtual std::size_t ConcurrentWriters() const { return 1; }
  // Returns once every commit up to `token` is on disk. STORE_ERROR when
  // the disk refused: what the token covers may then be lost.
  virtual Status Sync(SyncToken token) {
    (void)token;
    return Status::Ok();
  }
  // NOT_FOUND when absent.
  virtual Result<CredentialRecord> GetCredential(const std::string& id) = 0;
  virtual Result<std::vector<CredentialRecord>> ListCredentials(
      const std::string& org_id) = 0;

  // ---- claims ----
  virtual Status AddClaim(const Claim& claim, const AuditEvent& audit) = 0;
  // The claim whose token hash is `hash`, used or not. NOT_FOUND.
  virtual Result<Claim> FindClaim(const std::string& hash) = 0;
  // Replaces the claim's current challenge. NOT_FOUND.
  virtual Status SetClaimChallenge(const std::string& claim_id,
                                   const std::string& challenge,
                                   const std::string& expires) = 0;
  // Marks an unused claim used by `credential_id` at `at`, atomically:
  // CONFLICT when it was used already (two wallets racing get one each
  // way, never two credentials). NOT_FOUND.
  virtual Status UseClaim(const std::string& claim_id,
                          const std::string& credential_id,
                          const std::string& at, const AuditEvent& audit) = 0;
  // Undoes UseClaim when the credential could not be issued after all.
  virtual Status ReleaseClaim(const std::string& claim_id,
                              const std::string& credential_id) = 0;

  // ---- batches (bulk awards) ----
  // Creates the batch, or returns the one with the same id; the bool is
  // true when it was created (with its audit event).
  virtual Result<std::pair<Batch, bool>> CreateBatch(
      const Batch& batch, const AuditEvent& audit) = 0;
  // NOT_FOUND when absent.
  virtual Result<Batch> GetBatch(const std::string& id) = 0;
  // Sets the state (and `updated`), appending `audit` when its action is
  // not empty. NOT_FOUND.
  virtual Status SetBatchState(const std::string& id, const std::string& state,
                               const std::string& updated,
                               const AuditEvent& audit) = 0;
  // The awards among `award_keys` of `achievement_id` that exist already
  // (from any batch).
  virtual Result<std::vector<Award>> FindAwards(
      const std::string& achievement_id,
      const std::vector<std::string>& award_keys) = 0;
  // Awards recorded for the batch.
  virtual Result<std::uint64_t> CountBatchAwards(
      const std::string& batch_id) = 0;
  // Every award of the batch with its credential's JSON, in row order,
  // streamed to `fn` (an error from `fn` stops and is returned).
  virtual Status ForEachBatchAward(
      const std::string& batch_id,
      const std::function<Status(const Award&, const std::string& json)>&
          fn) = 0;

  // ---- audit ----
  virtual Status AppendAudit(const AuditEvent& event) = 0;
  virtual Result<std::vector<AuditEvent>> ListAudit(
      const std::string& org_id) = 0;
};

}  // namespace anycred::issuer::store

#endif  // ANYCRED_ISSUER_STORE_STORE_H_
