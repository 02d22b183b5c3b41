// paiam/authz — list filtering (Authorizer::ListAllowed). The list action is decided once per
// creator/visibility class on the type's collection ARN; the allowed classes then select parts
// of the workspace's visibility index (workspace/workspaces.h): the public ids, the caller's
// private ids, or every asset. No asset is checked one by one, so a listing costs the size of
// its answer.
#include <string>

#include "authz/authorizer.h"
#include "authz/request_builder.h"

namespace paiam::authz {
namespace {

using catalog::ClassMask;
using workspace::Asset;
using workspace::AssetIdSet;

// Appends the ids of `set`, only those of `parent_id` when given (children of one parent are
// contiguous in the (parent, id) order).
void AppendIds(const AssetIdSet& set, std::string_view parent_id, Listing* out) {
  auto it = parent_id.empty()
                ? set.begin()
                : set.lower_bound(std::pair<std::string_view, std::string_view>(parent_id, ""));
  for (; it != set.end(); ++it) {
    if (!parent_id.empty() && it->first != parent_id) break;
    out->assets.push_back({it->first, it->second});
  }
}

}  // namespace

StatusOr<Listing> Authorizer::ListAllowed(std::string_view principal_arn,
                                          std::string_view workspace_id, workspace::AssetType type,
                                          std::string_view list_action,
                                          std::string_view parent_id) const {
  const Snapshot& s = *snapshot_;
  uint32_t ws = s.FindWorkspace(workspace_id);
  if (ws == kNone) {
    return Status(StatusCode::kNotFound, "authz.unknown-workspace",
                  "no workspace " + std::string(workspace_id));
  }
  const WorkspaceEntry& w = s.workspace(ws);
  internal::ArnWriter arn;
  internal::WriteAssetArn(arn, internal::RamCodeOf(list_action), w.region, w.account.view(), w.id,
                          type, parent_id.empty() ? std::string_view("*") : parent_id, "*");
  Listing out;
  const PrincipalEntry* principal = ResolvePrincipal(principal_arn);
  if (principal == nullptr || !arn.ok()) return out;
  for (catalog::AssetClass c : catalog::kAllClasses) {
    internal::AssetContext context(c, {});
    if (Check(principal_arn, list_action, arn.view(), context.view()) == policy::Decision::kAllow) {
      out.classes |= catalog::MaskOf(c);
    }
  }

  const workspace::Workspaces& all = s.workspaces();
  const std::string& me = s.principal_info(*principal).arn;
  auto in_parent = [parent_id](const Asset& a) {
    return parent_id.empty() || a.parent_id == parent_id;
  };
  auto visible = [&](const Asset& a) {
    bool is_public = a.accessibility == workspace::Accessibility::kPublic;
    return catalog::Contains(out.classes, catalog::ClassOf(is_public, a.creator == me));
  };
  const ClassMask classes = out.classes;
  if (classes == catalog::kAnyClass || (classes & catalog::kPrivateOthers) != 0) {
    // Others' private assets are in no per-caller index: one pass over the type's assets.
    all.ForEachAsset(w.id, type, [&](const Asset& a) {
      if (in_parent(a) && visible(a)) out.assets.push_back({a.parent_id, a.id});
    });
    return out;
  }
  if ((classes & catalog::kPublic) == catalog::kPublic) {
    AppendIds(all.PublicAssets(w.id, type), parent_id, &out);
  } else if ((classes & catalog::kPublic) != 0) {
    // One public class only (a custom role's PermissionRules can say so): read the creators.
    Listing public_ids;
    AppendIds(all.PublicAssets(w.id, type), parent_id, &public_ids);
    for (const AssetRef& ref : public_ids.assets) {
      const Asset* a = all.FindAsset(w.id, type, ref.id, ref.parent_id);
      if (a != nullptr && visible(*a)) out.assets.push_back(ref);
    }
  }
  if ((classes & catalog::kPrivateCreator) != 0) {
    AppendIds(all.PrivateAssetsOf(w.id, type, me), parent_id, &out);
  }
  return out;
}

}  // namespace paiam::authz
