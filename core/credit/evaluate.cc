#include "core/credit/evaluate.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

namespace anycred::credit {

namespace {

// Registrars' spreadsheets differ in case and stray spaces; codes and names
// are compared without either.
std::string Fold(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out;
  out.reserve(e - b);
  for (std::size_t i = b; i < e; ++i)
    out.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
  return out;
}

bool Same(std::string_view a, std::string_view b) { return Fold(a) == Fold(b); }

std::string Describe(const Alignment& a) {
  std::string out = a.framework + " " + a.code;
  if (!a.name.empty()) out += " (" + a.name + ")";
  return out;
}

std::string DescribeMatch(const EvidenceMatch& m) {
  std::vector<std::string> parts;
  if (!m.achievement_id.empty())
    parts.push_back("achievement " + m.achievement_id);
  if (m.alignment) parts.push_back("competency " + Describe(*m.alignment));
  if (!m.achievement_type.empty())
    parts.push_back("type " + m.achievement_type);
  if (!m.field_of_study.empty())
    parts.push_back("field of study " + m.field_of_study);
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i)
    out += (i == 0 ? "" : ", ") + parts[i];
  return out;
}

std::string Name(const Evidence& e) {
  std::string who = e.issuer_name.empty() ? e.issuer_id : e.issuer_name;
  std::string what =
      e.achievement_name.empty()
          ? (e.achievement_id.empty() ? e.credential_id : e.achievement_id)
          : "\"" + e.achievement_name + "\"";
  return what + " from " + who;
}

std::optional<double> ParseNumber(std::string_view s) {
  std::string t = Fold(s);
  if (!t.empty() && t.back() == '%') t.pop_back();
  double v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// Who consumed a piece of evidence.
struct Use {
  std::string target;
  std::string rule;
};

// The evidence prepared once per evaluation: fields folded for comparison,
// and lists of candidates by competency and by achievement id (each in
// evaluation order), so that a leaf looks only at credentials that can be
// what it describes.
class EvidenceIndex {
 public:
  EvidenceIndex(const std::vector<Evidence>& evidence,
                const std::vector<std::size_t>& order)
      : order_(order), folded_(evidence.size()) {
    for (std::size_t i = 0; i < evidence.size(); ++i) {
      const Evidence& e = evidence[i];
      Folded& f = folded_[i];
      f.achievement_type = Fold(e.achievement_type);
      f.field_of_study = Fold(e.field_of_study);
      for (const auto& a : e.alignments) {
        f.alignment_keys.push_back(Key(a.framework, a.code));
        f.alignment_types.push_back(Fold(a.type));
      }
    }
    for (std::size_t i : order) {
      std::set<std::string> seen;  // one entry per credential and key
      for (const auto& key : folded_[i].alignment_keys)
        if (seen.insert(key).second) by_alignment_[key].push_back(i);
      if (!evidence[i].achievement_id.empty())
        by_achievement_[evidence[i].achievement_id].push_back(i);
    }
  }

  static std::string Key(std::string_view framework, std::string_view code) {
    return Fold(framework) + '\x1f' + Fold(code);
  }

  // The credentials that may match, in evaluation order.
  const std::vector<std::size_t>& Candidates(const EvidenceMatch& m) const {
    static const std::vector<std::size_t> kNone;
    if (m.alignment) {
      auto it =
          by_alignment_.find(Key(m.alignment->framework, m.alignment->code));
      return it == by_alignment_.end() ? kNone : it->second;
    }
    if (!m.achievement_id.empty()) {
      auto it = by_achievement_.find(m.achievement_id);
      return it == by_achievement_.end() ? kNone : it->second;
    }
    return order_;
  }

  struct Folded {
    std::string achievement_type;
    std::string field_of_study;
    std::vector<std::string> alignment_keys;  // parallel to alignments
    std::vector<std::string> alignment_types;
  };
  const Folded& folded(std::size_t i) const { return folded_[i]; }

 private:
  const std::vector<std::size_t>& order_;
  std::vector<Folded> folded_;
  std::map<std::string, std::vector<std::size_t>> by_alignment_;
  std::map<std::string, std::vector<std::size_t>> by_achievement_;
};

class RuleEvaluator {
 public:
  RuleEvaluator(const std::vector<Evidence>& evidence,
                const EvidenceIndex& index,
                const std::map<std::size_t, Use>& consumed,
                const EvaluateOptions& options)
      : evidence_(evidence),
        index_(index),
        consumed_(consumed),
        options_(options) {}

  struct Outcome {
    bool satisfied = false;
    std::vector<UsedEvidence> used;
    std::vector<std::string> missing;
    std::vector<std::string> notes;
  };

  Outcome Evaluate(const Rule& rule, const Condition& c) {
    switch (c.kind) {
      case Condition::Kind::kEvidence:
        return Leaf(rule, c.match);
      case Condition::Kind::kAllOf: {
        Outcome out;
        out.satisfied = true;
        for (const auto& child : c.children) {
          Outcome o = Evaluate(rule, child);
          Merge(&out, o);
          if (!o.satisfied) out.satisfied = false;
        }
        if (out.satisfied) out.missing.clear();
        return out;
      }
      case Condition::Kind::kAnyOf: {
        Outcome out;
        for (const auto& child : c.children) {
          Outcome o = Evaluate(rule, child);
          if (o.satisfied) {
            o.notes.insert(o.notes.begin(), out.notes.begin(), out.notes.end());
            return o;
          }
          Merge(&out, o);
        }
        if (c.children.size() > 1) {
          out.missing.insert(out.missing.begin(),
                             "none of the " +
                                 std::to_string(c.children.size()) +
                                 " alternatives is met:");
        }
        return out;
      }
      case Condition::Kind::kAtLeast: {
        Outcome out, met;
        std::size_t count = 0;
        for (const auto& child : c.children) {
          Outcome o = Evaluate(rule, child);
          if (o.satisfied && count < c.at_least) {
            ++count;
            Merge(&met, o);
          } else if (!o.satisfied) {
            Merge(&out, o);
          }
        }
        if (count >= c.at_least) {
          met.satisfied = true;
          met.notes.insert(met.notes.end(), out.notes.begin(), out.notes.end());
          return met;
        }
        // What is met is kept as partial progress (nothing is consumed).
        for (const auto& u : met.used) out.used.push_back(u);
        out.missing.insert(out.missing.begin(),
                           std::to_string(c.at_least) + " of " +
                               std::to_string(c.children.size()) +
                               " are needed and " + std::to_string(count) +
                               " are met; not met:");
        out.notes.insert(out.notes.end(), met.notes.begin(), met.notes.end());
        return out;
      }
    }
    return {};
  }

 private:
  static void Merge(Outcome* into, const Outcome& from) {
    for (const auto& u : from.used) {
      bool dup = std::any_of(
          into->used.begin(), into->used.end(),
          [&](const UsedEvidence& x) { return x.index == u.index; });
      if (!dup) into->used.push_back(u);
    }
    into->missing.insert(into->missing.end(), from.missing.begin(),
                         from.missing.end());
    into->notes.insert(into->notes.end(), from.notes.begin(), from.notes.end());
  }

  // Whether `e` is what the match describes; `matched` says how, and
  // `competency` is the alignment it matched.
  bool Identifies(std::size_t idx, const EvidenceMatch& m, std::string* matched,
                  const Alignment** competency) const {
    const Evidence& e = evidence_[idx];
    const EvidenceIndex::Folded& f = index_.folded(idx);
    std::vector<std::string> how;
    *competency = nullptr;
    if (!m.achievement_id.empty()) {
      if (e.achievement_id != m.achievement_id) return false;
      how.push_back("achievement " + m.achievement_id);
    }
    if (m.alignment) {
      std::string key =
          EvidenceIndex::Key(m.alignment->framework, m.alignment->code);
      std::string type = Fold(m.alignment->type);
      const Alignment* found = nullptr;
      for (std::size_t k = 0; k < e.alignments.size(); ++k) {
        if (f.alignment_keys[k] == key &&
            (type.empty() || f.alignment_types[k] == type)) {
          found = &e.alignments[k];
          break;
        }
      }
      if (found == nullptr) return false;
      *competency = found;
      how.push_back("aligned to " + Describe(*found));
    }
    if (!m.achievement_type.empty()) {
      if (f.achievement_type != Fold(m.achievement_type)) return false;
      how.push_back("a " + e.achievement_type);
    }
    if (!m.field_of_study.empty()) {
      if (f.field_of_study != Fold(m.field_of_study)) return false;
      how.push_back("in " + e.field_of_study);
    }
    matched->clear();
    for (std::size_t i = 0; i < how.size(); ++i)
      *matched += (i == 0 ? "" : ", ") + how[i];
    return true;
  }

  // Empty when `e` meets the minimum (and `shown` is the result that did);
  // otherwise why not.
  static std::string MeetsMinimum(const Evidence& e, const MinResult& min,
                                  std::string* shown) {
    std::string best;
    bool any = false;
    for (const auto& r : e.results) {
      if (!min.result.empty() && !Same(r.name, min.result)) continue;
      if (!r.status.empty() && !Same(r.status, "Completed")) continue;
      any = true;
      if (min.score) {
        auto v = ParseNumber(r.value);
        if (!v) continue;
        if (*v >= *min.score) {
          *shown = (r.name.empty() ? "result" : r.name) + " " + r.value;
          return "";
        }
        best = r.value;
      } else {
        for (const std::string& candidate : {r.level, r.value}) {
          if (candidate.empty()) continue;
          auto have = std::find_if(
              min.levels.begin(), min.levels.end(),
              [&](const std::string& l) { return Same(l, candidate); });
          if (have == min.levels.end()) continue;
          auto need =
              std::find(min.levels.begin(), min.levels.end(), min.level);
          if (have >= need) {
            *shown = (r.name.empty() ? "level" : r.name) + " " + *have;
            return "";
          }
          best = *have;
        }
      }
    }
    std::string wanted = min.score ? "at least " + FormatCredits(*min.score)
                                   : "level " + min.level + " or higher";
    std::string which = min.result.empty() ? "" : " for " + min.result;
    if (!any || best.empty())
      return "it states no result" + which + " (" + wanted + " needed)";
    return "its result" + which + " is " + best + ", and " + wanted +
           " is needed";
  }

  Outcome Leaf(const Rule& rule, const EvidenceMatch& m) {
    Outcome out;
    std::vector<std::string> reasons;
    for (std::size_t idx : index_.Candidates(m)) {
      const Evidence& e = evidence_[idx];
      std::string matched;
      const Alignment* competency = nullptr;
      if (!Identifies(idx, m, &matched, &competency)) continue;
      std::string why;
      UsedEvidence use{idx, matched, "", ""};
      bool status_ok = e.status == EvidenceStatus::kVerified ||
                       (e.status == EvidenceStatus::kStatusUnknown &&
                        options_.accept_unknown_status);
      if (!status_ok) {
        switch (e.status) {
          case EvidenceStatus::kRevoked:
            why = "it was revoked by its issuer";
            break;
          case EvidenceStatus::kSuspended:
            why = "it is suspended by its issuer";
            break;
          case EvidenceStatus::kStatusUnknown:
            why = "whether it was revoked could not be checked";
            break;
          default:
            why = "it did not verify";
        }
        if (!e.status_detail.empty()) why += " (" + e.status_detail + ")";
      } else if (e.SeatTimeOnly() && !rule.allow_seat_time) {
        why = "it records seat time only (" + FormatCredits(*e.hours) +
              " hours), which this rule does not count";
      } else if (!m.issuers.empty() &&
                 std::find(m.issuers.begin(), m.issuers.end(), e.issuer_id) ==
                     m.issuers.end()) {
        why = "this rule accepts it only from " + m.issuers.front() +
              (m.issuers.size() > 1
                   ? " and " + std::to_string(m.issuers.size() - 1) +
                         " other issuer(s)"
                   : "");
      } else if (m.require_recognized) {
        RecognitionAnswer answer;
        if (options_.recognition != nullptr) {
          answer = options_.recognition->Check(e, competency, options_.at);
        } else {
          answer.explanation = "no trust registry was given";
        }
        if (!answer.recognized) {
          why = "its issuer is not recognized" +
                std::string(competency ? " for " + Describe(*competency) : "") +
                (answer.explanation.empty() ? "" : ": " + answer.explanation);
        } else {
          use.recognition = answer.explanation;
        }
      }
      if (why.empty() && m.min_result) {
        why = MeetsMinimum(e, *m.min_result, &use.result);
      }
      if (why.empty() && m.earned_within) {
        Timestamp oldest = Subtract(options_.at, *m.earned_within);
        if (!e.earned) {
          why =
              "it does not say when it was earned, and it must be from the "
              "last " +
              m.earned_within->text;
        } else if (*e.earned < oldest) {
          why = "it was earned " + e.earned_text + ", more than " +
                m.earned_within->text + " before " +
                FormatDateTime(options_.at);
        }
      }
      if (why.empty() && !rule.share_evidence) {
        auto c = consumed_.find(idx);
        if (c != consumed_.end()) {
          out.notes.push_back(Name(e) +
                              " also qualifies, but already counts toward " +
                              c->second.target + " (" + c->second.rule +
                              "; targets are decided in policy order)");
          why = "it already counts toward " + c->second.target;
        }
      }
      if (why.empty()) {
        out.satisfied = true;
        out.used.push_back(std::move(use));
        return out;
      }
      reasons.push_back(Name(e) + " (" + matched + "): " + why);
    }
    if (reasons.empty()) {
      out.missing.push_back("no credential for " + DescribeMatch(m));
    } else {
      out.missing.push_back("a credential for " + DescribeMatch(m) +
                            "; none counts:");
      for (auto& r : reasons) out.missing.push_back("  " + r);
    }
    return out;
  }

  const std::vector<Evidence>& evidence_;
  const EvidenceIndex& index_;
  const std::map<std::size_t, Use>& consumed_;
  const EvaluateOptions& options_;
};

// Credits for a satisfied rule; nullopt with `why` when the evidence does
// not state what the rule computes from.
std::optional<double> ComputeCredits(const Rule& rule, const Target& target,
                                     const std::vector<Evidence>& evidence,
                                     const std::vector<UsedEvidence>& used,
                                     std::string* why) {
  const Credit& c = rule.credit;
  double cap = c.max ? *c.max : target.credits;
  double total = 0;
  switch (c.kind) {
    case Credit::Kind::kFixed:
      return std::min(c.fixed, c.max ? *c.max : c.fixed);
    case Credit::Kind::kFromEvidence: {
      bool any = false;
      for (const auto& u : used) {
        const auto& v = c.from_earned ? evidence[u.index].credits_earned
                                      : evidence[u.index].credits_available;
        if (v) {
          any = true;
          total += *v * c.factor;
        }
      }
      if (!any) {
        *why = std::string("the evidence does not state ") +
               (c.from_earned ? "creditsEarned" : "creditsAvailable") +
               ", which this rule's credit is computed from";
        return std::nullopt;
      }
      break;
    }
    case Credit::Kind::kFromHours: {
      bool any = false;
      for (const auto& u : used) {
        if (evidence[u.index].hours) {
          any = true;
          total += *evidence[u.index].hours / c.hours_per_credit;
        }
      }
      if (!any) {
        *why =
            "the evidence records no hours, which this rule's credit is "
            "computed from";
        return std::nullopt;
      }
      break;
    }
  }
  return std::min(total, cap);
}

}  // namespace

const char* EvidenceStatusName(EvidenceStatus status) {
  switch (status) {
    case EvidenceStatus::kVerified:
      return "verified";
    case EvidenceStatus::kFailed:
      return "failed";
    case EvidenceStatus::kRevoked:
      return "revoked";
    case EvidenceStatus::kSuspended:
      return "suspended";
    case EvidenceStatus::kStatusUnknown:
      return "status unknown";
  }
  return "failed";
}

std::string FormatCredits(double credits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::round(credits * 100) / 100);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

Decision Evaluate(const Policy& policy, const std::vector<Evidence>& evidence,
                  const EvaluateOptions& options) {
  Decision d;
  d.policy_id = policy.id;
  d.institution_id = policy.institution_id;
  d.institution_name = policy.institution_name;
  d.at = options.at;

  std::vector<std::size_t> order(evidence.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) {
                     const Evidence& x = evidence[a];
                     const Evidence& y = evidence[b];
                     if (x.earned != y.earned) {
                       if (!x.earned) return false;  // undated last
                       if (!y.earned) return true;
                       return *x.earned > *y.earned;
                     }
                     return x.credential_id < y.credential_id;
                   });

