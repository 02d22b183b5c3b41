// paiam/identity — principal and RAM entity ARNs: building them and reading them back.
//
// Forms (shared/spec/ram-policy.md, "RAM ARNs"):
//   acs:ram::<account>:root            the account's root identity
//   acs:ram::<account>:user/<name>     a RAM user
//   acs:ram::<account>:role/<name>     a RAM role; a session ARN role/<name>/<session> is
//                                      accepted by ParsePrincipalArn and names the role
//   acs:ram::<account>:assumed-role/<name>/<session>   as GetCallerIdentity shows a session
//   acs:ram:*:<account>:group/<name>, acs:ram:*:<account>:policy/<name>,
//   acs:ram:*:system:policy/<name>
// Parsing never allocates: the result views into the argument.
#ifndef PAIAM_IDENTITY_ARN_H_
#define PAIAM_IDENTITY_ARN_H_

#include <optional>
#include <string>
#include <string_view>

#include "identity/entities.h"

namespace paiam::identity {

// The account part of a system policy's ARN: shared by every account.
inline constexpr std::string_view kSystemPolicyAccount = "system";

std::string RootArn(std::string_view account_id);
std::string UserArn(std::string_view account_id, std::string_view user_name);
std::string RoleArn(std::string_view account_id, std::string_view role_name);
std::string GroupArn(std::string_view account_id, std::string_view group_name);
// A custom policy's ARN; for a system policy pass PolicyType::kSystem (account is ignored).
std::string PolicyArn(PolicyType type, std::string_view account_id, std::string_view name);

struct ParsedPrincipalArn {
  PrincipalType type = PrincipalType::kRoot;
  std::string_view account_id;
  std::string_view name;     // empty for root
  std::string_view session;  // role sessions only
};

// Reads a root, user or role (session) ARN. nullopt for anything else, including group and
// policy ARNs and ARNs whose account is empty or "*".
std::optional<ParsedPrincipalArn> ParsePrincipalArn(std::string_view arn);

}  // namespace paiam::identity

#endif  // PAIAM_IDENTITY_ARN_H_
