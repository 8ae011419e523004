#include "core/rdf/rdfc10.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/rdf/nquads.h"

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

// One quad of the (de-duplicated) input, pre-serialized once in canonical
// N-Quads form with every blank node written as "_:z". The first-degree
// form of the quad for a reference node patches the 'z' of that node to
// 'a'; the final form substitutes the canonical labels.
struct QuadRecord {
  const Quad* quad;
  std::size_t offset;  // of the line in Canonicalizer::templates_
  std::size_t length;
  std::array<std::uint32_t, 3> node;  // blank node id of s, o, g or kNone
  std::array<std::uint32_t, 3> at;    // offset of the placeholder 'z' in line
};

constexpr char kPosition[3] = {'s', 'o', 'g'};

class Canonicalizer {
 public:
  Canonicalizer(const Dataset& input, const CanonicalizeOptions& options)
      : input_(input), options_(options), digest_(options.hash_algorithm) {}

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
    RemoveDuplicates();
    BuildMentions();
    ANYCRED_RETURN_IF_ERROR(IssueIdentifiers());
    return Output();
  }

 private:
  std::string_view Line(const QuadRecord& r) const {
    return std::string_view(templates_).substr(r.offset, r.length);
  }
  std::size_t NodeCount() const { return labels_.size(); }

  // Validates the quads, numbers the blank nodes (ids in label order) and
  // writes the template line of every quad.
  Status BuildRecords() {
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < input_.size(); ++i) {
      const Quad& q = input_[i];
      const char* problem = nullptr;
      if (!q.subject.is_iri() && !q.subject.is_blank()) {
        problem = "the subject must be an IRI or a blank node";
      } else if (!q.predicate.is_iri()) {
        problem = "the predicate must be an IRI";
      } else if (q.object.is_default_graph()) {
        problem = "the object must be an IRI, a blank node or a literal";
      } else if (q.graph.is_literal()) {
        problem =
            "the graph name must be an IRI, a blank node or the default graph";
      }
      if (problem != nullptr) {
        return Status::Error(
            codes::kInvalidArgument,
            "RDFC-1.0: quad " + std::to_string(i) + ": " + problem);
      }
      for (const Term* t : {&q.subject, &q.object, &q.graph}) {
        if (t->is_blank()) labels_.push_back(t->value);
        bytes += t->value.size() + t->datatype.size() + t->language.size() + 8;
      }
      bytes += q.predicate.value.size() + 8;
    }
    std::sort(labels_.begin(), labels_.end());
    labels_.erase(std::unique(labels_.begin(), labels_.end()), labels_.end());

    templates_.reserve(bytes);
    records_.reserve(input_.size());
    for (const Quad& q : input_) {
      QuadRecord r;
      r.quad = &q;
      r.offset = templates_.size();
      r.node.fill(kNone);
      r.at.fill(0);
      AppendComponent(q.subject, 0, &r);
      templates_.push_back(' ');
      AppendTerm(q.predicate, &templates_);
      templates_.push_back(' ');
      AppendComponent(q.object, 1, &r);
      if (!q.graph.is_default_graph()) {
        templates_.push_back(' ');
        AppendComponent(q.graph, 2, &r);
      }
      templates_.append(" .\n", 3);
      r.length = templates_.size() - r.offset;
      records_.push_back(r);
    }
    return Status::Ok();
  }

  void AppendComponent(const Term& term, int c, QuadRecord* r) {
    if (!term.is_blank()) {
      AppendTerm(term, &templates_);
      return;
    }
    const auto it = std::lower_bound(labels_.begin(), labels_.end(),
                                     std::string_view(term.value));
    r->node[c] = static_cast<std::uint32_t>(it - labels_.begin());
    templates_.append("_:z", 3);
    r->at[c] = static_cast<std::uint32_t>(templates_.size() - 1 - r->offset);
  }

  // A dataset is a set: drops every quad equal to an earlier one. Two quads
  // are equal iff their template lines and blank node ids are.
  void RemoveDuplicates() {
    const std::size_t n = records_.size();
    if (n < 2) return;
    std::vector<std::pair<std::size_t, std::uint32_t>> keys(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t h = std::hash<std::string_view>{}(Line(records_[i]));
      for (std::uint32_t id : records_[i].node) {
        h = (h ^ (id + 0x9E3779B9u)) * 0x100000001B3ull;
      }
      keys[i] = {h, static_cast<std::uint32_t>(i)};
    }
    std::sort(keys.begin(), keys.end());
    std::vector<bool> duplicate(n, false);
    bool any = false;
    for (std::size_t i = 0; i < n;) {
      std::size_t j = i + 1;
      while (j < n && keys[j].first == keys[i].first) ++j;
      // Within a run of equal hashes (sorted by index), compare each quad
      // with the earlier kept ones.
      for (std::size_t a = i + 1; a < j; ++a) {
        const QuadRecord& ra = records_[keys[a].second];
        for (std::size_t b = i; b < a; ++b) {
          if (duplicate[keys[b].second]) continue;
          const QuadRecord& rb = records_[keys[b].second];
          if (ra.node == rb.node && Line(ra) == Line(rb)) {
            duplicate[keys[a].second] = true;
            any = true;
            break;
          }
        }
      }
      i = j;
    }
    if (!any) return;
    std::size_t out = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!duplicate[i]) records_[out++] = records_[i];
    }
    records_.resize(out);
  }

  // The blank node to quads map (each quad once per node, in input order)
  // and the order in which blank nodes first appear.
  void BuildMentions() {
    const std::size_t nodes = NodeCount();
    first_seen_order_.reserve(nodes);
    std::vector<bool> seen(nodes, false);
    mention_begin_.assign(nodes + 1, 0);
    for (const QuadRecord& r : records_) {
      for (int c = 0; c < 3; ++c) {
        const std::uint32_t id = r.node[c];
        if (id == kNone || IsRepeat(r, c)) continue;
        ++mention_begin_[id + 1];
        if (!seen[id]) {
          seen[id] = true;
          first_seen_order_.push_back(id);
        }
      }
    }
    for (std::size_t i = 0; i < nodes; ++i)
      mention_begin_[i + 1] += mention_begin_[i];
    mentions_.resize(mention_begin_[nodes]);
    std::vector<std::uint32_t> fill(mention_begin_.begin(),
                                    mention_begin_.end() - 1);
    for (std::size_t qi = 0; qi < records_.size(); ++qi) {
      const QuadRecord& r = records_[qi];
      for (int c = 0; c < 3; ++c) {
        const std::uint32_t id = r.node[c];
        if (id == kNone || IsRepeat(r, c)) continue;
        mentions_[fill[id]++] = static_cast<std::uint32_t>(qi);
      }
    }
  }
  // True if component c repeats the blank node of an earlier component.
  static bool IsRepeat(const QuadRecord& r, int c) {
    for (int e = 0; e < c; ++e) {
      if (r.node[e] == r.node[c]) return true;
    }
    return false;
  }

  // Hash First Degree Quads (§4.6).
  bool HashFirstDegree(std::uint32_t node, Digest* out) {
    const std::uint32_t begin = mention_begin_[node];
    const std::uint32_t end = mention_begin_[node + 1];
    scratch_.clear();
    spans_.clear();
    for (std::uint32_t m = begin; m < end; ++m) {
      const QuadRecord& r = records_[mentions_[m]];
      const std::size_t start = scratch_.size();
      scratch_.append(Line(r));
      for (int c = 0; c < 3; ++c) {
        if (r.node[c] == node) scratch_[start + r.at[c]] = 'a';
      }
      spans_.emplace_back(start, r.length);
    }
    if (spans_.size() == 1) return digest_.Hash(scratch_, out);
    const std::string_view all(scratch_);
    std::sort(
        spans_.begin(), spans_.end(), [all](const auto& x, const auto& y) {
          return all.substr(x.first, x.second) < all.substr(y.first, y.second);
        });
    joined_.clear();
    for (const auto& [start, length] : spans_)
      joined_.append(all.substr(start, length));
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
    if (canonical_[related] != kNone) {
      input.append("_:c14n", 6);
      AppendNumber(canonical_[related], &input);
    } else if (const std::uint32_t temp = issuer.Find(related); temp != kNone) {
      input.append("_:b", 3);
      AppendNumber(temp, &input);
    } else {
      AppendHex(first_degree_[related], digest_.size(), &input);
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

    // Step 1-3: related hash -> related blank nodes.
    std::vector<std::pair<Digest, std::uint32_t>> related;
    for (std::uint32_t m = mention_begin_[id]; m < mention_begin_[id + 1];
         ++m) {
      const QuadRecord& r = records_[mentions_[m]];
      for (int c = 0; c < 3; ++c) {
        const std::uint32_t other = r.node[c];
        if (other == kNone || other == id) continue;
        Digest h;
        if (!HashRelated(other, r, c, *issuer, &h)) return Fail(HashError());
        related.emplace_back(h, other);
      }
    }
    std::stable_sort(
        related.begin(), related.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });

    // Step 4-5.
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
      std::sort(group.begin(), group.end());  // ids are in label order

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
          if (canonical_[node] != kNone) {
            path.append("_:c14n", 6);
            AppendNumber(canonical_[node], &path);
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

  void IssueCanonical(std::uint32_t node) {
    if (canonical_[node] != kNone) return;
    canonical_[node] = next_canonical_++;
  }

  // Steps 3-5 of the canonicalization algorithm (§4.4.3).
  Status IssueIdentifiers() {
    const std::size_t nodes = NodeCount();
    canonical_.assign(nodes, kNone);
    first_degree_.resize(nodes);
    for (std::uint32_t n = 0; n < nodes; ++n) {
      if (!HashFirstDegree(n, &first_degree_[n])) return HashError();
    }
    // Nodes by first-degree hash; equal hashes keep the order in which the
    // nodes first appear in the input.
    std::vector<std::uint32_t> order = first_seen_order_;
    std::stable_sort(order.begin(), order.end(),
                     [this](std::uint32_t a, std::uint32_t b) {
                       return first_degree_[a] < first_degree_[b];
                     });

    // Step 4: unique hashes get canonical identifiers in hash order.
    std::vector<std::pair<std::size_t, std::size_t>> shared_groups;
    for (std::size_t i = 0; i < order.size();) {
      std::size_t j = i + 1;
      while (j < order.size() &&
             first_degree_[order[j]] == first_degree_[order[i]])
        ++j;
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
        if (canonical_[n] != kNone) continue;
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
    const std::size_t nodes = NodeCount();
    std::vector<std::string> canonical_labels(nodes);
    for (std::size_t n = 0; n < nodes; ++n) {
      canonical_labels[n] = "c14n";
      AppendNumber(canonical_[n], &canonical_labels[n]);
      result.issued_identifiers.emplace(std::string(labels_[n]),
                                        canonical_labels[n]);
    }

    std::string lines;
    lines.reserve(templates_.size() + records_.size() * 16);
    struct OutputLine {
      std::size_t offset;
      std::size_t length;
      std::uint32_t record;
    };
    std::vector<OutputLine> sorted;
    sorted.reserve(records_.size());
    for (std::size_t i = 0; i < records_.size(); ++i) {
      const QuadRecord& r = records_[i];
      const std::string_view t = Line(r);
      const std::size_t start = lines.size();
      std::size_t from = 0;
      for (int c = 0; c < 3; ++c) {
        if (r.node[c] == kNone) continue;
        lines.append(t.substr(from, r.at[c] - from));
        lines.append(canonical_labels[r.node[c]]);
        from = r.at[c] + 1;
      }
      lines.append(t.substr(from));
      sorted.push_back(
          {start, lines.size() - start, static_cast<std::uint32_t>(i)});
    }
    const std::string_view all(lines);
    std::sort(sorted.begin(), sorted.end(),
              [all](const OutputLine& a, const OutputLine& b) {
                return all.substr(a.offset, a.length) <
                       all.substr(b.offset, b.length);
              });
    result.nquads.reserve(lines.size());
    for (const OutputLine& l : sorted)
      result.nquads.append(all.substr(l.offset, l.length));

    if (options_.include_dataset) {
      result.dataset.reserve(sorted.size());
      for (const OutputLine& l : sorted) {
        const QuadRecord& r = records_[l.record];
        Quad q = *r.quad;
        Term* terms[3] = {&q.subject, &q.object, &q.graph};
        for (int c = 0; c < 3; ++c) {
          if (r.node[c] != kNone) terms[c]->value = canonical_labels[r.node[c]];
        }
        result.dataset.push_back(std::move(q));
      }
    }
    return result;
  }

  const Dataset& input_;
  const CanonicalizeOptions& options_;
  DigestContext digest_;

  std::vector<std::string_view> labels_;      // blank node id -> input label
  std::string templates_;                     // template lines of all quads
  std::vector<QuadRecord> records_;           // de-duplicated quads
  std::vector<std::uint32_t> mention_begin_;  // node -> range in mentions_
  std::vector<std::uint32_t> mentions_;       // record indices
  std::vector<std::uint32_t> first_seen_order_;
  std::vector<Digest> first_degree_;
  std::vector<std::uint32_t> canonical_;  // node -> canonical number or kNone
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
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
};

}  // namespace

Result<CanonicalizeResult> Canonicalize(const Dataset& input,
                                        const CanonicalizeOptions& options) {
  return Canonicalizer(input, options).Run();
}

}  // namespace anycred::rdf
