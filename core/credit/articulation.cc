#include "core/credit/articulation.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "core/credit/evaluate.h"
#include "core/credit/policy.h"
#include "core/csv/csv_reader.h"

namespace anycred::credit {

namespace {

constexpr const char* kColumns[] = {"target_code",
                                    "target_title",
                                    "target_credits",
                                    "achievement_id",
                                    "framework",
                                    "code",
                                    "alignment_type",
                                    "achievement_type",
                                    "field_of_study",
                                    "issuer",
                                    "recognized_issuer",
                                    "result",
                                    "min_score",
                                    "min_level",
                                    "levels",
                                    "earned_within",
                                    "credit",
                                    "share",
                                    "allow_seat_time",
                                    "note"};

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s + ";") {
    if (c == ';' || c == '|') {
      std::size_t b = cur.find_first_not_of(" \t");
      std::size_t e = cur.find_last_not_of(" \t");
      if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  return out;
}

class Row {
 public:
  Row(std::size_t number, const std::map<std::string, std::size_t>& columns,
      const std::vector<std::string>& fields,
      std::vector<std::string>* problems)
      : number_(number),
        columns_(columns),
        fields_(fields),
        problems_(problems) {}

  std::string Get(const char* column) const {
    auto it = columns_.find(column);
    if (it == columns_.end() || it->second >= fields_.size()) return "";
    return fields_[it->second];
  }
  void Problem(const std::string& column, const std::string& what) const {
    problems_->push_back("row " + std::to_string(number_) +
                         (column.empty() ? "" : ", " + column) + ": " + what);
  }
  std::optional<double> Number(const char* column) const {
    std::string v = Get(column);
    if (v.empty()) return std::nullopt;
    double d = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec != std::errc() || ptr != v.data() + v.size() || !std::isfinite(d) ||
        d < 0) {
      Problem(column, "\"" + v + "\" is not a number (zero or more)");
      return std::nullopt;
    }
    return d;
  }
  std::optional<bool> YesNo(const char* column) const {
    std::string v = Lower(Get(column));
    if (v.empty()) return std::nullopt;
    if (v == "yes" || v == "y" || v == "true" || v == "1") return true;
    if (v == "no" || v == "n" || v == "false" || v == "0") return false;
    Problem(column, "\"" + Get(column) + "\" should be yes or no");
    return std::nullopt;
  }
  std::size_t number() const { return number_; }

 private:
  std::size_t number_;
  const std::map<std::string, std::size_t>& columns_;
  const std::vector<std::string>& fields_;
  std::vector<std::string>* problems_;
};

}  // namespace

