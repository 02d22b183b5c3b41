// paiam/catalog — what a custom workspace role's module permission levels grant.
//
// A custom role (AIWorkSpace CreateWorkspaceRole) holds, per module, a PermissionType:
//   NoPrivilege        nothing;
//   ReadOnly           READ actions on the caller's own private assets and on all public ones;
//   ReadWrite          ReadOnly, plus WRITE actions on the caller's own private assets;
//   FullAccess         every action of the module on every asset;
//   CustomPermissions  explicit permission codes (catalog action names or ids), each code set
//                      with PermissionRules {Accessibility, EntityAccessType}.
// Which catalog actions a module covers is data: data/custom_role_modules.csv (explained in
// data/README.md, "Custom-role modules"); Catalog::custom_role_modules() holds it resolved.
// Depends on: catalog/asset_class.h, base.
#ifndef PAIAM_CATALOG_CUSTOM_ROLE_LEVELS_H_
#define PAIAM_CATALOG_CUSTOM_ROLE_LEVELS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "catalog/asset_class.h"

namespace paiam::catalog {

enum class PermissionLevel : uint8_t {
  kNoPrivilege,
  kReadOnly,
  kReadWrite,
  kFullAccess,
  kCustomPermissions,
};

// "NoPrivilege", "ReadOnly", "ReadWrite", "FullAccess", "CustomPermissions".
std::string_view PermissionLevelName(PermissionLevel level);
// Case-insensitive; nullopt for anything else.
std::optional<PermissionLevel> ParsePermissionLevel(std::string_view name);

// The classes on which `level` grants an action of `kind`. kCustomPermissions grants nothing by
// itself: its codes do (PermissionRuleMask).
ClassMask LevelGrant(PermissionLevel level, ActionKind kind);

// One PermissionRules entry: Accessibility PUBLIC | PRIVATE | ANY and EntityAccessType
// CREATOR | OTHERS | ANY (an empty string means ANY). The rule covers the product of the two,
// e.g. {PRIVATE, CREATOR} = PRIVATE_CREATOR, {ANY, CREATOR} = PRIVATE_CREATOR | PUBLIC_CREATOR.
// (The AIWorkSpace API notes that EntityAccessType matters only for PRIVATE assets; a client that
// means "all public assets" sends {PUBLIC, ANY}.) Case-insensitive; InvalidArgument with rule
// "workspace.custom-role.bad-permission-rule" otherwise.
StatusOr<ClassMask> PermissionRuleMask(std::string_view accessibility, std::string_view entity);

// One AIWorkSpace ModuleName and the catalog rows it covers (by Action::index, in file order).
// A row belongs to at most one module; rows outside every module (e.g. EAS, LangStudio, AutoML,
// the off-workspace rows) cannot be granted by custom roles.
struct CustomRoleModule {
  std::string name;  // "DLC", "PaiWorkspace@@MemberRole", ...
  std::vector<uint32_t> actions;
};

}  // namespace paiam::catalog

#endif  // PAIAM_CATALOG_CUSTOM_ROLE_LEVELS_H_
