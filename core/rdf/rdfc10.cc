#include "core/rdf/rdfc10.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/rdf/nquads_internal.h"

namespace anycred::rdf {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kMaxDigestSize = 48;  // SHA-384

// A raw digest. Bytes past the algorithm's digest size stay zero, so
// comparing whole arrays orders digests like their lowercase hex strings
// (code point order of the hex = byte order of the digest).
struct Digest {
  std::array<std::uint8_t, kMaxDigestSize> bytes{};
  friend bool operator<(const Digest& a, const Digest& b) {
    return std::memcmp(a.bytes.data(), b.bytes.data(), kMaxDigestSize) < 0;
  }
  friend bool operator==(const Digest& a, const Digest& b) {
    return std::memcmp(a.bytes.data(), b.bytes.data(), kMaxDigestSize) == 0;
  }
};

// The message digest implementations, fetched once per process (fetching by
// name on every hash costs more than hashing a quad).
EVP_MD* FetchedMd(crypto::HashAlgorithm algorithm) {
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  static EVP_MD* const sha384 = EVP_MD_fetch(nullptr, "SHA2-384", nullptr);
  return algorithm == crypto::HashAlgorithm::kSha256 ? sha256 : sha384;
}

// One reusable digest context for a canonicalization run.
class DigestContext {
 public:
  explicit DigestContext(crypto::HashAlgorithm algorithm)
      : md_(FetchedMd(algorithm)),
        ctx_(EVP_MD_CTX_new()),
        size_(crypto::DigestSize(algorithm)) {}
  ~DigestContext() { EVP_MD_CTX_free(ctx_); }
  DigestContext(const DigestContext&) = delete;
  DigestContext& operator=(const DigestContext&) = delete;

  bool ok() const { return md_ != nullptr && ctx_ != nullptr; }
  std::size_t size() const { return size_; }

  bool Hash(std::string_view data, Digest* out) {
    unsigned int len = 0;
    return EVP_DigestInit_ex2(ctx_, md_, nullptr) == 1 &&
           EVP_DigestUpdate(ctx_, data.data(), data.size()) == 1 &&
           EVP_DigestFinal_ex(ctx_, out->bytes.data(), &len) == 1 &&
           len == size_;
  }

 private:
  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
  std::size_t size_;
};

void AppendHex(const Digest& digest, std::size_t size, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t at = out->size();
  out->resize(at + 2 * size);
  char* p = out->data() + at;
  for (std::size_t i = 0; i < size; ++i) {
    *p++ = kHex[digest.bytes[i] >> 4];
    *p++ = kHex[digest.bytes[i] & 0xF];
  }
}

void AppendNumber(std::uint32_t value, std::string* out) {
  char buf[16];
  const auto r = std::to_chars(buf, buf + sizeof(buf), value);
  out->append(buf, static_cast<std::size_t>(r.ptr - buf));
}

// A temporary identifier issuer (prefix "b"): the blank nodes it has issued
// identifiers to, in issue order; the identifier of issued_[i] is "b<i>".
// Issuers stay small (the nodes reached by one gossip path), so a linear
// scan beats a map, and copying one per permutation is cheap.
class TempIssuer {
 public:
  std::uint32_t Find(std::uint32_t node) const {
    for (std::size_t i = 0; i < issued_.size(); ++i) {
      if (issued_[i] == node) return static_cast<std::uint32_t>(i);
    }
    return kNone;
  }
  std::uint32_t Issue(std::uint32_t node) {
    const std::uint32_t found = Find(node);
    if (found != kNone) return found;
    issued_.push_back(node);
    return static_cast<std::uint32_t>(issued_.size() - 1);
  }
  const std::vector<std::uint32_t>& issued() const { return issued_; }

 private:
  std::vector<std::uint32_t> issued_;
};

// Permutations of 0..k-1 in Steinhaus-Johnson-Trotter order, starting with
// the identity. (The chosen path is the least one whatever the order; the
// order only decides which of several equal paths, i.e. which automorphic
// labelling, is kept. SJT from the sorted list is what the reference
// implementations use, so issued-identifier maps agree with theirs.)
class Permutations {
 public:
  explicit Permutations(std::size_t k) : perm_(k), left_(k, true) {
    for (std::size_t i = 0; i < k; ++i)
      perm_[i] = static_cast<std::uint32_t>(i);
  }
  const std::vector<std::uint32_t>& current() const { return perm_; }

