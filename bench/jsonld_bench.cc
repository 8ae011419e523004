// JSON-LD expansion and toRdf cost on the signing hot path.
//
//   Ob3Expand          Expand() of the OB 3.0 signing vector's unsigned
//                      credential (contexts already processed and cached,
//                      as in a long-running issuer or verifier)
//   Ob3ToRdf           ToRdf() of the same credential (expand + node map +
//                      RDF), the figure eddsa-rdfc-2022 pays per document
//                      (also run on two threads: the caches are shared)
//   Ob3ExpandedToRdf   only the RDF part (node map + deserialization) of
//                      the already expanded credential
//   Ob3ToRdfSafe       the same in safe mode
//   Ob3ToRdfCanonical  ToRdf() + RDFC-1.0 canonical N-Quads
//   Clr2ToRdfSafe      the CLR 2.0 vector (nested credentials and proofs)
//   Ob3ToRdfNoCache    ToRdf() with the context cache disabled (what every
//                      call would cost without it)
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/json/json.h"
#include "core/jsonld/expand.h"
#include "core/jsonld/to_rdf.h"
#include "core/rdf/rdfc10.h"

namespace {

using anycred::Json;
namespace jsonld = anycred::jsonld;

Json ReadJsonOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(1);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  auto parsed = anycred::ParseJson(ss.str());
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(parsed).value();
}

const Json& Ob3Credential() {
  static const Json kDoc =
      ReadJsonOrDie(std::string(ANYCRED_CONFORMANCE_DIR) +
                    "/vectors/ob3-eddsa-rdfc-2022/unsigned.json");
  return kDoc;
}

const Json& Clr2Credential() {
  static const Json kDoc =
      ReadJsonOrDie(std::string(ANYCRED_CONFORMANCE_DIR) +
                    "/vectors/clr2-eddsa-rdfc-2022/unsigned.json");
  return kDoc;
}

void CheckOk(const anycred::Status& status, benchmark::State& state) {
  if (!status.ok()) state.SkipWithError(status.ToString().c_str());
}

void BM_Ob3Expand(benchmark::State& state) {
  const Json& doc = Ob3Credential();
  jsonld::JsonLdOptions options;
  for (auto _ : state) {
    auto result = jsonld::Expand(doc, options);
    CheckOk(result.status(), state);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_Ob3Expand);

void BM_Ob3ToRdf(benchmark::State& state) {
  const Json& doc = Ob3Credential();
  jsonld::JsonLdOptions options;
  std::size_t quads = 0;
  for (auto _ : state) {
    auto result = jsonld::ToRdf(doc, options);
    CheckOk(result.status(), state);
    quads = result.ok() ? result->size() : 0;
    benchmark::DoNotOptimize(result);
  }
  state.counters["quads"] = static_cast<double>(quads);
}
BENCHMARK(BM_Ob3ToRdf);
// Two threads share the processed-context caches.
BENCHMARK(BM_Ob3ToRdf)->Threads(2)->UseRealTime();

void BM_Ob3ExpandedToRdf(benchmark::State& state) {
  auto expanded = jsonld::Expand(Ob3Credential());
  if (!expanded.ok()) {
    state.SkipWithError(expanded.status().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    auto result = jsonld::ExpandedToRdf(*expanded);
    CheckOk(result.status(), state);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_Ob3ExpandedToRdf);

void BM_Ob3ToRdfSafe(benchmark::State& state) {
  const Json& doc = Ob3Credential();
  jsonld::JsonLdOptions options;
  options.safe_mode = true;
  for (auto _ : state) {
    auto result = jsonld::ToRdf(doc, options);
    CheckOk(result.status(), state);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_Ob3ToRdfSafe);

void BM_Ob3ToRdfCanonical(benchmark::State& state) {
  const Json& doc = Ob3Credential();
  jsonld::JsonLdOptions options;
  options.safe_mode = true;
  for (auto _ : state) {
    auto result = jsonld::ToRdf(doc, options);
    CheckOk(result.status(), state);
    if (!result.ok()) break;
    auto canonical = anycred::rdf::Canonicalize(*result);
    CheckOk(canonical.status(), state);
    benchmark::DoNotOptimize(canonical);
  }
}
BENCHMARK(BM_Ob3ToRdfCanonical);

void BM_Clr2ToRdfSafe(benchmark::State& state) {
  const Json& doc = Clr2Credential();
  jsonld::JsonLdOptions options;
  options.safe_mode = true;
  std::size_t quads = 0;
  for (auto _ : state) {
    auto result = jsonld::ToRdf(doc, options);
    CheckOk(result.status(), state);
    quads = result.ok() ? result->size() : 0;
    benchmark::DoNotOptimize(result);
  }
  state.counters["quads"] = static_cast<double>(quads);
}
BENCHMARK(BM_Clr2ToRdfSafe);

void BM_Ob3ToRdfNoCache(benchmark::State& state) {
  const Json& doc = Ob3Credential();
  jsonld::JsonLdOptions options;
  options.use_context_cache = false;
  for (auto _ : state) {
    auto result = jsonld::ToRdf(doc, options);
    CheckOk(result.status(), state);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_Ob3ToRdfNoCache);

}  // namespace

BENCHMARK_MAIN();
