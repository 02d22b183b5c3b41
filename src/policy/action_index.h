// paiam/policy — internals of CompiledPolicySet: a case-insensitive string map and the
// classification of Action patterns into index buckets. Not a public interface.
#ifndef PAIAM_POLICY_ACTION_INDEX_H_
#define PAIAM_POLICY_ACTION_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace paiam::policy::internal {

// Where an Action pattern is indexed. The order matters: a statement with entries in several
// buckets is reported from the first bucket (in this order) in which one of its entries matches.
enum class ActionBucket : uint8_t {
  kExact = 0,   // no wildcard: found by a hash lookup of the whole action
  kRamCode = 1, // "oss:Get*": the ram-code before ':' is literal, found by the request's ram-code
  kGlobal = 2,  // "*", "*:List*", "o?s:*": tried for every request
};

ActionBucket ClassifyAction(std::string_view pattern);

// "oss:GetObject" -> "oss"; empty when there is no ':'. Also the bucket key of kRamCode patterns.
std::string_view RamCodeOf(std::string_view action);

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
  Range Find(std::string_view key) const;
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
