// The 1EdTech Revocation List Status Method. See revocation_list_1edtech.h.
#include "core/verification/revocation_list_1edtech.h"

#include "core/vc/structure.h"

namespace anycred::verification {

RevocationListResult CheckRevocationList(const std::string& url,
                                         const std::string& credential_id,
                                         const std::string& issuer,
                                         const did::DocumentSource* documents) {
  using State = RevocationListResult::State;
  RevocationListResult r;
  if (documents == nullptr) {
    r.message = "the revocation list " + url +
                " could not be retrieved (no document source)";
    return r;
  }
  auto fetched = documents->FetchDocument(url);
  if (!fetched.ok()) {
    r.offline = fetched.status().code() == did::kOffline;
    r.message = r.offline
                    ? "the revocation list " + url + " is not available offline"
                    : "the revocation list could not be retrieved: " +
                          fetched.status().message();
    return r;
  }
  r.origin = fetched->origin;
  r.fetched_at = fetched->fetched_at;
  r.note = fetched->note;
  const Json& list = fetched->document;
  auto entries =
      list.is_object() ? list.find("revokedCredentials") : list.end();
  if (!list.is_object() || entries == list.end() || !entries->is_array()) {
    r.state = State::kInvalid;
    r.message = url +
                " is not a 1EdTech revocation list (it needs a "
                "\"revokedCredentials\" list)";
    return r;
  }
  // The list names its issuer as an id or a profile object, like a
  // credential does.
  if (list.contains("issuer")) {
    std::string listed_by = vc::IssuerId(list);
    if (listed_by != issuer) {
      r.state = State::kInvalid;
      r.message =
          "the revocation list " + url + " is kept by " +
          (listed_by.empty() ? std::string("no named issuer") : listed_by) +
          ", not by the credential's issuer " + issuer;
      return r;
    }
  }
  r.listed = entries->size();
  r.state = State::kNotRevoked;
  for (const auto& e : *entries) {
    if (!e.is_object()) continue;
    auto id = e.find("id");
    if (id == e.end() || !id->is_string() || *id != credential_id) continue;
    auto revoked = e.find("revoked");
    // `revoked` absent means revoked; only an explicit false reinstates.
    if (revoked != e.end() && revoked->is_boolean() && !revoked->get<bool>())
      continue;
    r.state = State::kRevoked;
    if (auto why = e.find("revocationReason");
        why != e.end() && why->is_string())
      r.reason = why->get<std::string>();
    break;
  }
  return r;
}

}  // namespace anycred::verification
