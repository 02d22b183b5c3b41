// paiam/api — workspace assets, generic over every asset type of workspace/asset_types.h:
// CreateAsset, GetAsset, ListAssets, PublishAsset, ChangeAssetOwner, DeleteAsset. Parameters:
// WorkspaceId, AssetType (an asset_types.h name: "dataset", "model_version", ...), AssetId,
// ParentId (child types only), and per call Name and Accessibility (create), NewOwnerId
// (change owner: an account, RAM user or RAM role id, as members are named), PageNumber and
// PageSize (list). The AIWorkSpace-named dataset, model, code source and image calls are thin
// aliases in ops_workspace_asset_aliases.cc.
//
// Targets. Each type's catalog actions are in one table (kAssetActions below), read off
// data/catalog/actions.csv; a test checks that every name is a catalog action of the type's
// ram-code. Calls on an existing asset are checked with Authorizer::CheckAsset (its ARN, owner
// and visibility), creation with CheckCreate (the requested visibility, the caller as creator).
// A call whose action the catalog does not have for the type is refused
// (InvalidParameter.AssetType): no role could be checked for it.
//
// ListAssets is authorized as PaiWorkspace:GetWorkspace on the workspace (every built-in role
// may view its workspace): a list action cannot be decided before the listing, because who may
// list what depends on the visibility classes. The answer is then filtered by
// Authorizer::ListAllowed with the type's "public and self-created" action and, where the type
// has one, its "all in the workspace" action; the union of both is returned.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>
#include <vector>

#include "api/ops_workspace_internal.h"

