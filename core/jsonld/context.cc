#include "core/jsonld/context.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cctype>
#include <cstring>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/jsonld/errors.h"
#include "core/jsonld/iri.h"

namespace anycred::jsonld::internal {

namespace {

constexpr std::size_t kMaxRemoteContexts = 64;
constexpr std::size_t kMaxCacheEntries = 4096;

std::uint64_t NextContextId() {
  static std::atomic<std::uint64_t> counter{1};
  return counter.fetch_add(1, std::memory_order_relaxed);
}

Status Err(const char* code, std::string message) {
  return Status::Error(code, std::move(message));
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  out.append(s);
  out.push_back('"');
  return out;
}

// ---------------------------------------------------------------------------
// Content hash of a JSON value (FNV-1a over a canonical walk; object member
// order matters, which only costs a cache miss when it differs).

constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

void HashBytes(std::uint64_t& h, const void* data, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= kFnvPrime;
  }
}

void HashJson(std::uint64_t& h, const Json& j) {
  auto tag = static_cast<unsigned char>(j.type());
  HashBytes(h, &tag, 1);
  switch (j.type()) {
    case Json::value_t::string: {
      const auto& s = j.get_ref<const std::string&>();
      HashBytes(h, s.data(), s.size());
      std::size_t n = s.size();
      HashBytes(h, &n, sizeof n);
      break;
    }
    case Json::value_t::boolean: {
      bool b = j.get<bool>();
      HashBytes(h, &b, 1);
      break;
    }
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: {
      double d = j.get<double>();
      HashBytes(h, &d, sizeof d);
      break;
    }
    case Json::value_t::array:
      for (const auto& item : j) HashJson(h, item);
      break;
    case Json::value_t::object:
      for (const auto& [k, v] : j.items()) {
        HashBytes(h, k.data(), k.size());
        std::size_t n = k.size();
        HashBytes(h, &n, sizeof n);
        HashJson(h, v);
      }
      break;
    default:
      break;
  }
}

// ---------------------------------------------------------------------------
// The processed-context cache.

struct CacheKey {
  std::uint64_t loader_generation;
  std::uint64_t active_id;
  const void* identity;        // owner-keyed entries; nullptr otherwise
  std::uint64_t content_hash;  // content-keyed entries; 0 otherwise
  std::optional<std::string> base_url;
  std::uint8_t flags;
  bool operator==(const CacheKey&) const = default;
};

struct CacheKeyHash {
  std::size_t operator()(const CacheKey& k) const {
    auto mix = [](std::uint64_t h, std::uint64_t v) {
      h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
      return h;
    };
    std::uint64_t h = k.loader_generation * 0xff51afd7ed558ccdULL;
    h = mix(h, k.active_id);
    h = mix(h, reinterpret_cast<std::uintptr_t>(k.identity));
    h = mix(h, k.content_hash);
    h = mix(h, k.flags);
    if (k.base_url) h = mix(h, std::hash<std::string>{}(*k.base_url));
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return static_cast<std::size_t>(h);
  }
};

struct CacheEntry {
  std::shared_ptr<const Json> keep_alive;  // owner of an identity key
  std::shared_ptr<const Json> content;     // copy of a content key
  ContextPtr active;                       // keeps active_id unique
  ContextPtr result;
};

class ContextCache {
 public:
  // Copies the matching entry into `*out`.
  bool Find(const CacheKey& key, const Json& local, CacheEntry* out) const {
    std::shared_lock lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return false;
    if (it->second.content && *it->second.content != local) return false;
    *out = it->second;
    return true;
  }
  void Insert(CacheKey key, CacheEntry entry) {
    std::unique_lock lock(mu_);
    if (map_.size() >= kMaxCacheEntries) map_.clear();
    map_.insert_or_assign(std::move(key), std::move(entry));
  }
  void Clear() {
    std::unique_lock lock(mu_);
    map_.clear();
  }

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<CacheKey, CacheEntry, CacheKeyHash> map_;
};

ContextCache& Cache() {
  static ContextCache* const kCache = new ContextCache();
  return *kCache;
}

// A small per-thread cache in front of the shared one: the hot path (the
// same few contexts for every credential) takes no lock and touches no
// shared cache line.
class ThreadCache {
 public:
  ContextPtr Find(const CacheKey& key, std::size_t hash,
                  const Json& local) const {
    const Entry& e = entries_[hash % kSize];
    if (!e.result || !(e.key == key)) return nullptr;
    if (e.content && *e.content != local) return nullptr;
    return e.result;
  }
  void Insert(const CacheKey& key, std::size_t hash, const CacheEntry& from) {
    Entry& e = entries_[hash % kSize];
    e.key = key;
    e.keep_alive = from.keep_alive;
    e.content = from.content;
    e.active = from.active;
    e.result = from.result;
  }

