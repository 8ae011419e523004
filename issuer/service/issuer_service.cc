#include "issuer/service/issuer_service.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "core/crypto/sha2.h"
#include "core/encoding/hex.h"
#include "core/proof/data_integrity.h"
#include "core/status/bitstring.h"
#include "core/util/datetime.h"
#include "core/util/uuid.h"
#include "core/vc/structure.h"
#include "issuer/service/open_badges.h"
#include "issuer/service/org_keys.h"
#include "issuer/service/organizations.h"
#include "issuer/service/sealed_key_vault.h"

namespace anycred::issuer {

namespace {

Status Bad(const std::string& field, const std::string& problem) {
  return Status::Error(kInvalidRequest, field + ": " + problem);
}

bool ValidSlug(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

// The `path` of a did:web DID ("" when it has none) and its host part.
void SplitDidWeb(const std::string& did, std::string* host, std::string* path) {
  std::string rest = did.substr(8);  // after "did:web:"
  std::size_t colon = rest.find(':');
  *host = rest.substr(0, colon);
  path->clear();
  if (colon == std::string::npos) return;
  *path = rest.substr(colon + 1);
  std::replace(path->begin(), path->end(), ':', '/');
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

namespace {

// The service's claim-link key: derived from the master key (so links of a
// batch can be written out again by another process), random with another
// vault.
std::array<std::uint8_t, 32> RandomLinkKey() {
  std::array<std::uint8_t, 32> k{};
  randombytes_buf(k.data(), k.size());
  return k;
}

}  // namespace

IssuerService::IssuerService(store::Store* store, MasterKey master,
                             ServiceOptions options)
    : IssuerService(store, nullptr, master.DeriveKey(1, "claimlnk"),
                    std::move(options)) {
  vault_ = std::make_unique<SealedKeyVault>(std::move(master));
}

IssuerService::IssuerService(store::Store* store,
                             std::unique_ptr<KeyVault> vault,
                             ServiceOptions options)
    : IssuerService(store, std::move(vault), RandomLinkKey(),
                    std::move(options)) {}

IssuerService::IssuerService(store::Store* store,
                             std::unique_ptr<KeyVault> vault,
                             std::array<std::uint8_t, 32> link_key,
                             ServiceOptions options)
    : store_(store),
      vault_(std::move(vault)),
      link_key_(link_key),
      options_(std::move(options)),
      pool_(store, options_.reserve_block, options_.status_list_size),
      committer_(store, options_.max_batch) {
  sodium_memzero(link_key.data(), link_key.size());
  while (!options_.public_url.empty() && options_.public_url.back() == '/')
    options_.public_url.pop_back();
}

IssuerService::~IssuerService() {
  sodium_memzero(link_key_.data(), link_key_.size());
}

Result<store::Organization> IssuerService::Org(const std::string& id) {
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    auto it = orgs_.find(id);
    if (it != orgs_.end()) return it->second;
  }
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org,
                           store_->GetOrganization(id));
  std::unique_lock<std::shared_mutex> lock(cache_mu_);
  orgs_[id] = org;
  return org;
}

Result<std::shared_ptr<const Signer>> IssuerService::Key(
    const store::Organization& org) {
  // One indexed read per signature: a rotation or revocation committed by
  // another process takes effect at the next credential.
  ANYCRED_ASSIGN_OR_RETURN(store::SealedKey active,
                           store_->GetSigningKey(org.id));
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    auto it = keys_.find(org.id);
    if (it != keys_.end() && it->second->key_id() == active.key_id)
      return it->second;
  }
  ANYCRED_ASSIGN_OR_RETURN(
      std::unique_ptr<Signer> opened,
      vault_->Open(active, VerificationMethodFor(org.did, active)));
  std::shared_ptr<const Signer> shared(std::move(opened));
  std::unique_lock<std::shared_mutex> lock(cache_mu_);
  keys_[org.id] = shared;
  return shared;
}

Result<std::shared_ptr<const Signer>> IssuerService::CachedKey(
    const store::Organization& org) {
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    auto it = keys_.find(org.id);
    if (it != keys_.end()) return it->second;
  }
  return Key(org);
}

