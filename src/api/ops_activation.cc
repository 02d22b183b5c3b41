// paiam/api — products, activation, quick authorization, dependencies, free trials
// (ops_internal.h): the seeds' "Activate and Authorize" console flows as operations over
// activation::Activations (rules and error codes in activation/activation.h).
//
//   ListProducts           read   ProductCodes?, ServiceCodes?, Verbose?  (AIWorkSpace §4.3:
//                                 GET /api/v1/products routes here)
//                                 -> Products[{ProductCode,ProductId,IsPurchased,
//                                    HasPermissionToPurchase,PurchaseUrl}],
//                                    Services[{ServiceCode,IsOpen,OpenUrl}]
//   ActivateProduct        write  ProductCode -> ProductCode, ProductName, ActivatedBy, ActivateTime
//   GetModuleDependencies  read   ModuleName -> the "All cloud product dependencies" section
//   AuthorizeModule        write  ModuleName -> CreatedRoles[], ExistingRoles[] (quick
//                                 authorization; root only)
//   ClaimFreeTrial         write  TrialType (compute|storage) -> the claimed trial
//   ListResourceCenter     read   -> Resources[] (the claimed trials), TotalCount
//
// Authorization, through the engine like every operation:
//   ListProducts, GetModuleDependencies  pai:ListProducts (the catalog's default-allow row
//       "List whether PAI, MaxCompute, DataWorks, and OSS are purchased or activated") on
//       acs:pai:*:<account>:product/* or …:module/<Name>;
//   ActivateProduct  the product's activation action (products.json) on
//       acs:<ram-code>:*:<account>:product/<Code>; a denial names the product's …FullAccess
//       policy (AuthzTarget::denial_hint);
//   AuthorizeModule  root only, before the engine (seed 003: "Only Alibaba Cloud accounts can
//       assign the role. RAM users cannot assign the role."), so a RAM user or role session is
//       refused even with AdministratorAccess (activation.quick-authorization-needs-root, 403);
//       then ram:CreateRole on the first role's ARN;
//   ClaimFreeTrial   the trial's action (paiartlab:ClaimFreeTrial) on
//       acs:paiartlab:*:<account>:freetrial/<kind>; ListResourceCenter paiartlab:ListFreeTrials
//       on …:freetrial/*. AliyunPAIFullAccess grants both (paiartlab:*).
// Writes carry the time in "RequestTime" (ms), set by prepare (over any value a client sent),
// so a replay of the log rebuilds the same state. Unknown ListProducts codes are ignored (a filter, not a
// lookup); the two filters together select the products they name, each in its own list.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "activation/activation.h"
#include "api/ops_internal.h"
#include "api/params.h"
#include "catalog/text.h"
#include "identity/arn.h"

