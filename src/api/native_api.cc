// paiam/api — routing and the native endpoints of the Service (service.h).
//
// The decision endpoints (/v1/check, /v1/check:batch, /v1/explain, /v1/list-allowed,
// /v1/simulate) are themselves authorized as "paiam:<Verb>" on "acs:paiam:*:<account>:*", and
// answer only about principals of the caller's own account.
#include <algorithm>

#include "api/call.h"
#include "api/check_codec.h"
#include "api/decision_json.h"
#include "api/params.h"
#include "api/service.h"
#include "auth/canonical.h"
#include "auth/signature.h"
#include "authz/explain.h"
#include "identity/arn.h"
#include "workspace/asset_types.h"

namespace paiam::api {
namespace {

Status BadBody(std::string_view why) {
  return Status(StatusCode::kInvalidArgument, "InvalidParameter.Body", std::string(why));
}

StatusOr<Json> ParseBody(const http::HttpRequest& request, bool empty_is_object) {
  if (request.body.empty() && empty_is_object) return Json::object();
  Json body = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return BadBody("the request body is not valid JSON");
  if (!body.is_object()) return BadBody("the request body must be a JSON object");
  return body;
}

std::string AccountResource(const Caller& caller) {
  return "acs:paiam:*:" + caller.account_id + ":*";
}

// A principal of another account is not the caller's to ask about.
Status CheckSameAccount(const Caller& caller, std::string_view principal) {
  auto parsed = identity::ParsePrincipalArn(principal);
  if (!parsed) {
    return Status(StatusCode::kInvalidArgument, "InvalidParameter.principal",
                  "not a principal ARN (acs:ram::<account>:root, :user/<name>, "
                  ":assumed-role/<role>/<session>): " +
                      std::string(principal));
  }
  if (parsed->account_id != caller.account_id) {
    return Status(StatusCode::kPermissionDenied, "Forbidden.RAM",
                  "principals of account " + std::string(parsed->account_id) +
                      " are not visible to account " + caller.account_id);
  }
  return Status::Ok();
}

// RPC common parameters (shared/spec/alibaba-api.md §1.5): never operation parameters.
bool IsRpcCommonParameter(std::string_view name) {
  static constexpr std::string_view kCommon[] = {
      "Action",         "Version",          "Format",          "AccessKeyId",
      "Signature",      "SignatureMethod",  "SignatureVersion", "SignatureNonce",
      "SignatureType",  "Timestamp",        "RegionId",         "SecurityToken"};
  return std::find(std::begin(kCommon), std::end(kCommon), name) != std::end(kCommon);
}

}  // namespace

http::HttpResponse Service::Dispatch(Call& call) {
  const http::HttpRequest& request = call.request;
  std::string_view path = request.raw_path();
  if (request.method == "GET" && (path == "/healthz" || path == "/readyz")) {
    call.api = path.substr(1);
    return JsonResponse(call, {{"status", path == "/healthz" ? "ok" : "ready"},
                               {"revision", live_->current()->revision}});
  }
  if (request.method == "GET" && path == "/metrics") {
    call.api = "metrics";
    metrics_.SetRevision(live_->current()->revision);
    http::HttpResponse response;
    response.content_type = "text/plain; version=0.0.4";
    response.body = metrics_.RenderPrometheus();
    response.body += "# HELP paiam_audit_dropped_total Refusal audit entries dropped, queue full.\n"
                     "# TYPE paiam_audit_dropped_total counter\n"
                     "paiam_audit_dropped_total " + std::to_string(audit_sink_->dropped()) + "\n";
    return response;
  }

  if (Status s = Authenticate(call); !s.ok()) {
    call.unauthenticated = true;
    call.api = "authenticate";
    return ErrorResponse(call, s);
  }

  // RPC style (RAM, STS): POST / routed by x-acs-action or Action.
  if (path == "/" && !call.claim.action.empty()) return RunOperation(call, call.claim.action);

  if (request.method == "GET" && path == "/v1/whoami") return WhoAmI(call);
  if (request.method == "GET" && path == "/v1/audit") return AuditLog(call);
  if (request.method == "GET" && path == "/v1/revision") {
    call.api = "revision";
    return JsonResponse(call, {{"revision", live_->current()->revision}});
  }
  if (request.method == "POST") {
    if (path == "/v1/check") return CheckOne(call);
    if (path == "/v1/check:batch") return CheckBatch(call);
    if (path == "/v1/explain") return ExplainCall(call);
    if (path == "/v1/list-allowed") return ListAllowedCall(call);
    if (path == "/v1/simulate") return Simulate(call);
    if (path == "/v1/import") return Import(call);
    static constexpr std::string_view kOps = "/v1/ops/";
    if (path.rfind(kOps, 0) == 0) return RunOperation(call, path.substr(kOps.size()));
  }
  // AIWorkSpace ROA (method + path, roa_routes.h): the same operations as /v1/ops/<Name>.
  if (path.rfind("/api/v1/", 0) == 0) return RunRoa(call);
  call.api = "unknown";
  return ErrorResponse(call, Status(StatusCode::kNotFound, "InvalidAction.NotFound",
                                    "no endpoint " + request.method + " " + std::string(path)));
}

// The native decision and audit endpoints are authorized as "paiam:<Verb>" on the caller's
// whole account.
Status Service::AuthorizeOnAccount(Call& call, const Published& published,
                                   std::string_view action) {
  AuthzTarget target = AuthzTarget::On(std::string(action), AccountResource(call.caller));
  call.audit_action = target.action;
  call.audit_resource = target.resource;
  return Authorize(published, call, target);
}

http::HttpResponse Service::WhoAmI(Call& call) {
  call.api = "whoami";
  std::string_view type = call.caller.type == identity::PrincipalType::kRoot ? "Account"
                          : call.caller.type == identity::PrincipalType::kUser
                              ? "RAMUser"
                              : "AssumedRoleUser";
  Json out = {{"account_id", call.caller.account_id},
              {"arn", call.caller.arn},
              {"identity_type", type},
              {"access_key_id", call.claim.access_key_id}};
  if (call.session != nullptr) {
    const StsToken& token = call.session->token;
    out["session"] = {{"role_name", token.role_name},
                      {"role_id", token.role_id},
                      {"session_name", token.session_name},
                      {"expiration", auth::FormatIso8601(token.expires_ms)},
                      {"has_policy", !token.policy.empty()}};
    if (!token.source_identity.empty()) out["session"]["source_identity"] = token.source_identity;
  }
  return JsonResponse(call, std::move(out));
}

StatusOr<std::shared_ptr<const Published>> Service::PublishedFor(Call& call, const Json& body) {
  (void)call;
  auto it = body.find("at_least_revision");
  if (it == body.end() || it->is_null()) return live_->current();
  if (!it->is_number_unsigned() && !it->is_number_integer()) {
    return Status(StatusCode::kInvalidArgument, "InvalidParameter.at_least_revision",
                  "at_least_revision must be a non-negative integer");
  }
  int64_t revision = it->get<int64_t>();
  if (revision < 0) {
    return Status(StatusCode::kInvalidArgument, "InvalidParameter.at_least_revision",
                  "at_least_revision must be a non-negative integer");
  }
  return live_->WaitFor(static_cast<uint64_t>(revision), options_.max_revision_wait);
}

namespace {

// The nlohmann reading of a check, for /v1/explain (the check endpoints use check_codec.h).
struct CheckInput {
  std::string principal, action, resource;
  std::vector<std::pair<std::string, std::string>> context;
};

StatusOr<CheckInput> ReadCheckInput(const Json& item, std::string_view now, bool allow_revision) {
  ParamReader in(item);
  CheckInput input;
  input.principal = in.Required("principal");
  input.action = in.Required("action");
  input.resource = in.Required("resource");
  const Json* context = in.OptionalJson("context");
  if (allow_revision) in.OptionalInt("at_least_revision");
  if (Status s = in.Finish(); !s.ok()) return s;
  auto parsed = ContextFromJson(context, now);
  if (!parsed.ok()) return parsed.status();
  input.context = std::move(*parsed);
  return input;
}

// Decides one check and appends its members (check_codec.h) to `out`; revision < 0: none.
void CheckResult(const authz::Authorizer& authorizer, const CheckRequest& request,
                 const CheckView& check, int64_t revision, DecisionScratch& scratch,
                 Metrics& metrics, std::string* out) {
  authz::Explanation& explanation = scratch.explanation;
  explanation.Reset();
  policy::Decision decision = authorizer.Check(check.principal, check.action, check.resource,
                                               request.ContextOf(check), &explanation);
  metrics.RecordDecision(decision, explanation.by_root);
  scratch.deciding.clear();
  for (const authz::DecidingStatement& statement : explanation.statements) {
    scratch.deciding.push_back(authorizer.Describe(statement));
  }
  AppendDecisionMembers(out, decision, explanation.by_root, scratch.deciding, revision,
                        &scratch.reason);
}

// PublishedFor for a body read by the CheckReader.
StatusOr<std::shared_ptr<const Published>> PublishedAt(LiveState& live,
                                                       const RevisionWanted& wanted,
                                                       std::chrono::milliseconds max_wait) {
  switch (wanted.kind) {
    case RevisionWanted::Kind::kLatest: return live.current();
    case RevisionWanted::Kind::kAtLeast: return live.WaitFor(wanted.revision, max_wait);
    case RevisionWanted::Kind::kInvalid: break;
  }
  return Status(StatusCode::kInvalidArgument, "InvalidParameter.at_least_revision",
                "at_least_revision must be a non-negative integer");
}

// The answer of the check endpoints: written straight into one reserved string; the size of
// the previous answer on this thread is the guess for the next.
http::HttpResponse CheckResponse(size_t size_hint) {
  http::HttpResponse response;
  response.body.reserve(size_hint + size_hint / 4 + 64);
  return response;
}

// Per thread: the reader (parser and buffers), the read request and the decision scratch.
struct CheckThreadState {
  CheckReader reader;
  CheckRequest request;
  DecisionScratch scratch;
  size_t one_size = 0, batch_size = 0;  // response size hints
};

}  // namespace

http::HttpResponse Service::CheckOne(Call& call) {
  call.api = "check";
  thread_local CheckThreadState state;
  CheckRequest& request = state.request;
  if (Status s = state.reader.ReadOne(call.request.body, auth::FormatIso8601(Now()), &request);
      !s.ok()) {
    return ErrorResponse(call, s);
  }
  const CheckView& check = request.checks.front();
  if (Status s = CheckSameAccount(call.caller, check.principal); !s.ok()) {
    return ErrorResponse(call, s);
  }
  auto published = PublishedAt(*live_, request.revision, options_.max_revision_wait);
  if (!published.ok()) return ErrorResponse(call, published.status());
  if (Status s = AuthorizeOnAccount(call, **published, "paiam:Check"); !s.ok()) {
    return ErrorResponse(call, s);
  }
  http::HttpResponse response = CheckResponse(state.one_size);
  std::string& body = response.body;
  body.append("{\"RequestId\":");
  AppendJsonString(&body, call.request_id);
  body.push_back(',');
  CheckResult(*(*published)->authorizer, request, check,
              static_cast<int64_t>((*published)->revision), state.scratch, metrics_, &body);
  body.push_back('}');
  state.one_size = body.size();
  return response;
}

http::HttpResponse Service::CheckBatch(Call& call) {
  call.api = "check:batch";
  thread_local CheckThreadState state;
  CheckRequest& request = state.request;
  Status read = state.reader.ReadBatch(call.request.body, auth::FormatIso8601(Now()), &request);
  if (!read.ok() && request.failed_check == CheckRequest::kNone) return ErrorResponse(call, read);
  // The checks before a bad one are vetted first: the first bad check is the one named.
  for (size_t i = 0; i < request.checks.size(); ++i) {
    if (Status s = CheckSameAccount(call.caller, request.checks[i].principal); !s.ok()) {
      return ErrorResponse(call, Status(s.code(), s.rule(),
                                        "checks[" + std::to_string(i) + "]: " + s.message()));
    }
  }
  if (!read.ok()) return ErrorResponse(call, read);
  auto published = PublishedAt(*live_, request.revision, options_.max_revision_wait);
  if (!published.ok()) return ErrorResponse(call, published.status());
  if (Status s = AuthorizeOnAccount(call, **published, "paiam:Check"); !s.ok()) {
    return ErrorResponse(call, s);
  }
  http::HttpResponse response = CheckResponse(state.batch_size);
  std::string& body = response.body;
  body.append("{\"RequestId\":");
  AppendJsonString(&body, call.request_id);
  body.append(",\"results\":[");
  for (size_t i = 0; i < request.checks.size(); ++i) {
    body.append(i == 0 ? "{" : ",{");
    CheckResult(*(*published)->authorizer, request, request.checks[i], -1, state.scratch,
                metrics_, &body);
    body.push_back('}');
  }
  body.append("],\"revision\":");
  AppendJsonUint(&body, (*published)->revision);
  body.push_back('}');
  state.batch_size = body.size();
  return response;
}

http::HttpResponse Service::ExplainCall(Call& call) {
  call.api = "explain";
  auto body = ParseBody(call.request, false);
  if (!body.ok()) return ErrorResponse(call, body.status());
  auto input = ReadCheckInput(*body, auth::FormatIso8601(Now()), true);
  if (!input.ok()) return ErrorResponse(call, input.status());
  if (Status s = CheckSameAccount(call.caller, input->principal); !s.ok()) {
    return ErrorResponse(call, s);
  }
  auto published = PublishedFor(call, *body);
  if (!published.ok()) return ErrorResponse(call, published.status());
  if (Status s = AuthorizeOnAccount(call, **published, "paiam:Explain"); !s.ok()) {
    return ErrorResponse(call, s);
  }
  std::vector<policy::ContextEntry> context;
  for (const auto& [key, value] : input->context) context.push_back({key, value});
  authz::ExplainReport report = authz::Explain(*(*published)->authorizer, input->principal,
                                               input->action, input->resource, context);
  Json statements = Json::array();
  for (const authz::StatementInfo& s : report.deciding) statements.push_back(StatementJson(s));
  Json out = ExplainJson(report);
  out["decision"] = policy::DecisionName(report.decision);
  out["reason"] = DecisionReason(report.decision, report.by_root, report.deciding);
  out["statements"] = std::move(statements);
  out["revision"] = (*published)->revision;
  return JsonResponse(call, std::move(out));
}

http::HttpResponse Service::ListAllowedCall(Call& call) {
  call.api = "list-allowed";
  auto body = ParseBody(call.request, false);
  if (!body.ok()) return ErrorResponse(call, body.status());
  ParamReader in(*body);
  std::string principal = in.Required("principal");
  std::string workspace_id = in.Required("workspace_id");
  std::string type_name = in.Required("asset_type");
  std::string action = in.Required("action");
  std::string parent = in.Optional("parent_id").value_or("");
  in.OptionalInt("at_least_revision");
  if (Status s = in.Finish(); !s.ok()) return ErrorResponse(call, s);
  auto type = workspace::ParseAssetType(type_name);
  if (!type) {
    return ErrorResponse(call, InvalidParameter("asset_type", "names no asset type: " + type_name));
  }
  if (Status s = CheckSameAccount(call.caller, principal); !s.ok()) return ErrorResponse(call, s);
  auto published = PublishedFor(call, *body);
  if (!published.ok()) return ErrorResponse(call, published.status());
  if (Status s = AuthorizeOnAccount(call, **published, "paiam:ListAllowed"); !s.ok()) {
    return ErrorResponse(call, s);
  }
  auto listing =
      (*published)->authorizer->ListAllowed(principal, workspace_id, *type, action, parent);
  if (!listing.ok()) return ErrorResponse(call, listing.status());
  Json assets = Json::array();
  for (const authz::AssetRef& ref : listing->assets) {
    Json asset = {{"id", ref.id}};
    if (!ref.parent_id.empty()) asset["parent_id"] = ref.parent_id;
    assets.push_back(std::move(asset));
  }
  std::string scope = listing->classes == catalog::kAnyClass ? "all"
                      : listing->classes == catalog::kNoClass ? "none"
                                                              : "public-and-own";
  return JsonResponse(call, {{"scope", scope},
                             {"assets", std::move(assets)},
                             {"count", listing->assets.size()},
                             {"revision", (*published)->revision}});
}

http::HttpResponse Service::RunOperation(Call& call, std::string_view name) {
  // STS calls need the clock and the sealing key, which operations do not get (sts_api.cc).
  using StsMethod = http::HttpResponse (Service::*)(Call&, const Json&);
  StsMethod sts = name == "AssumeRole"          ? &Service::AssumeRole
                  : name == "GetCallerIdentity" ? &Service::GetCallerIdentity
                                                : nullptr;
  const Operation* op = sts != nullptr ? nullptr : FindOperation(name);
  call.api = sts != nullptr || (op != nullptr && !op->internal) ? std::string(name) : "unknown";
  if (sts == nullptr && (op == nullptr || op->internal)) {
    return ErrorResponse(call, Status(StatusCode::kNotFound, "InvalidAction.NotFound",
                                      "Specified api is not found: " + std::string(name)));
  }
  call.is_write = op != nullptr && op->writes;
  Json params;
  if (call.request.raw_path() == "/") {
    // RPC: parameters in the query (and, for v1 form posts, the body).
    params = Json::object();
    auto query = auth::ParseQuery(call.request.raw_query(), false);
    if (!query) return ErrorResponse(call, BadBody("the query string is not valid"));
    std::optional<std::vector<std::pair<std::string, std::string>>> form;
    if (call.request.header("content-type").starts_with("application/x-www-form-urlencoded")) {
      form = auth::ParseQuery(call.request.body, true);
      if (!form) return ErrorResponse(call, BadBody("the form body is not valid"));
    }
    for (const auto* list : {&*query, form ? &*form : nullptr}) {
      if (list == nullptr) continue;
      for (const auto& [key, value] : *list) {
        if (!IsRpcCommonParameter(key)) params[key] = value;
      }
    }
  } else {
    auto body = ParseBody(call.request, true);
    if (!body.ok()) return ErrorResponse(call, body.status());
    params = std::move(*body);
  }
  if (sts != nullptr) return (this->*sts)(call, params);
  return Execute(call, *op, std::move(params));
}

// What every protocol shares once it has an operation and its parameters: the audit fields,
// the write path through LiveState::Write (authorized inside the writer's critical section),
// or the read path on one snapshot (optionally at least x-paiam-at-least-revision).
http::HttpResponse Service::Execute(Call& call, const Operation& op, Json params) {
  call.api = std::string(op.name);
  call.is_write = op.writes;
  call.audit_parameters = RedactSecrets(params).dump();
  if (params.contains("WorkspaceId") && params["WorkspaceId"].is_string()) {
    call.audit_workspace = params["WorkspaceId"].get<std::string>();
  }

  if (op.writes) {
    WriteMeta meta{call.request_id, call.request.remote_ip, Now(),
                   call.session != nullptr ? call.session->policy.get() : nullptr};
    auto written = live_->Write(
        op, std::move(params), call.caller, meta,
        [&](const Published& published, const AuthzTarget& target) {
          call.audit_action = target.action;
          call.audit_resource = target.resource;
          return Authorize(published, call, target);
        });
    if (!written.ok()) return ErrorResponse(call, written.status());
    metrics_.SetRevision(written->revision);
    Json result = std::move(written->result);
    if (!result.is_object()) result = Json{{"Result", std::move(result)}};
    result["Revision"] = written->revision;
    return JsonResponse(call, std::move(result));
  }

  std::shared_ptr<const Published> published = live_->current();
  std::string_view wait = call.request.header("x-paiam-at-least-revision");
  if (!wait.empty()) {
    auto waited = PublishedFor(call, Json{{"at_least_revision",
                                           std::strtoll(std::string(wait).c_str(), nullptr, 10)}});
    if (!waited.ok()) return ErrorResponse(call, waited.status());
    published = *waited;
  }
  auto target = op.target(published->view(), params, call.caller);
  if (!target.ok()) return ErrorResponse(call, target.status());
  call.audit_action = target->action;
  call.audit_resource = target->resource;
  if (Status s = Authorize(*published, call, *target); !s.ok()) {
    return ErrorResponse(call, s);
  }
  auto result = op.read(published->view(), *published->authorizer, params, call.caller);
  if (!result.ok()) return ErrorResponse(call, result.status());
  Json out = std::move(*result);
  if (!out.is_object()) out = Json{{"Result", std::move(out)}};
  return JsonResponse(call, std::move(out));
}

// Body: {"operations": [{"operation": NAME, "params": {...}}, ...]}, at most 1,000 per
// request, applied in one transaction and published as one snapshot. The account root only:
// an import replays history, which is the owner's business.
http::HttpResponse Service::Import(Call& call) {
  call.api = "import";
  call.is_write = true;
  auto body = ParseBody(call.request, false);
  if (!body.ok()) return ErrorResponse(call, body.status());
  ParamReader in(*body);
  const Json* operations = in.OptionalJson("operations");
  if (operations == nullptr) in.Fail(MissingParameter("operations"));
  if (Status s = in.Finish(); !s.ok()) return ErrorResponse(call, s);
  call.audit_action = "paiam:Import";
  call.audit_resource = AccountResource(call.caller);
  if (call.caller.type != identity::PrincipalType::kRoot) {
    return ErrorResponse(call, Status(StatusCode::kPermissionDenied, "Forbidden.RAM",
                                      "only the account root may import"));
  }
  if (!operations->is_array() || operations->size() > kMaxBatchChecks) {
    return ErrorResponse(call, InvalidParameter("operations", "must be an array of at most "
                                                              "1000 operations"));
  }
  std::vector<std::pair<const Operation*, Json>> batch;
  for (size_t i = 0; i < operations->size(); ++i) {
    const Json& item = (*operations)[i];
    ParamReader entry(item);
    std::string name = entry.Required("operation");
    const Json* params = entry.OptionalJson("params");
    Status s = entry.Finish();
    const Operation* op = s.ok() ? FindOperation(name) : nullptr;
    if (s.ok() && (op == nullptr || op->internal || !op->writes)) {
      s = InvalidParameter("operation", "\"" + name + "\" is not a write operation");
    }
    if (!s.ok()) {
      return ErrorResponse(call, Status(s.code(), s.rule(), "operations[" + std::to_string(i) +
                                                                "]: " + s.message()));
    }
    batch.emplace_back(op, params != nullptr ? *params : Json::object());
  }
  WriteMeta meta{call.request_id, call.request.remote_ip, Now()};
  auto revision = live_->WriteBatch(batch, call.caller, meta,
                                    [&](const Published& published, const AuthzTarget& target) {
                                      return Authorize(published, call, target);
                                    });
  if (!revision.ok()) return ErrorResponse(call, revision.status());
  metrics_.SetRevision(*revision);
  return JsonResponse(call, {{"applied", batch.size()}, {"revision", *revision}});
}

http::HttpResponse Service::AuditLog(Call& call) {
  call.api = "audit";
  auto query = auth::ParseQuery(call.request.raw_query(), true);
  if (!query) return ErrorResponse(call, BadBody("the query string is not valid"));
  Json params = Json::object();
  for (const auto& [key, value] : *query) params[key] = value;
  ParamReader in(params);
  store::AuditQuery q;
  q.workspace_id = in.Optional("workspace_id");
  q.caller = in.Optional("caller");
  q.action = in.Optional("action");
  q.from_ms = in.OptionalInt("from_ms").value_or(0);
  q.to_ms = in.OptionalInt("to_ms").value_or(INT64_MAX);
  q.marker = static_cast<uint64_t>(in.OptionalInt("marker").value_or(0));
  int64_t limit = in.OptionalInt("limit").value_or(100);
  if (limit < 1 || limit > 1000) in.Fail(InvalidParameter("limit", "must be 1-1000"));
  q.limit = static_cast<size_t>(limit);
  if (Status s = in.Finish(); !s.ok()) return ErrorResponse(call, s);
  if (Status s = AuthorizeOnAccount(call, *live_->current(), "paiam:GetAuditLog"); !s.ok()) {
    return ErrorResponse(call, s);
  }
  audit_sink_->Flush();  // the caller reads its own refusals too
  auto page = live_->store().QueryAudit(q);
  if (!page.ok()) return ErrorResponse(call, page.status());
  Json entries = Json::array();
  for (const store::AuditEntry& e : page->entries) {
    // Only the caller's own account's trail.
    auto parsed = identity::ParsePrincipalArn(e.caller);
    if (!parsed || parsed->account_id != call.caller.account_id) continue;
    Json parameters = Json::parse(e.parameters, nullptr, false);
    entries.push_back({{"id", e.id},
                       {"time", auth::FormatIso8601(e.at_ms)},
                       {"request_id", e.request_id},
                       {"caller", e.caller},
                       {"source_ip", e.source_ip},
                       {"operation", e.operation},
                       {"action", e.action},
                       {"resource", e.resource},
                       {"workspace_id", e.workspace_id},
                       {"parameters", parameters.is_discarded() ? Json(e.parameters) : parameters},
                       {"result", e.result},
                       {"http_status", e.http_status},
                       {"revision", e.revision}});
  }
  return JsonResponse(call, {{"entries", std::move(entries)},
                             {"truncated", page->truncated},
                             {"next_marker", page->next_marker}});
}

}  // namespace paiam::api
