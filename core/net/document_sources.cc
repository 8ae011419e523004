#include "core/net/document_sources.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto/sha2.h"
#include "core/json/json.h"
#include "core/util/io.h"

namespace anycred::net {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kMaxIndexBytes = 16u << 20;

Result<std::string> ReadWhole(const std::string& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(codes::kIoError, "cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = std::move(ss).str();
  if (text.size() > limit)
    return Status::Error(codes::kIoError, path + " is too large");
  return text;
}

// A file name inside DIR: relative, no "..", no absolute paths.
bool SafeRelative(const std::string& file) {
  if (file.empty() || file[0] == '/') return false;
  fs::path p(file);
  for (const auto& part : p) {
    if (part == "..") return false;
  }
  return true;
}

Status WriteAtomic(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Error(codes::kIoError, "cannot write " + tmp);
    out << text;
    if (!out.flush())
      return Status::Error(codes::kIoError, "cannot write " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::Error(codes::kIoError, "cannot write " + path);
  return Status::Ok();
}
}  // namespace

// ---- bundle ----

Result<std::unique_ptr<BundleDocumentSource>> BundleDocumentSource::Open(
    const std::string& dir) {
  std::string index_path = dir + "/index.json";
  ANYCRED_ASSIGN_OR_RETURN(std::string text,
                           ReadWhole(index_path, kMaxIndexBytes));
  auto index = ParseJson(text);
  if (!index.ok()) return index.status().WithContext(index_path);
  auto docs = index->find("documents");
  if (!index->is_object() || docs == index->end() || !docs->is_object()) {
    return Status::Error(codes::kMalformedInput,
                         index_path +
                             ": must be an object with \"documents\" "
                             "mapping each URL to a file");
  }
  auto bundle = std::unique_ptr<BundleDocumentSource>(new BundleDocumentSource);
  bundle->dir_ = dir;
  for (const auto& [url, value] : docs->items()) {
    Entry e;
    if (value.is_string()) {
      e.file = value.get<std::string>();
    } else if (value.is_object() && value.contains("file") &&
               value["file"].is_string()) {
      e.file = value["file"].get<std::string>();
      if (auto f = value.find("fetchedAt");
          f != value.end() && f->is_string()) {
        auto t = ParseDateTime(f->get<std::string>(), false);
        if (!t.ok()) {
          return Status::Error(codes::kMalformedInput,
                               index_path + ": documents[\"" + url +
                                   "\"].fetchedAt: " + t.status().message());
        }
        e.fetched_at = *t;
      }
      if (auto m = value.find("maxAge");
          m != value.end() && m->is_number_integer())
        e.max_age = m->get<std::int64_t>();
    } else {
      return Status::Error(codes::kMalformedInput,
                           index_path + ": documents[\"" + url +
                               "\"] must be a file name or {\"file\": …}");
    }
    if (!SafeRelative(e.file)) {
      return Status::Error(codes::kMalformedInput,
                           index_path + ": documents[\"" + url + "\"]: \"" +
                               e.file + "\" must be a path inside the folder");
    }
    bundle->entries_[url] = std::move(e);
  }
  return bundle;
}

Result<Json> BundleDocumentSource::Fetch(const std::string& url) const {
  ANYCRED_ASSIGN_OR_RETURN(did::FetchedDocument d, FetchDocument(url));
  return std::move(d.document);
}

Result<did::FetchedDocument> BundleDocumentSource::FetchDocument(
    const std::string& url) const {
  auto it = entries_.find(url);
  if (it == entries_.end())
    return Status::Error(codes::kNotFound, "not in the bundle: " + url);
  std::string path = dir_ + "/" + it->second.file;
  ANYCRED_ASSIGN_OR_RETURN(std::string text, ReadWhole(path, kMaxIndexBytes));
  auto doc = ParseJson(text);
  if (!doc.ok()) return doc.status().WithContext(path);
  did::FetchedDocument out;
  out.document = std::move(doc).value();
  out.origin = "bundle";
  out.fetched_at = it->second.fetched_at;
  out.max_age_seconds = it->second.max_age;
  return out;
}

// ---- network + cache ----

Result<std::unique_ptr<NetworkDocumentSource>> NetworkDocumentSource::Open(
    NetworkOptions options) {
  auto source = std::unique_ptr<NetworkDocumentSource>(
      new NetworkDocumentSource(std::move(options)));
  const std::string& dir = source->options_.cache_dir;
  if (dir.empty()) return source;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    return Status::Error(codes::kIoError,
                         "cannot create the cache folder " + dir);
  }
  if (!fs::exists(dir + "/index.json")) return source;
  // The cache folder is a bundle with fetch times: read it as one.
  ANYCRED_ASSIGN_OR_RETURN(auto bundle, BundleDocumentSource::Open(dir));
  ANYCRED_ASSIGN_OR_RETURN(std::string text,
                           ReadWhole(dir + "/index.json", kMaxIndexBytes));
  auto index = ParseJson(text);
  if (!index.ok()) return index.status().WithContext(dir + "/index.json");
  for (const auto& [url, value] : (*index)["documents"].items()) {
    auto fetched = bundle->FetchDocument(url);
    if (!fetched.ok() || !fetched->fetched_at) continue;  // skip damaged
    Entry e;
    e.doc = std::move(fetched).value();
    e.doc.origin = "cache";
    e.file =
        value.is_object() ? value.value("file", "") : value.get<std::string>();
    std::error_code size_ec;
    auto bytes = fs::file_size(dir + "/" + e.file, size_ec);
    e.bytes = size_ec ? 0 : static_cast<std::size_t>(bytes);
    source->entries_[url] = std::move(e);
  }
  return source;
}

bool NetworkDocumentSource::Fresh(const Entry& e, Timestamp now) const {
  if (!e.doc.fetched_at) return false;
  std::int64_t max_age =
      e.doc.max_age_seconds.value_or(options_.default_max_age_seconds);
  return now.seconds - e.doc.fetched_at->seconds < max_age;
}

void NetworkDocumentSource::WriteIndex() const {
  Json docs = Json::object();
  for (const auto& [url, e] : entries_) {
    if (e.file.empty()) continue;
    Json j = {{"file", e.file},
              {"fetchedAt", FormatDateTime(*e.doc.fetched_at)}};
    if (e.doc.max_age_seconds) j["maxAge"] = *e.doc.max_age_seconds;
    docs[url] = std::move(j);
  }
  Json index = {{"documents", std::move(docs)}};
  (void)WriteAtomic(options_.cache_dir + "/index.json", DumpJson(index, true));
}

void NetworkDocumentSource::Store(const std::string& url,
                                  const did::FetchedDocument& doc,
                                  const std::string& text) const {
  Entry e;
  e.doc = doc;
  e.doc.origin = "cache";
  e.bytes = text.size();
  if (!options_.cache_dir.empty() && text.size() <= options_.max_cache_bytes) {
    e.file = crypto::HashHex(crypto::HashAlgorithm::kSha256, url) + ".json";
    if (!WriteAtomic(options_.cache_dir + "/" + e.file, text).ok())
      e.file.clear();
  }
  entries_[url] = std::move(e);
  // Bound memory (entry count) and disk (bytes): drop the oldest fetches.
  auto total_disk = [&] {
    std::size_t n = 0;
    for (const auto& [u, x] : entries_)
      if (!x.file.empty()) n += x.bytes;
    return n;
  };
  while (entries_.size() > options_.max_memory_entries ||
         (!options_.cache_dir.empty() &&
          total_disk() > options_.max_cache_bytes)) {
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->first == url) continue;
      if (oldest == entries_.end() ||
          it->second.doc.fetched_at < oldest->second.doc.fetched_at)
        oldest = it;
    }
    if (oldest == entries_.end()) break;
    if (!oldest->second.file.empty()) {
      std::error_code ec;
      fs::remove(options_.cache_dir + "/" + oldest->second.file, ec);
    }
    entries_.erase(oldest);
  }
  if (!options_.cache_dir.empty()) WriteIndex();
}