namespace paiam::api::internal::ws {
namespace {

using workspace::Accessibility;
using workspace::Asset;
using workspace::AssetType;
using T = AssetType;

constexpr std::string_view kGetWorkspace = "PaiWorkspace:GetWorkspace";

// clang-format off
// Substitutes where the catalog has no row of that name (each the closest row of the type):
//   pipeline_draft change owner  PaiDesigner:TransferPipelineDrafts ("Transfer self-created
//                                pipelines"; the seed's transfer is the owner change);
//   pipeline_draft_folder get    PaiDesigner:GetPipelineDraftFolderChildren (a folder is seen
//                                through its children);
//   component / component_version list-all  the catalog's only list rows, which list all.
constexpr AssetActions kAssetActions[] = {
    // type, create, get, list (public and self-created), list all, delete, publish, change owner
    {T::kDataset, "PaiDataset:CreateDataset", "PaiDataset:GetDataset", "PaiDataset:ListDatasets",
     "PaiDataset:ListAllDatasets", "PaiDataset:DeleteDataset", "PaiDataset:PublishDataset",
     "PaiDataset:ChangeDatasetOwner"},
    {T::kModel, "PaiModel:CreateModel", "PaiModel:GetModel", "PaiModel:ListModels",
     "PaiModel:ListAllModels", "PaiModel:DeleteModel", "PaiModel:PublishModel", ""},
    {T::kModelVersion, "PaiModel:CreateModelVersion", "PaiModel:GetModelVersion",
     "PaiModel:ListModelVersions", "", "PaiModel:DeleteModelVersion", "", ""},
    {T::kImage, "PaiImage:AddImage", "PaiImage:GetImage", "PaiImage:ListImages",
     "PaiImage:ListAllImages", "PaiImage:RemoveImage", "PaiImage:PublishImage", ""},
    {T::kCodeSource, "PaiCodeSource:CreateCodeSource", "PaiCodeSource:GetCodeSource",
     "PaiCodeSource:ListCodeSources", "PaiCodeSource:ListAllCodeSources",
     "PaiCodeSource:DeleteCodeSource", "PaiCodeSource:PublishCodeSource", ""},
    {T::kPipelineDraft, "PaiDesigner:CreatePipelineDraft", "PaiDesigner:GetPipelineDraft",
     "PaiDesigner:ListPipelineDrafts", "PaiDesigner:ListAllPipelineDrafts",
     "PaiDesigner:DeletePipelineDraft", "PaiDesigner:PublishPipelineDraft",
     "PaiDesigner:TransferPipelineDrafts"},
    {T::kPipelineDraftJob, "PaiDesigner:CreateJob", "PaiDesigner:GetJob", "PaiDesigner:ListJobs",
     "", "", "", ""},
    {T::kPipelineDraftTemplate, "PaiDesigner:CreateTemplate", "PaiDesigner:GetTemplate",
     "PaiDesigner:ListTemplates", "PaiDesigner:ListAllTemplates", "PaiDesigner:DeleteTemplate", "",
     ""},
    {T::kPipelineDraftFolder, "PaiDesigner:CreatePipelineDraftFolder",
     "PaiDesigner:GetPipelineDraftFolderChildren", "PaiDesigner:GetPipelineDraftFolderChildren",
     "PaiDesigner:GetAllPipelineDraftFolderChildren", "PaiDesigner:DeletePipelineDraftFolder", "",
     ""},
    {T::kInstanceJob, "", "PaiWorkspace:GetInstanceJob", "", "", "", "", ""},
    {T::kPipeline, "Paiflow:CreatePipeline", "Paiflow:GetPipeline", "Paiflow:ListPipelines", "",
     "Paiflow:DeletePipeline", "", ""},
    {T::kPipelineRun, "Paiflow:CreatePipelineRun", "Paiflow:GetPipelineRun",
     "Paiflow:ListPipelineRuns", "Paiflow:ListAllPipelineRuns", "Paiflow:DeletePipelineRun", "",
     ""},
    {T::kDswInstance, "PaiDSW:CreatePostPaidInstance", "PaiDSW:GetInstance", "PaiDSW:ListInstances",
     "PaiDSW:ListAllInstances", "PaiDSW:DeletePostPaidInstance", "", ""},
    {T::kDswSnapshot, "PaiDSW:CreateInstanceSnapshot", "PaiDSW:GetInstanceSnapshot",
     "PaiDSW:ListInstanceSnapshot", "", "PaiDSW:DeleteInstanceSnapshot", "", ""},
    {T::kDswTempFile, "PaiDSW:CreateTempFile", "PaiDSW:GetTempFile", "PaiDSW:ListTempFiles", "",
     "PaiDSW:DeleteTempFile", "", ""},
    {T::kDswTempFileTask, "PaiDSW:CreateTempFileTask", "", "", "", "PaiDSW:DeleteTempFileTask", "",
     ""},
    {T::kDlcJob, "PaiDLC:CreateJob", "PaiDLC:GetJob", "PaiDLC:ListJobs", "", "PaiDLC:DeleteJob", "",
     ""},
    {T::kDlcPod, "", "", "PaiDLC:ListJobPods", "", "", "", ""},
    {T::kTensorBoard, "PaiDLC:CreateTensorboard", "PaiDLC:GetTensorboard",
     "PaiDLC:ListTensorboards", "", "PaiDLC:DeleteTensorboard", "", ""},
    {T::kExperiment, "PaiExperiment:CreateExperiment", "PaiExperiment:GetExperiment",
     "PaiExperiment:ListExperiments", "PaiExperiment:ListAllExperiments",
     "PaiExperiment:DeleteExperiment", "", ""},
    {T::kTrial, "PaiExperiment:CreateTrial", "PaiExperiment:GetTrial", "", "", "", "", ""},
    {T::kHpoExperiment, "PAIAutoML:CreateHpoExperiment", "PAIAutoML:GetHpoExperiment",
     "PAIAutoML:ListHpoExperiments", "", "PAIAutoML:DeleteHpoExperiment", "", ""},
    {T::kHpoTrial, "", "PAIAutoML:GetHpoTrial", "PAIAutoML:ListHpoTrials", "", "", "", ""},
    {T::kTrainingJob, "PaiTraining:CreateTrainingJob", "PaiTraining:GetTrainingJob",
     "PaiTraining:ListTrainingJobs", "", "PaiTraining:DeleteTrainingJob", "", ""},
    {T::kFlow, "PaiLangStudio:CreateFlow", "PaiLangStudio:GetFlow", "PaiLangStudio:ListFlows", "",
     "PaiLangStudio:DeleteFlow", "", ""},
    {T::kFlowTemplate, "PaiLangStudio:CreateFlowTemplate", "PaiLangStudio:GetFlowTemplate",
     "PaiLangStudio:ListFlowTemplates", "", "PaiLangStudio:DeleteFlowTemplate", "", ""},
    {T::kFlowRun, "PaiLangStudio:CreateFlowRun", "PaiLangStudio:GetFlowRun",
     "PaiLangStudio:ListFlowRuns", "", "PaiLangStudio:DeleteFlowRun", "", ""},
    {T::kConnection, "PaiLangStudio:CreateConnection", "PaiLangStudio:GetConnection",
     "PaiLangStudio:ListConnections", "", "PaiLangStudio:DeleteConnection", "", ""},
    {T::kRuntime, "PaiLangStudio:CreateRuntime", "PaiLangStudio:GetRuntime",
     "PaiLangStudio:ListRuntimes", "", "PaiLangStudio:DeleteRuntime", "", ""},
    {T::kEasService, "eas:CreateService", "eas:DescribeService", "eas:ListServices", "",
     "eas:DeleteService", "", ""},
    {T::kEasResourceGroup, "eas:CreateResource", "eas:DescribeResource", "eas:ListResources", "",
     "eas:DeleteResource", "", ""},
    {T::kEasBenchmarkTask, "eas:CreateBenchmarkTask", "eas:DescribeBenchmarkTask",
     "eas:ListBenchmarkTask", "", "eas:DeleteBenchmarkTask", "", ""},
    {T::kEasGateway, "eas:CreateGateway", "eas:DescribeGateway", "", "", "eas:DeleteGateway", "",
     ""},
    {T::kComponent, "PAIComponentManagement:CreateComponent",
     "PAIComponentManagement:GetComponent", "", "PAIComponentManagement:ListComponents",
     "PAIComponentManagement:DeleteComponent", "", ""},
    {T::kComponentVersion, "PAIComponentManagement:CreateComponentVersion",
     "PAIComponentManagement:GetComponentVersion", "",
     "PAIComponentManagement:ListComponentVersions",
     "PAIComponentManagement:DeleteComponentVersion", "", ""},
    {T::kAi4dService, "PaiArtLab:CreateAI4DService", "", "PaiArtLab:ListAI4DServices", "", "", "",
     ""},
};
// clang-format on
static_assert(std::size(kAssetActions) == workspace::kAssetTypeCount);

std::string_view VerbName(AssetVerb verb) {
  switch (verb) {
    case AssetVerb::kCreate:
      return "create";
    case AssetVerb::kGet:
      return "get";
    case AssetVerb::kList:
      return "list";
    case AssetVerb::kDelete:
      return "delete";
    case AssetVerb::kPublish:
      return "publish";
    case AssetVerb::kChangeOwner:
      return "change the owner of";
  }
  return "";
}

std::string_view ActionOf(const AssetActions& a, AssetVerb verb) {
  switch (verb) {
    case AssetVerb::kCreate:
      return a.create;
    case AssetVerb::kGet:
      return a.get;
    case AssetVerb::kList:
      return a.list.empty() ? a.list_all : a.list;
    case AssetVerb::kDelete:
      return a.del;
    case AssetVerb::kPublish:
      return a.publish;
    case AssetVerb::kChangeOwner:
      return a.change_owner;
  }
  return {};
}

// --- parameters ----------------------------------------------------------------------------

struct AssetArgs {
  std::string workspace_id;
  AssetType type = AssetType::kDataset;
  std::string id, parent_id;
  std::string name;                                     // create
  Accessibility accessibility = Accessibility::kPrivate;  // create
  std::string new_owner_id;                             // change owner
  Paging paging;                                        // list
  std::string_view action;                              // the verb's catalog action
};

StatusOr<AssetArgs> ParseAsset(AssetVerb verb, const Json& params) {
  ParamReader in(params);
  AssetArgs a;
  a.workspace_id = in.Required("WorkspaceId");
  const std::string type = in.Required("AssetType");
  if (verb != AssetVerb::kCreate && verb != AssetVerb::kList) a.id = in.Required("AssetId");
  a.parent_id = in.Optional("ParentId").value_or("");
  if (verb == AssetVerb::kCreate) {
    a.name = in.Required("Name");
    const std::string access = in.Optional("Accessibility").value_or("PRIVATE");
    if (access == "PUBLIC") {
      a.accessibility = Accessibility::kPublic;
    } else if (access != "PRIVATE") {
      in.Fail(InvalidParameter("Accessibility", "must be PUBLIC or PRIVATE"));
    }
  }
  if (verb == AssetVerb::kChangeOwner) a.new_owner_id = in.Required("NewOwnerId");
  if (verb == AssetVerb::kList) a.paging = ReadPaging(in);
  if (in.ok()) {
    if (std::optional<AssetType> parsed = workspace::ParseAssetType(type)) {
      a.type = *parsed;
      a.action = ActionOf(ActionsOf(a.type), verb);
      if (a.action.empty()) {
        in.Fail(InvalidParameter("AssetType", "'" + type + "': the catalog has no action to " +
                                                  std::string(VerbName(verb)) + " it"));
      }
    } else {
      in.Fail(InvalidParameter("AssetType", "'" + type + "' is not an asset type"));
    }
  }
  if (Status s = in.Finish(); !s.ok()) return s;
  return a;
}

Status AssetNotFound(const AssetArgs& a) {
  std::string what = std::string(workspace::AssetTypeName(a.type)) + " '" + a.id + "'";
  if (!a.parent_id.empty()) what += " under '" + a.parent_id + "'";
  return Status(StatusCode::kNotFound, "workspace.asset-not-found",
                "workspace '" + a.workspace_id + "' has no " + what);
}

// The type's collection ARN: ".../dataset/*", ".../model/<parent>/modelVersion/*".
std::string CollectionArn(const workspace::Workspace& ws, const AssetArgs& a) {
  const workspace::AssetTypeInfo& info = workspace::Info(a.type);
  std::string path(info.path);
  if (info.parent) {
    const size_t open = path.find('{');
    path.replace(open, path.find('}', open) - open + 1, a.parent_id);
  }
  const size_t last = path.rfind('{');
  path.replace(last, path.size() - last, "*");
  return "acs:" + std::string(info.ram_code) + ":" + ws.region + ":" + ws.account_id +
         ":workspace/" + ws.id + "/" + path;
}

// The principal ARN assets record: the caller's canonical principal (a role session's role).
std::string OwnerArn(StateView state, std::string_view arn) {
  std::optional<identity::Principal> principal = state.directory.PrincipalByArn(arn);
  return principal ? principal->arn : std::string(arn);
}

Json AssetJson(StateView state, const Asset& asset) {
  std::optional<identity::Principal> owner = state.directory.PrincipalByArn(asset.creator);
  return {{"AssetId", asset.id},
          {"AssetType", workspace::AssetTypeName(asset.type)},
          {"WorkspaceId", asset.workspace_id},
          {"ParentId", asset.parent_id},
          {"Name", asset.name},
          {"Owner", asset.creator},
          {"OwnerId", owner ? owner->id : std::string()},
          {"Accessibility", workspace::AccessibilityName(asset.accessibility)},
          {"GmtCreateTime", FormatTime(asset.create_time)},
          {"GmtModifiedTime", FormatTime(asset.update_time)}};
}

// --- the operations ------------------------------------------------------------------------

// Numeric ids compare by length first ("dataset-9" before "dataset-10").
bool NaturalLess(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

StatusOr<Json> ListRead(StateView state, const authz::Authorizer& authorizer, const AssetArgs& a,
                        const Caller& caller) {
  if (Status s = RequireWorkspace(state, a.workspace_id).status(); !s.ok()) return s;
  const AssetActions& actions = ActionsOf(a.type);
  std::set<std::pair<std::string, std::string>> keys;  // (parent id, id)
  for (std::string_view action : {actions.list, actions.list_all}) {
    if (action.empty()) continue;
    StatusOr<authz::Listing> listing =
        authorizer.ListAllowed(caller.arn, a.workspace_id, a.type, action, a.parent_id);
    if (!listing.ok()) return listing.status();
    for (const authz::AssetRef& ref : listing->assets) keys.emplace(ref.parent_id, ref.id);
  }
  std::vector<std::pair<std::string, std::string>> sorted(keys.begin(), keys.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) {
    if (x.first != y.first) return NaturalLess(x.first, y.first);
    return NaturalLess(x.second, y.second);
  });
  const auto [begin, end] = a.paging.Bounds(sorted.size());
  Json items = Json::array();
  for (size_t i = begin; i < end; ++i) {
    // The listing read the authorizer's snapshot; the view is the same snapshot.
    if (const Asset* asset = state.workspaces.FindAsset(a.workspace_id, a.type, sorted[i].second,
                                                        sorted[i].first)) {
      items.push_back(AssetJson(state, *asset));
    }
  }
  return Json{{"Assets", std::move(items)}, {"TotalCount", sorted.size()}};
}

}  // namespace

const AssetActions& ActionsOf(AssetType type) {
  return kAssetActions[static_cast<size_t>(type)];
}

std::span<const AssetActions> AllAssetActions() { return kAssetActions; }

StatusOr<AuthzTarget> AssetTarget(AssetVerb verb, StateView state, const Json& params,
                                  const Caller&) {
  StatusOr<AssetArgs> a = ParseAsset(verb, params);
  if (!a.ok()) return a.status();
  StatusOr<const workspace::Workspace*> ws = RequireWorkspace(state, a->workspace_id);
  if (!ws.ok()) return ws.status();
  if (verb == AssetVerb::kList) return WorkspaceTarget(state, a->workspace_id, kGetWorkspace);
  if (verb == AssetVerb::kCreate) {
    AuthzTarget target;
    target.action = std::string(a->action);
    target.resource = CollectionArn(**ws, *a);
    target.create = AuthzTarget::Create{a->workspace_id, a->type, a->parent_id, a->accessibility};
    return target;
  }
  return ExistingAssetTarget(state, RefTo(a->workspace_id, a->type, a->id, a->parent_id),
                             a->action);
}

StatusOr<AuthzTarget> ExistingAssetTarget(StateView state, const workspace::AssetRef& ref,
                                          std::string_view action) {
  const Asset* asset = state.workspaces.FindAsset(ref.workspace_id, ref.type, ref.id,
                                                  ref.parent_id);
  if (asset == nullptr) {
    if (Status s = RequireWorkspace(state, ref.workspace_id).status(); !s.ok()) return s;
    AssetArgs a;
    a.workspace_id = std::string(ref.workspace_id);
    a.type = ref.type;
    a.id = std::string(ref.id);
    a.parent_id = std::string(ref.parent_id);
    return AssetNotFound(a);
  }
  AuthzTarget target;
  target.action = std::string(action);
  std::string ram_code = target.action.substr(0, target.action.find(':'));
  std::transform(ram_code.begin(), ram_code.end(), ram_code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  target.resource = state.workspaces.AssetArn(*asset, ram_code);
  target.asset = asset;
  return target;
}

StatusOr<Json> AssetApply(AssetVerb verb, State& state, const Json& params,
                          const ApplyContext& context) {
  StatusOr<AssetArgs> a = ParseAsset(verb, params);
  if (!a.ok()) return a.status();
  workspace::Workspaces& all = state.workspaces;
  switch (verb) {
    case AssetVerb::kCreate: {
      workspace::AssetSpec spec{a->type, "", a->parent_id, a->name,
                                OwnerArn(StateView::Of(state), context.caller.arn)};
      // Create and publish as one step: a refused publish must not leave the asset behind.
      workspace::Workspaces copy = all;
      StatusOr<std::string> id = copy.CreateAsset(a->workspace_id, spec);
      if (!id.ok()) return id.status();
      if (a->accessibility == Accessibility::kPublic) {
        if (Status s = copy.PublishAsset(a->workspace_id, a->type, *id, a->parent_id); !s.ok()) {
          return s;
        }
      }
      all = std::move(copy);
      return Json{{"AssetId", *id}};
    }
    case AssetVerb::kPublish:
      if (Status s = all.PublishAsset(a->workspace_id, a->type, a->id, a->parent_id); !s.ok()) {
        return s;
      }
      return Json::object();
    case AssetVerb::kChangeOwner: {
      std::optional<identity::Principal> owner = state.directory.PrincipalById(a->new_owner_id);
      if (!owner) {
        return Status(StatusCode::kNotFound, "workspace.member-user-not-found",
                      "no account, RAM user or RAM role has id '" + a->new_owner_id + "'");
      }
      if (Status s =
              all.ChangeAssetOwner(a->workspace_id, a->type, a->id, a->parent_id, owner->arn);
          !s.ok()) {
        return s;
      }
      return Json::object();
    }
    case AssetVerb::kDelete:
      if (Status s = all.DeleteAsset(a->workspace_id, a->type, a->id, a->parent_id); !s.ok()) {
        return s;
      }
      return Json::object();
    case AssetVerb::kGet:
    case AssetVerb::kList:
      break;
  }
  return Status(StatusCode::kInternal, "api.not-a-write", "this operation does not write");
}

StatusOr<Json> AssetRead(AssetVerb verb, StateView state, const authz::Authorizer& authorizer,
                         const Json& params, const Caller& caller) {
  StatusOr<AssetArgs> a = ParseAsset(verb, params);
  if (!a.ok()) return a.status();
  if (verb == AssetVerb::kList) return ListRead(state, authorizer, *a, caller);
  if (Status s = RequireWorkspace(state, a->workspace_id).status(); !s.ok()) return s;
  const Asset* asset = state.workspaces.FindAsset(a->workspace_id, a->type, a->id, a->parent_id);
  if (asset == nullptr) return AssetNotFound(*a);
  return AssetJson(state, *asset);
}

namespace {

template <AssetVerb V>
StatusOr<AuthzTarget> Target(StateView state, const Json& params, const Caller& caller) {
  return AssetTarget(V, state, params, caller);
}
template <AssetVerb V>
StatusOr<Json> Apply(State& state, const Json& params, const ApplyContext& context) {
  return AssetApply(V, state, params, context);
}
template <AssetVerb V>
StatusOr<Json> Read(StateView state, const authz::Authorizer& authorizer, const Json& params,
                    const Caller& caller) {
  return AssetRead(V, state, authorizer, params, caller);
}

using V = AssetVerb;
const Operation kOperations[] = {
    {.name = "ChangeAssetOwner",
     .writes = true,
     .target = Target<V::kChangeOwner>,
     .apply = Apply<V::kChangeOwner>},
    {.name = "CreateAsset",
     .writes = true,
     .target = Target<V::kCreate>,
     .apply = Apply<V::kCreate>},
    {.name = "DeleteAsset",
     .writes = true,
     .target = Target<V::kDelete>,
     .apply = Apply<V::kDelete>},
    {.name = "GetAsset", .target = Target<V::kGet>, .read = Read<V::kGet>},
    {.name = "ListAssets", .target = Target<V::kList>, .read = Read<V::kList>},
    {.name = "PublishAsset",
     .writes = true,
     .target = Target<V::kPublish>,
     .apply = Apply<V::kPublish>},
};

}  // namespace

std::span<const Operation> AssetOperations() {
  static const std::vector<Operation>* const table = [] {
    auto* all = new std::vector<Operation>(std::begin(kOperations), std::end(kOperations));
    for (std::span<const Operation> more : {AssetAliasOperations(), AssetExtraOperations()}) {
      all->insert(all->end(), more.begin(), more.end());
    }
    return all;
  }();
  return *table;
}

}  // namespace paiam::api::internal::ws
