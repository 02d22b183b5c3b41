// paiam/api — ResourceManager 2020-03-31: service-linked roles (ops_internal.h).
//
//   CreateServiceLinkedRole            ServiceName*, CustomSuffix, Description → Role{RoleName,
//                                      RoleId, Arn, AssumeRolePolicyDocument, Description,
//                                      CreateDate, IsServiceLinkedRole, RolePrincipalName}
//   DeleteServiceLinkedRole            RoleName* → DeletionTaskId
//   GetServiceLinkedRoleDeletionStatus DeletionTaskId* → Status (paiam deletes at once: always
//                                      SUCCEEDED)
// The services, their role names and policies are data/service_linked_roles.csv
// (identity/service_linked_roles.h); the Directory keeps the roles and refuses what would change
// them.
//
// Authorization follows RAM's table for these actions: ram:<Operation> on the role's ARN with the
// request key ram:ServiceName set to the service (seed 003 grants ram:CreateServiceLinkedRole
// with StringEquals ram:ServiceName). DeleteServiceLinkedRole's prepare step draws the task's
// uuid into "DeletionTaskUuid" (clients may not send it), so a replay records the same task id.
// An unknown DeletionTaskId is EntityNotExist.DeletionTask (404; RAM documents no code).
//
// Depends on: api (operation.h, ops_identity_internal.h), identity, auth (RandomBytes).
#include <string>
#include <utility>

#include "api/ops_identity_internal.h"
#include "api/ops_internal.h"
#include "auth/crypto.h"
#include "identity/arn.h"
#include "identity/service_linked_roles.h"

