// paiam/workspace — Workspaces: members and their roles, and custom roles (seed 004, "Members
// and roles"; AIWorkSpace CreateMember, DeleteMembers, AddMemberRole, RemoveMemberRole,
// ListMembers, *WorkspaceRole).
//
// Rule ids of this file (all "workspace."): member-user-not-found, member-account,
// member-exists, member-duplicate, member-needs-a-role, member-not-found, role-unknown,
// owner-role-is-assigned-at-creation, member-has-role, member-lacks-role,
// owner-role-is-permanent, member-keeps-a-role, custom-role.name-invalid,
// custom-role.name-unique, custom-role.id-taken, custom-role.unknown-module,
// custom-role.duplicate-module, custom-role.level-permissions-mismatch, custom-role.not-found,
// custom-role.in-use, and ResolveRole's custom-role.* ids (role_policy.h).
#include <algorithm>
#include <set>

#include "workspace/workspace_internal.h"
#include "workspace/workspaces.h"

namespace paiam::workspace {

using internal::Chars;
using internal::Exists;
using internal::Invalid;
using internal::NotFound;
using internal::Quote;
using internal::Refused;

namespace {

constexpr size_t kMaxCustomRoleNameChars = 64;  // unstated by the API; RAM's role-name limit

Status MemberNotFound(std::string_view workspace_id, std::string_view member_id) {
  return NotFound("member-not-found",
                  "workspace " + Quote(workspace_id) + " has no member " + Quote(member_id));
}

// MemberId is "<WorkspaceId>-<UserId>", so the user id is what follows the prefix.
std::string_view UserOfMemberId(std::string_view workspace_id, std::string_view member_id) {
  if (member_id.size() <= workspace_id.size() + 1 || !member_id.starts_with(workspace_id) ||
      member_id[workspace_id.size()] != '-') {
    return {};
  }
  return member_id.substr(workspace_id.size() + 1);
}

Member* MemberIn(Workspace& ws, std::string_view member_id) {
  auto it = ws.members.find(UserOfMemberId(ws.id, member_id));
  return it == ws.members.end() ? nullptr : &it->second;
}

bool HoldsSharedRole(const Member& member) {
  return std::any_of(member.roles.begin(), member.roles.end(),
                     [](const std::string& r) { return IsDataWorksSharedRole(r); });
}

// The name ListMembers matches MemberName against: the user's or role's name, the account's
// alias (or id) for the root.
std::string PrincipalName(const identity::Directory& directory, const Member& member) {
  if (const identity::User* user = directory.FindUserById(member.user_id)) return user->name;
  if (const identity::Role* role = directory.FindRoleById(member.user_id)) return role->name;
  if (const identity::Account* account = directory.FindAccount(member.user_id)) {
    return account->alias.empty() ? account->id : account->alias;
  }
  return member.user_id;
}

// Checks what ResolveRole does not: exact AIWorkSpace module names, each once, and that only
// CustomPermissions carries permissions (and does carry them).
Status CheckModules(const std::vector<ModulePermission>& modules) {
  std::set<std::string_view> seen;
  for (const ModulePermission& m : modules) {
    if (!IsCustomRoleModule(m.module)) {
      return Invalid("custom-role.unknown-module",
                     "unknown module " + Quote(m.module) +
                         "; custom roles grant on PaiDesigner, Paiflow, DSW, DLC, Dataset, "
                         "Model, Image, CodeSource, PaiWorkspace@@Workspace, "
                         "PaiWorkspace@@MemberRole, PaiWorkspace@@Resource, "
                         "PaiWorkspace@@Config and ArtLab");
    }
    if (!seen.insert(m.module).second) {
      return Invalid("custom-role.duplicate-module",
                     "module " + Quote(m.module) + " appears more than once");
    }
    const bool custom = m.level == catalog::PermissionLevel::kCustomPermissions;
    if (custom == m.permissions.empty()) {
      return Invalid("custom-role.level-permissions-mismatch",
                     "module " + Quote(m.module) + ": " +
                         (custom ? "CustomPermissions needs at least one permission"
                                 : "only CustomPermissions takes explicit permissions, not " +
                                       std::string(catalog::PermissionLevelName(m.level))));
    }
  }
  return Status::Ok();
}

}  // namespace

Status Workspaces::CheckRole(const Workspace& ws, std::string_view role) const {
  if (role == kRoleWorkspaceOwner) {
    return Invalid("owner-role-is-assigned-at-creation",
                   "the Owner role is assigned automatically to the workspace's creator and "
                   "cannot be granted");
  }
  if (IsBuiltinRole(role) || ws.custom_roles.contains(role)) return Status::Ok();
  return Invalid("role-unknown", "unknown role " + Quote(role) +
                                     ": expected a built-in role (PAI.WorkspaceAdmin, "
                                     "PAI.AlgoDeveloper, PAI.AlgoOperator, PAI.LabelManager, "
                                     "PAI.WorkspaceGuest, PAI.MaxComputeDeveloper) or the id of "
                                     "a custom role of workspace " +
                                     Quote(ws.id));
}

void Workspaces::RecordDataWorksRemoval(const Workspace& ws, const Member& member) {
  events_.push_back(WorkspaceEvent{
      EventKind::kRemovedFromDataWorksWorkspace, ws.id, member.user_id,
      "user " + member.user_id + " removed from DataWorks workspace " + ws.name, now_});
}

// --- members -------------------------------------------------------------------------------

StatusOr<std::vector<Member>> Workspaces::AddMembers(std::string_view workspace_id,
                                                     std::span<const MemberSpec> members,
                                                     const identity::Directory& directory) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  std::vector<Member> added;
  std::set<std::string_view> in_request;
  for (const MemberSpec& spec : members) {
    std::optional<identity::Principal> principal = directory.PrincipalById(spec.user_id);
    if (!principal) {
      return NotFound("member-user-not-found",
                      "no account, RAM user or RAM role has id " + Quote(spec.user_id));
    }
    if (principal->account_id != ws->account_id) {
      return Invalid("member-account", Quote(principal->arn) + " is not in account " +
                                           Quote(ws->account_id) + " of workspace " +
                                           Quote(ws->id));
    }
    if (ws->members.contains(spec.user_id)) {
      return Exists("member-exists", Quote(principal->arn) +
                                         " is already a member of "
                                         "workspace " +
                                         Quote(ws->id));
    }
    if (!in_request.insert(spec.user_id).second) {
      return Invalid("member-duplicate", Quote(spec.user_id) + " is listed twice");
    }
    if (spec.roles.empty()) {
      return Invalid("member-needs-a-role", "each member must have at least one role; " +
                                                Quote(principal->arn) + " has none");
    }
    Member member;
    for (const std::string& role : spec.roles) {
      if (Status s = CheckRole(*ws, role); !s.ok()) return s;
      if (!member.HasRole(role)) member.roles.push_back(role);
    }
    member.member_id = ws->id + "-" + spec.user_id;
    member.user_id = spec.user_id;
    member.arn = principal->arn;
    member.account_type = principal->account_type();
    member.create_time = now_;
    added.push_back(std::move(member));
  }
  for (const Member& member : added) ws->members.emplace(member.user_id, member);
  return added;
}