  EvidenceIndex index(evidence, order);
  std::map<std::size_t, Use> consumed;
  std::set<std::size_t> used_anywhere;
  for (const Target& target : policy.targets) {
    TargetDecision td;
    td.code = target.code;
    td.title = target.title;
    td.max_credits = target.credits;
    bool any_rule = false;
    for (const Rule& rule : policy.rules) {
      if (rule.target != target.code) continue;
      any_rule = true;
      RuleEvaluator ev(evidence, index, consumed, options);
      auto outcome = ev.Evaluate(rule, rule.when);
      td.notes.insert(td.notes.end(), outcome.notes.begin(),
                      outcome.notes.end());
      if (outcome.satisfied) {
        std::string why;
        auto credits =
            ComputeCredits(rule, target, evidence, outcome.used, &why);
        if (credits) {
          td.granted = true;
          td.rule = rule.id;
          td.credits = *credits;
          td.evidence = std::move(outcome.used);
          td.missing.clear();
          for (const auto& u : td.evidence) {
            used_anywhere.insert(u.index);
            if (!rule.share_evidence)
              consumed.emplace(u.index, Use{target.code, rule.id});
          }
          break;
        }
        td.missing.push_back(rule.id + ": " + why);
        if (outcome.used.size() > td.partial.size()) {
          td.partial = std::move(outcome.used);
          td.partial_rule = rule.id;
        }
        continue;
      }
      if (outcome.used.size() > td.partial.size()) {
        td.partial = std::move(outcome.used);
        td.partial_rule = rule.id;
      }
      td.missing.push_back(rule.id + " needs:");
      for (auto& m : outcome.missing) td.missing.push_back("  " + m);
    }
    if (td.granted) {
      td.partial.clear();
      td.partial_rule.clear();
    }
    if (!any_rule)
      td.missing.push_back("the policy has no rule for this target");
    // Notes are only worth keeping when they explain a refusal or a choice.
    std::sort(td.notes.begin(), td.notes.end());
    td.notes.erase(std::unique(td.notes.begin(), td.notes.end()),
                   td.notes.end());
    if (td.granted) {
      ++d.granted;
      d.credits += td.credits;
    }
    d.targets.push_back(std::move(td));
  }
  for (std::size_t i : order)
    if (!used_anywhere.count(i)) d.unused.push_back(i);
  return d;
}

