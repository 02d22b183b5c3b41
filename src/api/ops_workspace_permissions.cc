// paiam/api — what a workspace says about its people and its history (AIWorkSpace §4.2, §4.3):
//   ListPermissions   GET …/{WorkspaceId}/permissions: the caller's permissions there;
//   GetPermission     GET …/{WorkspaceId}/permissions/{PermissionCode}: one of them;
//   ListWorkspaceUsers GET …/{WorkspaceId}/users: RAM users of the account not yet members;
//   ListOperationLogs GET …/{WorkspaceId}/logs (legacy SDK 1.0.0): the workspace's log of
//                     accepted writes (Workspaces::OperationLogs, appended by LoggedApply in
//                     ops_workspace.cc).
//
// Permissions are derived, not written down: the roles the caller holds in the workspace
// (built-in or custom) are resolved against the built-in catalog (workspace::ResolveRole, the
// same grants the role policies are compiled from), their class masks united per permission
// code (the catalog row's workspace action, e.g. "PaiDLC:ListJobs"), and each mask rendered as
// PermissionRules: PUBLIC and PRIVATE with EntityAccessType ANY when both creator classes are
// granted, else CREATOR or OTHERS; both ANY when every class is. The account's root holds every
// code on every class. RAM policies are not roles and do not appear here.
//
// Targets: each call's own catalog row on the workspace (PaiWorkspace:ListPermissions,
// ListWorkspaceUsers, ListOperationLogs). The seed grants ListPermissions to no role, so only
// RAM policies (AliyunPAIFullAccess) and the root reach it; GetPermission, which the catalog has
// no row for, is authorized as ListPermissions.
#include <algorithm>
#include <map>
#include <vector>

#include "api/ops_workspace_internal.h"
#include "catalog/catalog.h"
#include "workspace/role_policy.h"

