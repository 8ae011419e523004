#include "issuer/service/batch_rows.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>

#include "core/crypto/sha2.h"
#include "core/encoding/hex.h"
#include "core/util/datetime.h"
#include "issuer/service/open_badges.h"

namespace anycred::issuer {

namespace {

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

// "Student E-mail " → "studentemail".
std::string Normalize(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

const std::map<std::string, BatchField>& DefaultHeaders() {
  static const std::map<std::string, BatchField> kHeaders = {
      {"did", BatchField::kDid},
      {"recipientdid", BatchField::kDid},
      {"studentdid", BatchField::kDid},
      {"learnerdid", BatchField::kDid},
      {"recipientid", BatchField::kDid},
      {"email", BatchField::kEmail},
      {"emailaddress", BatchField::kEmail},
      {"recipientemail", BatchField::kEmail},
      {"studentemail", BatchField::kEmail},
      {"learneremail", BatchField::kEmail},
      {"mail", BatchField::kEmail},
      {"studentid", BatchField::kStudentId},
      {"studentnumber", BatchField::kStudentId},
      {"sisid", BatchField::kStudentId},
      {"sissourcedid", BatchField::kStudentId},
      {"learnerid", BatchField::kStudentId},
      {"name", BatchField::kName},
      {"fullname", BatchField::kName},
      {"studentname", BatchField::kName},
      {"recipientname", BatchField::kName},
      {"learnername", BatchField::kName},
      {"evidence", BatchField::kEvidence},
      {"evidenceurl", BatchField::kEvidence},
      {"portfoliourl", BatchField::kEvidence},
      {"validfrom", BatchField::kValidFrom},
      {"awarded", BatchField::kValidFrom},
      {"awardedon", BatchField::kValidFrom},
      {"awarddate", BatchField::kValidFrom},
      {"issuedon", BatchField::kValidFrom},
      {"completed", BatchField::kValidFrom},
      {"completedon", BatchField::kValidFrom},
      {"completiondate", BatchField::kValidFrom},
      {"validuntil", BatchField::kValidUntil},
      {"expires", BatchField::kValidUntil},
      {"expirationdate", BatchField::kValidUntil},
      {"expiry", BatchField::kValidUntil},
      {"awardkey", BatchField::kKey},
  };
  return kHeaders;
}

const std::map<std::string, BatchField>& FieldNames() {
  static const std::map<std::string, BatchField> kNames = {
      {"did", BatchField::kDid},
      {"recipient.id", BatchField::kDid},
      {"email", BatchField::kEmail},
      {"studentid", BatchField::kStudentId},
      {"name", BatchField::kName},
      {"evidence", BatchField::kEvidence},
      {"validfrom", BatchField::kValidFrom},
      {"validuntil", BatchField::kValidUntil},
      {"key", BatchField::kKey},
      {"ignore", BatchField::kIgnore},
  };
  return kNames;
}

bool Singular(BatchField f) {
  return f != BatchField::kIgnore && f != BatchField::kEvidence &&
         f != BatchField::kResult;
}

Json ResultDescriptions(const Json& achievement) {
  if (achievement.contains("resultDescription") &&
      achievement["resultDescription"].is_array())
    return achievement["resultDescription"];
  return Json::array();
}

// The resultDescription a header or --map names (by name or id).
const Json* FindDescription(const Json& descriptions, const std::string& text) {
  for (const auto& rd : descriptions) {
    if (!rd.is_object()) continue;
    if (rd.value("id", "") == text) return &rd;
    if (Normalize(rd.value("name", "")) == Normalize(text) &&
        !Normalize(text).empty())
      return &rd;
  }
  return nullptr;
}

bool ParseNumber(std::string text, double* out) {
  text = Trim(text);
  if (!text.empty() && text.back() == '%') text.pop_back();
  if (text.empty()) return false;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == nullptr || *end != '\0' || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// "2026-06-12" → "2026-06-12T00:00:00Z"; a full dateTimeStamp as is.
std::optional<std::string> ParseDate(const std::string& text) {
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
  std::string t = text;
  if (std::regex_match(t, kDate)) t += "T00:00:00Z";
  auto parsed = ParseDateTime(t, true);
  if (!parsed.ok()) return std::nullopt;
  return t;
}

const char* const kStatuses[] = {"Completed",  "Enrolled", "Failed",
                                 "InProgress", "OnHold",   "Provisional",
                                 "Withdrew"};

// One result cell → a Result object, or a problem.
std::optional<Json> MakeResult(const Json& rd, const std::string& value,
                               std::string* problem, std::string* expected) {
  Json result = {{"type", Json::array({"Result"})},
                 {"resultDescription", rd.value("id", "")}};
  const std::string type = rd.value("resultType", "");
  if (rd.contains("allowedValue") && rd["allowedValue"].is_array()) {
    std::string names;
    for (const auto& a : rd["allowedValue"]) {
      if (!a.is_string()) continue;
      if (Lower(a.get<std::string>()) == Lower(value)) {
        result["value"] = a;
        return result;
      }
      names += (names.empty() ? "" : ", ") + a.get<std::string>();
    }
    *problem = "\"" + value + "\" is not one of the allowed values";
    *expected = "one of " + names;
    return std::nullopt;
  }
  if (rd.contains("rubricCriterionLevel") &&
      rd["rubricCriterionLevel"].is_array()) {
    std::string names;
    for (const auto& level : rd["rubricCriterionLevel"]) {
      if (!level.is_object()) continue;
      std::string name = level.value("name", "");
      if (Lower(name) == Lower(value) || level.value("id", "") == value) {
        result["achievedLevel"] = level.value("id", "");
        return result;
      }
      names += (names.empty() ? "" : ", ") + name;
    }
    *problem = "\"" + value + "\" is not a level of this rubric";
    *expected = "one of " + names;
    return std::nullopt;
  }
  if (type == "Status") {
    for (const char* s : kStatuses) {
      if (Lower(s) == Lower(value)) {
        result["status"] = s;
        return result;
      }
    }
    *problem = "\"" + value + "\" is not a result status";
    *expected =
        "one of Completed, Enrolled, Failed, InProgress, OnHold, "
        "Provisional, Withdrew";
    return std::nullopt;
  }
  static const char* const kNumeric[] = {"Percent",     "GradePointAverage",
                                         "RawScore",    "ScaledScore",
                                         "RubricScore", "PredictedScore"};
  bool numeric = std::find(std::begin(kNumeric), std::end(kNumeric), type) !=
                 std::end(kNumeric);
  if (numeric) {
    double v = 0;
    if (!ParseNumber(value, &v)) {
      *problem = "\"" + value + "\" is not a number";
      *expected = type == "Percent" ? "a percentage from 0 to 100, e.g. 87"
                                    : "a number, e.g. 3.5";
      return std::nullopt;
    }
    double lo = type == "Percent" ? 0 : -INFINITY;
    double hi = type == "Percent" ? 100 : INFINITY;
    double bound = 0;
    if (rd.contains("valueMin") && rd["valueMin"].is_string() &&
        ParseNumber(rd["valueMin"].get<std::string>(), &bound))
      lo = std::max(lo, bound);
    if (rd.contains("valueMax") && rd["valueMax"].is_string() &&
        ParseNumber(rd["valueMax"].get<std::string>(), &bound))
      hi = std::min(hi, bound);
    if (v < lo || v > hi) {
      *problem = "\"" + value + "\" is out of range";
      auto fmt = [](double d) {
        std::string s = std::to_string(d);
        s.erase(s.find_last_not_of('0') + 1);
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
      };
      *expected = "a number from " + fmt(lo) + " to " + fmt(hi);
      return std::nullopt;
    }
    std::string text = Trim(value);
    if (!text.empty() && text.back() == '%') text.pop_back();
    result["value"] = Trim(text);
    return result;
  }
  result["value"] = value;
  return result;
}

bool LooksLikeDid(const std::string& s) {
  static const std::regex kDid(R"(did:[a-z0-9]+:[A-Za-z0-9._:%\-]+(#.*)?)");
  return std::regex_match(s, kDid);
}

bool LooksLikeEmail(const std::string& s) {
  static const std::regex kEmail(R"([^@\s]+@[^@\s]+\.[^@\s]+)");
  return std::regex_match(s, kEmail);
}

bool LooksLikeHttpUrl(const std::string& s) {
  static const std::regex kUrl(R"(https?://[^\s/]+(/\S*)?)", std::regex::icase);
  return std::regex_match(s, kUrl);
}

}  // namespace

std::string AwardKey(const std::string& achievement_id, const std::string& kind,
                     const std::string& value, const std::string& key) {
  std::string input = "anycred-award-v1";
  input.push_back('\0');
  for (const std::string* part : {&achievement_id, &kind, &value, &key}) {
    input += *part;
    input.push_back('\0');
  }
  auto digest = crypto::Sha256(input);
  return encoding::HexEncode(digest);
}

std::string BatchMapper::FieldName(const BatchColumn& c) {
  switch (c.field) {
    case BatchField::kIgnore:
      return "ignore";
    case BatchField::kDid:
      return "did";
    case BatchField::kEmail:
      return "email";
    case BatchField::kStudentId:
      return "studentId";
    case BatchField::kName:
      return "name";
    case BatchField::kResult:
      return "result \"" +
             c.result_description.value("name",
                                        c.result_description.value("id", "")) +
             "\"";
    case BatchField::kEvidence:
      return "evidence";
    case BatchField::kValidFrom:
      return "validFrom";
    case BatchField::kValidUntil:
      return "validUntil";
    case BatchField::kKey:
      return "key";
  }
  return "ignore";
}

Result<BatchMapper> BatchMapper::Create(std::vector<std::string> header,
                                        const Json& achievement,
                                        const std::vector<std::string>& maps) {
  BatchMapper m;
  m.achievement_id_ = achievement.value("id", "");
  const Json descriptions = ResultDescriptions(achievement);
  if (header.empty())
    return Status::Error(kInvalidRequest,
                         "the file has no header row (row 1 names the "
                         "columns, e.g. email,name)");
  for (auto& h : header) {
    BatchColumn c;
    c.header = Trim(h);
    auto d = DefaultHeaders().find(Normalize(c.header));
    if (d != DefaultHeaders().end()) {
      c.field = d->second;
    } else if (const Json* rd = FindDescription(descriptions, c.header)) {
      c.field = BatchField::kResult;
      c.result_description = *rd;
    }
    m.columns_.push_back(std::move(c));
  }
  for (const auto& entry : maps) {
    std::size_t eq = entry.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size())
      return Status::Error(kInvalidRequest, "--map " + entry +
                                                ": expected COLUMN=FIELD, e.g. "
                                                "\"Student E-mail=email\"");
    std::string column = Trim(entry.substr(0, eq));
    std::string field = Trim(entry.substr(eq + 1));
    BatchColumn* target = nullptr;
    for (auto& c : m.columns_)
      if (c.header == column) target = &c;
    if (target == nullptr)
      for (auto& c : m.columns_)
        if (Lower(c.header) == Lower(column)) target = &c;
    if (target == nullptr) {
      std::string names;
      for (const auto& c : m.columns_)
        names += (names.empty() ? "\"" : ", \"") + c.header + "\"";
      return Status::Error(kInvalidRequest,
                           "--map " + entry + ": the file has no column \"" +
                               column + "\" (its columns are " + names + ")");
    }
    target->explicit_map = true;
    target->result_description = Json();
    std::string lf = Lower(field);
    if (lf == "result" || lf.rfind("result:", 0) == 0) {
      const Json* rd = nullptr;
      if (lf == "result") {
        if (descriptions.size() == 1) rd = &descriptions[0];
        if (rd == nullptr)
          return Status::Error(
              kInvalidRequest,
              "--map " + entry + ": the achievement has " +
                  std::to_string(descriptions.size()) +
                  " result descriptions; name one with result:NAME");
      } else {
        rd = FindDescription(descriptions, field.substr(7));
        if (rd == nullptr)
          return Status::Error(kInvalidRequest,
                               "--map " + entry +
                                   ": the achievement has no result "
                                   "description named \"" +
                                   field.substr(7) + "\"");
      }
      target->field = BatchField::kResult;
      target->result_description = *rd;
      continue;
    }
    auto f = FieldNames().find(lf);
    if (f == FieldNames().end())
      return Status::Error(
          kInvalidRequest,
          "--map " + entry + ": unknown field \"" + field +
              "\" (fields: did, email, studentId, name, result, "
              "result:NAME, evidence, validFrom, validUntil, key, ignore)");
    target->field = f->second;
  }
  // A header recognized by default gives way to an explicit --map of the
  // same field.
  for (auto& c : m.columns_) {
    if (!Singular(c.field) || c.explicit_map) continue;
    for (const auto& other : m.columns_)
      if (&other != &c && other.explicit_map && other.field == c.field)
        c.field = BatchField::kIgnore;
  }
  for (std::size_t i = 0; i < m.columns_.size(); ++i) {
    const auto& a = m.columns_[i];
    if (a.field == BatchField::kIgnore) continue;
    for (std::size_t j = i + 1; j < m.columns_.size(); ++j) {
      const auto& b = m.columns_[j];
      bool same = Singular(a.field) ? a.field == b.field
                  : a.field == BatchField::kResult && b.field == a.field
                      ? a.result_description.value("id", "") ==
                            b.result_description.value("id", "")
                      : false;
      if (same)
        return Status::Error(
            kInvalidRequest,
            "columns \"" + a.header + "\" and \"" + b.header + "\" are both " +
                FieldName(a) +
                "; map one of them to another field or to ignore with "
                "--map COLUMN=FIELD");
    }
  }
  bool has_recipient = false;
  for (const auto& c : m.columns_)
    has_recipient |= c.field == BatchField::kDid ||
                     c.field == BatchField::kEmail ||
                     c.field == BatchField::kStudentId;
  if (!has_recipient)
    return Status::Error(
        kInvalidRequest,
        "no column names the recipient: the file needs a column for the "
        "DID, the email or the student id (headers such as \"email\", "
        "\"student id\", \"did\", or --map COLUMN=email)");
  return m;
}

std::vector<std::string> BatchMapper::Unused() const {
  std::vector<std::string> out;
  for (const auto& c : columns_)
    if (c.field == BatchField::kIgnore && !c.explicit_map)
      out.push_back(c.header);
  return out;
}

Json BatchMapper::MappingJson() const {
  Json out = Json::object();
  for (const auto& c : columns_) {
    if (c.field == BatchField::kIgnore) continue;
    out[c.header] = c.field == BatchField::kResult
                        ? "result:" + c.result_description.value("id", "")
                        : FieldName(c);
  }
  return out;
}

Json BatchMapper::MappingWords() const {
  Json out = Json::object();
  for (const auto& c : columns_)
    if (c.field != BatchField::kIgnore) out[c.header] = FieldName(c);
  return out;
}

std::optional<BatchRow> BatchMapper::Map(
    std::uint64_t row, const std::vector<std::string>& fields,
    std::vector<RowProblem>* problems) const {
  const std::size_t before = problems->size();
  auto problem = [&](const std::string& column, std::string what,
                     std::string expected) {
    problems->push_back(
        RowProblem{row, column, std::move(what), std::move(expected)});
  };
  if (fields.size() > columns_.size()) {
    for (std::size_t i = columns_.size(); i < fields.size(); ++i) {
      if (!Trim(fields[i]).empty()) {
        problem("",
                "has " + std::to_string(fields.size()) +
                    " cells but the header names " +
                    std::to_string(columns_.size()) + " columns",
                "one cell per column (is a comma missing its quotes?)");
        break;
      }
    }
  }
  BatchRow out;
  out.row = row;
  Json recipient = Json::object();
  Json results = Json::array();
  Json evidence = Json::array();
  std::string valid_from, valid_until, key;
  std::string valid_from_column, valid_until_column;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const BatchColumn& c = columns_[i];
    if (c.field == BatchField::kIgnore) continue;
    std::string v = i < fields.size() ? Trim(fields[i]) : std::string();
    if (v.empty()) continue;
    switch (c.field) {
      case BatchField::kDid:
        if (!LooksLikeDid(v)) {
          problem(c.header, "\"" + v + "\" is not a DID",
                  "a DID such as did:key:z6Mk… or did:web:example.edu");
        } else {
          out.did = v;
          recipient["id"] = v;
        }
        break;
      case BatchField::kEmail:
        if (!LooksLikeEmail(v)) {
          problem(c.header, "\"" + v + "\" is not an email address",
                  "an address like name@example.edu");
        } else {
          out.email = v;
          recipient["email"] = v;
        }
        break;
      case BatchField::kStudentId:
        if (v.size() > 256) {
          problem(c.header, "is longer than 256 characters",
                  "a student id as the school's system writes it");
        } else {
          out.student_id = v;
          recipient["studentId"] = v;
        }
        break;
      case BatchField::kName:
        if (v.size() > 512) {
          problem(c.header, "is longer than 512 characters",
                  "the recipient's name");
        } else {
          out.name = v;
          recipient["name"] = v;
        }
        break;
      case BatchField::kResult: {
        std::string what, expected;
        auto r = MakeResult(c.result_description, v, &what, &expected);
        if (r) {
          results.push_back(std::move(*r));
        } else {
          problem(c.header, what, expected);
        }
        break;
      }
      case BatchField::kEvidence:
        if (!LooksLikeHttpUrl(v)) {
          problem(c.header, "\"" + v + "\" is not a web address",
                  "a URL starting with https://");
        } else {
          evidence.push_back({{"id", v}, {"type", Json::array({"Evidence"})}});
        }
        break;
      case BatchField::kValidFrom:
      case BatchField::kValidUntil: {
        auto d = ParseDate(v);
        if (!d) {
          problem(c.header, "\"" + v + "\" is not a date",
                  "a date like 2026-06-12 or 2026-06-12T09:00:00Z");
        } else if (c.field == BatchField::kValidFrom) {
          valid_from = *d;
          valid_from_column = c.header;
        } else {
          valid_until = *d;
          valid_until_column = c.header;
        }
        break;
      }
      case BatchField::kKey:
        key = v;
        break;
      case BatchField::kIgnore:
        break;
    }
  }
  if (!valid_until.empty()) {
    auto until = ParseDateTime(valid_until, true);
    auto from = valid_from.empty() ? Result<Timestamp>(Now())
                                   : ParseDateTime(valid_from, true);
    if (until.ok() && from.ok() && !(*from < *until))
      problem(valid_until_column,
              "\"" + valid_until + "\" is not after " +
                  (valid_from.empty() ? std::string("today")
                                      : "the start date " + valid_from),
              "a date after the award's start");
  }
  if (out.did.empty() && out.email.empty() && out.student_id.empty() &&
      problems->size() == before) {
    std::string names;
    for (const auto& c : columns_)
      if (c.field == BatchField::kDid || c.field == BatchField::kEmail ||
          c.field == BatchField::kStudentId)
        names += (names.empty() ? "\"" : ", \"") + c.header + "\"";
    problem("", "names no recipient", "a value in " + names);
  }
  if (problems->size() != before) return std::nullopt;
  Json request = {{"recipient", recipient}};
  if (!results.empty()) request["result"] = std::move(results);
  if (!evidence.empty()) request["evidence"] = std::move(evidence);
  if (!valid_from.empty()) request["validFrom"] = valid_from;
  if (!valid_until.empty()) request["validUntil"] = valid_until;
  out.request = std::move(request);
  if (!out.did.empty()) {
    out.award_key = AwardKey(achievement_id_, "did", out.did, key);
  } else if (!out.email.empty()) {
    out.award_key = AwardKey(achievement_id_, "email", Lower(out.email), key);
  } else {
    out.award_key = AwardKey(achievement_id_, "studentId", out.student_id, key);
  }
  out.needs_claim = out.did.empty();
  return out;
}

}  // namespace anycred::issuer
