// paiam/workspace — Workspaces: what the AIWorkSpace asset calls need beyond authorization data:
// the (type, id) -> workspace index that lets the SDK name an asset by its id alone, an asset's
// descriptive fields and labels, dataset versions with their labels, and the per-workspace
// operation log.
//
// All of it is kept next to, never inside, the authorizer's records (Asset, the visibility
// index): adding a label or a version changes nothing the check path reads. Every write
// validates first and then changes, so a refusal leaves the state as it was. Details and index
// entries go with their asset (DeleteAssetTree -> ForgetAsset) and with their workspace
// (DeleteWorkspace -> ForgetWorkspace).
//
// Rule ids of this file (all "workspace."): asset-not-found, dataset-version-not-found,
// label-invalid, label-not-found.
#include <algorithm>

#include "workspace/workspace_internal.h"
#include "workspace/workspaces.h"

namespace paiam::workspace {

using internal::Chars;
using internal::Invalid;
using internal::NotFound;
using internal::Quote;

namespace {

constexpr size_t kMaxLabelKeyChars = 128;
constexpr size_t kMaxLabelValueChars = 256;

Status CheckLabels(const StringMap& labels) {
  for (const auto& [key, value] : labels) {
    if (key.empty() || Chars(key) > kMaxLabelKeyChars || Chars(value) > kMaxLabelValueChars) {
      return Invalid("label-invalid", "label " + Quote(key) + ": keys are 1-" +
                                          std::to_string(kMaxLabelKeyChars) +
                                          " characters, values at most " +
                                          std::to_string(kMaxLabelValueChars));
    }
  }
  return Status::Ok();
}

Status NoAsset(const AssetRef& ref) {
  std::string what = std::string(AssetTypeName(ref.type)) + " " + Quote(ref.id);
  if (!ref.parent_id.empty()) what += " under " + Quote(ref.parent_id);
  return NotFound("asset-not-found", "workspace " + Quote(ref.workspace_id) + " has no " + what);
}

Status NoVersion(const AssetRef& ref) {
  return NotFound("dataset-version-not-found",
                  "dataset " + Quote(ref.id) + " has no version " + Quote(ref.version));
}

DatasetVersion* FindVersionIn(AssetDetails& details, std::string_view name) {
  auto it = std::find_if(details.versions.begin(), details.versions.end(),
                         [&](const DatasetVersion& v) { return v.name == name; });
  return it == details.versions.end() ? nullptr : &*it;
}

void Apply(StringMap& into, const StringMap& fields) {
  for (const auto& [key, value] : fields) {
    if (value.empty()) {
      into.erase(key);
    } else {
      into[key] = value;
    }
  }
}

const AssetDetails& NoDetails() {
  static const AssetDetails* const kEmpty = new AssetDetails();
  return *kEmpty;
}

const std::deque<OperationLogEntry>& NoLogs() {
  static const std::deque<OperationLogEntry>* const kEmpty = new std::deque<OperationLogEntry>();
  return *kEmpty;
}

}  // namespace

// --- assets by id alone ----------------------------------------------------------------------

// One hash probe per workspace of the account. An index by id would cost every one of a
// million assets a node and every write a copy of that index; a call naming an asset by id
// alone is rare and an account has at most a few thousand workspaces.
std::vector<const Asset*> Workspaces::FindAssetsById(AssetType type, std::string_view id,
                                                     std::string_view account_id) const {
  std::vector<const Asset*> out;
  for (const auto& [ws_id, ws] : workspaces_) {
    if (ws.account_id != account_id) continue;
    if (const Asset* asset = FindAsset(ws_id, type, id)) out.push_back(asset);
  }
  return out;
}

void Workspaces::ForgetAsset(const Asset& asset) {
  details_.erase(DetailsKey(asset.workspace_id, asset.type, asset.parent_id, asset.id));
}

void Workspaces::ForgetWorkspace(std::string_view workspace_id) {
  if (auto it = assets_.find(workspace_id); it != assets_.end()) {
    for (const auto& [_, bucket] : it->second.buckets) {
      for (const auto& [__, asset] : bucket.assets) ForgetAsset(asset);
    }
  }
  if (auto it = logs_.find(workspace_id); it != logs_.end()) logs_.erase(it);
}

// --- details --------------------------------------------------------------------------------

AssetDetails* Workspaces::MutableDetails(const AssetRef& ref, Status* error) {
  if (FindAsset(ref.workspace_id, ref.type, ref.id, ref.parent_id) == nullptr) {
    *error = NoAsset(ref);
    return nullptr;
  }
  return &details_[DetailsKey(ref.workspace_id, ref.type, ref.parent_id, ref.id)];
}

const AssetDetails* Workspaces::FindAssetDetails(const AssetRef& ref) const {
  if (FindAsset(ref.workspace_id, ref.type, ref.id, ref.parent_id) == nullptr) return nullptr;
  auto it = details_.find(DetailsKey(ref.workspace_id, ref.type, ref.parent_id, ref.id));
  return it == details_.end() ? &NoDetails() : &it->second;
}

const DatasetVersion* Workspaces::FindDatasetVersion(const AssetRef& ref) const {
  const AssetDetails* details = FindAssetDetails(ref);
  if (details == nullptr || ref.type != AssetType::kDataset) return nullptr;
  for (const DatasetVersion& v : details->versions) {
    if (v.name == ref.version) return &v;
  }
  return nullptr;
}

Status Workspaces::UpdateAsset(const AssetRef& ref, const AssetUpdate& update) {
  auto [bucket, asset] = Locate(ref.workspace_id, ref.type, ref.id, ref.parent_id);
  if (asset == nullptr) return NoAsset(ref);
  Status error;
  AssetDetails* details = MutableDetails(ref, &error);
  if (update.name) asset->name = *update.name;
  Apply(details->fields, update.fields);
  asset->update_time = now_;
  return Status::Ok();
}

// The label map `ref` names, after checking that it exists; nullptr (and `error`) when the asset
// or the version does not. Checks before it creates a details entry, so a refusal adds none.
StringMap* Workspaces::MutableLabels(const AssetRef& ref, Status* error) {
  const AssetDetails* existing = FindAssetDetails(ref);
  if (existing == nullptr) {
    *error = NoAsset(ref);
    return nullptr;
  }
  if (!ref.version.empty() && FindDatasetVersion(ref) == nullptr) {
    *error = NoVersion(ref);
    return nullptr;
  }
  AssetDetails* details = MutableDetails(ref, error);
  if (ref.version.empty()) return &details->labels;
  DatasetVersion* version = FindVersionIn(*details, ref.version);
  version->update_time = now_;
  return &version->labels;
}

Status Workspaces::SetLabels(const AssetRef& ref, const StringMap& labels) {
  if (Status s = CheckLabels(labels); !s.ok()) return s;
  Status error;
  StringMap* target = MutableLabels(ref, &error);
  if (target == nullptr) return error;
  for (const auto& [key, value] : labels) (*target)[key] = value;
  return Status::Ok();
}

Status Workspaces::RemoveLabels(const AssetRef& ref, std::span<const std::string> keys) {
  const AssetDetails* details = FindAssetDetails(ref);
  if (details == nullptr) return NoAsset(ref);
  const StringMap* labels = &details->labels;
  if (!ref.version.empty()) {
    const DatasetVersion* version = FindDatasetVersion(ref);
    if (version == nullptr) return NoVersion(ref);
    labels = &version->labels;
  }
  for (const std::string& key : keys) {
    if (!labels->contains(key)) {
      return NotFound("label-not-found", std::string(AssetTypeName(ref.type)) + " " +
                                             Quote(ref.id) + " has no label " + Quote(key));
    }
  }
  Status error;
  StringMap* target = MutableLabels(ref, &error);
  for (const std::string& key : keys) target->erase(key);
  return Status::Ok();
}

// --- dataset versions -----------------------------------------------------------------------

StatusOr<std::string> Workspaces::CreateDatasetVersion(const AssetRef& ref,
                                                       const StringMap& fields,
                                                       const StringMap& labels) {
  AssetRef dataset = ref;
  dataset.type = AssetType::kDataset;
  dataset.version = {};
  if (Status s = CheckLabels(labels); !s.ok()) return s;
  Status error;
  AssetDetails* details = MutableDetails(dataset, &error);
  if (details == nullptr) return error;
  DatasetVersion version;
  version.name = "v" + std::to_string(details->version_counter + 1);
  Apply(version.fields, fields);
  version.labels = labels;
  version.create_time = version.update_time = now_;
  ++details->version_counter;
  details->versions.push_back(std::move(version));
  return details->versions.back().name;
}

Status Workspaces::UpdateDatasetVersion(const AssetRef& ref, const StringMap& fields) {
  if (FindDatasetVersion(ref) == nullptr) {
    if (FindAsset(ref.workspace_id, ref.type, ref.id) == nullptr) return NoAsset(ref);
    return NoVersion(ref);
  }
  Status error;
  DatasetVersion* version = FindVersionIn(*MutableDetails(ref, &error), ref.version);
  Apply(version->fields, fields);
  version->update_time = now_;
  return Status::Ok();
}

Status Workspaces::DeleteDatasetVersion(const AssetRef& ref) {
  if (FindDatasetVersion(ref) == nullptr) {
    if (FindAsset(ref.workspace_id, ref.type, ref.id) == nullptr) return NoAsset(ref);
    return NoVersion(ref);
  }
  Status error;
  AssetDetails* details = MutableDetails(ref, &error);
  std::erase_if(details->versions,
                [&](const DatasetVersion& v) { return v.name == ref.version; });
  return Status::Ok();
}

// --- operation logs -------------------------------------------------------------------------

void Workspaces::AppendOperationLog(std::string_view workspace_id, OperationLogEntry entry) {
  const Workspace* ws = FindWorkspace(workspace_id);
  if (ws == nullptr) return;
  std::deque<OperationLogEntry>& log = logs_[ws->id];
  entry.time = now_;
  log.push_back(std::move(entry));
  while (log.size() > kOperationLogLimit) log.pop_front();
}

const std::deque<OperationLogEntry>& Workspaces::OperationLogs(
    std::string_view workspace_id) const {
  auto it = logs_.find(workspace_id);
  return it == logs_.end() ? NoLogs() : it->second;
}

}  // namespace paiam::workspace
