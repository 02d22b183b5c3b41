// paiam/api — the AIWorkSpace asset sub-resources (§4.4): dataset versions, model versions,
// and the labels of datasets, dataset versions, models, model versions, images and experiments.
//   CreateDatasetVersion ListDatasetVersions GetDatasetVersion UpdateDatasetVersion
//   DeleteDatasetVersion CreateDatasetLabels DeleteDatasetLabels CreateDatasetVersionLabels
//   DeleteDatasetVersionLabels
//   CreateModelVersion ListModelVersions GetModelVersion UpdateModelVersion DeleteModelVersion
//   CreateModelLabels DeleteModelLabels CreateModelVersionLabels DeleteModelVersionLabels
//   AddImageLabels RemoveImageLabels ListImageLabels SetExperimentLabels DeleteExperimentLabel
// The parent asset is named by id alone, like the aliases (AssetWorkspaceById): WorkspaceId
// is optional, resolved from the id, and written into the logged parameters by `prepare`.
//
// Targets. Model versions are assets of their own (model_version, child of the model), so their
// calls are the catalog's PaiModel:*ModelVersion* rows on the version (CheckAsset) or, for
// creation, CheckCreate under the model. Dataset versions are not assets in the seed's catalog,
// which has no action for them; they are authorized as the closest rows on the dataset:
// create/update/delete a version = PaiDataset:UpdateDataset, get/list = PaiDataset:GetDataset.
// Labels use the catalog's label rows on the labelled asset (PaiDataset:CreateDatasetLabels,
// PaiModel:CreateModelVersionLabels, PaiImage:AddImageLabels, PaiExperiment:SetExperimentLabel,
// ...); dataset version labels are the dataset's label rows. ListImageLabels answers with the
// labels of the images on which the engine allows the caller PaiImage:ListImageLabels.
//
// Descriptive fields are stored as text (a non-string JSON value as its JSON text) and returned
// as strings; "" when absent.
#include <set>
#include <string>
#include <vector>

#include "api/ops_workspace_internal.h"

