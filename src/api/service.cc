// paiam/api — Service: opening, bootstrap, authentication, authorization of API calls, errors
// and the audit trail (service.h). The endpoints themselves are in native_api.cc.
#include "api/service.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include "api/call.h"
#include "api/ops_internal.h"
#include "auth/canonical.h"
#include "auth/signature.h"
#include "identity/arn.h"
#include "store/sqlite_store.h"

namespace paiam::api {
namespace {

int64_t SystemClockMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// 16 digits, not starting with 0: the shape of an Alibaba Cloud account id.
std::string NewAccountId() {
  std::string bytes = auth::RandomBytes(16);
  std::string id;
  for (size_t i = 0; i < 16; ++i) {
    int digit = static_cast<unsigned char>(bytes[i]) % 10;
    if (i == 0 && digit == 0) digit = 1;
    id += static_cast<char>('0' + digit);
  }
  return id;
}

Status WriteOwnerOnlyFile(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status(StatusCode::kInternal, "api.data-dir",
                  "cannot write " + path + ": " + std::strerror(errno));
  }
  ::fchmod(fd, 0600);
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return Status(StatusCode::kInternal, "api.data-dir", "cannot write " + path);
    }
    written += static_cast<size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  return Status::Ok();
}

int HttpStatusFor(const Status& status) {
  const std::string& rule = status.rule();
  auto starts = [&](std::string_view prefix) { return rule.rfind(prefix, 0) == 0; };
  if (starts("EntityNotExist") || starts("InvalidAction.NotFound")) return 404;
  if (starts("EntityAlreadyExists") || starts("DeleteConflict") || starts("LimitExceeded")) {
    return 409;
  }
  if (starts("InvalidAccessKeyId") || starts("IncompleteSignature") ||
      starts("SignatureDoesNotMatch") || starts("InvalidTimeStamp") ||
      starts("SignatureNonceUsed") || starts("InvalidContentSha256") ||
      starts("InvalidSecurityToken") || starts("MissingSecurityToken") ||
      starts("Throttling")) {
    return auth::HttpStatusForAuthError(rule);
  }
  switch (status.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kLimitExceeded: return 409;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

// Stable public code for a Status: the rule when there is one (RAM codes, "workspace.*"),
// else the status code's name.
std::string CodeFor(const Status& status) {
  if (!status.rule().empty()) return status.rule();
  return std::string(StatusCodeName(status.code()));
}

}  // namespace

std::string NewRequestId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  static constexpr char kHex[] = "0123456789ABCDEF";
  uint64_t a = rng(), b = rng();
  std::string id(36, '-');
  int nibble = 0;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    uint64_t& word = nibble < 16 ? a : b;
    id[i] = kHex[word & 0xF];
    word >>= 4;
    ++nibble;
  }
  id[14] = '4';  // version 4
  return id;
}

Service::Service(const ServiceOptions& options, std::unique_ptr<LiveState> live)
    : options_(options),
      live_(std::move(live)),
      replay_guard_(std::make_unique<auth::ReplayGuard>(15 * 60 * 1000, options.max_nonces)),
      sts_sessions_(std::make_unique<StsSessionCache>()),
      audit_sink_(std::make_unique<AuditSink>(live_->store())) {
  if (!options_.clock) options_.clock = SystemClockMillis;
}

StatusOr<std::unique_ptr<Service>> Service::Open(const ServiceOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return Status(StatusCode::kInvalidArgument, "api.data-dir",
                  "cannot create the data directory " + options.data_dir + ": " +
                      error.message());
  }
  ::chmod(options.data_dir.c_str(), 0700);
  auto box = auth::SecretBox::LoadOrCreate(options.data_dir + "/secret.key");
  if (!box.ok()) return box.status();
  auto store = store::OpenSqliteStore(options.data_dir + "/paiam.db");
  if (!store.ok()) return store.status();
  auto live = LiveState::Open(std::move(*store), std::move(*box));
  if (!live.ok()) return live.status();
  std::unique_ptr<Service> service(new Service(options, std::move(*live)));
  if (Status s = service->Bootstrap(); !s.ok()) return s;
  service->metrics_.SetRevision(service->live_->current()->revision);
  return service;
}

