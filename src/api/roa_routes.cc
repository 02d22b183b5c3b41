// paiam/api — the ROA route table and the matcher (roa_routes.h).
//
// The table lists every AIWorkSpace call of shared/spec/alibaba-api.md §4 that paiam has an
// operation for; §4 calls without one (dataset file metas and jobs, runs, connections, ...)
// are absent and answer InvalidAction.NotFound like any unknown path, and so does a route whose
// operation is not in this build (ListProducts, provided by the activation operations). Patterns are split into
// segments once; a request path is split on '/' before decoding, so an encoded "%2F" inside a
// path parameter stays part of that parameter.
#include "api/roa_routes.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/params.h"
#include "auth/canonical.h"

namespace paiam::api {
namespace {

constexpr RoaRoute kRoutes[] = {
    // §4.1 workspaces
    {"POST", "/api/v1/workspaces", "CreateWorkspace"},
    {"GET", "/api/v1/workspaces", "ListWorkspaces"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}", "GetWorkspace"},
    {"PUT", "/api/v1/workspaces/{WorkspaceId}", "UpdateWorkspace"},
    {"DELETE", "/api/v1/workspaces/{WorkspaceId}", "DeleteWorkspace"},
    {"GET", "/api/v1/defaultWorkspaces", "GetDefaultWorkspace"},
    {"PUT", "/api/v1/defaultWorkspaces", "UpdateDefaultWorkspace"},
    {"POST", "/api/v1/defaultWorkspaces", "CreateDefaultWorkspace"},
    // §4.2 members, member roles, custom roles
    {"POST", "/api/v1/workspaces/{WorkspaceId}/members", "CreateMember"},
    {"DELETE", "/api/v1/workspaces/{WorkspaceId}/members", "DeleteMembers"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}/members", "ListMembers"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}/member", "GetMember"},
    {"POST", "/api/v1/workspaces/{WorkspaceId}/members/{MemberId}/roles/{RoleName}",
     "AddMemberRole"},
    {"DELETE", "/api/v1/workspaces/{WorkspaceId}/members/{MemberId}/roles/{RoleName}",
     "RemoveMemberRole"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}/roles", "ListWorkspaceRoles"},
    {"POST", "/api/v1/workspaces/{WorkspaceId}/roles", "CreateWorkspaceRole"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}/roles/{RoleId}", "GetWorkspaceRole"},
    {"PUT", "/api/v1/workspaces/{WorkspaceId}/roles/{RoleId}", "UpdateWorkspaceRole"},
    {"POST", "/api/v1/workspaces/{WorkspaceId}/roles/action/delete", "DeleteWorkspaceRoles"},
    // §4.3 resources and configs
    {"POST", "/api/v1/workspaces/{WorkspaceId}/resources", "CreateWorkspaceResource"},
    {"DELETE", "/api/v1/workspaces/{WorkspaceId}/resources", "DeleteWorkspaceResource"},
    {"GET", "/api/v1/resources", "ListResources"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}/configs", "ListConfigs"},
    {"PUT", "/api/v1/workspaces/{WorkspaceId}/configs", "UpdateConfigs"},
    {"DELETE", "/api/v1/workspaces/{WorkspaceId}/configs/{ConfigKey}", "DeleteConfig"},
    {"PUT", "/api/v1/workspaces/{WorkspaceId}/resources", "UpdateWorkspaceResource"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}/config", "GetConfig"},
    {"PUT", "/api/v1/workspaces/{WorkspaceId}/config", "UpdateConfig"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}/permissions", "ListPermissions"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}/permissions/{PermissionCode}", "GetPermission"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}/users", "ListWorkspaceUsers"},
    {"GET", "/api/v1/workspaces/{WorkspaceId}/logs", "ListOperationLogs"},
    // The activation helper's operation; until it exists the route answers InvalidAction.NotFound.
    {"GET", "/api/v1/products", "ListProducts"},
    // §4.4 datasets, models, code sources, images
    {"POST", "/api/v1/datasets", "CreateDataset"},
    {"GET", "/api/v1/datasets", "ListDatasets"},
    {"GET", "/api/v1/datasets/{DatasetId}", "GetDataset"},
    {"DELETE", "/api/v1/datasets/{DatasetId}", "DeleteDataset"},
    {"PUT", "/api/v1/datasets/{DatasetId}", "UpdateDataset"},
    {"PUT", "/api/v1/datasets/{DatasetId}/publish", "PublishDataset"},
    {"PUT", "/api/v1/datasets/{DatasetId}/labels", "CreateDatasetLabels"},
    {"DELETE", "/api/v1/datasets/{DatasetId}/labels", "DeleteDatasetLabels"},
    {"POST", "/api/v1/datasets/{DatasetId}/versions", "CreateDatasetVersion"},
    {"GET", "/api/v1/datasets/{DatasetId}/versions", "ListDatasetVersions"},
    {"GET", "/api/v1/datasets/{DatasetId}/versions/{VersionName}", "GetDatasetVersion"},
    {"PUT", "/api/v1/datasets/{DatasetId}/versions/{VersionName}", "UpdateDatasetVersion"},
    {"DELETE", "/api/v1/datasets/{DatasetId}/versions/{VersionName}", "DeleteDatasetVersion"},
    {"PUT", "/api/v1/datasets/{DatasetId}/versions/{VersionName}/labels",
     "CreateDatasetVersionLabels"},
    {"DELETE", "/api/v1/datasets/{DatasetId}/versions/{VersionName}/labels",
     "DeleteDatasetVersionLabels"},
    {"POST", "/api/v1/models", "CreateModel"},
    {"GET", "/api/v1/models", "ListModels"},
    {"GET", "/api/v1/models/{ModelId}", "GetModel"},
    {"PUT", "/api/v1/models/{ModelId}", "UpdateModel"},
    {"DELETE", "/api/v1/models/{ModelId}", "DeleteModel"},
    {"PUT", "/api/v1/models/{ModelId}/publish", "PublishModel"},
    {"PUT", "/api/v1/models/{ModelId}/labels", "CreateModelLabels"},
    {"DELETE", "/api/v1/models/{ModelId}/labels", "DeleteModelLabels"},
    {"POST", "/api/v1/models/{ModelId}/versions", "CreateModelVersion"},
    {"GET", "/api/v1/models/{ModelId}/versions", "ListModelVersions"},
    {"GET", "/api/v1/models/{ModelId}/versions/{VersionName}", "GetModelVersion"},
    {"PUT", "/api/v1/models/{ModelId}/versions/{VersionName}", "UpdateModelVersion"},
    {"DELETE", "/api/v1/models/{ModelId}/versions/{VersionName}", "DeleteModelVersion"},
    {"PUT", "/api/v1/models/{ModelId}/versions/{VersionName}/labels", "CreateModelVersionLabels"},
    {"DELETE", "/api/v1/models/{ModelId}/versions/{VersionName}/labels",
     "DeleteModelVersionLabels"},
    {"POST", "/api/v1/codesources", "CreateCodeSource"},
    {"GET", "/api/v1/codesources", "ListCodeSources"},
    {"GET", "/api/v1/codesources/{CodeSourceId}", "GetCodeSource"},
    {"DELETE", "/api/v1/codesources/{CodeSourceId}", "DeleteCodeSource"},
    {"PUT", "/api/v1/codesources/{CodeSourceId}/publish", "PublishCodeSource"},
    {"POST", "/api/v1/images", "AddImage"},
    {"GET", "/api/v1/images", "ListImages"},
    {"GET", "/api/v1/images/{ImageId}", "GetImage"},
    {"DELETE", "/api/v1/images/{ImageId}", "RemoveImage"},
    {"PUT", "/api/v1/images/{ImageId}/publish", "PublishImage"},
    {"POST", "/api/v1/images/{ImageId}/labels", "AddImageLabels"},
    {"DELETE", "/api/v1/images/{ImageId}/labels/{LabelKey}", "RemoveImageLabels"},
    {"GET", "/api/v1/image/labels", "ListImageLabels"},
    {"POST", "/api/v1/experiments", "CreateExperiment"},
    {"GET", "/api/v1/experiments", "ListExperiments"},
    {"GET", "/api/v1/experiments/{ExperimentId}", "GetExperiment"},
    {"PUT", "/api/v1/experiments/{ExperimentId}", "UpdateExperiment"},
    {"DELETE", "/api/v1/experiments/{ExperimentId}", "DeleteExperiment"},
    {"POST", "/api/v1/experiments/{ExperimentId}/labels", "SetExperimentLabels"},
    {"DELETE", "/api/v1/experiments/{ExperimentId}/labels/{Key}", "DeleteExperimentLabel"},
};

