// paiam/activation — the rules of activation.h.
#include "activation/activation.h"

#include <utility>

namespace paiam::activation {
namespace {

Status NotFound(std::string rule, std::string message) {
  return Status(StatusCode::kNotFound, std::move(rule), std::move(message));
}

Status UnknownProduct(std::string_view code) {
  return NotFound("activation.unknown-product",
                  "no product \"" + std::string(code) + "\" (see ListProducts)");
}

Status UnknownModule(std::string_view name) {
  return NotFound("activation.unknown-module",
                  "no module \"" + std::string(name) + "\" (modules are listed in products.json)");
}

}  // namespace

std::string_view NextStepName(NextStep step) {
  switch (step) {
    case NextStep::kActivate: return "Activate";
    case NextStep::kAuthorize: return "Authorize";
    case NextStep::kViewAuthorization: return "View authorization information";
  }
  return "";
}

StatusOr<ProductActivation> Activations::Activate(std::string_view account_id,
                                                  std::string_view product, std::string_view by,
                                                  int64_t at_ms) {
  const catalog::Product* p = products_.FindProduct(product);
  if (p == nullptr) return UnknownProduct(product);
  if (const ProductActivation* done = FindActivation(account_id, p->code)) {
    return Status(StatusCode::kAlreadyExists, "activation.product-already-activated",
                  p->name + " is already activated (by " + done->by + ")");
  }
  ProductActivation activation{p->code, std::string(by), at_ms};
  accounts_[std::string(account_id)].products.emplace(p->code, activation);
  return activation;
}

StatusOr<AuthorizeResult> Activations::Authorize(identity::Directory& directory,
                                                 std::string_view account_id,
                                                 std::string_view module, std::string_view by,
                                                 int64_t at_ms) {
  const catalog::Module* m = products_.FindModule(module);
  if (m == nullptr) return UnknownModule(module);
  // Every role on a copy, so that a failure half-way (a quota, a missing policy) leaves the
  // directory as it was.
  identity::Directory next = directory;
  AuthorizeResult result;
  for (const catalog::ServiceRole* role : products_.RolesOf(*m)) {
    if (next.FindRole(account_id, role->name) != nullptr) {
      result.existing.push_back(role->name);
      continue;
    }
    identity::RoleSpec spec;
    spec.name = role->name;
    spec.description = role->description;
    spec.trust_policy = catalog::ServiceTrustPolicy(*role);
    StatusOr<identity::Role> created = next.CreateRole(account_id, spec);
    if (!created.ok()) return created.status();
    identity::PolicyRef policy{identity::PolicyType::kSystem, role->policy};
    if (Status s = next.AttachPolicy(account_id, policy, identity::AttachTarget::kRole,
                                     role->name);
        !s.ok()) {
      return s;
    }
    result.created.push_back(role->name);
  }
  directory = std::move(next);
  accounts_[std::string(account_id)].modules.try_emplace(
      m->name, ModuleAuthorization{m->name, std::string(by), at_ms});
  return result;
}

StatusOr<TrialClaim> Activations::ClaimTrial(std::string_view account_id, std::string_view kind,
                                             std::string_view by, int64_t at_ms) {
  const catalog::Trial* trial = products_.FindTrial(kind);
  if (trial == nullptr) {
    std::string kinds;
    for (const catalog::Trial& t : products_.trials()) kinds += (kinds.empty() ? "" : ", ") + t.kind;
    return NotFound("activation.unknown-trial",
                    "no free trial \"" + std::string(kind) + "\" (one of: " + kinds + ")");
  }
  if (FindActivation(account_id, trial->product) == nullptr) {
    const catalog::Product* p = products_.FindProduct(trial->product);
    return Status(StatusCode::kFailedPrecondition, "activation.product-not-activated",
                  "activate " + (p != nullptr ? p->name : trial->product) +
                      " before claiming the " + trial->name);
  }
  const AccountActivation* account = Find(account_id);
  if (auto it = account->trials.find(trial->kind); it != account->trials.end()) {
    return Status(StatusCode::kAlreadyExists, "activation.trial-already-claimed",
                  "the " + trial->name + " was already claimed for this account (by " +
                      it->second.by + "); a trial can be claimed once per account");
  }
  TrialClaim claim{trial->kind, "ft-" + trial->kind + "-" + std::string(account_id),
                   std::string(by), at_ms};
  accounts_[std::string(account_id)].trials.emplace(trial->kind, claim);
  return claim;
}

const AccountActivation* Activations::Find(std::string_view account_id) const {
  auto it = accounts_.find(account_id);
  return it == accounts_.end() ? nullptr : &it->second;
}

const ProductActivation* Activations::FindActivation(std::string_view account_id,
                                                     std::string_view product) const {
  const AccountActivation* account = Find(account_id);
  const catalog::Product* p = products_.FindProduct(product);
  if (account == nullptr || p == nullptr) return nullptr;
  auto it = account->products.find(p->code);
  return it == account->products.end() ? nullptr : &it->second;
}

const ModuleAuthorization* Activations::FindAuthorization(std::string_view account_id,
                                                          std::string_view module) const {
  const AccountActivation* account = Find(account_id);
  const catalog::Module* m = products_.FindModule(module);
  if (account == nullptr || m == nullptr) return nullptr;
  auto it = account->modules.find(m->name);
  return it == account->modules.end() ? nullptr : &it->second;
}

StatusOr<std::vector<DependencyStatus>> Activations::Dependencies(
    const identity::Directory& directory, std::string_view account_id,
    std::string_view module) const {
  const catalog::Module* m = products_.FindModule(module);
  if (m == nullptr) return UnknownModule(module);
  std::vector<DependencyStatus> out;
  for (const catalog::Dependency& d : m->dependencies) {
    DependencyStatus status;
    status.dependency = &d;
    status.product = products_.FindProduct(d.product);
    status.activated = FindActivation(account_id, d.product) != nullptr;
    status.roles = products_.RolesFor(*m, d);
    for (const catalog::ServiceRole* role : status.roles) {
      if (directory.FindRole(account_id, role->name) == nullptr) {
        status.missing_roles.push_back(role->name);
      }
    }
    status.next = !status.activated    ? NextStep::kActivate
                  : !status.authorized() ? NextStep::kAuthorize
                                         : NextStep::kViewAuthorization;
    out.push_back(std::move(status));
  }
  return out;
}

std::vector<TrialClaim> Activations::ResourceCenter(std::string_view account_id) const {
  std::vector<TrialClaim> out;
  const AccountActivation* account = Find(account_id);
  if (account == nullptr) return out;
  for (const catalog::Trial& t : products_.trials()) {
    if (auto it = account->trials.find(t.kind); it != account->trials.end()) {
      out.push_back(it->second);
    }
  }
  return out;
}

}  // namespace paiam::activation
