// paiam/policy — decision names.
#include "policy/decision.h"

namespace paiam::policy {

std::string_view DecisionName(Decision d) {
  switch (d) {
    case Decision::kAllow:
      return "Allow";
    case Decision::kExplicitDeny:
      return "ExplicitDeny";
    case Decision::kImplicitDeny:
      return "ImplicitDeny";
  }
  return "Unknown";  // unreachable for valid enumerators; keeps -Wreturn-type quiet
}

}  // namespace paiam::policy