 private:
  static constexpr std::size_t kSize = 64;
  struct Entry {
    CacheKey key{};
    std::shared_ptr<const Json> keep_alive;
    std::shared_ptr<const Json> content;
    ContextPtr active;
    ContextPtr result;
  };
  std::array<Entry, kSize> entries_;
};

ThreadCache& LocalCache() {
  thread_local ThreadCache cache;
  return cache;
}

struct InitialKey {
  std::string base;
  std::string original;
  bool json_ld_10;
  bool lowercase;
  bool operator<(const InitialKey& o) const {
    return std::tie(base, original, json_ld_10, lowercase) <
           std::tie(o.base, o.original, o.json_ld_10, o.lowercase);
  }
};

// ---------------------------------------------------------------------------
// Context processing.

bool IsNumberEqual(const Json& j, double v) {
  return j.is_number() && j.get<double>() == v;
}

bool ParseContainer(const Json& value, std::uint8_t* out) {
  auto one = [](const std::string& s) -> std::uint8_t {
    if (s == "@list") return kContainerList;
    if (s == "@set") return kContainerSet;
    if (s == "@index") return kContainerIndex;
    if (s == "@language") return kContainerLanguage;
    if (s == "@graph") return kContainerGraph;
    if (s == "@id") return kContainerId;
    if (s == "@type") return kContainerType;
    return 0;
  };
  std::uint8_t mask = 0;
  if (value.is_string()) {
    mask = one(value.get_ref<const std::string&>());
    if (mask == 0) return false;
  } else if (value.is_array()) {
    for (const auto& item : value) {
      if (!item.is_string()) return false;
      std::uint8_t bit = one(item.get_ref<const std::string&>());
      if (bit == 0) return false;
      mask |= bit;
    }
    if (value.size() > 1) {
      // Allowed combinations: @set with any of @index @graph @id @type
      // @language; @graph with @id or @index (optionally @set).
      if (mask & kContainerList) return false;
      std::uint8_t rest = mask & ~kContainerSet;
      bool ok = false;
      if (mask & kContainerSet) {
        // @set plus one of the others (or @graph with @id/@index).
        std::uint8_t without_graph = rest & ~kContainerGraph;
        ok = (rest == 0) || std::has_single_bit(rest) ||
             ((rest & kContainerGraph) && (without_graph == kContainerId ||
                                           without_graph == kContainerIndex));
      } else {
        ok = (rest & kContainerGraph) &&
             ((rest & ~kContainerGraph) == kContainerId ||
              (rest & ~kContainerGraph) == kContainerIndex);
      }
      if (!ok) return false;
    }
  } else {
    return false;
  }
  *out = mask;
  return true;
}

class Processor {
 public:
  explicit Processor(const ContextEnv& env) : env_(env) {}

  Status ProcessInto(ActiveContext& result, const ContextPtr* active,
                     const Json& local,
                     const std::optional<std::string>& base_url,
                     std::vector<std::string> remote_contexts,
                     bool override_protected, bool propagate,
                     bool validate_scoped,
                     const std::shared_ptr<const Json>& owner);

 private:
  struct TermState {
    ActiveContext& result;
    const Json& local;
    std::unordered_map<std::string, bool> defined;
    const std::optional<std::string>& base_url;
    bool protected_default;
    bool override_protected;
    const std::vector<std::string>& remote_contexts;
    bool validate_scoped;
    const std::shared_ptr<const Json>& owner;
  };

  Status ProcessItem(ActiveContext& result, const Json& item,
                     const std::optional<std::string>& base_url,
                     const std::vector<std::string>& remote_contexts,
                     bool override_protected, bool propagate,
                     bool validate_scoped,
                     const std::shared_ptr<const Json>& owner);
  Status CreateTermDefinition(TermState& ts, const std::string& term);
  Status ExpandIriLocal(TermState& ts, std::string_view value,
                        bool document_relative, bool vocab,
                        std::optional<std::string>* out);
  void Warn(ActiveContext& ctx, std::string message) {
    if (ctx.safe_mode_warning.empty()) {
      ctx.safe_mode_warning = std::move(message);
    }
  }

