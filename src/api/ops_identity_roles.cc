// paiam/api — RAM operations on roles and on the account alias (ops_identity_internal.h).
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "api/ops_identity_internal.h"

namespace paiam::api::internal::ram {
namespace {

using identity::Directory;

struct RoleArgs {
  std::string role_name;
};
void ReadArgs(ParamReader& in, RoleArgs* a) { a->role_name = in.Required("RoleName"); }
std::string Resource(const RoleArgs& a, const Caller& c) {
  return RoleResource(c.account_id, a.role_name);
}

StatusOr<Json> RoleReply(const Directory& d, std::string_view account, std::string_view name) {
  const identity::Role* role = d.FindRole(account, name);
  if (role == nullptr) return RoleNotFound(name);
  return Json{{"Role", RoleJson(*role)}};
}

// A seconds count that must fit the Directory's int32 (its own range check gives the error
// for values inside int32 but outside 3600-43200).
std::optional<int32_t> ReadDuration(ParamReader& in, std::string_view name) {
  std::optional<int64_t> value = in.OptionalInt(name);
  if (!value) return std::nullopt;
  if (*value < std::numeric_limits<int32_t>::min() ||
      *value > std::numeric_limits<int32_t>::max()) {
    in.Fail(Status(StatusCode::kInvalidArgument, "InvalidParameter.MaxSessionDuration",
                   std::string(name) + " must be 3600-43200 seconds"));
    return std::nullopt;
  }
  return static_cast<int32_t>(*value);
}

struct CreateRole : RoleArgs {
  static constexpr std::string_view kName = "CreateRole";
  identity::RoleSpec spec;
};
void ReadArgs(ParamReader& in, CreateRole* a) {
  ReadArgs(in, static_cast<RoleArgs*>(a));
  a->spec.name = a->role_name;
  a->spec.trust_policy = in.Required("AssumeRolePolicyDocument");
  a->spec.description = in.Optional("Description").value_or("");
  a->spec.max_session_duration =
      ReadDuration(in, "MaxSessionDuration").value_or(identity::kMinMaxSessionDuration);
}
StatusOr<Json> Run(Directory& d, const CreateRole& a, const Caller& c) {
  StatusOr<identity::Role> role = d.CreateRole(c.account_id, a.spec);
  if (!role.ok()) return role.status();
  return Json{{"Role", RoleJson(*role)}};
}

struct GetRole : RoleArgs {
  static constexpr std::string_view kName = "GetRole";
};
StatusOr<Json> Run(const Directory& d, const GetRole& a, const Caller& c) {
  return RoleReply(d, c.account_id, a.role_name);
}

struct UpdateRole : RoleArgs {
  static constexpr std::string_view kName = "UpdateRole";
  identity::RoleUpdate update;
};
void ReadArgs(ParamReader& in, UpdateRole* a) {
  ReadArgs(in, static_cast<RoleArgs*>(a));
  a->update.trust_policy = ReadOptionalName(in, "NewAssumeRolePolicyDocument");
  a->update.max_session_duration = ReadDuration(in, "NewMaxSessionDuration");
  a->update.description = in.Optional("NewDescription");
}
StatusOr<Json> Run(Directory& d, const UpdateRole& a, const Caller& c) {
  if (Status s = d.UpdateRole(c.account_id, a.role_name, a.update); !s.ok()) return s;
  return RoleReply(d, c.account_id, a.role_name);
}

struct DeleteRole : RoleArgs {
  static constexpr std::string_view kName = "DeleteRole";
};
StatusOr<Json> Run(Directory& d, const DeleteRole& a, const Caller& c) {
  if (Status s = d.DeleteRole(c.account_id, a.role_name); !s.ok()) return s;
  return Json::object();
}

struct ListRoles {
  static constexpr std::string_view kName = "ListRoles";
  Paging paging;
};
void ReadArgs(ParamReader& in, ListRoles* a) { ReadPaging(in, &a->paging); }
std::string Resource(const ListRoles&, const Caller& c) { return AccountResource(c.account_id); }
StatusOr<Json> Run(const Directory& d, const ListRoles& a, const Caller& c) {
  return PagedList(
      d.ListRoles(c.account_id), a.paging, [](const identity::Role* r) { return r->name; },
      "Roles", "Role", [](const identity::Role* r) { return RoleJson(*r); });
}

// --- account alias -------------------------------------------------------------------------

struct AccountArgs {};
void ReadArgs(ParamReader&, AccountArgs*) {}
std::string Resource(const AccountArgs&, const Caller& c) { return AccountResource(c.account_id); }

struct SetAccountAlias : AccountArgs {
  static constexpr std::string_view kName = "SetAccountAlias";
  std::string alias;
};
void ReadArgs(ParamReader& in, SetAccountAlias* a) { a->alias = in.Required("AccountAlias"); }
StatusOr<Json> Run(Directory& d, const SetAccountAlias& a, const Caller& c) {
  if (Status s = d.SetAccountAlias(c.account_id, a.alias); !s.ok()) return s;
  return Json::object();
}

struct ClearAccountAlias : AccountArgs {
  static constexpr std::string_view kName = "ClearAccountAlias";
};
StatusOr<Json> Run(Directory& d, const ClearAccountAlias&, const Caller& c) {
  if (Status s = d.ClearAccountAlias(c.account_id); !s.ok()) return s;
  return Json::object();
}

struct GetAccountAlias : AccountArgs {
  static constexpr std::string_view kName = "GetAccountAlias";
};
StatusOr<Json> Run(const Directory& d, const GetAccountAlias&, const Caller& c) {
  const identity::Account* account = d.FindAccount(c.account_id);
  if (account == nullptr) {
    return Status(StatusCode::kNotFound, "identity.account-not-found",
                  "account '" + c.account_id + "' does not exist");
  }
  return Json{{"AccountAlias", account->alias}};
}

const Operation kRoleOperations[] = {
    WriteOp<CreateRole>(),      ReadOp<GetRole>(),         WriteOp<UpdateRole>(),
    WriteOp<DeleteRole>(),      ReadOp<ListRoles>(),       WriteOp<SetAccountAlias>(),
    WriteOp<ClearAccountAlias>(), ReadOp<GetAccountAlias>(),
};

}  // namespace

std::span<const Operation> RoleOperations() { return kRoleOperations; }

}  // namespace paiam::api::internal::ram