// "/a/{B}/c" -> {"a", "{B}", "c"}; "/" -> {""}.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

struct CompiledRoute {
  const RoaRoute* route;
  std::vector<std::string_view> segments;
};

const std::vector<CompiledRoute>& Compiled() {
  static const std::vector<CompiledRoute>* const compiled = [] {
    auto* out = new std::vector<CompiledRoute>();
    for (const RoaRoute& route : kRoutes) out->push_back({&route, Segments(route.pattern)});
    return out;
  }();
  return *compiled;
}

bool IsPlaceholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::string_view PlaceholderName(std::string_view segment) {
  return segment.substr(1, segment.size() - 2);
}

bool Matches(const CompiledRoute& route, const std::vector<std::string>& decoded) {
  if (route.segments.size() != decoded.size()) return false;
  for (size_t i = 0; i < decoded.size(); ++i) {
    const std::string_view pattern = route.segments[i];
    if (IsPlaceholder(pattern) ? decoded[i].empty() : decoded[i] != pattern) return false;
  }
  return true;
}

Status Duplicate(std::string_view key) {
  return InvalidParameter(key, "is given more than once (path, query and body together)");
}

// Adds key=value to `params` unless the key is already there.
Status Merge(Json& params, const std::string& key, Json value) {
  if (params.contains(key)) return Duplicate(key);
  params[key] = std::move(value);
  return Status::Ok();
}

