// Articulation tables: registrars keep their equivalencies in spreadsheets
// ("this provider's badge, or this competency, counts as our WLD-101 for 3
// credits"). CompileArticulationTable turns such a table, saved as CSV, into
// the targets and rules of a credit policy (core/credit/policy.h), so the
// spreadsheet stays the source of truth and the engine reads one format.
//
// Each row is one equivalency and becomes one rule, tried in row order.
// Columns (header names, any order, case-insensitive; spelled out in
// specs/credit-policy.md):
//   target_code, target_title, target_credits        required
//   achievement_id | framework + code | achievement_type | field_of_study
//                                                    at least one
//   alignment_type, issuer, recognized_issuer, result, min_score, min_level,
//   levels, earned_within, credit, share, allow_seat_time, note   optional
// Every problem of every row is reported at once (INVALID_POLICY, one line
// per problem: `row 7, min_score: "eighty" is not a number`).
//
// Thread safety: pure function.
#ifndef ANYCRED_CORE_CREDIT_ARTICULATION_H_
#define ANYCRED_CORE_CREDIT_ARTICULATION_H_

#include <string>
#include <string_view>

#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred::credit {

// Adds the table's targets (those not already in `policy`, which must
// otherwise agree on title and credits) and one rule per row, with ids
// "<table_name> row <N>". The result passes ParsePolicy.
Result<Json> CompileArticulationTable(Json policy, std::string_view csv_text,
                                      const std::string& table_name);

}  // namespace anycred::credit

#endif  // ANYCRED_CORE_CREDIT_ARTICULATION_H_