const Member* Workspaces::FindMember(std::string_view workspace_id,
                                     std::string_view user_id) const {
  const Workspace* ws = FindWorkspace(workspace_id);
  if (ws == nullptr) return nullptr;
  auto it = ws->members.find(user_id);
  return it == ws->members.end() ? nullptr : &it->second;
}

const Member* Workspaces::FindMemberById(std::string_view workspace_id,
                                         std::string_view member_id) const {
  std::string_view user_id = UserOfMemberId(workspace_id, member_id);
  return user_id.empty() ? nullptr : FindMember(workspace_id, user_id);
}

std::span<const std::string> Workspaces::MemberRoles(std::string_view workspace_id,
                                                     std::string_view user_id) const {
  const Member* member = FindMember(workspace_id, user_id);
  return member == nullptr ? std::span<const std::string>() : member->roles;
}

Status Workspaces::AddMemberRole(std::string_view workspace_id, std::string_view member_id,
                                 std::string_view role) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  Member* member = MemberIn(*ws, member_id);
  if (member == nullptr) return MemberNotFound(workspace_id, member_id);
  if (Status s = CheckRole(*ws, role); !s.ok()) return s;
  if (member->HasRole(role)) {
    return Exists("member-has-role",
                  "member " + Quote(member_id) + " already has role " + Quote(role));
  }
  member->roles.emplace_back(role);
  ws->modify_time = now_;
  return Status::Ok();
}

