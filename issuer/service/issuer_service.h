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

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "core/json/json.h"
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

// Who is calling: the token's organization.
struct Principal {
  std::string org_id;
  std::string token_id;
  std::string Actor() const { return "token:" + token_id; }
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

  const KeyVault& vault() const { return *vault_; }

  const ServiceOptions& options() const { return options_; }

  // From an "Authorization: Bearer …" value's token. UNAUTHORIZED when
  // absent, unknown or revoked (the message never repeats the token).
  Result<Principal> Authenticate(const std::string& token);

  // POST /credentials/issue. Returns the signed credential.
  Result<Json> Issue(const Principal& who, Json credential,
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
  Result<store::Organization> DidWebOrg(const std::string& path,
                                        const std::string& host);
  Result<Json> IssueFor(const store::Organization& org,
                        const std::string& actor,
                        const std::string& achievement_id, Json credential);
  std::string StatusListUrl(const std::string& org_id,
                            const std::string& list_id) const;

  store::Store* store_;
  std::unique_ptr<KeyVault> vault_;
  ServiceOptions options_;
  StatusIndexPool pool_;
  GroupCommitter committer_;

  std::shared_mutex cache_mu_;
  std::map<std::string, store::Organization> orgs_;
  std::map<std::string, std::shared_ptr<const Signer>> keys_;

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
