// paiam/policy — `*` and `?` wildcard matching for actions, resources and StringLike.
//
// `*` matches zero or more characters and may cross `:` and `/`; `?` matches exactly one.
// There is no escape character (RAM has none). Matching never allocates and runs in
// O(|pattern| * |text|) worst case (greedy with single backtrack point), so hostile patterns
// cannot blow up a check.
#ifndef PAIAM_POLICY_GLOB_H_
#define PAIAM_POLICY_GLOB_H_

#include <bit>
#include <cstdint>
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

// ASCII case folding of 8 bytes at once (FoldCase on each byte): 'A'..'Z' get 0x20 added,
// every other byte, including non-ASCII ones, is kept.
inline uint64_t FoldWord(uint64_t w) {
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  const uint64_t heptets = w & ~kHigh;
  const uint64_t at_least_a = heptets + 0x3f3f3f3f3f3f3f3full;    // high bit: byte >= 'A'
  const uint64_t above_z = heptets + 0x2525252525252525ull;       // high bit: byte > 'Z'
  const uint64_t upper = at_least_a & ~above_z & ~w & kHigh;      // ASCII upper-case bytes
  return w | (upper >> 2);                                        // 0x80 >> 2 == 0x20
}

// 8 bytes as a little-endian word, whatever the host's byte order, so that a word's first byte
// is its lowest.
inline uint64_t LoadWord(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}

}  // namespace paiam::policy

#endif  // PAIAM_POLICY_GLOB_H_
