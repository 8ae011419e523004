// eddsa-jcs-2022 sign and verify of an Open Badges 3.0 credential (the
// example in specs/examples), per core, against bare Ed25519. Target
// (issue: foundation): >= 40,000 signatures/s and >= 15,000
// verifications/s per core; the Ed25519 operation itself should dominate.
//
//   build/bench/eddsa_jcs_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "bench/bench_util.h"
#include "core/json/jcs.h"
#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"

namespace {
using namespace anycred;

using bench::Key;

const Json& Credential() {
  static const Json credential = [] {
    std::ifstream in(std::string(ANYCRED_SOURCE_DIR) +
                     "/specs/examples/welding-safety-badge.json");
    std::stringstream ss;
    ss << in.rdbuf();
    Json c = ParseJson(ss.str()).value();
    c["issuer"]["id"] = Key().controller;
    return c;
  }();
  return credential;
}

proof::AddProofOptions Options() {
  proof::AddProofOptions o;
  o.cryptosuite = "eddsa-jcs-2022";
  o.created = "2026-06-12T00:00:00Z";
  return o;
}

void BM_Ed25519Sign(benchmark::State& state) { bench::Ed25519Sign(state); }
BENCHMARK(BM_Ed25519Sign);
void BM_Ed25519Verify(benchmark::State& state) { bench::Ed25519Verify(state); }
BENCHMARK(BM_Ed25519Verify);

void BM_Jcs(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(JcsSerialize(Credential()));
}
BENCHMARK(BM_Jcs);

// The copy the sign benchmark makes of the credential each iteration
// (AddProof consumes its input; the CLI moves the parsed credential in).
void BM_CopyCredential(benchmark::State& state) {
  for (auto _ : state) {
    Json copy = Credential();
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_CopyCredential);

// AddProof on a credential moved in, as the CLI and the issuer service call
// it (they parse, then hand the document over). Copies are made and results
// destroyed in batches outside the timed region, so the figure is the
// signing operation alone.
void BM_EddsaJcs2022Sign(benchmark::State& state) {
  auto options = Options();
  constexpr std::size_t kBatch = 512;
  std::vector<Json> inputs;
  std::vector<Result<Json>> outputs;
  inputs.reserve(kBatch);
  outputs.reserve(kBatch);
  auto refill = [&] {
    outputs.clear();
    inputs.assign(kBatch, Credential());
  };
  refill();
  std::size_t next = 0;
  for (auto _ : state) {
    if (next == kBatch) {
      state.PauseTiming();
      refill();
      next = 0;
      state.ResumeTiming();
    }
    outputs.push_back(
        proof::AddProof(std::move(inputs[next++]), Key(), options));
  }
  if (!outputs.empty() && !outputs.back().ok())
    state.SkipWithError("signing failed");
}
BENCHMARK(BM_EddsaJcs2022Sign);

void BM_EddsaJcs2022Verify(benchmark::State& state) {
  Json signed_doc = proof::AddProof(Credential(), Key(), Options()).value();
  proof::VerifyProofOptions v;
  v.now = Now();
  for (auto _ : state) {
    auto r = proof::VerifyProofs(signed_doc, v);
    if (!r.verified) state.SkipWithError("did not verify");
  }
}
BENCHMARK(BM_EddsaJcs2022Verify);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  anycred::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios({{"BM_Ed25519Sign", "BM_Ed25519Sign"},
                        {"BM_EddsaJcs2022Sign", "BM_Ed25519Sign"},
                        {"BM_Ed25519Verify", "BM_Ed25519Verify"},
                        {"BM_EddsaJcs2022Verify", "BM_Ed25519Verify"},
                        {"BM_Jcs", "BM_Ed25519Sign"},
                        {"BM_CopyCredential", "BM_Ed25519Sign"}});
  benchmark::Shutdown();
  return 0;
}