  const ContextEnv& env_;
};

Status Processor::ProcessInto(ActiveContext& result, const ContextPtr* active,
                              const Json& local,
                              const std::optional<std::string>& base_url,
                              std::vector<std::string> remote_contexts,
                              bool override_protected, bool propagate,
                              bool validate_scoped,
                              const std::shared_ptr<const Json>& owner) {
  // Step 2.
  if (local.is_object()) {
    auto it = local.find("@propagate");
    if (it != local.end()) {
      if (!it->is_boolean()) {
        return Err(codes::kInvalidPropagateValue,
                   "@propagate must be true or false");
      }
      propagate = it->get<bool>();
    }
  }
  // Step 3.
  if (!propagate && !result.previous) {
    if (active != nullptr) {
      result.previous = *active;
    } else {
      auto snapshot = std::make_shared<ActiveContext>(result);
      snapshot->id = NextContextId();
      result.previous = std::move(snapshot);
    }
  }
  // Steps 4 and 5.
  if (local.is_array()) {
    for (const Json& item : local) {
      ANYCRED_RETURN_IF_ERROR(ProcessItem(result, item, base_url,
                                          remote_contexts, override_protected,
                                          propagate, validate_scoped, owner));
    }
    return Status::Ok();
  }
  return ProcessItem(result, local, base_url, remote_contexts,
                     override_protected, propagate, validate_scoped, owner);
}

Status Processor::ProcessItem(ActiveContext& result, const Json& item,
                              const std::optional<std::string>& base_url,
                              const std::vector<std::string>& remote_contexts,
                              bool override_protected, bool propagate,
                              bool validate_scoped,
                              const std::shared_ptr<const Json>& owner) {
  // Step 5.1: null resets the context.
  if (item.is_null()) {
    if (!override_protected && result.HasProtectedTerms()) {
      return Err(codes::kInvalidContextNullification,
                 "a context with protected terms cannot be set to null");
    }
    ActiveContext fresh;
    fresh.base_iri = result.original_base_url;
    fresh.original_base_url = result.original_base_url;
    fresh.json_ld_10 = result.json_ld_10;
    fresh.lowercase_language = result.lowercase_language;
    fresh.safe_mode_warning = result.safe_mode_warning;
    if (!propagate) fresh.previous = result.previous;
    result = std::move(fresh);
    return Status::Ok();
  }
  // Step 5.2: a remote context.
  if (item.is_string()) {
    const auto& ref = item.get_ref<const std::string&>();
    std::string url;
    if (base_url && IsAbsoluteIri(*base_url)) {
      url = ResolveIri(*base_url, ref);
    } else if (IsAbsoluteIri(ref)) {
      url = ref;
    } else {
      return Err(codes::kContextUnloadable,
                 "cannot load the relative context reference " + Quote(ref) +
                     " (there is no base URL)");
    }
    bool seen = std::find(remote_contexts.begin(), remote_contexts.end(),
                          url) != remote_contexts.end();
    if (seen) {
      if (!validate_scoped) return Status::Ok();
      return Err(codes::kRecursiveContextInclusion,
                 "context " + Quote(url) + " includes itself");
    }
    if (remote_contexts.size() >= kMaxRemoteContexts) {
      return Err(codes::kContextOverflow, "too many nested remote contexts");
    }
    // Cycles are detected along the chain of inclusions only: the same
    // context twice in one array is fine.
    std::vector<std::string> chain = remote_contexts;
    chain.push_back(url);
    auto doc = env_.loader->Load(url);
    if (!doc.ok()) return doc.status();
    const std::shared_ptr<const Json>& document = *doc;
    auto ctx =
        document->is_object() ? document->find("@context") : document->end();
    if (!document->is_object() || ctx == document->end()) {
      return Err(codes::kInvalidRemoteContext,
                 "the document at " + Quote(url) +
                     " is not an object with an @context entry");
    }
    return ProcessInto(result, nullptr, *ctx, url, std::move(chain),
                       override_protected, true, validate_scoped, document);
  }
  // Step 5.3.
  if (!item.is_object()) {
    return Err(codes::kInvalidLocalContext,
               "a context must be null, a string or an object");
  }
  const Json* context = &item;
  std::shared_ptr<const Json> context_owner = owner;

  // Step 5.5: @version.
  if (auto it = context->find("@version"); it != context->end()) {
    if (!IsNumberEqual(*it, 1.1)) {
      return Err(codes::kInvalidVersionValue,
                 "@version must be 1.1, not " + it->dump());
    }
    if (result.json_ld_10) {
      return Err(codes::kProcessingModeConflict,
                 "@version 1.1 in json-ld-1.0 processing mode");
    }
  }
  // Step 5.6: @import.
  if (auto it = context->find("@import"); it != context->end()) {
    if (result.json_ld_10) {
      return Err(codes::kInvalidContextEntry,
                 "@import is not allowed in json-ld-1.0 mode");
    }
    if (!it->is_string()) {
      return Err(codes::kInvalidImportValue, "@import must be a string");
    }
    const auto& ref = it->get_ref<const std::string&>();
    std::string url;
    if (base_url && IsAbsoluteIri(*base_url)) {
      url = ResolveIri(*base_url, ref);
    } else if (IsAbsoluteIri(ref)) {
      url = ref;
    } else {
      return Err(codes::kContextUnloadable,
                 "cannot load the relative @import reference " + Quote(ref) +
                     " (there is no base URL)");
    }
    auto doc = env_.loader->Load(url);
    if (!doc.ok()) return doc.status();
    const Json& document = **doc;
    auto imported =
        document.is_object() ? document.find("@context") : document.end();
    if (!document.is_object() || imported == document.end() ||
        !imported->is_object()) {
      return Err(codes::kInvalidRemoteContext,
                 "the @import document " + Quote(url) +
                     " does not hold a single context object");
    }
    if (imported->contains("@import")) {
      return Err(codes::kInvalidContextEntry,
                 "an imported context must not itself use @import");
    }
    Json merged = *imported;
    for (const auto& [k, v] : context->items()) merged[k] = v;
    context_owner = std::make_shared<const Json>(std::move(merged));
    context = context_owner.get();
  }
  // Step 5.7: @base (ignored in remote contexts).
  if (auto it = context->find("@base");
      it != context->end() && remote_contexts.empty()) {
    if (it->is_null()) {
      result.base_iri.reset();
    } else if (it->is_string()) {
      const auto& value = it->get_ref<const std::string&>();
      if (IsAbsoluteIri(value)) {
        result.base_iri = value;
      } else if (result.base_iri) {
        result.base_iri = ResolveIri(*result.base_iri, value);
      } else {
        return Err(codes::kInvalidBaseIri,
                   "relative @base " + Quote(value) + " without a base IRI");
      }
    } else {
      return Err(codes::kInvalidBaseIri, "@base must be a string or null");
    }
  }
  // Step 5.8: @vocab.
  if (auto it = context->find("@vocab"); it != context->end()) {
    if (it->is_null()) {
      result.vocab.reset();
    } else if (it->is_string()) {
      const auto& value = it->get_ref<const std::string&>();
      if (result.json_ld_10 && !IsAbsoluteIri(value) && !IsBlankNodeId(value)) {
        return Err(codes::kInvalidVocabMapping,
                   "@vocab must be an absolute IRI in json-ld-1.0 mode");
      }
      std::string vocab;
      if (!ExpandIri(result, value, true, true, &vocab)) {
        return Err(codes::kInvalidVocabMapping,
                   "@vocab " + Quote(value) + " does not expand to an IRI");
      }
      if (!IsAbsoluteIri(vocab) && !IsBlankNodeId(vocab)) {
        Warn(result, "@vocab " + Quote(value) +
                         " is a relative IRI reference (no base IRI)");
      }
      result.vocab = std::move(vocab);
    } else {
      return Err(codes::kInvalidVocabMapping,
                 "@vocab must be a string or null");
    }
  }
  // Step 5.9: @language.
  if (auto it = context->find("@language"); it != context->end()) {
    if (it->is_null()) {
      result.default_language.reset();
    } else if (it->is_string()) {
      std::string lang = it->get<std::string>();
      if (result.lowercase_language) {
        std::transform(lang.begin(), lang.end(), lang.begin(),
                       [](unsigned char c) { return std::tolower(c); });
      }
      result.default_language = std::move(lang);
    } else {
      return Err(codes::kInvalidDefaultLanguage,
                 "@language must be a string or null");
    }
  }
  // Step 5.10: @direction.
  if (auto it = context->find("@direction"); it != context->end()) {
    if (result.json_ld_10) {
      return Err(codes::kInvalidContextEntry,
                 "@direction is not allowed in json-ld-1.0 mode");
    }
    if (it->is_null()) {
      result.default_direction.reset();
    } else if (it->is_string() && (*it == "ltr" || *it == "rtl")) {
      result.default_direction = it->get<std::string>();
    } else {
      return Err(codes::kInvalidBaseDirection,
                 "@direction must be \"ltr\", \"rtl\" or null");
    }
  }
  // Step 5.11: @propagate.
  if (auto it = context->find("@propagate"); it != context->end()) {
    if (result.json_ld_10) {
      return Err(codes::kInvalidContextEntry,
                 "@propagate is not allowed in json-ld-1.0 mode");
    }
    if (!it->is_boolean()) {
      return Err(codes::kInvalidPropagateValue,
                 "@propagate must be true or false");
    }
  }
  bool protected_default = false;
  if (auto it = context->find("@protected"); it != context->end()) {
    if (!it->is_boolean()) {
      return Err(codes::kInvalidProtectedValue,
                 "@protected must be true or false");
    }
    if (result.json_ld_10) {
      return Err(codes::kInvalidContextEntry,
                 "@protected is not allowed in json-ld-1.0 mode");
    }
    protected_default = it->get<bool>();
  }
  // Steps 5.12 and 5.13.
  TermState ts{result,          *context,          {},
               base_url,        protected_default, override_protected,
               remote_contexts, validate_scoped,   context_owner};
  for (const auto& [key, value] : context->items()) {
    if (key == "@base" || key == "@direction" || key == "@import" ||
        key == "@language" || key == "@propagate" || key == "@protected" ||
        key == "@version" || key == "@vocab") {
      continue;
    }
    ANYCRED_RETURN_IF_ERROR(CreateTermDefinition(ts, key));
  }
  return Status::Ok();
}

Status Processor::ExpandIriLocal(TermState& ts, std::string_view value,
                                 bool document_relative, bool vocab,
                                 std::optional<std::string>* out) {
  if (IsKeyword(value)) {
    *out = std::string(value);
    return Status::Ok();
  }
  if (HasKeywordForm(value)) {
    out->reset();
    return Status::Ok();
  }
  std::string key(value);
  if (ts.local.contains(key)) {
    auto d = ts.defined.find(key);
    if (d == ts.defined.end() || !d->second) {
      ANYCRED_RETURN_IF_ERROR(CreateTermDefinition(ts, key));
    }
  }
  if (const TermDefinition* def = ts.result.Find(value)) {
    if (def->iri_is_keyword) {
      *out = def->iri;
      return Status::Ok();
    }
    if (vocab) {
      *out = def->iri;
      return Status::Ok();
    }
  }
  std::size_t colon = value.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    std::string prefix(value.substr(0, colon));
    std::string_view suffix = value.substr(colon + 1);
    if (prefix == "_" || suffix.starts_with("//")) {
      *out = std::string(value);
      return Status::Ok();
    }
    if (ts.local.contains(prefix)) {
      auto d = ts.defined.find(prefix);
      if (d == ts.defined.end() || !d->second) {
        ANYCRED_RETURN_IF_ERROR(CreateTermDefinition(ts, prefix));
      }
    }
    if (const TermDefinition* def = ts.result.Find(prefix);
        def != nullptr && def->iri && def->prefix) {
      std::string iri = *def->iri;
      iri.append(suffix);
      *out = std::move(iri);
      return Status::Ok();
    }
    if (IsAbsoluteIri(value)) {
      *out = std::string(value);
      return Status::Ok();
    }
  }
  if (vocab && ts.result.vocab) {
    *out = *ts.result.vocab + std::string(value);
    return Status::Ok();
  }
  if (document_relative && ts.result.base_iri) {
    *out = ResolveIri(*ts.result.base_iri, value);
    return Status::Ok();
  }
  *out = std::string(value);
  return Status::Ok();
}

