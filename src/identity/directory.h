// paiam/identity — Directory: every RAM entity of every account, and the rules that keep them
// valid (shared/spec/alibaba-api.md §2, shared/spec/ram-policy.md Limits and Decisions 6),
// and the access keys of users and roots.
//
// Directory is a value type: copying it copies the whole state, and a refused operation leaves
// the state exactly as it was (every mutator validates everything before it changes anything).
// It does no I/O and reads no clock; the store persists it and writers stamp times with SetNow.
//
// Errors. Every refusal is a Status whose rule() is the Alibaba RAM error code the RAM API
// returns for it ("EntityNotExist.User", "DeleteConflict.Policy.Version.Default",
// "LimitExceeded.User.Policy", "InvalidParameter.UserName.InvalidChars", "MalformedPolicyDocument",
// ...), so the API layer maps it without a table. Where RAM has no code the rule is
// "identity.<what>" (e.g. "identity.account-not-found").
//
// Pointers returned by Find*/List*/EffectivePolicies point into this Directory and stay valid
// until its next mutation or destruction (a snapshot that is never mutated keeps them forever).
//
// Depends on policy/ (documents are parsed with policy::ParsePolicy) and base/.
#ifndef PAIAM_IDENTITY_DIRECTORY_H_
#define PAIAM_IDENTITY_DIRECTORY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "identity/entities.h"

namespace paiam::identity {

// Where an attached policy sits.
enum class AttachTarget : uint8_t { kUser, kGroup, kRole };
std::string_view AttachTargetName(AttachTarget target);  // "User", "Group", "Role"

// CreatePolicyVersion's RotateStrategy.
enum class RotateStrategy : uint8_t {
  kNone,  // at the version limit: refuse with LimitExceeded.Policy.Version
  kDeleteOldestNonDefaultVersionWhenLimitExceeded,
};

// One policy that applies to a user, and how it got there.
struct EffectivePolicy {
  const ManagedPolicy* policy = nullptr;
  const PolicyVersion* version = nullptr;  // always the policy's default version
  AttachTarget via = AttachTarget::kUser;  // kUser: attached directly; kGroup: via `group`
  std::string_view group;                  // the group's name when via == kGroup
};

struct UserSpec {
  std::string name;
  std::string display_name;  // empty: the name
  std::string comments;
  std::string email;         // empty: none (names.h ValidateEmail)
  std::string mobile_phone;  // empty: none (names.h ValidateMobilePhone)
  std::string id;  // empty: generated (numeric, 16 digits)
};

struct UserUpdate {
  // User names are not renamed here: workspace assets record their creator by principal ARN,
  // which contains the name, and a rename would silently orphan them.
  // Refusals name the request parameters (InvalidParameter.NewDisplayName.Length, ...).
  std::optional<std::string> display_name;
  std::optional<std::string> comments;
  std::optional<std::string> email;         // "" clears it
  std::optional<std::string> mobile_phone;  // "" clears it
};

struct PolicySpec {
  std::string name;
  std::string description;
  std::string document;  // JSON text, 1-6,144 characters
};

struct RoleSpec {
  std::string name;
  std::string description;
  std::string trust_policy;  // JSON text, parsed as a trust policy
  int32_t max_session_duration = kMinMaxSessionDuration;
  std::string id;  // empty: generated
};

struct RoleUpdate {
  std::optional<std::string> trust_policy;
  std::optional<int32_t> max_session_duration;
  std::optional<std::string> description;
};

// CreateServiceLinkedRole's request (service_linked_roles.h has the services).
struct ServiceLinkedRoleSpec {
  std::string service_name;   // a service of data/service_linked_roles.csv
  std::string custom_suffix;  // empty: none; else the role is <RoleName>_<suffix>
  std::string description;    // empty: the service's preset description
  std::string id;             // empty: generated
};

class Directory {
 public:
  explicit Directory(Limits limits = {});

  // A directory holding the system policies embedded from data/policies/system/
  // (system_policies.h). Fails only if the embedded data is broken.
  static StatusOr<Directory> WithSystemPolicies(Limits limits = {});

