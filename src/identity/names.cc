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

namespace {

bool IsDigits(std::string_view text, size_t min, size_t max) {
  return text.size() >= min && text.size() <= max &&
         text.find_first_not_of("0123456789") == std::string_view::npos;
}

bool IsDomain(std::string_view domain) {
  size_t labels = 0;
  while (true) {
    const size_t dot = domain.find('.');
    std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
        !AllOf(label, "-")) {
      return false;
    }
    ++labels;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  return labels >= 2;
}

}  // namespace

Status ValidateVersionId(std::string_view id) {
  if (id.size() >= 2 && id.size() <= 10 && id[0] == 'v' && id[1] != '0' &&
      IsDigits(id.substr(1), 1, 9)) {
    return Status::Ok();
  }
  return Status(StatusCode::kInvalidArgument, "InvalidParameter.VersionId.Format",
                "version id '" + std::string(id) + "' must look like v1, v2, ...");
}

Status ValidateEmail(std::string_view email) {
  const size_t at = email.find('@');
  const bool ok = email.size() <= 128 && at != std::string_view::npos && at >= 1 && at <= 64 &&
                  AllOf(email.substr(0, at), "._%+-") && IsDomain(email.substr(at + 1));
  if (ok) return Status::Ok();
  return Status(StatusCode::kInvalidArgument, "InvalidParameter.Email.Format",
                "email '" + std::string(email) +
                    "' must look like name@example.com (at most 128 characters)");
}

Status ValidateMobilePhone(std::string_view phone) {
  const size_t dash = phone.find('-');
  const bool ok = dash != std::string_view::npos && IsDigits(phone.substr(0, dash), 1, 4) &&
                  IsDigits(phone.substr(dash + 1), 4, 20);
  if (ok) return Status::Ok();
  return Status(StatusCode::kInvalidArgument, "InvalidParameter.MobilePhone.Format",
                "mobile phone '" + std::string(phone) +
                    "' must be <country code>-<number>, e.g. 86-18600008888");
}

Status ForParameter(Status status, std::string_view param) {
  constexpr std::string_view kPrefix = "InvalidParameter.";
  const std::string& rule = status.rule();
  if (rule.rfind(kPrefix, 0) != 0) return status;
  const size_t reason = rule.find('.', kPrefix.size());
  if (reason == std::string::npos) return status;
  return Status(status.code(), std::string(kPrefix) + std::string(param) + rule.substr(reason),
                status.message());
}

}  // namespace paiam::identity
