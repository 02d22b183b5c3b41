// paiam/api — the PAI workspace operations' table (the topic tables of ops_workspace_*.cc
// merged, every write wrapped so that it is recorded in its workspace's operation log) and the
// helpers they share (ops_workspace_internal.h).
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <ctime>
#include <optional>
#include <vector>

#include "api/ops_internal.h"
#include "api/ops_workspace_internal.h"

namespace paiam::api::internal {
namespace {

// --- the operation log ---------------------------------------------------------------------
// Every accepted write of this table is logged in its workspace (ListOperationLogs) by
// wrapping its apply: LoggedApply<N> runs the table's N-th original apply and, when it
// succeeds, appends one entry. Operation holds plain function pointers, so the wrapper's
// identity is its index N; kMaxLogged bounds the table (checked when it is built). The entry
// is made from the parameters as logged (prepared) and the caller, so replay rebuilds it.

constexpr size_t kMaxLogged = 256;
std::array<decltype(Operation::apply), kMaxLogged> g_inner_apply{};
std::array<std::string_view, kMaxLogged> g_inner_name{};

// The entity a write is about: the first id field it names (the answer's, for creations), typed
// by that field; the workspace itself when none.
constexpr std::pair<std::string_view, std::string_view> kEntityFields[] = {
    {"VersionName", "Version"},  {"DatasetId", "Dataset"},   {"ModelId", "Model"},
    {"CodeSourceId", "CodeSource"}, {"ImageId", "Image"},     {"ExperimentId", "Experiment"},
    {"AssetId", "Asset"},         {"MemberId", "Member"},     {"MemberIds", "Member"},
    {"Members", "Member"},        {"RoleId", "Role"},         {"RoleIds", "Role"},
    {"Resources", "Resource"},    {"ResourceIds", "Resource"}, {"ConfigKey", "Config"},
    {"Configs", "Config"},
};

std::string IdText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {  // Members[{UserId}], ResourceIds[...], Resources[{Id}]
    std::string out;
    for (const Json& item : value) {
      std::string one = item.is_string() ? item.get<std::string>()
                        : item.is_object() && item.contains("MemberId") ? IdText(item["MemberId"])
                        : item.is_object() && item.contains("UserId")   ? IdText(item["UserId"])
                        : item.is_object() && item.contains("Id")       ? IdText(item["Id"])
                        : item.is_object() && item.contains("ConfigKey") ? IdText(item["ConfigKey"])
                                                                         : std::string();
      if (!one.empty()) out += (out.empty() ? "" : ",") + one;
    }
    return out;
  }
  return value.is_null() ? std::string() : value.dump();
}

workspace::OperationLogEntry EntryFor(std::string_view name, const Json& params,
                                      const Json& result) {
  workspace::OperationLogEntry entry;
  entry.operation = std::string(name);
  for (const auto& [field, type] : kEntityFields) {
    const Json* value = nullptr;
    if (result.is_object() && result.contains(field)) value = &result[std::string(field)];
    else if (params.is_object() && params.contains(field)) value = &params[std::string(field)];
    if (value == nullptr) continue;
    entry.entity_type = std::string(type);
    entry.entity_id = IdText(*value);
    return entry;
  }
  entry.entity_type = "Workspace";
  entry.entity_id = params.value("WorkspaceId", result.value("WorkspaceId", std::string()));
  return entry;
}

template <size_t N>
StatusOr<Json> LoggedApply(State& state, const Json& params, const ApplyContext& context) {
  StatusOr<Json> result = g_inner_apply[N](state, params, context);
  if (!result.ok()) return result;
  std::string workspace_id;
  if (params.is_object() && params.contains("WorkspaceId") && params["WorkspaceId"].is_string()) {
    workspace_id = params["WorkspaceId"].get<std::string>();
  } else if (result->is_object() && result->contains("WorkspaceId") &&
             (*result)["WorkspaceId"].is_string()) {
    workspace_id = (*result)["WorkspaceId"].get<std::string>();  // CreateWorkspace
  }
  if (workspace_id.empty()) return result;
  workspace::OperationLogEntry entry = EntryFor(g_inner_name[N], params, *result);
  std::optional<identity::Principal> who = state.directory.PrincipalByArn(context.caller.arn);
  entry.operator_id = who ? who->id : context.caller.arn;
  state.workspaces.AppendOperationLog(workspace_id, std::move(entry));  // no-op once deleted
  return result;
}

template <size_t... N>
constexpr std::array<decltype(Operation::apply), sizeof...(N)> Wrappers(
    std::index_sequence<N...>) {
  return {LoggedApply<N>...};
}

}  // namespace

