// paiam/auth — ReplayGuard: the freshness and single-use rules of signed requests
// (spec/alibaba-api.md §1.4 "Freshness"): a request's timestamp must lie within ±window of the
// server's clock, and a (AccessKeyId, nonce) pair may be used once while its timestamp could
// still pass that check. Depends on base/ only.
//
// A nonce is remembered until request_time + window: after that its request is refused as
// expired anyway, so forgetting it then is safe, and memory stays bounded by the request rate
// times 2 × window. If the cache is full of live nonces, new requests are refused
// ("Throttling.NonceCache") rather than a live nonce being forgotten, which would reopen a replay.
//
// Error rules (Status.rule(); HTTP status via HttpStatusForAuthError in signature.h):
//   InvalidTimeStamp.Expired (400), SignatureNonceUsed (400), Throttling.NonceCache (429).
//
// Thread-safe: the entries are spread over shards by AccessKeyId+nonce, each with its own mutex,
// and the capacity is one atomic count over all shards. Cost per call (bench/auth_bench.cc,
// BM_ReplayGuard): one hash-map insert and, in steady state, one eviction; the key is built in a
// per-thread buffer and stored once (the expiry heap points at it).
#ifndef PAIAM_AUTH_REPLAY_GUARD_H_
#define PAIAM_AUTH_REPLAY_GUARD_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"

namespace paiam::auth {

class ReplayGuard {
 public:
  explicit ReplayGuard(int64_t window_ms = 15 * 60 * 1000, size_t max_nonces = 1'000'000);
  ReplayGuard(const ReplayGuard&) = delete;
  ReplayGuard& operator=(const ReplayGuard&) = delete;

  // Refuses a timestamp outside now ± window (InvalidTimeStamp.Expired), then a nonce already
  // seen for this access key inside the window (SignatureNonceUsed); otherwise records it.
  // Entries older than the window are evicted; when full, refuses with "Throttling.NonceCache"
  // rather than forget a live nonce.
  Status CheckAndRecord(std::string_view access_key_id, std::string_view nonce,
                        int64_t request_time_ms, int64_t now_ms);

  // Nonces currently remembered (live or not yet evicted). For tests and metrics.
  size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kShards = 16;
  // (expires_ms, the entry's key inside `expires`): unordered_map elements never move, and each
  // entry has exactly one Expiry, popped when the entry is erased, so the pointer stays valid.
  using Expiry = std::pair<int64_t, const std::string*>;

  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, int64_t> expires;  // key → request_time + window
    std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> by_expiry;
  };

  // Drops the shard's entries that expired before now_ms. Caller holds shard.mu.
  void EvictLocked(Shard& shard, int64_t now_ms);

  const int64_t window_ms_;
  const size_t max_nonces_;
  std::atomic<size_t> size_{0};
  std::array<Shard, kShards> shards_;
};

}  // namespace paiam::auth

#endif  // PAIAM_AUTH_REPLAY_GUARD_H_
