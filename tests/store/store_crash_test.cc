// Store-level crash and concurrency tests: a process killed with SIGKILL in the middle of
// committing loses no acknowledged revision and leaves an intact database; readers on two
// threads run while a third commits, without errors and always seeing a contiguous log.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite_store.h"
#include "store/store.h"
#include "store_test_util.h"

namespace paiam::store {
namespace {

using testing::AllChanges;
using testing::OneChange;
using testing::OpenOrDie;
using testing::TempDir;

std::string Body(uint64_t revision) { return "{\"n\":" + std::to_string(revision) + "}"; }

// The child: commits forever, reporting each acknowledged revision on `fd`. Never returns.
[[noreturn]] void CommitUntilKilled(const std::string& path, int fd) {
  auto opened = OpenSqliteStore(path);
  if (!opened.ok()) ::_exit(2);
  Store& store = **opened;
  for (;;) {
    const uint64_t next = store.revision() + 1;
    AuditEntry audit;
    audit.result = "Success";
    auto committed = store.Commit(OneChange("Op", Body(next)), &audit);
    if (!committed.ok() || *committed != next) ::_exit(3);
    if (next % 16 == 0 && !store.PutSetting("last", std::to_string(next)).ok()) ::_exit(4);
    if (::write(fd, &next, sizeof next) != static_cast<ssize_t>(sizeof next)) ::_exit(5);
  }
}

TEST(StoreCrash, AcknowledgedCommitsSurviveSigkill) {
  TempDir dir;
  const std::string path = dir.file("paiam.db");
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    CommitUntilKilled(path, fds[1]);
  }
  ::close(fds[1]);
  uint64_t acknowledged = 0;
  ASSERT_EQ(::read(fds[0], &acknowledged, sizeof acknowledged),
            static_cast<ssize_t>(sizeof acknowledged));  // the child is committing
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  for (uint64_t r = 0; ::read(fds[0], &r, sizeof r) == static_cast<ssize_t>(sizeof r);) {
    ASSERT_EQ(r, acknowledged + 1);  // acknowledgements arrive in order
    acknowledged = r;
  }
  ::close(fds[0]);
  EXPECT_GT(acknowledged, 1u);

  auto store = OpenOrDie(path);
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->CheckIntegrity());
  // Every acknowledged revision is there (one more may have committed before its report).
  EXPECT_GE(store->revision(), acknowledged);
  EXPECT_LE(store->revision(), acknowledged + 1);
  std::vector<Change> all = AllChanges(*store);
  ASSERT_EQ(all.size(), store->revision());
  for (const Change& c : all) ASSERT_EQ(c.body, Body(c.revision));
  AuditQuery q;
  q.limit = kMaxAuditPage;
  uint64_t audited = 0;
  for (;;) {
    auto page = store->QueryAudit(q);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    audited += page->entries.size();
    if (!page->truncated) break;
    q.marker = page->next_marker;
  }
  EXPECT_EQ(audited, store->revision());  // each commit's audit entry came with it
}

TEST(StoreConcurrency, ReadersRunWhileOneThreadCommits) {
  TempDir dir;
  auto store = OpenOrDie(dir.file("paiam.db"));
  ASSERT_NE(store, nullptr);
  constexpr uint64_t kCommits = 300;
  std::atomic<bool> done{false};
  std::atomic<int> errors{0};
  std::thread writer([&] {
    for (uint64_t i = 1; i <= kCommits; ++i) {
      AuditEntry audit;
      audit.caller = "writer";
      audit.result = "Success";
      if (!store->Commit(OneChange("Op", Body(i)), &audit).ok()) ++errors;
      if (i % 50 == 0 && !store->PutSetting("progress", std::to_string(i)).ok()) ++errors;
    }
    done = true;
  });
  auto reader = [&] {
    uint64_t last_seen = 0;
    int rounds = 0;
    while (!done.load() || rounds < 3) {
      ++rounds;
      uint64_t expected = 1;
      Status s = store->ForEachChange(0, [&](const Change& c) {
        if (c.revision != expected++ || c.body != Body(c.revision)) ++errors;
        return Status::Ok();
      });
      if (!s.ok() || expected - 1 < last_seen) ++errors;  // never goes backwards
      last_seen = expected - 1;
      AuditQuery q;
      q.caller = "writer";
      q.limit = 10;
      auto page = store->QueryAudit(q);
      if (!page.ok()) ++errors;
      if (!store->GetSetting("progress").ok()) ++errors;
    }
  };
  std::thread r1(reader), r2(reader);
  writer.join();
  r1.join();
  r2.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(store->revision(), kCommits);
  EXPECT_EQ(AllChanges(*store).size(), kCommits);
  ASSERT_OK(store->CheckIntegrity());
}

}  // namespace
}  // namespace paiam::store
