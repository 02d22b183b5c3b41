// Shared by tests/api/ops_workspace*_test.cc: a state with one account, its users and workspace
// 1001 (owner, admin, two developers, a visitor), and helpers that drive an operation the way
// the server does (target, then apply or read) and decide its target with an Authorizer.
// Header-only; each test binary includes it.
#ifndef PAIAM_TESTS_API_OPS_WORKSPACE_FIXTURE_H_
#define PAIAM_TESTS_API_OPS_WORKSPACE_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "api/operation.h"
#include "authz/authorizer.h"
#include "authz/snapshot.h"
#include "authz/state_json.h"
#include "catalog/catalog.h"

namespace paiam::api::testing {

inline constexpr char kAcct[] = "1000000000000001";
inline constexpr char kWs[] = "1001";

inline std::string UserArn(std::string_view name) {
  return "acs:ram::" + std::string(kAcct) + ":user/" + std::string(name);
}

// User ids: 2000000000000001 owner, ...02 admin, ...03 dev, ...04 dev2, ...05 visitor,
// ...06 platform (AliyunPAIFullAccess, no membership), ...07 outsider (nothing).
inline std::string UserId(int n) { return "20000000000000" + std::string(n < 10 ? "0" : "") +
                                          std::to_string(n); }

inline authz::State BaseState() {
  nlohmann::json users = nlohmann::json::array();
  const char* names[] = {"owner", "admin", "dev", "dev2", "visitor", "platform", "outsider"};
  for (int i = 0; i < 7; ++i) users.push_back({{"name", names[i]}, {"id", UserId(i + 1)}});
  users[5]["policies"] = {"AliyunPAIFullAccess"};
  nlohmann::json state = {
      {"accounts", {{{"id", kAcct}, {"alias", "acme"}, {"users", users}}}},
      {"workspaces",
       {{{"id", kWs},
         {"account", kAcct},
         {"region", "cn-hangzhou"},
         {"name", "nlp_team"},
         {"creator", UserArn("owner")},
         {"members",
          {{{"principal", UserArn("admin")}, {"roles", {"PAI.WorkspaceAdmin"}}},
           {{"principal", UserArn("dev")}, {"roles", {"PAI.AlgoDeveloper"}}},
           {{"principal", UserArn("dev2")}, {"roles", {"PAI.AlgoDeveloper"}}},
           {{"principal", UserArn("visitor")}, {"roles", {"PAI.WorkspaceGuest"}}}}}}}}};
  StatusOr<authz::State> loaded = authz::LoadStateJson(state.dump());
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return std::move(*loaded);
}

inline Caller CallerOf(std::string_view name) {
  return Caller{kAcct, UserArn(name), identity::PrincipalType::kUser};
}

inline std::unique_ptr<authz::Authorizer> AuthorizerOf(const authz::State& state) {
  auto snapshot = authz::Snapshot::Build(catalog::Catalog::BuiltIn(), state.directory,
                                         state.workspaces);
  EXPECT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  return std::make_unique<authz::Authorizer>(*snapshot);
}

inline const workspace::PermissionProbe& AllowAll() {
  static const workspace::PermissionProbe probe = [](std::string_view, std::string_view) {
    return true;
  };
  return probe;
}

// Runs one operation as the server would, minus the authorization: target, then prepare and
// apply (writes) or read.
inline StatusOr<Json> Call(authz::State& state, std::string_view name, const Json& params,
                          const Caller& caller,
                          const workspace::PermissionProbe& probe = AllowAll()) {
  const Operation* op = FindOperation(name);
  if (op == nullptr) return Status(StatusCode::kNotFound, "test.no-operation", std::string(name));
  StatusOr<AuthzTarget> target = op->target(StateView::Of(state), params, caller);
  if (!target.ok()) return target.status();
  if (!op->writes) {
    auto authorizer = AuthorizerOf(state);
    return op->read(StateView::Of(state), *authorizer, params, caller);
  }
  Json prepared = params;
  if (op->prepare != nullptr) {
    if (Status s = op->prepare(StateView::Of(state), prepared, caller); !s.ok()) return s;
  }
  return op->apply(state, prepared, ApplyContext{caller, probe});
}

// The engine's decision on the operation's target for `caller`.
inline policy::Decision Decide(const authz::State& state, std::string_view name,
                               const Json& params, const Caller& caller) {
  const Operation* op = FindOperation(name);
  EXPECT_NE(op, nullptr) << name;
  if (op == nullptr) return policy::Decision::kImplicitDeny;
  StatusOr<AuthzTarget> target = op->target(StateView::Of(state), params, caller);
  EXPECT_TRUE(target.ok()) << target.status().ToString();
  if (!target.ok()) return policy::Decision::kImplicitDeny;
  auto authorizer = AuthorizerOf(state);
  if (target->asset != nullptr) {
    return authorizer->CheckAsset(caller.arn, target->action, *target->asset);
  }
  if (target->create) {
    const AuthzTarget::Create& c = *target->create;
    return authorizer->CheckCreate(caller.arn, target->action, c.workspace_id, c.type,
                                   c.parent_id, c.accessibility);
  }
  return authorizer->Check(caller.arn, target->action, target->resource, {});
}

// The rule of a failed call ("" when it succeeded).
inline std::string RuleOf(const StatusOr<Json>& result) {
  return result.ok() ? std::string() : result.status().rule();
}

}  // namespace paiam::api::testing

#endif  // PAIAM_TESTS_API_OPS_WORKSPACE_FIXTURE_H_
