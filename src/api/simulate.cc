// paiam/api — POST /v1/simulate: a check against hypothetical policies, nothing saved.
//
// Body: {principal, action, resource, context?, policies: [DOCUMENT, ...], mode?: "add" |
// "replace", at_least_revision?}. The principal (a RAM user or role of the caller's account)
// gets the given documents attached as extra custom policies ("add"), or instead of every
// policy it has directly and through its groups ("replace"). The answer is the decision on
// that hypothetical state next to the decision on the real one.
//
// The hypothetical state is a private copy of the published one, built into its own Snapshot;
// it never reaches the log or the published state.
#include "api/call.h"
#include "api/decision_json.h"
#include "api/params.h"
#include "api/service.h"
#include "auth/signature.h"
#include "authz/explain.h"
#include "catalog/catalog.h"
#include "identity/arn.h"

namespace paiam::api {
namespace {

constexpr size_t kMaxSimulatedPolicies = 10;

// Applies `documents` to a copy of the published state for `principal`.
StatusOr<std::shared_ptr<const authz::Snapshot>> Hypothetical(
    const Published& published, const identity::ParsedPrincipalArn& principal,
    const std::vector<std::string>& documents, bool replace) {
  identity::Directory directory = published.snapshot->directory();
  std::string account(principal.account_id);
  std::string name(principal.name);
  identity::AttachTarget target;
  if (principal.type == identity::PrincipalType::kUser) {
    const identity::User* user = directory.FindUser(account, name);
    if (user == nullptr) {
      return Status(StatusCode::kNotFound, "EntityNotExist.User", "no user " + name);
    }
    target = identity::AttachTarget::kUser;
    if (replace) {
      for (const identity::EffectivePolicy& p : directory.EffectivePolicies(*user)) {
        identity::PolicyRef ref{p.policy->type, p.policy->name};
        if (p.via == identity::AttachTarget::kUser) {
          (void)directory.DetachPolicy(account, ref, identity::AttachTarget::kUser, name);
        } else {
          (void)directory.RemoveUserFromGroup(account, name, std::string(p.group));
        }
      }
    }
  } else if (principal.type == identity::PrincipalType::kRole) {
    const identity::Role* role = directory.FindRole(account, name);
    if (role == nullptr) {
      return Status(StatusCode::kNotFound, "EntityNotExist.Role", "no role " + name);
    }
    target = identity::AttachTarget::kRole;
    if (replace) {
      std::vector<identity::EffectivePolicy> attached;
      directory.AppendRolePolicies(*role, &attached);
      for (const identity::EffectivePolicy& p : attached) {
        identity::PolicyRef ref{p.policy->type, p.policy->name};
        (void)directory.DetachPolicy(account, ref, identity::AttachTarget::kRole, name);
      }
    }
  } else {
    return Status(StatusCode::kInvalidArgument, "InvalidParameter.principal",
                  "simulate needs a RAM user or role: the root is allowed everything in its "
                  "account whatever its policies");
  }
  for (size_t i = 0; i < documents.size(); ++i) {
    std::string policy_name = "paiam-simulated-" + std::to_string(i + 1);
    while (directory.FindPolicy(identity::PolicyType::kCustom, account, policy_name) != nullptr) {
      policy_name += "-x";
    }
    Status s = directory.CreatePolicy(account, {policy_name, "simulated", documents[i]});
    if (s.ok()) {
      s = directory.AttachPolicy(account, {identity::PolicyType::kCustom, policy_name}, target,
                                 name);
    }
    if (!s.ok()) {
      return Status(s.code(), s.rule(), "policies[" + std::to_string(i) + "]: " + s.message());
    }
  }
  return authz::Snapshot::Build(catalog::Catalog::BuiltIn(), std::move(directory),
                                published.snapshot->workspaces());
}

}  // namespace

http::HttpResponse Service::Simulate(Call& call) {
  call.api = "simulate";
  Json body = Json::parse(call.request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return ErrorResponse(call, Status(StatusCode::kInvalidArgument, "InvalidParameter.Body",
                                      "the request body must be a JSON object"));
  }
  ParamReader in(body);
  std::string principal = in.Required("principal");
  std::string action = in.Required("action");
  std::string resource = in.Required("resource");
  const Json* context_json = in.OptionalJson("context");
  const Json* policies = in.OptionalJson("policies");
  std::string mode = in.Optional("mode").value_or("add");
  in.OptionalInt("at_least_revision");
  if (policies == nullptr) in.Fail(MissingParameter("policies"));
  if (mode != "add" && mode != "replace") {
    in.Fail(InvalidParameter("mode", "must be add or replace"));
  }
  if (Status s = in.Finish(); !s.ok()) return ErrorResponse(call, s);
  if (!policies->is_array() || policies->size() > kMaxSimulatedPolicies) {
    return ErrorResponse(call, InvalidParameter("policies", "must be an array of at most 10 "
                                                            "policy documents"));
  }
  std::vector<std::string> documents;
  for (const Json& document : *policies) {
    documents.push_back(document.is_string() ? document.get<std::string>() : document.dump());
  }
  auto parsed = identity::ParsePrincipalArn(principal);
  if (!parsed) {
    return ErrorResponse(call, InvalidParameter("principal", "is not a principal ARN"));
  }
  if (parsed->account_id != call.caller.account_id) {
    return ErrorResponse(call, Status(StatusCode::kPermissionDenied, "Forbidden.RAM",
                                      "principals of another account are not visible"));
  }
  auto context = ContextFromJson(context_json, auth::FormatIso8601(Now()));
  if (!context.ok()) return ErrorResponse(call, context.status());
  std::vector<policy::ContextEntry> entries;
  for (const auto& [key, value] : *context) entries.push_back({key, value});

  auto published = PublishedFor(call, body);
  if (!published.ok()) return ErrorResponse(call, published.status());
  if (Status s = AuthorizeOnAccount(call, **published, "paiam:Simulate"); !s.ok()) {
    return ErrorResponse(call, s);
  }
  auto snapshot = Hypothetical(**published, *parsed, documents, mode == "replace");
  if (!snapshot.ok()) return ErrorResponse(call, snapshot.status());
  authz::Authorizer hypothetical(*snapshot);
  authz::ExplainReport report = authz::Explain(hypothetical, principal, action, resource, entries);
  policy::Decision baseline =
      (*published)->authorizer->Check(principal, action, resource, entries);
  Json statements = Json::array();
  for (const authz::StatementInfo& s : report.deciding) statements.push_back(StatementJson(s));
  Json out = {{"decision", policy::DecisionName(report.decision)},
              {"reason", DecisionReason(report.decision, report.by_root, report.deciding)},
              {"statements", std::move(statements)},
              {"baseline_decision", policy::DecisionName(baseline)},
              {"mode", mode},
              {"explain", ExplainJson(report)},
              {"revision", (*published)->revision}};
  return JsonResponse(call, std::move(out));
}

}  // namespace paiam::api