// The path's placeholders of `route` (decoded), then the query, then the body.
StatusOr<Json> BuildParams(const CompiledRoute& route, const std::vector<std::string>& decoded,
                           std::string_view raw_query, std::string_view body) {
  Json params = Json::object();
  for (size_t i = 0; i < decoded.size(); ++i) {
    if (!IsPlaceholder(route.segments[i])) continue;
    params[std::string(PlaceholderName(route.segments[i]))] = decoded[i];
  }
  auto query = auth::ParseQuery(raw_query, /*plus_is_space=*/false);
  if (!query) {
    return Status(StatusCode::kInvalidArgument, "InvalidParameter.QueryString",
                  "the query string has a malformed percent escape");
  }
  for (auto& [key, value] : *query) {
    if (Status s = Merge(params, key, Json(std::move(value))); !s.ok()) return s;
  }
  if (body.empty()) return params;
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Status(StatusCode::kInvalidArgument, "InvalidParameter.Body",
                  "the request body must be a JSON object");
  }
  for (auto& [key, value] : parsed.items()) {
    if (Status s = Merge(params, key, std::move(value)); !s.ok()) return s;
  }
  return params;
}

}  // namespace

std::span<const RoaRoute> RoaRoutes() { return kRoutes; }

StatusOr<RoaMatch> MatchRoa(std::string_view method, std::string_view raw_path,
                            std::string_view raw_query, std::string_view body) {
  std::vector<std::string> decoded;
  for (std::string_view segment : Segments(raw_path)) {
    std::optional<std::string> value = auth::PercentDecode(segment, /*plus_is_space=*/false);
    if (!value) {
      return Status(StatusCode::kInvalidArgument, "InvalidParameter.Path",
                    "the path has a malformed percent escape: " + std::string(raw_path));
    }
    decoded.push_back(std::move(*value));
  }
  bool path_known = false;
  for (const CompiledRoute& route : Compiled()) {
    if (!Matches(route, decoded)) continue;
    path_known = true;
    if (route.route->method != method) continue;
    const Operation* op = FindOperation(route.route->operation);
    if (op == nullptr || op->internal) {
      // A route whose operation this build does not have (ListProducts before the activation
      // component provides it) is an unknown API to the client, not a server fault.
      return Status(StatusCode::kNotFound, "InvalidAction.NotFound",
                    "Specified api is not found: " + std::string(method) + " " +
                        std::string(raw_path) + " (" + std::string(route.route->operation) +
                        " is not implemented)");
    }
    StatusOr<Json> params = BuildParams(route, decoded, raw_query, body);
    if (!params.ok()) return params.status();
    return RoaMatch{op, std::move(*params)};
  }
  if (path_known) {
    return Status(StatusCode::kNotFound, "InvalidAction.MethodNotAllowed",
                  "method " + std::string(method) + " is not allowed on " +
                      std::string(raw_path));
  }
  return Status(StatusCode::kNotFound, "InvalidAction.NotFound",
                "Specified api is not found: " + std::string(method) + " " +
                    std::string(raw_path));
}

}  // namespace paiam::api
