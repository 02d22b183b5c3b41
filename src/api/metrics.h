// paiam/api — Metrics: request counts and latency histograms by API and outcome, check
// decisions by reason, and the snapshot revision, rendered in the Prometheus text format.
//
// Series are created on first use and never removed; the set of APIs is bounded (endpoints and
// operation names, unknown ones folded into "unknown"), so the label space stays small.
// Updates take a short per-registry mutex; this is the HTTP path, not the engine's check path.
// Recording a request allocates only when its API is first seen: the API is looked up by
// string_view and the five outcomes are slots of an array (any other outcome, which the
// Service never sends, goes to a slower map).
#ifndef PAIAM_API_METRICS_H_
#define PAIAM_API_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "policy/decision.h"

namespace paiam::api {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (plus +Inf).
  static constexpr std::array<double, 12> kBuckets = {0.00005, 0.0001, 0.00025, 0.0005, 0.001,
                                                      0.0025,  0.005,  0.01,    0.025,  0.1,
                                                      0.5,     2.5};

  // outcome: "success", "client_error", "denied", "unauthenticated", "server_error".
  void RecordRequest(std::string_view api, std::string_view outcome, double seconds);
  void RecordDecision(policy::Decision decision, bool by_root);
  void SetRevision(uint64_t revision) { revision_.store(revision, std::memory_order_relaxed); }

  std::string RenderPrometheus() const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size() + 1> buckets{};  // last: +Inf
    double sum = 0;
    uint64_t count = 0;
  };
  // The outcomes Handle() records, in the order the output lists them (sorted).
  static constexpr std::array<std::string_view, 5> kOutcomes = {
      "client_error", "denied", "server_error", "success", "unauthenticated"};
  // A series exists once recorded: count > 0. count is also paiam_http_requests_total.
  using Outcomes = std::array<Histogram, kOutcomes.size()>;

  mutable std::mutex mutex_;
  std::map<std::string, Outcomes, std::less<>> series_;  // by api
  std::map<std::pair<std::string, std::string>, Histogram> other_series_;  // other outcomes
  std::array<std::atomic<uint64_t>, 4> decisions_{};  // allow, explicit deny, implicit deny, root
  std::atomic<uint64_t> revision_{0};
};

}  // namespace paiam::api

#endif  // PAIAM_API_METRICS_H_
