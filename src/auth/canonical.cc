// paiam/auth — percent-encoding and query parsing (canonical.h).
#include "auth/canonical.h"

namespace paiam::auth {
namespace {

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void AppendPercentEncoded(std::string_view value, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : value) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (Unreserved(c)) {
      *out += ch;
    } else {
      const char escape[3] = {'%', kHex[c >> 4], kHex[c & 0xF]};
      out->append(escape, 3);
    }
  }
}

std::string PercentEncode(std::string_view value) {
  std::string out;
  out.reserve(value.size() + value.size() / 2);
  AppendPercentEncoded(value, &out);
  return out;
}

bool PercentDecodeTo(std::string_view value, bool plus_is_space, std::string* out) {
  out->clear();
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '%') {
      if (value.size() - i < 3) return false;  // needs '%' and two more characters
      int hi = HexValue(value[i + 1]);
      int lo = HexValue(value[i + 2]);
      if (hi < 0 || lo < 0) return false;
      *out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      *out += ' ';
    } else {
      *out += c;
    }
  }
  return true;
}

std::optional<std::string> PercentDecode(std::string_view value, bool plus_is_space) {
  std::string out;
  out.reserve(value.size());
  if (!PercentDecodeTo(value, plus_is_space, &out)) return std::nullopt;
  return out;
}

bool ValidPercentEscapes(std::string_view value) {
  for (size_t i = value.find('%'); i != std::string_view::npos; i = value.find('%', i + 3)) {
    if (value.size() - i < 3 || HexValue(value[i + 1]) < 0 || HexValue(value[i + 2]) < 0) {
      return false;
    }
  }
  return true;
}

std::optional<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view raw,
                                                                          bool plus_is_space) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!raw.empty()) {
    size_t amp = raw.find('&');
    std::string_view piece = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    std::optional<std::string> key = PercentDecode(piece.substr(0, eq), plus_is_space);
    std::optional<std::string> value =
        eq == std::string_view::npos ? std::string() : PercentDecode(piece.substr(eq + 1),
                                                                     plus_is_space);
    if (!key || !value) return std::nullopt;
    pairs.emplace_back(std::move(*key), std::move(*value));
  }
  return pairs;
}

}  // namespace paiam::auth
