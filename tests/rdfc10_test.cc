#include "core/rdf/rdfc10.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <random>
#include <string>

#include "core/rdf/nquads.h"
#include "tests/test_util.h"

using namespace anycred;
using Catch::Matchers::Contains;

namespace {

rdf::Dataset Parse(std::string_view text) {
  auto parsed = rdf::ParseNQuads(text);
  INFO(parsed.status().ToString());
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

rdf::CanonicalizeResult Canon(const rdf::Dataset& dataset,
                              const rdf::CanonicalizeOptions& options = {}) {
  auto result = rdf::Canonicalize(dataset, options);
  INFO(result.status().ToString());
  REQUIRE(result.ok());
  return std::move(result).value();
}

rdf::Dataset SuiteInput(const std::string& name) {
  return Parse(testing::ReadFile(testing::ConformanceDir() +
                                 "/rdf-canon/rdfc10/" + name));
}

// The RDFC-1.0 Recommendation's "shared hashes" example (Example 5).
constexpr const char* kSharedHashes =
    "<http://example.com/#p> <http://example.com/#q> _:e0 .\n"
    "<http://example.com/#p> <http://example.com/#q> _:e1 .\n"
    "_:e0 <http://example.com/#p> _:e2 .\n"
    "_:e1 <http://example.com/#p> _:e3 .\n"
    "_:e2 <http://example.com/#r> _:e3 .\n";

// Shuffles the quads and renames every blank node (same seed, same result).
rdf::Dataset Scramble(rdf::Dataset dataset, unsigned seed) {
  std::mt19937 rng(seed);
  std::shuffle(dataset.begin(), dataset.end(), rng);
  std::map<std::string, std::string> renamed;
  auto rename = [&](rdf::Term* t) {
    if (!t->is_blank()) return;
    auto [it, inserted] = renamed.emplace(t->value, "");
    if (inserted)
      it->second = "n" + std::to_string(rng() % 100000) + "_" + t->value + "x";
    t->value = it->second;
  };
  for (rdf::Quad& q : dataset) {
    rename(&q.subject);
    rename(&q.object);
    rename(&q.graph);
  }
  return dataset;
}

}  // namespace

TEST_CASE("the Recommendation's examples", "[rdfc10]") {
  // Example 4, unique hashes: hf(e0) = 21d1... < hf(e1) = 6fa0...
  const auto unique =
      Canon(Parse("<http://example.com/#p> <http://example.com/#q> _:e0 .\n"
                  "<http://example.com/#p> <http://example.com/#r> _:e1 .\n"
                  "_:e0 <http://example.com/#s> <http://example.com/#u> .\n"
                  "_:e1 <http://example.com/#t> <http://example.com/#u> .\n"));
  CHECK(unique.issued_identifiers ==
        std::map<std::string, std::string>{{"e0", "c14n0"}, {"e1", "c14n1"}});
  CHECK(unique.nquads ==
        "<http://example.com/#p> <http://example.com/#q> _:c14n0 .\n"
        "<http://example.com/#p> <http://example.com/#r> _:c14n1 .\n"
        "_:c14n0 <http://example.com/#s> <http://example.com/#u> .\n"
        "_:c14n1 <http://example.com/#t> <http://example.com/#u> .\n");
  // Example 5, shared hashes: the log of step 6 gives the issued map.
  const auto shared = Canon(Parse(kSharedHashes));
  CHECK(
      shared.issued_identifiers ==
      std::map<std::string, std::string>{
          {"e2", "c14n0"}, {"e3", "c14n1"}, {"e1", "c14n2"}, {"e0", "c14n3"}});
}

TEST_CASE("empty dataset and blank-node-free dataset", "[rdfc10]") {
  const auto empty = Canon({});
  CHECK(empty.nquads.empty());
  CHECK(empty.issued_identifiers.empty());
  const auto plain =
      Canon(Parse("<urn:b> <urn:p> \"x\" .\n<urn:a> <urn:p> \"\\u0001\" .\n"));
  CHECK(plain.nquads ==
        "<urn:a> <urn:p> \"\\u0001\" .\n<urn:b> <urn:p> \"x\" .\n");
}

TEST_CASE("duplicate quads are removed before hashing", "[rdfc10]") {
  const rdf::Dataset base = Parse(kSharedHashes);
  rdf::Dataset doubled = base;
  doubled.insert(doubled.end(), base.begin(), base.end());
  doubled.push_back(base[2]);
  const auto a = Canon(base);
  const auto b = Canon(doubled);
  CHECK(b.nquads == a.nquads);
  CHECK(b.issued_identifiers == a.issued_identifiers);
  CHECK(std::count(b.nquads.begin(), b.nquads.end(), '\n') == 5);
  // Literals: "x" and "x"^^xsd:string are the same term.
  const auto lit = Canon(
      {{rdf::Term::Blank("a"), rdf::Term::Iri("urn:p"), rdf::Term::Literal("x"),
        rdf::Term::DefaultGraph()},
       {rdf::Term::Blank("a"), rdf::Term::Iri("urn:p"),
        rdf::Term::Literal("x", rdf::kXsdString), rdf::Term::DefaultGraph()}});
  CHECK(lit.nquads == "_:c14n0 <urn:p> \"x\" .\n");
  // Same quad shape with different blank nodes is not a duplicate.
  const auto two = Canon(Parse("_:a <urn:p> \"x\" .\n_:b <urn:p> \"x\" .\n"));
  CHECK(two.nquads == "_:c14n0 <urn:p> \"x\" .\n_:c14n1 <urn:p> \"x\" .\n");
}

TEST_CASE("blank nodes as graph names and self-references", "[rdfc10]") {
  // Expected values cross-checked with an independent implementation.
  const auto graphs =
      Canon(Parse("_:g1 <urn:p> _:x _:g2 .\n"
                  "_:g2 <urn:p> _:y _:g1 .\n"
                  "_:x <urn:q> \"v\" _:g1 .\n"
                  "_:y <urn:q> \"v\" _:g2 .\n"
                  "<urn:s> <urn:r> _:g1 .\n"
                  "<urn:s> <urn:r> _:g2 .\n"));
  CHECK(graphs.nquads ==
        "<urn:s> <urn:r> _:c14n0 .\n"
        "<urn:s> <urn:r> _:c14n2 .\n"
        "_:c14n0 <urn:p> _:c14n1 _:c14n2 .\n"
        "_:c14n1 <urn:q> \"v\" _:c14n0 .\n"
        "_:c14n2 <urn:p> _:c14n3 _:c14n0 .\n"
        "_:c14n3 <urn:q> \"v\" _:c14n2 .\n");
  CHECK(graphs.issued_identifiers ==
        std::map<std::string, std::string>{
            {"g1", "c14n0"}, {"x", "c14n1"}, {"g2", "c14n2"}, {"y", "c14n3"}});
  // A quad naming the same blank node twice is in its mention set once.
  const auto self =
      Canon(Parse("_:a <urn:p> _:a .\n_:a <urn:p> _:b .\n_:b <urn:p> _:a .\n"));
  CHECK(self.nquads ==
        "_:c14n0 <urn:p> _:c14n1 .\n_:c14n1 <urn:p> _:c14n0 .\n_:c14n1 <urn:p> "
        "_:c14n1 .\n");
  CHECK(self.issued_identifiers ==
        std::map<std::string, std::string>{{"a", "c14n1"}, {"b", "c14n0"}});
}

TEST_CASE("output is independent of quad order and blank node labels",
          "[rdfc10]") {
  for (const char* name :
       {"test022-in.nq", "test024-in.nq", "test044-in.nq", "test047-in.nq",
        "test054-in.nq", "test058-in.nq", "test059-in.nq", "test071-in.nq"}) {
    INFO(name);
    const rdf::Dataset input = SuiteInput(name);
    const std::string expected = Canon(input).nquads;
    for (unsigned seed = 1; seed <= 5; ++seed) {
      const rdf::Dataset scrambled = Scramble(input, seed);
      const auto result = Canon(scrambled);
      CHECK(result.nquads == expected);
      // The map covers exactly the input's blank nodes.
      std::size_t blank_terms = 0;
      for (const rdf::Quad& q : scrambled) {
        for (const rdf::Term* t : {&q.subject, &q.object, &q.graph}) {
          if (t->is_blank()) {
            ++blank_terms;
            CHECK(result.issued_identifiers.count(t->value) == 1);
          }
        }
      }
      CHECK(result.issued_identifiers.size() <= blank_terms);
    }
  }
}

TEST_CASE("the work limit is configurable", "[rdfc10]") {
  const rdf::Dataset evil = SuiteInput("test044-in.nq");  // "poison - evil (1)"
  CHECK(rdf::Canonicalize(evil).ok());                    // factor 3 (default)

  rdf::CanonicalizeOptions tight;
  tight.max_work_factor = 2;
  auto rejected = rdf::Canonicalize(evil, tight);
  REQUIRE_FALSE(rejected.ok());
  CHECK(rejected.status().code() == rdf::kRdfcLimitExceeded);
  CHECK_THAT(rejected.status().message(),
             Contains("work limit") && Contains("max_work_factor 2") &&
                 Contains("raise CanonicalizeOptions::max_work_factor"));

  // Inputs with only unique first-degree hashes need no Hash N-Degree Quads
  // call at all, so even a zero budget accepts them.
  rdf::CanonicalizeOptions zero;
  zero.max_work_factor = 0;
  CHECK(rdf::Canonicalize(SuiteInput("test003-in.nq"), zero).ok());

  rdf::CanonicalizeOptions negative;
  negative.max_work_factor = -1;
  CHECK(rdf::Canonicalize(evil, negative).status().code() ==
        codes::kInvalidArgument);
}

TEST_CASE(
    "the poison clique is rejected quickly; the timeout is a second guard",
    "[rdfc10]") {
  const rdf::Dataset clique = SuiteInput("test074-in.nq");
  auto start = std::chrono::steady_clock::now();
  auto rejected = rdf::Canonicalize(clique);
  REQUIRE_FALSE(rejected.ok());
  CHECK(rejected.status().code() == rdf::kRdfcLimitExceeded);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));

  rdf::CanonicalizeOptions slow;
  slow.max_work_factor = 12;  // effectively unlimited work
  slow.timeout = std::chrono::milliseconds(50);
  start = std::chrono::steady_clock::now();
  auto timed_out = rdf::Canonicalize(clique, slow);
  REQUIRE_FALSE(timed_out.ok());
  CHECK(timed_out.status().code() == rdf::kRdfcLimitExceeded);
  CHECK_THAT(timed_out.status().message(),
             Contains("timeout") && Contains("50 ms") &&
                 Contains("CanonicalizeOptions::timeout"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("the recursion depth is limited", "[rdfc10]") {
  // A ring of 40 identical blank nodes: Hash N-Degree Quads follows the ring.
  std::string ring;
  for (int i = 0; i < 40; ++i) {
    ring += "_:n" + std::to_string(i) + " <urn:next> _:n" +
            std::to_string((i + 1) % 40) + " .\n";
  }
  const rdf::Dataset dataset = Parse(ring);
  CHECK(rdf::Canonicalize(dataset).ok());
  rdf::CanonicalizeOptions shallow;
  shallow.max_recursion_depth = 10;
  auto rejected = rdf::Canonicalize(dataset, shallow);
  REQUIRE_FALSE(rejected.ok());
  CHECK(rejected.status().code() == rdf::kRdfcLimitExceeded);
  CHECK_THAT(rejected.status().message(), Contains("max_recursion_depth"));
}

TEST_CASE("hash algorithm and the optional relabelled dataset", "[rdfc10]") {
  const rdf::Dataset input = Parse(kSharedHashes);
  rdf::CanonicalizeOptions sha384;
  sha384.hash_algorithm = crypto::HashAlgorithm::kSha384;
  sha384.include_dataset = true;
  const auto result = Canon(input, sha384);
  CHECK(result.dataset.size() == 5);
  CHECK(rdf::SerializeNQuads(result.dataset) == result.nquads);
  CHECK(Canon(input).dataset.empty());  // not requested
}

TEST_CASE("malformed quads are rejected", "[rdfc10]") {
  rdf::Quad bad{rdf::Term::Literal("s"), rdf::Term::Iri("urn:p"),
                rdf::Term::Iri("urn:o"), rdf::Term::DefaultGraph()};
  auto r = rdf::Canonicalize({bad});
  CHECK(r.status().code() == codes::kInvalidArgument);
  CHECK_THAT(r.status().message(), Contains("quad 0") && Contains("subject"));
  bad = {rdf::Term::Iri("urn:s"), rdf::Term::Blank("p"),
         rdf::Term::Iri("urn:o"), rdf::Term::DefaultGraph()};
  CHECK_THAT(rdf::Canonicalize({bad}).status().message(),
             Contains("predicate"));
}
