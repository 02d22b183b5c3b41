// paiam/workspace — Workspaces: every PAI workspace with its members, custom roles, compute
// resources, configuration and assets, and the rules of seed 004 and the AIWorkSpace API.
//
// Operations are pure domain rules: whether the caller may call them is the authorizer's
// decision (e.g. "only Administrators and the Owner change configuration" is enforced there,
// through the role matrix), not this class's. The one exception is SLS forwarding, whose rule
// is itself about the caller's RAM permissions and which therefore takes a PermissionProbe.
//
// Workspaces is a value type: a copy is independent, and a refused operation leaves the state
// exactly as it was. It does no I/O and reads no clock (SetNow stamps times).
//
// Errors are Status values whose rule() is a stable "workspace.<rule>" id, e.g.
//   workspace.name-invalid            name is not 3-23 of [A-Za-z0-9_] starting with a letter
//   workspace.name-unique             "Name already exists" (PAI or the linked DataWorks)
//   workspace.owner-role-is-permanent the Owner role cannot be removed
//   workspace.member-keeps-a-role     a member keeps at least one role
//   workspace.resource-association-is-permanent  "contact your account manager"
//   workspace.sls-forwarding-denied   "denied by sts or ram, action: ..., resource: ..."
//   workspace.notification-channel-region  voice/SMS/email outside the three regions
// (every rule id is listed in the header comments of workspaces.cc, members.cc, config.cc and
// assets.cc, and exercised by tests/workspace/).
//
// Pointers returned by lookups point into this object and stay valid until its next mutation.
#ifndef PAIAM_WORKSPACE_WORKSPACES_H_
#define PAIAM_WORKSPACE_WORKSPACES_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "catalog/catalog.h"
#include "identity/directory.h"
#include "identity/entities.h"
#include "workspace/asset_types.h"
#include "workspace/entities.h"

namespace paiam::workspace {

// Answers "may the caller do `action` on `resource`?" with the engine's decision.
using PermissionProbe = std::function<bool(std::string_view action, std::string_view resource)>;

struct CreateWorkspaceRequest {
  std::string account_id;
  std::string region;
  std::string name;                               // 3-23 of [A-Za-z0-9_], starts with a letter
  std::string display_name;                       // 0-80 characters; empty: the name
  std::string description;                        // 0-80 characters
  std::vector<std::string> env_types = {"prod"};  // {"prod"} or {"dev","prod"}, any order
  std::string resource_group_id;
  std::string id;  // empty: generated
};

struct WorkspaceUpdate {
  std::optional<std::string> display_name;
  std::optional<std::string> description;
};

struct WorkspaceFilter {
  std::string account_id;        // empty: every account
  std::string region;            // empty: every region
  std::string name_contains;     // WorkspaceName, substring match
  std::vector<std::string> ids;  // WorkspaceIds; empty: any
  std::string status;
  std::string resource_group_id;
  std::string member_user_id;  // UserId: only workspaces this principal is a member of
  enum class SortBy : uint8_t { kCreateTime, kModifyTime } sort_by = SortBy::kCreateTime;
  bool ascending = false;  // Order; the API's default is DESC
  size_t page_number = 1;  // from 1
  size_t page_size = 20;   // 1-100
};

template <typename T>
struct Page {
  size_t total_count = 0;  // matches before paging
  std::vector<const T*> items;
};

struct MemberSpec {
  std::string user_id;             // account id, RAM user id or RAM role id
  std::vector<std::string> roles;  // at least one; built-in names or custom role ids
};

struct MemberFilter {
  std::string member_name_contains;  // MemberName: substring of the user/role name
  std::vector<std::string> roles;    // members holding any of these; empty: any
  std::string user_id;
  size_t page_number = 1;
  size_t page_size = 20;  // 1-100
};

struct CustomRoleSpec {
  std::string name;
  std::vector<ModulePermission> modules;
  std::string id;  // CreateCustomRole only; empty: generated
};

struct ResourceSpec {
  std::string name;  // 3-28 characters
  ComputeResourceType type = ComputeResourceType::kGeneralComputing;
  std::string env_type = "prod";
  std::string group_name;
  std::string quota_id;
  bool is_default = false;
  std::string id;  // empty: generated
};

struct SlsForwardingSpec {
  std::string project;   // SLS project: 3-63 of [a-z0-9-], starts and ends with a letter/digit
  std::string logstore;  // 2-63 of [a-z0-9_-], starts and ends with a letter/digit
  std::vector<std::string> modules;  // non-empty subset of {"DSW", "DLC"}
};

struct AssetSpec {
  AssetType type = AssetType::kDataset;
  std::string id;         // 1-128 characters, no '/', '*' or '?'; empty: generated
  std::string parent_id;  // required for child types; must name an existing parent asset
  std::string name;
  std::string creator;  // principal ARN (identity/arn.h) of the workspace's account
};

// UpdateWorkspaceResource: what changes on every selected association; absent fields stay.
struct ResourceUpdate {
  std::optional<bool> is_default;  // true: the default of its type and environment
  std::optional<std::string> group_name;
};

// One asset, or one version of a dataset, for the calls on asset details.
struct AssetRef {
  std::string_view workspace_id;
  AssetType type = AssetType::kDataset;
  std::string_view id;
  std::string_view parent_id;  // child types only
  std::string_view version;    // a dataset version's name; empty: the asset itself
};

// UpdateDataset, UpdateModel, ...: absent name keeps it; a field with an empty value is erased.
struct AssetUpdate {
  std::optional<std::string> name;
  StringMap fields;
};

// The most entries a workspace's operation log keeps; older ones are dropped.
inline constexpr size_t kOperationLogLimit = 500;

// Ordered (parent id, id) pairs; transparent, so it can be probed with string_view pairs.
struct AssetKeyLess {
  using is_transparent = void;
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return std::pair<std::string_view, std::string_view>(a.first, a.second) <
           std::pair<std::string_view, std::string_view>(b.first, b.second);
  }
};
using AssetIdSet = std::set<AssetKey, AssetKeyLess>;

