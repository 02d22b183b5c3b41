// paiam/identity — Directory: service-linked roles (directory.h, service_linked_roles.h).
// Creation attaches the service's system policy and may exceed the role quota; deletion drops
// the role with its attachment at once and records a task that has SUCCEEDED.
#include <utility>

#include "identity/directory.h"
#include "identity/directory_internal.h"
#include "identity/names.h"
#include "identity/service_linked_roles.h"
#include "policy/parser.h"

namespace paiam::identity {

using internal::Exists;
using internal::Invalid;
using internal::NotFound;
using internal::Quote;

namespace {

// CustomSuffix: letters, digits, '.' and '-', and the whole name at most 64 characters (the
// ResourceManager page's rule for the role name "including its suffix").
Status CheckSuffix(std::string_view base, std::string_view suffix) {
  if (suffix.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
      std::string_view::npos) {
    return Invalid("InvalidParameter.CustomSuffix.InvalidChars",
                   "custom suffix " + Quote(suffix) +
                       " may only contain letters, digits, '.' "
                       "and '-'");
  }
  if (base.size() + 1 + suffix.size() > 64) {
    return Invalid("InvalidParameter.CustomSuffix.Length",
                   "the role name " + std::string(base) + "_" + std::string(suffix) +
                       " would be longer than 64 characters");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<Role> Directory::CreateServiceLinkedRole(std::string_view account_id,
                                                  const ServiceLinkedRoleSpec& spec) {
  Status error;
  AccountState* account = MutableAccount(account_id, &error);
  if (account == nullptr) return error;
  const ServiceLinkedRoleType* type = FindServiceLinkedRoleType(spec.service_name);
  if (type == nullptr) {
    return Invalid("InvalidParameter.ServiceName",
                   "service " + Quote(spec.service_name) + " has no service-linked role");
  }
  std::string name = type->role_name;
  if (!spec.custom_suffix.empty()) {
    if (Status s = CheckSuffix(name, spec.custom_suffix); !s.ok()) return s;
    name += "_" + spec.custom_suffix;
  }
  if (Status s = ValidateDescription(spec.description); !s.ok()) return s;
  if (!spec.id.empty()) {
    if (Status s = CheckNewPrincipalId(spec.id); !s.ok()) return s;
  }
  const PolicyRef policy{PolicyType::kSystem, type->policy_name};
  if (FindPolicy(account_id, policy) == nullptr) {
    return Status(StatusCode::kInternal, "identity.service-linked-role-data",
                  "system policy " + Quote(type->policy_name) + " of " + Quote(type->service_name) +
                      " is not loaded");
  }
  if (MutableRole(account_id, name) != nullptr) {
    return Exists("EntityAlreadyExists.Role", "role " + Quote(name) + " already exists");
  }
  Role role;
  role.trust_policy_text = ServiceTrustPolicy(type->service_name);
  policy::ParseOptions options;
  options.kind = policy::PolicyKind::kTrust;
  policy::ParseResult trust = policy::ParsePolicy(role.trust_policy_text, options);
  if (!trust.ok()) {
    return Status(StatusCode::kInternal, "identity.service-linked-role-data",
                  "trust policy of " + Quote(type->service_name) + " does not parse");
  }
  role.trust_policy = std::move(*trust.document);
  // Counted in the quota, but not bound by it (ram-policy.md §4).
  role.id = spec.id.empty() ? NextId() : spec.id;
  role.account_id = std::string(account_id);
  role.name = std::move(name);
  role.description = spec.description.empty() ? type->description : spec.description;
  role.service_linked = true;
  role.service_name = type->service_name;
  role.policies.push_back(PolicyRef{policy.type, policy.name, now_});
  role.create_time = role.update_time = now_;
  role_ids_.emplace(role.id, ScopedName(role.account_id, role.name));
  roles_.emplace(ScopedName(role.account_id, role.name), role);
  ++account->roles;
  return role;
}

StatusOr<DeletionTask> Directory::DeleteServiceLinkedRole(std::string_view account_id,
                                                          std::string_view role_name,
                                                          std::string_view task_uuid) {
  Role* role = MutableRole(account_id, role_name);
  if (role == nullptr) {
    return NotFound("EntityNotExist.Role", "role " + Quote(role_name) + " does not exist");
  }
  if (!role->service_linked) {
    return NotFound("EntityNotExist.ServiceLinkedRole",
                    "role " + Quote(role_name) + " exists but is not a service-linked role");
  }
  DeletionTask task;
  task.id = "task/acs-service-role/" + role->service_name + "/" + role->name + "/" +
            std::string(task_uuid);
  if (task_uuid.empty()) {
    return Invalid("InvalidParameter.DeletionTaskId", "the deletion task needs an id");
  }
  if (deletion_tasks_.contains(task.id)) {
    return Exists("identity.id-taken", "deletion task " + Quote(task.id) + " is already in use");
  }
  task.account_id = std::string(account_id);
  task.role_name = role->name;
  task.service_name = role->service_name;
  task.create_time = now_;
  role_ids_.erase(role->id);
  roles_.erase(roles_.find(std::pair(account_id, role_name)));
  --accounts_.find(account_id)->second.roles;
  deletion_tasks_.emplace(task.id, task);
  return task;
}

const DeletionTask* Directory::FindDeletionTask(std::string_view account_id,
                                                std::string_view id) const {
  auto it = deletion_tasks_.find(id);
  if (it == deletion_tasks_.end() || it->second.account_id != account_id) return nullptr;
  return &it->second;
}

}  // namespace paiam::identity
