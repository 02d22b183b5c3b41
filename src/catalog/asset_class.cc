// Names and parsing of the class vocabulary: the words of role_grants.csv and of the
// pai:Accessibility / pai:EntityAccessType context values.
#include "catalog/asset_class.h"

#include <array>

#include "catalog/text.h"

namespace paiam::catalog {
namespace {

constexpr std::array<std::string_view, 4> kClassNames = {"PRIVATE_CREATOR", "PRIVATE_OTHERS",
                                                         "PUBLIC_CREATOR", "PUBLIC_OTHERS"};

using internal::EqualsIgnoreCase;

}  // namespace

std::string_view ClassName(AssetClass c) { return kClassNames[static_cast<size_t>(c)]; }

std::string_view AccessibilityValue(AssetClass c) {
  return (MaskOf(c) & kPublic) != 0 ? "PUBLIC" : "PRIVATE";
}

std::string_view EntityAccessTypeValue(AssetClass c) {
  return (MaskOf(c) & kCreator) != 0 ? "CREATOR" : "OTHERS";
}

std::optional<AssetClass> ParseClass(std::string_view accessibility, std::string_view entity) {
  for (AssetClass c : kAllClasses) {
    if (EqualsIgnoreCase(accessibility, AccessibilityValue(c)) &&
        EqualsIgnoreCase(entity, EntityAccessTypeValue(c))) {
      return c;
    }
  }
  return std::nullopt;
}

std::optional<ClassMask> ParseClassMask(std::string_view name) {
  for (AssetClass c : kAllClasses) {
    if (name == ClassName(c)) return MaskOf(c);
  }
  if (name == "PUBLIC") return kPublic;
  if (name == "ANY") return kAnyClass;
  return std::nullopt;
}

std::string ClassMaskName(ClassMask mask) {
  if ((mask & kAnyClass) == kAnyClass) return "ANY";
  std::string out;
  auto add = [&out](std::string_view part) {
    if (!out.empty()) out += '|';
    out += part;
  };
  for (AssetClass c : {AssetClass::kPrivateCreator, AssetClass::kPrivateOthers}) {
    if (Contains(mask, c)) add(ClassName(c));
  }
  if ((mask & kPublic) == kPublic) {
    add("PUBLIC");
  } else {
    for (AssetClass c : {AssetClass::kPublicCreator, AssetClass::kPublicOthers}) {
      if (Contains(mask, c)) add(ClassName(c));
    }
  }
  return out;
}

}  // namespace paiam::catalog