class Workspaces {
 public:
  Workspaces() = default;
  Workspaces(const Workspaces&) = default;
  Workspaces& operator=(const Workspaces&) = default;
  Workspaces(Workspaces&&) = default;
  Workspaces& operator=(Workspaces&&) = default;

  void SetNow(UnixMillis now) { now_ = now; }

  // --- workspaces ----------------------------------------------------------------------------
  // Creates the workspace and makes `creator` (a principal of the same account) its member
  // with PAI.WorkspaceOwner. Returns the workspace id.
  StatusOr<std::string> CreateWorkspace(const CreateWorkspaceRequest& request,
                                        const identity::Principal& creator);
  Status UpdateWorkspace(std::string_view workspace_id, const WorkspaceUpdate& update);
  // Removes the workspace with its members, roles, resource associations and assets. Deleting
  // the default workspace leaves its account and region without one.
  Status DeleteWorkspace(std::string_view workspace_id);
  const Workspace* FindWorkspace(std::string_view workspace_id) const;
  StatusOr<Page<Workspace>> ListWorkspaces(const WorkspaceFilter& filter) const;
  size_t workspace_count() const { return workspaces_.size(); }

  // Names taken in the linked DataWorks namespace of (account, region): a PAI workspace may not
  // use them ("Name already exists").
  Status ReserveDataWorksName(std::string_view account_id, std::string_view region,
                              std::string_view name);
  void ReleaseDataWorksName(std::string_view account_id, std::string_view region,
                            std::string_view name);

  // --- the default workspace (one per account and region) ------------------------------------
  // Creates a workspace as CreateWorkspace does and makes it the default; refused when the
  // account already has one in the region (workspace.default-exists).
  StatusOr<std::string> CreateDefaultWorkspace(const CreateWorkspaceRequest& request,
                                               const identity::Principal& creator);
  const Workspace* GetDefaultWorkspace(std::string_view account_id, std::string_view region) const;
  // Makes an existing workspace its account's default in its region.
  Status UpdateDefaultWorkspace(std::string_view account_id, std::string_view workspace_id);