namespace paiam::api::internal::ws {
namespace {

using workspace::AssetType;
using workspace::StringMap;

constexpr std::string_view kUpdateDataset = "PaiDataset:UpdateDataset";
constexpr std::string_view kGetDataset = "PaiDataset:GetDataset";
constexpr std::string_view kUpdateModelVersion = "PaiModel:UpdateModelVersion";

constexpr std::string_view kDatasetVersionFields[] = {
    "Description", "DataSourceType", "DataCount", "DataSize",  "Property",
    "Uri",         "Options",        "SourceType", "SourceId", "ImportInfo"};
constexpr std::string_view kModelVersionFields[] = {
    "VersionDescription", "SourceType",   "SourceId",       "Uri",
    "FormatType",         "FrameworkType", "InferenceSpec", "Options",
    "TrainingSpec",       "ApprovalStatus", "Metrics",      "ExtraInfo"};

// --- parameters ----------------------------------------------------------------------------

// Where a call lands: the parent asset (and version) plus the call's own parameters.
struct SubArgs {
  std::string workspace_id;
  std::string id;       // DatasetId, ModelId, ImageId, ExperimentId
  std::string version;  // VersionName; empty when the call has none
  StringMap fields;     // descriptive fields (create/update)
  StringMap labels;     // Labels (create, label calls)
  std::vector<std::string> keys;  // label keys to remove
  Json paging = Json::object();   // PageNumber/PageSize as given (lists)
  std::optional<std::string> name;  // a version's name on create
};

// What one operation reads, besides WorkspaceId and the id field.
struct Shape {
  AssetType type = AssetType::kDataset;
  std::string_view id_field;
  bool version = false;           // takes VersionName (path)
  bool optional_version = false;  // CreateModelVersion: VersionName may be absent
  std::span<const std::string_view> fields = {};
  enum Labels : uint8_t { kNone, kOptional, kRequired } labels = kNone;
  bool keys = false;      // LabelKeys (or Keys, or the path's Key/LabelKey)
  bool paging = false;
};

StatusOr<SubArgs> ParseSub(const Shape& shape, const Json& params) {
  ParamReader in(params);
  SubArgs a;
  a.workspace_id = in.Optional("WorkspaceId").value_or("");
  a.id = in.Required(shape.id_field);
  if (shape.version && shape.optional_version) {
    a.name = in.Optional("VersionName");
  } else if (shape.version) {
    a.version = in.Required("VersionName");
  }
  for (std::string_view f : shape.fields) {
    if (!params.is_object() || !params.contains(f)) continue;
    if (params[std::string(f)].is_string()) {
      a.fields[std::string(f)] = in.Optional(f).value_or("");
    } else if (const Json* value = in.OptionalJson(f)) {
      a.fields[std::string(f)] = FieldText(*value);
    }
  }
  if (shape.labels != Shape::kNone) {
    StatusOr<StringMap> labels = ReadLabelArray(in, shape.labels == Shape::kRequired);
    if (!labels.ok()) return labels.status();
    a.labels = std::move(*labels);
  }
  if (shape.keys) {
    for (const char* name : {"LabelKeys", "Keys", "Key", "LabelKey"}) {
      if (!params.is_object() || !params.contains(name)) continue;
      for (std::string& key : in.OptionalList(name)) a.keys.push_back(std::move(key));
    }
    if (in.ok() && a.keys.empty()) in.Fail(MissingParameter("LabelKeys"));
  }
  if (shape.paging) {
    const Paging paging = ReadPaging(in);
    a.paging = {{"PageNumber", paging.number}, {"PageSize", paging.size}};
    in.Optional("SortBy");  // versions are listed in creation order
    in.Optional("Order");
  }
  if (Status s = in.Finish(); !s.ok()) return s;
  return a;
}

// ParseSub, then the workspace from the id when the call does not name it.
StatusOr<SubArgs> Resolve(const Shape& shape, StateView state, const Json& params,
                          const Caller& caller) {
  StatusOr<SubArgs> a = ParseSub(shape, params);
  if (!a.ok()) return a;
  StatusOr<std::string> ws = AssetWorkspaceById(state, shape.type, params, shape.id_field, caller);
  if (!ws.ok()) return ws.status();
  a->workspace_id = *ws;
  return a;
}

template <const Shape& S>
Status PrepareSub(StateView state, Json& params, const Caller& caller) {
  if (params.is_object() && params.contains("WorkspaceId")) return Status::Ok();
  StatusOr<std::string> ws = AssetWorkspaceById(state, S.type, params, S.id_field, caller);
  if (!ws.ok()) return ws.status();
  params["WorkspaceId"] = *ws;
  return Status::Ok();
}

// The generic asset parameters of a model version.
Json VersionAsset(const SubArgs& a, std::string_view version) {
  return {{"WorkspaceId", a.workspace_id},
          {"AssetType", "model_version"},
          {"ParentId", a.id},
          {"AssetId", std::string(version)}};
}

// --- shapes --------------------------------------------------------------------------------

using L = Shape::Labels;
constexpr AssetType kDs = AssetType::kDataset;
constexpr AssetType kMd = AssetType::kModel;
constexpr Shape kDsCreate{
    .type = kDs, .id_field = "DatasetId", .fields = kDatasetVersionFields, .labels = L::kOptional};
constexpr Shape kDsList{.type = kDs, .id_field = "DatasetId", .paging = true};
constexpr Shape kDsVersion{.type = kDs, .id_field = "DatasetId", .version = true};
constexpr Shape kDsUpdate{
    .type = kDs, .id_field = "DatasetId", .version = true, .fields = kDatasetVersionFields};
constexpr Shape kDsLabels{.type = kDs, .id_field = "DatasetId", .labels = L::kRequired};
constexpr Shape kDsUnlabel{.type = kDs, .id_field = "DatasetId", .keys = true};
constexpr Shape kDsVLabels{
    .type = kDs, .id_field = "DatasetId", .version = true, .labels = L::kRequired};
constexpr Shape kDsVUnlabel{.type = kDs, .id_field = "DatasetId", .version = true, .keys = true};
constexpr Shape kMvCreate{.type = kMd,
                          .id_field = "ModelId",
                          .version = true,
                          .optional_version = true,
                          .fields = kModelVersionFields,
                          .labels = L::kOptional};
constexpr Shape kMvList{.type = kMd, .id_field = "ModelId", .paging = true};
constexpr Shape kMvVersion{.type = kMd, .id_field = "ModelId", .version = true};
constexpr Shape kMvUpdate{
    .type = kMd, .id_field = "ModelId", .version = true, .fields = kModelVersionFields};
constexpr Shape kModelLabels{.type = kMd, .id_field = "ModelId", .labels = L::kRequired};
constexpr Shape kModelUnlabel{.type = kMd, .id_field = "ModelId", .keys = true};
constexpr Shape kMvLabels{
    .type = kMd, .id_field = "ModelId", .version = true, .labels = L::kRequired};
constexpr Shape kMvUnlabel{.type = kMd, .id_field = "ModelId", .version = true, .keys = true};
constexpr Shape kImageLabels{
    .type = AssetType::kImage, .id_field = "ImageId", .labels = L::kRequired};
constexpr Shape kImageUnlabel{.type = AssetType::kImage, .id_field = "ImageId", .keys = true};
constexpr Shape kExpLabels{
    .type = AssetType::kExperiment, .id_field = "ExperimentId", .labels = L::kRequired};
constexpr Shape kExpUnlabel{
    .type = AssetType::kExperiment, .id_field = "ExperimentId", .keys = true};

// --- dataset versions ----------------------------------------------------------------------

// The target of a call on a dataset: `Action` on the dataset.
template <const Shape& S, const std::string_view& Action>
StatusOr<AuthzTarget> OnParent(StateView state, const Json& params, const Caller& caller) {
  StatusOr<SubArgs> a = Resolve(S, state, params, caller);
  if (!a.ok()) return a.status();
  return ExistingAssetTarget(state, RefTo(a->workspace_id, S.type, a->id), Action);
}

Json DatasetVersionJson(std::string_view dataset_id, const workspace::DatasetVersion& v) {
  Json out = {{"DatasetId", dataset_id},
              {"VersionName", v.name},
              {"Labels", LabelsJson(v.labels)},
              {"GmtCreateTime", FormatTime(v.create_time)},
              {"GmtModifiedTime", FormatTime(v.update_time)}};
  for (std::string_view f : kDatasetVersionFields) {
    auto it = v.fields.find(f);
    out[std::string(f)] = it == v.fields.end() ? std::string() : it->second;
  }
  return out;
}

StatusOr<Json> CreateDatasetVersionApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<SubArgs> a = ParseSub(kDsCreate, params);
  if (!a.ok()) return a.status();
  StatusOr<std::string> name = state.workspaces.CreateDatasetVersion(
      RefTo(a->workspace_id, AssetType::kDataset, a->id), a->fields, a->labels);
  if (!name.ok()) return name.status();
  return Json{{"VersionName", *name}};
}

StatusOr<Json> UpdateDatasetVersionApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<SubArgs> a = ParseSub(kDsUpdate, params);
  if (!a.ok()) return a.status();
  if (Status s = state.workspaces.UpdateDatasetVersion(
          RefTo(a->workspace_id, AssetType::kDataset, a->id, {}, a->version), a->fields);
      !s.ok()) {
    return s;
  }
  return Json::object();
}

StatusOr<Json> DeleteDatasetVersionApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<SubArgs> a = ParseSub(kDsVersion, params);
  if (!a.ok()) return a.status();
  if (Status s = state.workspaces.DeleteDatasetVersion(
          RefTo(a->workspace_id, AssetType::kDataset, a->id, {}, a->version));
      !s.ok()) {
    return s;
  }
  return Json::object();
}

StatusOr<Json> GetDatasetVersionRead(StateView state, const authz::Authorizer&, const Json& params,
                                     const Caller& caller) {
  StatusOr<SubArgs> a = Resolve(kDsVersion, state, params, caller);
  if (!a.ok()) return a.status();
  const workspace::AssetRef ref = RefTo(a->workspace_id, AssetType::kDataset, a->id, {}, a->version);
  const workspace::DatasetVersion* v = state.workspaces.FindDatasetVersion(ref);
  if (v == nullptr) {
    return Status(StatusCode::kNotFound, "workspace.dataset-version-not-found",
                  "dataset '" + a->id + "' has no version '" + a->version + "'");
  }
  return DatasetVersionJson(a->id, *v);
}

StatusOr<Json> ListDatasetVersionsRead(StateView state, const authz::Authorizer&,
                                       const Json& params, const Caller& caller) {
  StatusOr<SubArgs> a = Resolve(kDsList, state, params, caller);
  if (!a.ok()) return a.status();
  const workspace::AssetDetails* details =
      state.workspaces.FindAssetDetails(RefTo(a->workspace_id, AssetType::kDataset, a->id));
  if (details == nullptr) {
    return Status(StatusCode::kNotFound, "workspace.asset-not-found",
                  "workspace '" + a->workspace_id + "' has no dataset '" + a->id + "'");
  }
  Paging paging{a->paging["PageNumber"].get<size_t>(), a->paging["PageSize"].get<size_t>()};
  const auto [begin, end] = paging.Bounds(details->versions.size());
  Json items = Json::array();
  for (size_t i = begin; i < end; ++i) items.push_back(DatasetVersionJson(a->id, details->versions[i]));
  return Json{{"DatasetVersions", std::move(items)}, {"TotalCount", details->versions.size()}};
}

