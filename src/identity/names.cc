// paiam/identity — name and length rules of RAM entities.
#include "identity/names.h"

#include <string>

namespace paiam::identity {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool AllOf(std::string_view text, std::string_view extra) {
  for (char c : text) {
    if (!IsAsciiAlnum(c) && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

Status Invalid(std::string_view param, std::string_view reason, std::string message) {
  return Status(StatusCode::kInvalidArgument,
                "InvalidParameter." + std::string(param) + "." + std::string(reason),
                std::move(message));
}

// A name of 1..max characters drawn from letters, digits and `extra`.
Status CheckName(std::string_view param, std::string_view what, std::string_view name, size_t max,
                 std::string_view extra, std::string_view allowed) {
  if (name.empty() || name.size() > max) {
    return Invalid(param, "Length",
                   std::string(what) + " must be 1-" + std::to_string(max) +
                       " characters long, got " + std::to_string(CountChars(name)));
  }
  if (!AllOf(name, extra)) {
    return Invalid(param, "InvalidChars",
                   std::string(what) + " '" + std::string(name) + "' may only contain " +
                       std::string(allowed));
  }
  return Status::Ok();
}

Status CheckLength(std::string_view param, std::string_view what, std::string_view text, size_t min,
                   size_t max) {
  const size_t n = CountChars(text);
  if (n < min || n > max) {
    return Invalid(param, "Length",
                   std::string(what) + " must be " + std::to_string(min) + "-" +
                       std::to_string(max) + " characters long, got " + std::to_string(n));
  }
  return Status::Ok();
}

Status CheckDigits(std::string_view param, std::string_view what, std::string_view id) {
  if (id.empty() || id.size() > 32 ||
      id.find_first_not_of("0123456789") != std::string_view::npos) {
    return Invalid(
        param, "Format",
        std::string(what) + " must be 1-32 decimal digits, got '" + std::string(id) + "'");
  }
  return Status::Ok();
}

}  // namespace

size_t CountChars(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;  // count lead bytes only
  return n;
}

Status ValidateAccountId(std::string_view id) { return CheckDigits("AccountId", "account id", id); }
Status ValidateNumericId(std::string_view id) { return CheckDigits("Id", "id", id); }

Status ValidateAccountAlias(std::string_view alias) {
  const bool shape_ok =
      alias.size() >= 3 && alias.size() <= 63 && alias.front() != '-' && alias.back() != '-' &&
      alias.find("--") == std::string_view::npos &&
      alias.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos;
  if (shape_ok) return Status::Ok();
  return Status(StatusCode::kInvalidArgument, "InvalidParameter.AccountAlias.Format",
                "account alias '" + std::string(alias) +
                    "' must be 3-63 lower-case letters, digits and '-', with no leading, "
                    "trailing or doubled '-'");
}

Status ValidateUserName(std::string_view name) {
  return CheckName("UserName", "user name", name, 64, "._-", "letters, digits, '.', '_' and '-'");
}

Status ValidateGroupName(std::string_view name) {
  return CheckName("GroupName", "group name", name, 64, "._-", "letters, digits, '.', '_' and '-'");
}

Status ValidatePolicyName(std::string_view name) {
  return CheckName("PolicyName", "policy name", name, 128, "-", "letters, digits and '-'");
}

Status ValidateRoleName(std::string_view name) {
  return CheckName("RoleName", "role name", name, 64, ".-", "letters, digits, '.' and '-'");
}

Status ValidateDisplayName(std::string_view name) {
  return CheckLength("DisplayName", "display name", name, 1, 128);
}

Status ValidateComments(std::string_view comments) {
  return CheckLength("Comments", "comments", comments, 0, 128);
}

Status ValidateDescription(std::string_view text) {
  return CheckLength("Description", "description", text, 0, 1024);
}

}  // namespace paiam::identity