namespace paiam::api::internal {
namespace {

using activation::Activations;
using catalog::Product;

constexpr std::string_view kListProducts = "pai:ListProducts";
constexpr std::string_view kListTrials = "paiartlab:ListFreeTrials";
constexpr std::string_view kTime = "RequestTime";

const Activations& ActivationsOf(StateView state) {
  static const Activations* const empty = new Activations();
  return state.activation != nullptr ? *state.activation : *empty;
}

const catalog::Products& ProductsOf(StateView state) { return ActivationsOf(state).products(); }

// "2021-01-21T17:12:35.232Z", as AIWorkSpace writes times; "" for 0.
std::string FormatTime(int64_t ms) {
  if (ms == 0) return "";
  std::time_t seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  const int rest = static_cast<int>(ms - static_cast<int64_t>(seconds) * 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[96];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, rest);
  return text;
}

std::string ProductArn(const Product& p, std::string_view account) {
  return "acs:" + p.ram_code + ":*:" + std::string(account) + ":product/" + p.code;
}

std::string TrialArn(std::string_view kind, std::string_view account) {
  return "acs:paiartlab:*:" + std::string(account) + ":freetrial/" + std::string(kind);
}

Status UnknownProduct(std::string_view code) {
  return Status(StatusCode::kNotFound, "activation.unknown-product",
                "no product \"" + std::string(code) + "\" (see ListProducts)");
}

Status UnknownModule(std::string_view name) {
  return Status(StatusCode::kNotFound, "activation.unknown-module",
                "no module \"" + std::string(name) + "\" (modules are listed in products.json)");
}

// One required name parameter and the optional RequestTime; apply passes `time_ms`, which
// makes the time required (prepare always sets it, and the log always carries it).
StatusOr<std::string> ReadName(const Json& params, std::string_view name, int64_t* time_ms) {
  ParamReader in(params);
  std::string value = in.Required(name);
  std::optional<int64_t> at = in.OptionalInt(kTime);
  if (time_ms != nullptr) {
    if (in.ok() && !at) in.Fail(MissingParameter(kTime));
    *time_ms = at.value_or(0);
  }
  if (Status s = in.Finish(); !s.ok()) return s;
  return value;
}

// The server's time, replacing any a client sent: a target accepts RequestTime only so that
// `paiam admin import` can replay an export, whose operations carry their logged time.
Status PrepareTime(StateView, Json& params, const Caller&) {
  if (!params.is_object()) return InvalidParameter("Parameters", "must be a JSON object");
  params[std::string(kTime)] = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
  return Status::Ok();
}

// --- ListProducts --------------------------------------------------------------------------

StatusOr<AuthzTarget> ListProductsTarget(StateView, const Json& params, const Caller& caller) {
  ParamReader in(params);
  in.OptionalList("ProductCodes");
  in.OptionalList("ServiceCodes");
  in.OptionalBool("Verbose");
  if (Status s = in.Finish(); !s.ok()) return s;
  return AuthzTarget::On(std::string(kListProducts),
                         "acs:pai:*:" + caller.account_id + ":product/*");
}

Json ProductJson(const Product& p, const activation::ProductActivation* done, bool may_activate,
                 bool verbose) {
  Json item;
  if (p.list_kind == catalog::ListKind::kProduct) {
    item = {{"ProductCode", p.list_code},
            {"ProductId", p.code},
            {"IsPurchased", done != nullptr},
            {"HasPermissionToPurchase", may_activate},
            {"PurchaseUrl", ""}};
  } else {
    item = {{"ServiceCode", p.list_code}, {"IsOpen", done != nullptr}, {"OpenUrl", ""}};
  }
  if (verbose) {
    item["Code"] = p.code;
    item["Name"] = p.name;
    item["RamCode"] = p.ram_code;
    item["ActivationAction"] = p.activation_action;
    item["FullAccessPolicy"] = p.full_access_policy;
    item["HasPermissionToActivate"] = may_activate;
    item["ActivatedBy"] = done != nullptr ? done->by : "";
    item["ActivateTime"] = done != nullptr ? FormatTime(done->time_ms) : "";
  }
  return item;
}

StatusOr<Json> ListProductsRead(StateView state, const authz::Authorizer& authorizer,
                                const Json& params, const Caller& caller) {
  ParamReader in(params);
  std::vector<std::string> codes = in.OptionalList("ProductCodes");
  std::vector<std::string> services = in.OptionalList("ServiceCodes");
  const bool verbose = in.OptionalBool("Verbose").value_or(false);
  if (Status s = in.Finish(); !s.ok()) return s;
  codes.insert(codes.end(), services.begin(), services.end());
  const Activations& act = ActivationsOf(state);
  Json products = Json::array(), service_list = Json::array();
  for (const Product& p : act.products().products()) {
    bool wanted = codes.empty();
    for (const std::string& code : codes) {
      wanted |= catalog::internal::EqualsIgnoreCase(code, p.code) ||
                catalog::internal::EqualsIgnoreCase(code, p.list_code);
    }
    if (!wanted) continue;
    const bool may = authorizer.Check(caller.arn, p.activation_action,
                                      ProductArn(p, caller.account_id),
                                      {}) == policy::Decision::kAllow;
    Json item = ProductJson(p, act.FindActivation(caller.account_id, p.code), may, verbose);
    (p.list_kind == catalog::ListKind::kProduct ? products : service_list)
        .push_back(std::move(item));
  }
  return Json{{"Products", std::move(products)}, {"Services", std::move(service_list)}};
}

// --- ActivateProduct -----------------------------------------------------------------------

StatusOr<AuthzTarget> ActivateTarget(StateView state, const Json& params, const Caller& caller) {
  StatusOr<std::string> code = ReadName(params, "ProductCode", nullptr);
  if (!code.ok()) return code.status();
  const Product* p = ProductsOf(state).FindProduct(*code);
  if (p == nullptr) return UnknownProduct(*code);
  AuthzTarget target = AuthzTarget::On(p->activation_action, ProductArn(*p, caller.account_id));
  target.denial_hint = "to activate " + p->name + ", attach " + p->full_access_policy +
                       " (or a policy that allows " + p->activation_action + ")";
  return target;
}

StatusOr<Json> ActivateApply(State& state, const Json& params, const ApplyContext& context) {
  int64_t at = 0;
  StatusOr<std::string> code = ReadName(params, "ProductCode", &at);
  if (!code.ok()) return code.status();
  StatusOr<activation::ProductActivation> done =
      state.activation.Activate(context.caller.account_id, *code, context.caller.arn, at);
  if (!done.ok()) return done.status();
  const Product* p = state.activation.products().FindProduct(done->product);
  return Json{{"ProductCode", p->code},
              {"ProductName", p->name},
              {"ActivatedBy", done->by},
              {"ActivateTime", FormatTime(done->time_ms)}};
}

// --- GetModuleDependencies -----------------------------------------------------------------

StatusOr<AuthzTarget> DependenciesTarget(StateView state, const Json& params,
                                         const Caller& caller) {
  StatusOr<std::string> name = ReadName(params, "ModuleName", nullptr);
  if (!name.ok()) return name.status();
  const catalog::Module* m = ProductsOf(state).FindModule(*name);
  if (m == nullptr) return UnknownModule(*name);
  return AuthzTarget::On(std::string(kListProducts),
                         "acs:pai:*:" + caller.account_id + ":module/" + m->name);
}

Json RoleNames(const std::vector<const catalog::ServiceRole*>& roles) {
  Json out = Json::array();
  for (const catalog::ServiceRole* r : roles) out.push_back(r->name);
  return out;
}

Json DependencyJson(const activation::DependencyStatus& s) {
  const catalog::Dependency& d = *s.dependency;
  std::string required_for = "All features";
  for (size_t i = 0; i < d.features.size(); ++i) {
    required_for = (i == 0 ? "" : required_for + ", ") + d.features[i];
  }
  return Json{{"ProductCode", s.product->code},
              {"ProductName", s.product->name},
              {"DependencyType", catalog::DependencyKindName(d.kind)},
              {"Through", d.through},
              {"RequiredFor", required_for},
              {"Features", d.features},
              {"Activated", s.activated},
              {"AuthorizationRequired", !s.roles.empty()},
              {"Authorized", s.authorized()},
              {"ServiceRoles", RoleNames(s.roles)},
              {"MissingRoles", s.missing_roles},
              {"FullAccessPolicy", s.product->full_access_policy},
              {"NextStep", activation::NextStepName(s.next)}};
}

StatusOr<Json> DependenciesRead(StateView state, const authz::Authorizer&, const Json& params,
                                const Caller& caller) {
  StatusOr<std::string> name = ReadName(params, "ModuleName", nullptr);
  if (!name.ok()) return name.status();
  const Activations& act = ActivationsOf(state);
  auto deps = act.Dependencies(state.directory, caller.account_id, *name);
  if (!deps.ok()) return deps.status();
  const catalog::Module& m = *act.products().FindModule(*name);
  Json roles = Json::array();
  bool all = true;
  for (const catalog::ServiceRole* r : act.products().RolesOf(m)) {
    const bool exists = state.directory.FindRole(caller.account_id, r->name) != nullptr;
    all &= exists;
    roles.push_back({{"RoleName", r->name},
                     {"Service", r->service},
                     {"PolicyName", r->policy},
                     {"Exists", exists}});
  }
  Json list = Json::array();
  for (const activation::DependencyStatus& s : *deps) list.push_back(DependencyJson(s));
  return Json{{"ModuleName", m.name},
              {"Features", m.features},
              {"Authorized", all},
              {"ServiceRoles", std::move(roles)},
              {"Dependencies", std::move(list)}};
}

// --- AuthorizeModule -----------------------------------------------------------------------

StatusOr<AuthzTarget> AuthorizeTarget(StateView state, const Json& params, const Caller& caller) {
  StatusOr<std::string> name = ReadName(params, "ModuleName", nullptr);
  if (!name.ok()) return name.status();
  const catalog::Products& products = ProductsOf(state);
  const catalog::Module* m = products.FindModule(*name);
  if (m == nullptr) return UnknownModule(*name);
  if (caller.type != identity::PrincipalType::kRoot) {
    return Status(StatusCode::kPermissionDenied, "activation.quick-authorization-needs-root",
                  "quick authorization of " + m->name +
                      " assigns service roles, which only the Alibaba Cloud account (root) can "
                      "do; RAM users and roles cannot, whatever their policies");
  }
  std::vector<const catalog::ServiceRole*> roles = products.RolesOf(*m);
  return AuthzTarget::On("ram:CreateRole",
                         identity::RoleArn(caller.account_id,
                                           roles.empty() ? "*" : roles.front()->name));
}

StatusOr<Json> AuthorizeApply(State& state, const Json& params, const ApplyContext& context) {
  int64_t at = 0;
  StatusOr<std::string> name = ReadName(params, "ModuleName", &at);
  if (!name.ok()) return name.status();
  auto result = state.activation.Authorize(state.directory, context.caller.account_id, *name,
                                           context.caller.arn, at);
  if (!result.ok()) return result.status();
  return Json{{"ModuleName", state.activation.products().FindModule(*name)->name},
              {"CreatedRoles", result->created},
              {"ExistingRoles", result->existing}};
}

// --- ClaimFreeTrial, ListResourceCenter ----------------------------------------------------

StatusOr<AuthzTarget> ClaimTarget(StateView state, const Json& params, const Caller& caller) {
  StatusOr<std::string> kind = ReadName(params, "TrialType", nullptr);
  if (!kind.ok()) return kind.status();
  const catalog::Products& products = ProductsOf(state);
  const catalog::Trial* trial = products.FindTrial(*kind);
  if (trial == nullptr) {
    return Status(StatusCode::kNotFound, "activation.unknown-trial",
                  "no free trial \"" + *kind + "\" (compute, storage)");
  }
  AuthzTarget target = AuthzTarget::On(trial->action, TrialArn(trial->kind, caller.account_id));
  const Product* p = products.FindProduct(trial->product);
  target.denial_hint = "to claim the " + trial->name + ", attach " + p->full_access_policy +
                       " (or a policy that allows " + trial->action + ")";
  return target;
}

Json TrialJson(const catalog::Products& products, const activation::TrialClaim& claim) {
  const catalog::Trial* t = products.FindTrial(claim.kind);
  return Json{{"ResourceId", claim.resource_id},
              {"ResourceType", "FreeTrial"},
              {"TrialType", claim.kind},
              {"Name", t->name},
              {"ProductCode", t->product},
              {"ClaimedBy", claim.by},
              {"ClaimTime", FormatTime(claim.time_ms)}};
}

StatusOr<Json> ClaimApply(State& state, const Json& params, const ApplyContext& context) {
  int64_t at = 0;
  StatusOr<std::string> kind = ReadName(params, "TrialType", &at);
  if (!kind.ok()) return kind.status();
  auto claim =
      state.activation.ClaimTrial(context.caller.account_id, *kind, context.caller.arn, at);
  if (!claim.ok()) return claim.status();
  return TrialJson(state.activation.products(), *claim);
}

StatusOr<AuthzTarget> ResourcesTarget(StateView, const Json& params, const Caller& caller) {
  ParamReader in(params);
  if (Status s = in.Finish(); !s.ok()) return s;
  return AuthzTarget::On(std::string(kListTrials), TrialArn("*", caller.account_id));
}

StatusOr<Json> ResourcesRead(StateView state, const authz::Authorizer&, const Json&,
                             const Caller& caller) {
  const Activations& act = ActivationsOf(state);
  Json list = Json::array();
  for (const activation::TrialClaim& c : act.ResourceCenter(caller.account_id)) {
    list.push_back(TrialJson(act.products(), c));
  }
  const size_t total = list.size();
  return Json{{"Resources", std::move(list)}, {"TotalCount", total}};
}

constexpr Operation Read(std::string_view name, decltype(Operation::target) target,
                         decltype(Operation::read) read) {
  Operation op;
  op.name = name;
  op.target = target;
  op.read = read;
  return op;
}

constexpr Operation Write(std::string_view name, decltype(Operation::target) target,
                          decltype(Operation::apply) apply) {
  Operation op;
  op.name = name;
  op.writes = true;
  op.target = target;
  op.prepare = &PrepareTime;
  op.apply = apply;
  return op;
}

constexpr Operation kActivationOperations[] = {
    Write("ActivateProduct", &ActivateTarget, &ActivateApply),
    Write("AuthorizeModule", &AuthorizeTarget, &AuthorizeApply),
    Write("ClaimFreeTrial", &ClaimTarget, &ClaimApply),
    Read("GetModuleDependencies", &DependenciesTarget, &DependenciesRead),
    Read("ListProducts", &ListProductsTarget, &ListProductsRead),
    Read("ListResourceCenter", &ResourcesTarget, &ResourcesRead),
};

}  // namespace

std::span<const Operation> ActivationOperations() { return kActivationOperations; }

}  // namespace paiam::api::internal