// --- labels --------------------------------------------------------------------------------

template <const Shape& S, bool kSet>
StatusOr<Json> LabelApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<SubArgs> a = ParseSub(S, params);
  if (!a.ok()) return a.status();
  workspace::AssetRef ref = RefTo(a->workspace_id, S.type, a->id);
  if (S.type == AssetType::kModel && S.version) {
    ref = RefTo(a->workspace_id, AssetType::kModelVersion, a->version, a->id);
  } else if (S.version) {
    ref.version = a->version;
  }
  Status s = kSet ? state.workspaces.SetLabels(ref, a->labels)
                  : state.workspaces.RemoveLabels(ref, a->keys);
  if (!s.ok()) return s;
  return Json::object();
}

template <const Shape& S, const std::string_view& Action>
StatusOr<AuthzTarget> OnModelVersion(StateView state, const Json& params, const Caller& caller) {
  StatusOr<SubArgs> a = Resolve(S, state, params, caller);
  if (!a.ok()) return a.status();
  return ExistingAssetTarget(
      state, RefTo(a->workspace_id, AssetType::kModelVersion, a->version, a->id), Action);
}

// --- model versions ------------------------------------------------------------------------

StatusOr<AuthzTarget> CreateModelVersionTarget(StateView state, const Json& params,
                                               const Caller& caller) {
  StatusOr<SubArgs> a = Resolve(kMvCreate, state, params, caller);
  if (!a.ok()) return a.status();
  Json generic = VersionAsset(*a, "");
  generic.erase("AssetId");
  generic["Name"] = a->name.value_or("version");  // the generic create needs a name
  return AssetTarget(AssetVerb::kCreate, state, generic, caller);
}

// VersionName when given, else "v<N>" with the first N not taken under the model.
std::string VersionNameFor(const workspace::Workspaces& all, const SubArgs& a) {
  if (a.name && !a.name->empty()) return *a.name;
  for (size_t n = 1;; ++n) {
    std::string name = "v" + std::to_string(n);
    if (all.FindAsset(a.workspace_id, AssetType::kModelVersion, name, a.id) == nullptr) {
      return name;
    }
  }
}