  Directory(const Directory&) = default;
  Directory& operator=(const Directory&) = default;
  Directory(Directory&&) = default;
  Directory& operator=(Directory&&) = default;

  const Limits& limits() const { return limits_; }
  // The time stamped on entities created or changed from now on.
  void SetNow(UnixMillis now) { now_ = now; }

  // --- accounts ------------------------------------------------------------------------------
  Status CreateAccount(std::string_view id, std::string_view alias = {});
  Status SetAccountAlias(std::string_view account_id, std::string_view alias);
  // Removes the alias (none set: a no-op, as RAM's ClearAccountAlias).
  Status ClearAccountAlias(std::string_view account_id);
  const Account* FindAccount(std::string_view id) const;
  std::vector<const Account*> ListAccounts() const;  // by id

  // --- users ---------------------------------------------------------------------------------
  StatusOr<User> CreateUser(std::string_view account_id, const UserSpec& spec);
  Status UpdateUser(std::string_view account_id, std::string_view name, const UserUpdate& update);
  // Refused while the user is in a group, has policies attached or holds access keys
  // (DeleteConflict.User.*).
  Status DeleteUser(std::string_view account_id, std::string_view name);
  const User* FindUser(std::string_view account_id, std::string_view name) const;
  const User* FindUserById(std::string_view id) const;
  const User* FindUserByArn(std::string_view arn) const;  // acs:ram::<account>:user/<name>
  std::vector<const User*> ListUsers(std::string_view account_id) const;  // by name

  // --- groups --------------------------------------------------------------------------------
  // The group's id ("g-" + 13 of [0-9a-z]) comes from a counter of its own, so replaying the
  // same operations yields the same ids and user and role ids are not shifted by it.
  // AddUserToGroup stamps the membership's JoinDate (Group::join_times).
  Status CreateGroup(std::string_view account_id, std::string_view name,
                     std::string_view comments = {});
  Status UpdateGroup(std::string_view account_id, std::string_view name,
                     std::optional<std::string> new_name, std::optional<std::string> new_comments);
  // Refused while the group has members or policies (DeleteConflict.Group.*).
  Status DeleteGroup(std::string_view account_id, std::string_view name);
  Status AddUserToGroup(std::string_view account_id, std::string_view user_name,
                        std::string_view group_name);
  Status RemoveUserFromGroup(std::string_view account_id, std::string_view user_name,
                             std::string_view group_name);
  const Group* FindGroup(std::string_view account_id, std::string_view name) const;
  std::vector<const Group*> ListGroups(std::string_view account_id) const;  // by name

  // --- policies ------------------------------------------------------------------------------
  // Adds a read-only system policy (the loader's entry point). Refused if the name is taken.
  Status AddSystemPolicy(ManagedPolicy policy);
  // Creates a custom policy whose v1 is the default version.
  Status CreatePolicy(std::string_view account_id, const PolicySpec& spec);
  Status UpdatePolicyDescription(std::string_view account_id, std::string_view name,
                                 std::string_view description);
  // Refused while attached (DeleteConflict.Policy.User/Group/Role) or while non-default
  // versions exist (DeleteConflict.Policy.Version) unless `cascading_delete`.
  Status DeletePolicy(std::string_view account_id, std::string_view name,
                      bool cascading_delete = false);
  // Returns the new version id. At the limit the strategy decides: refuse, or delete the oldest
  // non-default version first.
  StatusOr<std::string> CreatePolicyVersion(std::string_view account_id, std::string_view name,
                                            std::string_view document, bool set_as_default,
                                            RotateStrategy rotate = RotateStrategy::kNone);
  Status SetDefaultPolicyVersion(std::string_view account_id, std::string_view name,
                                 std::string_view version_id);
  // The default version cannot be deleted (DeleteConflict.Policy.Version.Default).
  Status DeletePolicyVersion(std::string_view account_id, std::string_view name,
                             std::string_view version_id);
  // `account_id` is ignored for system policies.
  const ManagedPolicy* FindPolicy(PolicyType type, std::string_view account_id,
                                  std::string_view name) const;
  const ManagedPolicy* FindPolicy(std::string_view account_id, const PolicyRef& ref) const {
    return FindPolicy(ref.type, account_id, ref.name);
  }
  // The account's custom policies and/or the system policies, each sorted by name.
  std::vector<const ManagedPolicy*> ListPolicies(std::string_view account_id,
                                                 std::optional<PolicyType> type = {}) const;

