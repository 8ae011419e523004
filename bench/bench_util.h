// Shared by the benchmarks: a reporter that, after the normal console
// output, prints each benchmark's rate per second and its ratio to a named
// baseline measured in the same run (these machines are noisy; ratios
// within one run are what we compare). Run with
//   --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
// to interleave the benchmarks' repetitions, so that a change in the
// machine's speed during the run hits a benchmark and its baseline alike;
// the rates are then the medians of the repetitions.
#ifndef ANYCRED_BENCH_BENCH_UTIL_H_
#define ANYCRED_BENCH_BENCH_UTIL_H_

#include <benchmark/benchmark.h>
#include <sodium.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/keys/key_file.h"

namespace anycred::bench {

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      // With --benchmark_repetitions, the median of the repetitions; else
      // the single run.
      bool median =
          r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      bool single = r.run_type == Run::RT_Iteration && r.repetitions <= 1;
      if ((!median && !single) || r.iterations == 0) continue;
      // CPU time: the rate one core achieves, whatever else the machine is
      // doing.
      seconds_per_op_[r.run_name.str()] =
          r.GetAdjustedCPUTime() /
          benchmark::GetTimeUnitMultiplier(r.time_unit);
    }
  }
  // Prints "name: N/s, x.xx× baseline" for each name in `pairs`.
  void PrintRatios(
      const std::vector<std::pair<std::string, std::string>>& pairs) const {
    std::printf("\nPer core, in this run:\n");
    for (const auto& [name, baseline] : pairs) {
      auto a = seconds_per_op_.find(name);
      auto b = seconds_per_op_.find(baseline);
      if (a == seconds_per_op_.end()) continue;
      std::printf("  %-40s %10.0f /s", name.c_str(), 1.0 / a->second);
      if (b != seconds_per_op_.end() && name != baseline) {
        std::printf("   %.2fx the time of %s", a->second / b->second,
                    baseline.c_str());
      }
      std::printf("\n");
    }
  }

 private:
  std::map<std::string, double> seconds_per_op_;
};

// One signing key per benchmark program (did:key).
inline const keys::SigningKey& Key() {
  static const keys::SigningKey key =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  return key;
}

// The baselines every suite is compared with: a bare Ed25519 signature and
// verification of a 64-byte message (hashData's size). Register them with
// BENCHMARK(anycred::bench::Ed25519Sign) etc. in each program.
inline void Ed25519Sign(benchmark::State& state) {
  std::string message(64, 'x');
  for (auto _ : state) benchmark::DoNotOptimize(Key().key.Sign(message));
}
// Ed25519PublicKey::Verify: after the key's second valid signature, with its
// precomputed table (core/crypto/ed25519_precomputed.h), as in a batch.
inline void Ed25519Verify(benchmark::State& state) {
  std::string message(64, 'x');
  auto sig = Key().key.Sign(message);
  for (auto _ : state)
    benchmark::DoNotOptimize(Key().key.public_key().Verify(message, sig));
}
// libsodium's crypto_sign_verify_detached alone: the "55 us" that the
// linked-data issue's targets were set against.
inline void Ed25519VerifyLibsodium(benchmark::State& state) {
  std::string message(64, 'x');
  auto sig = Key().key.Sign(message);
  const auto& pk = Key().key.public_key().bytes();
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto_sign_verify_detached(
        sig.data(), reinterpret_cast<const unsigned char*>(message.data()),
        message.size(), pk.data()));
  }
}

}  // namespace anycred::bench

#endif  // ANYCRED_BENCH_BENCH_UTIL_H_