Result<Principal> IssuerService::AuthenticateToIssue(const std::string& token) {
  if (!token.empty()) {
    std::string hash = HashToken(token);
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    auto it = tokens_.find(hash);
    if (it != tokens_.end()) return it->second;
  }
  ANYCRED_ASSIGN_OR_RETURN(Principal who, Authenticate(token));
  std::unique_lock<std::shared_mutex> lock(cache_mu_);
  if (tokens_.size() >= kMaxCachedTokens) tokens_.clear();
  tokens_.emplace(HashToken(token), who);
  return who;
}

void IssuerService::ForgetToken(const std::string& token_id) {
  std::unique_lock<std::shared_mutex> lock(cache_mu_);
  std::erase_if(tokens_,
                [&](const auto& kv) { return kv.second.token_id == token_id; });
}

Result<Principal> IssuerService::Authenticate(const std::string& token) {
  if (token.empty())
    return Status::Error(kUnauthorized,
                         "this request needs an API token: send the header "
                         "\"Authorization: Bearer <token>\"");
  std::string hash = HashToken(token);
  auto found = store_->FindToken(hash);
  if (!found.ok()) {
    if (found.status().code() == codes::kNotFound)
      return Status::Error(kUnauthorized, "the API token is not valid");
    return found.status();
  }
  // The lookup is by hash; compare again in constant time all the same.
  if (found->hash.size() != hash.size() ||
      sodium_memcmp(found->hash.data(), hash.data(), hash.size()) != 0)
    return Status::Error(kUnauthorized, "the API token is not valid");
  if (found->revoked)
    return Status::Error(kUnauthorized, "the API token has been revoked");
  return Principal{found->org_id, found->id};
}

std::string IssuerService::StatusListUrl(const std::string& org_id,
                                         const std::string& list_id) const {
  return options_.public_url + "/status/" + org_id + "/" + list_id;
}

Result<SignedCredential> IssuerService::Issue(const Principal& who,
                                              Json credential,
                                              const Json& options) {
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org, Org(who.org_id));
  if (!credential.is_object())
    return Bad("credential", "must be a JSON object (the credential to issue)");
  std::string issuer = vc::IssuerId(credential);
  if (issuer.empty())
    return Status::Error(
        vc::kMalformedCredential,
        "credential.issuer: is required; set it to " + org.did);
  if (issuer != org.did)
    return Status::Error(
        kForbidden, "credential.issuer: this token issues for " + org.did +
                        " (organization " + org.id + "), not for " + issuer);
  if (!credential.contains("id") && options.is_object() &&
      options.contains("credentialId") && options["credentialId"].is_string())
    credential["id"] = options["credentialId"];
  return IssueFor(org, who.Actor(), who.token_id, "", std::move(credential));
}