  // --- members -------------------------------------------------------------------------------
  // Adds every member or none. Each user must be a principal of the workspace's account in
  // `directory`, not yet a member, with at least one valid role; PAI.WorkspaceOwner is only
  // ever the creator's. Returns the new members.
  StatusOr<std::vector<Member>> AddMembers(std::string_view workspace_id,
                                           std::span<const MemberSpec> members,
                                           const identity::Directory& directory);
  Status AddMemberRole(std::string_view workspace_id, std::string_view member_id,
                       std::string_view role);
  // Refused for the Owner role and for a member's last role. Removing the last
  // DataWorks-shared role records kRemovedFromDataWorksWorkspace.
  Status RemoveMemberRole(std::string_view workspace_id, std::string_view member_id,
                          std::string_view role);
  // Removes every listed member or none; the Owner cannot be removed.
  Status RemoveMembers(std::string_view workspace_id, std::span<const std::string> member_ids);
  const Member* FindMember(std::string_view workspace_id, std::string_view user_id) const;
  const Member* FindMemberById(std::string_view workspace_id, std::string_view member_id) const;
  // The roles of `user_id` in the workspace; empty when not a member. The check path's lookup.
  std::span<const std::string> MemberRoles(std::string_view workspace_id,
                                           std::string_view user_id) const;
  // Sorted by member id. Names for MemberName come from `directory`.
  StatusOr<Page<Member>> ListMembers(std::string_view workspace_id, const MemberFilter& filter,
                                     const identity::Directory& directory) const;

  // --- custom roles --------------------------------------------------------------------------
  // Module names must be AIWorkSpace ModuleNames (kCustomRoleModules), each at most once;
  // CustomPermissions needs permissions and the other levels take none; the whole role must
  // then resolve against `role_catalog` (role_policy.h ResolveRole: known codes inside their
  // module, valid rules), whose rule ids are passed through ("workspace.custom-role.*").
  StatusOr<std::string> CreateCustomRole(
      std::string_view workspace_id, const CustomRoleSpec& spec,
      const catalog::Catalog& role_catalog = catalog::Catalog::BuiltIn());
  Status UpdateCustomRole(std::string_view workspace_id, std::string_view role_id,
                          const CustomRoleSpec& spec,
                          const catalog::Catalog& role_catalog = catalog::Catalog::BuiltIn());
  // Deletes every listed role or none; refused while a role is assigned to a member.
  Status DeleteCustomRoles(std::string_view workspace_id, std::span<const std::string> role_ids);
  const CustomRole* FindCustomRole(std::string_view workspace_id, std::string_view role_id) const;

  // --- compute resources ---------------------------------------------------------------------
  StatusOr<std::string> AssociateResource(std::string_view workspace_id, const ResourceSpec& spec);
  // Always refused once associated: "You currently cannot disassociate a linked compute
  // resource. To remove an association, contact your account manager."
  Status DisassociateResource(std::string_view workspace_id, std::string_view resource_id);
  std::vector<const ResourceAssociation*> ListResources(
      std::string_view workspace_id, std::optional<ComputeResourceType> type = {}) const;

  // Every listed association or none; unknown ids: workspace.resource-not-found.
  Status UpdateResources(std::string_view workspace_id, std::span<const std::string> ids,
                         const ResourceUpdate& update);

  // --- configuration -------------------------------------------------------------------------
  // "oss://<bucket>/<path>" (or empty to clear).
  Status SetDefaultStoragePath(std::string_view workspace_id, std::string_view path);
  // Requires, in this order, log:ListProject, log:GetProductDataCollection,
  // log:OpenProductDataCollection and log:CloseProductDataCollection on
  // acs:log:<region>:<account>:project/<project> (the workspace's region and account; Close
  // because re-pointing forwarding closes the previous collection). The first one `may` denies
  // refuses with "denied by sts or ram, action: <action>, resource: <resource>".
  Status EnableSlsForwarding(std::string_view workspace_id, const SlsForwardingSpec& spec,
                             const PermissionProbe& may);
  // Requires log:GetProductDataCollection and log:CloseProductDataCollection on the
  // configured project.
  Status DisableSlsForwarding(std::string_view workspace_id, const PermissionProbe& may);
  Status UpdateGeneralSettings(std::string_view workspace_id, const GeneralSettings& settings);
  // Returns the rule id. Voice, SMS and email only in kFullNotificationRegions (entities.h).
  StatusOr<std::string> AddNotificationRule(std::string_view workspace_id, NotificationRule rule);
  Status UpdateNotificationRule(std::string_view workspace_id, const NotificationRule& rule);
  Status DeleteNotificationRule(std::string_view workspace_id, std::string_view rule_id);
  // UpdateConfigs: categories CommonResourceConfig (tempStoragePath = the default storage
  // path), DLCAutoRecycle (isAutoRecycle), DLCPriorityConfig and DSWPriorityConfig
  // (priorityConfig), QuotaMaximumDuration (quotaMaximumDuration), CommonTagConfig
  // (predefinedTags). An empty value deletes the setting.
  Status SetConfig(std::string_view workspace_id, std::string_view category, std::string_view key,
                   std::string_view value);

