// CompiledPolicySet::Evaluate must not allocate once the caller's trace has grown to size, and
// must be safe to call from several threads at once. Allocations are counted by replacing the
// global operator new in this test binary; only the current thread's allocations count, and
// only while counting is switched on.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "policy/evaluator.h"
#include "support/random_policy.h"
#include "support/counting_new.h"

namespace paiam::policy {
namespace {

using testsupport::OwnedRequest;
using testsupport::PolicyCase;

// A few hundred random policy sets, each with its own requests; larger sets than the
// differential test so that traces grow and several buckets are hit per check.
struct Workload {
  std::vector<CompiledPolicySet> sets;
  std::vector<std::vector<OwnedRequest>> requests;  // per set
};

Workload MakeWorkload(uint64_t seed, int sets, int requests_per_set) {
  testsupport::RandomSource random(seed);
  testsupport::RandomPolicyGenerator generator(&random);
  Workload w;
  for (int i = 0; i < sets; ++i) {
    PolicyCase policies = generator.Case();
    for (int extra = 0; extra < 3; ++extra) {
      policies.identity.push_back(generator.Policy("extra" + std::to_string(extra)));
    }
    w.sets.emplace_back(policies.identity, policies.session, policies.has_session);
    w.requests.emplace_back();
    for (int r = 0; r < requests_per_set; ++r) w.requests.back().push_back(generator.Request());
  }
  for (auto& requests : w.requests) {
    for (OwnedRequest& r : requests) r.View();  // fill `entries` before anything is counted
  }
  return w;
}

Request ViewOf(const OwnedRequest& r) {
  return Request{r.action, r.resource, r.entries, {r.arn, r.account, r.service}};
}

TEST(EvaluatorAllocTest, EvaluateDoesNotAllocateAfterWarmUp) {
  Workload w = MakeWorkload(11, 300, 40);
  DecisionTrace trace;
  for (size_t s = 0; s < w.sets.size(); ++s) {  // warm-up: the trace reaches its capacity
    for (const OwnedRequest& r : w.requests[s]) w.sets[s].Evaluate(ViewOf(r), &trace);
  }
  size_t allows = 0;
  g_allocations = 0;
  g_counting = true;
  for (size_t s = 0; s < w.sets.size(); ++s) {
    for (const OwnedRequest& r : w.requests[s]) {
      allows += w.sets[s].Evaluate(ViewOf(r), &trace) == Decision::kAllow;
      w.sets[s].Evaluate(ViewOf(r), nullptr);
    }
  }
  g_counting = false;
  EXPECT_EQ(g_allocations, 0u);
  EXPECT_GT(allows, 0u);
}

TEST(EvaluatorAllocTest, CountingWorks) {
  g_allocations = 0;
  g_counting = true;
  auto* p = new std::vector<int>(10);
  g_counting = false;
  delete p;
  EXPECT_EQ(g_allocations, 2u);
}

TEST(EvaluatorAllocTest, ConcurrentChecksMatchSingleThreaded) {
  Workload w = MakeWorkload(12, 40, 200);
  std::vector<std::vector<DecisionTrace>> expected(w.sets.size());
  for (size_t s = 0; s < w.sets.size(); ++s) {
    for (const OwnedRequest& r : w.requests[s]) {
      expected[s].emplace_back();
      w.sets[s].Evaluate(ViewOf(r), &expected[s].back());
    }
  }
  constexpr int kThreads = 4;
  constexpr int kRounds = 20;
  std::vector<size_t> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      DecisionTrace trace;
      for (int round = 0; round < kRounds; ++round) {
        // Threads walk the sets in different orders so that they overlap on every set.
        for (size_t i = 0; i < w.sets.size(); ++i) {
          size_t s = (i + static_cast<size_t>(t) * 7) % w.sets.size();
          for (size_t r = 0; r < w.requests[s].size(); ++r) {
            Decision d = w.sets[s].Evaluate(ViewOf(w.requests[s][r]), &trace);
            const DecisionTrace& want = expected[s][r];
            if (d != want.decision || trace.statements != want.statements) ++mismatches[t];
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0u) << "thread " << t;
}

}  // namespace
}  // namespace paiam::policy
