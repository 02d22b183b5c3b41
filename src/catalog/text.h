// paiam/catalog — internal: ASCII case folding for the catalog's case-insensitive lookups.
// Action names, role names and levels are ASCII; RAM compares actions without case.
#ifndef PAIAM_CATALOG_TEXT_H_
#define PAIAM_CATALOG_TEXT_H_

#include <string>
#include <string_view>

namespace paiam::catalog::internal {

inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace paiam::catalog::internal

#endif  // PAIAM_CATALOG_TEXT_H_