Status Service::Bootstrap() {
  store::Store& store = live_->store();
  bootstrap_.credentials_file = options_.data_dir + "/root-credentials.json";
  auto account = store.GetSetting("account_id");
  if (!account.ok()) return account.status();
  if (account->has_value()) {
    bootstrap_.account_id = **account;
    auto key = store.GetSetting("root_access_key_id");
    if (!key.ok()) return key.status();
    bootstrap_.root_access_key_id = key->value_or("");
    return Status::Ok();
  }
  if (options_.root_access_key_id.empty() != options_.root_access_key_secret.empty()) {
    return Status(StatusCode::kInvalidArgument, "api.root-credentials",
                  "set both PAIAM_ROOT_ACCESS_KEY_ID and PAIAM_ROOT_ACCESS_KEY_SECRET, or neither");
  }
  std::string account_id = NewAccountId();
  std::string key_id = options_.root_access_key_id.empty()
                           ? "LTAI" + auth::RandomAlnum(20)
                           : options_.root_access_key_id;
  std::string secret = options_.root_access_key_secret.empty() ? auth::RandomAlnum(30)
                                                               : options_.root_access_key_secret;
  const Operation* op = FindOperation(internal::kBootstrapOperation);
  Caller root{account_id, identity::RootArn(account_id), identity::PrincipalType::kRoot};
  WriteMeta meta{NewRequestId(), "127.0.0.1", Now()};
  auto written = live_->Write(
      *op, Json{{"AccountId", account_id}, {"AccessKeyId", key_id}, {"AccessKeySecret", secret}},
      root, meta, [](const Published&, const AuthzTarget&) { return Status::Ok(); });
  if (!written.ok()) return written.status();
  Json credentials = {{"account_id", account_id},
                      {"access_key_id", key_id},
                      {"access_key_secret", secret}};
  if (Status s = WriteOwnerOnlyFile(bootstrap_.credentials_file, credentials.dump(2) + "\n");
      !s.ok()) {
    return s;
  }
  if (Status s = store.PutSetting("account_id", account_id); !s.ok()) return s;
  if (Status s = store.PutSetting("root_access_key_id", key_id); !s.ok()) return s;
  bootstrap_.account_id = account_id;
  bootstrap_.root_access_key_id = key_id;
  bootstrap_.created_now = true;
  return Status::Ok();
}

http::HttpResponse Service::Handle(const http::HttpRequest& request) {
  Call call(request);
  call.request_id = NewRequestId();
  call.started = std::chrono::steady_clock::now();
  http::HttpResponse response = Dispatch(call);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - call.started).count();
  std::string_view outcome = response.status < 400                         ? "success"
                             : response.status == 403                       ? "denied"
                             : call.unauthenticated                         ? "unauthenticated"
                             : response.status >= 500                       ? "server_error"
                                                                            : "client_error";
  std::string_view api = call.api.empty() ? std::string_view("unknown") : call.api;
  metrics_.RecordRequest(api, outcome, seconds);
  response.headers.emplace_back("x-acs-request-id", call.request_id);
  return response;
}

