// DocumentLoader: the only way the JSON-LD processor obtains remote
// documents (contexts referenced by URL in @context, and @import).
//
// Promises:
//  - Never touches the network. A URL is served if, and only if, it is
//    (a) exactly the URL of a context compiled into anycred
//        (BundledContexts(), unless disabled at construction),
//    (b) registered with AddDocument / AddFile, or
//    (c) under a prefix registered with AddPrefixDirectory (meant for the
//        W3C test suites, which load contexts by relative URL).
//    Registered documents take precedence over bundled ones.
//  - Any other URL fails with Status code CONTEXT_UNLOADABLE and a message
//    containing the URL.
//  - Documents are parsed once: bundled contexts are parsed lazily and
//    cached process-wide; registered ones are parsed when registered;
//    prefix-directory files are parsed on first use and cached.
//
// Thread safety: setup (constructor, AddDocument, AddFile,
// AddPrefixDirectory) is not synchronized with Load; finish setup before
// sharing the loader. After setup, Load and generation() are safe to call
// concurrently from any number of threads.
#ifndef ANYCRED_CORE_JSONLD_DOCUMENT_LOADER_H_
#define ANYCRED_CORE_JSONLD_DOCUMENT_LOADER_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred::jsonld {

class DocumentLoader {
 public:
  // With `include_bundled`, the bundled contexts are served.
  explicit DocumentLoader(bool include_bundled = true);
  ~DocumentLoader();
  DocumentLoader(const DocumentLoader&) = delete;
  DocumentLoader& operator=(const DocumentLoader&) = delete;

  // A process-wide loader that serves only the bundled contexts.
  static const DocumentLoader& Default();

  // Registers a document for an exact URL. Fails with MALFORMED_INPUT if
  // the text is not JSON.
  Status AddDocument(const std::string& url, std::string_view json_text);
  // Reads and registers a file (for `--context URL=FILE`). IO_ERROR if the
  // file cannot be read, MALFORMED_INPUT if it is not JSON.
  Status AddFile(const std::string& url, const std::string& path);
  // For test suites only: every URL that starts with `url_prefix` is served
  // from `directory` + the rest of the URL (without query or fragment).
  // URLs whose remainder contains a ".." segment are refused.
  Status AddPrefixDirectory(const std::string& url_prefix,
                            const std::string& directory);

  // The parsed document for `url`, or CONTEXT_UNLOADABLE.
  Result<std::shared_ptr<const Json>> Load(const std::string& url) const;

  // Identifies this loader and its current set of documents: distinct for
  // every loader, and changed by every Add* call. The processor keys its
  // processed-context caches with it.
  std::uint64_t generation() const { return generation_; }

 private:
  void Touch();

  bool include_bundled_;
  std::uint64_t generation_;
  std::unordered_map<std::string, std::shared_ptr<const Json>> documents_;
  std::vector<std::pair<std::string, std::string>> prefixes_;
  // Files loaded through prefixes_, cached after first use.
  mutable std::mutex file_cache_mu_;
  mutable std::unordered_map<std::string, std::shared_ptr<const Json>>
      file_cache_;
};

// Registers each "URL=FILE" of a command line's --context options with
// `loader` (AddFile). The error names the option and the file.
Status AddContextFiles(const std::vector<std::string>& url_equals_file,
                       DocumentLoader* loader);

}  // namespace anycred::jsonld

#endif  // ANYCRED_CORE_JSONLD_DOCUMENT_LOADER_H_
