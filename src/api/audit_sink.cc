// paiam/api — AuditSink (audit_sink.h).
#include "api/audit_sink.h"

#include <chrono>
#include <cstdio>

namespace paiam::api {

AuditSink::AuditSink(store::Store& store) : store_(store), thread_([this] { Run(); }) {}

AuditSink::~AuditSink() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void AuditSink::Enqueue(store::AuditEntry entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (queue_.size() >= kMaxQueued) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  queue_.push_back(std::move(entry));
  ++enqueued_;
  if (queue_.size() >= kBatch) wake_.notify_one();
}

void AuditSink::Flush() {
  std::unique_lock<std::mutex> lock(mutex_);
  uint64_t target = enqueued_;
  flush_requested_ = true;
  wake_.notify_one();
  flushed_.wait(lock, [&] { return stored_ >= target || stop_; });
}

void AuditSink::Run() {
  std::vector<store::AuditEntry> batch;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, std::chrono::milliseconds(20),
                   [&] { return stop_ || flush_requested_ || queue_.size() >= kBatch; });
    if (queue_.empty()) {
      flush_requested_ = false;
      if (stop_) return;
      continue;
    }
    while (!queue_.empty() && batch.size() < kBatch) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    // A refusal that cannot be audited was still refused; the store error goes to stderr.
    if (Status s = store_.AppendAudits(batch); !s.ok()) {
      std::fprintf(stderr, "paiam: audit: %zu entries not stored: %s\n", batch.size(),
                   s.ToString().c_str());
    }
    lock.lock();
    stored_ += batch.size();
    batch.clear();
    flushed_.notify_all();
  }
}

}  // namespace paiam::api