Result<Json> CompileArticulationTable(Json policy, std::string_view csv_text,
                                      const std::string& table_name) {
  if (!policy.is_object())
    return Status::Error("INVALID_POLICY", "policy: must be a JSON object");
  if (!policy.contains("targets")) policy["targets"] = Json::array();
  if (!policy.contains("rules")) policy["rules"] = Json::array();
  std::vector<std::string> problems;
  std::map<std::string, std::size_t> columns;
  std::map<std::string, std::size_t> target_row;  // code -> first row

  auto on_row = [&](std::size_t number,
                    std::vector<std::string>& fields) -> Status {
    if (number == 1) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string name = Lower(fields[i]);
        if (std::find(std::begin(kColumns), std::end(kColumns), name) ==
            std::end(kColumns)) {
          std::string known;
          for (const char* c : kColumns)
            known += (known.empty() ? "" : ", ") + std::string(c);
          problems.push_back("row 1: column \"" + fields[i] +
                             "\" is not one of the known columns (" + known +
                             ")");
          continue;
        }
        if (!columns.emplace(name, i).second)
          problems.push_back("row 1: column \"" + fields[i] +
                             "\" appears twice");
      }
      for (const char* required :
           {"target_code", "target_title", "target_credits"}) {
        if (!columns.count(required))
          problems.push_back(std::string("row 1: the table needs a \"") +
                             required + "\" column");
      }
      return problems.empty()
                 ? Status::Ok()
                 : Status::Error("INVALID_POLICY", "header");  // stop
    }
    Row row(number, columns, fields, &problems);
    std::size_t before = problems.size();
    std::string code = row.Get("target_code");
    if (code.empty()) row.Problem("target_code", "is empty");
    std::string title = row.Get("target_title");
    if (title.empty()) row.Problem("target_title", "is empty");
    auto credits = row.Number("target_credits");
    if (!credits && row.Get("target_credits").empty())
      row.Problem("target_credits", "is empty");
    const bool target_ok = !code.empty() && !title.empty() && credits;
    // The target: new, or the same as where it was first given.
    Json target = {
        {"code", code}, {"title", title}, {"credits", credits.value_or(0)}};
    bool known = !target_ok;  // an incomplete target is not registered
    for (const Json& t : policy["targets"]) {
      if (!target_ok) break;
      if (t.value("code", "") != code) continue;
      known = true;
      std::string where = target_row.count(code)
                              ? "row " + std::to_string(target_row[code])
                              : "the policy";
      if (t.value("title", "") != title)
        row.Problem("target_title", "\"" + title + "\" differs from \"" +
                                        t.value("title", "") + "\" given in " +
                                        where);
      if (!t.contains("credits") || t["credits"] != *credits)
        row.Problem("target_credits",
                    row.Get("target_credits") + " differs from " +
                        (t.contains("credits") && t["credits"].is_number()
                             ? FormatCredits(t["credits"].get<double>())
                             : "none") +
                        " given in " + where);
    }
    if (!known) {
      target_row[code] = number;
      policy["targets"].push_back(target);
    }

    Json evidence = Json::object();
    if (auto v = row.Get("achievement_id"); !v.empty())
      evidence["achievementId"] = v;
    std::string framework = row.Get("framework"), acode = row.Get("code");
    if (!framework.empty() || !acode.empty()) {
      if (framework.empty() || acode.empty()) {
        row.Problem(framework.empty() ? "framework" : "code",
                    "framework and code go together");
      } else {
        Json a = {{"framework", framework}, {"code", acode}};
        if (auto t = row.Get("alignment_type"); !t.empty()) a["type"] = t;
        evidence["alignment"] = a;
      }
    }
    if (auto v = row.Get("achievement_type"); !v.empty())
      evidence["achievementType"] = v;
    if (auto v = row.Get("field_of_study"); !v.empty())
      evidence["fieldOfStudy"] = v;
    if (evidence.empty() && framework.empty() && acode.empty()) {
      row.Problem("",
                  "say what counts: achievement_id, framework and code, "
                  "achievement_type or field_of_study");
    }
    if (auto v = row.Get("issuer"); !v.empty())
      evidence["issuer"] = SplitList(v);
    if (auto v = row.YesNo("recognized_issuer"))
      evidence["recognizedIssuer"] = *v;
    auto min_score = row.Number("min_score");
    std::string min_level = row.Get("min_level");
    if (min_score || !min_level.empty()) {
      Json m = Json::object();
      if (auto r = row.Get("result"); !r.empty()) m["result"] = r;
      if (min_score) m["score"] = *min_score;
      if (!min_level.empty()) {
        m["level"] = min_level;
        m["levels"] = SplitList(row.Get("levels"));
      }
      evidence["minResult"] = m;
    }
    if (auto v = row.Get("earned_within"); !v.empty())
      evidence["earnedWithin"] = v;

    Json rule = {{"id", table_name + " row " + std::to_string(number)},
                 {"target", code},
                 {"when", {{"evidence", evidence}}}};
    if (auto c = row.Number("credit")) rule["credit"] = {{"fixed", *c}};
    if (auto v = row.YesNo("share")) rule["shareEvidence"] = *v;
    if (auto v = row.YesNo("allow_seat_time")) rule["allowSeatTime"] = *v;
    if (auto v = row.Get("note"); !v.empty()) rule["note"] = v;
    if (evidence.empty() || !target_ok) return Status::Ok();

    // Check the rule with the policy parser, reporting against the row.
    Json probe = {
        {"type", "CreditPolicy"},
        {"institution", {{"id", "did:example:probe"}, {"name", "probe"}}},
        {"targets", Json::array({target})},
        {"rules", Json::array({rule})}};
    auto parsed = ParsePolicy(probe);
    if (!parsed.ok()) {
      std::string msg = parsed.status().message();
      std::string prefix = "rules[0]";
      if (msg.rfind(prefix, 0) == 0) msg = msg.substr(prefix.size());
      if (!msg.empty() && msg[0] == '.') msg = msg.substr(1);
      row.Problem("", msg);
    }
    if (problems.size() != before) return Status::Ok();
    policy["rules"].push_back(std::move(rule));
    return Status::Ok();
  };

  csv::CsvReader reader(on_row);
  Status s = reader.Feed(csv_text);
  if (s.ok()) s = reader.Finish();
  if (!s.ok() && s.code() != "INVALID_POLICY") problems.push_back(s.message());
  if (columns.empty() && problems.empty())
    problems.push_back("the table is empty");
  if (!problems.empty()) {
    std::string msg = table_name + ": " + std::to_string(problems.size()) +
                      (problems.size() == 1 ? " problem" : " problems");
    for (const auto& p : problems) msg += "\n  " + p;
    return Status::Error("INVALID_POLICY", msg);
  }
  auto check = ParsePolicy(policy);
  if (!check.ok()) return check.status();
  return policy;
}

}  // namespace anycred::credit
