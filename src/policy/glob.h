// paiam/policy — `*` and `?` wildcard matching for actions, resources and StringLike.
//
// `*` matches zero or more characters and may cross `:` and `/`; `?` matches exactly one.
// There is no escape character (RAM has none). Matching never allocates and runs in
// O(|pattern| * |text|) worst case (greedy with single backtrack point), so hostile patterns
// cannot blow up a check.
#ifndef PAIAM_POLICY_GLOB_H_
#define PAIAM_POLICY_GLOB_H_

#include <string_view>

namespace paiam::policy {

enum class CaseMode : bool { kSensitive, kInsensitive };

bool GlobMatch(std::string_view pattern, std::string_view text, CaseMode mode);

inline bool HasWildcard(std::string_view pattern) {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

// ASCII case folding; RAM names are ASCII.
inline char FoldCase(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace paiam::policy

#endif  // PAIAM_POLICY_GLOB_H_
