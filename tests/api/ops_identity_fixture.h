// Shared by the RAM identity operation tests (ops_identity*_test.cc): a state with the system
// policies and one account, and helpers that drive an operation the way the service does —
// target, then prepare and apply for a write, or read on a snapshot for a read.
#ifndef PAIAM_TESTS_API_OPS_IDENTITY_FIXTURE_H_
#define PAIAM_TESTS_API_OPS_IDENTITY_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "api/operation.h"
#include "authz/authorizer.h"
#include "authz/snapshot.h"
#include "catalog/catalog.h"
#include "identity/arn.h"

namespace paiam::api::testing {

inline constexpr char kAcct[] = "1000000000000001";
inline constexpr identity::UnixMillis kNow = 1422016398000;  // 2015-01-23T12:33:18Z

inline Caller RootCaller(std::string account = kAcct) {
  return Caller{account, identity::RootArn(account), identity::PrincipalType::kRoot};
}
inline Caller UserCaller(std::string name, std::string account = kAcct) {
  return Caller{account, identity::UserArn(account, name), identity::PrincipalType::kUser};
}

inline State FreshState() {
  StatusOr<identity::Directory> directory = identity::Directory::WithSystemPolicies();
  EXPECT_TRUE(directory.ok()) << directory.status().ToString();
  State state{std::move(*directory), {}};
  EXPECT_TRUE(state.directory.CreateAccount(kAcct).ok());
  state.directory.SetNow(kNow);
  return state;
}

inline std::shared_ptr<const authz::Snapshot> SnapshotOf(const State& state) {
  auto snapshot = authz::Snapshot::Build(catalog::Catalog::BuiltIn(), state.directory,
                                         state.workspaces);
  EXPECT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  return snapshot.ok() ? *snapshot : nullptr;
}

class OpsIdentityTest : public ::testing::Test {
 protected:
  const Operation& Op(std::string_view name) {
    const Operation* op = FindOperation(name);
    EXPECT_NE(op, nullptr) << name;
    static const Operation kMissing{};
    return op != nullptr ? *op : kMissing;
  }

  StatusOr<AuthzTarget> Target(std::string_view name, const Json& params,
                               const Caller& caller = RootCaller()) {
    return Op(name).target(StateView::Of(state_), params, caller);
  }

  // The whole call: target (shape check), then prepare + apply or read.
  StatusOr<Json> Call(std::string_view name, Json params, const Caller& caller = RootCaller()) {
    const Operation& op = Op(name);
    if (op.target == nullptr) return Status(StatusCode::kInternal, "test", "no such operation");
    StatusOr<AuthzTarget> target = op.target(StateView::Of(state_), params, caller);
    if (!target.ok()) return target.status();
    if (!op.writes) {
      auto snapshot = SnapshotOf(state_);
      authz::Authorizer authorizer(snapshot);
      return op.read(StateView::Of(state_), authorizer, params, caller);
    }
    if (op.prepare != nullptr) {
      if (Status s = op.prepare(StateView::Of(state_), params, caller); !s.ok()) return s;
    }
    last_prepared_ = params;
    workspace::PermissionProbe probe = [](std::string_view, std::string_view) { return true; };
    return op.apply(state_, params, ApplyContext{caller, probe});
  }

  Json Ok(std::string_view name, Json params = Json::object(),
          const Caller& caller = RootCaller()) {
    StatusOr<Json> out = Call(name, std::move(params), caller);
    EXPECT_TRUE(out.ok()) << name << ": " << out.status().ToString();
    return out.ok() ? *out : Json();
  }

  // The rule of a refused call ("" when it succeeded).
  std::string Rule(std::string_view name, Json params = Json::object(),
                   const Caller& caller = RootCaller()) {
    StatusOr<Json> out = Call(name, std::move(params), caller);
    return out.ok() ? std::string() : out.status().rule();
  }

  State state_ = FreshState();
  Json last_prepared_;
};

}  // namespace paiam::api::testing

#endif  // PAIAM_TESTS_API_OPS_IDENTITY_FIXTURE_H_
