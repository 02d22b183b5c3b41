// Many threads on one Snapshot: every thread, with its own Explanation, gets exactly the
// answers a single thread got. (Run under TSan/ASan builds too: the snapshot is immutable and
// the check path takes no lock.)
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "authz/authorizer.h"
#include "authz_test_state.h"

namespace paiam::authz {
namespace {

struct Answer {
  policy::Decision decision;
  size_t statements;
  bool operator==(const Answer&) const = default;
};

TEST(ConcurrencyTest, ThreadsShareOneSnapshot) {
  auto snapshot = testing::ExampleSnapshot();
  ASSERT_NE(snapshot, nullptr);
  const Authorizer authz(snapshot);
  const catalog::Catalog& catalog = snapshot->catalog();
  const std::vector<std::string> users = {"olivia", "adam",     "dev1",    "dev2",
                                          "ops",    "labeler",  "visitor", "mcdev",
                                          "reader", "platform", "keeper"};
  std::vector<const workspace::Asset*> assets;
  for (const char* ws : {"1001", "1002"}) {
    snapshot->workspaces().ForEachAsset(ws, workspace::AssetType::kDataset,
                                        [&](const workspace::Asset& a) { assets.push_back(&a); });
  }
  std::vector<std::string> actions;
  for (const catalog::Action& a : catalog.actions()) {
    if (a.ram_code == "paidataset" || a.default_allow) actions.push_back(a.policy_action);
  }

  auto answer_all = [&](std::vector<Answer>* out) {
    Explanation explanation;
    for (const std::string& user : users) {
      for (const workspace::Asset* asset : assets) {
        for (const std::string& action : actions) {
          policy::Decision d =
              authz.CheckAsset(testing::UserArn(user), action, *asset, &explanation);
          out->push_back({d, explanation.statements.size()});
        }
      }
    }
  };
  std::vector<Answer> expected;
  answer_all(&expected);
  ASSERT_GT(expected.size(), 500u);

  constexpr int kThreads = 8;
  std::vector<std::vector<Answer>> got(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) {
      }
      for (int round = 0; round < 5; ++round) {
        got[t].clear();
        answer_all(&got[t]);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_TRUE(got[t] == expected) << "thread " << t;
}

}  // namespace
}  // namespace paiam::authz
