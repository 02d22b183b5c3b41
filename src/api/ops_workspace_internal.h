// paiam/api — helpers shared by the PAI workspace operations (ops_workspace*.cc). Not part of
// the api component's interface.
//
// The operations are split by topic, one table each, merged by ops_workspace.cc:
//   ops_workspace_core.cc     workspaces and the default workspace
//   ops_workspace_members.cc  members, their roles, custom roles
//   ops_workspace_config.cc   compute resources and configs (the AIWorkSpace calls)
//   ops_workspace_settings.cc the seed-004 settings the API has no call for (SLS forwarding, ...)
//   ops_workspace_assets.cc   generic assets over every asset type, and the type -> action table
//   ops_workspace_asset_aliases.cc  the AIWorkSpace dataset/model/code source/image calls
//
// Every operation parses its parameters in one function (ParseX: JSON -> Args struct, all
// checks of shape), which `target`, `apply` and `read` share, so that a call is validated the
// same way before authorization and when it runs.
//
// Targets. Calls on one workspace are authorized as the catalog's RAM action (actions.csv
// `ram_action`, e.g. "PaiWorkspace:CreateMember") on the workspace's own ARN
// acs:paiworkspace:<region>:<account>:workspace/<id>, which lies inside the workspace
// (authz/resource_scope.h), so the member's workspace roles apply there. Off-workspace calls
// (CreateWorkspace, ListWorkspaces, ...) name acs:paiworkspace:<region>:<account>:workspace/*,
// which is in no workspace: only RAM policies (AliyunPAIFullAccess, ...) or the root grant them.
//
// Depends on: api (operation.h, params.h), authz, identity, workspace.
#ifndef PAIAM_API_OPS_WORKSPACE_INTERNAL_H_
#define PAIAM_API_OPS_WORKSPACE_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "api/operation.h"
#include "api/params.h"
#include "base/status.h"
#include "identity/directory.h"
#include "workspace/asset_types.h"
#include "workspace/entities.h"
#include "workspace/workspaces.h"

