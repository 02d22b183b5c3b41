// paiam/auth — ReplayGuard (replay_guard.h).
#include "auth/replay_guard.h"

#include <algorithm>
#include <functional>

namespace paiam::auth {
namespace {

// Length-prefixed so that no (key id, nonce) pair can collide with another: "<len>:<id><nonce>",
// written into *key (replaced; a per-thread buffer, so no allocation once it has grown).
void EntryKey(std::string_view access_key_id, std::string_view nonce, std::string* key) {
  char digits[24];
  size_t n = 0;
  size_t len = access_key_id.size();
  do {
    digits[n++] = static_cast<char>('0' + len % 10);
    len /= 10;
  } while (len > 0);
  key->clear();
  while (n > 0) *key += digits[--n];
  *key += ':';
  *key += access_key_id;
  *key += nonce;
}

constexpr int64_t kTimeLimit = int64_t{1} << 61;

}  // namespace

ReplayGuard::ReplayGuard(int64_t window_ms, size_t max_nonces)
    : window_ms_(std::clamp<int64_t>(window_ms, 0, kTimeLimit)), max_nonces_(max_nonces) {}

void ReplayGuard::EvictLocked(Shard& shard, int64_t now_ms) {
  while (!shard.by_expiry.empty() && shard.by_expiry.top().first < now_ms) {
    auto it = shard.expires.find(*shard.by_expiry.top().second);
    shard.by_expiry.pop();
    shard.expires.erase(it);
    size_.fetch_sub(1, std::memory_order_relaxed);
  }
}

Status ReplayGuard::CheckAndRecord(std::string_view access_key_id, std::string_view nonce,
                                   int64_t request_time_ms, int64_t now_ms) {
  // Clamped so that the arithmetic below cannot overflow on absurd inputs (±2^61 ms is far
  // beyond any calendar date a request can carry).
  request_time_ms = std::clamp(request_time_ms, -kTimeLimit, kTimeLimit);
  now_ms = std::clamp(now_ms, -kTimeLimit, kTimeLimit);
  int64_t skew = request_time_ms - now_ms;
  if (skew > window_ms_ || skew < -window_ms_) {
    return Status(StatusCode::kPermissionDenied, "InvalidTimeStamp.Expired",
                  "the request time is more than " + std::to_string(window_ms_ / 1000) +
                      " seconds away from the server's time");
  }
  thread_local std::string key;
  EntryKey(access_key_id, nonce, &key);
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  // Second round only when full: evict every shard, then try once more.
  for (int round = 0; round < 2; ++round) {
    {
      std::lock_guard<std::mutex> lock(shard.mu);
      EvictLocked(shard, now_ms);
      int64_t expires = request_time_ms + window_ms_;
      auto [it, inserted] = shard.expires.try_emplace(key, expires);
      if (!inserted) {
        return Status(StatusCode::kPermissionDenied, "SignatureNonceUsed",
                      "the signature nonce has already been used");
      }
      if (size_.fetch_add(1, std::memory_order_relaxed) < max_nonces_) {
        shard.by_expiry.emplace(expires, &it->first);
        return Status::Ok();
      }
      size_.fetch_sub(1, std::memory_order_relaxed);
      shard.expires.erase(it);
    }
    if (round == 0) {
      for (Shard& other : shards_) {
        std::lock_guard<std::mutex> lock(other.mu);
        EvictLocked(other, now_ms);
      }
    }
  }
  return Status(StatusCode::kLimitExceeded, "Throttling.NonceCache",
                "too many recent requests to remember their nonces; retry later");
}

}  // namespace paiam::auth
