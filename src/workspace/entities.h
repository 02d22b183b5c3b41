// paiam/workspace — the records of the PAI workspace model: workspaces, members and their roles,
// custom roles, compute resource associations, configuration, assets, and the events the rules
// record. Plain values; the rules that create and change them live in workspaces.h.
//
// The workspace component may depend on policy/, catalog/, identity/ and base/. Roles are
// referenced by name only: a built-in API name (below) or the id of a custom role of the same
// workspace. Compiling roles to policies is role_policy.h's business (another owner), not
// this file's; custom roles are stored in its ModulePermission records.
#ifndef PAIAM_WORKSPACE_ENTITIES_H_
#define PAIAM_WORKSPACE_ENTITIES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "identity/entities.h"
#include "workspace/asset_types.h"
#include "workspace/role_policy.h"

namespace paiam::workspace {

using identity::StringHash;
using identity::UnixMillis;

// --- roles ----------------------------------------------------------------------------------
// Built-in roles as the AIWorkSpace API names them (shared/spec/alibaba-api.md §4.2).
inline constexpr std::string_view kRoleWorkspaceOwner = "PAI.WorkspaceOwner";
inline constexpr std::string_view kRoleWorkspaceAdmin = "PAI.WorkspaceAdmin";
inline constexpr std::string_view kRoleAlgoDeveloper = "PAI.AlgoDeveloper";
inline constexpr std::string_view kRoleAlgoOperator = "PAI.AlgoOperator";
inline constexpr std::string_view kRoleLabelManager = "PAI.LabelManager";
inline constexpr std::string_view kRoleWorkspaceGuest = "PAI.WorkspaceGuest";
inline constexpr std::string_view kRoleMaxComputeDeveloper = "PAI.MaxComputeDeveloper";

bool IsBuiltinRole(std::string_view role);
// Administrator, Visitor and MaxCompute Developer (= DataWorks Developer) exist in the linked
// DataWorks workspace too (seed 004; data/catalog/roles.csv `dataworks_shared`).
bool IsDataWorksSharedRole(std::string_view role);

// The modules a custom role can grant on (AIWorkSpace ModulePermissions.ModuleName). The
// permission records themselves (ModulePermission, CustomPermission, PermissionRule) are
// role_policy.h's, so that a stored custom role is exactly what the role compiler reads.
inline constexpr std::string_view kCustomRoleModules[] = {"PaiDesigner",
                                                          "Paiflow",
                                                          "DSW",
                                                          "DLC",
                                                          "Dataset",
                                                          "Model",
                                                          "Image",
                                                          "CodeSource",
                                                          "PaiWorkspace@@Workspace",
                                                          "PaiWorkspace@@MemberRole",
                                                          "PaiWorkspace@@Resource",
                                                          "PaiWorkspace@@Config",
                                                          "ArtLab"};
bool IsCustomRoleModule(std::string_view module);  // exact spelling

struct CustomRole {
  std::string id;                         // referenced from Member::roles; never a built-in name
  std::string name;                       // 1-64 characters, unique within the workspace
  std::vector<ModulePermission> modules;  // at most one entry per module (role_policy.h)
  UnixMillis create_time = 0;
  UnixMillis update_time = 0;
};

// --- members --------------------------------------------------------------------------------
struct Member {
  std::string member_id;           // "<WorkspaceId>-<UserId>"
  std::string user_id;             // account id (root), RAM user id or RAM role id
  std::string arn;                 // the principal's ARN
  int account_type = 5;            // 1 = Alibaba Cloud account, 5 = RAM user, 6 = RAM role
  std::vector<std::string> roles;  // never empty; in the order they were granted
  UnixMillis create_time = 0;