Status Processor::CreateTermDefinition(TermState& ts, const std::string& term) {
  ActiveContext& result = ts.result;
  // Step 1.
  if (auto d = ts.defined.find(term); d != ts.defined.end()) {
    if (d->second) return Status::Ok();
    return Err(codes::kCyclicIriMapping,
               "the definition of " + Quote(term) + " depends on itself");
  }
  // Step 2.
  if (term.empty()) {
    return Err(codes::kInvalidTermDefinition, "the empty string is not a term");
  }
  ts.defined[term] = false;
  // Step 3.
  const Json& raw = ts.local.at(term);
  // Steps 4 and 5.
  if (term == "@type") {
    if (result.json_ld_10) {
      return Err(codes::kKeywordRedefinition,
                 "@type cannot be redefined in json-ld-1.0 mode");
    }
    bool ok = raw.is_object() && !raw.empty();
    if (ok) {
      for (const auto& [k, v] : raw.items()) {
        if (k == "@container" && v == "@set") continue;
        if (k == "@protected") continue;
        ok = false;
      }
    }
    if (!ok) {
      return Err(codes::kKeywordRedefinition,
                 "@type may only be given @container: @set and @protected");
    }
  } else if (IsKeyword(term)) {
    return Err(codes::kKeywordRedefinition,
               "the keyword " + term + " cannot be redefined");
  } else if (HasKeywordForm(term)) {
    Warn(result, "the term " + Quote(term) +
                     " has the form of a keyword and is ignored");
    ts.defined[term] = true;
    return Status::Ok();
  }
  // Step 6.
  std::shared_ptr<const TermDefinition> previous;
  if (auto it = result.terms.find(term); it != result.terms.end()) {
    previous = std::move(it->second);
    result.terms.erase(it);
  }
  // Steps 7-9.
  Json wrapped;
  const Json* value = &raw;
  bool simple_term = false;
  if (raw.is_null()) {
    wrapped = Json::object({{"@id", nullptr}});
    value = &wrapped;
  } else if (raw.is_string()) {
    wrapped = Json::object({{"@id", raw}});
    value = &wrapped;
    simple_term = true;
  } else if (!raw.is_object()) {
    return Err(codes::kInvalidTermDefinition,
               "the definition of " + Quote(term) +
                   " must be null, a string or an object");
  }
  auto def = std::make_shared<TermDefinition>();
  def->is_protected = ts.protected_default;
  auto find = [value](const char* key) {
    auto it = value->find(key);
    return it == value->end() ? nullptr : &*it;
  };
  // Step 11.
  if (const Json* p = find("@protected")) {
    if (result.json_ld_10) {
      return Err(codes::kInvalidTermDefinition,
                 "@protected is not allowed in json-ld-1.0 mode");
    }
    if (!p->is_boolean()) {
      return Err(codes::kInvalidProtectedValue,
                 "@protected must be true or false");
    }
    def->is_protected = p->get<bool>();
  }
  // Step 12.
  if (const Json* t = find("@type")) {
    if (!t->is_string()) {
      return Err(codes::kInvalidTypeMapping,
                 "the @type of " + Quote(term) + " must be a string");
    }
    std::optional<std::string> type;
    ANYCRED_RETURN_IF_ERROR(ExpandIriLocal(ts, t->get_ref<const std::string&>(),
                                           false, true, &type));
    if (!type) {
      return Err(codes::kInvalidTypeMapping,
                 "the @type of " + Quote(term) + " is not an IRI");
    }
    if ((*type == "@json" || *type == "@none") && result.json_ld_10) {
      return Err(codes::kInvalidTypeMapping,
                 *type + " type mappings need json-ld-1.1");
    }
    if (*type != "@id" && *type != "@json" && *type != "@none" &&
        *type != "@vocab" && !IsAbsoluteIri(*type)) {
      return Err(codes::kInvalidTypeMapping,
                 "the @type of " + Quote(term) + " (" + Quote(*type) +
                     ") is not an IRI, @id, @json, @none or @vocab");
    }
    def->type = std::move(type);
  }
  if (const Json* r = find("@reverse")) {
    // Step 13.
    if (find("@id") || find("@nest")) {
      return Err(codes::kInvalidReverseProperty,
                 "a @reverse term cannot have @id or @nest");
    }
    if (!r->is_string()) {
      return Err(codes::kInvalidIriMapping, "@reverse must be a string");
    }
    const auto& rev = r->get_ref<const std::string&>();
    if (HasKeywordForm(rev)) {
      Warn(result, "the @reverse value " + Quote(rev) +
                       " has the form of a keyword and is ignored");
      ts.defined[term] = true;
      return Status::Ok();
    }
    std::optional<std::string> iri;
    ANYCRED_RETURN_IF_ERROR(ExpandIriLocal(ts, rev, false, true, &iri));
    if (!iri || (!IsAbsoluteIri(*iri) && !IsBlankNodeId(*iri))) {
      return Err(codes::kInvalidIriMapping,
                 "the @reverse of " + Quote(term) + " is not an IRI");
    }
    def->iri = std::move(iri);
    if (const Json* c = find("@container")) {
      if (!(c->is_null() || *c == "@set" || *c == "@index")) {
        return Err(codes::kInvalidReverseProperty,
                   "a @reverse term's container must be @set or @index");
      }
    }
    def->reverse = true;
  } else if (const Json* id = find("@id");
             id != nullptr && !(id->is_string() && *id == term)) {
    // Step 14.
    if (id->is_null()) {
      // Reserved: not used for IRI expansion.
    } else {
      if (!id->is_string()) {
        return Err(codes::kInvalidIriMapping,
                   "the @id of " + Quote(term) + " must be a string");
      }
      const auto& id_str = id->get_ref<const std::string&>();
      if (!IsKeyword(id_str) && HasKeywordForm(id_str)) {
        Warn(result, "the @id " + Quote(id_str) + " of " + Quote(term) +
                         " has the form of a keyword and is ignored");
        ts.defined[term] = true;
        return Status::Ok();
      }
      std::optional<std::string> iri;
      ANYCRED_RETURN_IF_ERROR(ExpandIriLocal(ts, id_str, false, true, &iri));
      if (!iri ||
          !(IsKeyword(*iri) || IsAbsoluteIri(*iri) || IsBlankNodeId(*iri))) {
        return Err(codes::kInvalidIriMapping,
                   "the @id of " + Quote(term) +
                       " does not expand to an IRI, blank node or keyword");
      }
      if (*iri == "@context") {
        return Err(codes::kInvalidKeywordAlias, "@context cannot be aliased");
      }
      std::size_t colon = term.find(':', 1);
      bool iri_like = (colon != std::string::npos && colon + 1 < term.size()) ||
                      term.find('/') != std::string::npos;
      if (iri_like) {
        ts.defined[term] = true;
        std::optional<std::string> term_iri;
        ANYCRED_RETURN_IF_ERROR(
            ExpandIriLocal(ts, term, false, true, &term_iri));
        if (term_iri != iri) {
          return Err(codes::kInvalidIriMapping,
                     "the term " + Quote(term) +
                         " looks like an IRI but maps to a different one");
        }
      }
      if (term.find(':') == std::string::npos &&
          term.find('/') == std::string::npos && simple_term &&
          (EndsWithGenDelim(*iri) || IsBlankNodeId(*iri))) {
        def->prefix = true;
      }
      def->iri = std::move(iri);
    }
  } else if (term.find(':', 1) != std::string::npos) {
    // Step 15.
    std::size_t colon = term.find(':');
    std::string prefix = term.substr(0, colon);
    if (colon > 0 && ts.local.contains(prefix)) {
      ANYCRED_RETURN_IF_ERROR(CreateTermDefinition(ts, prefix));
    }
    const TermDefinition* pdef = colon > 0 ? result.Find(prefix) : nullptr;
    if (pdef != nullptr && pdef->iri) {
      def->iri = *pdef->iri + term.substr(colon + 1);
    } else {
      def->iri = term;
    }
  } else if (term.find('/') != std::string::npos) {
    // Step 16.
    // Expanded without the local context: the term is being defined.
    std::optional<std::string> iri;
    std::string expanded;
    if (ExpandIri(result, term, false, true, &expanded)) iri = expanded;
    if (!iri || !IsAbsoluteIri(*iri)) {
      return Err(codes::kInvalidIriMapping, "the relative term " + Quote(term) +
                                                " does not expand to an IRI");
    }
    def->iri = std::move(iri);
  } else if (term == "@type") {
    // Step 17.
    def->iri = "@type";
  } else if (result.vocab) {
    // Step 18.
    def->iri = *result.vocab + term;
  } else {
    return Err(codes::kInvalidIriMapping,
               "the term " + Quote(term) +
                   " has no @id and the context has no @vocab");
  }
  def->iri_is_keyword = def->iri && IsKeyword(*def->iri);
  def->iri_well_formed =
      def->iri && (IsBlankNodeId(*def->iri) || IsWellFormedIri(*def->iri));
  // Step 19.
  if (const Json* c = find("@container")) {
    std::uint8_t mask = 0;
    if (!ParseContainer(*c, &mask)) {
      return Err(codes::kInvalidContainerMapping,
                 "invalid @container for " + Quote(term) + ": " + c->dump());
    }
    if (result.json_ld_10 &&
        (!c->is_string() ||
         (mask & (kContainerGraph | kContainerId | kContainerType)))) {
      return Err(codes::kInvalidContainerMapping,
                 "@container " + c->dump() + " needs json-ld-1.1");
    }
    def->container = mask;
    def->has_container = true;
    if (mask & kContainerType) {
      if (!def->type) def->type = "@id";
      if (*def->type != "@id" && *def->type != "@vocab") {
        return Err(codes::kInvalidTypeMapping,
                   "a @type container needs @type @id or @vocab");
      }
    }
  }
  // Step 20.
  if (const Json* idx = find("@index")) {
    if (result.json_ld_10 || !(def->container & kContainerIndex)) {
      return Err(codes::kInvalidTermDefinition,
                 "@index needs an @index container (and json-ld-1.1)");
    }
    if (!idx->is_string()) {
      return Err(codes::kInvalidTermDefinition, "@index must be a string");
    }
    std::string expanded;
    if (!ExpandIri(result, idx->get_ref<const std::string&>(), false, true,
                   &expanded) ||
        !IsAbsoluteIri(expanded)) {
      return Err(codes::kInvalidTermDefinition,
                 "@index " + idx->dump() + " does not expand to an IRI");
    }
    def->index = idx->get<std::string>();
  }
  // Step 21.
  if (const Json* ctx = find("@context")) {
    if (result.json_ld_10) {
      return Err(codes::kInvalidTermDefinition,
                 "scoped contexts need json-ld-1.1");
    }
    ActiveContext scratch = result;
    Status st = ProcessInto(scratch, nullptr, *ctx, ts.base_url,
                            ts.remote_contexts, true, true, false, ts.owner);
    if (!st.ok()) {
      return Err(codes::kInvalidScopedContext,
                 "the scoped context of " + Quote(term) +
                     " is invalid: " + st.ToString());
    }
    if (ts.owner && value == &raw) {
      def->context = std::shared_ptr<const Json>(ts.owner, ctx);
    } else {
      def->context = std::make_shared<const Json>(*ctx);
    }
    def->base_url = ts.base_url;
  }
  // Step 22.
  if (const Json* lang = find("@language"); lang && !find("@type")) {
    if (!lang->is_null() && !lang->is_string()) {
      return Err(codes::kInvalidLanguageMapping,
                 "@language must be a string or null");
    }
    def->has_language = true;
    if (lang->is_string()) {
      std::string l = lang->get<std::string>();
      if (result.lowercase_language) {
        std::transform(l.begin(), l.end(), l.begin(),
                       [](unsigned char ch) { return std::tolower(ch); });
      }
      def->language = std::move(l);
    }
  }
  // Step 23.
  if (const Json* dir = find("@direction"); dir && !find("@type")) {
    if (dir->is_null()) {
      def->has_direction = true;
    } else if (*dir == "ltr" || *dir == "rtl") {
      def->has_direction = true;
      def->direction = dir->get<std::string>();
    } else {
      return Err(codes::kInvalidBaseDirection,
                 "@direction must be \"ltr\", \"rtl\" or null");
    }
  }
  // Step 24.
  if (const Json* nest = find("@nest")) {
    if (result.json_ld_10) {
      return Err(codes::kInvalidTermDefinition, "@nest needs json-ld-1.1");
    }
    if (!nest->is_string() ||
        (IsKeyword(nest->get_ref<const std::string&>()) && *nest != "@nest")) {
      return Err(codes::kInvalidNestValue,
                 "@nest must be a term or @nest, not " + nest->dump());
    }
    def->nest = nest->get<std::string>();
  }
  // Step 25.
  if (const Json* prefix = find("@prefix")) {
    if (result.json_ld_10 || term.find(':') != std::string::npos ||
        term.find('/') != std::string::npos) {
      return Err(codes::kInvalidTermDefinition,
                 "@prefix is not allowed on " + Quote(term));
    }
    if (!prefix->is_boolean()) {
      return Err(codes::kInvalidPrefixValue, "@prefix must be true or false");
    }
    def->prefix = prefix->get<bool>();
    if (def->prefix && def->iri_is_keyword) {
      return Err(codes::kInvalidTermDefinition,
                 "a keyword alias cannot be a prefix");
    }
  }
  def->type_well_formed = def->type && IsWellFormedIri(*def->type);
  // Step 26.
  for (const auto& [k, v] : value->items()) {
    static const char* const kAllowed[] = {
        "@id",        "@reverse",   "@container", "@context",
        "@direction", "@index",     "@language",  "@nest",
        "@prefix",    "@protected", "@type"};
    bool allowed = false;
    for (const char* a : kAllowed) {
      if (k == a) {
        allowed = true;
        break;
      }
    }
    if (!allowed) {
      return Err(codes::kInvalidTermDefinition,
                 "the definition of " + Quote(term) + " has an unknown entry " +
                     Quote(k));
    }
  }
  // Step 27.
  if (!ts.override_protected && previous && previous->is_protected) {
    if (!def->SameAs(*previous)) {
      return Err(codes::kProtectedTermRedefinition,
                 "the protected term " + Quote(term) + " cannot be redefined");
    }
    result.terms[term] = std::move(previous);
  } else {
    result.terms[term] = std::move(def);
  }
  // Step 28.
  ts.defined[term] = true;
  return Status::Ok();
}

}  // namespace

