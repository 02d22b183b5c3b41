// paiam/api — AuditSink: the audit entries of refused calls, written in batches.
//
// A write's audit entry is committed in the write's own transaction (live_state.h). A refused
// call changes nothing, and writing its entry durably before answering would let anyone who can
// reach the port — a bad signature needs no credentials — cost the server one fsync per
// request. So refusals are queued and a background thread appends them in one transaction per
// batch (every 20 ms, or sooner when 512 are waiting). The queue is bounded: past kMaxQueued
// entries new ones are dropped and counted (metrics: paiam_audit_dropped_total), so a flood can
// neither exhaust memory nor stall request threads. Flush() waits until everything queued so far
// is stored (the audit endpoint calls it, so a client reads its own refusals); the destructor
// flushes. A crash can lose the last ≤ 20 ms of refusal entries, never a write's.
#ifndef PAIAM_API_AUDIT_SINK_H_
#define PAIAM_API_AUDIT_SINK_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "store/store.h"

namespace paiam::api {

class AuditSink {
 public:
  static constexpr size_t kMaxQueued = 100'000;
  static constexpr size_t kBatch = 512;

  explicit AuditSink(store::Store& store);
  ~AuditSink();
  AuditSink(const AuditSink&) = delete;
  AuditSink& operator=(const AuditSink&) = delete;

  void Enqueue(store::AuditEntry entry);
  void Flush();
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  void Run();

  store::Store& store_;
  std::mutex mutex_;
  std::condition_variable wake_;     // the writer thread: work or stop
  std::condition_variable flushed_;  // Flush() callers
  std::deque<store::AuditEntry> queue_;
  uint64_t enqueued_ = 0;  // entries ever queued
  uint64_t stored_ = 0;    // entries ever taken off the queue and written (or failed)
  bool stop_ = false;
  bool flush_requested_ = false;
  std::atomic<uint64_t> dropped_{0};
  std::thread thread_;
};

}  // namespace paiam::api

#endif  // PAIAM_API_AUDIT_SINK_H_
