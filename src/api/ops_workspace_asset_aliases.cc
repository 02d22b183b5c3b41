// paiam/api — the AIWorkSpace-named asset calls as thin aliases of the generic asset operations
// (ops_workspace_assets.cc), for datasets, models, code sources, images and experiments (§4.4):
//   CreateDataset GetDataset ListDatasets UpdateDataset DeleteDataset PublishDataset
//   CreateModel   GetModel   ListModels   UpdateModel   DeleteModel   PublishModel
//   CreateCodeSource GetCodeSource ListCodeSources DeleteCodeSource PublishCodeSource
//   AddImage      GetImage   ListImages   RemoveImage   PublishImage
//   CreateExperiment GetExperiment ListExperiments UpdateExperiment DeleteExperiment
// An alias renames the API's fields onto the generic ones (DatasetId -> AssetId, a code
// source's DisplayName -> Name, AssetType set by the alias), runs the generic function, and
// renames the answer back ("Datasets": [{"DatasetId", ...}], "TotalCount").
//
// Ids alone. The SDK names an existing asset by its id only (GET /api/v1/datasets/{DatasetId});
// when WorkspaceId is absent it is looked up in Workspaces::FindAssetsById among the caller's
// account's workspaces (404 workspace.asset-not-found when none has it,
// MissingParameter.WorkspaceId when several do). Writes resolve it in `prepare`, so the logged
// parameters name the workspace and replay does not depend on the index.
//
// Details. Each type's descriptive fields (kFields below: Description, Uri, ImageUri, ...) and
// Labels [{Key, Value}] are kept in Workspaces' asset details and returned by Get and List;
// any other field the generic operation does not know is refused as usual. A code source's
// CodeRepoAccessToken is accepted and never stored (it is a secret, and authorization does not
// need it). Update calls change the name and these fields.
//
// Targets are the generic ones: the type's catalog action on the asset (CheckAsset), CheckCreate
// for creation; UpdateDataset/UpdateModel/UpdateExperiment use the catalog's Update row of the
// type. The catalog has no row to update a code source or an image, so those calls do not exist.
#include <string>
#include <vector>

#include "api/ops_workspace_internal.h"