Result<std::pair<store::IssuedCredential, Json>> IssuerService::PrepareSigned(
    const store::Organization& org, const std::string& actor,
    const std::string& achievement_id, Json credential, const Signer& key) {
  if (credential.contains("credentialStatus"))
    return Status::Error(vc::kMalformedCredential,
                         "credential.credentialStatus: leave it out; the "
                         "service adds the status list entry");
  if (credential.contains("proof"))
    return Status::Error(vc::kMalformedCredential,
                         "credential.proof: leave it out; the service signs");
  if (!credential.contains("id")) credential["id"] = NewTimeOrderedUrnUuid();
  if (vc::DetectDataModel(credential) == vc::DataModel::kV2 &&
      !credential.contains("validFrom"))
    credential["validFrom"] = FormatDateTime(Now());
  std::vector<Status> problems = vc::CheckCredentialStructure(credential);
  if (!problems.empty()) {
    std::string msg;
    for (const auto& p : problems)
      msg += (msg.empty() ? "credential." : "; credential.") + p.message();
    return Status::Error(vc::kMalformedCredential, msg);
  }
  Status ob = CheckOpenBadge(credential);
  if (!ob.ok()) return Status::Error(ob.code(), "credential." + ob.message());
  if (!credential["id"].is_string())
    return Status::Error(vc::kMalformedCredential,
                         "credential.id: must be a URL text");
  const std::string id = credential["id"].get<std::string>();

  // Indices are durable (reserved) before anything is signed with them.
  std::vector<store::StatusSlot> slots;
  ANYCRED_ASSIGN_OR_RETURN(auto rev, pool_.Take(org.id, "revocation"));
  slots.push_back(std::move(rev));
  if (org.suspension) {
    ANYCRED_ASSIGN_OR_RETURN(auto sus, pool_.Take(org.id, "suspension"));
    slots.push_back(std::move(sus));
  }
  Json entries = Json::array();
  for (const auto& s : slots) {
    std::string url = StatusListUrl(org.id, s.list_id);
    entries.push_back({{"id", url + "#" + std::to_string(s.index)},
                       {"type", "BitstringStatusListEntry"},
                       {"statusPurpose", s.purpose},
                       {"statusListIndex", std::to_string(s.index)},
                       {"statusListCredential", url}});
  }
  credential["credentialStatus"] =
      entries.size() == 1 ? entries[0] : std::move(entries);

  auto signed_doc = SignDocument(std::move(credential), key);
  if (!signed_doc.ok()) {
    return Status::Error(signed_doc.status().code(),
                         "credential: " + signed_doc.status().message());
  }
  store::IssuedCredential rec;
  rec.id = id;
  rec.org_id = org.id;
  rec.achievement_id = achievement_id;
  rec.issued_at = FormatDateTime(Now());
  rec.json = DumpJson(*signed_doc);
  rec.key_id = key.key_id();
  rec.status = std::move(slots);
  rec.audit = AuditNow(org.id, actor, "credential.issue", id,
                       achievement_id.empty()
                           ? "credential issued"
                           : "achievement " + achievement_id + " awarded");
  return std::make_pair(std::move(rec), std::move(*signed_doc));
}

Result<SignedCredential> IssuerService::IssueFor(
    const store::Organization& org, const std::string& actor,
    const std::string& token_id, const std::string& achievement_id,
    Json credential) {
  // The token and the key may come from caches; the store checks both again
  // when it records the credential. A key rotated away since (by any
  // process) means signing once more with the key now active.
  for (bool fresh = false;; fresh = true) {
    ANYCRED_ASSIGN_OR_RETURN(auto key, fresh ? Key(org) : CachedKey(org));
    ANYCRED_ASSIGN_OR_RETURN(
        auto prepared,
        PrepareSigned(org, actor, achievement_id, std::move(credential), *key));
    prepared.first.token_id = token_id;
    prepared.first.key_must_be_active = true;
    SignedCredential out{std::move(prepared.second), prepared.first.json};
    Status st = committer_.Record(std::move(prepared.first));
    if (st.ok()) return out;
    if (st.code() == store::kKeyNotActive && !fresh) {
      // The same credential (its id, validFrom) without what signing added.
      credential = std::move(out.credential);
      credential.erase("proof");
      credential.erase("credentialStatus");
      continue;
    }
    if (st.code() == store::kTokenRevoked) {
      ForgetToken(token_id);
      return Status::Error(kUnauthorized, "the API token has been revoked");
    }
    if (st.code() == store::kAlreadyExists)
      return Status::Error(
          store::kAlreadyExists,
          "credential.id: " + st.message() + "; use a new id or leave it out");
    return st;
  }
}