Status Workspaces::RemoveMemberRole(std::string_view workspace_id, std::string_view member_id,
                                    std::string_view role) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  Member* member = MemberIn(*ws, member_id);
  if (member == nullptr) return MemberNotFound(workspace_id, member_id);
  auto it = std::find(member->roles.begin(), member->roles.end(), role);
  if (it == member->roles.end()) {
    return NotFound("member-lacks-role",
                    "member " + Quote(member_id) + " does not have role " + Quote(role));
  }
  if (role == kRoleWorkspaceOwner) {
    return Refused("owner-role-is-permanent",
                   "the Owner role cannot be removed from member " + Quote(member_id));
  }
  if (member->roles.size() == 1) {
    return Refused("member-keeps-a-role",
                   "each member must have at least one role: " + Quote(role) +
                       " is the last role of member " + Quote(member_id) +
                       "; add another role first or remove the member");
  }
  const bool was_shared = HoldsSharedRole(*member);
  member->roles.erase(it);
  if (was_shared && !HoldsSharedRole(*member)) RecordDataWorksRemoval(*ws, *member);
  ws->modify_time = now_;
  return Status::Ok();
}

Status Workspaces::RemoveMembers(std::string_view workspace_id,
                                 std::span<const std::string> member_ids) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  std::vector<std::string> users;  // user ids to remove, each once
  for (const std::string& member_id : member_ids) {
    const Member* member = FindMemberById(workspace_id, member_id);
    if (member == nullptr) return MemberNotFound(workspace_id, member_id);
    if (member->HasRole(kRoleWorkspaceOwner)) {
      return Refused("owner-role-is-permanent",
                     "member " + Quote(member_id) +
                         " is the workspace's Owner; the Owner role cannot be removed, so "
                         "neither can the Owner");
    }
    if (std::find(users.begin(), users.end(), member->user_id) == users.end()) {
      users.push_back(member->user_id);
    }
  }
  for (const std::string& user : users) {
    auto it = ws->members.find(user);
    if (HoldsSharedRole(it->second)) RecordDataWorksRemoval(*ws, it->second);
    ws->members.erase(it);
  }
  ws->modify_time = now_;
  return Status::Ok();
}

StatusOr<Page<Member>> Workspaces::ListMembers(std::string_view workspace_id,
                                               const MemberFilter& filter,
                                               const identity::Directory& directory) const {
  const Workspace* ws = FindWorkspace(workspace_id);
  if (ws == nullptr) {
    return NotFound("not-found", "workspace " + Quote(workspace_id) + " does not exist");
  }
  if (Status s = internal::CheckPaging(filter.page_number, filter.page_size); !s.ok()) return s;
  std::vector<const Member*> matches;
  for (const auto& entry : ws->members) {
    const Member& member = entry.second;  // a plain reference: lambdas below capture it
    if (!filter.user_id.empty() && member.user_id != filter.user_id) continue;
    if (!filter.roles.empty() &&
        std::none_of(filter.roles.begin(), filter.roles.end(),
                     [&](const std::string& r) { return member.HasRole(r); })) {
      continue;
    }
    if (!filter.member_name_contains.empty() &&
        PrincipalName(directory, member).find(filter.member_name_contains) == std::string::npos) {
      continue;
    }
    matches.push_back(&member);
  }
  std::sort(matches.begin(), matches.end(),
            [](const Member* a, const Member* b) { return a->member_id < b->member_id; });
  Page<Member> page;
  page.total_count = matches.size();
  const auto [begin, end] =
      internal::PageBounds(matches.size(), filter.page_number, filter.page_size);
  page.items.assign(matches.begin() + begin, matches.begin() + end);
  return page;
}

