// The issuer service's operations, independent of HTTP: authenticate a
// token, issue (VC API), keep the achievements catalog and award from it,
// change credential status, publish status lists, did:web documents and
// key histories. Everything is signed through the organization's active
// Signer from a KeyVault (signer.h); a key rotated or revoked by another
// process (the CLI) is noticed at the next signature.
// The HTTP layer (issuer/http/) maps these to routes; the command line
// uses SetStatus for revoke/suspend/unsuspend.
//
// Errors carry codes the HTTP layer maps to statuses:
//   INVALID_REQUEST 400, MALFORMED_CREDENTIAL / DATA_LOSS_DETECTION_ERROR /
//   other signing errors 422, UNAUTHORIZED 401, FORBIDDEN 403,
//   NOT_FOUND 404, ALREADY_EXISTS 409, STORE_ERROR 500.
// Messages about a field start with its path ("credential.issuer: …").
//
// Thread safety: thread-safe; one instance serves all request threads.
#ifndef ANYCRED_ISSUER_SERVICE_ISSUER_SERVICE_H_
#define ANYCRED_ISSUER_SERVICE_ISSUER_SERVICE_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/json/json.h"
#include "issuer/service/batch_rows.h"
#include "issuer/service/group_commit.h"
#include "issuer/service/master_key.h"
#include "issuer/service/signer.h"
#include "issuer/service/status_index_pool.h"
#include "issuer/store/store.h"

namespace anycred::issuer {

inline constexpr const char* kUnauthorized = "UNAUTHORIZED";
inline constexpr const char* kForbidden = "FORBIDDEN";
inline constexpr const char* kClaimUsed = "CLAIM_USED";        // 409
inline constexpr const char* kClaimExpired = "CLAIM_EXPIRED";  // 410
inline constexpr const char* kPresentationNotVerified =
    "PRESENTATION_NOT_VERIFIED";  // 422

struct ServiceOptions {
  std::string public_url = "http://localhost:8080";  // no trailing slash
  std::uint64_t status_list_size = 131072;
  std::size_t reserve_block = 256;  // status indices reserved at a time
  std::size_t max_batch = 512;      // credentials per group commit
  int status_ttl_seconds = 300;     // list `ttl` and Cache-Control max-age
  int claim_ttl_seconds = 14 * 24 * 3600;  // claim links, unless asked
  int challenge_ttl_seconds = 600;         // a claim exchange's challenge
};

// A credential the service signed and recorded, and its compact JSON text:
// the bytes stored, which an HTTP answer can send without serializing again.
struct SignedCredential {
  Json credential;
  std::string text;
};

// Who is calling: the token's organization.
struct Principal {
  std::string org_id;
  std::string token_id;
  std::string Actor() const { return "token:" + token_id; }
};

// A bulk award from a CSV file (batches.cc; specs/bulk-issuance.md).
struct BatchRequest {
  std::string org_id;
  std::string actor;  // "cli:<user>" or "token:<token id>"
  std::string achievement_id;
  std::vector<std::string> maps;  // "COLUMN=FIELD" (batch_rows.h)
  bool skip_invalid = false;      // issue the valid rows of a file with
                                  // invalid ones
  bool claim_links = true;        // recipients without a DID get a claim link
  std::int64_t claim_ttl_seconds = 0;  // 0: ServiceOptions'
  std::size_t preview = 3;             // credentials shown by a check
  std::size_t max_problems = 1000;     // problems kept (all are counted)
  unsigned threads = 0;                // signing threads; 0: one per core
  // When set and true, RunBatch stops early with CANCELLED (what was
  // recorded stays; running the batch again finishes it).
  const std::atomic<bool>* cancel = nullptr;
  // Feeds the file's bytes to `sink` from the start, each time it is
  // called (the check reads the file, then the run reads it again).
  std::function<Status(const std::function<Status(std::string_view)>& sink)>
      read;
};

// What a first pass over the file found; nothing is stored by it.
struct BatchCheck {
  store::Batch batch;  // id, rows and valid_rows filled in
  Json mapping;        // {"COLUMN": "FIELD"}
  Json mapping_words;  // {"COLUMN": "result \"Final grade\""}: for people
  std::vector<std::string> unused_columns;
  std::vector<RowProblem> problems;  // the first max_problems
  std::uint64_t problem_count = 0;
  std::uint64_t invalid_rows = 0;
  std::uint64_t awarded_before = 0;          // rows whose award exists already
  std::vector<std::uint64_t> repeated_rows;  // same award as an earlier row
  Json preview = Json::array();              // the first credentials, unsigned
  bool ok() const { return invalid_rows == 0; }
};

// The check as JSON, the same for `bulk --json` and the HTTP answers
// (specs/bulk-issuance.md): batch, achievement, rows, validRows,
// invalidRows, awardedBefore, mapping, unusedColumns, problemCount and
// problems [{row, column, problem, expected}].
Json BatchCheckJson(const BatchCheck& check);

struct BatchProgress {
  std::uint64_t total = 0;  // rows to issue in this run
  std::uint64_t done = 0;   // issued in this run so far
  double seconds = 0;       // since the run started
};

struct BatchOutcome {
  store::Batch batch;
  std::uint64_t issued = 0;             // by this run
  std::uint64_t issued_before = 0;      // by this batch, in earlier runs
  std::uint64_t awarded_elsewhere = 0;  // by another batch or process
  std::uint64_t invalid = 0;            // rows skipped (skip_invalid)
  double seconds = 0;
  bool streamed_all = false;  // the sinks got every credential of the batch
};

struct StatusListDocument {
  std::string body;  // the signed BitstringStatusListCredential
  std::string etag;  // quoted
};

class IssuerService {
 public:
  // Keys sealed under `master` (SealedKeyVault).
  IssuerService(store::Store* store, MasterKey master, ServiceOptions options);
  // Keys kept by `vault`.
  IssuerService(store::Store* store, std::unique_ptr<KeyVault> vault,
                ServiceOptions options);

