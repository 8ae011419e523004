// The credit engine on a large case: a presentation of 200 credentials
// against a policy of 500 rules (250 targets), the rules mixing alignment
// matches, anyOf / atLeast combinations, minimum results and recency.
// Target (issue: credit-equivalence engine): < 50 ms per evaluation beyond
// signature verification, i.e. for Evaluate itself.
//
//   build-rel/bench/credit_bench
#include <benchmark/benchmark.h>

#include <cstdio>

#include "bench/bench_util.h"
#include "core/credit/evaluate.h"
#include "core/credit/policy.h"

namespace {
using namespace anycred;
using namespace anycred::credit;

class AllRecognized : public Recognition {
 public:
  RecognitionAnswer Check(const Evidence& e, const Alignment*,
                          Timestamp) const override {
    // Every fifth issuer is not recognized, so refusals are explained too.
    return {e.issuer_id.back() != '0', "registry"};
  }
};

std::string Code(int i) { return "C." + std::to_string(i); }

Json Leaf(int code, bool with_min) {
  Json e = {{"alignment",
             {{"framework", "Framework " + std::to_string(code % 7)},
              {"code", Code(code)}}}};
  if (with_min) {
    e["minResult"] = {{"score", 70}};
    e["earnedWithin"] = "P5Y";
  }
  return {{"evidence", e}};
}

const Policy& LargePolicy() {
  static const Policy policy = [] {
    Json p = {{"type", "CreditPolicy"},
              {"id", "bench"},
              {"institution",
               {{"id", "did:web:college.example"}, {"name", "College"}}},
              {"targets", Json::array()},
              {"rules", Json::array()}};
    for (int t = 0; t < 250; ++t) {
      p["targets"].push_back({{"code", "T" + std::to_string(t)},
                              {"title", "Target"},
                              {"credits", 3}});
      int c = t * 3;
      p["rules"].push_back({{"id", "r" + std::to_string(t) + "a"},
                            {"target", "T" + std::to_string(t)},
                            {"when", Leaf(c, true)}});
      p["rules"].push_back({{"id", "r" + std::to_string(t) + "b"},
                            {"target", "T" + std::to_string(t)},
                            {"when",
                             {{"atLeast", 2},
                              {"of",
                               {Leaf(c + 1, false), Leaf(c + 2, true),
                                Leaf(c + 400, false)}}}}});
    }
    return ParsePolicy(p).value();
  }();
  return policy;
}

const std::vector<Evidence>& Presentation() {
  static const std::vector<Evidence> evidence = [] {
    std::vector<Evidence> out;
    for (int i = 0; i < 200; ++i) {
      Evidence e;
      e.credential_id = "urn:uuid:" + std::to_string(i);
      e.issuer_id = "did:web:issuer" + std::to_string(i % 10);
      e.achievement_id = "https://issuer.example/a/" + std::to_string(i);
      e.achievement_name = "Achievement " + std::to_string(i);
      for (int k = 0; k < 3; ++k) {
        int code = (i * 7 + k * 131) % 900;
        e.alignments.push_back({"Framework " + std::to_string(code % 7),
                                Code(code), "CFItem", "", ""});
      }
      e.results = {{"Exam", "Percent", std::to_string(60 + i % 40), "", ""}};
      e.earned_text =
          i % 4 == 0 ? "2019-01-01T00:00:00Z" : "2025-06-01T00:00:00Z";
      e.earned = ParseDateTime(e.earned_text, true).value();
      out.push_back(std::move(e));
    }
    return out;
  }();
  return evidence;
}

void BM_Evaluate200x500(benchmark::State& state) {
  AllRecognized recognition;
  EvaluateOptions options;
  options.at = ParseDateTime("2026-11-22T00:00:00Z", true).value();
  options.recognition = &recognition;
  std::size_t granted = 0;
  for (auto _ : state) {
    Decision d = Evaluate(LargePolicy(), Presentation(), options);
    granted = d.granted;
    benchmark::DoNotOptimize(d);
  }
  state.counters["granted"] = static_cast<double>(granted);
}
BENCHMARK(BM_Evaluate200x500)->Unit(benchmark::kMillisecond);

void BM_Report200x500(benchmark::State& state) {
  AllRecognized recognition;
  EvaluateOptions options;
  options.at = ParseDateTime("2026-11-22T00:00:00Z", true).value();
  options.recognition = &recognition;
  Decision d = Evaluate(LargePolicy(), Presentation(), options);
  for (auto _ : state)
    benchmark::DoNotOptimize(DumpJson(DecisionToJson(d, Presentation())));
}
BENCHMARK(BM_Report200x500)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  anycred::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios({{"BM_Evaluate200x500", "BM_Evaluate200x500"},
                        {"BM_Report200x500", "BM_Evaluate200x500"}});
  benchmark::Shutdown();
  return 0;
}