StatusOr<Json> CreateModelVersionApply(State& state, const Json& params,
                                       const ApplyContext& context) {
  StatusOr<SubArgs> a = ParseSub(kMvCreate, params);
  if (!a.ok()) return a.status();
  std::optional<identity::Principal> caller = state.directory.PrincipalByArn(context.caller.arn);
  const std::string name = VersionNameFor(state.workspaces, *a);
  workspace::Workspaces copy = state.workspaces;
  workspace::AssetSpec spec{AssetType::kModelVersion, name, a->id, name,
                            caller ? caller->arn : context.caller.arn};
  StatusOr<std::string> id = copy.CreateAsset(a->workspace_id, spec);
  if (!id.ok()) return id.status();
  const workspace::AssetRef ref = RefTo(a->workspace_id, AssetType::kModelVersion, *id, a->id);
  workspace::AssetUpdate update;
  update.fields = a->fields;
  if (Status s = copy.UpdateAsset(ref, update); !s.ok()) return s;
  if (!a->labels.empty()) {
    if (Status s = copy.SetLabels(ref, a->labels); !s.ok()) return s;
  }
  state.workspaces = std::move(copy);
  return Json{{"VersionName", *id}};
}

StatusOr<Json> UpdateModelVersionApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<SubArgs> a = ParseSub(kMvUpdate, params);
  if (!a.ok()) return a.status();
  workspace::AssetUpdate update;
  update.fields = a->fields;
  if (Status s = state.workspaces.UpdateAsset(
          RefTo(a->workspace_id, AssetType::kModelVersion, a->version, a->id), update);
      !s.ok()) {
    return s;
  }
  return Json::object();
}

template <AssetVerb V>
StatusOr<AuthzTarget> ModelVersionTarget(StateView state, const Json& params,
                                         const Caller& caller) {
  const Shape& shape = V == AssetVerb::kList ? kMvList : kMvVersion;
  StatusOr<SubArgs> a = Resolve(shape, state, params, caller);
  if (!a.ok()) return a.status();
  Json generic = VersionAsset(*a, a->version);
  if (V == AssetVerb::kList) generic.erase("AssetId");
  return AssetTarget(V, state, generic, caller);
}

StatusOr<Json> DeleteModelVersionApply(State& state, const Json& params,
                                       const ApplyContext& context) {
  StatusOr<SubArgs> a = ParseSub(kMvVersion, params);
  if (!a.ok()) return a.status();
  StatusOr<Json> done = AssetApply(AssetVerb::kDelete, state, VersionAsset(*a, a->version), context);
  if (!done.ok()) return done.status();
  return Json::object();
}

Json ModelVersionJson(StateView state, const workspace::Asset& asset) {
  Json out = {{"ModelId", asset.parent_id},
              {"VersionName", asset.id},
              {"WorkspaceId", asset.workspace_id},
              {"Accessibility", workspace::AccessibilityName(asset.accessibility)},
              {"Owner", asset.creator},
              {"GmtCreateTime", FormatTime(asset.create_time)},
              {"GmtModifiedTime", FormatTime(asset.update_time)}};
  const workspace::AssetDetails* details = state.workspaces.FindAssetDetails(
      RefTo(asset.workspace_id, asset.type, asset.id, asset.parent_id));
  for (std::string_view f : kModelVersionFields) {
    auto it = details ? details->fields.find(f) : workspace::StringMap::const_iterator();
    out[std::string(f)] = details && it != details->fields.end() ? it->second : std::string();
  }
  out["Labels"] = LabelsJson(details ? details->labels : workspace::StringMap());
  return out;
}

StatusOr<Json> GetModelVersionRead(StateView state, const authz::Authorizer&, const Json& params,
                                   const Caller& caller) {
  StatusOr<SubArgs> a = Resolve(kMvVersion, state, params, caller);
  if (!a.ok()) return a.status();
  const workspace::Asset* asset =
      state.workspaces.FindAsset(a->workspace_id, AssetType::kModelVersion, a->version, a->id);
  if (asset == nullptr) {
    return Status(StatusCode::kNotFound, "workspace.asset-not-found",
                  "model '" + a->id + "' has no version '" + a->version + "'");
  }
  return ModelVersionJson(state, *asset);
}