namespace paiam::api::internal::ws {
namespace {

using catalog::ClassMask;

constexpr std::string_view kListPermissions = "PaiWorkspace:ListPermissions";
constexpr std::string_view kListWorkspaceUsers = "PaiWorkspace:ListWorkspaceUsers";
constexpr std::string_view kListOperationLogs = "PaiWorkspace:ListOperationLogs";

// --- permissions ---------------------------------------------------------------------------

std::string_view CodeOf(const catalog::Action& action) {
  return action.workspace_action.empty() ? std::string_view(action.policy_action)
                                         : std::string_view(action.workspace_action);
}

// Permission code -> the classes the caller's roles grant it on.
using Grants = std::map<std::string, ClassMask, std::less<>>;

StatusOr<Grants> CallerGrants(StateView state, std::string_view workspace_id,
                              const Caller& caller) {
  const catalog::Catalog& cat = catalog::Catalog::BuiltIn();
  Grants out;
  if (caller.type == identity::PrincipalType::kRoot) {
    for (const catalog::Action& action : cat.actions()) {
      if (!action.workspace_action.empty()) out[std::string(CodeOf(action))] = catalog::kAnyClass;
    }
    return out;
  }
  std::optional<identity::Principal> principal = state.directory.PrincipalByArn(caller.arn);
  if (!principal) return out;
  for (const std::string& role : state.workspaces.MemberRoles(workspace_id, principal->id)) {
    workspace::RoleDefinition definition = workspace::RoleDefinition::BuiltIn(role);
    if (const workspace::CustomRole* custom = state.workspaces.FindCustomRole(workspace_id, role)) {
      definition = workspace::RoleDefinition::Custom(custom->id, custom->name, custom->modules);
    }
    StatusOr<workspace::RoleGrants> grants = workspace::ResolveRole(cat, definition);
    if (!grants.ok()) continue;  // a role the catalog no longer knows grants nothing
    for (const catalog::Action& action : cat.actions()) {
      const ClassMask mask = grants->masks[action.index];
      if (mask != catalog::kNoClass) out[std::string(CodeOf(action))] |= mask;
    }
  }
  return out;
}

Json Rule(std::string_view accessibility, std::string_view entity) {
  return {{"Accessibility", accessibility}, {"EntityAccessType", entity}};
}

// One half (PUBLIC or PRIVATE) of a mask as a rule, if any class of it is granted.
void AddHalf(Json& rules, ClassMask mask, std::string_view accessibility, ClassMask creator,
             ClassMask others) {
  const bool c = (mask & creator) != 0, o = (mask & others) != 0;
  if (c && o) rules.push_back(Rule(accessibility, "ANY"));
  else if (c) rules.push_back(Rule(accessibility, "CREATOR"));
  else if (o) rules.push_back(Rule(accessibility, "OTHERS"));
}

Json RulesOf(ClassMask mask) {
  Json rules = Json::array();
  if (mask == catalog::kAnyClass) {
    rules.push_back(Rule("ANY", "ANY"));
    return rules;
  }
  AddHalf(rules, mask, "PUBLIC", catalog::kPublicCreator, catalog::kPublicOthers);
  AddHalf(rules, mask, "PRIVATE", catalog::kPrivateCreator, catalog::kPrivateOthers);
  return rules;
}

struct ListPermissionsArgs {
  std::string workspace_id;
};

StatusOr<ListPermissionsArgs> ParseListPermissions(const Json& params) {
  ParamReader in(params);
  ListPermissionsArgs a{in.Required("WorkspaceId")};
  if (Status s = in.Finish(); !s.ok()) return s;
  return a;
}

StatusOr<Json> ListPermissionsRead(StateView state, const authz::Authorizer&, const Json& params,
                                   const Caller& caller) {
  StatusOr<ListPermissionsArgs> a = ParseListPermissions(params);
  if (!a.ok()) return a.status();
  if (Status s = RequireWorkspace(state, a->workspace_id).status(); !s.ok()) return s;
  StatusOr<Grants> grants = CallerGrants(state, a->workspace_id, caller);
  if (!grants.ok()) return grants.status();
  Json items = Json::array();
  for (const auto& [code, mask] : *grants) {
    items.push_back({{"PermissionCode", code}, {"PermissionRules", RulesOf(mask)}});
  }
  const size_t count = items.size();
  return Json{{"Permissions", std::move(items)}, {"TotalCount", count}};
}

struct GetPermissionArgs {
  std::string workspace_id, code;
  std::optional<std::string> accessibility, creator;
};

StatusOr<GetPermissionArgs> ParseGetPermission(const Json& params) {
  ParamReader in(params);
  GetPermissionArgs a{in.Required("WorkspaceId"), in.Required("PermissionCode"),
                      in.Optional("Accessibility"), in.Optional("Creator")};
  // Accepted and not modelled: the resource, labels and the Caller* identity of the gateway.
  for (const char* name : {"Resource", "Option", "Labels", "CallerType", "CallerUid",
                           "CallerParentId", "SecurityToken"}) {
    in.Optional(name);
  }
  if (in.ok() && a.accessibility && *a.accessibility != "PUBLIC" &&
      *a.accessibility != "PRIVATE") {
    in.Fail(InvalidParameter("Accessibility", "must be PUBLIC or PRIVATE"));
  }
  if (in.ok() && catalog::Catalog::BuiltIn().FindAction(a.code) == nullptr) {
    in.Fail(InvalidParameter("PermissionCode", "'" + a.code + "' is not a catalog action"));
  }
  if (Status s = in.Finish(); !s.ok()) return s;
  return a;
}

// The rules the caller holds for the code; with Accessibility (and Creator, a principal id),
// only when the caller may act on such an entity.
StatusOr<Json> GetPermissionRead(StateView state, const authz::Authorizer&, const Json& params,
                                 const Caller& caller) {
  StatusOr<GetPermissionArgs> a = ParseGetPermission(params);
  if (!a.ok()) return a.status();
  if (Status s = RequireWorkspace(state, a->workspace_id).status(); !s.ok()) return s;
  StatusOr<Grants> grants = CallerGrants(state, a->workspace_id, caller);
  if (!grants.ok()) return grants.status();
  const catalog::Action* action = catalog::Catalog::BuiltIn().FindAction(a->code);
  auto it = grants->find(CodeOf(*action));
  ClassMask mask = it == grants->end() ? catalog::kNoClass : it->second;
  if (a->accessibility) {
    std::optional<identity::Principal> me = state.directory.PrincipalByArn(caller.arn);
    const bool is_creator = me && a->creator == me->id;
    const catalog::AssetClass c = catalog::ClassOf(*a->accessibility == "PUBLIC", is_creator);
    if (!catalog::Contains(mask, c)) mask = catalog::kNoClass;
  }
  return Json{{"PermissionCode", CodeOf(*action)}, {"PermissionRules", RulesOf(mask)}};
}

// --- ListWorkspaceUsers --------------------------------------------------------------------

struct UsersArgs {
  std::string workspace_id, user_id, user_name;
};

StatusOr<UsersArgs> ParseUsers(const Json& params) {
  ParamReader in(params);
  UsersArgs a{in.Required("WorkspaceId"), in.Optional("UserId").value_or(""),
              in.Optional("UserName").value_or("")};
  if (Status s = in.Finish(); !s.ok()) return s;
  return a;
}

StatusOr<Json> ListUsersRead(StateView state, const authz::Authorizer&, const Json& params,
                             const Caller&) {
  StatusOr<UsersArgs> a = ParseUsers(params);
  if (!a.ok()) return a.status();
  StatusOr<const workspace::Workspace*> ws = RequireWorkspace(state, a->workspace_id);
  if (!ws.ok()) return ws.status();
  Json items = Json::array();
  for (const identity::User* user : state.directory.ListUsers((*ws)->account_id)) {
    if ((*ws)->members.contains(user->id)) continue;
    if (!a->user_id.empty() && user->id != a->user_id) continue;
    if (!a->user_name.empty() && user->name.find(a->user_name) == std::string::npos) continue;
    items.push_back({{"UserId", user->id}, {"UserName", user->name}});
  }
  const size_t count = items.size();
  return Json{{"Users", std::move(items)}, {"TotalCount", count}};
}

// --- ListOperationLogs ---------------------------------------------------------------------

struct LogsArgs {
  std::string workspace_id;
  std::vector<std::string> entity_types, entity_status, operations, operation_status;
  bool ascending = false;  // Order; newest first by default
  Paging paging;
};

StatusOr<LogsArgs> ParseLogs(const Json& params) {
  ParamReader in(params);
  LogsArgs a;
  a.workspace_id = in.Required("WorkspaceId");
  a.entity_types = in.OptionalList("EntityTypes");
  a.entity_status = in.OptionalList("EntityStatus");
  a.operations = in.OptionalList("Operations");
  a.operation_status = in.OptionalList("OperationStatus");
  const std::string sort_by = in.Optional("SortBy").value_or("GmtCreateTime");
  const std::string order = in.Optional("Order").value_or("DESC");
  a.paging = ReadPaging(in);
  if (in.ok() && sort_by != "GmtCreateTime") {
    in.Fail(InvalidParameter("SortBy", "must be GmtCreateTime"));
  }
  if (in.ok() && order != "ASC" && order != "DESC") {
    in.Fail(InvalidParameter("Order", "must be ASC or DESC"));
  }
  a.ascending = order == "ASC";
  if (Status s = in.Finish(); !s.ok()) return s;
  return a;
}

bool Admits(const std::vector<std::string>& filter, const std::string& value) {
  return filter.empty() || std::find(filter.begin(), filter.end(), value) != filter.end();
}

StatusOr<Json> ListLogsRead(StateView state, const authz::Authorizer&, const Json& params,
                            const Caller&) {
  StatusOr<LogsArgs> a = ParseLogs(params);
  if (!a.ok()) return a.status();
  if (Status s = RequireWorkspace(state, a->workspace_id).status(); !s.ok()) return s;
  std::vector<const workspace::OperationLogEntry*> matches;
  for (const workspace::OperationLogEntry& e : state.workspaces.OperationLogs(a->workspace_id)) {
    // Every logged entity exists or existed as the write left it: its status is the write's.
    if (Admits(a->entity_types, e.entity_type) && Admits(a->operations, e.operation) &&
        Admits(a->operation_status, e.status) && Admits(a->entity_status, e.status)) {
      matches.push_back(&e);
    }
  }
  if (!a->ascending) std::reverse(matches.begin(), matches.end());  // the log is oldest first
  const auto [begin, end] = a->paging.Bounds(matches.size());
  Json items = Json::array();
  for (size_t i = begin; i < end; ++i) {
    const workspace::OperationLogEntry& e = *matches[i];
    items.push_back({{"EntityId", e.entity_id},
                     {"EntityType", e.entity_type},
                     {"Operation", e.operation},
                     {"OperationStatus", e.status},
                     {"Operator", e.operator_id},
                     {"Message", e.message},
                     {"GmtCreateTime", FormatTime(e.time)}});
  }
  return Json{{"Logs", std::move(items)}, {"TotalCount", matches.size()}};
}

const Operation kOperations[] = {
    {.name = "GetPermission",
     .target = TargetOnWorkspace<GetPermissionArgs, ParseGetPermission, kListPermissions>,
     .read = GetPermissionRead},
    {.name = "ListOperationLogs",
     .target = TargetOnWorkspace<LogsArgs, ParseLogs, kListOperationLogs>,
     .read = ListLogsRead},
    {.name = "ListPermissions",
     .target = TargetOnWorkspace<ListPermissionsArgs, ParseListPermissions, kListPermissions>,
     .read = ListPermissionsRead},
    {.name = "ListWorkspaceUsers",
     .target = TargetOnWorkspace<UsersArgs, ParseUsers, kListWorkspaceUsers>,
     .read = ListUsersRead},
};

}  // namespace

std::span<const Operation> WorkspaceReadOperations() { return kOperations; }

}  // namespace paiam::api::internal::ws
