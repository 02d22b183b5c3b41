// paiam/api — the AIWorkSpace-named asset calls as thin aliases of the generic asset operations
// (ops_workspace_assets.cc), for datasets, models, code sources and images (§4.4):
//   CreateDataset GetDataset ListDatasets DeleteDataset PublishDataset
//   CreateModel   GetModel   ListModels   DeleteModel   PublishModel
//   CreateCodeSource GetCodeSource ListCodeSources DeleteCodeSource PublishCodeSource
//   AddImage      GetImage   ListImages   RemoveImage   PublishImage
// An alias renames the API's fields onto the generic ones (DatasetId -> AssetId, a code
// source's DisplayName -> Name, AssetType set by the alias), runs the generic function, and
// renames the answer back ("Datasets": [{"DatasetId", ...}], "TotalCount"). Description and
// Labels are accepted and not stored (paiam keeps what authorization needs); any other field
// the generic operation does not know is refused as usual. Targets are the generic ones: the
// type's catalog action on the asset, CheckCreate for creation.
#include <string>

#include "api/ops_workspace_internal.h"

namespace paiam::api::internal::ws {
namespace {

using workspace::AssetType;

struct Alias {
  AssetType type;
  std::string_view id_field;    // "DatasetId"
  std::string_view name_field;  // "Name"; code sources: "DisplayName"
  std::string_view list_field;  // "Datasets"
};

constexpr Alias kDataset{AssetType::kDataset, "DatasetId", "Name", "Datasets"};
constexpr Alias kModel{AssetType::kModel, "ModelId", "ModelName", "Models"};
constexpr Alias kCodeSource{AssetType::kCodeSource, "CodeSourceId", "DisplayName", "CodeSources"};
constexpr Alias kImage{AssetType::kImage, "ImageId", "Name", "Images"};

// Fields the AIWorkSpace calls send that paiam accepts without storing.
bool Ignored(std::string_view field) { return field == "Description" || field == "Labels"; }

StatusOr<Json> ToGeneric(const Alias& alias, AssetVerb verb, const Json& params) {
  if (!params.is_object()) {
    return Status(StatusCode::kInvalidArgument, "InvalidParameter",
                  "the parameters must be a JSON object");
  }
  const bool needs_id = verb != AssetVerb::kCreate && verb != AssetVerb::kList;
  if (needs_id && (!params.contains(alias.id_field) || params[alias.id_field].is_null())) {
    return MissingParameter(alias.id_field);
  }
  Json out = Json::object();
  for (const auto& [key, value] : params.items()) {
    if (key == alias.id_field && needs_id) {
      out["AssetId"] = value;
    } else if (key == alias.name_field && verb == AssetVerb::kCreate) {
      out["Name"] = value;
    } else if (Ignored(key) && (verb == AssetVerb::kCreate)) {
      continue;
    } else if (key == "AssetType" || key == "AssetId" || key == "Name") {
      return InvalidParameter(key, "is not a parameter of this operation");
    } else {
      out[key] = value;
    }
  }
  out["AssetType"] = workspace::AssetTypeName(alias.type);
  return out;
}

// Renames one asset object's generic fields to the alias's.
Json Rename(const Alias& alias, Json item) {
  if (item.contains("AssetId")) {
    item[std::string(alias.id_field)] = std::move(item["AssetId"]);
    item.erase("AssetId");
  }
  if (item.contains("Name") && alias.name_field != "Name") {
    item[std::string(alias.name_field)] = std::move(item["Name"]);
    item.erase("Name");
  }
  item.erase("AssetType");
  return item;
}

Json FromGeneric(const Alias& alias, AssetVerb verb, Json result) {
  if (verb != AssetVerb::kList) return Rename(alias, std::move(result));
  Json items = Json::array();
  for (Json& item : result["Assets"]) items.push_back(Rename(alias, std::move(item)));
  return Json{{std::string(alias.list_field), std::move(items)},
              {"TotalCount", result["TotalCount"]}};
}

template <const Alias& A, AssetVerb V>
StatusOr<AuthzTarget> Target(StateView state, const Json& params, const Caller& caller) {
  StatusOr<Json> generic = ToGeneric(A, V, params);
  if (!generic.ok()) return generic.status();
  return AssetTarget(V, state, *generic, caller);
}

template <const Alias& A, AssetVerb V>
StatusOr<Json> Apply(State& state, const Json& params, const ApplyContext& context) {
  StatusOr<Json> generic = ToGeneric(A, V, params);
  if (!generic.ok()) return generic.status();
  StatusOr<Json> result = AssetApply(V, state, *generic, context);
  if (!result.ok()) return result.status();
  return FromGeneric(A, V, std::move(*result));
}

template <const Alias& A, AssetVerb V>
StatusOr<Json> Read(StateView state, const authz::Authorizer& authorizer, const Json& params,
                    const Caller& caller) {
  StatusOr<Json> generic = ToGeneric(A, V, params);
  if (!generic.ok()) return generic.status();
  StatusOr<Json> result = AssetRead(V, state, authorizer, *generic, caller);
  if (!result.ok()) return result.status();
  return FromGeneric(A, V, std::move(*result));
}

template <const Alias& A, AssetVerb V>
constexpr Operation Write(std::string_view name) {
  return {.name = name, .writes = true, .target = Target<A, V>, .apply = Apply<A, V>};
}

template <const Alias& A, AssetVerb V>
constexpr Operation Query(std::string_view name) {
  return {.name = name, .target = Target<A, V>, .read = Read<A, V>};
}

using V = AssetVerb;
const Operation kOperations[] = {
    Write<kImage, V::kCreate>("AddImage"),
    Write<kCodeSource, V::kCreate>("CreateCodeSource"),
    Write<kDataset, V::kCreate>("CreateDataset"),
    Write<kModel, V::kCreate>("CreateModel"),
    Write<kCodeSource, V::kDelete>("DeleteCodeSource"),
    Write<kDataset, V::kDelete>("DeleteDataset"),
    Write<kModel, V::kDelete>("DeleteModel"),
    Query<kCodeSource, V::kGet>("GetCodeSource"),
    Query<kDataset, V::kGet>("GetDataset"),
    Query<kImage, V::kGet>("GetImage"),
    Query<kModel, V::kGet>("GetModel"),
    Query<kCodeSource, V::kList>("ListCodeSources"),
    Query<kDataset, V::kList>("ListDatasets"),
    Query<kImage, V::kList>("ListImages"),
    Query<kModel, V::kList>("ListModels"),
    Write<kCodeSource, V::kPublish>("PublishCodeSource"),
    Write<kDataset, V::kPublish>("PublishDataset"),
    Write<kImage, V::kPublish>("PublishImage"),
    Write<kModel, V::kPublish>("PublishModel"),
    Write<kImage, V::kDelete>("RemoveImage"),
};

}  // namespace

std::span<const Operation> AssetAliasOperations() { return kOperations; }

}  // namespace paiam::api::internal::ws
