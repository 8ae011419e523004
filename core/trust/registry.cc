#include "core/trust/registry.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/util/io.h"

namespace anycred::trust {

namespace {
Status Malformed(const std::string& where, const std::string& msg) {
  return Status::Error(codes::kMalformedInput, where + ": " + msg);
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool SameText(const std::string& a, const std::string& b) {
  return !a.empty() && Lower(a) == Lower(b);
}

std::string Text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.contains("@value") && v["@value"].is_string())
    return v["@value"].get<std::string>();
  return "";
}

// A string or an array of strings (language objects read as their value).
void Strings(const Json& v, std::vector<std::string>* out) {
  if (v.is_array()) {
    for (const auto& x : v) Strings(x, out);
    return;
  }
  std::string t = Text(v);
  if (!t.empty()) out->push_back(t);
}

Result<std::vector<std::string>> StringList(const Json& v,
                                            const std::string& where) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& x : v) {
      if (!x.is_string() || x.get<std::string>().empty())
        return Malformed(where, "must be a string or an array of strings");
      out.push_back(x.get<std::string>());
    }
  } else {
    return Malformed(where, "must be a string or an array of strings");
  }
  return out;
}

void AlignmentsOf(const Json& holder, AchievementFacts* facts) {
  auto a = holder.find("alignment");
  if (a == holder.end()) return;
  auto add = [&](const Json& x) {
    if (!x.is_object()) return;
    AchievementFacts::Alignment al;
    al.framework = Text(x.value("targetFramework", Json()));
    al.code = Text(x.value("targetCode", Json()));
    al.url = Text(x.value("targetUrl", Json()));
    al.name = Text(x.value("targetName", Json()));
    facts->alignments.push_back(std::move(al));
  };
  if (a->is_array()) {
    for (const auto& x : *a) add(x);
  } else {
    add(*a);
  }
}

void FromSubject(const Json& subject, AchievementFacts* facts, int depth) {
  if (!subject.is_object() || depth > 4) return;
  if (auto a = subject.find("achievement"); a != subject.end()) {
    auto one = [&](const Json& ach) {
      if (!ach.is_object()) return;
      if (auto t = ach.find("achievementType"); t != ach.end())
        Strings(*t, &facts->achievement_types);
      if (auto f = ach.find("fieldOfStudy"); f != ach.end())
        Strings(*f, &facts->fields_of_study);
      AlignmentsOf(ach, facts);
    };
    if (a->is_array()) {
      for (const auto& x : *a) one(x);
    } else {
      one(*a);
    }
  }
  if (auto r = subject.find("result"); r != subject.end() && r->is_array()) {
    for (const auto& x : *r)
      if (x.is_object()) AlignmentsOf(x, facts);
  }
  // CLR 2.0: a ClrSubject carries the credentials it gathers.
  if (auto vcs = subject.find("verifiableCredential");
      vcs != subject.end() && vcs->is_array()) {
    for (const auto& vc : *vcs) {
      if (!vc.is_object()) continue;
      auto s = vc.find("credentialSubject");
      if (s == vc.end()) continue;
      if (s->is_array()) {
        for (const auto& x : *s) FromSubject(x, facts, depth + 1);
      } else {
        FromSubject(*s, facts, depth + 1);
      }
    }
  }
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    out += v[i];
  }
  return out;
}

bool FrameworkMatches(const std::string& item,
                      const AchievementFacts::Alignment& a) {
  if (SameText(item, a.framework)) return true;
  bool is_url = item.rfind("https://", 0) == 0 || item.rfind("http://", 0) == 0;
  return is_url && !a.url.empty() && a.url.rfind(item, 0) == 0;
}

std::vector<std::string> Matches(const Scope& scope,
                                 const AchievementFacts& facts) {
  std::vector<std::string> out;
  for (const auto& f : scope.frameworks) {
    for (const auto& a : facts.alignments) {
      if (FrameworkMatches(f, a)) {
        out.push_back("competency framework " + f);
        break;
      }
    }
  }
  for (const auto& c : scope.alignment_codes) {
    for (const auto& a : facts.alignments) {
      if (SameText(c, a.code) || (!a.url.empty() && c == a.url)) {
        out.push_back("competency " + c);
        break;
      }
    }
  }
  for (const auto& t : scope.achievement_types) {
    for (const auto& x : facts.achievement_types) {
      if (SameText(t, x)) {
        out.push_back("achievement type " + t);
        break;
      }
    }
  }
  for (const auto& f : scope.fields_of_study) {
    for (const auto& x : facts.fields_of_study) {
      if (SameText(f, x)) {
        out.push_back("field of study " + f);
        break;
      }
    }
  }
  return out;
}

