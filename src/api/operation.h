// paiam/api — Operation: one management call of the API ("CreateUser", "CreateMember",
// "DeleteAsset", ...), described once and used by every protocol that reaches it (the native
// JSON API today; the RAM RPC and AIWorkSpace ROA front ends map their wire shapes onto the same
// operations).
//
// An operation is four pure functions over the domain state:
//   target   validates the parameters' shape and says what the engine must allow first: a RAM
//            action on a resource ARN, or an asset check (existing asset or creation);
//   prepare  (writes, optional) fills in generated values — ids, secrets, times — so that
//            apply is deterministic: the store logs the prepared parameters, and replaying the
//            log after a restart rebuilds exactly the same state;
//   apply    (writes) changes a State through identity::Directory / workspace::Workspaces,
//            which validate everything before they change anything, so a refusal leaves the
//            state untouched;
//   read     (reads) answers from an immutable snapshot.
// Parameters and results are JSON objects with the Alibaba Cloud field names (PascalCase:
// "UserName", "PolicyDocument", "WorkspaceId", ...). Unknown parameters are refused.
//
// Errors are Status values; rule() is the stable code the API returns ("EntityNotExist.User",
// "workspace.owner-role-is-permanent", "InvalidParameter.<Name>", "MissingParameter.<Name>").
//
// Depends on: authz (State, Authorizer), identity, workspace, base; nlohmann/json.
#ifndef PAIAM_API_OPERATION_H_
#define PAIAM_API_OPERATION_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "authz/authorizer.h"
#include "authz/state_json.h"
#include "base/status.h"
#include "identity/entities.h"
#include "workspace/entities.h"
#include "workspace/workspaces.h"

namespace paiam::api {

using Json = nlohmann::json;
using authz::State;

// Read-only view of a state: the writer's State or a published Snapshot's two halves (and the
// activation state published next to it; nullptr reads as "nothing activated").
struct StateView {
  const identity::Directory& directory;
  const workspace::Workspaces& workspaces;
  const activation::Activations* activation = nullptr;
  static StateView Of(const State& state) {
    return {state.directory, state.workspaces, &state.activation};
  }
};

// The authenticated caller. For a write being replayed from the log this is the caller that
// made it. An STS role session is type kRole with its assumed-role ARN
// (acs:ram::<account>:assumed-role/<role>/<session>); its session policy travels in the
// Service's Call (call.h), not here.
struct Caller {
  std::string account_id;
  std::string arn;  // canonical principal ARN (identity/arn.h)
  identity::PrincipalType type = identity::PrincipalType::kRoot;
};

// What the engine must allow before the operation runs.
struct AuthzTarget {
  // A RAM action on a resource ARN (neither asset nor create).
  static AuthzTarget On(std::string action, std::string resource) {
    AuthzTarget target;
    target.action = std::move(action);
    target.resource = std::move(resource);
    return target;
  }

  std::string action;    // RAM action as the engine matches it: "ram:CreateUser"
  std::string resource;  // ARN: "acs:ram::<account>:user/<name>"
  // An operation on an existing asset: checked with Authorizer::CheckAsset (the asset's ARN,
  // creator and visibility). Points into the State given to `target`.
  const workspace::Asset* asset = nullptr;
  // An asset creation: checked with Authorizer::CheckCreate.
  struct Create {
    std::string workspace_id;
    workspace::AssetType type = workspace::AssetType::kDataset;
    std::string parent_id;
    workspace::Accessibility accessibility = workspace::Accessibility::kPrivate;
  };
  std::optional<Create> create;
  // Appended to the denial message when the engine refuses, e.g. "attach AliyunPAIFullAccess
  // (or a policy that allows pai:OpenPaiService)". Empty: the plain message.
  std::string denial_hint;
  // Request condition keys the operation supplies, checked with the request (ResourceManager's
  // service-linked role operations: ram:ServiceName). Only for a plain action-on-ARN target.
  std::vector<std::pair<std::string, std::string>> context;
};

// What apply may consult besides the state.
struct ApplyContext {
  const Caller& caller;
  // The engine's answer for a further permission an operation's own rule needs (SLS
  // forwarding: log:ListProject, ...). Replay passes a probe that allows everything: the
  // check already passed when the write was accepted.
  const workspace::PermissionProbe& probe;
};

struct Operation {
  std::string_view name;  // "CreateUser"
  bool writes = false;
  StatusOr<AuthzTarget> (*target)(StateView state, const Json& params,
                                  const Caller& caller) = nullptr;
  Status (*prepare)(StateView state, Json& params, const Caller& caller) = nullptr;
  StatusOr<Json> (*apply)(State& state, const Json& params, const ApplyContext& context) = nullptr;
  // `authorizer` reads the same snapshot as `state` (list operations filter through it).
  StatusOr<Json> (*read)(StateView state, const authz::Authorizer& authorizer,
                         const Json& params, const Caller& caller) = nullptr;
  // Internal operations (the server's own bootstrap) are replayed from the log but refused
  // when a client names them.
  bool internal = false;
};

// Every operation, sorted by name.
std::span<const Operation> Operations();
const Operation* FindOperation(std::string_view name);

}  // namespace paiam::api

#endif  // PAIAM_API_OPERATION_H_
