// Runs the W3C RDFC-1.0 test suite (shared/conformance/rdf-canon, 86 tests):
// eval tests byte-compare the canonical N-Quads, map tests compare the
// issued identifiers, the negative test (poison clique) must hit the work
// limit quickly.
#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "core/rdf/nquads.h"
#include "core/rdf/rdfc10.h"
#include "tests/test_util.h"

using namespace anycred;

namespace {

struct Outcome {
  bool passed = false;
  std::string detail;
};

Outcome RunEntry(const Json& entry, const std::string& dir) {
  const std::string type = entry.at("type").get<std::string>();
  const std::string action = dir + "/" + entry.at("action").get<std::string>();
  auto parsed = rdf::ParseNQuads(testing::ReadFile(action));
  if (!parsed.ok()) return {false, "parse: " + parsed.status().ToString()};

  rdf::CanonicalizeOptions options;
  if (entry.contains("hashAlgorithm")) {
    auto algorithm = crypto::ParseHashAlgorithm(
        entry.at("hashAlgorithm").get<std::string>());
    if (!algorithm.ok()) return {false, algorithm.status().ToString()};
    options.hash_algorithm = *algorithm;
  }

  const auto start = std::chrono::steady_clock::now();
  auto result = rdf::Canonicalize(*parsed, options);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();

  if (type == "rdfc:RDFC10NegativeEvalTest") {
    if (result.ok())
      return {false, "expected RDFC_LIMIT_EXCEEDED, got success"};
    if (result.status().code() != rdf::kRdfcLimitExceeded) {
      return {false, "expected RDFC_LIMIT_EXCEEDED, got " +
                         result.status().ToString()};
    }
    if (ms > 2000)
      return {false, "rejected, but only after " + std::to_string(ms) + " ms"};
    return {true, ""};
  }
  if (!result.ok()) return {false, result.status().ToString()};

  const std::string expected_path =
      dir + "/" + entry.at("result").get<std::string>();
  if (type == "rdfc:RDFC10EvalTest") {
    const std::string expected = testing::ReadFile(expected_path);
    if (result->nquads == expected) return {true, ""};
    return {false, "output differs:\n--- expected\n" + expected + "--- got\n" +
                       result->nquads};
  }
  if (type == "rdfc:RDFC10MapTest") {
    const Json expected = testing::ReadJsonFile(expected_path);
    std::map<std::string, std::string> want;
    for (const auto& [key, value] : expected.items())
      want[key] = value.get<std::string>();
    if (result->issued_identifiers == want) return {true, ""};
    std::string got;
    for (const auto& [k, v] : result->issued_identifiers)
      got += " " + k + "->" + v;
    return {false, "issued identifiers differ: expected " + expected.dump() +
                       ", got" + got};
  }
  return {false, "unknown test type " + type};
}

}  // namespace

TEST_CASE("W3C RDFC-1.0 test suite", "[rdfc10][conformance]") {
  const std::string dir = testing::ConformanceDir() + "/rdf-canon";
  const Json manifest = testing::ReadJsonFile(dir + "/manifest.jsonld");
  const Json& entries = manifest.at("entries");

  int passed = 0;
  int failed = 0;
  int skipped = 0;
  std::vector<std::string> failures;
  for (const Json& entry : entries) {
    const std::string id = entry.at("id").get<std::string>();
    const Outcome outcome = RunEntry(entry, dir);
    if (outcome.passed) {
      ++passed;
    } else {
      ++failed;
      failures.push_back(id + " (" + entry.value("name", "") +
                         "): " + outcome.detail);
    }
  }
  std::cout << "rdfc10: " << passed << " passed, " << failed << " failed, "
            << skipped << " skipped\n";
  for (const std::string& f : failures) std::cout << "  FAIL " << f << "\n";
  CHECK(entries.size() == 86);
  REQUIRE(failures.empty());
  REQUIRE(passed == 86);
}