bool TermDefinition::SameAs(const TermDefinition& o) const {
  if (iri != o.iri || prefix != o.prefix || reverse != o.reverse ||
      container != o.container || has_container != o.has_container ||
      type != o.type || has_language != o.has_language ||
      language != o.language || has_direction != o.has_direction ||
      direction != o.direction || index != o.index || nest != o.nest) {
    return false;
  }
  if (static_cast<bool>(context) != static_cast<bool>(o.context)) return false;
  return !context || context.get() == o.context.get() || *context == *o.context;
}

bool ActiveContext::HasProtectedTerms() const {
  for (const auto& [term, def] : terms) {
    if (def->is_protected) return true;
  }
  return false;
}

ContextPtr InitialContext(const std::string& base,
                          const std::string& original_base_url, bool json_ld_10,
                          bool lowercase_language) {
  static std::shared_mutex mu;
  static auto* contexts = new std::map<InitialKey, ContextPtr>();
  InitialKey key{base, original_base_url, json_ld_10, lowercase_language};
  {
    std::shared_lock lock(mu);
    if (auto it = contexts->find(key); it != contexts->end()) {
      return it->second;
    }
  }
  auto ctx = std::make_shared<ActiveContext>();
  ctx->id = NextContextId();
  if (!base.empty()) ctx->base_iri = base;
  if (!original_base_url.empty()) ctx->original_base_url = original_base_url;
  ctx->json_ld_10 = json_ld_10;
  ctx->lowercase_language = lowercase_language;
  std::unique_lock lock(mu);
  if (contexts->size() >= kMaxCacheEntries) contexts->clear();
  auto [it, inserted] = contexts->emplace(std::move(key), std::move(ctx));
  return it->second;
}