namespace paiam::api::internal::ws {

// --- the topic tables ----------------------------------------------------------------------
std::span<const Operation> CoreOperations();            // ops_workspace_core.cc
std::span<const Operation> MemberOperations();          // ops_workspace_members.cc
std::span<const Operation> ResourceConfigOperations();  // ops_workspace_config.cc
std::span<const Operation> SettingsOperations();        // ops_workspace_settings.cc
std::span<const Operation> AssetOperations();           // ops_workspace_assets.cc (+ aliases)
std::span<const Operation> AssetAliasOperations();      // ops_workspace_asset_aliases.cc
std::span<const Operation> AssetExtraOperations();      // ops_workspace_asset_extras.cc
std::span<const Operation> WorkspaceReadOperations();   // ops_workspace_permissions.cc

// The region of CreateWorkspace and the default-workspace calls when RegionId is not given.
inline constexpr std::string_view kDefaultRegion = "cn-hangzhou";

// --- ARNs and targets ----------------------------------------------------------------------
// acs:paiworkspace:<region>:<account>:workspace/<id>
std::string WorkspaceArn(const workspace::Workspace& ws);
// acs:paiworkspace:<region>:<account>:workspace/* (region "*" when empty): off-workspace calls.
std::string AnyWorkspaceArn(std::string_view region, std::string_view account_id);

// "workspace.not-found", as the domain reports it.
Status WorkspaceNotFound(std::string_view workspace_id);
// The workspace, or WorkspaceNotFound.
StatusOr<const workspace::Workspace*> RequireWorkspace(StateView state,
                                                       std::string_view workspace_id);
// `action` on the workspace's ARN; WorkspaceNotFound for an unknown workspace.
StatusOr<AuthzTarget> WorkspaceTarget(StateView state, std::string_view workspace_id,
                                      std::string_view action);

// The usual target of a call on one workspace: parse (every shape check), then `Action` on the
// workspace named by the parsed Args::workspace_id.
template <typename Args, StatusOr<Args> (*Parse)(const Json&), const std::string_view& Action>
StatusOr<AuthzTarget> TargetOnWorkspace(StateView state, const Json& params, const Caller&) {
  StatusOr<Args> args = Parse(params);
  if (!args.ok()) return args.status();
  return WorkspaceTarget(state, args->workspace_id, Action);
}

// --- assets (ops_workspace_assets.cc) -------------------------------------------------------
// A type's catalog actions in their RAM form ("PaiDataset:DeleteDataset"); empty when the
// catalog has none for that verb.
struct AssetActions {
  workspace::AssetType type;
  std::string_view create, get;
  std::string_view list;      // "public and self-created"
  std::string_view list_all;  // "all in the workspace"
  std::string_view del, publish, change_owner;
};
const AssetActions& ActionsOf(workspace::AssetType type);
std::span<const AssetActions> AllAssetActions();  // in AssetType order

enum class AssetVerb : uint8_t { kCreate, kGet, kList, kDelete, kPublish, kChangeOwner };
// The generic asset operations' three functions, for the aliases to wrap.
StatusOr<AuthzTarget> AssetTarget(AssetVerb verb, StateView state, const Json& params,
                                  const Caller& caller);
StatusOr<Json> AssetApply(AssetVerb verb, State& state, const Json& params,
                          const ApplyContext& context);
StatusOr<Json> AssetRead(AssetVerb verb, StateView state, const authz::Authorizer& authorizer,
                         const Json& params, const Caller& caller);

inline workspace::AssetRef RefTo(std::string_view workspace_id, workspace::AssetType type,
                                 std::string_view id, std::string_view parent_id = {},
                                 std::string_view version = {}) {
  workspace::AssetRef ref;
  ref.workspace_id = workspace_id;
  ref.type = type;
  ref.id = id;
  ref.parent_id = parent_id;
  ref.version = version;
  return ref;
}

// `action` (a catalog action of the asset's type) on an existing asset: its ARN with the
// action's ram-code, checked with CheckAsset. asset-not-found when it does not exist.
StatusOr<AuthzTarget> ExistingAssetTarget(StateView state, const workspace::AssetRef& ref,
                                          std::string_view action);

// The workspace of a top-level asset named by `id_field` (DatasetId, ModelId, ImageId, ...):
// params' WorkspaceId when given, else the one workspace of the caller's account that has it
// (ops_workspace_asset_aliases.cc).
StatusOr<std::string> AssetWorkspaceById(StateView state, workspace::AssetType type,
                                         const Json& params, std::string_view id_field,
                                         const Caller& caller);

// --- parameters ----------------------------------------------------------------------------
// PageNumber (from 1, default 1) and PageSize (1-100, default 20): InvalidParameter.<Name>.
struct Paging {
  size_t number = 1;
  size_t size = 20;
  // The slice [begin, end) of `total` items that this page shows.
  std::pair<size_t, size_t> Bounds(size_t total) const;
};
Paging ReadPaging(ParamReader& in);

// A nested object or array parameter ("Members", "ModulePermissions", ...): nullptr when
// absent; InvalidParameter.<Name> (recorded in `in`) when it is not of the expected kind.
const Json* ReadArray(ParamReader& in, std::string_view name, bool required);

// Reads the fields of one element of a nested array with a ParamReader of its own, so that its
// unknown fields are refused too; the error names the element ("Members[1].UserId").
Status PrefixError(const Status& status, std::string_view prefix);

// Asset fields and labels as the asset APIs carry them (ops_workspace_asset_aliases.cc): a
// field's text (a string as is, anything else as JSON); "Labels": [{Key, Value}] read (refused
// with "Labels[i]." errors) and written.
std::string FieldText(const Json& value);
StatusOr<workspace::StringMap> ReadLabelArray(ParamReader& in, bool required);
Json LabelsJson(const workspace::StringMap& labels);

// --- response fields -----------------------------------------------------------------------
// "2021-01-21T17:12:35.232Z" (UTC, milliseconds), as AIWorkSpace formats Gmt* times.
std::string FormatTime(identity::UnixMillis millis);

// The name of a principal by id: a user's or role's name, an account's alias (or id); the id
// itself when unknown.
std::string PrincipalName(const identity::Directory& directory, std::string_view id);
// A user's display name; otherwise PrincipalName.
std::string PrincipalDisplayName(const identity::Directory& directory, std::string_view id);

}  // namespace paiam::api::internal::ws

#endif  // PAIAM_API_OPS_WORKSPACE_INTERNAL_H_
