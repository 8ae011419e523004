// Retrieve Verification Method (W3C Controlled Identifiers 1.0 §3.3): from
// a verification method URL in a proof to a public key, its controller,
// and the relationships (assertionMethod, authentication, …) that the
// controller document lists it under.
//
// did:key is resolved locally. Every other URL (did:web, https) is
// dereferenced through a DocumentSource: local files given by the user
// (`--document URL=FILE`), a cache, or the network, as the application
// chooses. Without a source that knows the URL the result is
// KEY_UNRESOLVABLE, never a guess: a key named in a URL fragment is not
// trusted to belong to the URL's owner unless the owner's document says so.
//
// Thread safety: Resolve is const and thread-safe if the source is.
#ifndef ANYCRED_CORE_DID_RESOLVER_H_
#define ANYCRED_CORE_DID_RESOLVER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/keys/multikey.h"
#include "core/util/datetime.h"
#include "core/util/status.h"

namespace anycred::did {

// Code of a document that is not available locally while the network is
// forbidden (--offline): reported as unknown, never guessed.
inline constexpr const char* kOffline = "OFFLINE";

// A document and where it came from.
struct FetchedDocument {
  Json document;
  // "document" (--document), "bundle", "cache", "network", or "local".
  std::string origin = "local";
  // When it was retrieved over the network (cache and network; bundles
  // that record it). Reports say "status as of" this time.
  std::optional<Timestamp> fetched_at;
  // Cache-Control max-age of the answer, when the server gave one.
  std::optional<std::int64_t> max_age_seconds;
  // Anything a person should know, e.g. that a stale copy was used.
  std::string note;
};

// Answers a URL (without fragment) with a JSON document.
class DocumentSource {
 public:
  virtual ~DocumentSource() = default;
  // NOT_FOUND when the source does not know the URL; OFFLINE when it would
  // need the network and that is forbidden; other errors when it tried and
  // failed.
  virtual Result<Json> Fetch(const std::string& url) const = 0;
  // The same with where the document came from; by default origin "local"
  // and no fetch time.
  virtual Result<FetchedDocument> FetchDocument(const std::string& url) const;
};

// A fixed set of documents, e.g. from --document URL=FILE.
class StaticDocumentSource : public DocumentSource {
 public:
  void Add(const std::string& url, Json document) {
    documents_[url] = std::move(document);
  }
  Result<Json> Fetch(const std::string& url) const override;
  Result<FetchedDocument> FetchDocument(const std::string& url) const override;

 private:
  std::map<std::string, Json> documents_;
};

struct VerificationMethod {
  std::string id;    // absolute URL of the method
  std::string type;  // Multikey, Ed25519VerificationKey2020, JsonWebKey…
  std::string controller;  // who controls the key
  keys::PublicKeyMultibase public_key;
  std::vector<std::string> relationships;  // e.g. {"assertionMethod", …}
  std::string resolved_from;  // "did:key" or the URL of the document used
  bool Has(const std::string& relationship) const;
};

// did:web:example.com%3A8443:issuers:1 ->
// https://example.com:8443/issuers/1/did.json
Result<std::string> DidWebToUrl(const std::string& did);

class Resolver {
 public:
  explicit Resolver(const DocumentSource* documents = nullptr)
      : documents_(documents) {}
  // Errors carry KEY_UNRESOLVABLE with the reason.
  Result<VerificationMethod> Resolve(
      const std::string& verification_method_url) const;

 private:
  const DocumentSource* documents_;
};

}  // namespace anycred::did

#endif  // ANYCRED_CORE_DID_RESOLVER_H_
