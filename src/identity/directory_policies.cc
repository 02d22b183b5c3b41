// paiam/identity — Directory: managed policies and their versions, attachments, and the
// effective-policy lookups the authorizer reads.
#include <algorithm>

#include "identity/directory.h"
#include "identity/directory_internal.h"
#include "identity/names.h"
#include "policy/parser.h"

namespace paiam::identity {

using internal::Conflict;
using internal::Exists;
using internal::Invalid;
using internal::Limit;
using internal::NotFound;
using internal::Quote;

namespace {

// Checks the length and parses a custom policy document as an identity policy. An invalid
// document is refused with the text of its first error (RAM's MalformedPolicyDocument).
Status ParseDocument(std::string_view text, policy::PolicyDocument* out) {
  const size_t chars = CountChars(text);
  if (chars < 1 || chars > policy::kMaxPolicyDocumentChars) {
    return Invalid("InvalidParameter.PolicyDocument.Length",
                   "a policy document must be 1-" +
                       std::to_string(policy::kMaxPolicyDocumentChars) + " characters long, got " +
                       std::to_string(chars));
  }
  policy::ParseResult parsed = policy::ParsePolicy(text);
  if (!parsed.ok()) {
    for (const policy::Diagnostic& d : parsed.diagnostics) {
      if (d.severity == policy::Severity::kError) {
        return Invalid("MalformedPolicyDocument", d.ToString());
      }
    }
    return Invalid("MalformedPolicyDocument", "the policy document is invalid");
  }
  *out = std::move(*parsed.document);
  return Status::Ok();
}

Status PolicyNotFound(const PolicyRef& ref) {
  return NotFound("EntityNotExist.Policy", std::string(PolicyTypeName(ref.type)) + " policy " +
                                               Quote(ref.name) + " does not exist");
}

Status CustomPolicyNotFound(std::string_view name) {
  return NotFound("EntityNotExist.Policy", "custom policy " + Quote(name) + " does not exist");
}

std::string VersionRule(std::string_view suffix) { return "Policy.Version" + std::string(suffix); }

}  // namespace

ManagedPolicy* Directory::MutableCustomPolicy(std::string_view account_id, std::string_view name) {
  auto it = custom_policies_.find(std::pair(account_id, name));
  return it == custom_policies_.end() ? nullptr : &it->second;
}

Status Directory::AddSystemPolicy(ManagedPolicy policy) {
  if (Status s = ValidatePolicyName(policy.name); !s.ok()) return s;
  if (policy.versions.empty() || policy.FindVersion(policy.default_version_id) == nullptr) {
    return Invalid("identity.system-policy-data",
                   "system policy " + Quote(policy.name) + " has no default version");
  }
  if (system_policies_.contains(policy.name)) {
    return Exists("EntityAlreadyExists.Policy",
                  "system policy " + Quote(policy.name) + " already exists");
  }
  policy.type = PolicyType::kSystem;
  policy.account_id.clear();
  std::string name = policy.name;
  system_policies_.emplace(std::move(name), std::move(policy));
  return Status::Ok();
}

Status Directory::CreatePolicy(std::string_view account_id, const PolicySpec& spec) {
  Status error;
  AccountState* account = MutableAccount(account_id, &error);
  if (account == nullptr) return error;
  if (Status s = ValidatePolicyName(spec.name); !s.ok()) return s;
  if (Status s = ValidateDescription(spec.description); !s.ok()) return s;
  PolicyVersion v1;
  if (Status s = ParseDocument(spec.document, &v1.document); !s.ok()) return s;
  if (MutableCustomPolicy(account_id, spec.name) != nullptr) {
    return Exists("EntityAlreadyExists.Policy", "policy " + Quote(spec.name) + " already exists");
  }
  if (account->custom_policies >= limits_.custom_policies_per_account) {
    return Limit("LimitExceeded.Policy", "the account already has the maximum of " +
                                             std::to_string(limits_.custom_policies_per_account) +
                                             " custom policies");
  }
  ManagedPolicy policy;
  policy.type = PolicyType::kCustom;
  policy.account_id = std::string(account_id);
  policy.name = spec.name;
  policy.description = spec.description;
  v1.version_id = "v1";
  v1.text = spec.document;
  v1.create_time = now_;
  policy.versions.push_back(std::move(v1));
  policy.default_version_id = "v1";
  policy.next_version_number = 2;
  policy.create_time = policy.update_time = now_;
  custom_policies_.emplace(ScopedName(policy.account_id, policy.name), std::move(policy));
  ++account->custom_policies;
  return Status::Ok();
}

Status Directory::UpdatePolicyDescription(std::string_view account_id, std::string_view name,
                                          std::string_view description) {
  ManagedPolicy* policy = MutableCustomPolicy(account_id, name);
  if (policy == nullptr) return CustomPolicyNotFound(name);
  if (Status s = ValidateDescription(description); !s.ok()) return s;
  policy->description = std::string(description);
  policy->update_time = now_;
  return Status::Ok();
}

Status Directory::DeletePolicy(std::string_view account_id, std::string_view name,
                               bool cascading_delete) {
  ManagedPolicy* policy = MutableCustomPolicy(account_id, name);
  if (policy == nullptr) return CustomPolicyNotFound(name);
  const auto attached = ListEntitiesForPolicy(account_id, {PolicyType::kCustom, std::string(name)});
  if (!attached.empty()) {
    const auto& [target, holder] = attached.front();
    return Conflict("DeleteConflict.Policy." + std::string(AttachTargetName(target)),
                    "policy " + Quote(name) + " is still attached to " +
                        std::string(AttachTargetName(target)) + " " + Quote(holder) +
                        "; detach it first");
  }
  if (policy->versions.size() > 1 && !cascading_delete) {
    return Conflict("DeleteConflict." + VersionRule(""),
                    "policy " + Quote(name) + " has " +
                        std::to_string(policy->versions.size() - 1) +
                        " non-default versions; delete them first or use CascadingDelete");
  }
  custom_policies_.erase(custom_policies_.find(std::pair(account_id, name)));
  --accounts_.find(account_id)->second.custom_policies;
  return Status::Ok();
}

StatusOr<std::string> Directory::CreatePolicyVersion(std::string_view account_id,
                                                     std::string_view name,
                                                     std::string_view document, bool set_as_default,
                                                     RotateStrategy rotate) {
  ManagedPolicy* policy = MutableCustomPolicy(account_id, name);
  if (policy == nullptr) return CustomPolicyNotFound(name);
  PolicyVersion version;
  if (Status s = ParseDocument(document, &version.document); !s.ok()) return s;
  const bool full = policy->versions.size() >= limits_.versions_per_policy;
  if (full && rotate == RotateStrategy::kNone) {
    return Limit("LimitExceeded." + VersionRule(""),
                 "policy " + Quote(name) + " already has the maximum of " +
                     std::to_string(limits_.versions_per_policy) +
                     " versions; delete one or use RotateStrategy "
                     "DeleteOldestNonDefaultVersionWhenLimitExceeded");
  }
  if (full) {
    // Versions are kept oldest first, so the first non-default one is the oldest.
    auto oldest = std::find_if(
        policy->versions.begin(), policy->versions.end(),
        [&](const PolicyVersion& v) { return v.version_id != policy->default_version_id; });
    policy->versions.erase(oldest);
  }
  version.version_id = "v" + std::to_string(policy->next_version_number++);
  version.text = std::string(document);
  version.create_time = now_;
  if (set_as_default) policy->default_version_id = version.version_id;
  policy->versions.push_back(std::move(version));
  policy->update_time = now_;
  return policy->versions.back().version_id;
}

Status Directory::SetDefaultPolicyVersion(std::string_view account_id, std::string_view name,
                                          std::string_view version_id) {
  ManagedPolicy* policy = MutableCustomPolicy(account_id, name);
  if (policy == nullptr) return CustomPolicyNotFound(name);
  if (policy->FindVersion(version_id) == nullptr) {
    return NotFound("EntityNotExist." + VersionRule(""),
                    "policy " + Quote(name) + " has no version " + Quote(version_id));
  }
  policy->default_version_id = std::string(version_id);
  policy->update_time = now_;
  return Status::Ok();
}

Status Directory::DeletePolicyVersion(std::string_view account_id, std::string_view name,
                                      std::string_view version_id) {
  ManagedPolicy* policy = MutableCustomPolicy(account_id, name);
  if (policy == nullptr) return CustomPolicyNotFound(name);
  auto it = std::find_if(policy->versions.begin(), policy->versions.end(),
                         [&](const PolicyVersion& v) { return v.version_id == version_id; });
  if (it == policy->versions.end()) {
    return NotFound("EntityNotExist." + VersionRule(""),
                    "policy " + Quote(name) + " has no version " + Quote(version_id));
  }
  if (policy->default_version_id == version_id) {
    return Conflict("DeleteConflict." + VersionRule(".Default"),
                    "version " + Quote(version_id) + " is the default version of policy " +
                        Quote(name) +
                        " and cannot be deleted; make another version the "
                        "default first");
  }
  policy->versions.erase(it);
  policy->update_time = now_;
  return Status::Ok();
}

const ManagedPolicy* Directory::FindPolicy(PolicyType type, std::string_view account_id,
                                           std::string_view name) const {
  if (type == PolicyType::kSystem) {
    auto it = system_policies_.find(name);
    return it == system_policies_.end() ? nullptr : &it->second;
  }
  auto it = custom_policies_.find(std::pair(account_id, name));
  return it == custom_policies_.end() ? nullptr : &it->second;
}

std::vector<const ManagedPolicy*> Directory::ListPolicies(std::string_view account_id,
                                                          std::optional<PolicyType> type) const {
  std::vector<const ManagedPolicy*> out;
  if (!type || *type == PolicyType::kSystem) {
    for (const auto& [_, p] : system_policies_) out.push_back(&p);
  }
  if (!type || *type == PolicyType::kCustom) {
    for (auto it = custom_policies_.lower_bound(std::pair(account_id, std::string_view()));
         it != custom_policies_.end() && it->first.first == account_id; ++it) {
      out.push_back(&it->second);
    }
  }
  return out;
}

// --- attachments ---------------------------------------------------------------------------

std::vector<PolicyRef>* Directory::AttachedPolicies(std::string_view account_id,
                                                    AttachTarget target, std::string_view name,
                                                    Status* error) {
  const std::string kind(AttachTargetName(target));
  std::vector<PolicyRef>* out = nullptr;
  switch (target) {
    case AttachTarget::kUser:
      if (User* u = MutableUser(account_id, name)) out = &u->policies;
      break;
    case AttachTarget::kGroup:
      if (Group* g = MutableGroup(account_id, name)) out = &g->policies;
      break;
    case AttachTarget::kRole:
      if (Role* r = MutableRole(account_id, name)) out = &r->policies;
      break;
  }
  if (out == nullptr) {
    std::string lower = kind;
    lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
    *error = NotFound("EntityNotExist." + kind, lower + " " + Quote(name) + " does not exist");
  }
  return out;
}

Status Directory::CheckAttachLimit(const std::vector<PolicyRef>& attached, PolicyType type,
                                   AttachTarget target) const {
  const bool system = type == PolicyType::kSystem;
  size_t limit = 0;
  switch (target) {
    case AttachTarget::kUser:
      limit = system ? limits_.system_policies_per_user : limits_.custom_policies_per_user;
      break;
    case AttachTarget::kGroup:
      limit = system ? limits_.system_policies_per_group : limits_.custom_policies_per_group;
      break;
    case AttachTarget::kRole:
      limit = system ? limits_.system_policies_per_role : limits_.custom_policies_per_role;
      break;
  }
  const size_t count = std::count_if(attached.begin(), attached.end(),
                                     [&](const PolicyRef& r) { return r.type == type; });
  if (count < limit) return Status::Ok();
  const std::string kind(AttachTargetName(target));
  return Limit("LimitExceeded." + kind + ".Policy",
               "a " + kind + " may have at most " + std::to_string(limit) + " " +
                   std::string(system ? "system" : "custom") + " policies attached");
}

// A service-linked role's policy is fixed: nothing is attached to it or detached from it.
Status Directory::CheckPoliciesModifiable(std::string_view account_id, AttachTarget target,
                                          std::string_view target_name) const {
  if (target != AttachTarget::kRole) return Status::Ok();
  const Role* role = FindRole(account_id, target_name);
  return role == nullptr ? Status::Ok() : CheckRoleModifiable(*role, "Policy");
}

Status Directory::AttachPolicy(std::string_view account_id, const PolicyRef& policy,
                               AttachTarget target, std::string_view target_name) {
  Status error;
  std::vector<PolicyRef>* attached = AttachedPolicies(account_id, target, target_name, &error);
  if (attached == nullptr) return error;
  if (Status s = CheckPoliciesModifiable(account_id, target, target_name); !s.ok()) return s;
  if (FindPolicy(account_id, policy) == nullptr) return PolicyNotFound(policy);
  const std::string kind(AttachTargetName(target));
  if (std::find(attached->begin(), attached->end(), policy) != attached->end()) {
    return Exists("EntityAlreadyExists." + kind + ".Policy", "policy " + Quote(policy.name) +
                                                                 " is already attached to " + kind +
                                                                 " " + Quote(target_name));
  }
  if (Status s = CheckAttachLimit(*attached, policy.type, target); !s.ok()) return s;
  attached->push_back(PolicyRef{policy.type, policy.name, now_});
  return Status::Ok();
}

Status Directory::DetachPolicy(std::string_view account_id, const PolicyRef& policy,
                               AttachTarget target, std::string_view target_name) {
  Status error;
  std::vector<PolicyRef>* attached = AttachedPolicies(account_id, target, target_name, &error);
  if (attached == nullptr) return error;
  if (Status s = CheckPoliciesModifiable(account_id, target, target_name); !s.ok()) return s;
  auto it = std::find(attached->begin(), attached->end(), policy);
  if (it == attached->end()) {
    const std::string kind(AttachTargetName(target));
    return NotFound(
        "EntityNotExist." + kind + ".Policy",
        "policy " + Quote(policy.name) + " is not attached to " + kind + " " + Quote(target_name));
  }
  attached->erase(it);
  return Status::Ok();
}

std::vector<std::pair<AttachTarget, std::string>> Directory::ListEntitiesForPolicy(
    std::string_view account_id, const PolicyRef& policy) const {
  std::vector<std::pair<AttachTarget, std::string>> out;
  auto holds = [&](const std::vector<PolicyRef>& refs) {
    return std::find(refs.begin(), refs.end(), policy) != refs.end();
  };
  for (const User* u : ListUsers(account_id)) {
    if (holds(u->policies)) out.emplace_back(AttachTarget::kUser, u->name);
  }
  for (const Group* g : ListGroups(account_id)) {
    if (holds(g->policies)) out.emplace_back(AttachTarget::kGroup, g->name);
  }
  for (const Role* r : ListRoles(account_id)) {
    if (holds(r->policies)) out.emplace_back(AttachTarget::kRole, r->name);
  }
  return out;
}

// --- effective policies --------------------------------------------------------------------

void Directory::AppendDefaults(std::string_view account_id, const std::vector<PolicyRef>& refs,
                               AttachTarget via, std::string_view group,
                               std::vector<EffectivePolicy>* out) const {
  for (const PolicyRef& ref : refs) {
    // Attachments only ever name existing policies: a custom policy cannot be deleted while
    // attached, and system policies are never removed.
    const ManagedPolicy* p = FindPolicy(account_id, ref);
    out->push_back(EffectivePolicy{p, &p->DefaultVersion(), via, group});
  }
}

void Directory::AppendEffectivePolicies(const User& user, std::vector<EffectivePolicy>* out) const {
  AppendDefaults(user.account_id, user.policies, AttachTarget::kUser, {}, out);
  for (const std::string& name : user.groups) {
    const Group* group = FindGroup(user.account_id, name);
    AppendDefaults(user.account_id, group->policies, AttachTarget::kGroup, group->name, out);
  }
}

std::vector<EffectivePolicy> Directory::EffectivePolicies(const User& user) const {
  std::vector<EffectivePolicy> out;
  AppendEffectivePolicies(user, &out);
  return out;
}

void Directory::AppendRolePolicies(const Role& role, std::vector<EffectivePolicy>* out) const {
  AppendDefaults(role.account_id, role.policies, AttachTarget::kRole, {}, out);
}

}  // namespace paiam::identity