Status Service::Authenticate(Call& call) {
  const http::HttpRequest& request = call.request;
  auth::HttpRequestView view;
  view.method = request.method;
  view.raw_path = request.raw_path();
  view.raw_query = request.raw_query();
  for (const auto& [name, value] : request.headers) view.headers.emplace_back(name, value);
  view.body = request.body;
  view.content_type = request.header("content-type");
  auto claim = auth::ParseSignature(view);
  if (!claim.ok()) return claim.status();
  call.claim = std::move(*claim);
  if (!call.claim.security_token.empty() || IsStsAccessKeyId(call.claim.access_key_id)) {
    return AuthenticateSession(call, view);
  }
  std::shared_ptr<const Published> published = live_->current();
  const identity::AccessKey* key =
      published->snapshot->directory().FindAccessKey(call.claim.access_key_id);
  if (key == nullptr) {
    return Status(StatusCode::kNotFound, "InvalidAccessKeyId.NotFound",
                  "Specified access key is not found: " + call.claim.access_key_id);
  }
  if (Status s = auth::VerifySignature(call.claim, view, key->secret); !s.ok()) return s;
  if (key->status != identity::AccessKeyStatus::kActive) {
    return Status(StatusCode::kPermissionDenied, "InvalidAccessKeyId.Inactive",
                  "Specified access key is disabled: " + call.claim.access_key_id);
  }
  if (Status s = replay_guard_->CheckAndRecord(call.claim.access_key_id, call.claim.nonce,
                                              call.claim.timestamp_ms, Now());
      !s.ok()) {
    return s;
  }
  call.caller.account_id = key->account_id;
  if (key->user_name.empty()) {
    call.caller.arn = identity::RootArn(key->account_id);
    call.caller.type = identity::PrincipalType::kRoot;
    call.display_name = key->account_id;
  } else {
    call.caller.arn = identity::UserArn(key->account_id, key->user_name);
    call.caller.type = identity::PrincipalType::kUser;
    call.display_name = key->user_name;
  }
  call.authenticated = true;
  return Status::Ok();
}

// The order matters: what the token says is checked before the signature (a token that is
// not ours, not this key's, expired or revoked is refused whatever the signature), and the
// signature before the replay guard, so that an unsigned request cannot burn a nonce.
Status Service::AuthenticateSession(Call& call, const auth::HttpRequestView& view) {
  const std::string& key_id = call.claim.access_key_id;
  if (call.claim.security_token.empty()) {
    return Status(StatusCode::kInvalidArgument, "MissingSecurityToken",
                  "SecurityToken is mandatory for this action: the AccessKeyId " + key_id +
                      " is temporary (STS) and must be sent with its security token");
  }
  if (!IsStsAccessKeyId(key_id)) {
    return Status(StatusCode::kInvalidArgument, "InvalidSecurityToken.MismatchWithAccessKey",
                  "The security token does not match the AccessKeyId " + key_id +
                      ": a security token goes with the temporary (STS.) AccessKeyId it was "
                      "issued with");
  }
  auto session = sts_sessions_->Open(live_->secret_box(), call.claim.security_token);
  if (!session.ok()) return session.status();
  const StsToken& token = (*session)->token;
  if (token.access_key_id != key_id) {
    return Status(StatusCode::kInvalidArgument, "InvalidSecurityToken.MismatchWithAccessKey",
                  "The security token does not match the AccessKeyId " + key_id);
  }
  if (Now() >= token.expires_ms) {
    return Status(StatusCode::kInvalidArgument, "InvalidSecurityToken.Expired",
                  "The security token you provided has expired (at " +
                      auth::FormatIso8601(token.expires_ms) + ")");
  }
  const identity::Role* role =
      live_->current()->snapshot->directory().FindRole(token.account_id, token.role_name);
  if (role == nullptr || role->id != token.role_id) {
    return Status(StatusCode::kInvalidArgument, "InvalidSecurityToken.Revoked",
                  "The security token you provided was revoked: its role " + token.role_name +
                      (role == nullptr ? " no longer exists" : " was deleted and recreated"));
  }
  if (Status s = auth::VerifySignature(call.claim, view, token.access_key_secret); !s.ok()) {
    return s;
  }
  if (Status s = replay_guard_->CheckAndRecord(key_id, call.claim.nonce,
                                              call.claim.timestamp_ms, Now());
      !s.ok()) {
    return s;
  }
  call.session = std::move(*session);
  call.caller.account_id = token.account_id;
  call.caller.arn = call.session->CallerArn();
  call.caller.type = identity::PrincipalType::kRole;
  call.display_name = call.session->DisplayName();
  call.authenticated = true;
  return Status::Ok();
}