  ~IssuerService();

  const KeyVault& vault() const { return *vault_; }

  const ServiceOptions& options() const { return options_; }

  // From an "Authorization: Bearer …" value's token. UNAUTHORIZED when
  // absent, unknown or revoked (the message never repeats the token).
  Result<Principal> Authenticate(const std::string& token);
  // The same, answered from a cache of tokens seen before when it can: only
  // for requests whose one effect is recording credentials (issue, award),
  // because the store checks the token again in the transaction that
  // records them (store::IssuedCredential::token_id), so a token revoked by
  // any process stops working at once all the same.
  Result<Principal> AuthenticateToIssue(const std::string& token);

  // POST /credentials/issue. Returns the signed credential.
  Result<SignedCredential> Issue(const Principal& who, Json credential,
                                 const Json& options);

  // POST /achievements: returns the stored achievement and whether it was
  // created (else replaced).
  Result<std::pair<Json, bool>> PutAchievement(const Principal& who,
                                               Json achievement);
  // GET /achievements/ID (public).
  Result<Json> GetAchievement(const std::string& id);
  // POST /achievements/ID/award.
  Result<Json> Award(const Principal& who, const std::string& id,
                     const Json& request);

  // POST /achievements/ID/award as answered over HTTP (claims.cc):
  // {"verifiableCredential", "claim"?}. A recipient without a DID also gets
  // a one-time claim link {"id", "url", "expires"} (unless the request says
  // "claim": false; "claim": {"expiresIn": seconds} sets its lifetime).
  Result<Json> AwardWithClaim(const Principal& who, const std::string& id,
                              const Json& request);
  // POST /workflows/claim/exchanges/TOKEN (claims.cc), the VC API exchange
  // of a claim link: without a presentation, a VerifiablePresentationRequest
  // for DIDAuthentication (new challenge, domain = public URL); with
  // {"verifiablePresentation"} signed by the holder for that challenge, the
  // credential issued to the holder DID, in {"verifiablePresentation"}.
  // NOT_FOUND (unknown link), CLAIM_USED, CLAIM_EXPIRED, INVALID_REQUEST,
  // PRESENTATION_NOT_VERIFIED.
  Result<Json> ClaimExchange(const std::string& token, const Json& body);

  // POST /credentials/status and the CLI. Returns whether the bit changed.
  // Clearing a revocation is refused (revocation is final).
  Result<bool> SetStatus(const std::string& org_id, const std::string& actor,
                         const std::string& credential_id,
                         const std::string& purpose, bool value);

