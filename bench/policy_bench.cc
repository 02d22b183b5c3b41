// Google Benchmarks for the policy engine. The workload (src/workload) is the one `paiam bench`
// uses: N attached policies of 20 statements each, checked against a fixed mix of requests.
// Targets (bench/README.md): <= 300 ns per check at 10 policies, <= 2 us at 1,000 policies,
// <= 50 us to parse and validate a 6 KB document.
#include <benchmark/benchmark.h>

#include "policy/evaluator.h"
#include "policy/parser.h"
#include "workload/synthetic.h"

namespace paiam {
namespace {

constexpr int kStatementsPerPolicy = 20;

const std::vector<workload::OwnedRequest>& Requests() {
  static const auto* requests = new std::vector<workload::OwnedRequest>(
      workload::SyntheticRequests(4096, /*seed=*/1));
  return *requests;
}

void BM_CompiledCheck(benchmark::State& state) {
  workload::WorkloadShape shape{static_cast<int>(state.range(0)), kStatementsPerPolicy, 1};
  policy::CompiledPolicySet set(workload::SyntheticPolicies(shape));
  const auto& requests = Requests();
  policy::DecisionTrace trace;
  size_t i = 0;
  int64_t allowed = 0;
  for (auto _ : state) {
    const auto& r = requests[i++ & 4095];
    allowed += set.Evaluate(r.View(), &trace) == policy::Decision::kAllow;
  }
  state.counters["allowed%"] = 100.0 * static_cast<double>(allowed) /
                               static_cast<double>(state.iterations());
}
BENCHMARK(BM_CompiledCheck)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

// The reference interpreter, for scale: what the index buys.
void BM_ReferenceCheck(benchmark::State& state) {
  workload::WorkloadShape shape{static_cast<int>(state.range(0)), kStatementsPerPolicy, 1};
  std::vector<policy::Policy> policies = workload::SyntheticPolicies(shape);
  policy::PolicySetView view{policies, false, {}};
  const auto& requests = Requests();
  policy::DecisionTrace trace;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(policy::EvaluateReference(view, requests[i++ & 4095].View(), &trace));
  }
}
BENCHMARK(BM_ReferenceCheck)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

void BM_ParseValidate(benchmark::State& state) {
  std::string doc = workload::SyntheticDocumentOfSize(static_cast<size_t>(state.range(0)), 1);
  for (auto _ : state) {
    policy::ParseResult result = policy::ParsePolicy(doc);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(doc.size()));
  state.counters["bytes"] = static_cast<double>(doc.size());
}
BENCHMARK(BM_ParseValidate)->Arg(6 * 1024)->Unit(benchmark::kMicrosecond);

void BM_Compile(benchmark::State& state) {
  workload::WorkloadShape shape{static_cast<int>(state.range(0)), kStatementsPerPolicy, 1};
  std::vector<policy::Policy> policies = workload::SyntheticPolicies(shape);
  for (auto _ : state) {
    policy::CompiledPolicySet set(policies);
    benchmark::DoNotOptimize(set);
  }
}
BENCHMARK(BM_Compile)->Arg(10)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace paiam

BENCHMARK_MAIN();
