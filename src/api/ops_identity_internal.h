// paiam/api — helpers shared by the RAM identity operations (ops_identity*.cc). Not part of the
// api component's interface.
//
// The operations are split by topic, one table each, merged by ops_identity.cc:
//   ops_identity_users.cc     users and access keys
//   ops_identity_groups.cc    groups and membership
//   ops_identity_policies.cc  custom and system policies, their versions
//   ops_identity_attach.cc    attaching policies to users, groups and roles
//   ops_identity_roles.cc     RAM roles and the account alias
// Shared helpers (dates, ARNs, paging, the RAM response shapes) are in ops_identity_common.cc.
//
// Every operation is an Args struct in its topic file with
//   static constexpr std::string_view kName;                        // "CreateUser"
//   void ReadArgs(ParamReader&, Args*);                             // every parameter
//   std::string Resource(const Args&, const Caller&);               // or StatusOr<std::string>
//   StatusOr<Json> Run(identity::Directory&, const Args&, const Caller&);        // writes
//   StatusOr<Json> Run(const identity::Directory&, const Args&, const Caller&);  // reads
// found by argument-dependent lookup, and WriteOp<Args>() / ReadOp<Args>() make the table entry.
// One parse serves `target`, `apply` and `read`, so a call is validated the same way before
// authorization, when it runs, and when the log is replayed.
//
// Targets follow RAM: action "ram:<OperationName>" on the entity's ARN with region "*"
// (acs:ram:*:<account>:user/<name>, …:group/<name>, …:role/<name>, …:policy/<name>; system
// policies acs:ram:*:system:policy/<name>, as identity/arn.h spells them); list and
// account-level operations on acs:ram:*:<account>:*. AliyunRAMFullAccess (ram:*) and
// AliyunRAMReadOnlyAccess (ram:Get*, ram:List*) grant them as RAM does.
//
// Results are RAM's response shapes (shared/spec/alibaba-api.md §2.1) without RequestId.
// Dates (CreateDate, UpdateDate, AttachDate, JoinDate) are the times the Directory stamped from
// Directory::SetNow, which the live state sets to the logged write's time, so a replay yields
// the same dates. Not kept, hence never returned: LastLoginDate (and the Tag and
// ResourceGroupId parameters are refused).
//
// Depends on: api (operation.h, params.h), identity, auth (RandomAlnum for access keys).
#ifndef PAIAM_API_OPS_IDENTITY_INTERNAL_H_
#define PAIAM_API_OPS_IDENTITY_INTERNAL_H_

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/operation.h"
#include "api/params.h"
#include "base/status.h"
#include "identity/directory.h"
#include "identity/entities.h"