  bool HasRole(std::string_view role) const;
};

// --- compute resources ----------------------------------------------------------------------
enum class ComputeResourceType : uint8_t {
  kLingjun,           // Intelligent Computing Lingjun resources
  kGeneralComputing,  // general computing (the API's ResourceType "ECS")
  kMaxCompute,
  kFlink,  // fully managed Flink
};
std::string_view ComputeResourceTypeName(
    ComputeResourceType type);  // Lingjun, ECS, MaxCompute, Flink
// Accepts the API names above, and "GeneralComputing" for ECS.
std::optional<ComputeResourceType> ParseComputeResourceType(std::string_view name);

struct ResourceAssociation {
  std::string id;
  std::string name;  // 3-28 characters
  ComputeResourceType type = ComputeResourceType::kGeneralComputing;
  std::string env_type = "prod";  // "dev" or "prod"
  std::string group_name;
  std::string quota_id;
  bool is_default = false;
  UnixMillis create_time = 0;
};

// --- configuration --------------------------------------------------------------------------
// SLS log forwarding of DSW instances and DLC jobs.
struct SlsForwarding {
  bool enabled = false;
  std::string project;
  std::string logstore;
  std::vector<std::string> modules;  // subset of {"DSW", "DLC"}, sorted, non-empty when enabled
};

// General settings toggles (seed 004). Changes take effect after the affected instances restart.
struct GeneralSettings {
  // Public resource group: default network configuration.
  std::string default_vpc_id;
  std::string default_vswitch_id;
  std::string default_security_group_id;
  bool dlc_node_container_access = false;    // DLC: "Go to Node Container"
  bool dsw_ssh_from_internet = false;        // DSW: "SSH Logon to Instance from Internet"
  bool dsw_open_from_internet = false;       // DSW: "Open Instance from Internet"
  int32_t dsw_internet_rate_limit_mbps = 0;  // DSW: "Rate Limit for Internet Access"; 0 = none
  friend bool operator==(const GeneralSettings&, const GeneralSettings&) = default;
};

enum class NotificationSource : uint8_t { kDlcJob, kPipelineRun, kDswInstance, kModelVersion };
std::string_view NotificationSourceName(NotificationSource source);

enum class NotificationChannel : uint8_t {
  kDingTalk,
  kWeCom,
  kLark,
  kWebhook,
  kEventBridge,  // every region
  kVoice,
  kSms,
  kEmail,  // only cn-hangzhou, cn-shanghai, cn-wulanchabu
};
std::string_view NotificationChannelName(NotificationChannel channel);
// The regions whose event notifications offer voice, SMS and email (seed 004, Limitations).
inline constexpr std::string_view kFullNotificationRegions[] = {"cn-hangzhou", "cn-shanghai",
                                                                "cn-wulanchabu"};
bool ChannelAvailableIn(NotificationChannel channel, std::string_view region);

struct NotificationRule {
  std::string id;
  std::string name;
  NotificationSource source = NotificationSource::kDlcJob;
  std::vector<std::string> event_types;       // e.g. "Succeeded", "Failed"; non-empty
  std::vector<NotificationChannel> channels;  // non-empty
  std::vector<std::string> targets;           // webhook URLs, recipients; not interpreted here
  bool enabled = true;
};

struct WorkspaceConfig {
  // Where tasks such as training put temporary data and models ("oss://bucket/path/"); empty:
  // none. A Designer pipeline's data-storage setting overrides it (EffectiveStoragePath).
  std::string default_storage_path;
  SlsForwarding sls;
  GeneralSettings general;
  std::vector<NotificationRule> notifications;
  // Other AIWorkSpace configs (UpdateConfigs): (CategoryName, ConfigKey) -> ConfigValue.
  // CommonResourceConfig/tempStoragePath is default_storage_path, not stored here.
  std::map<std::pair<std::string, std::string>, std::string> values;
};

// --- workspaces -----------------------------------------------------------------------------
struct Workspace {
  std::string id;  // numeric string, e.g. "1234"
  std::string account_id;
  std::string region;  // e.g. "cn-hangzhou"; part of every asset ARN
  std::string name;    // 3-23 of [A-Za-z0-9_], starting with a letter
  std::string display_name;
  std::string description;             // up to 80 characters
  std::vector<std::string> env_types;  // {"prod"} or {"dev", "prod"}
  std::string status = "ENABLED";
  std::string creator_id;  // the creator's principal id (Member::user_id)
  std::string creator_arn;
  std::string resource_group_id;
  bool is_default = false;
  UnixMillis create_time = 0;
  UnixMillis modify_time = 0;

