// paiam/workspace — workspace roles (built-in and custom) and their compilation to RAM policies.
//
// Owns: RoleDefinition, the resolution of a role to per-action class masks (RoleGrants), and
// the policies the one engine decides with: a role's policy (scoped to a workspace, or to "*"
// for an authorizer that scopes it itself) and the catalog's default-allow policy.
// May depend on: catalog, policy, base.
//
// A compiled role policy has one Allow statement per (action set, class shape):
//   * "<Role>Any": the actions the role may do on every asset; no condition;
//   * one statement per matrix column of the role (roles.csv sub_columns), e.g.
//     "AlgoDeveloperPrivateCreator" with StringEquals pai:Accessibility = PRIVATE and
//     pai:EntityAccessType = CREATOR, or "AlgoOperatorPublic" with pai:Accessibility = PUBLIC
//     only (a three-column role's Public cell covers both public classes);
//   * any remaining single class, with both conditions.
// Statements with no actions are left out. Action entries are the catalog's policy names
// (Action::policy_action), in catalog order. Whenever the request carries both context keys —
// PAI sets both for every asset (design.md) — the PUBLIC-only statement decides exactly as the
// two per-class statements it replaces would.
//
// Scope. Resources are acs:*:*:<account>:workspace/<workspace> and .../workspace/<workspace>/*:
// a workspace role never grants anything outside its workspace. Rows of the matrix whose
// resource is not inside a workspace (the "Off-workspace resources" table: CreateWorkspace,
// ListWorkspaces, the default workspace, quotas) are compiled like the others but can match only
// a request for a resource inside the role's workspace, so in effect a role does not grant them;
// they come from RAM policies such as AliyunPAIFullAccess.
#ifndef PAIAM_WORKSPACE_ROLE_POLICY_H_
#define PAIAM_WORKSPACE_ROLE_POLICY_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "catalog/catalog.h"
#include "policy/ast.h"

namespace paiam::workspace {

// One PermissionRules entry (AIWorkSpace): Accessibility PUBLIC | PRIVATE | ANY,
// EntityAccessType CREATOR | OTHERS | ANY; empty means ANY. See catalog::PermissionRuleMask.
struct PermissionRule {
  std::string accessibility;
  std::string entity_access_type;
};

// One Permissions entry: codes (catalog action names or ids) granted on the union of the rules.
struct CustomPermission {
  std::vector<std::string> codes;
  std::vector<PermissionRule> rules;  // at least one
};

// One ModulePermissions entry. `permissions` is read only for kCustomPermissions.
struct ModulePermission {
  std::string module;  // ModuleName, e.g. "DLC" or "PaiWorkspace@@MemberRole"
  catalog::PermissionLevel level = catalog::PermissionLevel::kNoPrivilege;
  std::vector<CustomPermission> permissions;
};

struct RoleDefinition {
  bool built_in = true;
  std::string id;    // custom roles: RoleId; built-in: empty
  std::string name;  // built-in: any name Catalog::FindRole accepts; custom: RoleName
  std::vector<ModulePermission> modules;  // custom roles only

  static RoleDefinition BuiltIn(std::string name);
  static RoleDefinition Custom(std::string id, std::string name,
                               std::vector<ModulePermission> modules);
};

// What a role grants, resolved against one catalog.
struct RoleGrants {
  std::string policy_name;  // "PaiWorkspaceRole-AlgoDeveloper"
  std::string sid_prefix;   // "AlgoDeveloper"
  // Statement shapes before single classes: the built-in role's matrix columns, or PRIVATE and
  // PUBLIC for custom roles.
  std::vector<catalog::ClassMask> shapes;
  std::vector<catalog::ClassMask> masks;  // indexed by catalog::Action::index
};

// Looks the role up (built-in) or checks its modules, levels, codes and rules (custom).
// Errors are InvalidArgument with rules "workspace.unknown-role",
// "workspace.custom-role.unknown-module", "workspace.custom-role.duplicate-module",
// "workspace.custom-role.unknown-code", "workspace.custom-role.code-outside-module",
// "workspace.custom-role.no-permission-rules", "workspace.custom-role.bad-permission-rule".
// A code outside the module's actions is refused rather than granted: a module level must not
// leak into other modules.
StatusOr<RoleGrants> ResolveRole(const catalog::Catalog& catalog, const RoleDefinition& role);

// acs:*:*:<account>:workspace/<workspace> and acs:*:*:<account>:workspace/<workspace>/*.
std::vector<std::string> WorkspaceResources(std::string_view account_id,
                                            std::string_view workspace_id);

// Resource paths starting with this prefix name resources outside every workspace (the official
// images, data/README.md); all other paths are relative to workspace/<workspace-id>/.
inline constexpr std::string_view kOutsideWorkspacesPrefix = "provider/";
bool OutsideWorkspaces(const catalog::Action& action);

// An example ARN for one action's asset, from the catalog's resource path:
// acs:<ram-code>:<region>:<account>:workspace/<workspace>[/<path>], or
// acs:<ram-code>:<region>:<account>:<path> outside workspaces; placeholders such as {datasetId}
// are kept literally.
std::string AssetArn(const catalog::Action& action, std::string_view region,
                     std::string_view account_id, std::string_view workspace_id);

// The role's policy ("PaiWorkspaceRole-<Role>", version v1) on `resources`.
policy::Policy CompileRolePolicy(const catalog::Catalog& catalog, const RoleGrants& grants,
                                 const std::vector<std::string>& resources);

// ResolveRole + CompileRolePolicy on WorkspaceResources(account_id, workspace_id).
StatusOr<policy::Policy> CompileRolePolicy(const catalog::Catalog& catalog,
                                           const RoleDefinition& role, std::string_view account_id,
                                           std::string_view workspace_id);

// The same statements on Resource "*". Equivalent to the scoped policy for an authorizer that
// applies a member's role only to requests whose resource lies in the role's workspace (which
// the authorizer knows from the ARN before it looks at policies), and cheaper to match.
StatusOr<policy::Policy> CompileRolePolicyAnyWorkspace(const catalog::Catalog& catalog,
                                                       const RoleDefinition& role);

// "PaiDefaultAllow" v1: Allow every default-allow action (its name and its corrected alias).
// Names that no other catalog row uses are allowed on "*" (Sid "AllowedUnlessDenied"). A name a
// role-granted row also uses (PaiImage:GetImage serves both workspace and official images) is
// allowed only on the default-allow row's own resource, acs:<ram-code>:*:*:<path> (or
// .../workspace/*/<path> inside workspaces) with placeholders as "*" (Sids
// "AllowedUnlessDeniedScoped1", ...), so that it does not open the workspace asset to everyone.
policy::Policy CompileDefaultAllowPolicy(const catalog::Catalog& catalog);


}  // namespace paiam::workspace

#endif  // PAIAM_WORKSPACE_ROLE_POLICY_H_