Result<ContextPtr> ProcessContext(const ContextEnv& env,
                                  const ActiveContext& active_ref,
                                  const Json& local,
                                  const std::optional<std::string>& base_url,
                                  bool override_protected, bool propagate,
                                  const std::shared_ptr<const Json>& owner) {
  CacheKey key{env.loader->generation(),
               active_ref.id,
               owner ? static_cast<const void*>(&local) : nullptr,
               0,
               base_url,
               static_cast<std::uint8_t>((override_protected ? 1 : 0) |
                                         (propagate ? 2 : 0))};
  std::size_t hash = 0;
  if (env.use_cache) {
    if (!owner) {
      key.content_hash = kFnvOffset;
      HashJson(key.content_hash, local);
    }
    hash = CacheKeyHash{}(key);
    if (ContextPtr hit = LocalCache().Find(key, hash, local)) return hit;
    CacheEntry shared;
    if (Cache().Find(key, local, &shared)) {
      LocalCache().Insert(key, hash, shared);
      return shared.result;
    }
  }
  ContextPtr active = active_ref.shared_from_this();
  auto result = std::make_shared<ActiveContext>(*active);
  result->safe_mode_warning.clear();
  Processor processor(env);
  ANYCRED_RETURN_IF_ERROR(
      processor.ProcessInto(*result, &active, local, base_url, {},
                            override_protected, propagate, true, owner));
  result->id = NextContextId();
  ContextPtr out = std::move(result);
  if (env.use_cache) {
    CacheEntry entry;
    entry.active = active;
    entry.result = out;
    if (owner) {
      entry.keep_alive = owner;
    } else {
      entry.content = std::make_shared<const Json>(local);
    }
    LocalCache().Insert(key, hash, entry);
    Cache().Insert(std::move(key), std::move(entry));
  }
  return out;
}

