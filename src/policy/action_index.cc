#include "policy/action_index.h"

#include <algorithm>
#include <bit>

#include "policy/glob.h"

namespace paiam::policy::internal {

namespace {

// `folded` is already lower case; only the probe needs folding, a word at a time.
bool FoldedEquals(std::string_view folded, std::string_view probe) {
  if (folded.size() != probe.size()) return false;
  size_t i = 0;
  for (; i + 8 <= folded.size(); i += 8) {
    if (LoadWord(folded.data() + i) != FoldWord(LoadWord(probe.data() + i))) return false;
  }
  for (; i < folded.size(); ++i) {
    if (folded[i] != FoldCase(probe[i])) return false;
  }
  return true;
}

}  // namespace

ActionBucket ClassifyAction(std::string_view pattern) {
  if (!HasWildcard(pattern)) return ActionBucket::kExact;
  if (!HasWildcard(PrefixOf(pattern))) return ActionBucket::kPrefix;
  size_t first = pattern.find_first_of(":*?");
  // A literal "code:" prefix means every matching action starts with exactly that prefix, so its
  // ram-code (text before its first ':') equals the pattern's.
  return pattern[first] == ':' ? ActionBucket::kRamCode : ActionBucket::kGlobal;
}

std::string_view PrefixOf(std::string_view pattern) {
  size_t end = pattern.find_last_not_of('*');
  return end == std::string_view::npos ? std::string_view() : pattern.substr(0, end + 1);
}

std::string_view RamCodeOf(std::string_view action) {
  size_t colon = action.find(':');
  return colon == std::string_view::npos ? std::string_view() : action.substr(0, colon);
}

std::string FoldString(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = FoldCase(c);
  return out;
}

void FoldedStringMap::Build(const std::unordered_map<std::string, std::vector<uint32_t>>& entries) {
  size_t capacity = std::bit_ceil(std::max<size_t>(8, entries.size() * 2));
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  keys_.clear();
  ids_.clear();
  keys_.reserve(entries.size());
  for (const auto& [key, ids] : entries) Insert(key, ids);
}

void FoldedStringMap::Insert(const std::string& key, const std::vector<uint32_t>& ids) {
  uint64_t hash = FoldedHasher::Hash(key);
  uint64_t i = hash & mask_;
  while (slots_[i].key != kEmpty) i = (i + 1) & mask_;
  Slot& slot = slots_[i];
  slot.hash = hash;
  slot.key = static_cast<uint32_t>(keys_.size());
  slot.begin = static_cast<uint32_t>(ids_.size());
  keys_.push_back(key);
  ids_.insert(ids_.end(), ids.begin(), ids.end());
  slot.end = static_cast<uint32_t>(ids_.size());
}

FoldedStringMap::Range FoldedStringMap::Find(std::string_view key, uint64_t hash) const {
  if (keys_.empty()) return {};
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.key == kEmpty) return {};
    if (slot.hash == hash && FoldedEquals(keys_[slot.key], key)) {
      return {ids_.data() + slot.begin, ids_.data() + slot.end};
    }
  }
}

}  // namespace paiam::policy::internal
