// paiam/identity — principal and RAM entity ARNs.
#include "identity/arn.h"

#include <string>

namespace paiam::identity {
namespace {

constexpr std::string_view kRamPrefix = "acs:ram::";

std::string Join(std::string_view a, std::string_view b, std::string_view c,
                 std::string_view d = {}) {
  std::string out;
  out.reserve(a.size() + b.size() + c.size() + d.size());
  out.append(a).append(b).append(c).append(d);
  return out;
}

bool ValidName(std::string_view name) {
  return !name.empty() && name.find_first_of("/:*?") == std::string_view::npos;
}

}  // namespace

std::string RootArn(std::string_view account_id) { return Join(kRamPrefix, account_id, ":root"); }

std::string UserArn(std::string_view account_id, std::string_view user_name) {
  return Join(kRamPrefix, account_id, ":user/", user_name);
}

std::string RoleArn(std::string_view account_id, std::string_view role_name) {
  return Join(kRamPrefix, account_id, ":role/", role_name);
}

std::string GroupArn(std::string_view account_id, std::string_view group_name) {
  return Join("acs:ram:*:", account_id, ":group/", group_name);
}

std::string PolicyArn(PolicyType type, std::string_view account_id, std::string_view name) {
  return Join("acs:ram:*:", type == PolicyType::kSystem ? kSystemPolicyAccount : account_id, ":policy/", name);
}

std::optional<ParsedPrincipalArn> ParsePrincipalArn(std::string_view arn) {
  if (!arn.starts_with(kRamPrefix)) return std::nullopt;
  arn.remove_prefix(kRamPrefix.size());
  const size_t colon = arn.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  ParsedPrincipalArn out;
  out.account_id = arn.substr(0, colon);
  if (out.account_id.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view rest = arn.substr(colon + 1);
  if (rest == "root") {
    out.type = PrincipalType::kRoot;
    return out;
  }
  if (rest.starts_with("user/")) {
    out.type = PrincipalType::kUser;
    out.name = rest.substr(5);
    return ValidName(out.name) ? std::optional(out) : std::nullopt;
  }
  size_t prefix = 0;
  if (rest.starts_with("role/")) prefix = 5;
  if (rest.starts_with("assumed-role/")) prefix = 13;
  if (prefix == 0) return std::nullopt;
  out.type = PrincipalType::kRole;
  rest.remove_prefix(prefix);
  const size_t slash = rest.find('/');
  out.name = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    out.session = rest.substr(slash + 1);
    if (!ValidName(out.session)) return std::nullopt;
  } else if (prefix == 13) {
    return std::nullopt;  // an assumed-role ARN always names its session
  }
  return ValidName(out.name) ? std::optional(out) : std::nullopt;
}

}  // namespace paiam::identity
