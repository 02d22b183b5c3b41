// Tests for the audit trail: entries written with commits and on their own, every filter
// (workspace, caller, action, time range) and paging by marker, exactly.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/sqlite_store.h"
#include "store/store.h"
#include "store_test_util.h"

namespace paiam::store {
namespace {

using testing::OneChange;
using testing::OpenOrDie;
using testing::TempDir;

AuditEntry Entry(int64_t at_ms, const std::string& caller, const std::string& action,
                 const std::string& workspace) {
  AuditEntry e;
  e.at_ms = at_ms;
  e.request_id = "req-" + std::to_string(at_ms);
  e.caller = caller;
  e.source_ip = "10.0.0.1";
  e.action = action;
  e.resource = "acs:paiworkspace:*:1:workspace/" + workspace;
  e.workspace_id = workspace;
  e.operation = "Op";
  e.parameters = R"({"Secret":"***"})";
  e.result = "Forbidden.RAM";
  e.http_status = 403;
  return e;
}

// The at_ms of every entry, which the fixture makes unique.
std::vector<int64_t> Times(const AuditPage& page) {
  std::vector<int64_t> out;
  for (const AuditEntry& e : page.entries) out.push_back(e.at_ms);
  return out;
}

class StoreAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrDie(dir_.file("paiam.db"));
    ASSERT_NE(store_, nullptr);
    // 12 entries at t=1..12: callers alternate a/b, actions cycle x/y/z, workspaces w1 for
    // t<=6 and w2 after.
    for (int t = 1; t <= 12; ++t) {
      const std::string action(1, "xyz"[t % 3]);
      AuditEntry e = Entry(t, t % 2 ? "a" : "b", action, t <= 6 ? "w1" : "w2");
      ASSERT_OK(store_->AppendAudit(e));
    }
  }

  AuditPage Query(const AuditQuery& q) {
    auto page = store_->QueryAudit(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? *page : AuditPage();
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreAudit, EntriesRoundTripWithAssignedIds) {
  AuditPage page = Query({});
  ASSERT_EQ(page.entries.size(), 12u);
  EXPECT_FALSE(page.truncated);
  EXPECT_EQ(page.next_marker, 0u);
  for (size_t i = 0; i < page.entries.size(); ++i) EXPECT_EQ(page.entries[i].id, i + 1);
  const AuditEntry& e = page.entries[0];
  EXPECT_EQ(e.at_ms, 1);
  EXPECT_EQ(e.request_id, "req-1");
  EXPECT_EQ(e.caller, "a");
  EXPECT_EQ(e.source_ip, "10.0.0.1");
  EXPECT_EQ(e.action, "y");
  EXPECT_EQ(e.resource, "acs:paiworkspace:*:1:workspace/w1");
  EXPECT_EQ(e.workspace_id, "w1");
  EXPECT_EQ(e.operation, "Op");
  EXPECT_EQ(e.parameters, R"({"Secret":"***"})");
  EXPECT_EQ(e.result, "Forbidden.RAM");
  EXPECT_EQ(e.http_status, 403);
  EXPECT_EQ(e.revision, 0u);
}

TEST_F(StoreAudit, CommitAuditCarriesTheLastRevision) {
  AuditEntry e = Entry(100, "c", "ram:CreateUser", "");
  e.result = "Success";
  e.http_status = 200;
  std::vector<Change> two = {testing::MakeChange("A", "{}"), testing::MakeChange("B", "{}")};
  ASSERT_EQ(store_->Commit(two, &e).value(), 2u);
  AuditQuery q;
  q.caller = "c";
  AuditPage page = Query(q);
  ASSERT_EQ(page.entries.size(), 1u);
  EXPECT_EQ(page.entries[0].revision, 2u);
  EXPECT_EQ(page.entries[0].id, 13u);
  EXPECT_EQ(page.entries[0].result, "Success");
}

TEST_F(StoreAudit, FiltersAreExact) {
  AuditQuery by_workspace;
  by_workspace.workspace_id = "w2";
  EXPECT_EQ(Times(Query(by_workspace)), (std::vector<int64_t>{7, 8, 9, 10, 11, 12}));
  AuditQuery by_caller;
  by_caller.caller = "b";
  EXPECT_EQ(Times(Query(by_caller)), (std::vector<int64_t>{2, 4, 6, 8, 10, 12}));
  AuditQuery by_action;
  by_action.action = "x";
  EXPECT_EQ(Times(Query(by_action)), (std::vector<int64_t>{3, 6, 9, 12}));
  AuditQuery by_time;
  by_time.from_ms = 4;
  by_time.to_ms = 6;  // inclusive on both ends
  EXPECT_EQ(Times(Query(by_time)), (std::vector<int64_t>{4, 5, 6}));
  AuditQuery all_three;
  all_three.workspace_id = "w2";
  all_three.caller = "b";
  all_three.action = "x";
  EXPECT_EQ(Times(Query(all_three)), (std::vector<int64_t>{12}));
  AuditQuery caller_and_time;
  caller_and_time.caller = "a";
  caller_and_time.from_ms = 3;
  caller_and_time.to_ms = 9;
  EXPECT_EQ(Times(Query(caller_and_time)), (std::vector<int64_t>{3, 5, 7, 9}));
  AuditQuery nobody;
  nobody.caller = "nobody";
  EXPECT_TRUE(Query(nobody).entries.empty());
  AuditQuery inverted;
  inverted.from_ms = 9;
  inverted.to_ms = 3;
  EXPECT_TRUE(Query(inverted).entries.empty());
}

TEST_F(StoreAudit, PagingByMarker) {
  AuditQuery q;
  q.caller = "a";  // t = 1, 3, 5, 7, 9, 11 (ids equal t)
  q.limit = 2;
  AuditPage first = Query(q);
  EXPECT_EQ(Times(first), (std::vector<int64_t>{1, 3}));
  EXPECT_TRUE(first.truncated);
  EXPECT_EQ(first.next_marker, 3u);
  q.marker = first.next_marker;
  AuditPage second = Query(q);
  EXPECT_EQ(Times(second), (std::vector<int64_t>{5, 7}));
  EXPECT_TRUE(second.truncated);
  q.marker = second.next_marker;
  AuditPage third = Query(q);
  EXPECT_EQ(Times(third), (std::vector<int64_t>{9, 11}));
  EXPECT_FALSE(third.truncated);  // exactly the last two: no further page
  EXPECT_EQ(third.next_marker, 0u);
  q.marker = 11;
  EXPECT_TRUE(Query(q).entries.empty());

  AuditQuery one_page;
  one_page.limit = 12;
  EXPECT_FALSE(Query(one_page).truncated);
  one_page.limit = 11;
  EXPECT_TRUE(Query(one_page).truncated);
}

TEST_F(StoreAudit, PageSizeMustBeInRange) {
  AuditQuery q;
  q.limit = 0;
  EXPECT_RULE(store_->QueryAudit(q).status(), kInvalidArgument, "store.invalid-argument");
  q.limit = kMaxAuditPage + 1;
  EXPECT_RULE(store_->QueryAudit(q).status(), kInvalidArgument, "store.invalid-argument");
  q.limit = kMaxAuditPage;
  EXPECT_EQ(Query(q).entries.size(), 12u);
}

}  // namespace
}  // namespace paiam::store