Json DecisionToJson(const Decision& d, const std::vector<Evidence>& evidence) {
  Json out = Json::object();
  out["policy"] = {{"id", d.policy_id},
                   {"institution",
                    {{"id", d.institution_id}, {"name", d.institution_name}}}};
  out["evaluatedAt"] = FormatDateTime(d.at);
  auto evidence_json = [&](std::size_t i) {
    const Evidence& e = evidence[i];
    Json j = Json::object();
    j["credentialId"] = e.credential_id;
    j["issuer"] = e.issuer_id;
    if (!e.issuer_name.empty()) j["issuerName"] = e.issuer_name;
    if (!e.achievement_name.empty()) j["achievement"] = e.achievement_name;
    if (!e.achievement_id.empty()) j["achievementId"] = e.achievement_id;
    if (!e.earned_text.empty()) j["earned"] = e.earned_text;
    j["verification"] = EvidenceStatusName(e.status);
    return j;
  };
  Json targets = Json::array();
  for (const auto& t : d.targets) {
    Json j = Json::object();
    j["code"] = t.code;
    j["title"] = t.title;
    j["granted"] = t.granted;
    j["credits"] = t.granted ? t.credits : 0.0;
    j["maxCredits"] = t.max_credits;
    if (t.granted) {
      j["rule"] = t.rule;
      Json used = Json::array();
      for (const auto& u : t.evidence) {
        Json e = evidence_json(u.index);
        e["matched"] = u.matched;
        if (!u.result.empty()) e["result"] = u.result;
        if (!u.recognition.empty()) e["recognition"] = u.recognition;
        used.push_back(std::move(e));
      }
      j["evidence"] = std::move(used);
    } else {
      j["missing"] = t.missing;
      if (!t.partial.empty()) {
        Json have = Json::array();
        for (const auto& u : t.partial) {
          Json e = evidence_json(u.index);
          e["matched"] = u.matched;
          if (!u.result.empty()) e["result"] = u.result;
          have.push_back(std::move(e));
        }
        j["partial"] = {{"rule", t.partial_rule},
                        {"evidence", std::move(have)}};
      }
    }
    if (!t.notes.empty()) j["notes"] = t.notes;
    targets.push_back(std::move(j));
  }
  out["targets"] = std::move(targets);
  out["totals"] = {{"targets", d.targets.size()},
                   {"granted", d.granted},
                   {"credits", d.credits}};
  Json unused = Json::array();
  for (std::size_t i : d.unused) unused.push_back(evidence_json(i));
  out["unusedEvidence"] = std::move(unused);
  return out;
}

