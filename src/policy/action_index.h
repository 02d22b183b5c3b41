// paiam/policy — internals of CompiledPolicySet: a case-insensitive string map and the
// classification of Action patterns into index buckets. Not a public interface.
#ifndef PAIAM_POLICY_ACTION_INDEX_H_
#define PAIAM_POLICY_ACTION_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "policy/glob.h"

namespace paiam::policy::internal {

// Where an Action pattern is indexed.
enum class ActionBucket : uint8_t {
  kExact,    // no wildcard: found by a hash lookup of the whole action
  kPrefix,   // "oss:Get*", "pai:*", "*": a literal prefix and trailing stars only; found by hash
             // lookups of the request action's prefixes of the lengths that occur
  kRamCode,  // "oss:*Object": the ram-code before ':' is literal; found by the request's ram-code
  kGlobal,   // "*:List*", "o?s:*": tried for every request
};

ActionBucket ClassifyAction(std::string_view pattern);

// The literal part of a kPrefix pattern: "oss:Get**" -> "oss:Get".
std::string_view PrefixOf(std::string_view pattern);

// "oss:GetObject" -> "oss"; empty when there is no ':'. Also the bucket key of kRamCode patterns.
std::string_view RamCodeOf(std::string_view action);

// Orders the index entries of one statement. A statement with several entries matching one
// action is reported only from its matching entry of lowest rank, so that it is evaluated and
// listed once without any per-check bookkeeping. Two entries of one statement with equal rank
// never match the same action: exact entries are merged by folded text, prefix entries of equal
// length differ in text, and every distinct glob pattern has a rank of its own.
using ActionRank = uint64_t;
inline constexpr ActionRank kExactRank = 0;
inline ActionRank PrefixRank(size_t prefix_length) { return 1 + prefix_length; }
inline ActionRank GlobRank(size_t glob_index) { return (ActionRank{1} << 40) + glob_index; }

// The streaming hash FoldedStringMap uses: feed a string's characters, then Finish(). It mixes
// 8 folded bytes at a time (one multiply per word, not per byte: the request action is hashed on
// every check); Hash() takes whole words straight from the string and equals feeding its
// characters one by one, which prefix lookups do to hash the prefixes of a key incrementally.
class FoldedHasher {
 public:
  void Add(char c) {
    pending_ |= uint64_t{static_cast<uint8_t>(FoldCase(c))} << (8 * count_);
    if (++count_ == 8) {
      Mix(pending_);
      pending_ = 0;
      count_ = 0;
    }
  }
  uint64_t Finish() const {  // mixes so that the low bits (the slot index) depend on every byte
    uint64_t h = (state_ ^ pending_) * kMultiplier;
    h ^= (h >> 32) ^ count_;
    h *= 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 29);
  }
  static uint64_t Hash(std::string_view s) {
    FoldedHasher hasher;
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) hasher.Mix(FoldWord(LoadWord(s.data() + i)));
    if (i < s.size() && s.size() >= 8) {  // the tail: the last 8 bytes, shifted down to it
      hasher.count_ = static_cast<uint32_t>(s.size() - i);
      hasher.pending_ = FoldWord(LoadWord(s.data() + s.size() - 8)) >> (8 * (8 - hasher.count_));
      return hasher.Finish();
    }
    for (; i < s.size(); ++i) hasher.Add(s[i]);
    return hasher.Finish();
  }

 private:
  static constexpr uint64_t kMultiplier = 0xff51afd7ed558ccdull;
  void Mix(uint64_t word) {
    state_ = (state_ ^ word) * kMultiplier;
    state_ = (state_ << 31) | (state_ >> 33);  // the product's high bits depend on every bit
  }

  uint64_t state_ = 14695981039346656037ull;
  uint64_t pending_ = 0;  // the last, incomplete word's folded bytes
  uint32_t count_ = 0;    // how many
};

std::string FoldString(std::string_view s);

// A read-only hash map from ASCII-case-folded strings to ranges of uint32 ids, built once.
// Lookups fold the probe key on the fly, so they neither copy nor allocate.
class FoldedStringMap {
 public:
  struct Range {
    const uint32_t* begin = nullptr;
    const uint32_t* end = nullptr;
  };

  // Builds the map. Keys must already be folded (FoldString), so distinct keys never collide.
  void Build(const std::unordered_map<std::string, std::vector<uint32_t>>& entries);
  Range Find(std::string_view key) const { return Find(key, FoldedHasher::Hash(key)); }
  // `hash` must be FoldedHasher::Hash(key); lets callers hash the prefixes of a key incrementally.
  Range Find(std::string_view key, uint64_t hash) const;
  bool empty() const { return keys_.empty(); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    uint32_t key = kEmpty;  // index into keys_
    uint32_t begin = 0;     // range in ids_
    uint32_t end = 0;
  };

  void Insert(const std::string& key, const std::vector<uint32_t>& ids);

  std::vector<Slot> slots_;  // open addressing, linear probing, power-of-two size
  std::vector<std::string> keys_;
  std::vector<uint32_t> ids_;
  uint64_t mask_ = 0;
};

}  // namespace paiam::policy::internal

#endif  // PAIAM_POLICY_ACTION_INDEX_H_