namespace paiam::api::internal {
namespace {

using identity::Directory;
using ram::FormatDate;
using ram::ParseArgs;
using ram::RoleResource;

constexpr std::string_view kServiceNameKey = "ram:ServiceName";
constexpr std::string_view kTaskPrefix = "task/acs-service-role/";

AuthzTarget RoleTarget(std::string_view action, const Caller& c, std::string_view role_name,
                       std::string_view service_name) {
  AuthzTarget target =
      AuthzTarget::On("ram:" + std::string(action), RoleResource(c.account_id, role_name));
  if (!service_name.empty()) {
    target.context.emplace_back(std::string(kServiceNameKey), std::string(service_name));
  }
  return target;
}

// Each Args has kName, ReadArgs and Target; the table entries below wrap them.
template <typename Args>
StatusOr<AuthzTarget> TargetOf(StateView state, const Json& params, const Caller& caller) {
  StatusOr<Args> args = ParseArgs<Args>(params);
  if (!args.ok()) return args.status();
  return Target(state, *args, caller);
}

// --- CreateServiceLinkedRole ---------------------------------------------------------------

struct CreateServiceLinkedRole {
  static constexpr std::string_view kName = "CreateServiceLinkedRole";
  identity::ServiceLinkedRoleSpec spec;
};
void ReadArgs(ParamReader& in, CreateServiceLinkedRole* a) {
  a->spec.service_name = in.Required("ServiceName");
  a->spec.custom_suffix = in.Optional("CustomSuffix").value_or("");
  a->spec.description = in.Optional("Description").value_or("");
}
StatusOr<AuthzTarget> Target(StateView, const CreateServiceLinkedRole& a, const Caller& c) {
  const identity::ServiceLinkedRoleType* type =
      identity::FindServiceLinkedRoleType(a.spec.service_name);
  if (type == nullptr) {
    return Status(StatusCode::kInvalidArgument, "InvalidParameter.ServiceName",
                  "service '" + a.spec.service_name + "' has no service-linked role");
  }
  std::string name = type->role_name;
  if (!a.spec.custom_suffix.empty()) name += "_" + a.spec.custom_suffix;
  return RoleTarget(CreateServiceLinkedRole::kName, c, name, type->service_name);
}

StatusOr<Json> CreateApply(State& state, const Json& params, const ApplyContext& context) {
  StatusOr<CreateServiceLinkedRole> args = ParseArgs<CreateServiceLinkedRole>(params);
  if (!args.ok()) return args.status();
  const std::string& account = context.caller.account_id;
  StatusOr<identity::Role> role = state.directory.CreateServiceLinkedRole(account, args->spec);
  if (!role.ok()) return role.status();
  return Json{{"Role",
               {{"RoleName", role->name},
                {"RoleId", role->id},
                {"Arn", identity::RoleArn(account, role->name)},
                {"AssumeRolePolicyDocument", role->trust_policy_text},
                {"Description", role->description},
                {"CreateDate", FormatDate(role->create_time)},
                {"IsServiceLinkedRole", true},
                {"RolePrincipalName", role->name + "@role." + account + ".onaliyunservice.com"}}}};
}

// --- DeleteServiceLinkedRole ---------------------------------------------------------------

struct DeleteServiceLinkedRole {
  static constexpr std::string_view kName = "DeleteServiceLinkedRole";
  std::string role_name;
};
void ReadArgs(ParamReader& in, DeleteServiceLinkedRole* a) {
  a->role_name = in.Required("RoleName");
}
StatusOr<AuthzTarget> Target(StateView state, const DeleteServiceLinkedRole& a, const Caller& c) {
  // The service is the role's; an unknown or ordinary role is refused by apply once the
  // caller is allowed to ask.
  const identity::Role* role = state.directory.FindRole(c.account_id, a.role_name);
  return RoleTarget(DeleteServiceLinkedRole::kName, c, a.role_name,
                    role != nullptr ? role->service_name : std::string());
}

struct DeleteServiceLinkedRolePrepared : DeleteServiceLinkedRole {
  std::string task_uuid;
};
void ReadArgs(ParamReader& in, DeleteServiceLinkedRolePrepared* a) {
  ReadArgs(in, static_cast<DeleteServiceLinkedRole*>(a));
  a->task_uuid = in.Required("DeletionTaskUuid");
}

// A random (version 4) UUID, lower-case hex.
std::string RandomUuid() {
  std::string bytes = auth::RandomBytes(16);
  bytes[6] = static_cast<char>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<char>((bytes[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    const auto b = static_cast<unsigned char>(bytes[i]);
    out += kHex[b >> 4];
    out += kHex[b & 0x0F];
  }
  return out;
}

Status DeletePrepare(StateView, Json& params, const Caller&) {
  if (!params.is_object()) return InvalidParameter("Parameters", "must be a JSON object");
  params["DeletionTaskUuid"] = RandomUuid();
  return Status::Ok();
}

StatusOr<Json> DeleteApply(State& state, const Json& params, const ApplyContext& context) {
  StatusOr<DeleteServiceLinkedRolePrepared> args =
      ParseArgs<DeleteServiceLinkedRolePrepared>(params);
  if (!args.ok()) return args.status();
  StatusOr<identity::DeletionTask> task = state.directory.DeleteServiceLinkedRole(
      context.caller.account_id, args->role_name, args->task_uuid);
  if (!task.ok()) return task.status();
  return Json{{"DeletionTaskId", task->id}};
}

// --- GetServiceLinkedRoleDeletionStatus ----------------------------------------------------

struct GetDeletionStatus {
  static constexpr std::string_view kName = "GetServiceLinkedRoleDeletionStatus";
  std::string task_id;
  std::string service_name;  // parsed from the id
  std::string role_name;
};
// task/acs-service-role/<service>/<role>/<uuid>
void ReadArgs(ParamReader& in, GetDeletionStatus* a) {
  a->task_id = in.Required("DeletionTaskId");
  if (!in.ok()) return;
  std::string_view rest = a->task_id;
  const bool prefixed = rest.substr(0, kTaskPrefix.size()) == kTaskPrefix;
  if (prefixed) rest.remove_prefix(kTaskPrefix.size());
  const size_t first = rest.find('/');
  const size_t second = first == std::string_view::npos ? first : rest.find('/', first + 1);
  if (!prefixed || second == std::string_view::npos || first == 0 || second == first + 1 ||
      second + 1 >= rest.size()) {
    in.Fail(InvalidParameter("DeletionTaskId",
                             "must look like task/acs-service-role/<service>/<role>/<id>"));
    return;
  }
  a->service_name = std::string(rest.substr(0, first));
  a->role_name = std::string(rest.substr(first + 1, second - first - 1));
}
StatusOr<AuthzTarget> Target(StateView, const GetDeletionStatus& a, const Caller& c) {
  return RoleTarget(GetDeletionStatus::kName, c, a.role_name, a.service_name);
}

StatusOr<Json> StatusRead(StateView state, const authz::Authorizer&, const Json& params,
                          const Caller& caller) {
  StatusOr<GetDeletionStatus> args = ParseArgs<GetDeletionStatus>(params);
  if (!args.ok()) return args.status();
  const identity::DeletionTask* task =
      state.directory.FindDeletionTask(caller.account_id, args->task_id);
  if (task == nullptr) {
    return Status(StatusCode::kNotFound, "EntityNotExist.DeletionTask",
                  "deletion task '" + args->task_id + "' does not exist");
  }
  return Json{{"Status", task->status}};
}

const Operation kOperations[] = {
    [] {
      Operation op;
      op.name = CreateServiceLinkedRole::kName;
      op.writes = true;
      op.target = &TargetOf<CreateServiceLinkedRole>;
      op.apply = &CreateApply;
      return op;
    }(),
    [] {
      Operation op;
      op.name = DeleteServiceLinkedRole::kName;
      op.writes = true;
      op.target = &TargetOf<DeleteServiceLinkedRole>;
      op.prepare = &DeletePrepare;
      op.apply = &DeleteApply;
      return op;
    }(),
    [] {
      Operation op;
      op.name = GetDeletionStatus::kName;
      op.target = &TargetOf<GetDeletionStatus>;
      op.read = &StatusRead;
      return op;
    }(),
};

}  // namespace

std::span<const Operation> ResourceManagerOperations() { return kOperations; }

}  // namespace paiam::api::internal