Status Service::Authorize(const Published& published, Call& call, const AuthzTarget& target) {
  thread_local authz::Explanation explanation;
  explanation.Reset();
  const Caller& caller = call.caller;
  const policy::CompiledPolicySet* session =
      call.session != nullptr ? call.session->policy.get() : nullptr;
  policy::Decision decision;
  if (target.asset != nullptr) {
    decision = published.authorizer->CheckAsset(caller.arn, target.action, *target.asset,
                                                &explanation, {}, session);
  } else if (target.create) {
    decision = published.authorizer->CheckCreate(
        caller.arn, target.action, target.create->workspace_id, target.create->type,
        target.create->parent_id, target.create->accessibility, &explanation, session);
  } else {
    std::vector<policy::ContextEntry> context;  // empty unless the operation adds keys
    context.reserve(target.context.size());
    for (const auto& [key, value] : target.context) context.push_back({key, value});
    decision = published.authorizer->Check(caller.arn, target.action, target.resource, context,
                                           &explanation, session);
  }
  if (decision == policy::Decision::kAllow) return Status::Ok();
  std::string message = "You are not authorized to do this action. Resource: " +
                        target.resource + " Action: " + target.action;
  if (decision == policy::Decision::kExplicitDeny && !explanation.statements.empty()) {
    const authz::DecidingStatement& first = explanation.statements.front();
    authz::StatementInfo info = published.authorizer->Describe(first);
    message += " (explicitly denied by policy " + std::string(info.policy) + ", Statement[" +
               std::to_string(info.index) + "])";
    if (first.source == authz::Source::kSession) call.denied_policy_type = "SessionPolicy";
  }
  if (!target.denial_hint.empty()) message += "; " + target.denial_hint;
  // RAM's own API answers "NoPermission"; other products "Forbidden.RAM".
  bool ram_api = target.action.rfind("ram:", 0) == 0 || target.action.rfind("sts:", 0) == 0;
  return Status(StatusCode::kPermissionDenied, ram_api ? "NoPermission" : "Forbidden.RAM",
                std::move(message));
}

http::HttpResponse Service::JsonResponse(Call& call, Json body, int status) {
  if (body.is_object() && !body.contains("RequestId")) body["RequestId"] = call.request_id;
  http::HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

void Service::AuditRefusal(Call& call, const Status& status, int http_status) {
  Audit(call, CodeFor(status), http_status, call.audit_parameters);
}

void Service::Audit(Call& call, std::string result, int http_status, std::string parameters) {
  store::AuditEntry entry;
  entry.at_ms = Now();
  entry.request_id = call.request_id;
  entry.caller = call.caller.arn;
  entry.source_ip = call.request.remote_ip;
  entry.action = call.audit_action;
  entry.resource = call.audit_resource;
  entry.workspace_id = call.audit_workspace;
  entry.operation = call.api;
  entry.parameters = std::move(parameters);
  entry.result = std::move(result);
  entry.http_status = http_status;
  audit_sink_->Enqueue(std::move(entry));
}

http::HttpResponse Service::ErrorResponse(Call& call, const Status& status) {
  int http_status = HttpStatusFor(status);
  Json body = {{"RequestId", call.request_id},
               {"HostId", call.request.header("host")},
               {"Code", CodeFor(status)},
               {"Message", status.message()}};
  if (http_status == 403 && call.authenticated) {
    Json diagnostic = {{"AuthAction", call.audit_action},
                       {"Resource", call.audit_resource},
                       {"Principal", call.caller.arn}};
    body["AccessDeniedDetail"] = {
        {"AuthAction", call.audit_action},
        {"AuthPrincipalType", call.caller.type == identity::PrincipalType::kRoot ? "Account"
                              : call.caller.type == identity::PrincipalType::kUser
                                  ? "SubUser"
                                  : "AssumedRoleUser"},
        {"AuthPrincipalDisplayName", call.display_name},
        {"NoPermissionType", status.message().find("explicitly denied") != std::string::npos
                                 ? "ExplicitDeny"
                                 : "ImplicitDeny"},
        {"PolicyType", call.denied_policy_type.empty() ? "AccountLevelIdentityBasedPolicy"
                                                       : call.denied_policy_type},
        {"EncodedDiagnosticMessage", auth::Base64Encode(diagnostic.dump())}};
  }
  // Refused writes and every denial or authentication failure are audited.
  if (http_status == 403 || call.unauthenticated || call.is_write) {
    AuditRefusal(call, status, http_status);
  }
  return JsonResponse(call, std::move(body), http_status);
}

}  // namespace paiam::api
