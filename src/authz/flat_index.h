// paiam/authz — internal: a read-only string -> index hash table built once per snapshot.
//
// std::unordered_map<std::string, ...> costs a bucket load, a node load and a key load per
// lookup, each a likely cache miss once the table is large (10k principal ARNs). This table
// keeps one 64-byte slot per key in a flat array with linear probing, the key inline when it
// fits (ARNs and ids do) and in an arena otherwise, so a hit usually costs one cache line.
// Lookups take a string_view and never allocate. Not a public interface. Depends on nothing.
#ifndef PAIAM_AUTHZ_FLAT_INDEX_H_
#define PAIAM_AUTHZ_FLAT_INDEX_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace paiam::authz::internal {

class FlatIndex {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;

  // Key i maps to i. Keys must be distinct; a repeated key keeps its first index.
  void Build(const std::vector<std::string_view>& keys) {
    size_t capacity = 16;
    while (capacity * 3 < keys.size() * 4) capacity *= 2;  // load factor <= 0.75
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    arena_.clear();
    for (uint32_t i = 0; i < keys.size(); ++i) {
      if (Find(keys[i]) != kMissing) continue;
      uint64_t hash = Hash(keys[i]);
      size_t at = hash & mask_;
      while (slots_[at].index != kMissing) at = (at + 1) & mask_;
      Slot& slot = slots_[at];
      slot.hash = hash;
      slot.index = i;
      slot.size = static_cast<uint32_t>(keys[i].size());
      if (keys[i].size() <= kInline) {
        std::memcpy(slot.key, keys[i].data(), keys[i].size());
      } else {
        slot.offset = static_cast<uint32_t>(arena_.size());
        arena_.append(keys[i]);
      }
    }
  }

  uint32_t Find(std::string_view key) const {
    if (slots_.empty()) return kMissing;
    uint64_t hash = Hash(key);
    for (size_t at = hash & mask_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.index == kMissing) return kMissing;
      if (slot.hash != hash || slot.size != key.size()) continue;
      const char* stored = key.size() <= kInline ? slot.key : arena_.data() + slot.offset;
      if (std::memcmp(stored, key.data(), key.size()) == 0) return slot.index;
    }
  }

  size_t MemoryBytes() const { return slots_.capacity() * sizeof(Slot) + arena_.capacity(); }

 private:
  static constexpr size_t kInline = 44;
  struct alignas(64) Slot {
    uint64_t hash = 0;
    uint32_t index = kMissing;
    uint32_t size = 0;
    uint32_t offset = 0;  // key position in arena_ when longer than kInline
    char key[kInline] = {};
  };
  static_assert(sizeof(Slot) == 64);
  // 8 bytes per multiply (std::hash takes about five times longer on a 40-byte ARN). Only
  // this process sees the values, so host byte order does not matter.
  static uint64_t Hash(std::string_view key) {
    constexpr uint64_t kMul = 0x9e3779b97f4a7c15ull;
    const char* p = key.data();
    const size_t n = key.size();
    uint64_t h = n * kMul;
    auto mix = [&h](uint64_t word) {
      h = (h ^ word) * kMul;
      h = (h << 29) | (h >> 35);
    };
    size_t i = 0;
    for (; i + 8 <= n; i += 8) mix(Load(p + i));
    if (i < n) {
      uint64_t tail = 0;
      if (n >= 8) {
        tail = Load(p + n - 8);  // the last 8 bytes, overlapping the words already mixed
      } else {
        std::memcpy(&tail, p, n);
      }
      mix(tail);
    }
    h ^= h >> 32;
    h *= kMul;
    return h ^ (h >> 29);
  }
  static uint64_t Load(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
  }

  std::vector<Slot> slots_;
  std::string arena_;
  size_t mask_ = 0;
};

}  // namespace paiam::authz::internal

#endif  // PAIAM_AUTHZ_FLAT_INDEX_H_