  // --- assets --------------------------------------------------------------------------------
  // Creates a PRIVATE asset; returns its id.
  StatusOr<std::string> CreateAsset(std::string_view workspace_id, const AssetSpec& spec);
  // PRIVATE -> PUBLIC; publishing a PUBLIC asset is a no-op.
  Status PublishAsset(std::string_view workspace_id, AssetType type, std::string_view id,
                      std::string_view parent_id = {});
  // Hands the asset (and it alone) to `new_owner`, a principal ARN of the workspace's account.
  Status ChangeAssetOwner(std::string_view workspace_id, AssetType type, std::string_view id,
                          std::string_view parent_id, std::string_view new_owner);
  // Deletes the asset and, recursively, its children (a model's versions, a job's pods).
  Status DeleteAsset(std::string_view workspace_id, AssetType type, std::string_view id,
                     std::string_view parent_id = {});
  const Asset* FindAsset(std::string_view workspace_id, AssetType type, std::string_view id,
                         std::string_view parent_id = {}) const;
  // acs:<ram-code>:<region>:<account>:workspace/<ws>/<path>; the ram-code may be the type's
  // code or its alt code. nullptr when malformed or absent, or when region/account differ
  // from the workspace's.
  const Asset* FindAssetByArn(std::string_view arn) const;
  // The asset's ARN with the type's ram-code, or `ram_code` when given (the action's code).
  std::string AssetArn(const Asset& asset, std::string_view ram_code = {}) const;
  size_t asset_count() const { return asset_count_; }

  // The index the authorizer lists from, kept exact on every write (never scanned):
  //   "public and self-created" = PublicAssets ∪ PrivateAssetsOf(caller)
  //   "all in the workspace"    = ForEachAsset
  // Sets are ordered by (parent id, id), so one parent's children are a contiguous range.
  const AssetIdSet& PublicAssets(std::string_view workspace_id, AssetType type) const;
  const AssetIdSet& PrivateAssetsOf(std::string_view workspace_id, AssetType type,
                                    std::string_view creator) const;
  // Every asset of the type in the workspace, in no particular order.
  void ForEachAsset(std::string_view workspace_id, AssetType type,
                    const std::function<void(const Asset&)>& fn) const;
  size_t AssetCount(std::string_view workspace_id, AssetType type) const;

  // --- assets by id alone (asset_details.cc) --------------------------------------------------
  // The AIWorkSpace SDK names a dataset, model, code source, image or experiment by its id only
  // (GET /api/v1/datasets/{DatasetId}). Answers with the top-level assets of `type` with that id
  // in the workspaces of `account_id` (one probe per workspace, in no particular order):
  // generated ids are unique within a Workspaces, so there is at most one unless ids were given
  // explicitly (a state file), in which case the caller must say which.
  std::vector<const Asset*> FindAssetsById(AssetType type, std::string_view id,
                                           std::string_view account_id) const;

  // --- asset details: fields, labels, dataset versions (asset_details.cc) ----------------------
  // nullptr when the asset (or the version) does not exist; an existing asset without details
  // answers with an empty AssetDetails.
  const AssetDetails* FindAssetDetails(const AssetRef& ref) const;
  const DatasetVersion* FindDatasetVersion(const AssetRef& ref) const;  // ref.version names it
  Status UpdateAsset(const AssetRef& ref, const AssetUpdate& update);
  // Adds or overwrites labels of the asset, or of the dataset version ref.version. Keys are
  // 1-128 characters, values at most 256 (workspace.label-invalid).
  Status SetLabels(const AssetRef& ref, const StringMap& labels);
  // Every key must be there (workspace.label-not-found); removes all or none.
  Status RemoveLabels(const AssetRef& ref, std::span<const std::string> keys);
  // A new version "v<N>" of the dataset ref.id; returns its name.
  StatusOr<std::string> CreateDatasetVersion(const AssetRef& ref, const StringMap& fields,
                                             const StringMap& labels);
  // Sets fields of the version ref.version (an empty value erases the field).
  Status UpdateDatasetVersion(const AssetRef& ref, const StringMap& fields);
  Status DeleteDatasetVersion(const AssetRef& ref);