StatusOr<Json> ListModelVersionsRead(StateView state, const authz::Authorizer& authorizer,
                                     const Json& params, const Caller& caller) {
  StatusOr<SubArgs> a = Resolve(kMvList, state, params, caller);
  if (!a.ok()) return a.status();
  Json generic = VersionAsset(*a, "");
  generic.erase("AssetId");
  generic.update(a->paging);
  StatusOr<Json> listed = AssetRead(AssetVerb::kList, state, authorizer, generic, caller);
  if (!listed.ok()) return listed.status();
  Json items = Json::array();
  for (const Json& item : (*listed)["Assets"]) {
    const workspace::Asset* asset = state.workspaces.FindAsset(
        a->workspace_id, AssetType::kModelVersion, item["AssetId"].get<std::string>(), a->id);
    if (asset != nullptr) items.push_back(ModelVersionJson(state, *asset));
  }
  return Json{{"Versions", std::move(items)}, {"TotalCount", (*listed)["TotalCount"]}};
}

// --- ListImageLabels -----------------------------------------------------------------------

struct ImageLabelArgs {
  std::string workspace_id, image_id;
  std::vector<std::string> keys;
};

StatusOr<ImageLabelArgs> ParseImageLabels(const Json& params) {
  ParamReader in(params);
  ImageLabelArgs a{in.Required("WorkspaceId"), in.Optional("ImageId").value_or(""),
                   in.OptionalList("LabelKeys")};
  in.Optional("LabelFilter");  // not modelled: labels carry no filterable attributes here
  in.Optional("Region");
  if (Status s = in.Finish(); !s.ok()) return s;
  return a;
}

// Like ListAssets: PaiWorkspace:GetWorkspace on the workspace first (the catalog's grants of
// PaiImage:ListImageLabels are per image class, which a call on imagelabel/* cannot carry), then
// only the labels of images on which the engine allows the caller PaiImage:ListImageLabels.
StatusOr<AuthzTarget> ListImageLabelsTarget(StateView state, const Json& params, const Caller&) {
  StatusOr<ImageLabelArgs> a = ParseImageLabels(params);
  if (!a.ok()) return a.status();
  return WorkspaceTarget(state, a->workspace_id, "PaiWorkspace:GetWorkspace");
}

StatusOr<Json> ListImageLabelsRead(StateView state, const authz::Authorizer& authorizer,
                                   const Json& params, const Caller& caller) {
  StatusOr<ImageLabelArgs> a = ParseImageLabels(params);
  if (!a.ok()) return a.status();
  std::set<std::string> images;
  StatusOr<authz::Listing> listing = authorizer.ListAllowed(
      caller.arn, a->workspace_id, AssetType::kImage, "PaiImage:ListImageLabels", "");
  if (!listing.ok()) return listing.status();
  for (const authz::AssetRef& ref : listing->assets) images.emplace(ref.id);
  std::set<std::pair<std::string, std::string>> labels;
  for (const std::string& id : images) {
    if (!a->image_id.empty() && id != a->image_id) continue;
    const workspace::AssetDetails* details =
        state.workspaces.FindAssetDetails(RefTo(a->workspace_id, AssetType::kImage, id));
    if (details == nullptr) continue;
    for (const auto& [key, value] : details->labels) {
      if (a->keys.empty() || std::find(a->keys.begin(), a->keys.end(), key) != a->keys.end()) {
        labels.emplace(key, value);
      }
    }
  }
  Json items = Json::array();
  for (const auto& [key, value] : labels) items.push_back({{"Key", key}, {"Value", value}});
  return Json{{"Labels", std::move(items)}, {"TotalCount", labels.size()}};
}

// --- the table -----------------------------------------------------------------------------

constexpr std::string_view kCreateDatasetLabels = "PaiDataset:CreateDatasetLabels";
constexpr std::string_view kDeleteDatasetLabels = "PaiDataset:DeleteDatasetLabels";
constexpr std::string_view kCreateModelLabels = "PaiModel:CreateModelLabels";
constexpr std::string_view kDeleteModelLabels = "PaiModel:DeleteModelLabels";
constexpr std::string_view kCreateModelVersionLabels = "PaiModel:CreateModelVersionLabels";
constexpr std::string_view kDeleteModelVersionLabels = "PaiModel:DeleteModelVersionLabels";
constexpr std::string_view kAddImageLabels = "PaiImage:AddImageLabels";
constexpr std::string_view kRemoveImageLabels = "PaiImage:RemoveImageLabels";
constexpr std::string_view kSetExperimentLabel = "PaiExperiment:SetExperimentLabel";
constexpr std::string_view kDeleteExperimentLabel = "PaiExperiment:DeleteExperimentLabel";

