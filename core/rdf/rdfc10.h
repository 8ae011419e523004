// RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation 2024-05-21).
//
// Canonicalize() relabels the blank nodes of a dataset deterministically
// (_:c14n0, _:c14n1, ...) and returns the canonical N-Quads document: the
// exact bytes that Data Integrity suites such as eddsa-rdfc-2022 hash.
//
// Promises:
//   * Implements §4.4-§4.8 of the Recommendation exactly (Hash First Degree
//     Quads, Hash Related Blank Node, Hash N-Degree Quads, the canonical
//     issuer) and serializes per Appendix A (see nquads.h). Passes all 86
//     tests of the W3C rdf-canon test suite, including the map tests.
//   * The input is treated as a set: duplicate quads are removed first.
//   * Two isomorphic inputs (any quad order, any blank node labels) give the
//     same `nquads` bytes.
//   * Poisoned inputs are stopped: the number of Hash N-Degree Quads calls is
//     limited to (number of blank nodes whose first-degree hash is shared)
//     ^ max_work_factor, the wall-clock time of the call to `timeout`
//     (checked while Hash N-Degree Quads runs), and the recursion depth to
//     max_recursion_depth. Exceeding any of them fails with
//     RDFC_LIMIT_EXCEEDED and a message naming the limit and the option that
//     raises it. Inputs whose blank nodes all have distinct first-degree
//     hashes (typical credentials) never reach these limits.
//   * Malformed quads (literal subject, non-IRI predicate, ...) fail with
//     INVALID_ARGUMENT. No exceptions escape (allocation failure aside).
//
// Cost: for typical inputs, one pass over the quads plus one SHA-256 of each
// blank node's quads (a 40-quad credential with 8 blank nodes takes a few
// microseconds; see bench/rdfc_bench.cc). The input is not modified.
//
// Thread safety: Canonicalize() is thread-safe. Each thread keeps one
// OpenSSL digest context per hash algorithm between calls; nothing else is
// shared.
#ifndef ANYCRED_CORE_RDF_RDFC10_H_
#define ANYCRED_CORE_RDF_RDFC10_H_

#include <chrono>
#include <map>
#include <string>

#include "core/crypto/sha2.h"
#include "core/rdf/term.h"
#include "core/util/status.h"

namespace anycred::rdf {

// Status code for a canonicalization stopped by a work, time or depth limit.
inline constexpr const char* kRdfcLimitExceeded = "RDFC_LIMIT_EXCEEDED";

struct CanonicalizeOptions {
  // The RDFC-1.0 hash algorithm (SHA-384 for ecdsa-rdfc-2019 with P-384).
  crypto::HashAlgorithm hash_algorithm = crypto::HashAlgorithm::kSha256;
  // Budget of Hash N-Degree Quads calls = (number of blank nodes whose
  // first-degree hash is shared) ^ max_work_factor. 3 passes every positive
  // W3C test and rejects the poison clique (test074c) in ~1000 calls.
  // Must be >= 0.
  int max_work_factor = 3;
  // Wall-clock guard for the whole call, checked during Hash N-Degree
  // Quads; 0 = none.
  std::chrono::milliseconds timeout{5000};
  // Maximum nesting of Hash N-Degree Quads recursion (long chains of blank
  // nodes with identical first-degree hashes). Protects the call stack:
  // each level uses about 0.6 KB of stack in an optimized build.
  int max_recursion_depth = 1000;
  // Also fill CanonicalizeResult::dataset (costs a copy of every term).
  bool include_dataset = false;
};

struct CanonicalizeResult {
  // The canonical N-Quads: sorted by code point, each line ends in '\n'.
  std::string nquads;
  // Input blank node label (without "_:") -> canonical label ("c14nN",
  // without "_:"), for every blank node of the input.
  std::map<std::string, std::string> issued_identifiers;
  // The relabelled dataset in canonical (sorted) order; empty unless
  // CanonicalizeOptions::include_dataset is set.
  Dataset dataset;
};

Result<CanonicalizeResult> Canonicalize(
    const Dataset& input, const CanonicalizeOptions& options = {});

}  // namespace anycred::rdf

#endif  // ANYCRED_CORE_RDF_RDFC10_H_
