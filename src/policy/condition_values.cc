// paiam/policy — typed condition values: numbers, ISO-8601 date-times, booleans and IP networks.
//
// Every parser here is hand-written over a string_view and never allocates, because the same
// functions convert the request's context values on every check. Only ParseConditionValue,
// which runs once per policy value at load time, builds strings.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "policy/condition.h"
#include "policy/glob.h"

namespace paiam::policy {
namespace {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` decimal digits at `s[*pos]`, advancing `*pos`.
bool ReadFixedDigits(std::string_view s, size_t* pos, int n, int* out) {
  if (s.size() - *pos < static_cast<size_t>(n)) return false;
  int value = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[*pos + i];
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  *pos += n;
  *out = value;
  return true;
}

inline bool Consume(std::string_view s, size_t* pos, char c) {
  if (*pos < s.size() && s[*pos] == c) {
    ++*pos;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Dates

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && IsLeapYear(y)) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). Pure
// arithmetic, so the result does not depend on the process's time zone or locale.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                // [0, 399]
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;        // [0, 146096]
  return era * 146097 + doe - 719468;
}

// Parses "HH:MM[:SS[.fraction]]" into microseconds since midnight.
bool ParseTimeOfDay(std::string_view s, size_t* pos, int64_t* us) {
  int hour = 0, minute = 0, second = 0;
  if (!ReadFixedDigits(s, pos, 2, &hour) || !Consume(s, pos, ':') ||
      !ReadFixedDigits(s, pos, 2, &minute)) {
    return false;
  }
  int64_t fraction_us = 0;
  if (Consume(s, pos, ':')) {
    if (!ReadFixedDigits(s, pos, 2, &second)) return false;
    if (Consume(s, pos, '.')) {
      // Keep microseconds; further digits are validated and truncated.
      int digits = 0;
      while (*pos < s.size() && IsDigit(s[*pos])) {
        if (digits < 6) fraction_us = fraction_us * 10 + (s[*pos] - '0');
        ++digits;
        ++*pos;
      }
      if (digits == 0) return false;
      for (; digits < 6; ++digits) fraction_us *= 10;
    }
  }
  // Leap seconds (":60") and "24:00" are rejected: no request time carries them.
  if (hour > 23 || minute > 59 || second > 59) return false;
  *us = (int64_t{hour} * 3600 + minute * 60 + second) * 1'000'000 + fraction_us;
  return true;
}

// Parses "Z", "±HH", "±HHMM" or "±HH:MM" into the offset east of UTC, in microseconds.
bool ParseUtcOffset(std::string_view s, size_t* pos, int64_t* offset_us) {
  if (Consume(s, pos, 'Z')) {
    *offset_us = 0;
    return true;
  }
  int sign = 0;
  if (Consume(s, pos, '+')) {
    sign = 1;
  } else if (Consume(s, pos, '-')) {
    sign = -1;
  } else {
    return false;
  }
  int hours = 0, minutes = 0;
  if (!ReadFixedDigits(s, pos, 2, &hours)) return false;
  if (*pos < s.size()) {
    Consume(s, pos, ':');  // optional separator; "+0800" and "+08:00" are both ISO-8601
    if (!ReadFixedDigits(s, pos, 2, &minutes)) return false;
  }
  if (hours > 23 || minutes > 59) return false;
  *offset_us = sign * (int64_t{hours} * 3600 + minutes * 60) * 1'000'000;
  return true;
}

// ---------------------------------------------------------------------------------------------
// IP addresses

// One dotted-quad IPv4 address spanning all of `s`. Octets with leading zeros ("010") are
// rejected: some parsers read them as octal, so accepting them would make a policy ambiguous.
bool ParseIpv4(std::string_view s, uint8_t out[4]) {
  size_t pos = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0 && !Consume(s, &pos, '.')) return false;
    const size_t start = pos;
    int value = 0;
    while (pos < s.size() && IsDigit(s[pos]) && pos - start < 3) {
      value = value * 10 + (s[pos] - '0');
      ++pos;
    }
    const size_t len = pos - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;
    out[part] = static_cast<uint8_t>(value);
  }
  return pos == s.size();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One IPv6 address spanning all of `s`: eight groups of 1-4 hex digits, at most one `::`
// standing for one or more zero groups, and optionally a dotted-quad IPv4 tail in place of the
// last two groups. Zone ids ("%eth0") are not accepted.
bool ParseIpv6(std::string_view s, std::array<uint8_t, 16>* out) {
  uint16_t groups[8] = {};
  int count = 0;
  int gap = -1;  // index in `groups` where `::` stands, -1 when there is none
  size_t pos = 0;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    gap = 0;
    pos = 2;
  }
  while (pos < s.size()) {
    if (count == 8) return false;
    // A token containing '.' is the IPv4 tail; it must end the address.
    const size_t token_end = std::min(s.find(':', pos), s.size());
    const std::string_view token = s.substr(pos, token_end - pos);
    if (token.find('.') != std::string_view::npos) {
      uint8_t v4[4];
      if (token_end != s.size() || count > 6 || !ParseIpv4(token, v4)) return false;
      groups[count++] = static_cast<uint16_t>(v4[0] << 8 | v4[1]);
      groups[count++] = static_cast<uint16_t>(v4[2] << 8 | v4[3]);
      pos = token_end;
      break;
    }
    if (token.empty() || token.size() > 4) return false;
    uint16_t value = 0;
    for (char c : token) {
      const int h = HexValue(c);
      if (h < 0) return false;
      value = static_cast<uint16_t>(value << 4 | h);
    }
    groups[count++] = value;
    pos = token_end;
    if (pos == s.size()) break;
    ++pos;  // the ':' after the group
    if (pos < s.size() && s[pos] == ':') {
      if (gap >= 0) return false;  // a second "::"
      gap = count;
      ++pos;
    } else if (pos == s.size()) {
      return false;  // a trailing single ':'
    }
  }
  if (gap < 0 ? count != 8 : count > 7) return false;
  // Groups before the gap go to the front, groups after it to the back.
  const int tail = gap < 0 ? 0 : count - gap;
  const int head = count - tail;
  out->fill(0);
  for (int i = 0; i < 8; ++i) {
    int src = -1;
    if (i < head) {
      src = i;
    } else if (i >= 8 - tail) {
      src = head + (i - (8 - tail));
    }
    if (src >= 0) {
      (*out)[2 * i] = static_cast<uint8_t>(groups[src] >> 8);
      (*out)[2 * i + 1] = static_cast<uint8_t>(groups[src] & 0xff);
    }
  }
  return true;
}

// Parses an address (no prefix) into its 128-bit form; `*is_v4` tells which syntax it used.
bool ParseAddress(std::string_view s, std::array<uint8_t, 16>* out, bool* is_v4) {
  if (s.find(':') != std::string_view::npos) {
    *is_v4 = false;
    return ParseIpv6(s, out);
  }
  *is_v4 = true;
  uint8_t v4[4];
  if (!ParseIpv4(s, v4)) return false;
  // IPv4-mapped form ::ffff:a.b.c.d.
  out->fill(0);
  (*out)[10] = 0xff;
  (*out)[11] = 0xff;
  for (int i = 0; i < 4; ++i) (*out)[12 + i] = v4[i];
  return true;
}

void MaskHostBits(IpNetwork* net) {
  for (int i = 0; i < 16; ++i) {
    const int bits = static_cast<int>(net->prefix_length) - 8 * i;
    if (bits >= 8) continue;
    net->address[i] &= bits <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - bits));
  }
}

std::string Quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

bool IpNetwork::Contains(const IpNetwork& ip) const {
  const int full_bytes = prefix_length / 8;
  for (int i = 0; i < full_bytes; ++i) {
    if (address[i] != ip.address[i]) return false;
  }
  const int rest = prefix_length % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (address[full_bytes] & mask) == (ip.address[full_bytes] & mask);
}

std::optional<IpNetwork> ParseIpAddress(std::string_view text) {
  IpNetwork ip;
  bool is_v4 = false;
  if (!ParseAddress(text, &ip.address, &is_v4)) return std::nullopt;
  ip.prefix_length = 128;
  return ip;
}

// A CIDR whose host bits are set ("10.1.2.3/8") is accepted and masked ("10.0.0.0/8"), as most
// firewalls and cloud consoles do; rejecting it would turn a harmless typo into a load error.
std::optional<IpNetwork> ParseIpNetwork(std::string_view text) {
  const size_t slash = text.find('/');
  IpNetwork net;
  bool is_v4 = false;
  if (!ParseAddress(text.substr(0, slash), &net.address, &is_v4)) return std::nullopt;
  if (slash == std::string_view::npos) {
    net.prefix_length = 128;
    return net;
  }
  const std::string_view digits = text.substr(slash + 1);
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  int prefix = 0;
  for (char c : digits) {
    if (!IsDigit(c)) return std::nullopt;
    prefix = prefix * 10 + (c - '0');
  }
  if (prefix > (is_v4 ? 32 : 128)) return std::nullopt;
  net.prefix_length = static_cast<uint8_t>(is_v4 ? prefix + 96 : prefix);
  MaskHostBits(&net);
  return net;
}

std::optional<int64_t> ParseIsoDateTime(std::string_view text) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (!ReadFixedDigits(text, &pos, 4, &year) || !Consume(text, &pos, '-') ||
      !ReadFixedDigits(text, &pos, 2, &month) || !Consume(text, &pos, '-') ||
      !ReadFixedDigits(text, &pos, 2, &day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  int64_t time_us = 0;
  int64_t offset_us = 0;
  if (pos < text.size()) {
    // A zone designator only makes sense after a time of day.
    if (!Consume(text, &pos, 'T') || !ParseTimeOfDay(text, &pos, &time_us)) return std::nullopt;
    if (pos < text.size() && !ParseUtcOffset(text, &pos, &offset_us)) return std::nullopt;
    if (pos != text.size()) return std::nullopt;
  }
  return DaysFromCivil(year, month, day) * 86'400'000'000 + time_us - offset_us;
}

std::optional<double> ParseNumber(std::string_view text) {
  // std::from_chars takes neither a leading '+' nor "+-"; accept the former only.
  if (!text.empty() && text[0] == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text[0] == '-') return std::nullopt;
  }
  if (text.empty()) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  // from_chars reads "inf" and "nan"; neither is a number a policy can mean.
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<bool> ParseBool(std::string_view text) {
  if (EqualsIgnoreCase(text, "true")) return true;
  if (EqualsIgnoreCase(text, "false")) return false;
  return std::nullopt;
}

std::optional<ConditionValue> ParseConditionValue(OperatorFamily family, std::string_view text,
                                                  std::string* error) {
  ConditionValue value;
  value.text = std::string(text);
  const char* expected = nullptr;
  switch (family) {
    case OperatorFamily::kString:
      return value;
    case OperatorFamily::kNumeric:
      if (auto n = ParseNumber(text)) {
        value.number = *n;
        return value;
      }
      expected = "a number";
      break;
    case OperatorFamily::kDate:
      if (auto t = ParseIsoDateTime(text)) {
        value.time_us = *t;
        return value;
      }
      expected = "an ISO-8601 date-time";
      break;
    case OperatorFamily::kBool:
      if (auto b = ParseBool(text)) {
        value.boolean = *b;
        return value;
      }
      expected = "a boolean (\"true\" or \"false\")";
      break;
    case OperatorFamily::kIpAddress:
      if (auto ip = ParseIpNetwork(text)) {
        value.ip = *ip;
        return value;
      }
      expected = "an IP address or CIDR";
      break;
  }
  if (error != nullptr) {
    *error = Quoted(text) + " is not " + (expected != nullptr ? expected : "a valid value");
  }
  return std::nullopt;
}

}  // namespace paiam::policy
