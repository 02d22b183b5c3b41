// paiam/catalog — the creator/visibility classes of PAI assets and the kinds of actions: the
// vocabulary of the role matrix (data/README.md, role_grants.csv `class`) and of custom roles.
// Depends on nothing.
#ifndef PAIAM_CATALOG_ASSET_CLASS_H_
#define PAIAM_CATALOG_ASSET_CLASS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace paiam::catalog {

// The condition keys PAI sets on every asset request (design.md, "One engine").
inline constexpr std::string_view kAccessibilityKey = "pai:Accessibility";
inline constexpr std::string_view kEntityAccessTypeKey = "pai:EntityAccessType";

// The four creator/visibility classes of an asset, as seen by the caller.
enum class AssetClass : uint8_t {
  kPrivateCreator = 0,  // PRIVATE asset the caller created
  kPrivateOthers = 1,   // PRIVATE asset someone else created
  kPublicCreator = 2,   // PUBLIC asset the caller created
  kPublicOthers = 3,    // PUBLIC asset someone else created
};
inline constexpr AssetClass kAllClasses[] = {AssetClass::kPrivateCreator,
                                             AssetClass::kPrivateOthers, AssetClass::kPublicCreator,
                                             AssetClass::kPublicOthers};

// A set of classes: bit (1 << class). role_grants.csv's PUBLIC is both public bits, ANY all four.
using ClassMask = uint8_t;
inline constexpr ClassMask kNoClass = 0;
inline constexpr ClassMask kPrivateCreator = 1u << 0;
inline constexpr ClassMask kPrivateOthers = 1u << 1;
inline constexpr ClassMask kPublicCreator = 1u << 2;
inline constexpr ClassMask kPublicOthers = 1u << 3;
inline constexpr ClassMask kPrivate = kPrivateCreator | kPrivateOthers;
inline constexpr ClassMask kPublic = kPublicCreator | kPublicOthers;
inline constexpr ClassMask kCreator = kPrivateCreator | kPublicCreator;
inline constexpr ClassMask kOthers = kPrivateOthers | kPublicOthers;
inline constexpr ClassMask kAnyClass = kPrivate | kPublic;

constexpr ClassMask MaskOf(AssetClass c) {
  return static_cast<ClassMask>(1u << static_cast<int>(c));
}
constexpr bool Contains(ClassMask mask, AssetClass c) { return (mask & MaskOf(c)) != 0; }
constexpr AssetClass ClassOf(bool is_public, bool caller_is_creator) {
  return static_cast<AssetClass>((is_public ? 2 : 0) + (caller_is_creator ? 0 : 1));
}

// "PRIVATE_CREATOR", ... as role_grants.csv spells them.
std::string_view ClassName(AssetClass c);
// The context values of a class: "PUBLIC"/"PRIVATE" and "CREATOR"/"OTHERS".
std::string_view AccessibilityValue(AssetClass c);
std::string_view EntityAccessTypeValue(AssetClass c);
// The class of a (pai:Accessibility, pai:EntityAccessType) pair, case-insensitively;
// nullopt for anything else.
std::optional<AssetClass> ParseClass(std::string_view accessibility, std::string_view entity);
// A role_grants.csv class name (the four classes, PUBLIC or ANY) as a mask; nullopt if unknown.
std::optional<ClassMask> ParseClassMask(std::string_view name);
// "PRIVATE_CREATOR|PUBLIC", "ANY", "" : the shortest rendering in the CSV vocabulary.
std::string ClassMaskName(ClassMask mask);

enum class ActionKind : uint8_t { kRead, kWrite };  // data/README.md rule 1

}  // namespace paiam::catalog

#endif  // PAIAM_CATALOG_ASSET_CLASS_H_
