// Trust registries: the lists of issuers a college (or an employer, or a
// consortium) recognizes, each with a name and a scope — which competency
// frameworks, alignment codes, achievement types or fields of study it is
// recognized for — and since/until when.
//
// Two file formats are read (specs/trust-registry.md):
//   - anycred's own: {"type": "AnycredTrustRegistry", "name", "issuers": [
//       {"id": [..], "name", "url", "scope": {...}, "since", "until"}]}
//   - the Digital Credentials Consortium "known issuer" registry.json:
//       {"meta": {...}, "registry" | "entries": {"<DID>": {"name", "url",
//       "location"}}} — recognized for every scope, without dates.
//
// Lookup answers, for an issuer id, what the credential is about
// (AchievementFacts) and a time: recognized (and the matching scope items),
// recognized but not for this, recognized but not at that time, or not
// listed — with the entry and a sentence saying why. The credit-equivalence
// engine uses the same API.
//
// Thread safety: a Registry is immutable after Parse; Lookup is const and
// thread-safe.
#ifndef ANYCRED_CORE_TRUST_REGISTRY_H_
#define ANYCRED_CORE_TRUST_REGISTRY_H_

#include <optional>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/util/datetime.h"
#include "core/util/status.h"

namespace anycred::trust {

// What a credential is about, as far as scope is concerned.
struct AchievementFacts {
  struct Alignment {
    std::string framework;  // targetFramework
    std::string code;       // targetCode
    std::string url;        // targetUrl
    std::string name;       // targetName
  };
  std::vector<std::string> achievement_types;  // achievementType
  std::vector<std::string> fields_of_study;    // fieldOfStudy
  std::vector<Alignment> alignments;
  // From credentialSubject.achievement (each subject), its alignments and
  // the results' alignments; for a CLR, also from each enclosed credential.
  static AchievementFacts FromCredential(const Json& credential);
};

struct Scope {
  std::vector<std::string> frameworks;  // names, or URL prefixes of targetUrl
  std::vector<std::string> alignment_codes;  // targetCode or targetUrl
  std::vector<std::string> achievement_types;
  std::vector<std::string> fields_of_study;
  // No item at all: recognized for everything.
  bool Everything() const;
  // "competency frameworks X, Y; achievement types Z" or "all credentials".
  std::string Describe() const;
};

struct Entry {
  std::vector<std::string> issuer_ids;
  std::string name;
  std::string url;
  Scope scope;
  std::optional<std::string> since, until;  // as written (dateTime)
  std::optional<Timestamp> since_time, until_time;
};

enum class Recognition {
  kRecognized,     // listed, in scope, at that time
  kOutOfScope,     // listed, but not for what this credential is about
  kOutsidePeriod,  // listed, but not at that time
  kNotListed,
};

struct LookupResult {
  Recognition recognition = Recognition::kNotListed;
  std::string registry;              // the registry's name
  const Entry* entry = nullptr;      // valid while the Registry lives
  std::vector<std::string> matched;  // scope items that matched, e.g.
                                     // "achievement type Competency"
  std::string reason;                // a sentence for people
};

class Registry {
 public:
  // Either format. `fallback_name` names a registry whose file has none
  // (e.g. the file name). Errors: MALFORMED_INPUT naming the field.
  static Result<Registry> Parse(const Json& document,
                                const std::string& fallback_name);
  static Result<Registry> ReadFile(const std::string& path);

  const std::string& name() const { return name_; }
  const std::string& format() const { return format_; }  // "anycred", "dcc"
  const std::vector<Entry>& entries() const { return entries_; }

  // `at`: the time recognition must hold, usually when the credential was
  // issued.
  LookupResult Lookup(const std::string& issuer, const AchievementFacts& facts,
                      Timestamp at) const;

 private:
  std::string name_;
  std::string format_;
  std::vector<Entry> entries_;
};

// Asks each registry in order: the first that recognizes the issuer for
// this answers; otherwise the most telling answer (out of scope, then
// outside period, then not listed — with the first registry's name).
LookupResult LookupAll(const std::vector<Registry>& registries,
                       const std::string& issuer, const AchievementFacts& facts,
                       Timestamp at);

}  // namespace anycred::trust

#endif  // ANYCRED_CORE_TRUST_REGISTRY_H_