template <const Shape& S, const std::string_view& Action, bool kSet>
constexpr Operation LabelOp(std::string_view name) {
  return {.name = name,
          .writes = true,
          .target = S.type == AssetType::kModel && S.version ? OnModelVersion<S, Action>
                                                             : OnParent<S, Action>,
          .prepare = PrepareSub<S>,
          .apply = LabelApply<S, kSet>};
}

const Operation kOperations[] = {
    LabelOp<kImageLabels, kAddImageLabels, true>("AddImageLabels"),
    LabelOp<kDsLabels, kCreateDatasetLabels, true>("CreateDatasetLabels"),
    {.name = "CreateDatasetVersion",
     .writes = true,
     .target = OnParent<kDsCreate, kUpdateDataset>,
     .prepare = PrepareSub<kDsCreate>,
     .apply = CreateDatasetVersionApply},
    LabelOp<kDsVLabels, kCreateDatasetLabels, true>("CreateDatasetVersionLabels"),
    LabelOp<kModelLabels, kCreateModelLabels, true>("CreateModelLabels"),
    {.name = "CreateModelVersion",
     .writes = true,
     .target = CreateModelVersionTarget,
     .prepare = PrepareSub<kMvCreate>,
     .apply = CreateModelVersionApply},
    LabelOp<kMvLabels, kCreateModelVersionLabels, true>("CreateModelVersionLabels"),
    LabelOp<kDsUnlabel, kDeleteDatasetLabels, false>("DeleteDatasetLabels"),
    {.name = "DeleteDatasetVersion",
     .writes = true,
     .target = OnParent<kDsVersion, kUpdateDataset>,
     .prepare = PrepareSub<kDsVersion>,
     .apply = DeleteDatasetVersionApply},
    LabelOp<kDsVUnlabel, kDeleteDatasetLabels, false>("DeleteDatasetVersionLabels"),
    LabelOp<kExpUnlabel, kDeleteExperimentLabel, false>("DeleteExperimentLabel"),
    LabelOp<kModelUnlabel, kDeleteModelLabels, false>("DeleteModelLabels"),
    {.name = "DeleteModelVersion",
     .writes = true,
     .target = ModelVersionTarget<AssetVerb::kDelete>,
     .prepare = PrepareSub<kMvVersion>,
     .apply = DeleteModelVersionApply},
    LabelOp<kMvUnlabel, kDeleteModelVersionLabels, false>("DeleteModelVersionLabels"),
    {.name = "GetDatasetVersion",
     .target = OnParent<kDsVersion, kGetDataset>,
     .read = GetDatasetVersionRead},
    {.name = "GetModelVersion",
     .target = ModelVersionTarget<AssetVerb::kGet>,
     .read = GetModelVersionRead},
    {.name = "ListDatasetVersions",
     .target = OnParent<kDsList, kGetDataset>,
     .read = ListDatasetVersionsRead},
    {.name = "ListImageLabels", .target = ListImageLabelsTarget, .read = ListImageLabelsRead},
    {.name = "ListModelVersions",
     .target = ModelVersionTarget<AssetVerb::kList>,
     .read = ListModelVersionsRead},
    LabelOp<kImageUnlabel, kRemoveImageLabels, false>("RemoveImageLabels"),
    LabelOp<kExpLabels, kSetExperimentLabel, true>("SetExperimentLabels"),
    {.name = "UpdateDatasetVersion",
     .writes = true,
     .target = OnParent<kDsUpdate, kUpdateDataset>,
     .prepare = PrepareSub<kDsUpdate>,
     .apply = UpdateDatasetVersionApply},
    {.name = "UpdateModelVersion",
     .writes = true,
     .target = OnModelVersion<kMvUpdate, kUpdateModelVersion>,
     .prepare = PrepareSub<kMvUpdate>,
     .apply = UpdateModelVersionApply},
};

}  // namespace

std::span<const Operation> AssetExtraOperations() { return kOperations; }

}  // namespace paiam::api::internal::ws