  // --- attachments ---------------------------------------------------------------------------
  Status AttachPolicy(std::string_view account_id, const PolicyRef& policy, AttachTarget target,
                      std::string_view target_name);
  Status DetachPolicy(std::string_view account_id, const PolicyRef& policy, AttachTarget target,
                      std::string_view target_name);
  // Who has `policy` attached within the account: (target kind, name), users then groups then
  // roles, each by name.
  std::vector<std::pair<AttachTarget, std::string>> ListEntitiesForPolicy(
      std::string_view account_id, const PolicyRef& policy) const;

  // --- roles ---------------------------------------------------------------------------------
  // Service-linked roles refuse what would change them (codes in service_linked_roles.h):
  // UpdateRole of the trust policy or MaxSessionDuration, DeleteRole, and attaching or
  // detaching policies (AttachPolicy/DetachPolicy with AttachTarget::kRole).
  StatusOr<Role> CreateRole(std::string_view account_id, const RoleSpec& spec);
  Status UpdateRole(std::string_view account_id, std::string_view name, const RoleUpdate& update);
  // Refused while policies are attached (DeleteConflict.Role.Policy).
  Status DeleteRole(std::string_view account_id, std::string_view name);
  const Role* FindRole(std::string_view account_id, std::string_view name) const;
  const Role* FindRoleById(std::string_view id) const;
  const Role* FindRoleByArn(std::string_view arn) const;  // role/<name> or a session ARN
  std::vector<const Role*> ListRoles(std::string_view account_id) const;  // by name

  // --- service-linked roles (directory_service_linked.cc) -----------------------------------
  // Creates the service's role (AliyunServiceRoleFor<X>, or <that>_<suffix>) with a trust
  // policy that trusts the service alone and the service's system policy attached. It counts
  // toward Limits::roles_per_account but may exceed it (ram-policy.md §4). Refused:
  // InvalidParameter.ServiceName (not a known service), InvalidParameter.CustomSuffix.*,
  // InvalidParameter.Description.Length, EntityAlreadyExists.Role.
  StatusOr<Role> CreateServiceLinkedRole(std::string_view account_id,
                                         const ServiceLinkedRoleSpec& spec);
  // Deletes a service-linked role and its attachment at once and records the task
  // "task/acs-service-role/<service>/<role>/<task_uuid>" (the caller draws the uuid, so a replay
  // records the same id). Refused: EntityNotExist.Role, EntityNotExist.ServiceLinkedRole (the
  // role is not service-linked), InvalidParameter.DeletionTaskId (an empty uuid),
  // identity.id-taken (the task id is in use).
  StatusOr<DeletionTask> DeleteServiceLinkedRole(std::string_view account_id,
                                                 std::string_view role_name,
                                                 std::string_view task_uuid);
  // The account's deletion task with this id, or nullptr.
  const DeletionTask* FindDeletionTask(std::string_view account_id, std::string_view id) const;

  // --- access keys (access_keys.cc) ---------------------------------------------------------
  // Adds a key made by the caller; its create_time is stamped from SetNow. `user_name` empty
  // names the account's root. Refused when the id is taken anywhere (EntityAlreadyExists.
  // AccessKey), the user does not exist (EntityNotExist.User), or the owner already holds
  // Limits::access_keys_per_user (root: access_keys_per_root) keys (LimitExceeded.User.AccessKey).
  Status AddAccessKey(AccessKey key);
  // Both refuse with EntityNotExist.User.AccessKey unless the key belongs to that owner.
  Status UpdateAccessKeyStatus(std::string_view account_id, std::string_view user_name,
                               std::string_view id, AccessKeyStatus status);
  Status DeleteAccessKey(std::string_view account_id, std::string_view user_name,
                         std::string_view id);
  const AccessKey* FindAccessKey(std::string_view id) const;
  // The owner's keys, oldest first.
  std::vector<const AccessKey*> ListAccessKeys(std::string_view account_id,
                                               std::string_view user_name) const;

