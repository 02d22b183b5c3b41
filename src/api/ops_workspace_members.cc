// paiam/api — workspace members, their roles and custom roles (AIWorkSpace 2021-02-04 §4.2):
// CreateMember, DeleteMembers, GetMember, ListMembers, AddMemberRole, RemoveMemberRole,
// CreateWorkspaceRole, GetWorkspaceRole, UpdateWorkspaceRole, DeleteWorkspaceRoles,
// ListWorkspaceRoles.
//
// Every call is on one workspace and authorized on its ARN. The catalog names two actions
// differently from the API: CreateWorkspaceRole is "PaiWorkspace:AddWorkspaceRole" and
// DeleteWorkspaceRoles is "PaiWorkspace:RemoveWorkspaceRole" ("Create/Delete custom roles").
//
// UserId is what the AIWorkSpace API calls a member: the account id (its root), a RAM user id
// or a RAM role id; Workspaces maps it to the principal through Directory::PrincipalById.
// The seed-004 rules (Owner permanent, a member keeps a role, ...) are the domain's errors.
#include <vector>

#include "api/ops_workspace_internal.h"
#include "catalog/custom_role_levels.h"

namespace paiam::api::internal::ws {
namespace {

using workspace::CustomRole;
using workspace::Member;

constexpr std::string_view kCreateMember = "PaiWorkspace:CreateMember";
constexpr std::string_view kDeleteMembers = "PaiWorkspace:DeleteMembers";
constexpr std::string_view kGetMember = "PaiWorkspace:GetMember";
constexpr std::string_view kListMembers = "PaiWorkspace:ListMembers";
constexpr std::string_view kAddMemberRole = "PaiWorkspace:AddMemberRole";
constexpr std::string_view kRemoveMemberRole = "PaiWorkspace:RemoveMemberRole";
constexpr std::string_view kAddWorkspaceRole = "PaiWorkspace:AddWorkspaceRole";
constexpr std::string_view kGetWorkspaceRole = "PaiWorkspace:GetWorkspaceRole";
constexpr std::string_view kUpdateWorkspaceRole = "PaiWorkspace:UpdateWorkspaceRole";
constexpr std::string_view kRemoveWorkspaceRole = "PaiWorkspace:RemoveWorkspaceRole";
constexpr std::string_view kListWorkspaceRoles = "PaiWorkspace:ListWorkspaceRoles";

Json MemberJson(const identity::Directory& directory, const Member& m) {
  const std::string name = PrincipalName(directory, m.user_id);
  return {{"MemberId", m.member_id},
          {"MemberName", name},
          {"UserId", m.user_id},
          {"DisplayName", PrincipalDisplayName(directory, m.user_id)},
          {"AccountName", name},
          {"AccountType", m.account_type},
          {"Roles", m.roles},
          {"GmtCreateTime", FormatTime(m.create_time)}};
}

Status MemberNotFound(std::string_view workspace_id, std::string_view who) {
  return Status(StatusCode::kNotFound, "workspace.member-not-found",
                "workspace '" + std::string(workspace_id) + "' has no member '" +
                    std::string(who) + "'");
}

Status RoleNotFound(std::string_view workspace_id, std::string_view role_id) {
  return Status(StatusCode::kNotFound, "workspace.custom-role.not-found",
                "workspace '" + std::string(workspace_id) + "' has no custom role '" +
                    std::string(role_id) + "'");
}

// --- CreateMember --------------------------------------------------------------------------

struct CreateMemberArgs {
  std::string workspace_id;
  std::vector<workspace::MemberSpec> members;
};

StatusOr<CreateMemberArgs> ParseCreateMember(const Json& params) {
  ParamReader in(params);
  CreateMemberArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  const Json* members = ReadArray(in, "Members", true);
  if (Status s = in.Finish(); !s.ok()) return s;
  for (size_t i = 0; i < members->size(); ++i) {
    ParamReader item((*members)[i]);
    workspace::MemberSpec spec;
    spec.user_id = item.Required("UserId");
    spec.roles = item.OptionalList("Roles");  // empty: the domain's member-needs-a-role
    if (Status s = item.Finish(); !s.ok()) {
      return PrefixError(s, "Members[" + std::to_string(i) + "]");
    }
    args.members.push_back(std::move(spec));
  }
  return args;
}

StatusOr<Json> CreateMemberApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<CreateMemberArgs> args = ParseCreateMember(params);
  if (!args.ok()) return args.status();
  StatusOr<std::vector<Member>> added =
      state.workspaces.AddMembers(args->workspace_id, args->members, state.directory);
  if (!added.ok()) return added.status();
  Json out = Json::array();
  for (const Member& m : *added) {
    out.push_back({{"MemberId", m.member_id},
                   {"UserId", m.user_id},
                   {"DisplayName", PrincipalDisplayName(state.directory, m.user_id)},
                   {"Roles", m.roles}});
  }
  return Json{{"Members", std::move(out)}};
}

// --- DeleteMembers -------------------------------------------------------------------------

struct DeleteMembersArgs {
  std::string workspace_id;
  std::vector<std::string> member_ids;
};

StatusOr<DeleteMembersArgs> ParseDeleteMembers(const Json& params) {
  ParamReader in(params);
  DeleteMembersArgs args{in.Required("WorkspaceId"), in.RequiredList("MemberIds")};
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> DeleteMembersApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<DeleteMembersArgs> args = ParseDeleteMembers(params);
  if (!args.ok()) return args.status();
  if (Status s = state.workspaces.RemoveMembers(args->workspace_id, args->member_ids); !s.ok()) {
    return s;
  }
  return Json::object();
}

// --- GetMember / ListMembers ---------------------------------------------------------------

struct GetMemberArgs {
  std::string workspace_id;
  std::optional<std::string> user_id, member_id;
};

StatusOr<GetMemberArgs> ParseGetMember(const Json& params) {
  ParamReader in(params);
  GetMemberArgs args{in.Required("WorkspaceId"), in.Optional("UserId"), in.Optional("MemberId")};
  if (in.ok() && args.user_id.has_value() == args.member_id.has_value()) {
    in.Fail(args.user_id ? InvalidParameter("MemberId", "cannot be given with UserId")
                         : MissingParameter("UserId"));
  }
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> GetMemberRead(StateView state, const authz::Authorizer&, const Json& params,
                             const Caller&) {
  StatusOr<GetMemberArgs> args = ParseGetMember(params);
  if (!args.ok()) return args.status();
  if (Status s = RequireWorkspace(state, args->workspace_id).status(); !s.ok()) return s;
  const Member* m = args->user_id
                        ? state.workspaces.FindMember(args->workspace_id, *args->user_id)
                        : state.workspaces.FindMemberById(args->workspace_id, *args->member_id);
  if (m == nullptr) {
    return MemberNotFound(args->workspace_id, args->user_id ? *args->user_id : *args->member_id);
  }
  return MemberJson(state.directory, *m);
}

struct ListMembersArgs {
  std::string workspace_id;
  workspace::MemberFilter filter;
};

StatusOr<ListMembersArgs> ParseListMembers(const Json& params) {
  ParamReader in(params);
  ListMembersArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  args.filter.member_name_contains = in.Optional("MemberName").value_or("");
  args.filter.roles = in.OptionalList("Roles");
  args.filter.user_id = in.Optional("UserId").value_or("");
  const Paging paging = ReadPaging(in);
  args.filter.page_number = paging.number;
  args.filter.page_size = paging.size;
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> ListMembersRead(StateView state, const authz::Authorizer&, const Json& params,
                               const Caller&) {
  StatusOr<ListMembersArgs> args = ParseListMembers(params);
  if (!args.ok()) return args.status();
  StatusOr<workspace::Page<Member>> page =
      state.workspaces.ListMembers(args->workspace_id, args->filter, state.directory);
  if (!page.ok()) return page.status();
  Json items = Json::array();
  for (const Member* m : page->items) items.push_back(MemberJson(state.directory, *m));
  return Json{{"Members", std::move(items)}, {"TotalCount", page->total_count}};
}

// --- AddMemberRole / RemoveMemberRole ------------------------------------------------------

struct MemberRoleArgs {
  std::string workspace_id, member_id, role;
};

StatusOr<MemberRoleArgs> ParseMemberRole(const Json& params) {
  ParamReader in(params);
  MemberRoleArgs args{in.Required("WorkspaceId"), in.Required("MemberId"),
                      in.Required("RoleName")};
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

template <bool kAdd>
StatusOr<Json> MemberRoleApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<MemberRoleArgs> a = ParseMemberRole(params);
  if (!a.ok()) return a.status();
  Status s = kAdd ? state.workspaces.AddMemberRole(a->workspace_id, a->member_id, a->role)
                  : state.workspaces.RemoveMemberRole(a->workspace_id, a->member_id, a->role);
  if (!s.ok()) return s;
  return Json::object();
}

// --- custom roles --------------------------------------------------------------------------

Status ReadPermission(const Json& value, workspace::CustomPermission* out) {
  ParamReader in(value);
  out->codes = in.RequiredList("PermissionCodes");
  const Json* rules = ReadArray(in, "PermissionRules", false);
  if (Status s = in.Finish(); !s.ok()) return s;
  for (size_t i = 0; rules != nullptr && i < rules->size(); ++i) {
    ParamReader rule((*rules)[i]);
    workspace::PermissionRule r{rule.Optional("Accessibility").value_or(""),
                                rule.Optional("EntityAccessType").value_or("")};
    if (Status s = rule.Finish(); !s.ok()) {
      return PrefixError(s, "PermissionRules[" + std::to_string(i) + "]");
    }
    out->rules.push_back(std::move(r));
  }
  return Status::Ok();
}

Status ReadModule(const Json& value, workspace::ModulePermission* out) {
  ParamReader in(value);
  out->module = in.Required("ModuleName");
  const std::string type = in.Required("PermissionType");
  const Json* permissions = ReadArray(in, "Permissions", false);
  if (in.ok()) {
    if (auto level = catalog::ParsePermissionLevel(type)) {
      out->level = *level;
    } else {
      in.Fail(InvalidParameter("PermissionType",
                               "must be NoPrivilege, ReadOnly, ReadWrite, FullAccess or "
                               "CustomPermissions"));
    }
  }
  if (Status s = in.Finish(); !s.ok()) return s;
  for (size_t i = 0; permissions != nullptr && i < permissions->size(); ++i) {
    workspace::CustomPermission p;
    if (Status s = ReadPermission((*permissions)[i], &p); !s.ok()) {
      return PrefixError(s, "Permissions[" + std::to_string(i) + "]");
    }
    out->permissions.push_back(std::move(p));
  }
  return Status::Ok();
}

Status ReadModules(const Json& array, std::vector<workspace::ModulePermission>* out) {
  for (size_t i = 0; i < array.size(); ++i) {
    workspace::ModulePermission m;
    if (Status s = ReadModule(array[i], &m); !s.ok()) {
      return PrefixError(s, "ModulePermissions[" + std::to_string(i) + "]");
    }
    out->push_back(std::move(m));
  }
  return Status::Ok();
}

Json RoleJson(const CustomRole& role) {
  Json modules = Json::array();
  for (const workspace::ModulePermission& m : role.modules) {
    Json permissions = Json::array();
    for (const workspace::CustomPermission& p : m.permissions) {
      Json rules = Json::array();
      for (const workspace::PermissionRule& r : p.rules) {
        rules.push_back({{"Accessibility", r.accessibility},
                         {"EntityAccessType", r.entity_access_type}});
      }
      permissions.push_back({{"PermissionCodes", p.codes}, {"PermissionRules", std::move(rules)}});
    }
    modules.push_back({{"ModuleName", m.module},
                       {"PermissionType", catalog::PermissionLevelName(m.level)},
                       {"Permissions", std::move(permissions)}});
  }
  return {{"RoleId", role.id},
          {"RoleName", role.name},
          {"RoleType", "Custom"},
          {"ModulePermissions", std::move(modules)},
          {"GmtCreateTime", FormatTime(role.create_time)},
          {"GmtModifiedTime", FormatTime(role.update_time)}};
}

// CreateWorkspaceRole (no RoleId; RoleName and ModulePermissions required) and
// UpdateWorkspaceRole (RoleId; absent fields keep their value).
struct RoleArgs {
  std::string workspace_id;
  std::string role_id;
  std::optional<std::string> name;
  std::optional<std::vector<workspace::ModulePermission>> modules;
};

template <bool kCreate>
StatusOr<RoleArgs> ParseRole(const Json& params) {
  ParamReader in(params);
  RoleArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  if (!kCreate) args.role_id = in.Required("RoleId");
  args.name = kCreate ? std::optional(in.Required("RoleName")) : in.Optional("RoleName");
  // The API's RoleType tells custom roles from built-in ones; only custom roles are made here.
  std::optional<std::string> type = in.Optional("RoleType");
  if (type && *type != "Custom" && *type != "custom") {
    in.Fail(InvalidParameter("RoleType", "must be Custom"));
  }
  const Json* modules = ReadArray(in, "ModulePermissions", kCreate);
  if (Status s = in.Finish(); !s.ok()) return s;
  if (modules != nullptr) {
    args.modules.emplace();
    if (Status s = ReadModules(*modules, &*args.modules); !s.ok()) return s;
  }
  return args;
}

StatusOr<Json> CreateRoleApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<RoleArgs> args = ParseRole<true>(params);
  if (!args.ok()) return args.status();
  workspace::CustomRoleSpec spec{*args->name, std::move(*args->modules), ""};
  StatusOr<std::string> id = state.workspaces.CreateCustomRole(args->workspace_id, spec);
  if (!id.ok()) return id.status();
  return Json{{"RoleId", *id}};
}

StatusOr<Json> UpdateRoleApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<RoleArgs> args = ParseRole<false>(params);
  if (!args.ok()) return args.status();
  const CustomRole* role = state.workspaces.FindCustomRole(args->workspace_id, args->role_id);
  if (role == nullptr) {
    if (Status s = RequireWorkspace(StateView::Of(state), args->workspace_id).status(); !s.ok()) {
      return s;
    }
    return RoleNotFound(args->workspace_id, args->role_id);
  }
  workspace::CustomRoleSpec spec{args->name.value_or(role->name),
                                 args->modules ? std::move(*args->modules) : role->modules, ""};
  if (Status s = state.workspaces.UpdateCustomRole(args->workspace_id, args->role_id, spec);
      !s.ok()) {
    return s;
  }
  return Json{{"RoleId", args->role_id}};
}

struct RoleIdArgs {
  std::string workspace_id, role_id;
};

StatusOr<RoleIdArgs> ParseRoleId(const Json& params) {
  ParamReader in(params);
  RoleIdArgs args{in.Required("WorkspaceId"), in.Required("RoleId")};
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> GetRoleRead(StateView state, const authz::Authorizer&, const Json& params,
                           const Caller&) {
  StatusOr<RoleIdArgs> args = ParseRoleId(params);
  if (!args.ok()) return args.status();
  if (Status s = RequireWorkspace(state, args->workspace_id).status(); !s.ok()) return s;
  const CustomRole* role = state.workspaces.FindCustomRole(args->workspace_id, args->role_id);
  if (role == nullptr) return RoleNotFound(args->workspace_id, args->role_id);
  return RoleJson(*role);
}

StatusOr<DeleteMembersArgs> ParseDeleteRoles(const Json& params) {
  ParamReader in(params);
  DeleteMembersArgs args{in.Required("WorkspaceId"), in.RequiredList("RoleIds")};
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> DeleteRolesApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<DeleteMembersArgs> args = ParseDeleteRoles(params);
  if (!args.ok()) return args.status();
  if (Status s = state.workspaces.DeleteCustomRoles(args->workspace_id, args->member_ids);
      !s.ok()) {
    return s;
  }
  return Json::object();
}

struct ListRolesArgs {
  std::string workspace_id;
  std::string name_contains;
  Paging paging;
};

StatusOr<ListRolesArgs> ParseListRoles(const Json& params) {
  ParamReader in(params);
  ListRolesArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  args.name_contains = in.Optional("RoleName").value_or("");
  args.paging = ReadPaging(in);
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> ListRolesRead(StateView state, const authz::Authorizer&, const Json& params,
                             const Caller&) {
  StatusOr<ListRolesArgs> args = ParseListRoles(params);
  if (!args.ok()) return args.status();
  StatusOr<const workspace::Workspace*> ws = RequireWorkspace(state, args->workspace_id);
  if (!ws.ok()) return ws.status();
  std::vector<const CustomRole*> matches;  // by role id (the map's order)
  for (const auto& [_, role] : (*ws)->custom_roles) {
    if (role.name.find(args->name_contains) != std::string::npos) matches.push_back(&role);
  }
  const auto [begin, end] = args->paging.Bounds(matches.size());
  Json items = Json::array();
  for (size_t i = begin; i < end; ++i) items.push_back(RoleJson(*matches[i]));
  return Json{{"Roles", std::move(items)}, {"TotalCount", matches.size()}};
}

const Operation kOperations[] = {
    {.name = "AddMemberRole",
     .writes = true,
     .target = TargetOnWorkspace<MemberRoleArgs, ParseMemberRole, kAddMemberRole>,
     .apply = MemberRoleApply<true>},
    {.name = "CreateMember",
     .writes = true,
     .target = TargetOnWorkspace<CreateMemberArgs, ParseCreateMember, kCreateMember>,
     .apply = CreateMemberApply},
    {.name = "CreateWorkspaceRole",
     .writes = true,
     .target = TargetOnWorkspace<RoleArgs, ParseRole<true>, kAddWorkspaceRole>,
     .apply = CreateRoleApply},
    {.name = "DeleteMembers",
     .writes = true,
     .target = TargetOnWorkspace<DeleteMembersArgs, ParseDeleteMembers, kDeleteMembers>,
     .apply = DeleteMembersApply},
    {.name = "DeleteWorkspaceRoles",
     .writes = true,
     .target = TargetOnWorkspace<DeleteMembersArgs, ParseDeleteRoles, kRemoveWorkspaceRole>,
     .apply = DeleteRolesApply},
    {.name = "GetMember",
     .target = TargetOnWorkspace<GetMemberArgs, ParseGetMember, kGetMember>,
     .read = GetMemberRead},
    {.name = "GetWorkspaceRole",
     .target = TargetOnWorkspace<RoleIdArgs, ParseRoleId, kGetWorkspaceRole>,
     .read = GetRoleRead},
    {.name = "ListMembers",
     .target = TargetOnWorkspace<ListMembersArgs, ParseListMembers, kListMembers>,
     .read = ListMembersRead},
    {.name = "ListWorkspaceRoles",
     .target = TargetOnWorkspace<ListRolesArgs, ParseListRoles, kListWorkspaceRoles>,
     .read = ListRolesRead},
    {.name = "RemoveMemberRole",
     .writes = true,
     .target = TargetOnWorkspace<MemberRoleArgs, ParseMemberRole, kRemoveMemberRole>,
     .apply = MemberRoleApply<false>},
    {.name = "UpdateWorkspaceRole",
     .writes = true,
     .target = TargetOnWorkspace<RoleArgs, ParseRole<false>, kUpdateWorkspaceRole>,
     .apply = UpdateRoleApply},
};

}  // namespace

std::span<const Operation> MemberOperations() { return kOperations; }

}  // namespace paiam::api::internal::ws