// --- custom roles --------------------------------------------------------------------------

namespace {

Status CheckCustomRole(const Workspace& ws, const CustomRoleSpec& spec, std::string_view id,
                       const catalog::Catalog& role_catalog) {
  if (spec.name.empty() || Chars(spec.name) > kMaxCustomRoleNameChars) {
    return Invalid(
        "custom-role.name-invalid",
        "a custom role name must be 1-" + std::to_string(kMaxCustomRoleNameChars) + " characters");
  }
  for (const auto& [other_id, role] : ws.custom_roles) {
    if (other_id != id && role.name == spec.name) {
      return Exists(
          "custom-role.name-unique",
          "workspace " + Quote(ws.id) + " already has a custom role named " + Quote(spec.name));
    }
  }
  if (Status s = CheckModules(spec.modules); !s.ok()) return s;
  StatusOr<RoleGrants> grants =
      ResolveRole(role_catalog, RoleDefinition::Custom(std::string(id), spec.name, spec.modules));
  return grants.ok() ? Status::Ok() : grants.status();
}

}  // namespace

StatusOr<std::string> Workspaces::CreateCustomRole(std::string_view workspace_id,
                                                   const CustomRoleSpec& spec,
                                                   const catalog::Catalog& role_catalog) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  if (!spec.id.empty() && (IsBuiltinRole(spec.id) || ws->custom_roles.contains(spec.id) ||
                           spec.id.find_first_of(",/") != std::string::npos)) {
    return Exists("custom-role.id-taken",
                  "custom role id " + Quote(spec.id) + " is taken or names a built-in role");
  }
  std::string id = spec.id;
  while (id.empty() || ws->custom_roles.contains(id)) id = NextId("role-");
  if (Status s = CheckCustomRole(*ws, spec, id, role_catalog); !s.ok()) return s;
  CustomRole role{id, spec.name, spec.modules, now_, now_};
  ws->custom_roles.emplace(id, std::move(role));
  ws->modify_time = now_;
  return id;
}

Status Workspaces::UpdateCustomRole(std::string_view workspace_id, std::string_view role_id,
                                    const CustomRoleSpec& spec,
                                    const catalog::Catalog& role_catalog) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  auto it = ws->custom_roles.find(role_id);
  if (it == ws->custom_roles.end()) {
    return NotFound("custom-role.not-found",
                    "workspace " + Quote(workspace_id) + " has no custom role " + Quote(role_id));
  }
  if (Status s = CheckCustomRole(*ws, spec, role_id, role_catalog); !s.ok()) return s;
  it->second.name = spec.name;
  it->second.modules = spec.modules;
  it->second.update_time = now_;
  ws->modify_time = now_;
  return Status::Ok();
}

Status Workspaces::DeleteCustomRoles(std::string_view workspace_id,
                                     std::span<const std::string> role_ids) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  for (const std::string& id : role_ids) {
    if (!ws->custom_roles.contains(id)) {
      return NotFound("custom-role.not-found",
                      "workspace " + Quote(workspace_id) + " has no custom role " + Quote(id));
    }
    for (const auto& [_, member] : ws->members) {
      if (member.HasRole(id)) {
        return Refused(
            "custom-role.in-use",
            "custom role " + Quote(id) + " is still assigned to member " + Quote(member.member_id));
      }
    }
  }
  for (const std::string& id : role_ids) ws->custom_roles.erase(id);
  ws->modify_time = now_;
  return Status::Ok();
}

const CustomRole* Workspaces::FindCustomRole(std::string_view workspace_id,
                                             std::string_view role_id) const {
  const Workspace* ws = FindWorkspace(workspace_id);
  if (ws == nullptr) return nullptr;
  auto it = ws->custom_roles.find(role_id);
  return it == ws->custom_roles.end() ? nullptr : &it->second;
}

}  // namespace paiam::workspace
