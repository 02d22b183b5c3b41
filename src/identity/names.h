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
// A policy version id: "v" and 1-9 digits, no leading zero (InvalidParameter.VersionId.Format).
Status ValidateVersionId(std::string_view id);
// A user's e-mail address (InvalidParameter.Email.Format): at most 128 characters, one '@', a
// local part of [A-Za-z0-9._%+-] (1-64) and a domain of two or more dot-separated labels of
// [A-Za-z0-9-] that neither start nor end with '-'. RAM documents no pattern; this is paiam's.
Status ValidateEmail(std::string_view email);
// A user's mobile phone (InvalidParameter.MobilePhone.Format): "<country code>-<number>" as the
// RAM CreateUser page documents it ("国际区号-号码", e.g. 86-18600008888): 1-4 digits, '-', then
// 4-20 digits. The lengths are paiam's (E.164 numbers have at most 15 digits).
Status ValidateMobilePhone(std::string_view phone);

// The same refusal for the request parameter `param`: "InvalidParameter.DisplayName.Length"
// becomes "InvalidParameter.NewDisplayName.Length" for UpdateUser's NewDisplayName. Other
// statuses pass through unchanged.
Status ForParameter(Status status, std::string_view param);

}  // namespace paiam::identity

#endif  // PAIAM_IDENTITY_NAMES_H_
