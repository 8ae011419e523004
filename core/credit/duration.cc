#include "core/credit/duration.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace anycred::credit {

namespace {

Status Invalid(std::string_view text, const std::string& why) {
  return Status::Error("INVALID_POLICY",
                       "duration \"" + std::string(text) + "\": " + why);
}

}  // namespace

Result<Duration> ParseDuration(std::string_view text) {
  Duration d;
  d.text = std::string(text);
  if (text.size() < 3 || text[0] != 'P') {
    return Invalid(text,
                   "must be an ISO 8601 duration such as P5Y, P18M or P90D");
  }
  std::size_t i = 1;
  bool any = false;
  int last_rank = -1;
  while (i < text.size()) {
    if (text[i] == 'T') {
      return Invalid(text,
                     "hours, minutes and seconds are not allowed in a "
                     "recency window; use days (D), weeks (W), months (M) "
                     "or years (Y)");
    }
    if (text[i] < '0' || text[i] > '9') {
      return Invalid(
          text, "expected a whole number at position " + std::to_string(i + 1));
    }
    int value = 0;
    auto [ptr, ec] =
        std::from_chars(text.data() + i, text.data() + text.size(), value);
    if (ec != std::errc() || ptr == text.data() + i) {
      return Invalid(
          text, "expected a whole number at position " + std::to_string(i + 1));
    }
    i = static_cast<std::size_t>(ptr - text.data());
    if (i == text.size()) {
      return Invalid(text, "a number must be followed by Y, M, W or D");
    }
    if (value > 1000) return Invalid(text, "the number is too large");
    int rank;
    switch (text[i]) {
      case 'Y':
        d.years = value;
        rank = 0;
        break;
      case 'M':
        d.months = value;
        rank = 1;
        break;
      case 'W':
        d.days += 7 * value;
        rank = 2;
        break;
      case 'D':
        d.days += value;
        rank = 3;
        break;
      default:
        return Invalid(text, std::string("unknown unit '") + text[i] +
                                 "' (use Y, M, W or D)");
    }
    if (rank <= last_rank)
      return Invalid(text, "units must appear once each, in the order Y M W D");
    last_rank = rank;
    any = true;
    ++i;
  }
  if (!any) return Invalid(text, "it has no amount");
  return d;
}

Timestamp Subtract(Timestamp t, const Duration& d) {
  std::int64_t days =
      t.seconds >= 0 ? t.seconds / 86400 : (t.seconds - 86399) / 86400;
  std::int64_t seconds_of_day = t.seconds - days * 86400;
  std::int64_t y;
  unsigned m, day;
  CivilFromDays(days, &y, &m, &day);
  std::int64_t month_index = y * 12 + (m - 1) - d.years * 12 - d.months;
  y = month_index >= 0 ? month_index / 12 : (month_index - 11) / 12;
  m = static_cast<unsigned>(month_index - y * 12) + 1;
  day = std::min(day, DaysInMonth(y, m));
  std::int64_t out_days = DaysFromCivil(y, m, day) - d.days;
  return Timestamp{out_days * 86400 + seconds_of_day, t.nanos};
}

}  // namespace anycred::credit