  // Keyed by user id (Member::user_id): the check path's (workspace, user) -> roles lookup.
  std::unordered_map<std::string, Member, StringHash, std::equal_to<>> members;
  std::map<std::string, CustomRole, std::less<>> custom_roles;  // by id
  std::vector<ResourceAssociation> resources;                   // in association order
  WorkspaceConfig config;
};

// The storage a pipeline run writes to: the pipeline's Designer data-storage setting when set,
// else the workspace default; empty when neither is configured.
std::string_view EffectiveStoragePath(const Workspace& workspace,
                                      std::string_view pipeline_override);

// --- assets ---------------------------------------------------------------------------------
enum class Accessibility : uint8_t { kPrivate, kPublic };
std::string_view AccessibilityName(Accessibility a);  // "PRIVATE" / "PUBLIC"

// (parent id, id): child types (model versions, pods, ...) are unique within their parent only;
// top-level assets have an empty parent id.
using AssetKey = std::pair<std::string, std::string>;

struct Asset {
  std::string workspace_id;
  AssetType type = AssetType::kDataset;
  std::string id;
  std::string parent_id;  // empty for top-level types
  std::string name;
  // The principal ARN that owns it: the creator, or whoever ownership was changed to. This is
  // what pai:EntityAccessType compares the caller with (CREATOR vs OTHERS).
  std::string creator;
  Accessibility accessibility = Accessibility::kPrivate;
  UnixMillis create_time = 0;
  UnixMillis update_time = 0;
};

// --- what the AIWorkSpace calls keep besides authorization data --------------------------------
// Kept apart from Asset (the authorizer's record, whose layout the check path relies on) and
// removed with the asset. Fields are the API's descriptive string fields ("Description", "Uri",
// "DataSourceType", "ImageUri", ...), interpreted by nobody.
using StringMap = std::map<std::string, std::string, std::less<>>;

// One dataset version (AIWorkSpace CreateDatasetVersion): named "v1", "v2", ... in creation
// order; a version name is never reused within its dataset.
struct DatasetVersion {
  std::string name;
  StringMap fields;
  StringMap labels;
  UnixMillis create_time = 0;
  UnixMillis update_time = 0;
};

struct AssetDetails {
  StringMap fields;
  StringMap labels;
  std::vector<DatasetVersion> versions;  // datasets only, in creation order
  uint64_t version_counter = 0;          // the N of the last "v<N>" handed out
};

// One entry of a workspace's operation log (legacy AIWorkSpace ListOperationLogs): a write
// that was accepted. Refused writes change nothing and are not logged.
struct OperationLogEntry {
  std::string entity_type;  // "Dataset", "Member", "Workspace", ...
  std::string entity_id;
  std::string operation;             // the operation's name, "CreateDataset"
  std::string status = "SUCCEEDED";  // OperationStatus
  std::string operator_id;           // the caller's principal id (account, user or role id)
  std::string message;
  UnixMillis time = 0;
};

// --- events ---------------------------------------------------------------------------------
// Side effects the rules record for other systems to act on.
enum class EventKind : uint8_t {
  // A member lost their last DataWorks-shared role (or was removed while holding one): PAI and
  // DataWorks workspaces are linked, so the member leaves the DataWorks workspace too, which
  // may trigger an entity transfer there.
  kRemovedFromDataWorksWorkspace,
};

struct WorkspaceEvent {
  EventKind kind = EventKind::kRemovedFromDataWorksWorkspace;
  std::string workspace_id;
  std::string user_id;
  std::string message;  // "user <id> removed from DataWorks workspace <name>"
  UnixMillis time = 0;
};

}  // namespace paiam::workspace

#endif  // PAIAM_WORKSPACE_ENTITIES_H_