Result<std::pair<Json, bool>> IssuerService::PutAchievement(
    const Principal& who, Json achievement) {
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org, Org(who.org_id));
  if (!achievement.is_object())
    return Bad("achievement", "must be a JSON object");
  std::string prefix = options_.public_url + "/achievements/";
  std::string slug;
  if (achievement.contains("id")) {
    if (!achievement["id"].is_string()) return Bad("id", "must be a text");
    slug = achievement["id"].get<std::string>();
    if (slug.rfind(prefix, 0) == 0) slug = slug.substr(prefix.size());
    if (!ValidSlug(slug))
      return Bad("id",
                 "must be a short name of letters, digits, '-', '_' or '.' "
                 "(at most 64), or " +
                     prefix + "NAME");
  } else {
    slug = NewUrnUuid().substr(9);
  }
  ANYCRED_ASSIGN_OR_RETURN(
      Json normalized,
      NormalizeAchievement(std::move(achievement), prefix + slug));
  // Sign a sample award so that a term the contexts do not define is
  // refused now (safe mode), not at the first award.
  {
    Json sample = Json{{"recipient", {{"id", "did:example:recipient"}}}};
    ANYCRED_ASSIGN_OR_RETURN(Json cred,
                             BuildAward(org, normalized, sample, "salt"));
    ANYCRED_ASSIGN_OR_RETURN(auto key, Key(org));
    auto signed_doc = SignDocument(std::move(cred), *key);
    if (!signed_doc.ok())
      return Status::Error(signed_doc.status().code(),
                           "achievement: " + signed_doc.status().message());
  }
  store::Achievement a{slug, org.id, DumpJson(normalized),
                       FormatDateTime(Now())};
  auto created = store_->PutAchievement(
      a,
      AuditNow(org.id, who.Actor(), "achievement.put", slug,
               "achievement \"" + normalized.value("name", "") + "\" saved"));
  if (!created.ok()) {
    if (created.status().code() == store::kConflict)
      return Status::Error(kForbidden, "id: " + created.status().message());
    return created.status();
  }
  return std::make_pair(std::move(normalized), *created);
}

Result<Json> IssuerService::GetAchievement(const std::string& id) {
  ANYCRED_ASSIGN_OR_RETURN(store::Achievement a, store_->GetAchievement(id));
  return ParseJson(a.json);
}

Result<Json> IssuerService::Award(const Principal& who, const std::string& id,
                                  const Json& request) {
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org, Org(who.org_id));
  ANYCRED_ASSIGN_OR_RETURN(store::Achievement a, store_->GetAchievement(id));
  if (a.org_id != org.id)
    return Status::Error(kForbidden, "the achievement " + id +
                                         " belongs to another organization");
  ANYCRED_ASSIGN_OR_RETURN(Json achievement, ParseJson(a.json));
  std::uint8_t salt_bytes[12];
  randombytes_buf(salt_bytes, sizeof salt_bytes);
  std::string salt = encoding::HexEncode(salt_bytes);
  ANYCRED_ASSIGN_OR_RETURN(Json cred,
                           BuildAward(org, achievement, request, salt));
  ANYCRED_ASSIGN_OR_RETURN(
      SignedCredential issued,
      IssueFor(org, who.Actor(), who.token_id, id, std::move(cred)));
  return std::move(issued.credential);
}

Result<bool> IssuerService::SetStatus(const std::string& org_id,
                                      const std::string& actor,
                                      const std::string& credential_id,
                                      const std::string& purpose, bool value) {
  if (purpose != "revocation" && purpose != "suspension")
    return Bad("credentialStatus.statusPurpose",
               "must be \"revocation\" or \"suspension\"");
  auto rec = store_->GetCredential(credential_id);
  if (!rec.ok()) {
    if (rec.status().code() == codes::kNotFound)
      return Status::Error(codes::kNotFound,
                           "credentialId: no credential " + credential_id);
    return rec.status();
  }
  if (rec->org_id != org_id)
    return Status::Error(kForbidden, "credentialId: the credential " +
                                         credential_id +
                                         " was issued by another organization");
  if (purpose == "revocation" && !value) {
    for (const auto& e : rec->status)
      if (e.slot.purpose == "revocation" && e.set)
        return Status::Error(vc::kMalformedCredential,
                             "status: a revocation is final and cannot be "
                             "undone; issue a new credential instead");
  }
  std::string action = purpose == "revocation"
                           ? "status.revoke"
                           : (value ? "status.suspend" : "status.unsuspend");
  auto changed = store_->SetCredentialStatus(
      org_id, credential_id, purpose, value,
      AuditNow(org_id, actor, action, credential_id,
               purpose + (value ? " set" : " cleared")));
  if (!changed.ok() && changed.status().code() == codes::kNotFound)
    return Status::Error(codes::kNotFound,
                         "credentialStatus.statusPurpose: the credential " +
                             credential_id + " has no " + purpose + " entry");
  return changed;
}

