// "keyHistory": the signing key was active when the credential was signed.
// See check_key_history.h and specs/issuer-keys.md.
#include "core/verification/check_key_history.h"

#include <optional>
#include <vector>

#include "core/did/resolver.h"
#include "core/keys/multikey.h"

namespace anycred::verification {

namespace {

constexpr std::string_view kDidJson = "did.json";

// One proof's outcome.
struct KeyResult {
  Outcome outcome = Outcome::kOk;
  Problem problem;  // when not ok
  Json detail = Json::object();
  std::string period;  // "active from A until B", when found
  bool offline = false;
};

std::optional<std::string> StringAt(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// The proof object at `index` of the credential's proof (object or list).
const Json* ProofAt(const Json& credential, std::size_t index) {
  auto it = credential.find("proof");
  if (it == credential.end()) return nullptr;
  if (it->is_object()) return index == 0 ? &*it : nullptr;
  if (it->is_array() && index < it->size() && (*it)[index].is_object())
    return &(*it)[index];
  return nullptr;
}

// A history entry's time, or why it cannot be read.
Result<std::optional<Timestamp>> TimeAt(const Json& entry, const char* key,
                                        const std::string& vm) {
  auto it = entry.find(key);
  if (it == entry.end()) return std::optional<Timestamp>();
  if (!it->is_string()) {
    return Status::Error(kKeyHistoryUnavailable,
                         "the key history's \"" + std::string(key) + "\" of " +
                             vm + " is not a date and time");
  }
  auto t = ParseDateTime(it->get<std::string>(), false);
  if (!t.ok()) {
    return Status::Error(
        kKeyHistoryUnavailable,
        "the key history's \"" + std::string(key) + "\" of " + vm +
            " is not a date and time: " + t.status().message());
  }
  return std::optional<Timestamp>(*t);
}

KeyResult Unknown(KeyResult k, std::string message) {
  k.outcome = Outcome::kUnknown;
  k.problem = {kKeyHistoryUnavailable, std::move(message)};
  k.detail["outcome"] = "unknown";
  return k;
}

KeyResult Failed(KeyResult k, const char* code, std::string message) {
  k.outcome = Outcome::kFailed;
  k.problem = {code, std::move(message)};
  k.detail["outcome"] = "failed";
  return k;
}

KeyResult CheckOne(const Json& credential, const proof::ProofResult& p,
                   const std::string& did,
                   const VerifyCredentialOptions& options) {
  KeyResult k;
  const std::string& vm = p.verification_method;
  k.detail["index"] = p.index;
  k.detail["verificationMethod"] = vm;
  const Json* proof = ProofAt(credential, p.index);
  std::optional<std::string> created_text =
      proof != nullptr ? StringAt(*proof, "created") : std::nullopt;
  if (!created_text) {
    return Unknown(std::move(k), "the proof made with " + vm +
                                     " does not say when it was signed (no "
                                     "\"created\"), so its key's period "
                                     "cannot be compared");
  }
  k.detail["created"] = *created_text;
  auto created = ParseDateTime(*created_text, false);
  if (!created.ok()) {
    return Unknown(std::move(k), "the proof's \"created\" (" + *created_text +
                                     ") is not a date and time");
  }
  auto url = KeyHistoryUrl(did);
  if (!url.ok()) return Unknown(std::move(k), url.status().message());
  k.detail["historyUrl"] = *url;
  if (options.documents == nullptr) {
    return Unknown(std::move(k), "the key history " + *url +
                                     " could not be retrieved (no document "
                                     "source)");
  }
  auto fetched = options.key_histories != nullptr
                     ? options.key_histories->Fetch(*url, *options.documents)
                     : options.documents->FetchDocument(*url);
  if (!fetched.ok()) {
    k.offline = fetched.status().code() == did::kOffline;
    std::string why =
        k.offline ? "the key history " + *url + " is not available offline"
                  : "the issuer publishes no key history that "
                    "could be retrieved (" +
                        fetched.status().message() + ")";
    return Unknown(std::move(k), std::move(why));
  }
  const Json& history = fetched->document;
  Json trace = {{"historyOrigin", fetched->origin}};
  if (!history.is_object() || StringAt(history, "id") != did ||
      !history.contains("keys") || !history["keys"].is_array()) {
    return Unknown(std::move(k), "the key history " + *url +
                                     " is not a key history of " + did +
                                     " (it needs \"id\": \"" + did +
                                     "\" and a \"keys\" list)");
  }
  const Json* entry = nullptr;
  for (const auto& e : history["keys"]) {
    if (e.is_object() && StringAt(e, "id") == vm) {
      entry = &e;
      break;
    }
  }
  if (entry == nullptr) {
    if (options.trace) k.detail["trace"] = std::move(trace);
    return Failed(std::move(k), kKeyNotInHistory,
                  "the key " + vm + " is not in the issuer's key history (" +
                      *url +
                      "): the issuer does not list it as one of its "
                      "signing keys");
  }
  if (auto key_id = StringAt(*entry, "keyId")) trace["keyId"] = *key_id;
  if (auto state = StringAt(*entry, "state")) trace["state"] = *state;
  for (const char* field : {"activated", "retired", "revoked"}) {
    if (auto t = StringAt(*entry, field)) trace[field] = *t;
  }
  if (options.trace) k.detail["trace"] = trace;
  // The history's key must be the key that was resolved and checked.
  if (p.method) {
    auto listed = keys::DecodePublicKeyMultibase(
        StringAt(*entry, "publicKeyMultibase").value_or(""));
    if (!listed.ok() || listed->type != p.method->public_key.type ||
        listed->key != p.method->public_key.key) {
      return Failed(std::move(k), kKeyNotInHistory,
                    "the issuer's key history (" + *url +
                        ") lists another public key for " + vm +
                        " than its DID document");
    }
  }
  auto activated = TimeAt(*entry, "activated", vm);
  auto retired = TimeAt(*entry, "retired", vm);
  auto revoked = TimeAt(*entry, "revoked", vm);
  for (const auto* t : {&activated, &retired, &revoked}) {
    if (!t->ok()) return Unknown(std::move(k), t->status().message());
  }
  if (!*activated) {
    return Unknown(std::move(k),
                   "the key history gives no \"activated\" time "
                   "for " +
                       vm);
  }
  // The period ends at the earliest of retired and revoked.
  std::optional<Timestamp> end = *retired;
  const char* end_word = "retired";
  if (*revoked && (!end || (*revoked)->seconds < end->seconds)) {
    end = *revoked;
    end_word = "revoked";
  }
  std::string from = FormatDateTime(**activated);
  k.period = "active from " + from +
             (end ? " until it was " + std::string(end_word) + " at " +
                        FormatDateTime(*end)
                  : " (still active)");
  std::int64_t signed_at = created->seconds;
  if (signed_at < (*activated)->seconds) {
    std::string why = "the credential was signed at " + *created_text +
                      " with the key " + vm +
                      ", before the issuer put it in use (" + k.period + ")";
    return Failed(std::move(k), kKeyNotActiveWhenSigned, std::move(why));
  }
  if (end && signed_at > end->seconds) {
    std::string why = "the credential was signed at " + *created_text +
                      " with the key " + vm + ", after the issuer " + end_word +
                      " it (" + k.period + ")";
    return Failed(std::move(k), kKeyNotActiveWhenSigned, std::move(why));
  }
  k.detail["outcome"] = "ok";
  return k;
}

}  // namespace

Result<std::string> KeyHistoryUrl(const std::string& did) {
  ANYCRED_ASSIGN_OR_RETURN(std::string url, did::DidWebToUrl(did));
  if (url.size() < kDidJson.size() ||
      url.compare(url.size() - kDidJson.size(), kDidJson.size(), kDidJson) !=
          0) {
    return Status::Error("invalidDid", "no did.json URL for " + did);
  }
  return url.substr(0, url.size() - kDidJson.size()) + "key-history.json";
}

CheckResult CheckKeyHistory(const Json& credential,
                            const proof::ProofsResult& proofs,
                            const VerifyCredentialOptions& options) {
  CheckResult r;
  r.check = "keyHistory";
  r.advisory = true;
  std::vector<KeyResult> results;
  for (const auto& p : proofs.proofs) {
    if (p.proof_purpose != "assertionMethod") continue;
    std::string did =
        p.verification_method.substr(0, p.verification_method.find('#'));
    if (did.rfind("did:web:", 0) != 0) continue;
    results.push_back(CheckOne(credential, p, did, options));
  }
  r.details["applicable"] = !results.empty();
  if (results.empty()) {
    r.summary =
        "Not applicable: the credential is not signed with a did:web key, so "
        "there is no published key history to check (a did:key is a single "
        "key that cannot be rotated).";
    return r;
  }
  Json keys = Json::array();
  bool offline = false;
  const KeyResult* first_ok = nullptr;
  for (auto& k : results) {
    keys.push_back(k.detail);
    if (k.outcome == Outcome::kFailed) {
      r.outcome = Outcome::kFailed;
      r.errors.push_back(k.problem);
    } else if (k.outcome == Outcome::kUnknown) {
      if (r.outcome == Outcome::kOk) r.outcome = Outcome::kUnknown;
      r.warnings.push_back(k.problem);
      offline |= k.offline;
    } else if (first_ok == nullptr) {
      first_ok = &k;
    }
  }
  r.details["keys"] = std::move(keys);
  if (r.outcome == Outcome::kFailed) {
    r.summary =
        "The signing key was not the issuer's key in use when the "
        "credential was signed: " +
        r.errors[0].message + ".";
  } else if (r.outcome == Outcome::kUnknown) {
    r.summary = offline ? "Unknown (offline): the issuer's key history is not "
                          "available offline, so when the key was in use was "
                          "not checked."
                        : "Unknown: when the signing key was in use could not "
                          "be checked (" +
                              r.warnings[0].message + ").";
  } else {
    r.summary = "The signing key " +
                first_ok->detail["verificationMethod"].get<std::string>() +
                " was in use when the credential was signed (" +
                first_ok->detail["created"].get<std::string>() + "; " +
                first_ok->period + ").";
  }
  return r;
}

}  // namespace anycred::verification
