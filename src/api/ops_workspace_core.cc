// paiam/api — workspace operations: CreateWorkspace, GetWorkspace, UpdateWorkspace,
// DeleteWorkspace, ListWorkspaces and the default workspace (AIWorkSpace 2021-02-04 §4.1;
// CreateDefaultWorkspace is the legacy SDK 1.0.0 call).
//
// Targets (catalog rows of "Workspace management"):
//   CreateWorkspace, CreateDefaultWorkspace, ListWorkspaces  off-workspace: workspace/* of the
//       caller's account in the region (ListWorkspaces: every region, "*", unless RegionId);
//   GetWorkspace, UpdateWorkspace                             the workspace's ARN;
//   DeleteWorkspace, UpdateDefaultWorkspace                   catalog "off-workspace" rows, but
//       the call names one workspace, so its ARN is that workspace's: the role matrix grants
//       both to the Administrator/Owner column, which then applies to their own workspace;
//   GetDefaultWorkspace   the default workspace's ARN when there is one (the matrix grants it to
//       every role: members of the default workspace may read it), else workspace/*.
// The creator of a workspace is the caller (its principal in the directory).
#include <algorithm>
#include <optional>
#include <vector>

#include "api/ops_workspace_internal.h"

namespace paiam::api::internal::ws {
namespace {

using workspace::Workspace;

constexpr std::string_view kCreateWorkspace = "PaiWorkspace:CreateWorkspace";
constexpr std::string_view kGetWorkspace = "PaiWorkspace:GetWorkspace";
constexpr std::string_view kUpdateWorkspace = "PaiWorkspace:UpdateWorkspace";
constexpr std::string_view kDeleteWorkspace = "PaiWorkspace:DeleteWorkspace";
constexpr std::string_view kListWorkspaces = "PaiWorkspace:ListWorkspaces";
constexpr std::string_view kCreateDefaultWorkspace = "PaiWorkspace:CreateDefaultWorkspace";
constexpr std::string_view kGetDefaultWorkspace = "PaiWorkspace:GetDefaultWorkspace";
constexpr std::string_view kUpdateDefaultWorkspace = "PaiWorkspace:UpdateDefaultWorkspace";

// The name a default workspace gets when the call does not name it (the legacy API has no
// WorkspaceName for it; names are unique per account and region, and so is the default).
constexpr std::string_view kDefaultWorkspaceName = "default_workspace";

// --- response shapes -----------------------------------------------------------------------

Json OwnerJson(const identity::Directory& directory, const Workspace& ws, bool display_name) {
  Json owner = {{"UserId", ws.creator_id},
                {"UserKp", ws.account_id},
                {"UserName", PrincipalName(directory, ws.creator_id)}};
  if (display_name) owner["DisplayName"] = PrincipalDisplayName(directory, ws.creator_id);
  return owner;
}

// The workspace fields of GetWorkspace; list items spell the resource group "resourceGroupId"
// (an AIWorkSpace quirk the SDK model maps).
Json WorkspaceJson(const identity::Directory& directory, const Workspace& ws, bool list_item) {
  std::vector<std::string> admins;
  for (const auto& [_, member] : ws.members) {
    if (member.HasRole(workspace::kRoleWorkspaceAdmin)) {
      admins.push_back(PrincipalName(directory, member.user_id));
    }
  }
  std::sort(admins.begin(), admins.end());
  Json out = {{"WorkspaceId", ws.id},
              {"WorkspaceName", ws.name},
              {"DisplayName", ws.display_name},
              {"Description", ws.description},
              {"EnvTypes", ws.env_types},
              {"Status", ws.status},
              {"Creator", ws.creator_id},
              {"GmtCreateTime", FormatTime(ws.create_time)},
              {"GmtModifiedTime", FormatTime(ws.modify_time)},
              {"IsDefault", ws.is_default},
              {"AdminNames", admins},
              {"ExtraInfos", {{"TenantId", ws.account_id}}}};
  out[list_item ? "resourceGroupId" : "ResourceGroupId"] = ws.resource_group_id;
  return out;
}

// --- parameters ----------------------------------------------------------------------------

struct WorkspaceIdArgs {
  std::string workspace_id;
};

StatusOr<WorkspaceIdArgs> ParseWorkspaceId(const Json& params) {
  ParamReader in(params);
  WorkspaceIdArgs args{in.Required("WorkspaceId")};
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

struct GetArgs {
  std::string workspace_id;
  bool verbose = false;
};

StatusOr<GetArgs> ParseGet(const Json& params) {
  ParamReader in(params);
  GetArgs args{in.Required("WorkspaceId"), in.OptionalBool("Verbose").value_or(false)};
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

// CreateWorkspace and CreateDefaultWorkspace.
StatusOr<workspace::CreateWorkspaceRequest> ParseCreate(const Json& params, bool default_ws) {
  ParamReader in(params);
  workspace::CreateWorkspaceRequest request;
  if (default_ws) {
    request.name = in.Optional("WorkspaceName").value_or(std::string(kDefaultWorkspaceName));
    std::vector<std::string> env = in.OptionalList("EnvTypes");
    if (!env.empty()) request.env_types = std::move(env);
    // Resources[{ProductType}] asks the legacy API to buy products with the workspace;
    // product activation is not modelled here, so it is accepted and has no effect.
    ReadArray(in, "Resources", false);
  } else {
    request.name = in.Required("WorkspaceName");
    request.env_types = in.RequiredList("EnvTypes");
  }
  request.description = in.Optional("Description").value_or("");
  request.display_name = in.Optional("DisplayName").value_or("");
  request.resource_group_id = in.Optional("ResourceGroupId").value_or("");
  request.region = in.Optional("RegionId").value_or(std::string(kDefaultRegion));
  if (Status s = in.Finish(); !s.ok()) return s;
  return request;
}

StatusOr<AuthzTarget> OffWorkspaceTarget(std::string_view action, std::string_view region,
                                         const Caller& caller) {
  AuthzTarget target;
  target.action = std::string(action);
  target.resource = AnyWorkspaceArn(region, caller.account_id);
  return target;
}

StatusOr<identity::Principal> CallerPrincipal(StateView state, const Caller& caller) {
  std::optional<identity::Principal> principal = state.directory.PrincipalByArn(caller.arn);
  if (!principal) {
    return Status(StatusCode::kInvalidArgument, "workspace.creator-account",
                  "the caller '" + caller.arn + "' is not a principal of the directory");
  }
  return *principal;
}

// --- CreateWorkspace / CreateDefaultWorkspace ----------------------------------------------

template <bool kDefault>
StatusOr<AuthzTarget> CreateTarget(StateView, const Json& params, const Caller& caller) {
  StatusOr<workspace::CreateWorkspaceRequest> request = ParseCreate(params, kDefault);
  if (!request.ok()) return request.status();
  return OffWorkspaceTarget(kDefault ? kCreateDefaultWorkspace : kCreateWorkspace,
                            request->region, caller);
}

template <bool kDefault>
StatusOr<Json> CreateApply(State& state, const Json& params, const ApplyContext& context) {
  StatusOr<workspace::CreateWorkspaceRequest> request = ParseCreate(params, kDefault);
  if (!request.ok()) return request.status();
  StatusOr<identity::Principal> creator = CallerPrincipal(StateView::Of(state), context.caller);
  if (!creator.ok()) return creator.status();
  request->account_id = creator->account_id;
  StatusOr<std::string> id = kDefault ? state.workspaces.CreateDefaultWorkspace(*request, *creator)
                                      : state.workspaces.CreateWorkspace(*request, *creator);
  if (!id.ok()) return id.status();
  return Json{{"WorkspaceId", *id}};
}

// --- GetWorkspace / UpdateWorkspace / DeleteWorkspace --------------------------------------

StatusOr<Json> GetRead(StateView state, const authz::Authorizer&, const Json& params,
                       const Caller&) {
  StatusOr<GetArgs> args = ParseGet(params);
  if (!args.ok()) return args.status();
  StatusOr<const Workspace*> ws = RequireWorkspace(state, args->workspace_id);
  if (!ws.ok()) return ws.status();
  Json out = WorkspaceJson(state.directory, **ws, false);
  if (args->verbose) out["Owner"] = OwnerJson(state.directory, **ws, true);
  return out;
}

struct UpdateArgs {
  std::string workspace_id;
  workspace::WorkspaceUpdate update;
};

StatusOr<UpdateArgs> ParseUpdate(const Json& params) {
  ParamReader in(params);
  UpdateArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  args.update.display_name = in.Optional("DisplayName");
  args.update.description = in.Optional("Description");
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> UpdateApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<UpdateArgs> args = ParseUpdate(params);
  if (!args.ok()) return args.status();
  if (Status s = state.workspaces.UpdateWorkspace(args->workspace_id, args->update); !s.ok()) {
    return s;
  }
  return Json::object();
}

StatusOr<Json> DeleteApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<WorkspaceIdArgs> args = ParseWorkspaceId(params);
  if (!args.ok()) return args.status();
  if (Status s = state.workspaces.DeleteWorkspace(args->workspace_id); !s.ok()) return s;
  return Json::object();
}

// --- ListWorkspaces ------------------------------------------------------------------------

struct ListArgs {
  workspace::WorkspaceFilter filter;  // account_id is the caller's, set by the read
  bool verbose = false;
};

StatusOr<ListArgs> ParseList(const Json& params) {
  ParamReader in(params);
  ListArgs args;
  workspace::WorkspaceFilter& f = args.filter;
  const Paging paging = ReadPaging(in);
  f.page_number = paging.number;
  f.page_size = paging.size;
  f.name_contains = in.Optional("WorkspaceName").value_or("");
  f.ids = in.OptionalList("WorkspaceIds");
  f.status = in.Optional("Status").value_or("");
  f.resource_group_id = in.Optional("ResourceGroupId").value_or("");
  f.member_user_id = in.Optional("UserId").value_or("");
  f.region = in.Optional("RegionId").value_or("");
  args.verbose = in.OptionalBool("Verbose").value_or(false);
  const std::string sort_by = in.Optional("SortBy").value_or("GmtCreateTime");
  const std::string order = in.Optional("Order").value_or("DESC");
  if (sort_by == "GmtModifiedTime") {
    f.sort_by = workspace::WorkspaceFilter::SortBy::kModifyTime;
  } else if (sort_by != "GmtCreateTime") {
    in.Fail(InvalidParameter("SortBy", "must be GmtCreateTime or GmtModifiedTime"));
  }
  if (order != "ASC" && order != "DESC") {
    in.Fail(InvalidParameter("Order", "must be ASC or DESC"));
  }
  f.ascending = order == "ASC";
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<AuthzTarget> ListTarget(StateView, const Json& params, const Caller& caller) {
  StatusOr<ListArgs> args = ParseList(params);
  if (!args.ok()) return args.status();
  return OffWorkspaceTarget(kListWorkspaces, args->filter.region, caller);
}

StatusOr<Json> ListRead(StateView state, const authz::Authorizer&, const Json& params,
                        const Caller& caller) {
  StatusOr<ListArgs> args = ParseList(params);
  if (!args.ok()) return args.status();
  args->filter.account_id = caller.account_id;
  StatusOr<workspace::Page<Workspace>> page = state.workspaces.ListWorkspaces(args->filter);
  if (!page.ok()) return page.status();
  Json items = Json::array();
  for (const Workspace* ws : page->items) {
    Json item = WorkspaceJson(state.directory, *ws, true);
    if (args->verbose) item["Owner"] = OwnerJson(state.directory, *ws, true);
    items.push_back(std::move(item));
  }
  return Json{{"Workspaces", std::move(items)}, {"TotalCount", page->total_count}};
}

// --- the default workspace -----------------------------------------------------------------

struct DefaultArgs {
  std::string region;
  bool verbose = false;
};

StatusOr<DefaultArgs> ParseGetDefault(const Json& params) {
  ParamReader in(params);
  DefaultArgs args{in.Optional("RegionId").value_or(std::string(kDefaultRegion)),
                   in.OptionalBool("Verbose").value_or(false)};
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<AuthzTarget> GetDefaultTarget(StateView state, const Json& params,
                                       const Caller& caller) {
  StatusOr<DefaultArgs> args = ParseGetDefault(params);
  if (!args.ok()) return args.status();
  if (const Workspace* ws = state.workspaces.GetDefaultWorkspace(caller.account_id, args->region)) {
    return WorkspaceTarget(state, ws->id, kGetDefaultWorkspace);
  }
  return OffWorkspaceTarget(kGetDefaultWorkspace, args->region, caller);
}

StatusOr<Json> GetDefaultRead(StateView state, const authz::Authorizer&, const Json& params,
                              const Caller& caller) {
  StatusOr<DefaultArgs> args = ParseGetDefault(params);
  if (!args.ok()) return args.status();
  const Workspace* ws = state.workspaces.GetDefaultWorkspace(caller.account_id, args->region);
  if (ws == nullptr) {
    return Status(StatusCode::kNotFound, "workspace.default-not-found",
                  "account '" + caller.account_id + "' has no default workspace in " +
                      args->region);
  }
  Json out = WorkspaceJson(state.directory, *ws, false);
  out["Owner"] = OwnerJson(state.directory, *ws, args->verbose);
  // Creation in paiam is one step, so the workspace has passed every stage.
  out["Conditions"] = Json::array({{{"Type", "ENABLED"}, {"Code", 200}, {"Message", ""}}});
  return out;
}

StatusOr<Json> UpdateDefaultApply(State& state, const Json& params, const ApplyContext& context) {
  StatusOr<WorkspaceIdArgs> args = ParseWorkspaceId(params);
  if (!args.ok()) return args.status();
  if (Status s =
          state.workspaces.UpdateDefaultWorkspace(context.caller.account_id, args->workspace_id);
      !s.ok()) {
    return s;
  }
  return Json::object();
}

const Operation kOperations[] = {
    {.name = "CreateDefaultWorkspace",
     .writes = true,
     .target = CreateTarget<true>,
     .apply = CreateApply<true>},
    {.name = "CreateWorkspace",
     .writes = true,
     .target = CreateTarget<false>,
     .apply = CreateApply<false>},
    {.name = "DeleteWorkspace",
     .writes = true,
     .target = TargetOnWorkspace<WorkspaceIdArgs, ParseWorkspaceId, kDeleteWorkspace>,
     .apply = DeleteApply},
    {.name = "GetDefaultWorkspace", .target = GetDefaultTarget, .read = GetDefaultRead},
    {.name = "GetWorkspace",
     .target = TargetOnWorkspace<GetArgs, ParseGet, kGetWorkspace>,
     .read = GetRead},
    {.name = "ListWorkspaces", .target = ListTarget, .read = ListRead},
    {.name = "UpdateDefaultWorkspace",
     .writes = true,
     .target = TargetOnWorkspace<WorkspaceIdArgs, ParseWorkspaceId, kUpdateDefaultWorkspace>,
     .apply = UpdateDefaultApply},
    {.name = "UpdateWorkspace",
     .writes = true,
     .target = TargetOnWorkspace<UpdateArgs, ParseUpdate, kUpdateWorkspace>,
     .apply = UpdateApply},
};

}  // namespace

std::span<const Operation> CoreOperations() { return kOperations; }

}  // namespace paiam::api::internal::ws
