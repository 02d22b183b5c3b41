// paiam/policy — `*` and `?` wildcard matching for actions, resources and StringLike.
//
// `*` matches zero or more characters and may cross `:` and `/`; `?` matches exactly one.
// There is no escape character (RAM has none). Matching never allocates and runs in
// O(|pattern| * |text|) worst case (greedy with single backtrack point), so hostile patterns
// cannot blow up a check.
#ifndef PAIAM_POLICY_GLOB_H_
#define PAIAM_POLICY_GLOB_H_

#include <cstring>
#include <string_view>

namespace paiam::policy {

enum class CaseMode : bool { kSensitive, kInsensitive };

bool GlobMatch(std::string_view pattern, std::string_view text, CaseMode mode);

// Two memchr scans: libstdc++'s find_first_of calls memchr once per pattern byte.
inline bool HasWildcard(std::string_view pattern) {
  if (pattern.empty()) return false;  // data() may be null, which memchr must not see
  return std::memchr(pattern.data(), '*', pattern.size()) != nullptr ||
         std::memchr(pattern.data(), '?', pattern.size()) != nullptr;
}

// ASCII case folding; RAM names are ASCII.
inline char FoldCase(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace paiam::policy

#endif  // PAIAM_POLICY_GLOB_H_