std::span<const Operation> WorkspaceOperations() {
  static const std::vector<Operation>* const table = [] {
    auto* all = new std::vector<Operation>();
    for (auto part : {ws::CoreOperations(), ws::MemberOperations(), ws::ResourceConfigOperations(),
                      ws::SettingsOperations(), ws::AssetOperations(),
                      ws::WorkspaceReadOperations()}) {
      all->insert(all->end(), part.begin(), part.end());
    }
    static constexpr auto kWrappers = Wrappers(std::make_index_sequence<kMaxLogged>());
    if (all->size() > kMaxLogged) {
      std::fprintf(stderr, "paiam: %zu workspace operations, more than kMaxLogged\n",
                   all->size());
      std::abort();
    }
    for (size_t i = 0; i < all->size(); ++i) {
      Operation& op = (*all)[i];
      if (!op.writes || op.apply == nullptr) continue;
      g_inner_apply[i] = op.apply;
      g_inner_name[i] = op.name;
      op.apply = kWrappers[i];
    }
    return all;
  }();
  return *table;
}

namespace ws {

constexpr size_t kMaxPageSize = 100;

std::string WorkspaceArn(const workspace::Workspace& ws) {
  return "acs:paiworkspace:" + ws.region + ":" + ws.account_id + ":workspace/" + ws.id;
}

std::string AnyWorkspaceArn(std::string_view region, std::string_view account_id) {
  return "acs:paiworkspace:" + std::string(region.empty() ? "*" : region) + ":" +
         std::string(account_id) + ":workspace/*";
}

Status WorkspaceNotFound(std::string_view workspace_id) {
  return Status(StatusCode::kNotFound, "workspace.not-found",
                "workspace '" + std::string(workspace_id) + "' does not exist");
}

StatusOr<const workspace::Workspace*> RequireWorkspace(StateView state,
                                                       std::string_view workspace_id) {
  const workspace::Workspace* ws = state.workspaces.FindWorkspace(workspace_id);
  if (ws == nullptr) return WorkspaceNotFound(workspace_id);
  return ws;
}

StatusOr<AuthzTarget> WorkspaceTarget(StateView state, std::string_view workspace_id,
                                      std::string_view action) {
  StatusOr<const workspace::Workspace*> ws = RequireWorkspace(state, workspace_id);
  if (!ws.ok()) return ws.status();
  AuthzTarget target;
  target.action = std::string(action);
  target.resource = WorkspaceArn(**ws);
  return target;
}

std::pair<size_t, size_t> Paging::Bounds(size_t total) const {
  const size_t begin = std::min(total, (number - 1) * size);
  return {begin, std::min(total, begin + size)};
}

Paging ReadPaging(ParamReader& in) {
  Paging paging;
  std::optional<int64_t> number = in.OptionalInt("PageNumber");
  std::optional<int64_t> size = in.OptionalInt("PageSize");
  // Bounded so that (number - 1) * size cannot overflow.
  if (number && (*number < 1 || *number > 1'000'000'000)) {
    in.Fail(InvalidParameter("PageNumber", "must be at least 1"));
  } else if (number) {
    paging.number = static_cast<size_t>(*number);
  }
  if (size && (*size < 1 || *size > static_cast<int64_t>(kMaxPageSize))) {
    in.Fail(InvalidParameter("PageSize", "must be 1-" + std::to_string(kMaxPageSize)));
  } else if (size) {
    paging.size = static_cast<size_t>(*size);
  }
  return paging;
}

const Json* ReadArray(ParamReader& in, std::string_view name, bool required) {
  const Json* value = in.OptionalJson(name);
  if (value == nullptr) {
    if (required && in.ok()) in.Fail(MissingParameter(name));
    return nullptr;
  }
  if (!value->is_array()) {
    in.Fail(InvalidParameter(name, "must be a JSON array"));
    return nullptr;
  }
  if (required && value->empty()) {
    in.Fail(MissingParameter(name));
    return nullptr;
  }
  return value;
}

Status PrefixError(const Status& status, std::string_view prefix) {
  if (status.ok()) return status;
  return Status(status.code(), status.rule(), std::string(prefix) + ": " + status.message());
}

std::string FormatTime(identity::UnixMillis millis) {
  const int64_t ms = static_cast<int64_t>(millis);
  std::time_t seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  const int64_t rest = ms - static_cast<int64_t>(seconds) * 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[96];  // ample for any int fields, so no truncation is possible
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(rest));
  return text;
}

std::string PrincipalName(const identity::Directory& directory, std::string_view id) {
  if (const identity::User* user = directory.FindUserById(id)) return user->name;
  if (const identity::Role* role = directory.FindRoleById(id)) return role->name;
  if (const identity::Account* account = directory.FindAccount(id)) {
    return account->alias.empty() ? account->id : account->alias;
  }
  return std::string(id);
}

std::string PrincipalDisplayName(const identity::Directory& directory, std::string_view id) {
  if (const identity::User* user = directory.FindUserById(id)) {
    return user->display_name.empty() ? user->name : user->display_name;
  }
  return PrincipalName(directory, id);
}

}  // namespace ws
}  // namespace paiam::api::internal
