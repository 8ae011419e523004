// RDFC-1.0 canonicalization cost (runs twice per credential signed or
// verified with eddsa-rdfc-2022).
//
//   Ob3Credential     the OB 3.0 signing vector's document (16 quads, 1 blank
//                     node), blank nodes relabelled and quads shuffled
//   Clr2Credential    the CLR 2.0 vector (49 quads, 3 blank nodes), same
//   Synthetic40       an OB-shaped credential: 40 quads, 8 blank nodes with
//                     unique first-degree hashes
//   Suite/test044c    "poison - evil (1)", high complexity, needs Hash
//                     N-Degree Quads recursion
//   Suite/test047c    "deep diff (1)", medium complexity
//   Suite/test074c    the poison clique: time to reject it
//   ParseOb3          N-Quads parsing of the OB 3.0 document
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "core/rdf/nquads.h"
#include "core/rdf/rdfc10.h"

namespace {

using anycred::rdf::Dataset;
using anycred::rdf::Quad;
using anycred::rdf::Term;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(1);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Dataset ParseOrDie(const std::string& text) {
  auto parsed = anycred::rdf::ParseNQuads(text);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(parsed).value();
}

// Gives the blank nodes JSON-LD-style labels ("b0", "b1", ... in a shuffled
// order) and shuffles the quads, so canonicalization does real work.
Dataset Relabel(Dataset dataset) {
  std::mt19937 rng(42);
  std::shuffle(dataset.begin(), dataset.end(), rng);
  std::map<std::string, std::string> names;
  for (Quad& q : dataset) {
    for (Term* t : {&q.subject, &q.object, &q.graph}) {
      if (!t->is_blank()) continue;
      auto [it, inserted] = names.emplace(t->value, "");
      if (inserted) it->second = "b" + std::to_string(names.size() - 1);
      t->value = it->second;
    }
  }
  return dataset;
}

Dataset Vector(const std::string& folder) {
  return Relabel(
      ParseOrDie(ReadFile(std::string(ANYCRED_CONFORMANCE_DIR) + "/vectors/" +
                          folder + "/canonical-document.nq")));
}

Dataset SuiteInput(const std::string& test) {
  return ParseOrDie(ReadFile(std::string(ANYCRED_CONFORMANCE_DIR) +
                             "/rdf-canon/rdfc10/" + test + "-in.nq"));
}

// 40 quads, 8 blank nodes: a credential whose subject, achievement, criteria,
// image, two alignments, a result description and a proof-less evidence
// entry are blank nodes (as when the issuer gives them no id).
Dataset Synthetic40() {
  const std::string ob = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";
  const std::string cred = "https://www.w3.org/2018/credentials#";
  const std::string schema = "https://schema.org/";
  const std::string type = anycred::rdf::kRdfType;
  const std::string dt = "http://www.w3.org/2001/XMLSchema#dateTime";
  Dataset d;
  auto add = [&](Term s, const std::string& p, Term o) {
    d.push_back(
        {std::move(s), Term::Iri(p), std::move(o), Term::DefaultGraph()});
  };
  const Term c = Term::Iri("urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002");
  const Term issuer = Term::Iri("https://example.edu/issuers/565049");
  const Term subject = Term::Blank("b0");
  const Term achievement = Term::Blank("b1");
  const Term criteria = Term::Blank("b2");
  const Term image = Term::Blank("b3");
  const Term align1 = Term::Blank("b4");
  const Term align2 = Term::Blank("b5");
  const Term result_desc = Term::Blank("b6");
  const Term evidence = Term::Blank("b7");
  add(c, type, Term::Iri(cred + "VerifiableCredential"));
  add(c, type, Term::Iri(ob + "OpenBadgeCredential"));
  add(c, schema + "name", Term::Literal("Teamwork Badge"));
  add(c, cred + "issuer", issuer);
  add(c, cred + "validFrom", Term::Literal("2024-01-01T00:00:00Z", dt));
  add(c, cred + "validUntil", Term::Literal("2030-01-01T00:00:00Z", dt));
  add(c, cred + "credentialSubject", subject);
  add(c, cred + "evidence", evidence);
  add(issuer, type, Term::Iri(ob + "Profile"));
  add(issuer, schema + "name", Term::Literal("Example University"));
  add(issuer, schema + "url", Term::Iri("https://example.edu"));
  add(subject, type, Term::Iri(ob + "AchievementSubject"));
  add(subject, ob + "identifier",
      Term::Literal("sha256$c7ef86405ba71b85acd8e2e95166c4b1"));
  add(subject, ob + "achievement", achievement);
  add(subject, ob + "result", result_desc);
  add(achievement, type, Term::Iri(ob + "Achievement"));
  add(achievement, schema + "name", Term::Literal("Teamwork"));
  add(achievement, schema + "description",
      Term::Literal("This badge recognizes the development of the capacity to "
                    "collaborate "
                    "within a group environment."));
  add(achievement, ob + "Criteria", criteria);
  add(achievement, ob + "image", image);
  add(achievement, ob + "alignment", align1);
  add(achievement, ob + "alignment", align2);
  add(achievement, ob + "achievementType", Term::Literal("Badge"));
  add(criteria, ob + "narrative",
      Term::Literal(
          "Team members are nominated for this badge by their peers.\n"
          "Recognized upon review by management."));
  add(image, type, Term::Iri(ob + "Image"));
  add(image, ob + "caption", Term::Literal("Teamwork badge image"));
  add(image, ob + "id", Term::Iri("https://example.edu/badges/teamwork.png"));
  add(align1, type, Term::Iri(ob + "Alignment"));
  add(align1, ob + "targetName",
      Term::Literal("CCSS.ELA-Literacy.RST.11-12.3"));
  add(align1, ob + "targetUrl",
      Term::Iri("https://www.corestandards.org/ELA-Literacy/RST/11-12/3"));
  add(align1, ob + "targetType", Term::Literal("CFItem"));
  add(align2, type, Term::Iri(ob + "Alignment"));
  add(align2, ob + "targetName",
      Term::Literal("CCSS.ELA-Literacy.RST.11-12.9"));
  add(align2, ob + "targetUrl",
      Term::Iri("https://www.corestandards.org/ELA-Literacy/RST/11-12/9"));
  add(result_desc, type, Term::Iri(ob + "Result"));
  add(result_desc, ob + "value", Term::Literal("A"));
  add(evidence, type, Term::Iri(ob + "Evidence"));
  add(evidence, schema + "name", Term::Literal("Project report"));
  add(evidence, ob + "narrative", Term::LangLiteral("Rapport de projet", "fr"));
  add(evidence, ob + "genre", Term::Literal("Research"));
  return Relabel(std::move(d));
}

void Run(benchmark::State& state, const Dataset& input) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto result = anycred::rdf::Canonicalize(input);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      return;
    }
    bytes = result->nquads.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["quads"] = static_cast<double>(input.size());
  state.counters["out_bytes"] = static_cast<double>(bytes);
}

