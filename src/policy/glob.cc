// paiam/policy — wildcard matching.
//
// The matcher is the classic greedy scan with a single backtrack point: on `*` it remembers
// where the star was and how much text it has swallowed so far; on a mismatch it lets the most
// recent star swallow one more character and retries. An earlier star never needs to be
// revisited, because anything a later star can reach an earlier one could reach too, so the
// worst case is O(|pattern| * |text|) with no recursion and no allocation.
#include "policy/glob.h"

#include <cstddef>

namespace paiam::policy {
namespace {

template <bool kFold>
inline bool CharEquals(char a, char b) {
  if constexpr (kFold) {
    return FoldCase(a) == FoldCase(b);
  } else {
    return a == b;
  }
}

template <bool kFold>
bool EqualsLiteral(std::string_view a, std::string_view b) {
  if constexpr (kFold) {
    return EqualsIgnoreCase(a, b);
  } else {
    return a == b;
  }
}

template <bool kFold>
bool WildcardMatch(std::string_view pattern, std::string_view text) {
  constexpr size_t kNoStar = std::string_view::npos;
  const size_t plen = pattern.size();
  const size_t tlen = text.size();
  size_t p = 0;
  size_t t = 0;
  size_t star_p = kNoStar;  // pattern index just after the most recent `*`
  size_t star_t = 0;        // text index that star's match currently ends at
  while (t < tlen) {
    if (p < plen) {
      // `*` is tested first so that a literal `*` in the text cannot consume the pattern's star.
      const char pc = pattern[p];
      if (pc == '*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (pc == '?' || CharEquals<kFold>(pc, text[t])) {
        ++p;
        ++t;
        continue;
      }
    }
    if (star_p == kNoStar) return false;
    // Let the last star swallow one more character and retry the rest of the pattern.
    p = star_p;
    t = ++star_t;
  }
  // The text is exhausted; whatever remains of the pattern must be able to match nothing.
  while (p < plen && pattern[p] == '*') ++p;
  return p == plen;
}

template <bool kFold>
bool Match(std::string_view pattern, std::string_view text) {
  if (!HasWildcard(pattern)) return EqualsLiteral<kFold>(pattern, text);
  if (pattern.size() == 1 && pattern[0] == '*') return true;  // "*" is by far the most common
  return WildcardMatch<kFold>(pattern, text);
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text, CaseMode mode) {
  return mode == CaseMode::kInsensitive ? Match<true>(pattern, text)
                                        : Match<false>(pattern, text);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (FoldCase(a[i]) != FoldCase(b[i])) return false;
  }
  return true;
}

}  // namespace paiam::policy
