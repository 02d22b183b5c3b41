// Shared by the authz tests: the example state (examples/state.json) and helpers to build
// authorizers from state JSON. Header-only; each test binary includes it.
#ifndef PAIAM_TESTS_AUTHZ_AUTHZ_TEST_STATE_H_
#define PAIAM_TESTS_AUTHZ_AUTHZ_TEST_STATE_H_

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "authz/authorizer.h"
#include "authz/snapshot.h"
#include "authz/state_json.h"
#include "catalog/catalog.h"

namespace paiam::authz::testing {

inline constexpr char kAccount[] = "1000000000000001";
inline constexpr char kOtherAccount[] = "2000000000000002";
inline constexpr char kWorkspace[] = "1001";
inline constexpr char kRegion[] = "cn-hangzhou";

inline std::string UserArn(std::string_view name, std::string_view account = kAccount) {
  return "acs:ram::" + std::string(account) + ":user/" + std::string(name);
}

inline std::string DatasetArn(std::string_view id, std::string_view ws = kWorkspace,
                              std::string_view region = kRegion) {
  return "acs:paidataset:" + std::string(region) + ":" + kAccount + ":workspace/" +
         std::string(ws) + "/dataset/" + std::string(id);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::shared_ptr<const Snapshot> SnapshotFromJson(std::string_view json) {
  auto state = LoadStateJson(json);
  EXPECT_TRUE(state.ok()) << state.status().ToString();
  if (!state.ok()) return nullptr;
  auto snapshot = Snapshot::Build(catalog::Catalog::BuiltIn(), std::move(state->directory),
                                  std::move(state->workspaces));
  EXPECT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  return snapshot.ok() ? *snapshot : nullptr;
}

inline std::shared_ptr<const Snapshot> ExampleSnapshot() {
  return SnapshotFromJson(ReadFile(std::string(PAIAM_SOURCE_DIR) + "/examples/state.json"));
}

// The two asset context keys of a class.
struct ClassContext {
  explicit ClassContext(catalog::AssetClass c)
      : entries{{{catalog::kAccessibilityKey, catalog::AccessibilityValue(c)},
                 {catalog::kEntityAccessTypeKey, catalog::EntityAccessTypeValue(c)}}} {}
  policy::RequestContext view() const { return entries; }
  std::vector<policy::ContextEntry> entries;
};

}  // namespace paiam::authz::testing

#endif  // PAIAM_TESTS_AUTHZ_AUTHZ_TEST_STATE_H_
