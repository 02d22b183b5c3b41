// `paiam bench`: measures the compiled evaluator and the parser on the synthetic workload of
// src/workload, without Google Benchmark, so an installed binary can report its own speed.
// Figures are medians over repeated batches; bench/ holds the Google Benchmark equivalents.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "policy/evaluator.h"
#include "policy/parser.h"
#include "workload/synthetic.h"

namespace paiam::cli {
namespace {

struct BenchOptions {
  std::vector<int> policy_counts = {1, 10, 100, 1000};
  int statements = 20;
  int batches = 31;
  int batch_size = 20000;
  uint64_t seed = 1;
};

using Clock = std::chrono::steady_clock;

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Nanoseconds per check, median over batches; each batch cycles through the request mix.
double MeasureChecks(const policy::CompiledPolicySet& set,
                     const std::vector<workload::OwnedRequest>& requests,
                     const BenchOptions& options, int* allowed) {
  policy::DecisionTrace trace;
  std::vector<double> per_check;
  *allowed = 0;
  for (int b = 0; b < options.batches; ++b) {
    auto start = Clock::now();
    for (int i = 0; i < options.batch_size; ++i) {
      const auto& r = requests[static_cast<size_t>(i) % requests.size()];
      if (set.Evaluate(r.View(), &trace) == policy::Decision::kAllow) ++*allowed;
    }
    std::chrono::duration<double, std::nano> elapsed = Clock::now() - start;
    per_check.push_back(elapsed.count() / options.batch_size);
  }
  return Median(per_check);
}

double MeasureParse(const std::string& text, int batches) {
  std::vector<double> per_parse;
  constexpr int kPerBatch = 200;
  for (int b = 0; b < batches; ++b) {
    auto start = Clock::now();
    for (int i = 0; i < kPerBatch; ++i) {
      policy::ParseResult r = policy::ParsePolicy(text);
      if (!r.ok()) return -1;
    }
    std::chrono::duration<double, std::micro> elapsed = Clock::now() - start;
    per_parse.push_back(elapsed.count() / kPerBatch);
  }
  return Median(per_parse);
}

int RunBench(const BenchOptions& options) {
  auto requests = workload::SyntheticRequests(4096, options.seed);
  std::printf("%-10s %-12s %-14s %-10s\n", "policies", "statements", "ns/check", "allowed");
  for (int count : options.policy_counts) {
    workload::WorkloadShape shape{count, options.statements, options.seed};
    policy::CompiledPolicySet set(workload::SyntheticPolicies(shape));
    int allowed = 0;
    double ns = MeasureChecks(set, requests, options, &allowed);
    std::printf("%-10d %-12d %-14.1f %.1f%%\n", count, count * options.statements, ns,
                100.0 * allowed / (options.batches * options.batch_size));
  }
  std::string doc = workload::SyntheticDocumentOfSize(6 * 1024, options.seed);
  double us = MeasureParse(doc, options.batches);
  if (us < 0) {
    std::fprintf(stderr, "paiam bench: the synthetic document did not parse\n");
    return kExitInvalidInput;
  }
  std::printf("parse+validate %zu-byte document: %.2f us (median of %d batches)\n", doc.size(),
              us, options.batches);
  return kExitOk;
}

}  // namespace

void RegisterBenchCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* bench = app.add_subcommand(
      "bench", "Measure check latency and parse speed on a synthetic workload (single thread)");
  bench->add_option("--policies", options->policy_counts, "Attached policy counts to measure")
      ->capture_default_str();
  bench->add_option("--statements", options->statements, "Statements per policy")
      ->check(CLI::Range(1, 200))->capture_default_str();
  bench->add_option("--batches", options->batches, "Batches (the median is reported)")
      ->check(CLI::Range(1, 10000))->capture_default_str();
  bench->add_option("--batch-size", options->batch_size, "Checks per batch")
      ->check(CLI::Range(1, 10000000))->capture_default_str();
  bench->add_option("--seed", options->seed, "Workload seed")->capture_default_str();
  bench->callback([options, &exit_code] {
    for (int c : options->policy_counts) {
      if (c < 1 || c > 100000) throw UsageError("--policies values must be in 1..100000");
    }
    exit_code = RunBench(*options);
  });
}

}  // namespace paiam::cli
