// tests/auth — ReplayGuard: the ±window timestamp rule (InvalidTimeStamp.Expired), single-use
// nonces per access key (SignatureNonceUsed), eviction of expired nonces, the capacity limit
// (Throttling.NonceCache) and concurrent use.
#include "auth/replay_guard.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace paiam::auth {
namespace {

constexpr int64_t kWindow = 15 * 60 * 1000;
constexpr int64_t kNow = 1'704'067'200'000;  // 2024-01-01T00:00:00Z

TEST(ReplayGuard, AcceptsTimesInsideTheWindowAndRefusesOutside) {
  ReplayGuard guard;
  EXPECT_TRUE(guard.CheckAndRecord("AK", "n1", kNow, kNow).ok());
  EXPECT_TRUE(guard.CheckAndRecord("AK", "n2", kNow - kWindow, kNow).ok());  // edges included
  EXPECT_TRUE(guard.CheckAndRecord("AK", "n3", kNow + kWindow, kNow).ok());
  for (int64_t t : {kNow - kWindow - 1, kNow + kWindow + 1, int64_t{0},
                    std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    Status s = guard.CheckAndRecord("AK", "fresh-" + std::to_string(t), t, kNow);
    EXPECT_EQ(s.rule(), "InvalidTimeStamp.Expired") << t;
  }
  EXPECT_EQ(guard.size(), 3u);  // refused requests leave no nonce behind
}

TEST(ReplayGuard, RefusesAReusedNonceForTheSameKeyOnly) {
  ReplayGuard guard;
  ASSERT_TRUE(guard.CheckAndRecord("AK1", "nonce", kNow, kNow).ok());
  Status replay = guard.CheckAndRecord("AK1", "nonce", kNow, kNow + 1000);
  EXPECT_EQ(replay.rule(), "SignatureNonceUsed");
  EXPECT_EQ(guard.CheckAndRecord("AK1", "nonce", kNow - 5000, kNow).rule(), "SignatureNonceUsed");
  EXPECT_TRUE(guard.CheckAndRecord("AK2", "nonce", kNow, kNow).ok());
  // Length-prefixed keys: ("AK1", "x") and ("AK", "1x") are different pairs.
  EXPECT_TRUE(guard.CheckAndRecord("AK", "1nonce", kNow, kNow).ok());
}

TEST(ReplayGuard, EvictsNoncesOnceTheirRequestHasExpired) {
  ReplayGuard guard(kWindow, 10);
  ASSERT_TRUE(guard.CheckAndRecord("AK", "n", kNow, kNow).ok());
  // Still live at request_time + window: a replay then must be refused.
  EXPECT_EQ(guard.CheckAndRecord("AK", "n", kNow, kNow + kWindow).rule(), "SignatureNonceUsed");
  // Past it, the old request is expired, and the nonce is forgotten: a new request may reuse it.
  int64_t later = kNow + kWindow + 1;
  EXPECT_EQ(guard.CheckAndRecord("AK", "n", kNow, later).rule(), "InvalidTimeStamp.Expired");
  EXPECT_TRUE(guard.CheckAndRecord("AK", "n", later, later).ok());
  EXPECT_EQ(guard.size(), 1u);
}

TEST(ReplayGuard, RefusesWhenFullOfLiveNoncesThenRecoversAfterExpiry) {
  ReplayGuard guard(kWindow, 3);
  for (const char* n : {"a", "b", "c"}) ASSERT_TRUE(guard.CheckAndRecord("AK", n, kNow, kNow).ok());
  Status full = guard.CheckAndRecord("AK", "d", kNow, kNow);
  EXPECT_EQ(full.rule(), "Throttling.NonceCache");
  EXPECT_EQ(full.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(guard.CheckAndRecord("AK", "a", kNow, kNow).rule(), "SignatureNonceUsed");
  EXPECT_EQ(guard.size(), 3u);
  // Once they expire, a full cache evicts them (whatever shard they are in) to make room for
  // three new nonces, and is full again after those.
  int64_t later = kNow + kWindow + 1;
  for (const char* n : {"d", "e", "f"}) {
    ASSERT_TRUE(guard.CheckAndRecord("AK", n, later, later).ok()) << n;
  }
  EXPECT_EQ(guard.size(), 3u);
  EXPECT_EQ(guard.CheckAndRecord("AK", "g", later, later).rule(), "Throttling.NonceCache");
}

TEST(ReplayGuard, ConcurrentUsesOfOneNonceAdmitExactlyOne) {
  ReplayGuard guard;
  constexpr int kThreads = 4, kNonces = 500;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kNonces; ++i) {
        if (guard.CheckAndRecord("AK", "n" + std::to_string(i), kNow, kNow).ok()) ++accepted;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(accepted.load(), kNonces);
  EXPECT_EQ(guard.size(), static_cast<size_t>(kNonces));
}

}  // namespace
}  // namespace paiam::auth
