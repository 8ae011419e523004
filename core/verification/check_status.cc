// "status": Bitstring Status List 1.0 (and StatusList2021) revocation and
// suspension. See checks.h and specs/verification-report.md.
#include <algorithm>

#include "core/proof/data_integrity.h"
#include "core/proof/errors.h"
#include "core/status/bitstring.h"
#include "core/vc/structure.h"
#include "core/verification/checks.h"
#include "core/verification/revocation_list_1edtech.h"

namespace anycred::verification {

namespace {
constexpr const char* kUnavailable = "STATUS_UNAVAILABLE";
constexpr const char* kListInvalid = "STATUS_VERIFICATION_ERROR";
constexpr const char* kMalformed = "MALFORMED_VALUE_ERROR";
// How far a status list's validFrom may be ahead of the moment we read it.
constexpr std::int64_t kListClockSkewSeconds = 300;

bool HasType(const Json& doc, const char* type) {
  auto t = doc.find("type");
  if (t == doc.end()) return false;
  if (t->is_string()) return *t == type;
  if (!t->is_array()) return false;
  return std::any_of(t->begin(), t->end(),
                     [&](const Json& x) { return x.is_string() && x == type; });
}

std::optional<std::string> StringAt(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

StatusListInfo LoadStatusList(const std::string& url,
                              const VerifyCredentialOptions& options) {
  StatusListInfo info;
  info.url = url;
  if (options.documents == nullptr) {
    info.retrieval = Status::Error(
        kUnavailable, "the status list " + url +
                          " could not be retrieved (no document source)");
    return info;
  }
  auto fetched = options.documents->FetchDocument(url);
  if (!fetched.ok()) {
    info.offline = fetched.status().code() == did::kOffline;
    info.retrieval = Status::Error(
        kUnavailable,
        info.offline ? "the status list " + url + " is not available offline"
                     : "the status list could not be retrieved: " +
                           fetched.status().message());
    return info;
  }
  info.origin = fetched->origin;
  info.fetched_at = fetched->fetched_at;
  info.note = fetched->note;
  const Json& list = fetched->document;
  if (!list.is_object()) {
    info.decoding = Status::Error(kListInvalid, url + " is not a JSON object");
    return info;
  }
  bool v2021 = HasType(list, "StatusList2021Credential");
  info.type = v2021 ? "StatusList2021Credential"
                    : (HasType(list, "BitstringStatusListCredential")
                           ? "BitstringStatusListCredential"
                           : "");
  info.issuer = vc::IssuerId(list);
  bool v1 = vc::DetectDataModel(list) == vc::DataModel::kV1_1;
  info.valid_from = StringAt(list, v1 ? "issuanceDate" : "validFrom");
  info.valid_until = StringAt(list, v1 ? "expirationDate" : "validUntil");

  // The list's own proof, with the same resolver and suites.
  proof::VerifyProofOptions po;
  po.expected_proof_purpose = "assertionMethod";
  po.now = options.at;
  po.resolver = options.resolver;
  po.env = options.env;
  proof::ProofsResult proofs = proof::VerifyProofs(list, po);
  bool only_key_problems = !proofs.proofs.empty() && proofs.errors.empty();
  for (const auto& e : proofs.errors)
    info.proof_problems.push_back({e.code(), e.message()});
  for (const auto& p : proofs.proofs) {
    for (const auto& e : p.errors) {
      info.proof_problems.push_back({e.code(), e.message()});
      if (e.code() != proof::codes::kKeyUnresolvable) only_key_problems = false;
    }
    if (p.verified && p.method && p.proof_purpose == "assertionMethod")
      info.signers.push_back(p.method->controller);
  }
  info.proof = proofs.verified ? Outcome::kOk
               : only_key_problems && !info.proof_problems.empty()
                   ? Outcome::kUnknown
                   : Outcome::kFailed;

  if (info.type.empty()) {
    info.decoding = Status::Error(
        kListInvalid, url + " is not a BitstringStatusListCredential");
    return info;
  }
  auto s = list.find("credentialSubject");
  const Json* subject = nullptr;
  if (s != list.end()) subject = s->is_array() && !s->empty() ? &(*s)[0] : &*s;
  if (subject == nullptr || !subject->is_object()) {
    info.decoding = Status::Error(kListInvalid,
                                  url + ": the list has no credentialSubject");
    return info;
  }
  if (auto p = subject->find("statusPurpose"); p != subject->end()) {
    if (p->is_string()) info.purposes.push_back(p->get<std::string>());
    if (p->is_array())
      for (const auto& x : *p)
        if (x.is_string()) info.purposes.push_back(x.get<std::string>());
  }
  if (auto t = subject->find("ttl");
      t != subject->end() && t->is_number_integer())
    info.ttl_ms = t->get<std::int64_t>();
  auto encoded = StringAt(*subject, "encodedList");
  if (!encoded) {
    info.decoding = Status::Error(
        kMalformed, url + ": credentialSubject.encodedList is missing");
    return info;
  }
  std::string text = *encoded;
  if (v2021) {
    // StatusList2021: base64 (url or standard alphabet) without multibase.
    std::replace(text.begin(), text.end(), '+', '-');
    std::replace(text.begin(), text.end(), '/', '_');
    text.erase(std::remove(text.begin(), text.end(), '='), text.end());
    text = "u" + text;
  }
  auto bits = status::Bitstring::Decode(text, 1);
  if (!bits.ok()) {
    info.decoding = bits.status().WithContext(url);
    return info;
  }
  info.bits = bits->bytes();
  return info;
}

struct EntryResult {
  Outcome outcome = Outcome::kOk;
  std::vector<Problem> errors, warnings;
  Json detail = Json::object();
  std::string purpose;
  bool set = false;
  bool offline = false;
  std::optional<Timestamp> as_of;
};

// A 1EdTechRevocationList entry: the credential's id looked up in the
// issuer's list (revocation_list_1edtech.h).
EntryResult Check1EdTechEntry(const Json& entry, const std::string& path,
                              const std::string& credential_id,
                              const std::string& issuer,
                              const VerifyCredentialOptions& options) {
  using State = RevocationListResult::State;
  EntryResult r;
  r.purpose = "revocation";
  r.detail["type"] = k1EdTechRevocationList;
  r.detail["statusPurpose"] = "revocation";
  auto url = StringAt(entry, "id");
  if (!url || !vc::IsUrl(Json(*url))) {
    r.outcome = Outcome::kFailed;
    r.errors.push_back(
        {kMalformed, path + ": id must be the URL of the revocation list"});
    return r;
  }
  r.detail["revocationList"] = *url;
  if (credential_id.empty()) {
    r.outcome = Outcome::kUnknown;
    r.errors.push_back(
        {kUnavailable, path +
                           ": the credential has no id to look up in the "
                           "revocation list " +
                           *url});
    return r;
  }
  RevocationListResult found =
      CheckRevocationList(*url, credential_id, issuer, options.documents);
  if (found.state == State::kUnavailable) {
    r.outcome = Outcome::kUnknown;
    r.offline = found.offline;
    r.errors.push_back({kUnavailable, found.message});
    return r;
  }
  r.as_of = found.fetched_at;
  r.detail["listOrigin"] = found.origin;
  if (found.fetched_at)
    r.detail["statusAsOf"] = FormatDateTime(*found.fetched_at);
  if (!found.note.empty()) r.warnings.push_back({"STATUS_STALE", found.note});
  if (found.state == State::kInvalid) {
    r.outcome = Outcome::kFailed;
    r.errors.push_back({kListInvalid, path + ": " + found.message});
    return r;
  }
  r.detail["value"] = found.state == State::kRevoked ? 1 : 0;
  if (options.trace) r.detail["trace"] = {{"listEntries", found.listed}};
  if (found.state == State::kNotRevoked) return r;
  r.set = true;
  r.outcome = Outcome::kFailed;
  if (!found.reason.empty()) r.detail["statusMessage"] = found.reason;
  r.errors.push_back(
      {"REVOKED", path + ": the issuer has revoked this credential" +
                      (found.reason.empty() ? "" : " (" + found.reason + ")")});
  return r;
}

EntryResult CheckEntry(const Json& entry, const std::string& path,
                       const std::string& credential_id,
                       const std::string& issuer,
                       const VerifyCredentialOptions& options,
                       StatusListCache* cache) {
  EntryResult r;
  auto fail = [&](const char* code, const std::string& msg) {
    r.outcome = Outcome::kFailed;
    r.errors.push_back({code, path + ": " + msg});
    return r;
  };
  auto unknown = [&](const char* code, const std::string& msg) {
    if (r.outcome == Outcome::kOk) r.outcome = Outcome::kUnknown;
    r.errors.push_back({code, msg});
    return r;
  };
  if (!entry.is_object()) return fail(kMalformed, "must be an object");
  std::string type = entry.value("type", "");
  r.detail["type"] = type;
  bool v2021 = type == "StatusList2021Entry";
  if (type == k1EdTechRevocationList)
    return Check1EdTechEntry(entry, path, credential_id, issuer, options);
  if (type != "BitstringStatusListEntry" && !v2021) {
    return unknown("STATUS_UNSUPPORTED",
                   path + ": status method \"" + type +
                       "\" is not supported, so revocation was not checked");
  }
  auto purpose = StringAt(entry, "statusPurpose");
  if (!purpose) return fail(kMalformed, "statusPurpose must be a string");
  r.purpose = *purpose;
  r.detail["statusPurpose"] = *purpose;
  auto url = StringAt(entry, "statusListCredential");
  if (!url || !vc::IsUrl(Json(*url)))
    return fail(kMalformed, "statusListCredential must be a URL");
  r.detail["statusListCredential"] = *url;
  std::optional<std::string> index_text = StringAt(entry, "statusListIndex");
  if (!index_text && v2021) {
    auto it = entry.find("statusListIndex");
    if (it != entry.end() && it->is_number_integer() && *it >= 0)
      index_text = std::to_string(it->get<std::uint64_t>());
  }
  if (!index_text)
    return fail(kMalformed,
                "statusListIndex must be a base-10 integer written as a "
                "string");
  auto index = status::ParseStatusListIndex(*index_text);
  if (!index.ok()) return fail(kMalformed, index.status().message());
  r.detail["statusListIndex"] = *index_text;
  unsigned size = 1;
  if (auto it = entry.find("statusSize"); it != entry.end()) {
    if (!it->is_number_integer() || *it < 1 || *it > 32)
      return fail(kMalformed, "statusSize must be an integer from 1 to 32");
    size = it->get<unsigned>();
    r.detail["statusSize"] = size;
  }
  const Json* messages = nullptr;
  if (auto it = entry.find("statusMessage"); it != entry.end()) {
    if (!it->is_array())
      return fail(kMalformed, "statusMessage must be an array");
    messages = &*it;
  }
  if (size > 1 && (messages == nullptr || messages->size() != (1ull << size)))
    return fail(kMalformed, "with statusSize " + std::to_string(size) +
                                ", statusMessage must list " +
                                std::to_string(1ull << size) + " statuses");

  auto info = cache->Get(
      *url, [&](const std::string& u) { return LoadStatusList(u, options); });
  if (!info->retrieval.ok()) {
    r.offline = info->offline;
    return unknown(kUnavailable, info->retrieval.message());
  }
  r.as_of = info->fetched_at;
  r.detail["listOrigin"] = info->origin;
  if (info->fetched_at)
    r.detail["statusAsOf"] = FormatDateTime(*info->fetched_at);
  if (!info->note.empty()) r.warnings.push_back({"STATUS_STALE", info->note});
  // Trust in the list: its own proof, by the credential's issuer.
  if (info->proof == Outcome::kFailed) {
    std::string why = info->proof_problems.empty()
                          ? ""
                          : ": " + info->proof_problems[0].message;
    return fail(kListInvalid,
                "the status list " + *url + " is not validly signed" + why);
  }
  if (info->proof == Outcome::kUnknown) {
    return unknown(kUnavailable,
                   "the status list's signature could not be checked: " +
                       info->proof_problems[0].message);
  }
  if (info->issuer != issuer) {
    return fail(kListInvalid, "the status list " + *url + " is issued by " +
                                  info->issuer +
                                  ", not by the credential's "
                                  "issuer " +
                                  issuer);
  }
  if (std::find(info->signers.begin(), info->signers.end(), info->issuer) ==
      info->signers.end()) {
    return fail(kListInvalid, "the status list " + *url +
                                  " is not signed with a key of its issuer " +
                                  info->issuer);
  }
  Timestamp read_at = info->fetched_at.value_or(Now());
  if (info->valid_until) {
    auto t = ParseDateTime(*info->valid_until, false);
    if (t.ok() && *t < read_at)
      return unknown(kUnavailable, "the status list " + *url + " expired at " +
                                       *info->valid_until);
  }
  if (info->valid_from) {
    // An issuer stamps a list it has just rebuilt with its own "now", which
    // can be a little after the moment we started reading it, or ahead of
    // our clock: a list dated up to kListClockSkewSeconds later is accepted.
    auto t = ParseDateTime(*info->valid_from, false);
    Timestamp latest{read_at.seconds + kListClockSkewSeconds, read_at.nanos};
    if (t.ok() && latest < *t)
      return unknown(kUnavailable, "the status list " + *url +
                                       " is valid only from " +
                                       *info->valid_from);
  }
  if (!info->decoding.ok()) {
    std::string code = info->decoding.code();
    r.outcome = Outcome::kFailed;
    r.errors.push_back({code, info->decoding.message()});
    return r;
  }
  if (std::find(info->purposes.begin(), info->purposes.end(), *purpose) ==
      info->purposes.end()) {
    return fail(kListInvalid,
                "the status list " + *url + " is for " +
                    (info->purposes.empty() ? std::string("no purpose")
                                            : info->purposes[0]) +
                    ", not " + *purpose);
  }
  std::uint64_t entries = info->bits.size() * 8 / size;
  if (entries < status::kMinimumEntries) {
    return fail(status::kStatusListLengthError,
                "the status list has " + std::to_string(entries) +
                    " entries of " + std::to_string(size) + " bits; at least " +
                    std::to_string(status::kMinimumEntries) + " are required");
  }
  if (*index >= entries) {
    return fail(status::kRangeError, "statusListIndex " + *index_text +
                                         " is beyond the list's " +
                                         std::to_string(entries) + " entries");
  }
  std::uint32_t value = 0;
  std::uint64_t first = *index * size;
  for (unsigned b = 0; b < size; ++b) {
    std::uint64_t bit = first + b;
    value = (value << 1) | ((info->bits[bit / 8] >> (7 - bit % 8)) & 1u);
  }
  r.set = value != 0;
  r.detail["value"] = value;
  if (options.trace) {
    r.detail["trace"] = {{"bitPosition", first},
                         {"bitsRead", size},
                         {"listEntries", entries},
                         {"listIssuer", info->issuer},
                         {"listType", info->type}};
  }
  std::string message;
  if (messages != nullptr) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%x", value);
    for (const auto& m : *messages) {
      if (!m.is_object()) continue;
      std::string st = m.value("status", "");
      std::transform(st.begin(), st.end(), st.begin(), ::tolower);
      if (st == hex) message = m.value("message", "");
    }
    if (!message.empty()) r.detail["statusMessage"] = message;
  }
  if (!r.set) return r;
  if (*purpose == "revocation") {
    return fail("REVOKED", "the issuer has revoked this credential" +
                               (message.empty() ? "" : " (" + message + ")"));
  }
  if (*purpose == "suspension") {
    return fail("SUSPENDED", "the issuer has suspended this credential" +
                                 (message.empty() ? "" : " (" + message + ")"));
  }
  if (*purpose == "refresh") {
    r.warnings.push_back({"STATUS_REFRESH",
                          "the issuer has a newer version of this credential"});
  } else {
    r.warnings.push_back(
        {"STATUS_MESSAGE",
         path + ": " +
             (message.empty() ? "status " + *purpose + " is set" : message)});
  }
  return r;
}
}  // namespace

CheckResult CheckStatus(const Json& credential,
                        const VerifyCredentialOptions& options) {
  CheckResult r;
  r.check = "status";
  auto it = credential.is_object() ? credential.find("credentialStatus")
                                   : credential.end();
  if (!credential.is_object() || it == credential.end()) {
    r.summary =
        "The credential has no status list: the issuer cannot revoke it.";
    return r;
  }
  std::vector<std::pair<std::string, const Json*>> entries;
  if (it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i)
      entries.emplace_back("credentialStatus[" + std::to_string(i) + "]",
                           &(*it)[i]);
  } else {
    entries.emplace_back("credentialStatus", &*it);
  }
  StatusListCache local;
  StatusListCache* cache =
      options.status_lists != nullptr ? options.status_lists : &local;
  std::string issuer = vc::IssuerId(credential);
  std::string credential_id = StringAt(credential, "id").value_or("");
  Json details = Json::array();
  bool revoked = false, suspended = false, offline = false, any_unknown = false;
  std::optional<Timestamp> as_of;
  std::vector<std::string> purposes;
  for (const auto& [path, entry] : entries) {
    EntryResult e =
        CheckEntry(*entry, path, credential_id, issuer, options, cache);
    for (auto& p : e.errors) r.errors.push_back(std::move(p));
    for (auto& p : e.warnings) r.warnings.push_back(std::move(p));
    details.push_back(std::move(e.detail));
    if (e.outcome == Outcome::kFailed) r.outcome = Outcome::kFailed;
    if (e.outcome == Outcome::kUnknown) any_unknown = true;
    offline |= e.offline;
    if (e.set && e.purpose == "revocation") revoked = true;
    if (e.set && e.purpose == "suspension") suspended = true;
    if (e.as_of && (!as_of || *e.as_of < *as_of)) as_of = e.as_of;
    if (e.outcome == Outcome::kOk) purposes.push_back(e.purpose);
  }
  if (r.outcome != Outcome::kFailed && any_unknown)
    r.outcome = Outcome::kUnknown;
  r.details["entries"] = std::move(details);
  std::string as_of_text =
      as_of ? " (status as of " + FormatDateTime(*as_of) + ")" : "";
  if (as_of) r.details["statusAsOf"] = FormatDateTime(*as_of);
  if (revoked) {
    r.summary = "The issuer has revoked this credential" + as_of_text + ".";
  } else if (suspended) {
    r.summary = "The issuer has suspended this credential" + as_of_text + ".";
  } else if (r.outcome == Outcome::kFailed) {
    r.summary =
        "The credential's status could not be trusted: " + r.errors[0].message +
        ".";
  } else if (r.outcome == Outcome::kUnknown) {
    r.summary = offline ? "Unknown (offline): the status list is not "
                          "available offline, so revocation was not checked."
                        : "Unknown: could not check whether the credential "
                          "was revoked (" +
                              r.errors[0].message + ").";
  } else {
    bool susp = std::find(purposes.begin(), purposes.end(), "suspension") !=
                purposes.end();
    bool rev = std::find(purposes.begin(), purposes.end(), "revocation") !=
               purposes.end();
    r.summary = std::string(rev && susp ? "Neither revoked nor suspended"
                            : susp      ? "Not suspended"
                            : rev       ? "Not revoked"
                                        : "The status list shows no change") +
                as_of_text + ".";
  }
  return r;
}

}  // namespace anycred::verification
