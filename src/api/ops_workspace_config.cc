// paiam/api — compute resources and configuration of a workspace.
//
// AIWorkSpace 2021-02-04 §4.3: CreateWorkspaceResource, ListResources, UpdateWorkspaceResource,
// DeleteWorkspaceResource (always refused: "workspace.resource-association-is-permanent"),
// ListConfigs, UpdateConfigs, DeleteConfig, and the singular GetConfig (authorized as
// ListConfigs) and UpdateConfig (as UpdateConfigs). The seed-004 settings the AIWorkSpace API has no call for are paiam's own
// operations, named for what they do (ops_workspace_settings.cc):
//   GetWorkspaceSettings      default storage path, SLS forwarding, general settings and
//                             notification rules in one answer;
//   EnableSlsForwarding, DisableSlsForwarding   whose rule checks the caller's log:* RAM
//                             permissions through ApplyContext::probe;
//   UpdateGeneralSettings     network defaults and DSW/DLC internet toggles (absent fields
//                             keep their value);
//   CreateNotificationRule, UpdateNotificationRule, DeleteNotificationRule.
//
// Targets: the catalog has one configuration write row, "Create or update workspace storage
// configurations" (PaiWorkspace:UpdateConfigs), and one read row (PaiWorkspace:ListConfigs), and
// only administrators hold them. paiam uses them for every settings write and read above, so
// that "only Administrators and the Owner change configuration" (seed 004) holds for all of
// them; DeleteConfig has its own row.
//
// Calls that change several items (UpdateConfigs, CreateWorkspaceResource with several
// resources) apply to a copy and keep it only if every item succeeds.
#include <algorithm>
#include <vector>

#include "api/ops_workspace_internal.h"

