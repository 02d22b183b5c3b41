// AuditSink: refusal entries reach the store in batches; Flush makes them visible; the
// destructor stores what is still queued.
#include "api/audit_sink.h"

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite_store.h"

namespace paiam::api {
namespace {

class AuditSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paiam-audit-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    auto store = store::OpenSqliteStore(dir_ + "/paiam.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  size_t Stored() {
    store::AuditQuery query;
    query.limit = 1000;
    size_t total = 0;
    for (;;) {
      auto page = store_->QueryAudit(query);
      EXPECT_TRUE(page.ok());
      total += page->entries.size();
      if (!page->truncated) return total;
      query.marker = page->next_marker;
    }
  }
  static store::AuditEntry Entry(int i) {
    store::AuditEntry e;
    e.at_ms = 1700000000000 + i;
    e.request_id = "req-" + std::to_string(i);
    e.result = "SignatureDoesNotMatch";
    e.http_status = 400;
    return e;
  }
  std::string dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(AuditSinkTest, FlushMakesEveryQueuedEntryVisible) {
  AuditSink sink(*store_);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&sink, t] {
      for (int i = 0; i < 700; ++i) sink.Enqueue(Entry(t * 1000 + i));
    });
  }
  for (std::thread& thread : threads) thread.join();
  sink.Flush();
  EXPECT_EQ(Stored(), 2800u);
  EXPECT_EQ(sink.dropped(), 0u);
}

TEST_F(AuditSinkTest, DestructorStoresWhatIsStillQueued) {
  {
    AuditSink sink(*store_);
    for (int i = 0; i < 10; ++i) sink.Enqueue(Entry(i));
  }
  EXPECT_EQ(Stored(), 10u);
}

TEST_F(AuditSinkTest, FlushWithNothingQueuedReturns) {
  AuditSink sink(*store_);
  sink.Flush();
  EXPECT_EQ(Stored(), 0u);
}

}  // namespace
}  // namespace paiam::api