  bool Next() {
    const std::size_t k = perm_.size();
    std::size_t mobile = k;  // position of the largest mobile element
    for (std::size_t i = 0; i < k; ++i) {
      const std::uint32_t v = perm_[i];
      const bool is_mobile = left_[v] ? (i > 0 && perm_[i - 1] < v)
                                      : (i + 1 < k && perm_[i + 1] < v);
      if (is_mobile && (mobile == k || v > perm_[mobile])) mobile = i;
    }
    if (mobile == k) return false;
    const std::uint32_t v = perm_[mobile];
    const std::size_t to = left_[v] ? mobile - 1 : mobile + 1;
    std::swap(perm_[mobile], perm_[to]);
    for (std::uint32_t w = v + 1; w < k; ++w) left_[w] = !left_[w];
    return true;
  }

 private:
  std::vector<std::uint32_t> perm_;
  std::vector<bool> left_;  // direction, indexed by value
};

// One quad of the input, pre-serialized once in canonical N-Quads form with
// every blank node written as "_:z". The first-degree form of the quad for a
// reference node patches the 'z' of that node to 'a'; the final form
// substitutes the canonical labels. Literals are escaped once per run.
struct QuadRecord {
  const Quad* quad;
  std::size_t offset;  // of the line in Canonicalizer::templates_
  std::size_t length;
  std::array<std::uint32_t, 3> node;  // blank node id of s, o, g or kNone
  std::array<std::uint32_t, 3> at;    // offset of the placeholder 'z' in line
  bool duplicate;  // equal to an earlier quad (found by HashFirstDegree)
};

// A blank node. Ids are assigned in order of first appearance (subject,
// object, graph of each quad, in input order), the order in which RDFC-1.0
// implementations fill the blank node to quads map.
struct NodeInfo {
  std::string_view label;           // input label
  std::uint32_t mention_begin = 0;  // range of the node's quads in mentions_
  std::uint32_t mention_end = 0;
  std::uint32_t canonical = kNone;  // canonical number, once issued
  Digest first_degree;
  std::array<char, 16> c14n{};  // "c14nN" once issued
  std::uint8_t c14n_size = 0;
};

// Open-addressing map from blank node label to id.
class LabelTable {
 public:
  explicit LabelTable(std::size_t max_labels) {
    std::size_t capacity = 16;
    while (capacity < 2 * max_labels) capacity <<= 1;
    slots_.assign(capacity, kNone);
  }
  std::uint32_t Intern(std::string_view label, std::vector<NodeInfo>* nodes) {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
    for (const char c : label)
      h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = (h ^ (h >> 29)) & mask;; i = (i + 1) & mask) {
      const std::uint32_t id = slots_[i];
      if (id == kNone) {
        slots_[i] = static_cast<std::uint32_t>(nodes->size());
        nodes->emplace_back().label = label;
        return slots_[i];
      }
      if ((*nodes)[id].label == label) return id;
    }
  }

 private:
  std::vector<std::uint32_t> slots_;
};

