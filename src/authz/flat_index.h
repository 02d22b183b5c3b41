// paiam/authz — internal: a read-only string -> index hash table built once per snapshot.
//
// std::unordered_map<std::string, ...> costs a bucket load, a node load and a key load per
// lookup, each a likely cache miss once the table is large (10k principal ARNs). This table
// keeps one 64-byte slot per key in a flat array with linear probing, the key inline when it
// fits (ARNs and ids do) and in an arena otherwise, so a hit usually costs one cache line.
// Hash() is public so that a caller can hash a key once, start loading its slot, and use the
// hash again for other tables (the membership table is keyed by two such hashes).
// Lookups take a string_view and never allocate. Not a public interface. Depends on nothing.
#ifndef PAIAM_AUTHZ_FLAT_INDEX_H_
#define PAIAM_AUTHZ_FLAT_INDEX_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "authz/huge_pages.h"

namespace paiam::authz::internal {

struct NoPayload {};

// `Payload` (optional) is stored in the slot right after the key's cache line, so a hit reads
// two adjacent lines whose loads can be started together (Prefetch) as soon as the key is
// hashed, instead of a slot and then an entry elsewhere.
template <typename Payload = NoPayload>
class BasicFlatIndex {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;

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

  // Key i maps to i (and payloads[i], when given). Keys must be distinct; a repeated key keeps
  // its first index.
  void Build(const std::vector<std::string_view>& keys,
             const std::vector<Payload>* payloads = nullptr) {
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
      if (payloads != nullptr) slot.payload = (*payloads)[i];
      if (keys[i].size() <= kInline) {
        std::memcpy(slot.key, keys[i].data(), keys[i].size());
      } else {
        slot.offset = static_cast<uint32_t>(arena_.size());
        arena_.append(keys[i]);
      }
    }
  }

  // Starts loading the slot a key of this hash usually lands in, payload included.
  void Prefetch(uint64_t hash) const {
    if (slots_.empty()) return;
    const char* slot = reinterpret_cast<const char*>(&slots_[hash & mask_]);
    for (size_t line = 0; line < sizeof(Slot); line += 64) __builtin_prefetch(slot + line);
  }

  uint32_t Find(std::string_view key) const { return Find(key, Hash(key)); }
  // `hash` must be Hash(key).
  uint32_t Find(std::string_view key, uint64_t hash) const {
    const Slot* slot = FindSlot(key, hash);
    return slot == nullptr ? kMissing : slot->index;
  }
  const Payload* FindPayload(std::string_view key, uint64_t hash) const {
    const Slot* slot = FindSlot(key, hash);
    return slot == nullptr ? nullptr : &slot->payload;
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
    [[no_unique_address]] Payload payload{};
  };
  static_assert(sizeof(Slot) % 64 == 0);
  static_assert(!std::is_same_v<Payload, NoPayload> || sizeof(Slot) == 64,
                "a key-only slot is one cache line");

  const Slot* FindSlot(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return nullptr;
    for (size_t at = hash & mask_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.index == kMissing) return nullptr;
      if (slot.hash != hash || slot.size != key.size()) continue;
      const char* stored = key.size() <= kInline ? slot.key : arena_.data() + slot.offset;
      if (std::memcmp(stored, key.data(), key.size()) == 0) return &slot;
    }
  }

  static uint64_t Load(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
  }

  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  std::string arena_;
  size_t mask_ = 0;
};

using FlatIndex = BasicFlatIndex<>;

}  // namespace paiam::authz::internal

#endif  // PAIAM_AUTHZ_FLAT_INDEX_H_