namespace paiam::api::internal::ram {

// --- the topic tables ----------------------------------------------------------------------
std::span<const Operation> UserOperations();     // ops_identity_users.cc
std::span<const Operation> GroupOperations();    // ops_identity_groups.cc
std::span<const Operation> PolicyOperations();   // ops_identity_policies.cc
std::span<const Operation> AttachOperations();   // ops_identity_attach.cc
std::span<const Operation> RoleOperations();     // ops_identity_roles.cc

// --- dates and ARNs ------------------------------------------------------------------------
// "2015-01-23T12:33:18Z" (UTC, seconds precision).
std::string FormatDate(identity::UnixMillis time);

std::string AccountResource(std::string_view account_id);  // acs:ram:*:<account>:*
std::string UserResource(std::string_view account_id, std::string_view user_name);
std::string GroupResource(std::string_view account_id, std::string_view group_name);
std::string RoleResource(std::string_view account_id, std::string_view role_name);
std::string PolicyResource(identity::PolicyType type, std::string_view account_id,
                           std::string_view policy_name);

// --- parameters ----------------------------------------------------------------------------
// PolicyType "System" / "Custom" (InvalidParameter.PolicyType otherwise). Required: a missing
// one is MissingParameter.PolicyType; optional: nullopt when absent.
identity::PolicyType ReadPolicyType(ParamReader& in);
std::optional<identity::PolicyType> ReadOptionalPolicyType(ParamReader& in);
// An optional name; an empty string counts as absent (RPC clients send "UserName=").
std::optional<std::string> ReadOptionalName(ParamReader& in, std::string_view name);

// VersionId: required, "v" and 1-9 digits (InvalidParameter.VersionId.Format).
std::string ReadVersionId(ParamReader& in);

// Marker (opaque: the key of the last item returned) and MaxItems (1-1000, default 100).
struct Paging {
  std::string marker;
  size_t max_items = 100;
};
void ReadPaging(ParamReader& in, Paging* out);

// One page of `items`, whose keys ascend: {"IsTruncated", "Marker", wrapper: {item: [...]}}.
// The page starts after the marker's key; Marker is the last key returned when truncated,
// else "".
template <typename T, typename KeyFn, typename ItemFn>
Json PagedList(const std::vector<T>& items, const Paging& paging, KeyFn key,
               std::string_view wrapper, std::string_view item, ItemFn to_json) {
  auto first = items.begin();
  if (!paging.marker.empty()) {
    first = std::partition_point(items.begin(), items.end(),
                                 [&](const T& x) { return key(x) <= paging.marker; });
  }
  const size_t left = static_cast<size_t>(items.end() - first);
  const size_t take = std::min(left, paging.max_items);
  Json list = Json::array();
  for (auto it = first; it != first + take; ++it) list.push_back(to_json(*it));
  const bool truncated = take < left;
  return Json{{"IsTruncated", truncated},
              {"Marker", truncated ? std::string(key(*(first + take - 1))) : std::string()},
              {std::string(wrapper), {{std::string(item), std::move(list)}}}};
}

// --- response shapes -----------------------------------------------------------------------
Json UserJson(const identity::User& user);
Json GroupJson(const identity::Group& group);
// Policy{PolicyName, PolicyType, Description, DefaultVersion, CreateDate, UpdateDate} and, when
// given, AttachmentCount.
Json PolicyJson(const identity::ManagedPolicy& policy,
                std::optional<size_t> attachment_count = std::nullopt);
Json PolicyVersionJson(const identity::ManagedPolicy& policy,
                       const identity::PolicyVersion& version);
Json RoleJson(const identity::Role& role);

// How many users, groups and roles of the account have `ref` attached.
size_t AttachmentCount(const identity::Directory& directory, std::string_view account_id,
                       const identity::PolicyRef& ref);

// EntityNotExist.User / .Group / .Role / .Policy, as the Directory words them.
Status UserNotFound(std::string_view name);
Status GroupNotFound(std::string_view name);
Status RoleNotFound(std::string_view name);
Status PolicyNotFound(identity::PolicyType type, std::string_view name);

// --- the operation templates ---------------------------------------------------------------
template <typename Args>
StatusOr<Args> ParseArgs(const Json& params) {
  ParamReader in(params);
  Args args;
  ReadArgs(in, &args);
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

template <typename Args>
StatusOr<AuthzTarget> TargetOf(StateView, const Json& params, const Caller& caller) {
  StatusOr<Args> args = ParseArgs<Args>(params);
  if (!args.ok()) return args.status();
  StatusOr<std::string> resource = Resource(*args, caller);
  if (!resource.ok()) return resource.status();
  AuthzTarget target;
  target.action = "ram:" + std::string(Args::kName);
  target.resource = std::move(*resource);
  return target;
}

template <typename Args>
StatusOr<Json> ApplyOf(State& state, const Json& params, const ApplyContext& context) {
  StatusOr<Args> args = ParseArgs<Args>(params);
  if (!args.ok()) return args.status();
  return Run(state.directory, *args, context.caller);
}

template <typename Args>
StatusOr<Json> ReadOf(StateView state, const authz::Authorizer&, const Json& params,
                      const Caller& caller) {
  StatusOr<Args> args = ParseArgs<Args>(params);
  if (!args.ok()) return args.status();
  return Run(state.directory, *args, caller);
}

// `Parsed` is what apply reads: Args itself, or Args plus the values prepare generated.
template <typename Args, typename Parsed = Args>
constexpr Operation WriteOp(Status (*prepare)(StateView, Json&, const Caller&) = nullptr) {
  Operation op;
  op.name = Args::kName;
  op.writes = true;
  op.target = &TargetOf<Args>;
  op.prepare = prepare;
  op.apply = &ApplyOf<Parsed>;
  return op;
}

template <typename Args>
constexpr Operation ReadOp() {
  Operation op;
  op.name = Args::kName;
  op.target = &TargetOf<Args>;
  op.read = &ReadOf<Args>;
  return op;
}

}  // namespace paiam::api::internal::ram

#endif  // PAIAM_API_OPS_IDENTITY_INTERNAL_H_
