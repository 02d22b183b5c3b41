// paiam/identity — the name and length rules of RAM entities (shared/spec/alibaba-api.md §2.2,
// ram-policy.md Limits). Each check returns OK or an InvalidArgument Status whose rule is the
// Alibaba error code the RAM API returns for it, e.g. "InvalidParameter.UserName.InvalidChars",
// so that the API layer can answer with it unchanged.
#ifndef PAIAM_IDENTITY_NAMES_H_
#define PAIAM_IDENTITY_NAMES_H_

#include <cstddef>
#include <string_view>

#include "base/status.h"

namespace paiam::identity {

// Counts UTF-8 code points: RAM limits are in characters, not bytes.
size_t CountChars(std::string_view text);

Status ValidateAccountId(std::string_view id);  // 1-32 ASCII digits
Status ValidateAccountAlias(
    std::string_view alias);                     // 3-63 of [a-z0-9-], '-' only inside, not doubled
Status ValidateUserName(std::string_view name);  // 1-64 of [A-Za-z0-9._-]
Status ValidateDisplayName(std::string_view name);   // 1-128 characters
Status ValidateComments(std::string_view comments);  // 0-128 characters
Status ValidateGroupName(std::string_view name);     // 1-64 of [A-Za-z0-9._-] (SDK rule)
Status ValidatePolicyName(std::string_view name);    // 1-128 of [A-Za-z0-9-]
Status ValidateDescription(std::string_view text);   // 0-1,024 characters
Status ValidateRoleName(std::string_view name);      // 1-64 of [A-Za-z0-9.-]
Status ValidateNumericId(std::string_view id);       // user and role ids: 1-32 ASCII digits

}  // namespace paiam::identity

#endif  // PAIAM_IDENTITY_NAMES_H_
