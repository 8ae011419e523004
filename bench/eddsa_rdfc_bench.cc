// eddsa-rdfc-2022 sign and verify of Open Badges 3.0 credentials, per
// core, with the share of each step: JSON-LD to RDF (expansion included),
// RDFC-1.0 canonicalization, hashing, Ed25519. Target (issue: linked-data
// proof engine): >= 20,000 signatures/s and >= 12,000 verifications/s per
// core for ~1.5 KB credentials.
//
//   build-rel/bench/eddsa_rdfc_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "bench/bench_util.h"
#include "core/crypto/sha2.h"
#include "core/jsonld/to_rdf.h"
#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "core/proof/rdfc_transform.h"
#include "core/rdf/rdfc10.h"

namespace {
using namespace anycred;

using bench::Key;

Json Load(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseJson(ss.str()).value();
}

// The 1EdTech implementation guide's OpenBadgeCredential (1.2 KB), issued by
// our key.
const Json& Credential() {
  static const Json c = [] {
    Json j = Load(std::string(ANYCRED_CONFORMANCE_DIR) +
                  "/vectors/ob3-eddsa-rdfc-2022/unsigned.json");
    j["issuer"]["id"] = Key().controller;
    return j;
  }();
  return c;
}

// Our example: alignment, results, evidence (2.3 KB).
const Json& LargerCredential() {
  static const Json c = [] {
    Json j = Load(std::string(ANYCRED_SOURCE_DIR) +
                  "/specs/examples/welding-safety-badge.json");
    j["issuer"]["id"] = Key().controller;
    return j;
  }();
  return c;
}

proof::AddProofOptions Options() {
  proof::AddProofOptions o;
  o.cryptosuite = "eddsa-rdfc-2022";
  o.created = "2026-06-12T00:00:00Z";
  return o;
}

Json ProofConfig() {
  Json config = {{"type", "DataIntegrityProof"},
                 {"cryptosuite", "eddsa-rdfc-2022"},
                 {"created", "2026-06-12T00:00:00Z"},
                 {"verificationMethod", Key().verification_method},
                 {"proofPurpose", "assertionMethod"}};
  return proof::RdfProofConfig(config, Credential());
}

jsonld::JsonLdOptions SafeMode() {
  jsonld::JsonLdOptions o;
  o.safe_mode = true;
  return o;
}

void BM_Ed25519Sign(benchmark::State& state) { bench::Ed25519Sign(state); }
BENCHMARK(BM_Ed25519Sign);
void BM_Ed25519Verify(benchmark::State& state) { bench::Ed25519Verify(state); }
BENCHMARK(BM_Ed25519Verify);
void BM_Ed25519VerifyLibsodium(benchmark::State& state) {
  bench::Ed25519VerifyLibsodium(state);
}
BENCHMARK(BM_Ed25519VerifyLibsodium);

// Step by step, for the document and the proof configuration together.
void BM_Step1_ToRdf(benchmark::State& state) {
  Json config = ProofConfig();
  for (auto _ : state) {
    benchmark::DoNotOptimize(jsonld::ToRdf(Credential(), SafeMode()));
    benchmark::DoNotOptimize(jsonld::ToRdf(config, SafeMode()));
  }
}
BENCHMARK(BM_Step1_ToRdf);

void BM_Step2_Canonicalize(benchmark::State& state) {
  auto doc = jsonld::ToRdf(Credential(), SafeMode()).value();
  auto config = jsonld::ToRdf(ProofConfig(), SafeMode()).value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(rdf::Canonicalize(doc));
    benchmark::DoNotOptimize(rdf::Canonicalize(config));
  }
}
BENCHMARK(BM_Step2_Canonicalize);

void BM_Step3_Hash(benchmark::State& state) {
  std::string doc =
      proof::CanonicalNQuads(Credential(), {}, "credential").value();
  std::string config =
      proof::CanonicalNQuads(ProofConfig(), {}, "proof").value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto::Sha256(doc));
    benchmark::DoNotOptimize(crypto::Sha256(config));
  }
}
BENCHMARK(BM_Step3_Hash);

void BM_Sign(benchmark::State& state) {
  auto options = Options();
  for (auto _ : state)
    benchmark::DoNotOptimize(proof::AddProof(Credential(), Key(), options));
}
BENCHMARK(BM_Sign);

void BM_Verify(benchmark::State& state) {
  Json signed_doc = proof::AddProof(Credential(), Key(), Options()).value();
  proof::VerifyProofOptions v;
  v.now = Now();
  for (auto _ : state) {
    if (!proof::VerifyProofs(signed_doc, v).verified)
      state.SkipWithError("did not verify");
  }
}
BENCHMARK(BM_Verify);

void BM_SignLarger(benchmark::State& state) {
  auto options = Options();
  for (auto _ : state)
    benchmark::DoNotOptimize(
        proof::AddProof(LargerCredential(), Key(), options));
}
BENCHMARK(BM_SignLarger);

void BM_VerifyLarger(benchmark::State& state) {
  Json signed_doc =
      proof::AddProof(LargerCredential(), Key(), Options()).value();
  proof::VerifyProofOptions v;
  v.now = Now();
  for (auto _ : state) {
    if (!proof::VerifyProofs(signed_doc, v).verified)
      state.SkipWithError("did not verify");
  }
}
BENCHMARK(BM_VerifyLarger);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  anycred::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios({{"BM_Sign", "BM_Ed25519Sign"},
                        {"BM_Verify", "BM_Ed25519Verify"},
                        {"BM_SignLarger", "BM_Ed25519Sign"},
                        {"BM_VerifyLarger", "BM_Ed25519Verify"},
                        {"BM_Step1_ToRdf", "BM_Sign"},
                        {"BM_Step2_Canonicalize", "BM_Sign"},
                        {"BM_Step3_Hash", "BM_Sign"},
                        {"BM_Ed25519Sign", "BM_Sign"},
                        {"BM_Verify", "BM_Ed25519VerifyLibsodium"},
                        {"BM_VerifyLarger", "BM_Ed25519VerifyLibsodium"},
                        {"BM_Ed25519Verify", "BM_Ed25519VerifyLibsodium"}});
  benchmark::Shutdown();
  return 0;
}