namespace paiam::api::internal::ws {
namespace {

using workspace::ResourceAssociation;
using workspace::Workspace;

constexpr std::string_view kCreateResource = "PaiWorkspace:CreateWorkspaceResource";
constexpr std::string_view kListResources = "PaiWorkspace:ListResources";
constexpr std::string_view kDeleteResource = "PaiWorkspace:DeleteWorkspaceResource";
constexpr std::string_view kUpdateResource = "PaiWorkspace:UpdateWorkspaceResource";
constexpr std::string_view kListConfigs = "PaiWorkspace:ListConfigs";
constexpr std::string_view kUpdateConfigs = "PaiWorkspace:UpdateConfigs";
constexpr std::string_view kDeleteConfig = "PaiWorkspace:DeleteConfig";

constexpr std::string_view kTempStorage[2] = {"CommonResourceConfig", "tempStoragePath"};

// Runs `change` on a copy of the workspaces and keeps the copy only when it succeeds.
template <typename Fn>
Status AllOrNothing(State& state, Fn change) {
  workspace::Workspaces copy = state.workspaces;
  if (Status s = change(copy); !s.ok()) return s;
  state.workspaces = std::move(copy);
  return Status::Ok();
}

// --- CreateWorkspaceResource ---------------------------------------------------------------

struct CreateResourceArgs {
  std::string workspace_id;
  std::vector<workspace::ResourceSpec> resources;
};

Status ReadResource(const Json& value, std::string_view workspace_id,
                    workspace::ResourceSpec* out) {
  ParamReader in(value);
  out->name = in.Required("Name");
  out->env_type = in.Required("EnvType");
  const std::string type = in.Optional("ResourceType").value_or("ECS");
  out->group_name = in.Optional("GroupName").value_or("");
  out->is_default = in.OptionalBool("IsDefault").value_or(false);
  const std::string ws = in.Optional("WorkspaceId").value_or(std::string(workspace_id));
  const Json* quotas = ReadArray(in, "Quotas", false);
  // Labels and Spec describe the resource to the scheduler; paiam does not model them.
  in.OptionalJson("Labels");
  in.OptionalJson("Spec");
  if (in.ok()) {
    if (auto parsed = workspace::ParseComputeResourceType(type)) {
      out->type = *parsed;
    } else {
      in.Fail(InvalidParameter("ResourceType", "must be Lingjun, ECS, MaxCompute or Flink"));
    }
  }
  if (in.ok() && ws != workspace_id) {
    in.Fail(InvalidParameter("WorkspaceId", "must be the workspace of the call"));
  }
  if (in.ok() && quotas != nullptr && quotas->size() > 1) {
    in.Fail(InvalidParameter("Quotas", "takes at most one quota"));
  }
  if (Status s = in.Finish(); !s.ok()) return s;
  if (quotas != nullptr && !quotas->empty()) {
    ParamReader quota((*quotas)[0]);
    out->quota_id = quota.Required("Id");
    if (Status s = quota.Finish(); !s.ok()) return PrefixError(s, "Quotas[0]");
  }
  return Status::Ok();
}

StatusOr<CreateResourceArgs> ParseCreateResource(const Json& params) {
  ParamReader in(params);
  CreateResourceArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  // CreateAndAttach or Attach: both end with the resource associated here.
  std::optional<std::string> option = in.Optional("Option");
  if (option && *option != "CreateAndAttach" && *option != "Attach") {
    in.Fail(InvalidParameter("Option", "must be CreateAndAttach or Attach"));
  }
  const Json* resources = ReadArray(in, "Resources", true);
  if (Status s = in.Finish(); !s.ok()) return s;
  for (size_t i = 0; i < resources->size(); ++i) {
    workspace::ResourceSpec spec;
    if (Status s = ReadResource((*resources)[i], args.workspace_id, &spec); !s.ok()) {
      return PrefixError(s, "Resources[" + std::to_string(i) + "]");
    }
    args.resources.push_back(std::move(spec));
  }
  return args;
}

StatusOr<Json> CreateResourceApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<CreateResourceArgs> args = ParseCreateResource(params);
  if (!args.ok()) return args.status();
  Json ids = Json::array();
  Status s = AllOrNothing(state, [&](workspace::Workspaces& all) {
    for (const workspace::ResourceSpec& spec : args->resources) {
      StatusOr<std::string> id = all.AssociateResource(args->workspace_id, spec);
      if (!id.ok()) return id.status();
      ids.push_back({{"Id", *id}});
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return Json{{"TotalCount", ids.size()}, {"Resources", std::move(ids)}};
}

// --- ListResources / DeleteWorkspaceResource -----------------------------------------------

struct ListResourcesArgs {
  std::string workspace_id;
  std::string name, group_name;
  std::vector<workspace::ComputeResourceType> types;  // empty: any
  Paging paging;
};

StatusOr<ListResourcesArgs> ParseListResources(const Json& params) {
  ParamReader in(params);
  ListResourcesArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  args.name = in.Optional("ResourceName").value_or("");
  args.group_name = in.Optional("GroupName").value_or("");
  std::vector<std::string> types = in.OptionalList("ResourceTypes");
  // ListResourceByWorkspace is the only listing paiam has; Verbose adds nothing it lacks.
  std::optional<std::string> option = in.Optional("Option");
  if (option && *option != "ListResourceByWorkspace") {
    in.Fail(InvalidParameter("Option", "must be ListResourceByWorkspace"));
  }
  in.OptionalBool("Verbose");
  args.paging = ReadPaging(in);
  for (const std::string& t : types) {
    auto parsed = workspace::ParseComputeResourceType(t);
    if (!parsed) {
      in.Fail(InvalidParameter("ResourceTypes", "holds an unknown type '" + t + "'"));
      break;
    }
    args.types.push_back(*parsed);
  }
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

Json ResourceJson(const Workspace& ws, const ResourceAssociation& r) {
  Json quotas = Json::array();
  if (!r.quota_id.empty()) quotas.push_back({{"Id", r.quota_id}});
  return {{"Id", r.id},
          {"Name", r.name},
          {"GroupName", r.group_name},
          {"EnvType", r.env_type},
          {"ResourceType", workspace::ComputeResourceTypeName(r.type)},
          {"IsDefault", r.is_default},
          {"WorkspaceId", ws.id},
          {"GmtCreateTime", FormatTime(r.create_time)},
          {"Quotas", std::move(quotas)}};
}

StatusOr<Json> ListResourcesRead(StateView state, const authz::Authorizer&, const Json& params,
                                 const Caller&) {
  StatusOr<ListResourcesArgs> args = ParseListResources(params);
  if (!args.ok()) return args.status();
  StatusOr<const Workspace*> ws = RequireWorkspace(state, args->workspace_id);
  if (!ws.ok()) return ws.status();
  std::vector<const ResourceAssociation*> matches;
  for (const ResourceAssociation* r : state.workspaces.ListResources(args->workspace_id)) {
    if (!args->types.empty() &&
        std::find(args->types.begin(), args->types.end(), r->type) == args->types.end()) {
      continue;
    }
    if (!args->name.empty() && r->name.find(args->name) == std::string::npos) continue;
    if (!args->group_name.empty() && r->group_name != args->group_name) continue;
    matches.push_back(r);
  }
  const auto [begin, end] = args->paging.Bounds(matches.size());
  Json items = Json::array();
  for (size_t i = begin; i < end; ++i) items.push_back(ResourceJson(**ws, *matches[i]));
  return Json{{"Resources", std::move(items)}, {"TotalCount", matches.size()}};
}

struct DeleteResourceArgs {
  std::string workspace_id;
  std::vector<std::string> ids;
};

StatusOr<DeleteResourceArgs> ParseDeleteResource(const Json& params) {
  ParamReader in(params);
  DeleteResourceArgs args{in.Required("WorkspaceId"), in.RequiredList("ResourceIds")};
  // The API's selectors besides ResourceIds; every association is permanent whatever they say.
  in.Optional("GroupName");
  in.Optional("ResourceType");
  in.OptionalJson("Labels");
  in.Optional("Option");
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> DeleteResourceApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<DeleteResourceArgs> args = ParseDeleteResource(params);
  if (!args.ok()) return args.status();
  for (const std::string& id : args->ids) {
    if (Status s = state.workspaces.DisassociateResource(args->workspace_id, id); !s.ok()) return s;
  }
  return Json{{"ResourceIds", args->ids}};  // not reached while associations are permanent
}

// --- UpdateWorkspaceResource ---------------------------------------------------------------
// Selects by ResourceIds, else by GroupName (and ResourceType); sets IsDefault and GroupName
// (with ResourceIds). Labels and Spec describe the resource to the scheduler and are not
// modelled. Answers with the ids it changed.

struct UpdateResourceArgs {
  std::string workspace_id;
  std::vector<std::string> ids;
  std::string group_name;
  std::optional<workspace::ComputeResourceType> type;
  workspace::ResourceUpdate update;
};

StatusOr<UpdateResourceArgs> ParseUpdateResource(const Json& params) {
  ParamReader in(params);
  UpdateResourceArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  args.ids = in.OptionalList("ResourceIds");
  args.group_name = in.Optional("GroupName").value_or("");
  std::optional<std::string> type = in.Optional("ResourceType");
  args.update.is_default = in.OptionalBool("IsDefault");
  in.OptionalJson("Labels");
  in.OptionalJson("Spec");
  if (in.ok() && type) {
    args.type = workspace::ParseComputeResourceType(*type);
    if (!args.type) in.Fail(InvalidParameter("ResourceType", "must be Lingjun, ECS, MaxCompute or Flink"));
  }
  if (in.ok() && args.ids.empty() && args.group_name.empty()) {
    in.Fail(MissingParameter("ResourceIds"));
  }
  if (!args.ids.empty() && !args.group_name.empty()) args.update.group_name = args.group_name;
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> UpdateResourceApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<UpdateResourceArgs> args = ParseUpdateResource(params);
  if (!args.ok()) return args.status();
  std::vector<std::string> ids = args->ids;
  if (ids.empty()) {
    for (const ResourceAssociation* r : state.workspaces.ListResources(args->workspace_id, args->type)) {
      if (r->group_name == args->group_name) ids.push_back(r->id);
    }
  }
  if (Status s = state.workspaces.UpdateResources(args->workspace_id, ids, args->update);
      !s.ok()) {
    return s;
  }
  return Json{{"ResourceIds", ids}};
}

// --- GetConfig / UpdateConfig (singular) ---------------------------------------------------

struct ConfigKeyArgs {
  std::string workspace_id, category, key;
  std::string value;  // UpdateConfig
};

template <bool kUpdate>
StatusOr<ConfigKeyArgs> ParseConfigKey(const Json& params) {
  ParamReader in(params);
  ConfigKeyArgs args{in.Required("WorkspaceId"), in.Required("CategoryName"),
                     in.Required("ConfigKey"), ""};
  if (kUpdate) args.value = in.Optional("ConfigValue").value_or("");
  in.OptionalJson("Labels");  // not modelled
  in.Optional("Verbose");
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> GetConfigRead(StateView state, const authz::Authorizer&, const Json& params,
                             const Caller&) {
  StatusOr<ConfigKeyArgs> args = ParseConfigKey<false>(params);
  if (!args.ok()) return args.status();
  StatusOr<const Workspace*> ws = RequireWorkspace(state, args->workspace_id);
  if (!ws.ok()) return ws.status();
  const workspace::WorkspaceConfig& config = (*ws)->config;
  std::string value;
  if (args->category == kTempStorage[0] && args->key == kTempStorage[1]) {
    value = config.default_storage_path;
  } else if (auto it = config.values.find({args->category, args->key}); it != config.values.end()) {
    value = it->second;
  }
  if (value.empty()) {
    return Status(StatusCode::kNotFound, "workspace.config-not-found",
                  "workspace '" + args->workspace_id + "' has no config " + args->category + "/" +
                      args->key);
  }
  return Json{{"CategoryName", args->category},
              {"ConfigKey", args->key},
              {"ConfigValue", value},
              {"Labels", Json::array()}};
}

StatusOr<Json> UpdateConfigApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<ConfigKeyArgs> args = ParseConfigKey<true>(params);
  if (!args.ok()) return args.status();
  if (Status s =
          state.workspaces.SetConfig(args->workspace_id, args->category, args->key, args->value);
      !s.ok()) {
    return s;
  }
  return Json::object();
}

// --- ListConfigs / UpdateConfigs / DeleteConfig --------------------------------------------

struct ListConfigsArgs {
  std::string workspace_id;
  std::string category;
  std::vector<std::string> keys;
};

StatusOr<ListConfigsArgs> ParseListConfigs(const Json& params) {
  ParamReader in(params);
  ListConfigsArgs args{in.Required("WorkspaceId"), in.Optional("CategoryName").value_or(""),
                       in.OptionalList("ConfigKeys")};
  in.Optional("Labels");  // configs carry no labels in paiam: a label filter changes nothing
  in.OptionalBool("Verbose");
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> ListConfigsRead(StateView state, const authz::Authorizer&, const Json& params,
                               const Caller&) {
  StatusOr<ListConfigsArgs> args = ParseListConfigs(params);
  if (!args.ok()) return args.status();
  StatusOr<const Workspace*> ws = RequireWorkspace(state, args->workspace_id);
  if (!ws.ok()) return ws.status();
  Json items = Json::array();
  auto add = [&](std::string_view category, std::string_view key, const std::string& value) {
    if (!args->category.empty() && args->category != category) return;
    if (!args->keys.empty() &&
        std::find(args->keys.begin(), args->keys.end(), key) == args->keys.end()) {
      return;
    }
    items.push_back({{"CategoryName", category}, {"ConfigKey", key}, {"ConfigValue", value}});
  };
  const workspace::WorkspaceConfig& config = (*ws)->config;
  if (!config.default_storage_path.empty()) {
    add(kTempStorage[0], kTempStorage[1], config.default_storage_path);
  }
  for (const auto& [key, value] : config.values) add(key.first, key.second, value);
  const size_t count = items.size();
  return Json{{"Configs", std::move(items)}, {"TotalCount", count}};
}

struct ConfigItem {
  std::string category, key, value;
};
struct UpdateConfigsArgs {
  std::string workspace_id;
  std::vector<ConfigItem> items;
};

StatusOr<UpdateConfigsArgs> ParseUpdateConfigs(const Json& params) {
  ParamReader in(params);
  UpdateConfigsArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  const Json* configs = ReadArray(in, "Configs", true);
  if (Status s = in.Finish(); !s.ok()) return s;
  for (size_t i = 0; i < configs->size(); ++i) {
    ParamReader item((*configs)[i]);
    ConfigItem c{item.Required("CategoryName"), item.Required("ConfigKey"),
                 item.Optional("ConfigValue").value_or("")};
    item.OptionalJson("Labels");  // not modelled
    if (Status s = item.Finish(); !s.ok()) {
      return PrefixError(s, "Configs[" + std::to_string(i) + "]");
    }
    args.items.push_back(std::move(c));
  }
  return args;
}

StatusOr<Json> UpdateConfigsApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<UpdateConfigsArgs> args = ParseUpdateConfigs(params);
  if (!args.ok()) return args.status();
  Status s = AllOrNothing(state, [&](workspace::Workspaces& all) {
    for (const ConfigItem& c : args->items) {
      if (Status e = all.SetConfig(args->workspace_id, c.category, c.key, c.value); !e.ok()) {
        return e;
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return Json::object();
}

struct DeleteConfigArgs {
  std::string workspace_id;
  ConfigItem item;
};

StatusOr<DeleteConfigArgs> ParseDeleteConfig(const Json& params) {
  ParamReader in(params);
  DeleteConfigArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  args.item = {in.Required("CategoryName"), in.Required("ConfigKey"), ""};
  in.Optional("Labels");  // not modelled
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> DeleteConfigApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<DeleteConfigArgs> args = ParseDeleteConfig(params);
  if (!args.ok()) return args.status();
  // SetConfig with an empty value deletes the setting.
  if (Status s = state.workspaces.SetConfig(args->workspace_id, args->item.category,
                                            args->item.key, "");
      !s.ok()) {
    return s;
  }
  return Json::object();
}

const Operation kOperations[] = {
    {.name = "CreateWorkspaceResource",
     .writes = true,
     .target = TargetOnWorkspace<CreateResourceArgs, ParseCreateResource, kCreateResource>,
     .apply = CreateResourceApply},
    {.name = "DeleteConfig",
     .writes = true,
     .target = TargetOnWorkspace<DeleteConfigArgs, ParseDeleteConfig, kDeleteConfig>,
     .apply = DeleteConfigApply},
    {.name = "DeleteWorkspaceResource",
     .writes = true,
     .target = TargetOnWorkspace<DeleteResourceArgs, ParseDeleteResource, kDeleteResource>,
     .apply = DeleteResourceApply},
    {.name = "GetConfig",
     .target = TargetOnWorkspace<ConfigKeyArgs, ParseConfigKey<false>, kListConfigs>,
     .read = GetConfigRead},
    {.name = "ListConfigs",
     .target = TargetOnWorkspace<ListConfigsArgs, ParseListConfigs, kListConfigs>,
     .read = ListConfigsRead},
    {.name = "ListResources",
     .target = TargetOnWorkspace<ListResourcesArgs, ParseListResources, kListResources>,
     .read = ListResourcesRead},
    {.name = "UpdateConfig",
     .writes = true,
     .target = TargetOnWorkspace<ConfigKeyArgs, ParseConfigKey<true>, kUpdateConfigs>,
     .apply = UpdateConfigApply},
    {.name = "UpdateConfigs",
     .writes = true,
     .target = TargetOnWorkspace<UpdateConfigsArgs, ParseUpdateConfigs, kUpdateConfigs>,
     .apply = UpdateConfigsApply},
    {.name = "UpdateWorkspaceResource",
     .writes = true,
     .target = TargetOnWorkspace<UpdateResourceArgs, ParseUpdateResource, kUpdateResource>,
     .apply = UpdateResourceApply},
};

}  // namespace

std::span<const Operation> ResourceConfigOperations() { return kOperations; }

}  // namespace paiam::api::internal::ws
