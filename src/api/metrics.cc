// paiam/api — Metrics (metrics.h).
#include "api/metrics.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace paiam::api {
namespace {

std::string FormatDouble(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

}  // namespace

void Metrics::RecordRequest(std::string_view api, std::string_view outcome, double seconds) {
  size_t slot = 0;
  while (slot < kOutcomes.size() && kOutcomes[slot] != outcome) ++slot;
  std::lock_guard<std::mutex> lock(mutex_);
  Histogram* h = nullptr;
  if (slot < kOutcomes.size()) {
    auto it = series_.find(api);
    if (it == series_.end()) it = series_.emplace(std::string(api), Outcomes{}).first;
    h = &it->second[slot];
  } else {
    h = &other_series_[std::make_pair(std::string(api), std::string(outcome))];
  }
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  ++h->buckets[bucket];
  h->sum += seconds;
  ++h->count;
}

void Metrics::RecordDecision(policy::Decision decision, bool by_root) {
  size_t index = by_root ? 3
                 : decision == policy::Decision::kAllow        ? 0
                 : decision == policy::Decision::kExplicitDeny ? 1
                                                               : 2;
  decisions_[index].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::RenderPrometheus() const {
  std::string out;
  out += "# HELP paiam_http_requests_total HTTP requests by API and outcome.\n";
  out += "# TYPE paiam_http_requests_total counter\n";
  std::lock_guard<std::mutex> lock(mutex_);
  // Every series in (api, outcome) order, as one sorted map of both used to list them.
  std::vector<std::pair<std::pair<std::string_view, std::string_view>, const Histogram*>> all;
  for (const auto& [api, outcomes] : series_) {
    for (size_t i = 0; i < outcomes.size(); ++i) {
      if (outcomes[i].count > 0) all.push_back({{api, kOutcomes[i]}, &outcomes[i]});
    }
  }
  for (const auto& [key, h] : other_series_) all.push_back({{key.first, key.second}, &h});
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, h] : all) {
    out += "paiam_http_requests_total{api=\"" + std::string(key.first) + "\",outcome=\"" +
           std::string(key.second) + "\"} " + std::to_string(h->count) + "\n";
  }
  out += "# HELP paiam_http_request_duration_seconds Time from request read to response.\n";
  out += "# TYPE paiam_http_request_duration_seconds histogram\n";
  for (const auto& [key, series] : all) {
    const Histogram& h = *series;
    std::string labels =
        "api=\"" + std::string(key.first) + "\",outcome=\"" + std::string(key.second) + "\"";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < h.buckets.size(); ++i) {
      cumulative += h.buckets[i];
      std::string le = i < kBuckets.size() ? FormatDouble(kBuckets[i]) : "+Inf";
      out += "paiam_http_request_duration_seconds_bucket{" + labels + ",le=\"" + le + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "paiam_http_request_duration_seconds_sum{" + labels + "} " + FormatDouble(h.sum) +
           "\n";
    out += "paiam_http_request_duration_seconds_count{" + labels + "} " +
           std::to_string(h.count) + "\n";
  }
  static constexpr std::array<std::string_view, 4> kReasons = {"allow", "explicit_deny",
                                                               "implicit_deny", "root"};
  out += "# HELP paiam_check_decisions_total Decisions of /v1/check and /v1/check:batch by reason.\n";
  out += "# TYPE paiam_check_decisions_total counter\n";
  for (size_t i = 0; i < kReasons.size(); ++i) {
    out += "paiam_check_decisions_total{reason=\"" + std::string(kReasons[i]) + "\"} " +
           std::to_string(decisions_[i].load(std::memory_order_relaxed)) + "\n";
  }
  out += "# HELP paiam_snapshot_revision Revision of the snapshot checks read.\n";
  out += "# TYPE paiam_snapshot_revision gauge\n";
  out += "paiam_snapshot_revision " + std::to_string(revision_.load()) + "\n";
  return out;
}

}  // namespace paiam::api