std::string DecisionToText(const Decision& d,
                           const std::vector<Evidence>& evidence) {
  std::string out = d.institution_name + ": credit decision";
  if (!d.policy_id.empty()) out += " under policy " + d.policy_id;
  out += ", evaluated " + FormatDateTime(d.at) + "\n\n";
  for (const auto& t : d.targets) {
    if (t.granted) {
      out += "GRANTED      " + t.code + " " + t.title + ": " +
             FormatCredits(t.credits) + " of " + FormatCredits(t.max_credits) +
             " credits (" + t.rule + ")\n";
      for (const auto& u : t.evidence) {
        const Evidence& e = evidence[u.index];
        out += "  - " + Name(e) + ", " + u.matched;
        if (!u.result.empty()) out += ", " + u.result;
        if (!e.earned_text.empty()) out += ", earned " + e.earned_text;
        out += std::string(", ") + EvidenceStatusName(e.status) + "\n";
      }
    } else {
      out += "NOT GRANTED  " + t.code + " " + t.title + " (" +
             FormatCredits(t.max_credits) + " credits)\n";
      if (!t.partial.empty()) {
        out += "  partly met (" + t.partial_rule + "), already there:\n";
        for (const auto& u : t.partial)
          out += "  - " + Name(evidence[u.index]) + ", " + u.matched + "\n";
        out += "  still missing:\n";
      }
      for (const auto& m : t.missing) out += "    " + m + "\n";
    }
    for (const auto& n : t.notes) out += "  note: " + n + "\n";
  }
  out += "\nTotal: " + std::to_string(d.granted) + " of " +
         std::to_string(d.targets.size()) + " granted, " +
         FormatCredits(d.credits) + " credits.\n";
  if (!d.unused.empty()) {
    out += "Not used toward any target:\n";
    for (std::size_t i : d.unused) out += "  - " + Name(evidence[i]) + "\n";
  }
  return out;
}

}  // namespace anycred::credit
