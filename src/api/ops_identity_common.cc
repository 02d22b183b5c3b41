// paiam/api — what the RAM identity operations share (ops_identity_internal.h): dates, ARNs,
// parameter readers, paging, and RAM's response shapes.
#include <cstdint>
#include <cstdio>

#include "api/ops_identity_internal.h"
#include "identity/arn.h"
#include "identity/names.h"

namespace paiam::api::internal::ram {
namespace {

// Days since 1970-01-01 to a proleptic Gregorian (year, month, day); H. Hinnant's
// civil_from_days. No libc time functions: they depend on the locale and the TZ setting.
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2 ? 1 : 0);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

std::string RamArn(std::string_view account_id, std::string_view kind, std::string_view name) {
  std::string out = "acs:ram:*:";
  out.append(account_id).append(":").append(kind).append("/").append(name);
  return out;
}

}  // namespace

std::string FormatDate(identity::UnixMillis time) {
  const int64_t seconds = FloorDiv(time, 1000);
  const int64_t days = FloorDiv(seconds, 86400);
  const int64_t in_day = seconds - days * 86400;
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  CivilFromDays(days, &year, &month, &day);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(year), month, day, static_cast<long long>(in_day / 3600),
                static_cast<long long>(in_day / 60 % 60), static_cast<long long>(in_day % 60));
  return buffer;
}

std::string AccountResource(std::string_view account_id) {
  return "acs:ram:*:" + std::string(account_id) + ":*";
}
std::string UserResource(std::string_view account_id, std::string_view user_name) {
  return RamArn(account_id, "user", user_name);
}
std::string GroupResource(std::string_view account_id, std::string_view group_name) {
  return identity::GroupArn(account_id, group_name);
}
std::string RoleResource(std::string_view account_id, std::string_view role_name) {
  return RamArn(account_id, "role", role_name);
}
std::string PolicyResource(identity::PolicyType type, std::string_view account_id,
                           std::string_view policy_name) {
  return identity::PolicyArn(type, account_id, policy_name);
}

// --- parameters ----------------------------------------------------------------------------

namespace {
std::optional<identity::PolicyType> ParsePolicyType(ParamReader& in,
                                                    const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  if (*text == "System") return identity::PolicyType::kSystem;
  if (*text == "Custom") return identity::PolicyType::kCustom;
  in.Fail(Status(StatusCode::kInvalidArgument, "InvalidParameter.PolicyType",
                 "PolicyType must be \"System\" or \"Custom\", got \"" + *text + "\""));
  return std::nullopt;
}
}  // namespace

identity::PolicyType ReadPolicyType(ParamReader& in) {
  std::string text = in.Required("PolicyType");
  if (!in.ok()) return identity::PolicyType::kCustom;
  return ParsePolicyType(in, text).value_or(identity::PolicyType::kCustom);
}

std::optional<identity::PolicyType> ReadOptionalPolicyType(ParamReader& in) {
  std::optional<std::string> text = in.Optional("PolicyType");
  if (text && text->empty()) return std::nullopt;
  return ParsePolicyType(in, text);
}

std::optional<std::string> ReadOptionalName(ParamReader& in, std::string_view name) {
  std::optional<std::string> value = in.Optional(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

std::string ReadVersionId(ParamReader& in) {
  std::string id = in.Required("VersionId");
  if (in.ok()) {
    if (Status s = identity::ValidateVersionId(id); !s.ok()) in.Fail(std::move(s));
  }
  return id;
}

void ReadPaging(ParamReader& in, Paging* out) {
  out->marker = in.Optional("Marker").value_or("");
  std::optional<int64_t> max_items = in.OptionalInt("MaxItems");
  if (!max_items) return;
  if (*max_items < 1 || *max_items > 1000) {
    in.Fail(InvalidParameter("MaxItems", "must be 1-1000, got " + std::to_string(*max_items)));
    return;
  }
  out->max_items = static_cast<size_t>(*max_items);
}

// --- response shapes -----------------------------------------------------------------------

Json UserJson(const identity::User& user) {
  return Json{{"UserName", user.name},
              {"UserId", user.id},
              {"DisplayName", user.display_name},
              {"Comments", user.comments},
              {"Email", user.email},
              {"MobilePhone", user.mobile_phone},
              {"CreateDate", FormatDate(user.create_time)},
              {"UpdateDate", FormatDate(user.update_time)}};
}

Json GroupJson(const identity::Group& group) {
  return Json{{"GroupName", group.name},
              {"GroupId", group.id},
              {"Comments", group.comments},
              {"CreateDate", FormatDate(group.create_time)},
              {"UpdateDate", FormatDate(group.update_time)}};
}

Json PolicyJson(const identity::ManagedPolicy& policy, std::optional<size_t> attachment_count) {
  Json out{{"PolicyName", policy.name},
           {"PolicyType", identity::PolicyTypeName(policy.type)},
           {"Description", policy.description},
           {"DefaultVersion", policy.default_version_id},
           {"CreateDate", FormatDate(policy.create_time)},
           {"UpdateDate", FormatDate(policy.update_time)}};
  if (attachment_count) out["AttachmentCount"] = *attachment_count;
  return out;
}

Json PolicyVersionJson(const identity::ManagedPolicy& policy,
                       const identity::PolicyVersion& version) {
  return Json{{"VersionId", version.version_id},
              {"IsDefaultVersion", version.version_id == policy.default_version_id},
              {"PolicyDocument", version.text},
              {"CreateDate", FormatDate(version.create_time)}};
}

Json RoleJson(const identity::Role& role) {
  return Json{{"RoleName", role.name},
              {"RoleId", role.id},
              {"Arn", identity::RoleArn(role.account_id, role.name)},
              {"AssumeRolePolicyDocument", role.trust_policy_text},
              {"Description", role.description},
              {"MaxSessionDuration", role.max_session_duration},
              {"CreateDate", FormatDate(role.create_time)},
              {"UpdateDate", FormatDate(role.update_time)}};
}

size_t AttachmentCount(const identity::Directory& directory, std::string_view account_id,
                       const identity::PolicyRef& ref) {
  return directory.ListEntitiesForPolicy(account_id, ref).size();
}

// --- not-found errors ----------------------------------------------------------------------

namespace {
Status NotFound(std::string rule, std::string_view what, std::string_view name) {
  return Status(StatusCode::kNotFound, std::move(rule),
                std::string(what) + " '" + std::string(name) + "' does not exist");
}
}  // namespace

Status UserNotFound(std::string_view name) { return NotFound("EntityNotExist.User", "user", name); }
Status GroupNotFound(std::string_view name) {
  return NotFound("EntityNotExist.Group", "group", name);
}
Status RoleNotFound(std::string_view name) { return NotFound("EntityNotExist.Role", "role", name); }
Status PolicyNotFound(identity::PolicyType type, std::string_view name) {
  return NotFound("EntityNotExist.Policy", std::string(identity::PolicyTypeName(type)) + " policy",
                  name);
}

}  // namespace paiam::api::internal::ram
