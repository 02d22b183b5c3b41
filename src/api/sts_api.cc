// paiam/api — STS 2015-04-01: AssumeRole and GetCallerIdentity (Service methods, service.h).
//
// They are Service methods rather than operations (operation.h) because AssumeRole needs the
// clock and the sealing key, and writes nothing: a token is stateless (sts_token.h). The RPC
// router (native_api.cc, RunOperation) sends them here; so does POST /v1/ops/<Name>.
//
// AssumeRole, in this order (shared/spec/ram-policy.md §4 "AssumeRole", §6):
//   1. parameters: RoleArn, RoleSessionName, DurationSeconds (900..), Policy (1-2,048
//      characters, a valid session policy), ExternalId, SourceIdentity — 400
//      InvalidParameter.<Name> (PolicyGrammar / PolicySize for Policy);
//   2. the account root cannot assume roles — 403 NoPermission;
//   3. the engine must allow the caller sts:AssumeRole on the role ARN (a session caller's
//      own session policy narrows this) — 403 NoPermission; done before the role is looked up
//      so that a caller without the permission cannot probe which roles exist;
//   4. the role exists — 404 EntityNotExist.Role;
//   5. its trust policy admits the caller (sts:AssumeRole, Principal RAM "<account>:root" or
//      the caller's user/role ARN; a role session is matched as its role; a Service principal
//      admits no RAM identity); `sts:ExternalId` is in the condition context when given —
//      403 NoPermission, AccessDeniedDetail.PolicyType "AssumeRolePolicy";
//   6. DurationSeconds at most the role's MaxSessionDuration — 400.
// Both denials carry RAM's message "You are not authorized to do this action. You should be
// authorized by RAM." The call is audited (caller, role ARN, the STS AccessKeyId issued;
// never the secret or the token).
//
// SourceIdentity: a session that has one passes it on to the sessions it assumes; naming a
// different one is refused (InvalidParameter.SourceIdentity).
//
// Depends on: api (service, call, params, sts_token), auth, identity, policy.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/call.h"
#include "api/params.h"
#include "api/service.h"
#include "api/sts_token.h"
#include "auth/signature.h"
#include "identity/arn.h"
#include "policy/parser.h"

