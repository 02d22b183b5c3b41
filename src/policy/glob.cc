// paiam/policy — wildcard matching.
//
// The matcher is the classic greedy scan with a single backtrack point: on `*` it remembers
// where the star was and how much text it has swallowed so far; on a mismatch it lets the most
// recent star swallow one more character and retries. An earlier star never needs to be
// revisited: making it swallow more could only move the later stars' segments further right,
// which the later star's own swallowing already explores. Each retry advances the backtrack
// point, so the worst case is O(|pattern| * |text|) with no recursion and no allocation.
#include "policy/glob.h"

#include <cstddef>
#include <cstring>

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

// The first index >= `from` where `text` holds `c` (under the case mode), or npos.
template <bool kFold>
size_t FindChar(std::string_view text, size_t from, char c) {
  if constexpr (kFold) {
    const char folded = FoldCase(c);
    if (folded != c || (c >= 'a' && c <= 'z')) {  // a letter: either case matches
      for (size_t i = from; i < text.size(); ++i) {
        if (FoldCase(text[i]) == folded) return i;
      }
      return std::string_view::npos;
    }
  }
  return text.find(c, from);  // memchr
}

template <bool kFold>
bool WildcardMatch(std::string_view pattern, std::string_view text) {
  constexpr size_t kNoStar = std::string_view::npos;
  const size_t plen = pattern.size();
  const size_t tlen = text.size();
  size_t p = 0;
  size_t t = 0;
  size_t star_p = kNoStar;  // pattern index just after the most recent `*` run
  size_t star_t = 0;        // text index that star's match currently ends at
  while (t < tlen) {
    // `*` is tested first so that a literal `*` in the text cannot consume the pattern's star.
    if (p < plen && pattern[p] == '*') {
      while (p < plen && pattern[p] == '*') ++p;
      if (p == plen) return true;  // a trailing star swallows the rest of the text
      star_p = p;
      star_t = t;
    } else if (p < plen && (pattern[p] == '?' || CharEquals<kFold>(pattern[p], text[t]))) {
      ++p;
      ++t;
      continue;
    } else if (star_p == kNoStar) {
      return false;
    } else {
      ++star_t;  // let the last star swallow one more character and retry the rest
    }
    // Skip straight to the next place the literal after the star can match. When there is
    // none, no amount of swallowing helps, and an earlier star would only push it further on.
    const char next = pattern[star_p];
    if (next != '?') {
      star_t = FindChar<kFold>(text, star_t, next);
      if (star_t == std::string_view::npos) return false;
    }
    p = star_p;
    t = star_t;
  }
  // The text is exhausted; whatever remains of the pattern must be able to match nothing.
  while (p < plen && pattern[p] == '*') ++p;
  return p == plen;
}

// Same answer as HasWildcard, but with two vectorised memchr scans: libstdc++'s find_first_of
// with a two-character set calls memchr once per pattern byte, which costs more than the match.
bool ContainsWildcard(std::string_view pattern) {
  if (pattern.empty()) return false;  // memchr must not see a null data()
  return std::memchr(pattern.data(), '*', pattern.size()) != nullptr ||
         std::memchr(pattern.data(), '?', pattern.size()) != nullptr;
}

template <bool kFold>
bool Match(std::string_view pattern, std::string_view text) {
  if (pattern.size() == 1 && pattern[0] == '*') return true;  // by far the most common pattern
  if constexpr (!kFold) {
    // A pattern identical to the text always matches (`*` and `?` match themselves), so one
    // memcmp settles the common literal case before anything scans for wildcards.
    if (pattern == text) return true;
    if (!ContainsWildcard(pattern)) return false;
  } else {
    if (!ContainsWildcard(pattern)) return EqualsIgnoreCase(pattern, text);
  }
  return WildcardMatch<kFold>(pattern, text);
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text, CaseMode mode) {
  return mode == CaseMode::kInsensitive ? Match<true>(pattern, text)
                                        : Match<false>(pattern, text);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {  // 8 bytes at a time: actions are compared on every check
    if (FoldWord(LoadWord(a.data() + i)) != FoldWord(LoadWord(b.data() + i))) return false;
  }
  for (; i < a.size(); ++i) {
    if (FoldCase(a[i]) != FoldCase(b[i])) return false;
  }
  return true;
}

}  // namespace paiam::policy