  // ---- bulk awards (batches.cc) ----
  // Reads the whole file once: maps the columns, checks every row, counts
  // the rows awarded already. Stores nothing. INVALID_REQUEST for a file
  // that cannot be used at all (no header, unknown --map column, no
  // recipient column), MALFORMED_CSV, NOT_FOUND / FORBIDDEN for the
  // achievement.
  Result<BatchCheck> CheckBatch(const BatchRequest& request);
  // Records the batch (or finds it, when it ran before) so that
  // BatchStatus knows it; RunBatch does this first too.
  Result<store::Batch> OpenBatch(const BatchRequest& request,
                                 const BatchCheck& check);
  // Issues the rows of a checked file that are not awarded yet: the batch
  // is recorded (or found, when it ran before), then rows are signed on
  // `threads` threads and recorded in group commits, each credential with
  // its award (and claim link) in one transaction. Refuses (INVALID_REQUEST)
  // a file with invalid rows unless skip_invalid. `progress` is called
  // from a worker thread after each commit. Safe to run again or
  // concurrently (another process): each row is issued exactly once.
  //
  // With `sinks`, the credentials issued by this run (JSON Lines) and their
  // mail-merge lines (as ExportBatchClaims with the file writes them) are
  // streamed there in row order as they are recorded; the outcome's
  // `streamed_all` says whether that is the whole batch (otherwise, after
  // a resumed or shared run, export from the store).
  struct Sinks {
    std::ostream* credentials = nullptr;
    std::ostream* claims = nullptr;
  };
  Result<BatchOutcome> RunBatch(
      const BatchRequest& request, const BatchCheck& check,
      const std::function<void(const BatchProgress&)>& progress,
      const Sinks* sinks = nullptr);
  // The batch's signed credentials as JSON Lines, in row order.
  Status ExportBatchCredentials(const std::string& batch_id, std::ostream& out);
  // One line per row of the batch for the mail merge that delivers the
  // credentials: row, credential id, claim link and its expiry. With
  // `request.read` set, the recipient's columns (did, email, studentId,
  // name) from the file are added. The links are secrets for their
  // recipients: the caller keeps the file private.
  Status ExportBatchClaims(const std::string& batch_id,
                           const BatchRequest* request, std::ostream& out);
  // GET /batches/BATCH: {"id", "achievement", "state", "rows", "validRows",
  // "issued", "created", "updated"}. NOT_FOUND unless the batch is the
  // organization's.
  Result<Json> BatchStatus(const std::string& org_id,
                           const std::string& batch_id);

  // GET /status/ORG/LIST.
  Result<StatusListDocument> StatusList(const std::string& org_id,
                                        const std::string& list_id);

  // GET /PATH/did.json and /.well-known/did.json: `path` is "" for the
  // well-known document, else "a/b"; `host` is the Host header.
  Result<Json> DidDocumentFor(const std::string& path, const std::string& host);
  // GET /PATH/key-history.json and /.well-known/key-history.json: the key
  // history (org_keys.h KeyHistoryJson) of the same organization.
  Result<Json> KeyHistoryFor(const std::string& path, const std::string& host);

 private:
  Result<store::Organization> Org(const std::string& id);
  // The organization's active signer (re-read from the store each time,
  // opened once per key).
  Result<std::shared_ptr<const Signer>> Key(const store::Organization& org);
  // The signer Key() last returned, without reading the store: for
  // credentials recorded with key_must_be_active, whose transaction checks
  // that the key is still the active one.
  Result<std::shared_ptr<const Signer>> CachedKey(
      const store::Organization& org);
  // Drops a token from AuthenticateToIssue's cache.
  void ForgetToken(const std::string& token_id);
  static constexpr std::size_t kMaxCachedTokens = 4096;
  Result<store::Organization> DidWebOrg(const std::string& path,
                                        const std::string& host);
  // Checks a credential, gives it an id and status entries, signs it with
  // `key`: the record to store (without award or claim) and the signed
  // credential.
  Result<std::pair<store::IssuedCredential, Json>> PrepareSigned(
      const store::Organization& org, const std::string& actor,
      const std::string& achievement_id, Json credential, const Signer& key);
  // A claim link's token, derived from the claim id (so a batch's links can
  // be written out again after a crash): base64url HMAC-SHA-256 under a
  // key derived from the master key.
  std::string ClaimToken(const std::string& claim_id) const;
  // Signs and records `credential`. `token_id`: the API token that asked
  // for it ("" for none), checked again when the credential is recorded.
  Result<SignedCredential> IssueFor(const store::Organization& org,
                                    const std::string& actor,
                                    const std::string& token_id,
                                    const std::string& achievement_id,
                                    Json credential);
  std::string StatusListUrl(const std::string& org_id,
                            const std::string& list_id) const;

  IssuerService(store::Store* store, std::unique_ptr<KeyVault> vault,
                std::array<std::uint8_t, 32> link_key, ServiceOptions options);

  store::Store* store_;
  std::unique_ptr<KeyVault> vault_;
  std::array<std::uint8_t, 32> link_key_{};  // wiped on destruction
  ServiceOptions options_;
  StatusIndexPool pool_;
  GroupCommitter committer_;

  std::shared_mutex cache_mu_;
  std::map<std::string, store::Organization> orgs_;
  std::map<std::string, std::shared_ptr<const Signer>> keys_;
  std::unordered_map<std::string, Principal> tokens_;  // by token hash

  std::mutex lists_mu_;
  struct CachedList {
    std::int64_t version = -1;
    std::string key_id;  // the key that signed doc
    StatusListDocument doc;
  };
  std::map<std::string, CachedList> lists_;
};

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_ISSUER_SERVICE_H_
