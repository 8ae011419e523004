// From a registrar's CSV to award requests: which column is which field
// (by header name, or as `--map COLUMN=FIELD` says), and each data row
// checked and turned into the request POST /achievements/ID/award takes,
// with its award key. Every problem of a row is reported, with the row
// number, the column, what is wrong and what was expected, so a whole file
// can be fixed in one go. The fields and the header names recognized are
// listed in specs/bulk-issuance.md.
//
// Thread safety: a BatchMapper is immutable after Create; Map may be
// called from any number of threads.
#ifndef ANYCRED_ISSUER_SERVICE_BATCH_ROWS_H_
#define ANYCRED_ISSUER_SERVICE_BATCH_ROWS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred::issuer {

enum class BatchField {
  kIgnore,
  kDid,        // recipient.id
  kEmail,      // recipient.email (hashed in the credential)
  kStudentId,  // recipient.studentId (hashed in the credential)
  kName,       // the recipient's name (an IdentityObject of type name)
  kResult,     // a result of one of the achievement's resultDescriptions
  kEvidence,   // an evidence URL
  kValidFrom,
  kValidUntil,
  kKey,  // part of the award key: tells apart two awards to one recipient
};

struct BatchColumn {
  std::string header;  // as in the file
  BatchField field = BatchField::kIgnore;
  Json result_description;  // kResult: the achievement's resultDescription
  bool explicit_map = false;
};

// One problem of the file.
struct RowProblem {
  std::uint64_t row = 0;  // as a spreadsheet numbers it; the header is 1
  std::string column;     // the header, or "" for the row as a whole
  std::string problem;
  std::string expected;
};

// A checked data row.
struct BatchRow {
  std::uint64_t row = 0;
  std::string award_key;  // hex SHA-256 (specs/issuer-store.md "batches")
  Json request;           // {"recipient", "result"?, "evidence"?, ...}
  std::string did, email, student_id, name;  // as written (trimmed)
  bool needs_claim = false;                  // no DID: a claim link helps
};

class BatchMapper {
 public:
  // `maps` are "COLUMN=FIELD" texts; FIELD is one of did, email, studentId,
  // name, result (when the achievement has one resultDescription),
  // result:NAME_OR_ID, evidence, validFrom, validUntil, key, ignore.
  // INVALID_REQUEST naming the column or the --map entry.
  static Result<BatchMapper> Create(std::vector<std::string> header,
                                    const Json& achievement,
                                    const std::vector<std::string>& maps);

  // A data row: the award request, or nothing with `problems` appended.
  std::optional<BatchRow> Map(std::uint64_t row,
                              const std::vector<std::string>& fields,
                              std::vector<RowProblem>* problems) const;

  const std::vector<BatchColumn>& columns() const { return columns_; }
  // Columns not used, for a warning.
  std::vector<std::string> Unused() const;
  // {"COLUMN": "FIELD", ...} in column order (ignored ones left out); the
  // batch id covers it.
  Json MappingJson() const;
  // The same with FieldName's words, for people.
  Json MappingWords() const;
  // "email", "result \"Final grade\"", …
  static std::string FieldName(const BatchColumn& column);

 private:
  std::string achievement_id_;
  std::vector<BatchColumn> columns_;
};

// hex SHA-256 over "anycred-award-v1", the achievement id, the recipient's
// kind and value and the key column's value, each followed by a 0 byte.
std::string AwardKey(const std::string& achievement_id, const std::string& kind,
                     const std::string& value, const std::string& key);

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_BATCH_ROWS_H_