  // --- operation logs (asset_details.cc) --------------------------------------------------------
  // Appends to the workspace's log, stamped with the current time; a no-op for an unknown
  // workspace. Keeps the newest kOperationLogLimit entries.
  void AppendOperationLog(std::string_view workspace_id, OperationLogEntry entry);
  // Oldest first; empty for an unknown workspace.
  const std::deque<OperationLogEntry>& OperationLogs(std::string_view workspace_id) const;

  // --- events --------------------------------------------------------------------------------
  // Recorded side effects, oldest first, until ClearEvents (the store drains them).
  const std::vector<WorkspaceEvent>& events() const { return events_; }
  void ClearEvents() { events_.clear(); }

 private:
  struct AssetKeyHash {
    using is_transparent = void;
    size_t operator()(const std::pair<std::string_view, std::string_view>& k) const noexcept;
    size_t operator()(const AssetKey& k) const noexcept {
      return (*this)(std::pair<std::string_view, std::string_view>(k.first, k.second));
    }
  };
  struct AssetKeyEq {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::string_view(a.first) == std::string_view(b.first) &&
             std::string_view(a.second) == std::string_view(b.second);
    }
  };
  // The assets of one type in one workspace and their visibility index.
  struct AssetBucket {
    std::unordered_map<AssetKey, Asset, AssetKeyHash, AssetKeyEq> assets;
    AssetIdSet public_ids;
    std::unordered_map<std::string, AssetIdSet, StringHash, std::equal_to<>> private_ids;
  };
  struct WorkspaceAssets {
    std::map<AssetType, AssetBucket> buckets;
  };
  using ScopeKey = std::pair<std::string, std::string>;  // (account, region)

  Workspace* Mutable(std::string_view workspace_id, Status* error);
  const AssetBucket* Bucket(std::string_view workspace_id, AssetType type) const;
  // The asset and its bucket; {nullptr, nullptr} when absent.
  std::pair<AssetBucket*, Asset*> Locate(std::string_view workspace_id, AssetType type,
                                         std::string_view id, std::string_view parent_id);
  Status CheckName(const CreateWorkspaceRequest& request) const;
  Status CheckRole(const Workspace& ws, std::string_view role) const;
  std::string NextId(std::string_view prefix);
  void RecordDataWorksRemoval(const Workspace& ws, const Member& member);
  void IndexAsset(AssetBucket& bucket, const Asset& asset);
  void UnindexAsset(AssetBucket& bucket, const Asset& asset);
  void DeleteAssetTree(WorkspaceAssets& store, AssetType type, const AssetKey& key);

  // asset_details.cc
  using DetailsKey = std::tuple<std::string, AssetType, std::string, std::string>;  // ws, type, parent, id
  AssetDetails* MutableDetails(const AssetRef& ref, Status* error);
  StringMap* MutableLabels(const AssetRef& ref, Status* error);
  void ForgetAsset(const Asset& asset);  // the id index and details of a deleted asset
  void ForgetWorkspace(std::string_view workspace_id);

  UnixMillis now_ = 0;
  uint64_t id_counter_ = 0;
  std::unordered_map<std::string, Workspace, StringHash, std::equal_to<>> workspaces_;
  std::unordered_map<std::string, WorkspaceAssets, StringHash, std::equal_to<>> assets_;
  size_t asset_count_ = 0;
  std::map<ScopeKey, std::string> default_workspace_;  // (account, region) -> workspace id
  // (account, region, name) of PAI workspaces -> id, and of the linked DataWorks namespace.
  using NameKey = std::tuple<std::string, std::string, std::string>;
  std::map<NameKey, std::string> names_;
  std::set<NameKey> dataworks_names_;
  std::vector<WorkspaceEvent> events_;
  std::map<DetailsKey, AssetDetails> details_;
  std::unordered_map<std::string, std::deque<OperationLogEntry>, StringHash, std::equal_to<>>
      logs_;
};

}  // namespace paiam::workspace

#endif  // PAIAM_WORKSPACE_WORKSPACES_H_