Result<Json> NetworkDocumentSource::Fetch(const std::string& url) const {
  ANYCRED_ASSIGN_OR_RETURN(did::FetchedDocument d, FetchDocument(url));
  return std::move(d.document);
}

Result<did::FetchedDocument> NetworkDocumentSource::FetchDocument(
    const std::string& url) const {
  std::shared_ptr<std::mutex> url_mu;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(url);
    if (it != entries_.end() && (options_.offline || Fresh(it->second, Now())))
      return it->second.doc;
    if (options_.offline) {
      return Status::Error(did::kOffline,
                           url +
                               " is not available offline (not in the "
                               "documents, bundle or cache given)");
    }
    auto& slot = in_flight_[url];
    if (!slot) slot = std::make_shared<std::mutex>();
    url_mu = slot;
  }
  // One fetch per URL at a time; whoever waited finds the fresh copy.
  std::lock_guard<std::mutex> url_lock(*url_mu);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(url);
    if (it != entries_.end() && Fresh(it->second, Now())) return it->second.doc;
  }
  Timestamp started = Now();
  auto response = HttpGet(url, options_.http);
  Result<Json> parsed = response.ok() ? ParseJson(response->body)
                                      : Result<Json>(response.status());
  std::lock_guard<std::mutex> lock(mu_);
  in_flight_.erase(url);
  if (!parsed.ok()) {
    Status error = response.ok()
                       ? parsed.status().WithContext(url + " is not JSON")
                       : parsed.status();
    auto it = entries_.find(url);
    if (it != entries_.end()) {
      did::FetchedDocument stale = it->second.doc;
      stale.note = "a copy fetched at " + FormatDateTime(*stale.fetched_at) +
                   " was used: " + error.message();
      return stale;
    }
    return error;
  }
  did::FetchedDocument doc;
  doc.document = std::move(parsed).value();
  doc.origin = "network";
  doc.fetched_at = Timestamp{started.seconds, 0};
  doc.max_age_seconds = response->max_age_seconds;
  Store(url, doc, response->body);
  return doc;
}

