// paiam/workspace — Workspaces: assets, their ARNs, and the visibility index the authorizer
// lists from.
//
// Index invariant, kept by IndexAsset/UnindexAsset on every write: for each (workspace, type),
// public_ids holds exactly the keys of its PUBLIC assets, and private_ids[c] exactly the keys
// of its PRIVATE assets whose creator is c (no empty sets are kept).
//
// Rule ids of this file (all "workspace."): asset-id-invalid, asset-exists, asset-not-found,
// asset-parent-required, asset-parent-unexpected, asset-parent-not-found,
// asset-creator-invalid.
#include <functional>

#include "identity/arn.h"
#include "workspace/workspace_internal.h"
#include "workspace/workspaces.h"

namespace paiam::workspace {

using internal::Exists;
using internal::Invalid;
using internal::NotFound;
using internal::Quote;

namespace {

using KeyView = std::pair<std::string_view, std::string_view>;

const AssetIdSet& EmptyIds() {
  static const AssetIdSet* const kEmpty = new AssetIdSet();
  return *kEmpty;
}

Status CheckAssetId(std::string_view id) {
  if (!id.empty() && id.size() <= 128 && id.find_first_of("/*?:") == std::string_view::npos) {
    return Status::Ok();
  }
  return Invalid("asset-id-invalid", "asset id " + Quote(id) +
                                         " must be 1-128 characters without '/', ':', '*' or "
                                         "'?'");
}

// The asset's owner must be a root, user or role ARN of the workspace's account.
Status CheckOwner(const Workspace& ws, std::string_view arn) {
  std::optional<identity::ParsedPrincipalArn> parsed = identity::ParsePrincipalArn(arn);
  if (parsed && parsed->account_id == ws.account_id && parsed->session.empty()) {
    return Status::Ok();
  }
  return Invalid("asset-creator-invalid",
                 Quote(arn) +
                     " is not a principal ARN (acs:ram::<account>:root, :user/<name> "
                     "or :role/<name>) of account " +
                     Quote(ws.account_id));
}

Status AssetNotFound(std::string_view ws, AssetType type, std::string_view id,
                     std::string_view parent) {
  std::string what = std::string(AssetTypeName(type)) + " " + Quote(id);
  if (!parent.empty()) what += " under " + Quote(parent);
  return NotFound("asset-not-found", "workspace " + Quote(ws) + " has no " + what);
}

// Fills a type path: the parent id into the first placeholder of a child type, the id into
// the last.
std::string FillPath(const AssetTypeInfo& info, std::string_view parent, std::string_view id) {
  std::string out;
  std::string_view path = info.path;
  bool first = true;
  while (!path.empty()) {
    const size_t open = path.find('{');
    out.append(path.substr(0, open));
    if (open == std::string_view::npos) break;
    const size_t close = path.find('}', open);
    out.append(first && info.parent ? parent : id);
    first = false;
    path.remove_prefix(close + 1);
  }
  return out;
}

// Reads a concrete path against a type path: literal segments must agree; placeholders give
// the parent id (first, for child types) and the id (last). No '*' or empty values.
bool ReadPath(const AssetTypeInfo& info, std::string_view path, std::string_view* parent,
              std::string_view* id) {
  std::string_view tmpl = info.path;
  int placeholders = 0;
  while (!tmpl.empty()) {
    if (path.empty()) return false;
    const size_t ts = tmpl.find('/');
    const size_t ps = path.find('/');
    std::string_view t = tmpl.substr(0, ts);
    std::string_view p = path.substr(0, ps);
    tmpl = ts == std::string_view::npos ? std::string_view() : tmpl.substr(ts + 1);
    path = ps == std::string_view::npos ? std::string_view() : path.substr(ps + 1);
    if (!t.starts_with('{')) {
      if (t != p) return false;
      continue;
    }
    if (p.empty() || p.find_first_of("*?") != std::string_view::npos) return false;
    (++placeholders == 1 && info.parent ? *parent : *id) = p;
  }
  return path.empty();
}

}  // namespace

size_t Workspaces::AssetKeyHash::operator()(const KeyView& k) const noexcept {
  const size_t h = std::hash<std::string_view>{}(k.first);
  return h ^
         (std::hash<std::string_view>{}(k.second) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

void Workspaces::IndexAsset(AssetBucket& bucket, const Asset& asset) {
  AssetKey key(asset.parent_id, asset.id);
  if (asset.accessibility == Accessibility::kPublic) {
    bucket.public_ids.insert(std::move(key));
  } else {
    bucket.private_ids[asset.creator].insert(std::move(key));
  }
}

void Workspaces::UnindexAsset(AssetBucket& bucket, const Asset& asset) {
  const KeyView key(asset.parent_id, asset.id);
  if (asset.accessibility == Accessibility::kPublic) {
    bucket.public_ids.erase(bucket.public_ids.find(key));
    return;
  }
  auto it = bucket.private_ids.find(asset.creator);
  it->second.erase(it->second.find(key));
  if (it->second.empty()) bucket.private_ids.erase(it);
}

const Workspaces::AssetBucket* Workspaces::Bucket(std::string_view workspace_id,
                                                  AssetType type) const {
  auto ws = assets_.find(workspace_id);
  if (ws == assets_.end()) return nullptr;
  auto bucket = ws->second.buckets.find(type);
  return bucket == ws->second.buckets.end() ? nullptr : &bucket->second;
}

std::pair<Workspaces::AssetBucket*, Asset*> Workspaces::Locate(std::string_view workspace_id,
                                                               AssetType type, std::string_view id,
                                                               std::string_view parent_id) {
  auto ws = assets_.find(workspace_id);
  if (ws == assets_.end()) return {nullptr, nullptr};
  auto bucket = ws->second.buckets.find(type);
  if (bucket == ws->second.buckets.end()) return {nullptr, nullptr};
  auto it = bucket->second.assets.find(KeyView(parent_id, id));
  if (it == bucket->second.assets.end()) return {nullptr, nullptr};
  return {&bucket->second, &it->second};
}

const Asset* Workspaces::FindAsset(std::string_view workspace_id, AssetType type,
                                   std::string_view id, std::string_view parent_id) const {
  const AssetBucket* bucket = Bucket(workspace_id, type);
  if (bucket == nullptr) return nullptr;
  auto it = bucket->assets.find(KeyView(parent_id, id));
  return it == bucket->assets.end() ? nullptr : &it->second;
}

StatusOr<std::string> Workspaces::CreateAsset(std::string_view workspace_id,
                                              const AssetSpec& spec) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  const AssetTypeInfo& info = Info(spec.type);
  if (!spec.id.empty()) {
    if (Status s = CheckAssetId(spec.id); !s.ok()) return s;
  }
  if (info.parent && spec.parent_id.empty()) {
    return Invalid("asset-parent-required", std::string(info.name) + " needs the id of its " +
                                                std::string(AssetTypeName(*info.parent)));
  }
  if (!info.parent && !spec.parent_id.empty()) {
    return Invalid("asset-parent-unexpected",
                   std::string(info.name) + " is a top-level asset and takes no parent id");
  }
  if (info.parent && FindAsset(workspace_id, *info.parent, spec.parent_id) == nullptr) {
    return NotFound("asset-parent-not-found", "workspace " + Quote(workspace_id) + " has no " +
                                                  std::string(AssetTypeName(*info.parent)) + " " +
                                                  Quote(spec.parent_id));
  }
  if (Status s = CheckOwner(*ws, spec.creator); !s.ok()) return s;
  if (!spec.id.empty() && FindAsset(workspace_id, spec.type, spec.id, spec.parent_id)) {
    return Exists("asset-exists", std::string(info.name) + " " + Quote(spec.id) +
                                      " already exists in workspace " + Quote(workspace_id));
  }
  AssetBucket& bucket = assets_[ws->id].buckets[spec.type];
  std::string id = spec.id;
  while (id.empty() || bucket.assets.contains(KeyView(spec.parent_id, id))) {
    id = NextId(std::string(info.name) + "-");
  }
  Asset asset{
      ws->id, spec.type, id, spec.parent_id, spec.name, spec.creator, Accessibility::kPrivate,
      now_,   now_};
  IndexAsset(bucket, asset);
  bucket.assets.emplace(AssetKey(spec.parent_id, id), std::move(asset));
  ++asset_count_;
  return id;
}

Status Workspaces::PublishAsset(std::string_view workspace_id, AssetType type, std::string_view id,
                                std::string_view parent_id) {
  auto [bucket, found] = Locate(workspace_id, type, id, parent_id);
  if (found == nullptr) return AssetNotFound(workspace_id, type, id, parent_id);
  Asset& asset = *found;
  if (asset.accessibility == Accessibility::kPublic) return Status::Ok();
  UnindexAsset(*bucket, asset);
  asset.accessibility = Accessibility::kPublic;
  asset.update_time = now_;
  IndexAsset(*bucket, asset);
  return Status::Ok();
}

Status Workspaces::ChangeAssetOwner(std::string_view workspace_id, AssetType type,
                                    std::string_view id, std::string_view parent_id,
                                    std::string_view new_owner) {
  auto [bucket, found] = Locate(workspace_id, type, id, parent_id);
  if (found == nullptr) return AssetNotFound(workspace_id, type, id, parent_id);
  if (Status s = CheckOwner(*FindWorkspace(workspace_id), new_owner); !s.ok()) return s;
  Asset& asset = *found;
  UnindexAsset(*bucket, asset);
  asset.creator = std::string(new_owner);
  asset.update_time = now_;
  IndexAsset(*bucket, asset);
  return Status::Ok();
}

void Workspaces::DeleteAssetTree(WorkspaceAssets& store, AssetType type, const AssetKey& key) {
  for (const AssetTypeInfo& child : AllAssetTypes()) {
    if (child.parent != type) continue;
    auto bucket = store.buckets.find(child.type);
    if (bucket == store.buckets.end()) continue;
    std::vector<AssetKey> children;
    for (const auto& [child_key, _] : bucket->second.assets) {
      if (child_key.first == key.second) children.push_back(child_key);
    }
    for (const AssetKey& child_key : children) DeleteAssetTree(store, child.type, child_key);
  }
  AssetBucket& bucket = store.buckets.find(type)->second;
  auto it = bucket.assets.find(key);
  UnindexAsset(bucket, it->second);
  ForgetAsset(it->second);
  bucket.assets.erase(it);
  --asset_count_;
}

Status Workspaces::DeleteAsset(std::string_view workspace_id, AssetType type, std::string_view id,
                               std::string_view parent_id) {
  if (FindAsset(workspace_id, type, id, parent_id) == nullptr) {
    return AssetNotFound(workspace_id, type, id, parent_id);
  }
  DeleteAssetTree(assets_.find(workspace_id)->second, type,
                  AssetKey(std::string(parent_id), std::string(id)));
  return Status::Ok();
}

const Asset* Workspaces::FindAssetByArn(std::string_view arn) const {
  // acs:<ram-code>:<region>:<account>:workspace/<ws>/<path>
  std::string_view part[4];
  std::string_view rest = arn;
  for (std::string_view& p : part) {
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return nullptr;
    p = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  if (part[0] != "acs" || !rest.starts_with("workspace/")) return nullptr;
  rest.remove_prefix(10);
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return nullptr;
  const Workspace* ws = FindWorkspace(rest.substr(0, slash));
  if (ws == nullptr || ws->region != part[2] || ws->account_id != part[3]) return nullptr;
  rest.remove_prefix(slash + 1);
  for (const AssetTypeInfo& info : AllAssetTypes()) {
    if (part[1] != info.ram_code && part[1] != info.alt_ram_code) continue;
    std::string_view parent, id;
    if (ReadPath(info, rest, &parent, &id)) return FindAsset(ws->id, info.type, id, parent);
  }
  return nullptr;
}

std::string Workspaces::AssetArn(const Asset& asset, std::string_view ram_code) const {
  const Workspace* ws = FindWorkspace(asset.workspace_id);
  const AssetTypeInfo& info = Info(asset.type);
  std::string arn = "acs:";
  arn.append(ram_code.empty() ? info.ram_code : ram_code)
      .append(":")
      .append(ws ? ws->region : "")
      .append(":")
      .append(ws ? ws->account_id : "")
      .append(":workspace/")
      .append(asset.workspace_id)
      .append("/")
      .append(FillPath(info, asset.parent_id, asset.id));
  return arn;
}

const AssetIdSet& Workspaces::PublicAssets(std::string_view workspace_id, AssetType type) const {
  const AssetBucket* bucket = Bucket(workspace_id, type);
  return bucket ? bucket->public_ids : EmptyIds();
}

const AssetIdSet& Workspaces::PrivateAssetsOf(std::string_view workspace_id, AssetType type,
                                              std::string_view creator) const {
  const AssetBucket* bucket = Bucket(workspace_id, type);
  if (bucket == nullptr) return EmptyIds();
  auto it = bucket->private_ids.find(creator);
  return it == bucket->private_ids.end() ? EmptyIds() : it->second;
}

void Workspaces::ForEachAsset(std::string_view workspace_id, AssetType type,
                              const std::function<void(const Asset&)>& fn) const {
  if (const AssetBucket* bucket = Bucket(workspace_id, type)) {
    for (const auto& [_, asset] : bucket->assets) fn(asset);
  }
}

size_t Workspaces::AssetCount(std::string_view workspace_id, AssetType type) const {
  const AssetBucket* bucket = Bucket(workspace_id, type);
  return bucket ? bucket->assets.size() : 0;
}

}  // namespace paiam::workspace