void BM_Canonicalize_Ob3Credential(benchmark::State& state) {
  static const Dataset input = Vector("ob3-eddsa-rdfc-2022");
  Run(state, input);
}
BENCHMARK(BM_Canonicalize_Ob3Credential)->Unit(benchmark::kMicrosecond);

void BM_Canonicalize_Clr2Credential(benchmark::State& state) {
  static const Dataset input = Vector("clr2-eddsa-rdfc-2022");
  Run(state, input);
}
BENCHMARK(BM_Canonicalize_Clr2Credential)->Unit(benchmark::kMicrosecond);

void BM_Canonicalize_Synthetic40(benchmark::State& state) {
  static const Dataset input = Synthetic40();
  Run(state, input);
}
BENCHMARK(BM_Canonicalize_Synthetic40)->Unit(benchmark::kMicrosecond);

void BM_Canonicalize_Suite_test044c(benchmark::State& state) {
  static const Dataset input = SuiteInput("test044");
  Run(state, input);
}
BENCHMARK(BM_Canonicalize_Suite_test044c)->Unit(benchmark::kMicrosecond);

void BM_Canonicalize_Suite_test047c(benchmark::State& state) {
  static const Dataset input = SuiteInput("test047");
  Run(state, input);
}
BENCHMARK(BM_Canonicalize_Suite_test047c)->Unit(benchmark::kMicrosecond);

void BM_Reject_Suite_test074c(benchmark::State& state) {
  static const Dataset input = SuiteInput("test074");
  for (auto _ : state) {
    auto result = anycred::rdf::Canonicalize(input);
    if (result.ok()) {
      state.SkipWithError("the poison clique was accepted");
      return;
    }
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_Reject_Suite_test074c)->Unit(benchmark::kMillisecond);

void BM_ParseNQuads_Ob3(benchmark::State& state) {
  static const std::string text =
      ReadFile(std::string(ANYCRED_CONFORMANCE_DIR) +
               "/vectors/ob3-eddsa-rdfc-2022/canonical-document.nq");
  for (auto _ : state) {
    auto parsed = anycred::rdf::ParseNQuads(text);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_ParseNQuads_Ob3)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
