#include "core/credit/trust_recognition.h"

namespace anycred::credit {

namespace {
trust::AchievementFacts::Alignment ToTrust(const Alignment& a) {
  return {a.framework, a.code, a.url, a.name};
}
}  // namespace

RecognitionAnswer TrustRecognition::Check(const Evidence& evidence,
                                          const Alignment* competency,
                                          Timestamp at) const {
  if (registries_ == nullptr || registries_->empty())
    return {false,
            "the policy names no trust registry, so no issuer is "
            "recognized"};
  trust::AchievementFacts facts;
  if (competency != nullptr) {
    facts.alignments.push_back(ToTrust(*competency));
  } else {
    if (!evidence.achievement_type.empty())
      facts.achievement_types.push_back(evidence.achievement_type);
    if (!evidence.field_of_study.empty())
      facts.fields_of_study.push_back(evidence.field_of_study);
    for (const auto& a : evidence.alignments)
      facts.alignments.push_back(ToTrust(a));
  }
  const Timestamp when = evidence.earned.value_or(at);
  trust::LookupResult found =
      trust::LookupAll(*registries_, evidence.issuer_id, facts, when);
  return {found.recognition == trust::Recognition::kRecognized, found.reason};
}

}  // namespace anycred::credit
