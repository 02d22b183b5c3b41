// paiam/auth — FormatIso8601 / ParseIso8601 (signature.h): the UTC timestamps of x-acs-date and
// Timestamp. Calendar arithmetic is done by hand (Howard Hinnant's days-from-civil) rather than
// with timegm/gmtime_r, so it is exact, locale- and TZ-independent and covers years 0000–9999.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "auth/signature.h"

namespace paiam::auth {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int64_t* m, int64_t* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads `n` decimal digits at text[pos]; -1 when any is not a digit.
int64_t Digits(std::string_view text, size_t pos, size_t n) {
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::string FormatIso8601(int64_t unix_ms) {
  const int64_t kMin = DaysFromCivil(0, 1, 1) * kMsPerDay;
  const int64_t kMax = DaysFromCivil(10000, 1, 1) * kMsPerDay - 1;
  if (unix_ms < kMin) unix_ms = kMin;
  if (unix_ms > kMax) unix_ms = kMax;
  int64_t days = unix_ms / kMsPerDay;
  int64_t ms_of_day = unix_ms % kMsPerDay;
  if (ms_of_day < 0) {  // floor division for instants before 1970
    ms_of_day += kMsPerDay;
    --days;
  }
  int64_t y, m, d;
  CivilFromDays(days, &y, &m, &d);
  int64_t secs = ms_of_day / 1000;
  char buf[96];  // ample for any int, so g++ -O2 sees no possible truncation
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", static_cast<int>(y),
                static_cast<int>(m), static_cast<int>(d), static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

std::optional<int64_t> ParseIso8601(std::string_view text) {
  // 0123456789012345678 9
  // YYYY-MM-DDTHH:MM:SS[.sss]Z
  if (text.size() != 20 && text.size() != 24) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text.back() != 'Z') {
    return std::nullopt;
  }
  int64_t ms = 0;
  if (text.size() == 24) {
    if (text[19] != '.') return std::nullopt;
    ms = Digits(text, 20, 3);
    if (ms < 0) return std::nullopt;
  }
  int64_t y = Digits(text, 0, 4), mo = Digits(text, 5, 2), d = Digits(text, 8, 2);
  int64_t h = Digits(text, 11, 2), mi = Digits(text, 14, 2), s = Digits(text, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo) || h < 0 || h > 23 ||
      mi < 0 || mi > 59 || s < 0 || s > 59) {
    return std::nullopt;
  }
  return DaysFromCivil(y, mo, d) * kMsPerDay + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

}  // namespace paiam::auth