namespace paiam::api::internal::ws {
namespace {

using workspace::AssetType;

struct Alias {
  AssetType type;
  std::string_view id_field;    // "DatasetId"
  std::string_view name_field;  // "Name"; models: "ModelName"; code sources: "DisplayName"
  std::string_view list_field;  // "Datasets"
  std::span<const std::string_view> fields;  // descriptive fields kept as details
  std::string_view update_action;            // the catalog's Update row; empty: none
};

constexpr std::string_view kDatasetFields[] = {"Description", "DataSourceType", "DataType",
                                               "Property",    "Uri",            "SourceType",
                                               "SourceId",    "Options",        "Provider"};
constexpr std::string_view kModelFields[] = {"ModelDescription", "Domain",    "Origin",
                                             "Task",             "ModelDoc",  "ModelType",
                                             "OrderNumber",      "Provider"};
constexpr std::string_view kCodeSourceFields[] = {"Description", "CodeRepo", "CodeBranch",
                                                  "CodeCommit", "CodeRepoUserName", "MountPath"};
constexpr std::string_view kImageFields[] = {"Description", "ImageUri", "Size", "SourceId",
                                             "SourceType"};
constexpr std::string_view kExperimentFields[] = {"ArtifactUri", "Description"};

constexpr Alias kDataset{AssetType::kDataset,    "DatasetId",     "Name", "Datasets",
                         kDatasetFields,         "PaiDataset:UpdateDataset"};
constexpr Alias kModel{AssetType::kModel, "ModelId",     "ModelName", "Models",
                       kModelFields,      "PaiModel:UpdateModel"};
constexpr Alias kCodeSource{AssetType::kCodeSource, "CodeSourceId", "DisplayName", "CodeSources",
                            kCodeSourceFields,      ""};
constexpr Alias kImage{AssetType::kImage, "ImageId", "Name", "Images", kImageFields, ""};
constexpr Alias kExperiment{AssetType::kExperiment, "ExperimentId", "Name", "Experiments",
                            kExperimentFields,      "PaiExperiment:UpdateExperiment"};

enum class Verb : uint8_t { kCreate, kGet, kList, kUpdate, kDelete, kPublish };

AssetVerb Generic(Verb verb) {
  switch (verb) {
    case Verb::kCreate:
      return AssetVerb::kCreate;
    case Verb::kGet:
      return AssetVerb::kGet;
    case Verb::kList:
      return AssetVerb::kList;
    case Verb::kDelete:
      return AssetVerb::kDelete;
    case Verb::kPublish:
      return AssetVerb::kPublish;
    case Verb::kUpdate:
      break;
  }
  return AssetVerb::kGet;  // Update is checked like Get for the id, then has its own action
}

bool NeedsId(Verb verb) { return verb != Verb::kCreate && verb != Verb::kList; }

bool IsField(const Alias& alias, std::string_view key) {
  for (std::string_view f : alias.fields) {
    if (f == key) return true;
  }
  return false;
}

// Fields taken by the alias itself, never passed to the generic operation.
bool Detail(const Alias& alias, Verb verb, std::string_view key) {
  if (verb != Verb::kCreate && verb != Verb::kUpdate) return false;
  if (key == "Labels" && verb == Verb::kCreate) return true;
  if (key == "CodeRepoAccessToken" && alias.type == AssetType::kCodeSource) return true;
  return IsField(alias, key);
}

// Experiments page with PageToken (an offset this server hands out as NextPageToken) and
// MaxResults; both map onto PageNumber/PageSize.
Status MapTokenPaging(Json& out) {
  if (!out.contains("PageToken") && !out.contains("MaxResults")) return Status::Ok();
  if (out.contains("PageNumber") || out.contains("PageSize")) {
    return InvalidParameter("PageToken", "cannot be combined with PageNumber/PageSize");
  }
  ParamReader in(out);
  const int64_t size = in.OptionalInt("MaxResults").value_or(20);
  const int64_t offset = in.OptionalInt("PageToken").value_or(0);
  if (!in.ok()) return in.Finish();
  if (size < 1 || size > 100) return InvalidParameter("MaxResults", "must be 1-100");
  if (offset < 0 || offset % size != 0) {
    return InvalidParameter("PageToken", "is not a token this listing handed out");
  }
  out.erase("PageToken");
  out.erase("MaxResults");
  out["PageNumber"] = offset / size + 1;
  out["PageSize"] = size;
  return Status::Ok();
}

StatusOr<Json> ToGeneric(const Alias& alias, Verb verb, const Json& params) {
  if (!params.is_object()) {
    return Status(StatusCode::kInvalidArgument, "InvalidParameter",
                  "the parameters must be a JSON object");
  }
  if (NeedsId(verb) && (!params.contains(alias.id_field) || params[alias.id_field].is_null())) {
    return MissingParameter(alias.id_field);
  }
  Json out = Json::object();
  for (const auto& [key, value] : params.items()) {
    if (key == alias.id_field && NeedsId(verb)) {
      out["AssetId"] = value;
    } else if (key == alias.name_field && verb == Verb::kCreate) {
      out["Name"] = value;
    } else if ((key == alias.name_field && verb == Verb::kUpdate) || Detail(alias, verb, key)) {
      continue;
    } else if (key == "AssetType" || key == "AssetId" || key == "Name") {
      return InvalidParameter(key, "is not a parameter of this operation");
    } else {
      out[key] = value;
    }
  }
  out["AssetType"] = workspace::AssetTypeName(alias.type);
  if (verb == Verb::kList && alias.type == AssetType::kExperiment) {
    if (Status s = MapTokenPaging(out); !s.ok()) return s;
  }
  return out;
}

// Adds WorkspaceId to `params` when the call names the asset by id alone.
Status ResolveWorkspace(StateView state, const Alias& alias, Verb verb, Json& params,
                        const Caller& caller) {
  if (!NeedsId(verb) || !params.is_object() || params.contains("WorkspaceId") ||
      !params.contains(alias.id_field) || !params[alias.id_field].is_string()) {
    return Status::Ok();  // ToGeneric and the generic parser report what is wrong
  }
  const std::string id = params[alias.id_field].get<std::string>();
  std::vector<const workspace::Asset*> found =
      state.workspaces.FindAssetsById(alias.type, id, caller.account_id);
  if (found.empty()) {
    return Status(StatusCode::kNotFound, "workspace.asset-not-found",
                  "no workspace of this account has " +
                      std::string(workspace::AssetTypeName(alias.type)) + " '" + id + "'");
  }
  if (found.size() > 1) {
    return Status(StatusCode::kInvalidArgument, "MissingParameter.WorkspaceId",
                  "several workspaces have " + std::string(workspace::AssetTypeName(alias.type)) +
                      " '" + id + "': WorkspaceId is required");
  }
  params["WorkspaceId"] = found.front()->workspace_id;
  return Status::Ok();
}

StatusOr<Json> Resolved(StateView state, const Alias& alias, Verb verb, const Json& params,
                        const Caller& caller) {
  Json copy = params;
  if (Status s = ResolveWorkspace(state, alias, verb, copy, caller); !s.ok()) return s;
  return ToGeneric(alias, verb, copy);
}

// --- details -------------------------------------------------------------------------------

StatusOr<workspace::StringMap> ReadLabels(const Json& params) {
  if (!params.contains("Labels")) return workspace::StringMap();
  ParamReader in(params);
  return ReadLabelArray(in, false);
}

workspace::AssetRef RefOf(const Alias& alias, const Json& item) {
  workspace::AssetRef ref;
  ref.workspace_id = item["WorkspaceId"].get_ref<const std::string&>();
  ref.type = alias.type;
  ref.id = item["AssetId"].get_ref<const std::string&>();
  return ref;
}

// The generic answer for one asset, renamed, with its details.
Json Rename(StateView state, const Alias& alias, Json item) {
  if (const workspace::AssetDetails* details = state.workspaces.FindAssetDetails(RefOf(alias, item))) {
    for (std::string_view f : alias.fields) {
      auto it = details->fields.find(f);
      item[std::string(f)] = it == details->fields.end() ? std::string() : it->second;
    }
    item["Labels"] = LabelsJson(details->labels);
  }
  item[std::string(alias.id_field)] = std::move(item["AssetId"]);
  item.erase("AssetId");
  if (alias.name_field != "Name") {
    item[std::string(alias.name_field)] = std::move(item["Name"]);
    item.erase("Name");
  }
  item.erase("AssetType");
  return item;
}

Json FromGeneric(StateView state, const Alias& alias, Verb verb, Json result,
                 const Json& generic) {
  if (verb == Verb::kGet) return Rename(state, alias, std::move(result));
  Json items = Json::array();
  for (Json& item : result["Assets"]) items.push_back(Rename(state, alias, std::move(item)));
  Json out{{std::string(alias.list_field), std::move(items)}, {"TotalCount", result["TotalCount"]}};
  if (alias.type == AssetType::kExperiment) {
    // The generic read has accepted the paging, so both read back as integers.
    ParamReader in(generic);
    const int64_t size = in.OptionalInt("PageSize").value_or(20);
    const int64_t number = in.OptionalInt("PageNumber").value_or(1);
    const int64_t next = number * size;
    out["NextPageToken"] =
        next < result["TotalCount"].get<int64_t>() ? std::to_string(next) : std::string();
  }
  return out;
}

// Stores the descriptive fields and (create) the labels of `params` on the asset.
Status StoreDetails(State& state, const Alias& alias, Verb verb, const Json& params,
                    const workspace::AssetRef& ref) {
  StatusOr<workspace::StringMap> labels = ReadLabels(params);
  if (!labels.ok()) return labels.status();
  workspace::AssetUpdate update;
  if (verb == Verb::kUpdate && params.contains(alias.name_field)) {
    update.name = FieldText(params[alias.name_field]);
  }
  for (std::string_view f : alias.fields) {
    if (params.contains(f)) update.fields[std::string(f)] = FieldText(params[std::string(f)]);
  }
  if (Status s = state.workspaces.UpdateAsset(ref, update); !s.ok()) return s;
  if (verb == Verb::kCreate && !labels->empty()) return state.workspaces.SetLabels(ref, *labels);
  return Status::Ok();
}

// --- the operation functions ---------------------------------------------------------------

template <const Alias& A, Verb V>
StatusOr<AuthzTarget> Target(StateView state, const Json& params, const Caller& caller) {
  StatusOr<Json> generic = Resolved(state, A, V, params, caller);
  if (!generic.ok()) return generic.status();
  StatusOr<AuthzTarget> target = AssetTarget(Generic(V), state, *generic, caller);
  if (!target.ok() || V != Verb::kUpdate) return target;
  const workspace::Asset& asset = *target->asset;
  return ExistingAssetTarget(state, RefTo(asset.workspace_id, asset.type, asset.id),
                             A.update_action);
}

template <const Alias& A, Verb V>
Status Prepare(StateView state, Json& params, const Caller& caller) {
  return ResolveWorkspace(state, A, V, params, caller);
}

template <const Alias& A, Verb V>
StatusOr<Json> Apply(State& state, const Json& params, const ApplyContext& context) {
  StatusOr<Json> generic = ToGeneric(A, V, params);
  if (!generic.ok()) return generic.status();
  if (V == Verb::kUpdate) {
    const std::string& id = (*generic)["AssetId"].get_ref<const std::string&>();
    const std::string ws = generic->value("WorkspaceId", std::string());
    if (Status s = StoreDetails(state, A, V, params, RefTo(ws, A.type, id)); !s.ok()) return s;
    return Json::object();
  }
  if (V != Verb::kCreate) {
    StatusOr<Json> result = AssetApply(Generic(V), state, *generic, context);
    if (!result.ok()) return result.status();
    return Json::object();
  }
  // Create keeps its details in the same step: a refused label must not leave the asset.
  workspace::Workspaces before = state.workspaces;
  StatusOr<Json> result = AssetApply(Generic(V), state, *generic, context);
  if (!result.ok()) return result.status();
  const std::string id = (*result)["AssetId"];
  const std::string ws = generic->value("WorkspaceId", std::string());
  if (Status s = StoreDetails(state, A, V, params, RefTo(ws, A.type, id)); !s.ok()) {
    state.workspaces = std::move(before);
    return s;
  }
  return Json{{std::string(A.id_field), id}};
}

template <const Alias& A, Verb V>
StatusOr<Json> Read(StateView state, const authz::Authorizer& authorizer, const Json& params,
                    const Caller& caller) {
  StatusOr<Json> generic = Resolved(state, A, V, params, caller);
  if (!generic.ok()) return generic.status();
  StatusOr<Json> result = AssetRead(Generic(V), state, authorizer, *generic, caller);
  if (!result.ok()) return result.status();
  return FromGeneric(state, A, V, std::move(*result), *generic);
}

template <const Alias& A, Verb V>
constexpr Operation Write(std::string_view name) {
  const bool by_id = NeedsId(V);
  return {.name = name,
          .writes = true,
          .target = Target<A, V>,
          .prepare = by_id ? Prepare<A, V> : nullptr,
          .apply = Apply<A, V>};
}

template <const Alias& A, Verb V>
constexpr Operation Query(std::string_view name) {
  return {.name = name, .target = Target<A, V>, .read = Read<A, V>};
}

const Operation kOperations[] = {
    Write<kImage, Verb::kCreate>("AddImage"),
    Write<kCodeSource, Verb::kCreate>("CreateCodeSource"),
    Write<kDataset, Verb::kCreate>("CreateDataset"),
    Write<kExperiment, Verb::kCreate>("CreateExperiment"),
    Write<kModel, Verb::kCreate>("CreateModel"),
    Write<kCodeSource, Verb::kDelete>("DeleteCodeSource"),
    Write<kDataset, Verb::kDelete>("DeleteDataset"),
    Write<kExperiment, Verb::kDelete>("DeleteExperiment"),
    Write<kModel, Verb::kDelete>("DeleteModel"),
    Query<kCodeSource, Verb::kGet>("GetCodeSource"),
    Query<kDataset, Verb::kGet>("GetDataset"),
    Query<kExperiment, Verb::kGet>("GetExperiment"),
    Query<kImage, Verb::kGet>("GetImage"),
    Query<kModel, Verb::kGet>("GetModel"),
    Query<kCodeSource, Verb::kList>("ListCodeSources"),
    Query<kDataset, Verb::kList>("ListDatasets"),
    Query<kExperiment, Verb::kList>("ListExperiments"),
    Query<kImage, Verb::kList>("ListImages"),
    Query<kModel, Verb::kList>("ListModels"),
    Write<kCodeSource, Verb::kPublish>("PublishCodeSource"),
    Write<kDataset, Verb::kPublish>("PublishDataset"),
    Write<kImage, Verb::kPublish>("PublishImage"),
    Write<kModel, Verb::kPublish>("PublishModel"),
    Write<kImage, Verb::kDelete>("RemoveImage"),
    Write<kDataset, Verb::kUpdate>("UpdateDataset"),
    Write<kExperiment, Verb::kUpdate>("UpdateExperiment"),
    Write<kModel, Verb::kUpdate>("UpdateModel"),
};

}  // namespace

std::string FieldText(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

StatusOr<workspace::StringMap> ReadLabelArray(ParamReader& in, bool required) {
  workspace::StringMap labels;
  const Json* array = ReadArray(in, "Labels", required);
  if (!in.ok()) return in.Finish();
  for (size_t i = 0; array != nullptr && i < array->size(); ++i) {
    ParamReader item((*array)[i]);
    std::string key = item.Required("Key");
    std::string value = item.Optional("Value").value_or("");
    if (Status s = item.Finish(); !s.ok()) {
      return PrefixError(s, "Labels[" + std::to_string(i) + "]");
    }
    labels[std::move(key)] = std::move(value);
  }
  return labels;
}

Json LabelsJson(const workspace::StringMap& labels) {
  Json out = Json::array();
  for (const auto& [key, value] : labels) out.push_back({{"Key", key}, {"Value", value}});
  return out;
}

StatusOr<std::string> AssetWorkspaceById(StateView state, AssetType type, const Json& params,
                                         std::string_view id_field, const Caller& caller) {
  // The same lookup the aliases do, for the sub-resource calls (versions, labels).
  for (const Alias* alias : {&kDataset, &kModel, &kCodeSource, &kImage, &kExperiment}) {
    if (alias->type != type || alias->id_field != id_field) continue;
    Json copy = params;
    if (Status s = ResolveWorkspace(state, *alias, Verb::kGet, copy, caller); !s.ok()) return s;
    if (!copy.contains("WorkspaceId") || !copy["WorkspaceId"].is_string()) {
      return MissingParameter("WorkspaceId");
    }
    return copy["WorkspaceId"].get<std::string>();
  }
  return Status(StatusCode::kInternal, "InternalError", "no alias for this id field");
}

std::span<const Operation> AssetAliasOperations() { return kOperations; }

}  // namespace paiam::api::internal::ws