Result<Entry> ParseEntry(const Json& item, const std::string& where) {
  if (!item.is_object()) return Malformed(where, "must be an object");
  Entry e;
  auto id = item.find("id");
  if (id == item.end()) return Malformed(where + ".id", "is required");
  ANYCRED_ASSIGN_OR_RETURN(e.issuer_ids, StringList(*id, where + ".id"));
  if (e.issuer_ids.empty())
    return Malformed(where + ".id", "must name at least one issuer");
  auto name = item.find("name");
  if (name == item.end() || !name->is_string() ||
      name->get<std::string>().empty())
    return Malformed(where + ".name", "is required (the issuer's name)");
  e.name = name->get<std::string>();
  if (auto u = item.find("url"); u != item.end()) {
    if (!u->is_string()) return Malformed(where + ".url", "must be a string");
    e.url = u->get<std::string>();
  }
  if (auto s = item.find("scope"); s != item.end()) {
    if (!s->is_object())
      return Malformed(where + ".scope", "must be an object");
    struct Field {
      const char* key;
      std::vector<std::string>* out;
    } fields[] = {{"frameworks", &e.scope.frameworks},
                  {"alignmentCodes", &e.scope.alignment_codes},
                  {"achievementTypes", &e.scope.achievement_types},
                  {"fieldsOfStudy", &e.scope.fields_of_study}};
    for (const auto& [key, value] : s->items()) {
      auto f = std::find_if(std::begin(fields), std::end(fields),
                            [&](const Field& x) { return key == x.key; });
      if (f == std::end(fields)) {
        return Malformed(where + ".scope." + key,
                         "is not a scope (frameworks, alignmentCodes, "
                         "achievementTypes, fieldsOfStudy)");
      }
      ANYCRED_ASSIGN_OR_RETURN(*f->out,
                               StringList(value, where + ".scope." + key));
    }
  }
  for (const char* key : {"since", "until"}) {
    auto it = item.find(key);
    if (it == item.end()) continue;
    if (!it->is_string())
      return Malformed(where + "." + key, "must be a date-time string");
    auto t = ParseDateTime(it->get<std::string>(), false);
    if (!t.ok()) return Malformed(where + "." + key, t.status().message());
    if (std::string(key) == "since") {
      e.since = it->get<std::string>();
      e.since_time = *t;
    } else {
      e.until = it->get<std::string>();
      e.until_time = *t;
    }
  }
  if (e.since_time && e.until_time && *e.until_time < *e.since_time)
    return Malformed(where + ".until", "is before since");
  return e;
}
}  // namespace

AchievementFacts AchievementFacts::FromCredential(const Json& credential) {
  AchievementFacts facts;
  if (!credential.is_object()) return facts;
  auto s = credential.find("credentialSubject");
  if (s == credential.end()) return facts;
  if (s->is_array()) {
    for (const auto& x : *s) FromSubject(x, &facts, 0);
  } else {
    FromSubject(*s, &facts, 0);
  }
  return facts;
}

bool Scope::Everything() const {
  return frameworks.empty() && alignment_codes.empty() &&
         achievement_types.empty() && fields_of_study.empty();
}

std::string Scope::Describe() const {
  if (Everything()) return "all credentials";
  std::vector<std::string> parts;
  if (!frameworks.empty())
    parts.push_back("competency frameworks " + Join(frameworks));
  if (!alignment_codes.empty())
    parts.push_back("competencies " + Join(alignment_codes));
  if (!achievement_types.empty())
    parts.push_back("achievement types " + Join(achievement_types));
  if (!fields_of_study.empty())
    parts.push_back("fields of study " + Join(fields_of_study));
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += "; ";
    out += parts[i];
  }
  return out;
}

