// A Recognition (core/credit/evaluate.h) backed by trust registries
// (core/trust/registry.h): an issuer counts for a rule when a registry
// lists it, in scope, at the time it awarded the credential.
//
// Scope: when the rule matched a competency, the registry entry must cover
// that competency (its framework, code or URL); otherwise (a rule matching
// by achievement id, type or field of study) it must cover what the
// credential is about (its achievement type, field of study or one of its
// alignments). Time: when the credential was earned (Evidence::earned), so a
// credential awarded while its issuer was recognized keeps counting after
// the listing ends; the evaluation time when the credential has no date.
// Registries are asked in order; the first that recognizes answers
// (trust::LookupAll).
//
// Thread safety: immutable after construction; Check is const and
// thread-safe. The registries must outlive it.
#ifndef ANYCRED_CORE_CREDIT_TRUST_RECOGNITION_H_
#define ANYCRED_CORE_CREDIT_TRUST_RECOGNITION_H_

#include <vector>

#include "core/credit/evaluate.h"
#include "core/trust/registry.h"

namespace anycred::credit {

class TrustRecognition : public Recognition {
 public:
  explicit TrustRecognition(const std::vector<trust::Registry>* registries)
      : registries_(registries) {}

  RecognitionAnswer Check(const Evidence& evidence, const Alignment* competency,
                          Timestamp at) const override;

 private:
  const std::vector<trust::Registry>* registries_;
};

}  // namespace anycred::credit

#endif  // ANYCRED_CORE_CREDIT_TRUST_RECOGNITION_H_
