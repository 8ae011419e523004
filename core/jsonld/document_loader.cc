#include "core/jsonld/document_loader.h"

#include <atomic>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <unordered_map>

#include "core/jsonld/bundled_contexts.h"
#include "core/jsonld/errors.h"

namespace anycred::jsonld {

namespace {

std::uint64_t NextGeneration() {
  static std::atomic<std::uint64_t> counter{1};
  return counter.fetch_add(1, std::memory_order_relaxed);
}

// Every bundled context, parsed once on first use, shared by all loaders.
struct BundledDocuments {
  std::unordered_map<std::string, Result<std::shared_ptr<const Json>>> docs;
};

const BundledDocuments& Bundled() {
  static const BundledDocuments* const kDocs = [] {
    auto* d = new BundledDocuments();
    for (const BundledContext& ctx : BundledContexts()) {
      auto parsed = ParseJson(ctx.text());
      if (parsed.ok()) {
        d->docs.emplace(
            ctx.url, std::make_shared<const Json>(std::move(parsed).value()));
      } else {
        d->docs.emplace(ctx.url,
                        parsed.status().WithContext(
                            std::string("bundled context ") + ctx.url));
      }
    }
    return d;
  }();
  return *kDocs;
}

Status Unloadable(const std::string& url, const std::string& why) {
  return Status::Error(codes::kContextUnloadable,
                       "cannot load \"" + url + "\": " + why);
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.good()) {
    return Status::Error(anycred::codes::kIoError, "cannot open " + path);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad())
    return Status::Error(anycred::codes::kIoError, "cannot read " + path);
  return ss.str();
}

}  // namespace

DocumentLoader::DocumentLoader(bool include_bundled)
    : include_bundled_(include_bundled), generation_(NextGeneration()) {}

DocumentLoader::~DocumentLoader() = default;

const DocumentLoader& DocumentLoader::Default() {
  static const DocumentLoader* const kLoader = new DocumentLoader(true);
  return *kLoader;
}

void DocumentLoader::Touch() { generation_ = NextGeneration(); }

Status DocumentLoader::AddDocument(const std::string& url,
                                   std::string_view json_text) {
  auto parsed = ParseJson(json_text);
  if (!parsed.ok()) {
    return parsed.status().WithContext("document for " + url);
  }
  documents_[url] = std::make_shared<const Json>(std::move(parsed).value());
  Touch();
  return Status::Ok();
}

Status DocumentLoader::AddFile(const std::string& url,
                               const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return AddDocument(url, *text);
}

Status DocumentLoader::AddPrefixDirectory(const std::string& url_prefix,
                                          const std::string& directory) {
  if (url_prefix.empty()) {
    return Status::Error(anycred::codes::kInvalidArgument, "empty URL prefix");
  }
  std::string dir = directory;
  if (!dir.empty() && dir.back() != '/') dir.push_back('/');
  prefixes_.emplace_back(url_prefix, std::move(dir));
  Touch();
  return Status::Ok();
}

Result<std::shared_ptr<const Json>> DocumentLoader::Load(
    const std::string& url) const {
  if (auto it = documents_.find(url); it != documents_.end()) {
    return it->second;
  }
  if (include_bundled_) {
    const auto& docs = Bundled().docs;
    if (auto it = docs.find(url); it != docs.end()) return it->second;
  }
  for (const auto& [prefix, dir] : prefixes_) {
    if (url.compare(0, prefix.size(), prefix) != 0) continue;
    std::string rest = url.substr(prefix.size());
    rest = rest.substr(0, rest.find_first_of("?#"));
    if (rest.empty() || rest[0] == '/' ||
        ("/" + rest + "/").find("/../") != std::string::npos) {
      return Unloadable(url, "not a file under the registered prefix");
    }
    {
      std::lock_guard<std::mutex> lock(file_cache_mu_);
      if (auto it = file_cache_.find(url); it != file_cache_.end()) {
        return it->second;
      }
    }
    auto text = ReadWholeFile(dir + rest);
    if (!text.ok()) return Unloadable(url, text.status().message());
    auto parsed = ParseJson(*text);
    if (!parsed.ok()) return Unloadable(url, parsed.status().message());
    auto doc = std::make_shared<const Json>(std::move(parsed).value());
    std::lock_guard<std::mutex> lock(file_cache_mu_);
    file_cache_.emplace(url, doc);
    return doc;
  }
  return Unloadable(url,
                    "not a bundled context and not registered with the "
                    "document loader (remote documents are never fetched)");
}

Status AddContextFiles(const std::vector<std::string>& url_equals_file,
                       DocumentLoader* loader) {
  for (const auto& spec : url_equals_file) {
    auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      return Status::Error("INVALID_ARGUMENT",
                           "--context expects URL=FILE, got \"" + spec + "\"");
    }
    Status st = loader->AddFile(spec.substr(0, eq), spec.substr(eq + 1));
    if (!st.ok()) return st.WithContext("--context " + spec.substr(0, eq));
  }
  return Status::Ok();
}

}  // namespace anycred::jsonld
