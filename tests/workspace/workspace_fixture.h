// Shared setup for the workspace tests: an account with RAM users and a role in a Directory, a
// Workspaces with one workspace, and a Status matcher. Header-only; not a test itself.
#ifndef PAIAM_TESTS_WORKSPACE_WORKSPACE_FIXTURE_H_
#define PAIAM_TESTS_WORKSPACE_WORKSPACE_FIXTURE_H_

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "identity/arn.h"
#include "identity/directory.h"
#include "workspace/workspaces.h"

// g++ before 14 warns about members a designated initializer leaves to their defaults, which
// is exactly how these tests spell requests.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define EXPECT_RULE(expr, status_code, rule_id)                              \
  do {                                                                       \
    const ::paiam::Status s_ = (expr);                                       \
    EXPECT_EQ(s_.code(), ::paiam::StatusCode::status_code) << s_.ToString(); \
    EXPECT_EQ(s_.rule(), rule_id) << s_.ToString();                          \
  } while (0)

namespace paiam::workspace::testing {

inline constexpr char kAcct[] = "1000000000000001";
inline constexpr char kOtherAcct[] = "1000000000000002";
inline constexpr char kRegion[] = "cn-hangzhou";

// Everything observable about a Workspaces, for "a refusal changes nothing" checks.
inline std::string Dump(const Workspaces& all) {
  std::string out;
  WorkspaceFilter filter;
  filter.page_size = 100;
  const StatusOr<Page<Workspace>> page = all.ListWorkspaces(filter);
  for (const Workspace* ws : page->items) {
    out += "ws " + ws->id + " " + ws->name + " " + ws->display_name + " " + ws->description +
           (ws->is_default ? " default" : "") + " storage=" + ws->config.default_storage_path +
           " sls=" + ws->config.sls.project + "/" + ws->config.sls.logstore + "\n";
    std::map<std::string, std::string> members;
    for (const auto& [user, m] : ws->members) {
      std::string roles;
      for (const auto& r : m.roles) roles += r + ",";
      members[m.member_id] = roles;
    }
    for (const auto& [id, roles] : members) out += " member " + id + " " + roles + "\n";
    for (const auto& [id, role] : ws->custom_roles) {
      out += " role " + id + " " + role.name + " " + std::to_string(role.modules.size()) + "\n";
    }
    for (const auto& r : ws->resources) out += " resource " + r.id + " " + r.name + "\n";
    for (const auto& n : ws->config.notifications) out += " notify " + n.id + "\n";
    for (const auto& [k, v] : ws->config.values)
      out += " config " + k.first + "/" + k.second + "=" + v + "\n";
    for (const AssetTypeInfo& info : AllAssetTypes()) {
      std::map<std::string, std::string> assets;
      all.ForEachAsset(ws->id, info.type, [&](const Asset& a) {
        assets[a.parent_id + "/" + a.id] =
            a.creator + " " + std::string(AccessibilityName(a.accessibility));
      });
      for (const auto& [k, v] : assets)
        out += " asset " + std::string(info.name) + " " + k + " " + v + "\n";
    }
  }
  out += "events " + std::to_string(all.events().size()) + "\n";
  return out;
}

class WorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.CreateAccount(kAcct, "acme").ok());
    ASSERT_TRUE(dir_.CreateAccount(kOtherAcct).ok());
    for (const char* name : {"alice", "bob", "carol", "dave"}) {
      ASSERT_TRUE(dir_.CreateUser(kAcct, Named(name)).ok());
    }
    ASSERT_TRUE(dir_.CreateUser(kOtherAcct, Named("mallory")).ok());
    identity::RoleSpec role;
    role.name = "ops";
    role.trust_policy =
        R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",)"
        R"("Principal":{"Service":["pai.aliyuncs.com"]}}]})";
    ASSERT_TRUE(dir_.CreateRole(kAcct, role).ok());
    StatusOr<std::string> id = ws_.CreateWorkspace(Request("ws_main"), Principal("alice"));
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ws_id_ = *id;
  }

  static identity::UserSpec Named(std::string name) {
    identity::UserSpec spec;
    spec.name = std::move(name);
    return spec;
  }

  static CreateWorkspaceRequest Request(std::string name, std::string region = kRegion) {
    CreateWorkspaceRequest r;
    r.account_id = kAcct;
    r.region = std::move(region);
    r.name = std::move(name);
    return r;
  }

  // The principal of a RAM user of kAcct (or kOtherAcct for "mallory"), or of the root.
  identity::Principal Principal(std::string_view user) const {
    if (user == "root") return *dir_.PrincipalById(kAcct);
    const char* account = user == "mallory" ? kOtherAcct : kAcct;
    return *dir_.PrincipalByArn(identity::UserArn(account, user));
  }
  std::string Id(std::string_view user) const { return Principal(user).id; }
  std::string Arn(std::string_view user) const { return Principal(user).arn; }
  std::string MemberId(std::string_view user) const { return ws_id_ + "-" + Id(user); }

  identity::Directory dir_;
  Workspaces ws_;
  std::string ws_id_;
};

}  // namespace paiam::workspace::testing

#endif  // PAIAM_TESTS_WORKSPACE_WORKSPACE_FIXTURE_H_