Result<Registry> Registry::Parse(const Json& doc,
                                 const std::string& fallback_name) {
  if (!doc.is_object()) return Malformed("registry", "must be a JSON object");
  Registry r;
  if (auto issuers = doc.find("issuers"); issuers != doc.end()) {
    r.format_ = "anycred";
    if (auto t = doc.find("type");
        t != doc.end() && *t != "AnycredTrustRegistry")
      return Malformed("type", "must be \"AnycredTrustRegistry\"");
    r.name_ = doc.value("name", fallback_name);
    if (!issuers->is_array())
      return Malformed("issuers", "must be an array of issuers");
    for (std::size_t i = 0; i < issuers->size(); ++i) {
      ANYCRED_ASSIGN_OR_RETURN(
          Entry e,
          ParseEntry((*issuers)[i], "issuers[" + std::to_string(i) + "]"));
      r.entries_.push_back(std::move(e));
    }
    return r;
  }
  // The DCC registry.json ("registry" in published files, "entries" in
  // the client's bundled copies).
  const char* key = doc.contains("registry") ? "registry" : "entries";
  auto map = doc.find(key);
  if (map == doc.end() || !map->is_object()) {
    return Malformed("registry",
                     "is neither an anycred registry (\"issuers\") nor a DCC "
                     "registry (\"registry\": {DID: {name, url}})");
  }
  r.format_ = "dcc";
  r.name_ = fallback_name;
  if (auto meta = doc.find("meta"); meta != doc.end() && meta->is_object())
    r.name_ = meta->value("name", fallback_name);
  r.name_ = doc.value("name", r.name_);
  for (const auto& [did, value] : map->items()) {
    std::string where = std::string(key) + "[\"" + did + "\"]";
    if (!value.is_object()) return Malformed(where, "must be an object");
    Entry e;
    e.issuer_ids = {did};
    e.name = value.value("name", "");
    if (e.name.empty()) return Malformed(where + ".name", "is required");
    e.url = value.value("url", "");
    r.entries_.push_back(std::move(e));
  }
  return r;
}

Result<Registry> Registry::ReadFile(const std::string& path) {
  ANYCRED_ASSIGN_OR_RETURN(std::string text, ReadFileOrStdin(path));
  auto doc = ParseJson(text);
  if (!doc.ok()) return doc.status().WithContext(path);
  auto r = Parse(*doc, std::filesystem::path(path).stem().string());
  if (!r.ok()) return r.status().WithContext("registry " + path);
  return r;
}

LookupResult Registry::Lookup(const std::string& issuer,
                              const AchievementFacts& facts,
                              Timestamp at) const {
  LookupResult best;
  best.registry = name_;
  best.reason = "not in the registry " + name_;
  for (const auto& e : entries_) {
    if (std::find(e.issuer_ids.begin(), e.issuer_ids.end(), issuer) ==
        e.issuer_ids.end())
      continue;
    LookupResult r;
    r.registry = name_;
    r.entry = &e;
    if ((e.since_time && at < *e.since_time) ||
        (e.until_time && *e.until_time < at)) {
      r.recognition = Recognition::kOutsidePeriod;
      r.reason = "recognized by " + name_ + " as " + e.name +
                 (e.since ? " from " + *e.since : "") +
                 (e.until ? " until " + *e.until : "") + ", not at " +
                 FormatDateTime(at);
    } else if (e.scope.Everything()) {
      r.recognition = Recognition::kRecognized;
      r.reason =
          "recognized by " + name_ + " as " + e.name + " for all credentials";
    } else {
      r.matched = Matches(e.scope, facts);
      if (r.matched.empty()) {
        r.recognition = Recognition::kOutOfScope;
        r.reason = "recognized by " + name_ + " as " + e.name +
                   ", but not for this competency (recognized for " +
                   e.scope.Describe() + ")";
      } else {
        r.recognition = Recognition::kRecognized;
        r.reason = "recognized by " + name_ + " as " + e.name + " for " +
                   Join(r.matched);
      }
    }
    if (r.recognition == Recognition::kRecognized) return r;
    if (best.entry == nullptr ||
        (best.recognition == Recognition::kOutsidePeriod &&
         r.recognition == Recognition::kOutOfScope))
      best = std::move(r);
  }
  return best;
}

LookupResult LookupAll(const std::vector<Registry>& registries,
                       const std::string& issuer, const AchievementFacts& facts,
                       Timestamp at) {
  LookupResult best;
  auto rank = [](Recognition r) {
    switch (r) {
      case Recognition::kRecognized:
        return 0;
      case Recognition::kOutOfScope:
        return 1;
      case Recognition::kOutsidePeriod:
        return 2;
      case Recognition::kNotListed:
        return 3;
    }
    return 3;
  };
  bool first = true;
  for (const auto& registry : registries) {
    LookupResult r = registry.Lookup(issuer, facts, at);
    if (r.recognition == Recognition::kRecognized) return r;
    if (first || rank(r.recognition) < rank(best.recognition)) best = r;
    first = false;
  }
  if (registries.size() > 1 && best.recognition == Recognition::kNotListed) {
    std::vector<std::string> names;
    for (const auto& registry : registries) names.push_back(registry.name());
    best.reason = "not in the registries " + Join(names);
  }
  return best;
}

}  // namespace anycred::trust