// Orders lines by code point (= byte order of UTF-8): the first 8 bytes as a
// big-endian integer, then the rest. Every N-Quads line is longer than 8.
struct LineKey {
  std::uint64_t prefix;
  std::size_t offset;
  std::size_t length;
  std::uint32_t record;
};
std::uint64_t LoadPrefix(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
bool LineLess(const char* base, const LineKey& a, const LineKey& b) {
  if (a.prefix != b.prefix) return a.prefix < b.prefix;
  const std::size_t n = std::min(a.length, b.length) - 8;
  const int c = std::memcmp(base + a.offset + 8, base + b.offset + 8, n);
  return c != 0 ? c < 0 : a.length < b.length;
}
bool LineEqual(const char* base, const LineKey& a, const LineKey& b) {
  return a.prefix == b.prefix && a.length == b.length &&
         std::memcmp(base + a.offset, base + b.offset, a.length) == 0;
}

constexpr char kPosition[3] = {'s', 'o', 'g'};

// One digest context per thread and algorithm, kept between calls (creating
// one costs two allocations inside OpenSSL). Canonicalize never re-enters
// itself, so a run has its context to itself.
DigestContext& ThreadDigestContext(crypto::HashAlgorithm algorithm) {
  thread_local DigestContext sha256(crypto::HashAlgorithm::kSha256);
  thread_local DigestContext sha384(crypto::HashAlgorithm::kSha384);
  return algorithm == crypto::HashAlgorithm::kSha256 ? sha256 : sha384;
}

class Canonicalizer {
 public:
  Canonicalizer(const Dataset& input, const CanonicalizeOptions& options)
      : input_(input),
        options_(options),
        digest_(ThreadDigestContext(options.hash_algorithm)) {}

  Result<CanonicalizeResult> Run() {
    if (!digest_.ok()) {
      return Status::Error(
          codes::kCryptoError,
          "RDFC-1.0: the hash algorithm is not available from OpenSSL");
    }
    if (options_.max_work_factor < 0 || options_.max_recursion_depth < 1) {
      return Status::Error(codes::kInvalidArgument,
                           "RDFC-1.0: max_work_factor must be >= 0 and "
                           "max_recursion_depth >= 1");
    }
    if (options_.timeout.count() > 0)
      deadline_ = Clock::now() + options_.timeout;
    ANYCRED_RETURN_IF_ERROR(BuildRecords());
    ANYCRED_RETURN_IF_ERROR(IssueIdentifiers());
    return Output();
  }

 private:
  const char* LineData(const QuadRecord& r) const {
    return templates_.get() + r.offset;
  }
  std::string_view Line(const QuadRecord& r) const {
    return std::string_view(LineData(r), r.length);
  }

  static const char* Validate(const Quad& q) {
    if (!q.subject.is_iri() && !q.subject.is_blank()) {
      return "the subject must be an IRI or a blank node";
    }
    if (!q.predicate.is_iri()) return "the predicate must be an IRI";
    if (q.object.is_default_graph()) {
      return "the object must be an IRI, a blank node or a literal";
    }
    if (q.graph.is_literal()) {
      return "the graph name must be an IRI, a blank node or the default graph";
    }
    return nullptr;
  }

  // Validates the quads, numbers the blank nodes, writes the template line
  // of every quad into one buffer and builds the blank node to quads map.
  Status BuildRecords() {
    std::size_t bytes = 0;
    std::size_t blank_terms = 0;
    for (std::size_t i = 0; i < input_.size(); ++i) {
      const Quad& q = input_[i];
      if (const char* problem = Validate(q)) {
        return Status::Error(
            codes::kInvalidArgument,
            "RDFC-1.0: quad " + std::to_string(i) + ": " + problem);
      }
      for (const Term* t : {&q.subject, &q.object, &q.graph}) {
        if (t->is_blank()) {
          ++blank_terms;
          bytes += 3;  // "_:z"
        } else {
          bytes += internal::CanonicalTermSize(*t);
        }
      }
      bytes += internal::CanonicalTermSize(q.predicate) +
               (q.graph.is_default_graph() ? 5 : 6);
    }

    LabelTable table(blank_terms);
    nodes_.reserve(
        std::min<std::size_t>(blank_terms, 1024));  // occurrences >= nodes
    keys_.reserve(input_.size());
    templates_ = std::make_unique_for_overwrite<char[]>(bytes);
    templates_size_ = bytes;
    records_.resize(input_.size());
    char* const base = templates_.get();
    char* out = base;
    for (std::size_t i = 0; i < input_.size(); ++i) {
      const Quad& q = input_[i];
      QuadRecord& r = records_[i];
      r.quad = &q;
      r.offset = static_cast<std::size_t>(out - base);
      r.node.fill(kNone);
      r.at.fill(0);
      r.duplicate = false;
      const Term* terms[3] = {&q.subject, &q.object, &q.graph};
      for (int c = 0; c < 3; ++c) {
        if (c == 1) {
          *out++ = ' ';
          out = internal::WriteCanonicalTerm(q.predicate, out);
          *out++ = ' ';
        } else if (c == 2) {
          if (q.graph.is_default_graph()) break;
          *out++ = ' ';
        }
        const Term& t = *terms[c];
        if (!t.is_blank()) {
          out = internal::WriteCanonicalTerm(t, out);
          continue;
        }
        const std::uint32_t id = table.Intern(t.value, &nodes_);
        r.node[c] = id;
        *out++ = '_';
        *out++ = ':';
        r.at[c] = static_cast<std::uint32_t>(out - base - r.offset);
        *out++ = 'z';
        if (!IsRepeat(r, c)) ++nodes_[id].mention_end;  // count for now
      }
      std::memcpy(out, " .\n", 3);
      out += 3;
      r.length = static_cast<std::size_t>(out - base) - r.offset;
    }

    // Counts -> ranges; then the quads of each node, in input order.
    std::uint32_t next = 0;
    for (NodeInfo& n : nodes_) {
      n.mention_begin = next;
      next += n.mention_end;
      n.mention_end = n.mention_begin;
    }
    mentions_.resize(next);
    for (std::size_t i = 0; i < records_.size(); ++i) {
      const QuadRecord& r = records_[i];
      for (int c = 0; c < 3; ++c) {
        if (r.node[c] == kNone || IsRepeat(r, c)) continue;
        mentions_[nodes_[r.node[c]].mention_end++] =
            static_cast<std::uint32_t>(i);
      }
    }
    return Status::Ok();
  }

  // True if component c repeats the blank node of an earlier component.
  static bool IsRepeat(const QuadRecord& r, int c) {
    for (int e = 0; e < c; ++e) {
      if (r.node[e] == r.node[c]) return true;
    }
    return false;
  }

  // Hash First Degree Quads (§4.6). A dataset is a set, so a quad equal to
  // an earlier one (same line, same blank nodes) is marked duplicate and
  // left out; equal quads sort next to each other here.
  bool HashFirstDegree(std::uint32_t node, Digest* out) {
    const NodeInfo& info = nodes_[node];
    if (info.mention_end - info.mention_begin == 1) {
      // Patch the template in place; no copy.
      const QuadRecord& r = records_[mentions_[info.mention_begin]];
      char* line = templates_.get() + r.offset;
      for (int c = 0; c < 3; ++c) {
        if (r.node[c] == node) line[r.at[c]] = 'a';
      }
      const bool ok = digest_.Hash(Line(r), out);
      for (int c = 0; c < 3; ++c) {
        if (r.node[c] == node) line[r.at[c]] = 'z';
      }
      return ok;
    }
    if (scratch_.capacity() == 0) {
      scratch_.reserve(templates_size_);
      joined_.reserve(templates_size_);
    }
    scratch_.clear();
    keys_.clear();
    for (std::uint32_t m = info.mention_begin; m < info.mention_end; ++m) {
      const QuadRecord& r = records_[mentions_[m]];
      const std::size_t start = scratch_.size();
      scratch_.append(Line(r));
      for (int c = 0; c < 3; ++c) {
        if (r.node[c] == node) scratch_[start + r.at[c]] = 'a';
      }
      keys_.push_back(
          {LoadPrefix(scratch_.data() + start), start, r.length, mentions_[m]});
    }
    const char* base = scratch_.data();
    std::sort(keys_.begin(), keys_.end(),
              [&](const LineKey& a, const LineKey& b) {
                if (LineLess(base, a, b)) return true;
                if (LineLess(base, b, a)) return false;
                const auto& na = records_[a.record].node;
                const auto& nb = records_[b.record].node;
                return na != nb ? na < nb : a.record < b.record;
              });
    joined_.clear();
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      const LineKey& key = keys_[k];
      if (k > 0 && LineEqual(base, key, keys_[k - 1]) &&
          records_[key.record].node == records_[keys_[k - 1].record].node) {
        records_[key.record].duplicate = true;
        continue;
      }
      joined_.append(base + key.offset, key.length);
    }
    return digest_.Hash(joined_, out);
  }

  // Hash Related Blank Node (§4.7).
  bool HashRelated(std::uint32_t related, const QuadRecord& r, int c,
                   const TempIssuer& issuer, Digest* out) {
    std::string& input = related_input_;
    input.clear();
    input.push_back(kPosition[c]);
    if (c != 2) {
      input.push_back('<');
      input.append(r.quad->predicate.value);
      input.push_back('>');
    }
    if (nodes_[related].canonical != kNone) {
      input.append("_:c14n", 6);
      AppendNumber(nodes_[related].canonical, &input);
    } else if (const std::uint32_t temp = issuer.Find(related); temp != kNone) {
      input.append("_:b", 3);
      AppendNumber(temp, &input);
    } else {
      AppendHex(nodes_[related].first_degree, digest_.size(), &input);
    }
    return digest_.Hash(input, out);
  }

  bool Fail(Status status) {
    status_ = std::move(status);
    return false;
  }

  bool CheckClock() {
    if (options_.timeout.count() > 0 && Clock::now() > deadline_) {
      return Fail(
          Status::Error(kRdfcLimitExceeded,
                        "RDFC-1.0 timeout: canonicalization took longer than " +
                            std::to_string(options_.timeout.count()) +
                            " ms (the input may be a poisoned dataset); raise "
                            "CanonicalizeOptions::timeout (0 disables it) to "
                            "allow more time"));
    }
    return true;
  }

  // Hash N-Degree Quads (§4.8). `issuer` is replaced by the chosen issuer.
  bool HashNDegree(std::uint32_t id, TempIssuer* issuer, int depth,
                   Digest* out) {
    if (++calls_ > budget_) {
      return Fail(Status::Error(
          kRdfcLimitExceeded,
          "RDFC-1.0 work limit exceeded: more than " + std::to_string(budget_) +
              " Hash N-Degree Quads calls (" + std::to_string(shared_nodes_) +
              " blank nodes share first-degree hashes, max_work_factor " +
              std::to_string(options_.max_work_factor) +
              "; the input may be a poisoned dataset); raise "
              "CanonicalizeOptions::max_work_factor to allow more work"));
    }
    if (depth > options_.max_recursion_depth) {
      return Fail(Status::Error(
          kRdfcLimitExceeded,
          "RDFC-1.0 recursion limit exceeded: Hash N-Degree Quads nested "
          "deeper than " +
              std::to_string(options_.max_recursion_depth) +
              " levels; raise CanonicalizeOptions::max_recursion_depth"));
    }
    if (!CheckClock()) return false;

    // Steps 1-3: related hash -> related blank nodes.
    std::vector<std::pair<Digest, std::uint32_t>> related;
    const NodeInfo& info = nodes_[id];
    for (std::uint32_t m = info.mention_begin; m < info.mention_end; ++m) {
      const QuadRecord& r = records_[mentions_[m]];
      if (r.duplicate) continue;
      for (int c = 0; c < 3; ++c) {
        const std::uint32_t other = r.node[c];
        if (other == kNone || other == id) continue;
        Digest h;
        if (!HashRelated(other, r, c, *issuer, &h)) return Fail(HashError());
        related.emplace_back(h, other);
      }
    }
    std::sort(related.begin(), related.end(), [](const auto& a, const auto& b) {
      return a.first == b.first ? a.second < b.second : a.first < b.first;
    });

    // Steps 4-5.
    std::string data_to_hash;
    std::vector<std::uint32_t> group;
    std::vector<std::uint32_t> recursion;
    std::string path;
    for (std::size_t i = 0; i < related.size();) {
      std::size_t j = i + 1;
      while (j < related.size() && related[j].first == related[i].first) ++j;
      AppendHex(related[i].first, digest_.size(), &data_to_hash);
      group.clear();
      for (std::size_t k = i; k < j; ++k) group.push_back(related[k].second);
      // Permutations start from the list sorted by label.
      std::sort(group.begin(), group.end(),
                [this](std::uint32_t a, std::uint32_t b) {
                  return nodes_[a].label < nodes_[b].label;
                });

      std::string chosen_path;
      TempIssuer chosen_issuer;
      bool have_chosen = false;
      Permutations permutations(group.size());
      do {
        if ((++steps_ & 0xFFF) == 0 && !CheckClock()) return false;
        TempIssuer copy = *issuer;
        path.clear();
        recursion.clear();
        bool skip = false;
        for (std::uint32_t index : permutations.current()) {
          const std::uint32_t node = group[index];
          if (nodes_[node].canonical != kNone) {
            path.append("_:c14n", 6);
            AppendNumber(nodes_[node].canonical, &path);
          } else {
            if (copy.Find(node) == kNone) recursion.push_back(node);
            path.append("_:b", 3);
            AppendNumber(copy.Issue(node), &path);
          }
          if (have_chosen && path.size() >= chosen_path.size() &&
              path > chosen_path) {
            skip = true;
            break;
          }
        }
        if (!skip) {
          for (std::uint32_t node : recursion) {
            Digest result;
            if (!HashNDegree(node, &copy, depth + 1, &result)) return false;
            path.append("_:b", 3);
            AppendNumber(copy.Find(node), &path);
            path.push_back('<');
            AppendHex(result, digest_.size(), &path);
            path.push_back('>');
            if (have_chosen && path.size() >= chosen_path.size() &&
                path > chosen_path) {
              skip = true;
              break;
            }
          }
        }
        if (!skip && (!have_chosen || path < chosen_path)) {
          chosen_path = path;
          chosen_issuer = std::move(copy);
          have_chosen = true;
        }
      } while (permutations.Next());
      data_to_hash += chosen_path;
      *issuer = std::move(chosen_issuer);
      i = j;
    }
    if (!digest_.Hash(data_to_hash, out)) return Fail(HashError());
    return true;
  }

  static Status HashError() {
    return Status::Error(codes::kCryptoError,
                         "RDFC-1.0: hashing failed in OpenSSL");
  }

  void IssueCanonical(std::uint32_t id) {
    NodeInfo& n = nodes_[id];
    if (n.canonical != kNone) return;
    n.canonical = next_canonical_++;
    std::memcpy(n.c14n.data(), "c14n", 4);
    const auto r = std::to_chars(n.c14n.data() + 4,
                                 n.c14n.data() + n.c14n.size(), n.canonical);
    n.c14n_size = static_cast<std::uint8_t>(r.ptr - n.c14n.data());
  }

  // Steps 3-5 of the canonicalization algorithm (§4.4.3).
  Status IssueIdentifiers() {
    const auto count = static_cast<std::uint32_t>(nodes_.size());
    for (std::uint32_t n = 0; n < count; ++n) {
      if (!HashFirstDegree(n, &nodes_[n].first_degree)) return HashError();
    }
    // Nodes by first-degree hash; equal hashes keep first-appearance order.
    std::vector<std::uint32_t> order(count);
    for (std::uint32_t n = 0; n < count; ++n) order[n] = n;
    std::sort(order.begin(), order.end(),
              [this](std::uint32_t a, std::uint32_t b) {
                const Digest& x = nodes_[a].first_degree;
                const Digest& y = nodes_[b].first_degree;
                return x == y ? a < b : x < y;
              });

    // Step 4: unique hashes get canonical identifiers in hash order.
    std::vector<std::pair<std::size_t, std::size_t>> shared_groups;
    for (std::size_t i = 0; i < order.size();) {
      std::size_t j = i + 1;
      while (j < order.size() &&
             nodes_[order[j]].first_degree == nodes_[order[i]].first_degree) {
        ++j;
      }
      if (j - i == 1) {
        IssueCanonical(order[i]);
      } else {
        shared_groups.emplace_back(i, j);
        shared_nodes_ += j - i;
      }
      i = j;
    }
    if (shared_groups.empty()) return Status::Ok();

    // Step 5: shared hashes, resolved with Hash N-Degree Quads.
    budget_ = 1;
    for (int k = 0; k < options_.max_work_factor; ++k) {
      if (budget_ > std::numeric_limits<std::uint64_t>::max() / shared_nodes_) {
        budget_ = std::numeric_limits<std::uint64_t>::max();
        break;
      }
      budget_ *= shared_nodes_;
    }
    std::vector<std::pair<Digest, TempIssuer>> hash_paths;
    for (const auto& [begin, end] : shared_groups) {
      hash_paths.clear();
      for (std::size_t k = begin; k < end; ++k) {
        const std::uint32_t n = order[k];
        if (nodes_[n].canonical != kNone) continue;
        TempIssuer temp;
        temp.Issue(n);
        Digest hash;
        if (!HashNDegree(n, &temp, 1, &hash)) return status_;
        hash_paths.emplace_back(hash, std::move(temp));
      }
      std::stable_sort(
          hash_paths.begin(), hash_paths.end(),
          [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [hash, issuer] : hash_paths) {
        for (std::uint32_t n : issuer.issued()) IssueCanonical(n);
      }
    }
    return Status::Ok();
  }

  // Steps 6-7: relabel, sort, serialize.
  CanonicalizeResult Output() {
    CanonicalizeResult result;
    for (const NodeInfo& n : nodes_) {
      result.issued_identifiers.emplace(
          std::string(n.label), std::string(n.c14n.data(), n.c14n_size));
    }
    std::size_t bytes = 0;
    for (const QuadRecord& r : records_) {
      if (r.duplicate) continue;
      bytes += r.length;
      for (const std::uint32_t id : r.node) {
        if (id != kNone) bytes += nodes_[id].c14n_size - 1u;
      }
    }
    const auto lines = std::make_unique_for_overwrite<char[]>(bytes);
    char* const base = lines.get();
    char* out = base;
    keys_.clear();
    for (std::size_t i = 0; i < records_.size(); ++i) {
      const QuadRecord& r = records_[i];
      if (r.duplicate) continue;
      const char* t = LineData(r);
      const std::size_t start = static_cast<std::size_t>(out - base);
      std::size_t from = 0;
      for (int c = 0; c < 3; ++c) {
        if (r.node[c] == kNone) continue;
        const NodeInfo& n = nodes_[r.node[c]];
        std::memcpy(out, t + from, r.at[c] - from);
        out += r.at[c] - from;
        std::memcpy(out, n.c14n.data(), n.c14n_size);
        out += n.c14n_size;
        from = r.at[c] + 1;
      }
      std::memcpy(out, t + from, r.length - from);
      out += r.length - from;
      keys_.push_back({LoadPrefix(base + start), start,
                       static_cast<std::size_t>(out - base) - start,
                       static_cast<std::uint32_t>(i)});
    }
    std::sort(keys_.begin(), keys_.end(),
              [base](const LineKey& a, const LineKey& b) {
                return LineLess(base, a, b);
              });
    // Equal canonical lines are equal quads (e.g. duplicates without blank
    // nodes): keep one.
    result.nquads.reserve(bytes);
    std::size_t kept = 0;
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      if (k > 0 && LineEqual(base, keys_[k], keys_[k - 1])) continue;
      result.nquads.append(base + keys_[k].offset, keys_[k].length);
      keys_[kept++] = keys_[k];
    }
    keys_.resize(kept);

    if (options_.include_dataset) {
      result.dataset.reserve(keys_.size());
      for (const LineKey& key : keys_) {
        const QuadRecord& r = records_[key.record];
        Quad q = *r.quad;
        Term* terms[3] = {&q.subject, &q.object, &q.graph};
        for (int c = 0; c < 3; ++c) {
          if (r.node[c] == kNone) continue;
          const NodeInfo& n = nodes_[r.node[c]];
          terms[c]->value.assign(n.c14n.data(), n.c14n_size);
        }
        result.dataset.push_back(std::move(q));
      }
    }
    return result;
  }

  const Dataset& input_;
  const CanonicalizeOptions& options_;
  DigestContext& digest_;

  std::vector<NodeInfo> nodes_;        // by blank node id
  std::unique_ptr<char[]> templates_;  // template lines of all quads
  std::size_t templates_size_ = 0;
  std::vector<QuadRecord> records_;      // by input index
  std::vector<std::uint32_t> mentions_;  // record indices, ranges per node
  std::uint32_t next_canonical_ = 0;

  // Work limits of the Hash N-Degree Quads phase.
  std::uint64_t shared_nodes_ = 0;
  std::uint64_t budget_ = 0;
  std::uint64_t calls_ = 0;
  std::uint64_t steps_ = 0;
  Clock::time_point deadline_;
  Status status_;

  // Reused buffers.
  std::string scratch_;
  std::string joined_;
  std::string related_input_;
  std::vector<LineKey> keys_;
};

}  // namespace

Result<CanonicalizeResult> Canonicalize(const Dataset& input,
                                        const CanonicalizeOptions& options) {
  return Canonicalizer(input, options).Run();
}

}  // namespace anycred::rdf
