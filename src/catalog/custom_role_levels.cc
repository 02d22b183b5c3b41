// The meaning of custom-role permission levels and rules (custom_role_levels.h). Which actions a
// module covers is data (data/custom_role_modules.csv) and is resolved by catalog.cc.
#include "catalog/custom_role_levels.h"

#include <array>

#include "catalog/text.h"

namespace paiam::catalog {
namespace {

using internal::EqualsIgnoreCase;

constexpr std::array<std::string_view, 5> kLevelNames = {"NoPrivilege", "ReadOnly", "ReadWrite",
                                                         "FullAccess", "CustomPermissions"};

// The classes an Accessibility or EntityAccessType value admits; kNoClass if it is not one.
ClassMask AccessibilityMask(std::string_view v) {
  if (EqualsIgnoreCase(v, "PUBLIC")) return kPublic;
  if (EqualsIgnoreCase(v, "PRIVATE")) return kPrivate;
  if (v.empty() || EqualsIgnoreCase(v, "ANY")) return kAnyClass;
  return kNoClass;
}
ClassMask EntityMask(std::string_view v) {
  if (EqualsIgnoreCase(v, "CREATOR")) return kCreator;
  if (EqualsIgnoreCase(v, "OTHERS")) return kOthers;
  if (v.empty() || EqualsIgnoreCase(v, "ANY")) return kAnyClass;
  return kNoClass;
}

}  // namespace

std::string_view PermissionLevelName(PermissionLevel level) {
  return kLevelNames[static_cast<size_t>(level)];
}

std::optional<PermissionLevel> ParsePermissionLevel(std::string_view name) {
  for (size_t i = 0; i < kLevelNames.size(); ++i) {
    if (EqualsIgnoreCase(name, kLevelNames[i])) return static_cast<PermissionLevel>(i);
  }
  return std::nullopt;
}

ClassMask LevelGrant(PermissionLevel level, ActionKind kind) {
  // "View own and public" and "also edit and run own" (issue 3): READ covers the caller's own
  // private assets and every public one; WRITE only the caller's own private assets.
  constexpr ClassMask kOwnAndPublic = kPrivateCreator | kPublic;
  switch (level) {
    case PermissionLevel::kNoPrivilege:
    case PermissionLevel::kCustomPermissions:
      return kNoClass;
    case PermissionLevel::kReadOnly:
      return kind == ActionKind::kRead ? kOwnAndPublic : kNoClass;
    case PermissionLevel::kReadWrite:
      return kind == ActionKind::kRead ? kOwnAndPublic : kPrivateCreator;
    case PermissionLevel::kFullAccess:
      return kAnyClass;
  }
  return kNoClass;
}

StatusOr<ClassMask> PermissionRuleMask(std::string_view accessibility, std::string_view entity) {
  const ClassMask a = AccessibilityMask(accessibility);
  const ClassMask e = EntityMask(entity);
  if (a == kNoClass || e == kNoClass) {
    return Status(StatusCode::kInvalidArgument, "workspace.custom-role.bad-permission-rule",
                  "permission rule {Accessibility: \"" + std::string(accessibility) +
                      "\", EntityAccessType: \"" + std::string(entity) +
                      "\"}: expected Accessibility PUBLIC, PRIVATE or ANY and EntityAccessType "
                      "CREATOR, OTHERS or ANY");
  }
  return static_cast<ClassMask>(a & e);
}

}  // namespace paiam::catalog