// ---- layers ----

Result<Json> LayeredDocumentSource::Fetch(const std::string& url) const {
  ANYCRED_ASSIGN_OR_RETURN(did::FetchedDocument d, FetchDocument(url));
  return std::move(d.document);
}

Result<did::FetchedDocument> LayeredDocumentSource::FetchDocument(
    const std::string& url) const {
  for (const auto* source : sources_) {
    auto d = source->FetchDocument(url);
    if (d.ok() || d.status().code() != codes::kNotFound) return d;
  }
  if (offline_) {
    return Status::Error(did::kOffline,
                         url +
                             " is not available offline (not in the "
                             "documents, bundle or cache given)");
  }
  return Status::Error(codes::kNotFound, "no document for " + url);
}

// ---- a verifier's sources ----

Result<std::unique_ptr<VerifierDocumentSources>> VerifierDocumentSources::Open(
    const SourceOptions& options) {
  auto out = std::unique_ptr<VerifierDocumentSources>(
      new VerifierDocumentSources(options.offline));
  for (const auto& spec : options.documents) {
    ANYCRED_ASSIGN_OR_RETURN(UrlFile url_file,
                             ParseUrlFile(spec, "--document"));
    auto text = ReadFileOrStdin(url_file.file);
    if (!text.ok()) return text.status().WithContext("--document");
    auto doc = ParseJson(*text);
    if (!doc.ok())
      return doc.status().WithContext("--document " + url_file.file);
    out->documents_.Add(url_file.url, std::move(doc).value());
  }
  out->layers_.Add(&out->documents_);
  for (const auto& dir : options.bundles) {
    auto bundle = BundleDocumentSource::Open(dir);
    if (!bundle.ok()) return bundle.status().WithContext("--bundle " + dir);
    out->bundles_.push_back(std::move(bundle).value());
    out->layers_.Add(out->bundles_.back().get());
  }
  NetworkOptions network;
  network.offline = options.offline;
  network.cache_dir = options.cache_dir;
  network.http.allow_http_loopback = options.allow_http_loopback;
  auto net = NetworkDocumentSource::Open(network);
  if (!net.ok()) return net.status().WithContext("--cache");
  out->network_ = std::move(net).value();
  out->layers_.Add(out->network_.get());
  return out;
}

}  // namespace anycred::net
