// paiam/api — RAM operations that attach policies to users, groups and roles, and list the
// attachments (ops_identity_internal.h). Attach/Detach/ListPoliciesFor* target the user's,
// group's or role's ARN; ListEntitiesForPolicy the policy's. ResourceGroupId (a
// resource-group scoped attachment) is not supported and refused.
#include <algorithm>
#include <string>
#include <utility>

#include "api/ops_identity_internal.h"
#include "identity/arn.h"

namespace paiam::api::internal::ram {
namespace {

using identity::AttachTarget;
using identity::Directory;

// The parameter that names the attachment's holder.
std::string_view HolderParam(AttachTarget target) {
  switch (target) {
    case AttachTarget::kUser:
      return "UserName";
    case AttachTarget::kGroup:
      return "GroupName";
    case AttachTarget::kRole:
      return "RoleName";
  }
  return "";
}

std::string HolderResource(AttachTarget target, std::string_view account, std::string_view name) {
  switch (target) {
    case AttachTarget::kUser:
      return UserResource(account, name);
    case AttachTarget::kGroup:
      return GroupResource(account, name);
    case AttachTarget::kRole:
      return RoleResource(account, name);
  }
  return "";
}

// --- attach and detach ---------------------------------------------------------------------

template <AttachTarget kTarget>
struct AttachArgs {
  identity::PolicyRef policy;
  std::string holder;
};
template <AttachTarget kTarget>
void ReadArgs(ParamReader& in, AttachArgs<kTarget>* a) {
  a->policy.type = ReadPolicyType(in);
  a->policy.name = in.Required("PolicyName");
  a->holder = in.Required(HolderParam(kTarget));
  if (in.Optional("ResourceGroupId") && in.ok()) {
    in.Fail(InvalidParameter("ResourceGroupId",
                             "is not supported: policies are attached account-wide"));
  }
}
template <AttachTarget kTarget>
std::string Resource(const AttachArgs<kTarget>& a, const Caller& c) {
  return HolderResource(kTarget, c.account_id, a.holder);
}

template <AttachTarget kTarget>
struct Attach : AttachArgs<kTarget> {
  static constexpr std::string_view kName = kTarget == AttachTarget::kUser    ? "AttachPolicyToUser"
                                            : kTarget == AttachTarget::kGroup ? "AttachPolicyToGroup"
                                                                              : "AttachPolicyToRole";
};
template <AttachTarget kTarget>
StatusOr<Json> Run(Directory& d, const Attach<kTarget>& a, const Caller& c) {
  if (Status s = d.AttachPolicy(c.account_id, a.policy, kTarget, a.holder); !s.ok()) return s;
  return Json::object();
}

template <AttachTarget kTarget>
struct Detach : AttachArgs<kTarget> {
  static constexpr std::string_view kName = kTarget == AttachTarget::kUser
                                                ? "DetachPolicyFromUser"
                                            : kTarget == AttachTarget::kGroup
                                                ? "DetachPolicyFromGroup"
                                                : "DetachPolicyFromRole";
};
template <AttachTarget kTarget>
StatusOr<Json> Run(Directory& d, const Detach<kTarget>& a, const Caller& c) {
  if (Status s = d.DetachPolicy(c.account_id, a.policy, kTarget, a.holder); !s.ok()) return s;
  return Json::object();
}

// --- listing -------------------------------------------------------------------------------

template <AttachTarget kTarget>
struct ListPoliciesFor {
  static constexpr std::string_view kName = kTarget == AttachTarget::kUser ? "ListPoliciesForUser"
                                            : kTarget == AttachTarget::kGroup
                                                ? "ListPoliciesForGroup"
                                                : "ListPoliciesForRole";
  std::string holder;
};
template <AttachTarget kTarget>
void ReadArgs(ParamReader& in, ListPoliciesFor<kTarget>* a) {
  a->holder = in.Required(HolderParam(kTarget));
}
template <AttachTarget kTarget>
std::string Resource(const ListPoliciesFor<kTarget>& a, const Caller& c) {
  return HolderResource(kTarget, c.account_id, a.holder);
}

// The holder's attached policies, or its EntityNotExist error.
StatusOr<const std::vector<identity::PolicyRef>*> Attached(const Directory& d,
                                                           std::string_view account,
                                                           AttachTarget target,
                                                           std::string_view name) {
  switch (target) {
    case AttachTarget::kUser:
      if (const identity::User* u = d.FindUser(account, name)) return &u->policies;
      return UserNotFound(name);
    case AttachTarget::kGroup:
      if (const identity::Group* g = d.FindGroup(account, name)) return &g->policies;
      return GroupNotFound(name);
    case AttachTarget::kRole:
      if (const identity::Role* r = d.FindRole(account, name)) return &r->policies;
      return RoleNotFound(name);
  }
  return UserNotFound(name);
}

template <AttachTarget kTarget>
StatusOr<Json> Run(const Directory& d, const ListPoliciesFor<kTarget>& a, const Caller& c) {
  StatusOr<const std::vector<identity::PolicyRef>*> refs =
      Attached(d, c.account_id, kTarget, a.holder);
  if (!refs.ok()) return refs.status();
  Json policies = Json::array();
  for (const identity::PolicyRef& ref : **refs) {
    const identity::ManagedPolicy* p = d.FindPolicy(c.account_id, ref);
    if (p == nullptr) continue;  // cannot happen: an attached policy cannot be deleted
    policies.push_back(Json{{"PolicyName", p->name},
                            {"PolicyType", identity::PolicyTypeName(p->type)},
                            {"Description", p->description},
                            {"DefaultVersion", p->default_version_id},
                            {"AttachDate", FormatDate(ref.attach_time)}});
  }
  return Json{{"Policies", {{"Policy", std::move(policies)}}}};
}

// When `policy` was attached to a holder whose attachments are `refs` (it is among them).
std::string AttachDate(const std::vector<identity::PolicyRef>& refs,
                       const identity::PolicyRef& policy) {
  auto it = std::find(refs.begin(), refs.end(), policy);
  return FormatDate(it != refs.end() ? it->attach_time : 0);
}

struct ListEntitiesForPolicy {
  static constexpr std::string_view kName = "ListEntitiesForPolicy";
  identity::PolicyRef policy;
};
void ReadArgs(ParamReader& in, ListEntitiesForPolicy* a) {
  a->policy.name = in.Required("PolicyName");
  a->policy.type = ReadPolicyType(in);
}
std::string Resource(const ListEntitiesForPolicy& a, const Caller& c) {
  return PolicyResource(a.policy.type, c.account_id, a.policy.name);
}
StatusOr<Json> Run(const Directory& d, const ListEntitiesForPolicy& a, const Caller& c) {
  if (d.FindPolicy(c.account_id, a.policy) == nullptr) {
    return PolicyNotFound(a.policy.type, a.policy.name);
  }
  Json users = Json::array();
  Json groups = Json::array();
  Json roles = Json::array();
  for (const auto& [target, name] : d.ListEntitiesForPolicy(c.account_id, a.policy)) {
    if (target == AttachTarget::kUser) {
      const identity::User* u = d.FindUser(c.account_id, name);
      users.push_back(Json{{"UserName", u->name},
                           {"UserId", u->id},
                           {"DisplayName", u->display_name},
                           {"AttachDate", AttachDate(u->policies, a.policy)}});
    } else if (target == AttachTarget::kGroup) {
      const identity::Group* g = d.FindGroup(c.account_id, name);
      groups.push_back(Json{{"GroupName", g->name},
                            {"Comments", g->comments},
                            {"AttachDate", AttachDate(g->policies, a.policy)}});
    } else {
      const identity::Role* r = d.FindRole(c.account_id, name);
      roles.push_back(Json{{"RoleName", r->name},
                           {"RoleId", r->id},
                           {"Arn", identity::RoleArn(r->account_id, r->name)},
                           {"Description", r->description},
                           {"AttachDate", AttachDate(r->policies, a.policy)}});
    }
  }
  return Json{{"Users", {{"User", std::move(users)}}},
              {"Groups", {{"Group", std::move(groups)}}},
              {"Roles", {{"Role", std::move(roles)}}}};
}

const Operation kAttachOperations[] = {
    WriteOp<Attach<AttachTarget::kUser>>(),
    WriteOp<Attach<AttachTarget::kGroup>>(),
    WriteOp<Attach<AttachTarget::kRole>>(),
    WriteOp<Detach<AttachTarget::kUser>>(),
    WriteOp<Detach<AttachTarget::kGroup>>(),
    WriteOp<Detach<AttachTarget::kRole>>(),
    ReadOp<ListPoliciesFor<AttachTarget::kUser>>(),
    ReadOp<ListPoliciesFor<AttachTarget::kGroup>>(),
    ReadOp<ListPoliciesFor<AttachTarget::kRole>>(),
    ReadOp<ListEntitiesForPolicy>(),
};

}  // namespace

std::span<const Operation> AttachOperations() { return kAttachOperations; }

}  // namespace paiam::api::internal::ram