Result<StatusListDocument> IssuerService::StatusList(
    const std::string& org_id, const std::string& list_id) {
  ANYCRED_ASSIGN_OR_RETURN(store::StatusList list,
                           store_->GetStatusList(org_id, list_id));
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org, Org(org_id));
  ANYCRED_ASSIGN_OR_RETURN(auto key, Key(org));
  std::lock_guard<std::mutex> lock(lists_mu_);
  CachedList& cached = lists_[list_id];
  // Re-signed when a bit changed or the signing key did (a list signed by
  // a revoked key would no longer verify).
  if (cached.version == list.version && cached.key_id == key->key_id())
    return cached.doc;
  ANYCRED_ASSIGN_OR_RETURN(auto set, store_->StatusListSetIndices(list_id));
  status::Bitstring bits(list.size);
  for (std::uint64_t i : set) ANYCRED_RETURN_IF_ERROR(bits.Set(i, 1));
  std::string url = StatusListUrl(org_id, list_id);
  Json cred = Json::object();
  cred["@context"] = Json::array({vc::kContextV2});
  cred["id"] = url;
  cred["type"] =
      Json::array({"VerifiableCredential", "BitstringStatusListCredential"});
  cred["issuer"] = org.did;
  cred["validFrom"] = FormatDateTime(Now());
  cred["credentialSubject"] = {
      {"id", url + "#list"},
      {"type", "BitstringStatusList"},
      {"statusPurpose", list.purpose},
      {"encodedList", bits.Encode()},
      {"ttl", static_cast<std::int64_t>(options_.status_ttl_seconds) * 1000}};
  ANYCRED_ASSIGN_OR_RETURN(Json signed_doc,
                           SignDocument(std::move(cred), *key));
  cached.version = list.version;
  cached.key_id = key->key_id();
  cached.doc.body = DumpJson(signed_doc);
  cached.doc.etag =
      "\"" + list_id + "-" + std::to_string(list.version) + "-" +
      crypto::HashHex(crypto::HashAlgorithm::kSha256, cached.doc.body)
          .substr(0, 16) +
      "\"";
  return cached.doc;
}

Result<store::Organization> IssuerService::DidWebOrg(const std::string& path,
                                                     const std::string& host) {
  ANYCRED_ASSIGN_OR_RETURN(auto orgs, store_->ListOrganizations());
  const store::Organization* match = nullptr;
  int matches = 0;
  std::string want_host = Lower(host);
  std::size_t colon = want_host.rfind(':');
  if (colon != std::string::npos && want_host.find(']') == std::string::npos)
    want_host =
        want_host.substr(0, colon) + "%3a" + want_host.substr(colon + 1);
  for (const auto& o : orgs) {
    if (o.did.rfind("did:web:", 0) != 0) continue;
    std::string h, p;
    SplitDidWeb(o.did, &h, &p);
    if (p != path) continue;
    if (Lower(h) == want_host) {
      match = &o;
      matches = 1;
      break;
    }
    ++matches;
    match = &o;
  }
  if (match == nullptr || matches != 1)
    return Status::Error(
        codes::kNotFound,
        "no did:web organization is served at " +
            (path.empty() ? std::string("/.well-known") : "/" + path) +
            "/ (did.json, key-history.json)");
  return *match;
}

Result<Json> IssuerService::DidDocumentFor(const std::string& path,
                                           const std::string& host) {
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org, DidWebOrg(path, host));
  ANYCRED_ASSIGN_OR_RETURN(auto keys, store_->ListSigningKeys(org.id));
  return DidDocument(org, keys);
}

Result<Json> IssuerService::KeyHistoryFor(const std::string& path,
                                          const std::string& host) {
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org, DidWebOrg(path, host));
  ANYCRED_ASSIGN_OR_RETURN(auto keys, store_->ListSigningKeys(org.id));
  return KeyHistoryJson(org, keys);
}

}  // namespace anycred::issuer