bool ExpandIri(const ActiveContext& ctx, std::string_view value,
               bool document_relative, bool vocab, std::string* out) {
  if (!value.empty() && value[0] == '@') {
    if (IsKeyword(value)) {
      out->assign(value);
      return true;
    }
    if (HasKeywordForm(value)) return false;
  }
  if (const TermDefinition* def = ctx.Find(value)) {
    if (def->iri_is_keyword) {
      out->assign(*def->iri);
      return true;
    }
    if (vocab) {
      if (!def->iri) return false;
      out->assign(*def->iri);
      return true;
    }
  }
  std::size_t colon = value.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    std::string_view prefix = value.substr(0, colon);
    std::string_view suffix = value.substr(colon + 1);
    if (prefix == "_" || suffix.starts_with("//")) {
      out->assign(value);
      return true;
    }
    if (const TermDefinition* def = ctx.Find(prefix);
        def != nullptr && def->iri && def->prefix) {
      out->assign(*def->iri);
      out->append(suffix);
      return true;
    }
    if (IsAbsoluteIri(value)) {
      out->assign(value);
      return true;
    }
  }
  if (vocab && ctx.vocab) {
    out->assign(*ctx.vocab);
    out->append(value);
    return true;
  }
  if (document_relative && ctx.base_iri) {
    *out = ResolveIri(*ctx.base_iri, value);
    return true;
  }
  out->assign(value);
  return true;
}

void ClearContextCache() { Cache().Clear(); }

}  // namespace anycred::jsonld::internal