  // --- principals ----------------------------------------------------------------------------
  // The principal with this id: an account id names its root, otherwise a user or role id.
  std::optional<Principal> PrincipalById(std::string_view id) const;
  // Root, user or role (session) ARN of an existing account, user or role.
  std::optional<Principal> PrincipalByArn(std::string_view arn) const;

  // --- what the authorizer reads -------------------------------------------------------------
  // The default versions of the policies attached to `user` directly (first, in attachment
  // order) and to each of its groups (groups by name, then attachment order). A policy reached
  // twice appears twice, so an explanation can name every path. Appends to `out`, so a caller
  // reusing one vector does not allocate after warm-up.
  void AppendEffectivePolicies(const User& user, std::vector<EffectivePolicy>* out) const;
  std::vector<EffectivePolicy> EffectivePolicies(const User& user) const;
  // The default versions of the policies attached to `role` (via == kRole).
  void AppendRolePolicies(const Role& role, std::vector<EffectivePolicy>* out) const;

 private:
  struct AccountState {
    Account account;
    // Entity counts, kept so that quota checks do not scan.
    size_t users = 0;
    size_t groups = 0;
    size_t roles = 0;
    size_t custom_policies = 0;
  };
  // (account id, name): names are unique within an account only.
  using ScopedName = std::pair<std::string, std::string>;
  struct ScopedNameLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::pair<std::string_view, std::string_view>(a.first, a.second) <
             std::pair<std::string_view, std::string_view>(b.first, b.second);
    }
  };
  template <typename T>
  using ScopedMap = std::map<ScopedName, T, ScopedNameLess>;
  using IdIndex = std::unordered_map<std::string, ScopedName, StringHash, std::equal_to<>>;

  User* MutableUser(std::string_view account_id, std::string_view name);
  Group* MutableGroup(std::string_view account_id, std::string_view name);
  Role* MutableRole(std::string_view account_id, std::string_view name);
  ManagedPolicy* MutableCustomPolicy(std::string_view account_id, std::string_view name);
  AccountState* MutableAccount(std::string_view account_id, Status* error);
  Status CheckNewPrincipalId(std::string_view id) const;
  std::string NextId();
  std::string NextGroupId();
  // The refusal for changing `what` of a service-linked role; OK for other roles.
  static Status CheckRoleModifiable(const Role& role, std::string_view what);
  Status CheckPoliciesModifiable(std::string_view account_id, AttachTarget target,
                                 std::string_view target_name) const;
  std::vector<PolicyRef>* AttachedPolicies(std::string_view account_id, AttachTarget target,
                                           std::string_view name, Status* error);
  Status CheckAccessKeyOwner(std::string_view account_id, std::string_view user_name) const;
  Status CheckAttachLimit(const std::vector<PolicyRef>& attached, PolicyType type,
                          AttachTarget target) const;
  void AppendDefaults(std::string_view account_id, const std::vector<PolicyRef>& refs,
                      AttachTarget via, std::string_view group,
                      std::vector<EffectivePolicy>* out) const;

  Limits limits_;
  UnixMillis now_ = 0;
  uint64_t id_counter_ = 0;
  uint64_t group_id_counter_ = 0;
  std::map<std::string, AccountState, std::less<>> accounts_;
  ScopedMap<User> users_;
  IdIndex user_ids_;
  ScopedMap<Group> groups_;
  ScopedMap<Role> roles_;
  IdIndex role_ids_;
  ScopedMap<ManagedPolicy> custom_policies_;
  std::map<std::string, ManagedPolicy, std::less<>> system_policies_;
  std::map<std::string, AccessKey, std::less<>> access_keys_;  // by id
  // (account id, user name or "" for root) -> key ids, oldest first.
  ScopedMap<std::vector<std::string>> access_key_owners_;
  std::map<std::string, DeletionTask, std::less<>> deletion_tasks_;  // by id
};

}  // namespace paiam::identity

#endif  // PAIAM_IDENTITY_DIRECTORY_H_
