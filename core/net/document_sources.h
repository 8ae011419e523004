// Where a verifier gets the documents a credential points to (did:web
// documents, verification methods, status list credentials), layered so
// that local answers win and the network is the last resort:
//
//   --document URL=FILE  (did::StaticDocumentSource)
//   --bundle DIR         (BundleDocumentSource: a folder of files + index)
//   --cache DIR          (NetworkDocumentSource's folder of earlier fetches)
//   network              (NetworkDocumentSource, unless --offline)
//
// Bundle and cache folders share one layout (specs/document-bundle.md), so
// a cache filled on a connected machine can be carried to an offline one
// and given as --bundle:
//
//   DIR/index.json  {"documents": {"<URL>": "file.json" |
//                      {"file": "file.json", "fetchedAt": "<dateTime>",
//                       "maxAge": <seconds>}}}
//   DIR/<file>      the JSON document answering <URL>
//
// Thread safety: every source here is thread-safe for concurrent
// FetchDocument calls (verify --jsonl uses several threads).
#ifndef ANYCRED_CORE_NET_DOCUMENT_SOURCES_H_
#define ANYCRED_CORE_NET_DOCUMENT_SOURCES_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/did/resolver.h"
#include "core/net/http_client.h"

namespace anycred::net {

// A read-only folder answering URLs from local files.
class BundleDocumentSource : public did::DocumentSource {
 public:
  // Reads DIR/index.json; errors name the problem (MALFORMED_INPUT,
  // IO_ERROR). Files are read when asked for.
  static Result<std::unique_ptr<BundleDocumentSource>> Open(
      const std::string& dir);
  Result<Json> Fetch(const std::string& url) const override;
  Result<did::FetchedDocument> FetchDocument(
      const std::string& url) const override;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string file;
    std::optional<Timestamp> fetched_at;
    std::optional<std::int64_t> max_age;
  };
  std::string dir_;
  std::map<std::string, Entry> entries_;
};

struct NetworkOptions {
  HttpOptions http;
  bool offline = false;   // never use the network; the cache still answers
  std::string cache_dir;  // empty: keep fetched documents in memory only
  std::size_t max_cache_bytes = 64u << 20;  // on disk, oldest evicted first
  std::size_t max_memory_entries = 1024;
  // Freshness when the server sends no Cache-Control max-age.
  std::int64_t default_max_age_seconds = 300;
};

// Fetches over HTTPS, keeping what it fetched (with the fetch time) in
// memory and, if asked, in a cache folder. A copy is used while it is fresh
// (Cache-Control max-age); offline, any copy is used whatever its age, and
// what is not there is OFFLINE. When the network fails and a stale copy
// exists, the stale copy is used and the note says so. Concurrent requests
// for the same URL fetch it once.
class NetworkDocumentSource : public did::DocumentSource {
 public:
  // Creates the cache folder if needed and reads its index.
  static Result<std::unique_ptr<NetworkDocumentSource>> Open(
      NetworkOptions options);
  Result<Json> Fetch(const std::string& url) const override;
  Result<did::FetchedDocument> FetchDocument(
      const std::string& url) const override;

 private:
  explicit NetworkDocumentSource(NetworkOptions options)
      : options_(std::move(options)) {}
  struct Entry {
    did::FetchedDocument doc;
    std::string file;  // in the cache folder, when kept there
    std::size_t bytes = 0;
  };
  bool Fresh(const Entry& e, Timestamp now) const;
  void Store(const std::string& url, const did::FetchedDocument& doc,
             const std::string& text) const;  // mu_ held
  void WriteIndex() const;                    // mu_ held

  NetworkOptions options_;
  mutable std::mutex mu_;
  mutable std::map<std::string, Entry> entries_;  // memory and disk
  mutable std::map<std::string, std::shared_ptr<std::mutex>> in_flight_;
};

// Asks each source in turn; the first that knows the URL (any answer other
// than NOT_FOUND) answers. When none knows it: NOT_FOUND, or OFFLINE if
// `offline` (so reports say "unknown (offline)").
class LayeredDocumentSource : public did::DocumentSource {
 public:
  explicit LayeredDocumentSource(bool offline = false) : offline_(offline) {}
  void Add(const did::DocumentSource* source) { sources_.push_back(source); }
  Result<Json> Fetch(const std::string& url) const override;
  Result<did::FetchedDocument> FetchDocument(
      const std::string& url) const override;

 private:
  bool offline_;
  std::vector<const did::DocumentSource*> sources_;
};

// Where a verifier (the CLI's verify, verify-presentation, serve; the
// wallet) gets documents, as its options name them.
struct SourceOptions {
  std::vector<std::string> documents;  // "URL=FILE" (--document)
  std::vector<std::string> bundles;    // folders (--bundle)
  std::string cache_dir;               // --cache
  bool offline = false;                // --offline
  bool allow_http_loopback = false;    // --allow-http-loopback
};

// The layers above built from SourceOptions and owned together: --document
// files, then bundles, then the cache and network. Give source() to
// did::Resolver and to VerifyCredentialOptions::documents.
class VerifierDocumentSources {
 public:
  // Errors name the option and the problem (unreadable file, malformed
  // index.json, cache folder that cannot be created).
  static Result<std::unique_ptr<VerifierDocumentSources>> Open(
      const SourceOptions& options);
  const did::DocumentSource* source() const { return &layers_; }

 private:
  explicit VerifierDocumentSources(bool offline) : layers_(offline) {}
  did::StaticDocumentSource documents_;
  std::vector<std::unique_ptr<BundleDocumentSource>> bundles_;
  std::unique_ptr<NetworkDocumentSource> network_;
  LayeredDocumentSource layers_;
};

}  // namespace anycred::net

#endif  // ANYCRED_CORE_NET_DOCUMENT_SOURCES_H_
