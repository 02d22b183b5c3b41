// paiam/api — RAM operations on managed policies and their versions (ops_identity_internal.h).
// Custom policies are the caller's account's; System ones are read-only and global, and their
// target ARN is acs:ram:*:system:policy/<name> (identity/arn.h).
#include <map>
#include <string>
#include <utility>

#include "api/ops_identity_internal.h"

namespace paiam::api::internal::ram {
namespace {

using identity::Directory;
using identity::PolicyType;

// Operations that name a custom policy of the caller's account.
struct CustomPolicyArgs {
  std::string policy_name;
};
void ReadArgs(ParamReader& in, CustomPolicyArgs* a) { a->policy_name = in.Required("PolicyName"); }
std::string Resource(const CustomPolicyArgs& a, const Caller& c) {
  return PolicyResource(PolicyType::kCustom, c.account_id, a.policy_name);
}

// Operations that name a policy of either type.
struct TypedPolicyArgs {
  std::string policy_name;
  PolicyType type = PolicyType::kCustom;
};
void ReadArgs(ParamReader& in, TypedPolicyArgs* a) {
  a->policy_name = in.Required("PolicyName");
  a->type = ReadPolicyType(in);
}
std::string Resource(const TypedPolicyArgs& a, const Caller& c) {
  return PolicyResource(a.type, c.account_id, a.policy_name);
}

StatusOr<const identity::ManagedPolicy*> RequirePolicy(const Directory& d, const Caller& c,
                                                       PolicyType type, std::string_view name) {
  const identity::ManagedPolicy* policy = d.FindPolicy(type, c.account_id, name);
  if (policy == nullptr) return PolicyNotFound(type, name);
  return policy;
}

StatusOr<Json> PolicyReply(const Directory& d, const Caller& c, std::string_view name) {
  StatusOr<const identity::ManagedPolicy*> policy =
      RequirePolicy(d, c, PolicyType::kCustom, name);
  if (!policy.ok()) return policy.status();
  return Json{{"Policy", PolicyJson(**policy)}};
}

struct CreatePolicy : CustomPolicyArgs {
  static constexpr std::string_view kName = "CreatePolicy";
  identity::PolicySpec spec;
};
void ReadArgs(ParamReader& in, CreatePolicy* a) {
  ReadArgs(in, static_cast<CustomPolicyArgs*>(a));
  a->spec.name = a->policy_name;
  a->spec.document = in.Required("PolicyDocument");
  a->spec.description = in.Optional("Description").value_or("");
}
StatusOr<Json> Run(Directory& d, const CreatePolicy& a, const Caller& c) {
  if (Status s = d.CreatePolicy(c.account_id, a.spec); !s.ok()) return s;
  StatusOr<Json> reply = PolicyReply(d, c, a.policy_name);
  if (reply.ok()) (*reply)["Policy"].erase("UpdateDate");  // RAM's CreatePolicy shape
  return reply;
}

struct GetPolicy : TypedPolicyArgs {
  static constexpr std::string_view kName = "GetPolicy";
};
StatusOr<Json> Run(const Directory& d, const GetPolicy& a, const Caller& c) {
  StatusOr<const identity::ManagedPolicy*> policy = RequirePolicy(d, c, a.type, a.policy_name);
  if (!policy.ok()) return policy.status();
  const identity::ManagedPolicy& p = **policy;
  const size_t count = AttachmentCount(d, c.account_id, {p.type, p.name});
  return Json{{"Policy", PolicyJson(p, count)},
              {"DefaultPolicyVersion", PolicyVersionJson(p, p.DefaultVersion())}};
}

struct UpdatePolicyDescription : CustomPolicyArgs {
  static constexpr std::string_view kName = "UpdatePolicyDescription";
  std::optional<std::string> description;
};
void ReadArgs(ParamReader& in, UpdatePolicyDescription* a) {
  ReadArgs(in, static_cast<CustomPolicyArgs*>(a));
  a->description = in.Optional("NewDescription");
}
StatusOr<Json> Run(Directory& d, const UpdatePolicyDescription& a, const Caller& c) {
  // Without NewDescription the description stays as it is (and UpdateDate moves).
  const identity::ManagedPolicy* current = d.FindPolicy(PolicyType::kCustom, c.account_id,
                                                        a.policy_name);
  const std::string description =
      a.description.value_or(current != nullptr ? current->description : std::string());
  if (Status s = d.UpdatePolicyDescription(c.account_id, a.policy_name, description); !s.ok()) {
    return s;
  }
  return PolicyReply(d, c, a.policy_name);
}

struct DeletePolicy : CustomPolicyArgs {
  static constexpr std::string_view kName = "DeletePolicy";
  bool cascading = false;
};
void ReadArgs(ParamReader& in, DeletePolicy* a) {
  ReadArgs(in, static_cast<CustomPolicyArgs*>(a));
  a->cascading = in.OptionalBool("CascadingDelete").value_or(false);
}
StatusOr<Json> Run(Directory& d, const DeletePolicy& a, const Caller& c) {
  if (Status s = d.DeletePolicy(c.account_id, a.policy_name, a.cascading); !s.ok()) return s;
  return Json::object();
}

struct ListPolicies {
  static constexpr std::string_view kName = "ListPolicies";
  std::optional<PolicyType> type;
  Paging paging;
};
void ReadArgs(ParamReader& in, ListPolicies* a) {
  a->type = ReadOptionalPolicyType(in);
  ReadPaging(in, &a->paging);
}
std::string Resource(const ListPolicies&, const Caller& c) {
  return AccountResource(c.account_id);
}

// Attachment counts of every policy the account uses, in one pass over its entities (a count
// per listed policy would rescan the account for each).
using CountKey = std::pair<PolicyType, std::string>;
std::map<CountKey, size_t> CountAttachments(const Directory& d, std::string_view account) {
  std::map<CountKey, size_t> counts;
  auto add = [&](const std::vector<identity::PolicyRef>& refs) {
    for (const identity::PolicyRef& ref : refs) ++counts[{ref.type, ref.name}];
  };
  for (const identity::User* u : d.ListUsers(account)) add(u->policies);
  for (const identity::Group* g : d.ListGroups(account)) add(g->policies);
  for (const identity::Role* r : d.ListRoles(account)) add(r->policies);
  return counts;
}

StatusOr<Json> Run(const Directory& d, const ListPolicies& a, const Caller& c) {
  const std::map<CountKey, size_t> counts = CountAttachments(d, c.account_id);
  // Directory::ListPolicies gives the system policies, then the custom ones, each by name: a
  // rank prefix keeps the paging keys ascending across both.
  auto key = [](const identity::ManagedPolicy* p) {
    return std::string(p->type == PolicyType::kSystem ? "0:" : "1:") + p->name;
  };
  auto to_json = [&](const identity::ManagedPolicy* p) {
    auto it = counts.find({p->type, p->name});
    return PolicyJson(*p, it == counts.end() ? 0 : it->second);
  };
  return PagedList(d.ListPolicies(c.account_id, a.type), a.paging, key, "Policies", "Policy",
                   to_json);
}

// --- versions ------------------------------------------------------------------------------

StatusOr<Json> VersionReply(const Directory& d, const Caller& c, PolicyType type,
                            std::string_view name, std::string_view version_id) {
  StatusOr<const identity::ManagedPolicy*> policy = RequirePolicy(d, c, type, name);
  if (!policy.ok()) return policy.status();
  const identity::PolicyVersion* version = (*policy)->FindVersion(version_id);
  if (version == nullptr) {
    return Status(StatusCode::kNotFound, "EntityNotExist.Policy.Version",
                  "policy '" + std::string(name) + "' has no version '" +
                      std::string(version_id) + "'");
  }
  return Json{{"PolicyVersion", PolicyVersionJson(**policy, *version)}};
}

struct CreatePolicyVersion : CustomPolicyArgs {
  static constexpr std::string_view kName = "CreatePolicyVersion";
  std::string document;
  bool set_as_default = false;
  identity::RotateStrategy rotate = identity::RotateStrategy::kNone;
};
void ReadArgs(ParamReader& in, CreatePolicyVersion* a) {
  ReadArgs(in, static_cast<CustomPolicyArgs*>(a));
  a->document = in.Required("PolicyDocument");
  a->set_as_default = in.OptionalBool("SetAsDefault").value_or(false);
  const std::string rotate = in.Optional("RotateStrategy").value_or("None");
  if (rotate == "DeleteOldestNonDefaultVersionWhenLimitExceeded") {
    a->rotate = identity::RotateStrategy::kDeleteOldestNonDefaultVersionWhenLimitExceeded;
  } else if (rotate != "None" && !rotate.empty() && in.ok()) {
    in.Fail(InvalidParameter("RotateStrategy",
                             "must be \"None\" or "
                             "\"DeleteOldestNonDefaultVersionWhenLimitExceeded\""));
  }
}
StatusOr<Json> Run(Directory& d, const CreatePolicyVersion& a, const Caller& c) {
  StatusOr<std::string> id = d.CreatePolicyVersion(c.account_id, a.policy_name, a.document,
                                                   a.set_as_default, a.rotate);
  if (!id.ok()) return id.status();
  return VersionReply(d, c, PolicyType::kCustom, a.policy_name, *id);
}

struct VersionArgs : CustomPolicyArgs {
  std::string version_id;
};
void ReadArgs(ParamReader& in, VersionArgs* a) {
  ReadArgs(in, static_cast<CustomPolicyArgs*>(a));
  a->version_id = ReadVersionId(in);
}

struct GetPolicyVersion : TypedPolicyArgs {
  static constexpr std::string_view kName = "GetPolicyVersion";
  std::string version_id;
};
void ReadArgs(ParamReader& in, GetPolicyVersion* a) {
  ReadArgs(in, static_cast<TypedPolicyArgs*>(a));
  a->version_id = ReadVersionId(in);
}
StatusOr<Json> Run(const Directory& d, const GetPolicyVersion& a, const Caller& c) {
  return VersionReply(d, c, a.type, a.policy_name, a.version_id);
}

struct DeletePolicyVersion : VersionArgs {
  static constexpr std::string_view kName = "DeletePolicyVersion";
};
StatusOr<Json> Run(Directory& d, const DeletePolicyVersion& a, const Caller& c) {
  if (Status s = d.DeletePolicyVersion(c.account_id, a.policy_name, a.version_id); !s.ok()) {
    return s;
  }
  return Json::object();
}

struct SetDefaultPolicyVersion : VersionArgs {
  static constexpr std::string_view kName = "SetDefaultPolicyVersion";
};
StatusOr<Json> Run(Directory& d, const SetDefaultPolicyVersion& a, const Caller& c) {
  if (Status s = d.SetDefaultPolicyVersion(c.account_id, a.policy_name, a.version_id); !s.ok()) {
    return s;
  }
  return Json::object();
}

struct ListPolicyVersions : TypedPolicyArgs {
  static constexpr std::string_view kName = "ListPolicyVersions";
};
StatusOr<Json> Run(const Directory& d, const ListPolicyVersions& a, const Caller& c) {
  StatusOr<const identity::ManagedPolicy*> policy = RequirePolicy(d, c, a.type, a.policy_name);
  if (!policy.ok()) return policy.status();
  Json versions = Json::array();
  for (const identity::PolicyVersion& v : (*policy)->versions) {
    versions.push_back(PolicyVersionJson(**policy, v));
  }
  return Json{{"PolicyVersions", {{"PolicyVersion", std::move(versions)}}}};
}

const Operation kPolicyOperations[] = {
    WriteOp<CreatePolicy>(),
    ReadOp<GetPolicy>(),
    WriteOp<UpdatePolicyDescription>(),
    WriteOp<DeletePolicy>(),
    ReadOp<ListPolicies>(),
    WriteOp<CreatePolicyVersion>(),
    ReadOp<GetPolicyVersion>(),
    WriteOp<DeletePolicyVersion>(),
    WriteOp<SetDefaultPolicyVersion>(),
    ReadOp<ListPolicyVersions>(),
};

}  // namespace

std::span<const Operation> PolicyOperations() { return kPolicyOperations; }

}  // namespace paiam::api::internal::ram