namespace paiam::api {
namespace {

constexpr std::string_view kNoPermission =
    "You are not authorized to do this action. You should be authorized by RAM.";
constexpr int64_t kMinDurationSeconds = 900;
constexpr int64_t kDefaultDurationSeconds = 3600;
constexpr std::string_view kAssumeRoleAction = "sts:AssumeRole";

Status Invalid(std::string_view name, std::string message) {
  return Status(StatusCode::kInvalidArgument, "InvalidParameter." + std::string(name),
                std::move(message));
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Every character is a word character or one of `extra`.
bool OnlyWordAnd(std::string_view text, std::string_view extra) {
  for (char c : text) {
    if (!IsWordChar(c) && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

size_t CodePoints(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

struct AssumeRoleRequest {
  std::string account_id, role_name, role_arn, session_name;
  int64_t duration_seconds = kDefaultDurationSeconds;
  std::string policy, external_id, source_identity;
};

// acs:ram::<account digits>:role/<1-64 of [A-Za-z0-9.-]>
bool ParseRoleArn(std::string_view arn, AssumeRoleRequest* out) {
  constexpr std::string_view kPrefix = "acs:ram::";
  if (!arn.starts_with(kPrefix)) return false;
  arn.remove_prefix(kPrefix.size());
  size_t colon = arn.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  std::string_view account = arn.substr(0, colon);
  if (account.find_first_not_of("0123456789") != std::string_view::npos) return false;
  std::string_view rest = arn.substr(colon + 1);
  if (!rest.starts_with("role/")) return false;
  std::string_view name = rest.substr(5);
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-';
    if (!ok) return false;
  }
  out->account_id = std::string(account);
  out->role_name = std::string(name);
  out->role_arn = identity::RoleArn(account, name);
  return true;
}

Status CheckPolicy(const std::string& text) {
  size_t length = CodePoints(text);
  if (length == 0 || length > policy::kMaxSessionPolicyChars) {
    return Invalid("PolicySize", "The size of Policy must be smaller than 2048 bytes (1 to " +
                                     std::to_string(policy::kMaxSessionPolicyChars) +
                                     " characters); it has " + std::to_string(length) + ".");
  }
  policy::ParseOptions options;
  options.kind = policy::PolicyKind::kSession;
  policy::ParseResult parsed = policy::ParsePolicy(text, options);
  if (parsed.ok()) return Status::Ok();
  std::string first;
  for (const policy::Diagnostic& d : parsed.diagnostics) {
    if (d.severity == policy::Severity::kError) {
      first = d.ToString();
      break;
    }
  }
  return Invalid("PolicyGrammar", "The parameter Policy has not passed grammar check. " + first);
}

// Step 1 (file comment). `inherited` is the calling session's SourceIdentity, if any.
StatusOr<AssumeRoleRequest> ReadAssumeRole(const Json& raw, std::string_view inherited) {
  Json params = raw;
  // The native API may send the policy as a JSON object rather than as text.
  if (params.is_object() && params.contains("Policy") && params["Policy"].is_object()) {
    params["Policy"] = params["Policy"].dump();
  }
  ParamReader in(params);
  AssumeRoleRequest r;
  std::string arn = in.Required("RoleArn");
  r.session_name = in.Required("RoleSessionName");
  std::optional<int64_t> duration = in.OptionalInt("DurationSeconds");
  std::optional<std::string> policy = in.Optional("Policy");
  std::optional<std::string> external_id = in.Optional("ExternalId");
  std::optional<std::string> source_identity = in.Optional("SourceIdentity");
  if (Status s = in.Finish(); !s.ok()) return s;
  if (!ParseRoleArn(arn, &r)) {
    return Invalid("RoleArn", "The parameter RoleArn is wrongly formed: expected "
                              "acs:ram::<account-id>:role/<role-name>, got \"" + arn + "\".");
  }
  if (r.session_name.size() < 2 || r.session_name.size() > 64 ||
      !OnlyWordAnd(r.session_name, ".@-")) {
    return Invalid("RoleSessionName", "The parameter RoleSessionName must be 2 to 64 characters "
                                      "of letters, digits, '.', '@', '_' and '-'.");
  }
  if (duration) {
    if (*duration < kMinDurationSeconds) {
      return Invalid("DurationSeconds", "The Min/Max value of DurationSeconds is 15min/the "
                                        "role's MaxSessionDuration; got " +
                                            std::to_string(*duration) + " seconds.");
    }
    r.duration_seconds = *duration;
  }
  if (policy) {
    if (Status s = CheckPolicy(*policy); !s.ok()) return s;
    r.policy = std::move(*policy);
  }
  if (external_id) {
    if (external_id->size() < 2 || external_id->size() > 1224 ||
        !OnlyWordAnd(*external_id, "+=,.@:/-")) {
      return Invalid("ExternalId", "The parameter ExternalId must be 2 to 1224 characters "
                                   "matching [\\w+=,.@:/-].");
    }
    r.external_id = std::move(*external_id);
  }
  if (source_identity) {
    const std::string& s = *source_identity;
    for (std::string_view reserved : {"acs:", "aliyun:", "alibabacloud:"}) {
      if (s.size() >= reserved.size() &&
          std::equal(reserved.begin(), reserved.end(), s.begin(),
                     [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
        return Invalid("SourceIdentity", "The parameter SourceIdentity must not start with \"" +
                                             std::string(reserved) + "\".");
      }
    }
    if (s.size() < 2 || s.size() > 64 || !OnlyWordAnd(s, "+=,.@-")) {
      return Invalid("SourceIdentity", "The parameter SourceIdentity must be 2 to 64 characters "
                                       "matching [\\w+=,.@-].");
    }
    if (!inherited.empty() && s != inherited) {
      return Invalid("SourceIdentity", "The parameter SourceIdentity must stay \"" +
                                           std::string(inherited) +
                                           "\", the SourceIdentity of the calling session.");
    }
    r.source_identity = s;
  } else {
    r.source_identity = std::string(inherited);
  }
  return r;
}

Status NoPermission(std::string_view detail = {}) {
  return Status(StatusCode::kPermissionDenied, "NoPermission",
                std::string(kNoPermission) + std::string(detail));
}

}  // namespace

http::HttpResponse Service::AssumeRole(Call& call, const Json& params) {
  call.api = "AssumeRole";
  call.audit_action = std::string(kAssumeRoleAction);
  call.audit_parameters = RedactSecrets(params).dump();
  std::string_view inherited =
      call.session != nullptr ? std::string_view(call.session->token.source_identity) : "";
  auto request = ReadAssumeRole(params, inherited);
  if (!request.ok()) return ErrorResponse(call, request.status());
  AssumeRoleRequest& r = *request;
  call.audit_resource = r.role_arn;
  if (call.caller.type == identity::PrincipalType::kRoot) {
    return ErrorResponse(call, NoPermission(" The account root cannot assume a role; call "
                                            "AssumeRole as a RAM user or role."));
  }
  std::shared_ptr<const Published> published = live_->current();
  if (Status s = Authorize(*published, call, AuthzTarget::On(call.audit_action, r.role_arn));
      !s.ok()) {
    // Keep the engine's naming of an explicit Deny, after RAM's message.
    size_t deny = s.message().find(" (explicitly denied");
    return ErrorResponse(call, NoPermission(deny == std::string::npos
                                                ? std::string_view()
                                                : std::string_view(s.message()).substr(deny)));
  }
  const identity::Role* role =
      published->snapshot->directory().FindRole(r.account_id, r.role_name);
  if (role == nullptr) {
    return ErrorResponse(call, Status(StatusCode::kNotFound, "EntityNotExist.Role",
                                      "The specified Role not exists: " + r.role_arn));
  }

  // Step 5: the trust policy, with the caller as its principal (a session as its role).
  std::string principal_arn = call.session != nullptr
                                  ? identity::RoleArn(call.caller.account_id,
                                                      call.session->token.role_name)
                                  : call.caller.arn;
  std::string now = auth::FormatIso8601(Now());
  std::vector<policy::ContextEntry> context = {{"acs:CurrentTime", now},
                                               {"acs:AccessId", call.claim.access_key_id}};
  if (!r.external_id.empty()) context.push_back({"sts:ExternalId", r.external_id});
  std::vector<policy::Policy> trust = {{role->name + ":AssumeRolePolicyDocument", "v1",
                                        role->trust_policy}};
  policy::Request trust_request{kAssumeRoleAction, r.role_arn, context,
                                {principal_arn, call.caller.account_id, {}}};
  if (policy::EvaluateReference({trust, false, {}}, trust_request, nullptr) !=
      policy::Decision::kAllow) {
    call.denied_policy_type = "AssumeRolePolicy";
    return ErrorResponse(call, NoPermission(" The trust policy of role " + role->name +
                                            " does not admit " + principal_arn + "."));
  }
  if (r.duration_seconds > role->max_session_duration) {
    return ErrorResponse(
        call, Invalid("DurationSeconds", "The Min/Max value of DurationSeconds is 15min/" +
                                             std::to_string(role->max_session_duration) +
                                             "s (the role's MaxSessionDuration); got " +
                                             std::to_string(r.duration_seconds) + "."));
  }

  StsToken token;
  token.account_id = role->account_id;
  token.role_name = role->name;
  token.role_id = role->id;
  token.session_name = r.session_name;
  token.issued_ms = Now() / 1000 * 1000;  // whole seconds: Expiration shows no fraction
  token.expires_ms = token.issued_ms + r.duration_seconds * 1000;
  token.access_key_id = NewStsAccessKeyId();
  token.access_key_secret = NewStsAccessKeySecret();
  token.policy = r.policy;
  token.source_identity = r.source_identity;
  std::string security_token = SealStsToken(live_->secret_box(), token);

  // Audited like a write: who assumed which role, and the temporary key that now acts.
  Json audited = RedactSecrets(params);
  audited["AccessKeyId"] = token.access_key_id;
  Audit(call, "Success", 200, audited.dump());

  Json out = {
      {"AssumedRoleUser",
       {{"Arn", "acs:ram::" + role->account_id + ":role/" + role->name + "/" + r.session_name},
        {"AssumedRoleId", role->id + ":" + r.session_name}}},
      {"Credentials",
       {{"AccessKeyId", token.access_key_id},
        {"AccessKeySecret", token.access_key_secret},
        {"SecurityToken", std::move(security_token)},
        {"Expiration", auth::FormatIso8601(token.expires_ms)}}}};
  if (!token.source_identity.empty()) out["SourceIdentity"] = token.source_identity;
  return JsonResponse(call, std::move(out));
}

http::HttpResponse Service::GetCallerIdentity(Call& call, const Json& params) {
  call.api = "GetCallerIdentity";
  ParamReader in(params);
  if (Status s = in.Finish(); !s.ok()) return ErrorResponse(call, s);
  const Caller& caller = call.caller;
  Json out = {{"AccountId", caller.account_id}, {"Arn", caller.arn}};
  if (call.session != nullptr) {
    const StsToken& token = call.session->token;
    out["IdentityType"] = "AssumedRoleUser";
    out["RoleId"] = token.role_id;
    out["PrincipalId"] = token.role_id + ":" + token.session_name;
  } else if (caller.type == identity::PrincipalType::kUser) {
    auto parsed = identity::ParsePrincipalArn(caller.arn);
    const identity::User* user =
        parsed ? live_->current()->snapshot->directory().FindUser(parsed->account_id,
                                                                   parsed->name)
               : nullptr;
    std::string id = user != nullptr ? user->id : std::string();
    out["IdentityType"] = "RAMUser";
    out["UserId"] = id;
    out["PrincipalId"] = id;
  } else {
    out["IdentityType"] = "Account";
    out["PrincipalId"] = caller.account_id;
  }
  return JsonResponse(call, std::move(out));
}

}  // namespace paiam::api
