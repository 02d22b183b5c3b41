// paiam/identity — the RAM entities the engine decides over: accounts, users, groups, custom and
// system policies with their versions, RAM roles, access keys, and the principals that make
// requests.
//
// The identity component owns these records and the rules that keep them valid (directory.h).
// It may depend on policy/, catalog/ and base/ only. The records are plain values: the store
// persists them and the authorizer reads them; neither needs to know how they are validated.
#ifndef PAIAM_IDENTITY_ENTITIES_H_
#define PAIAM_IDENTITY_ENTITIES_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "policy/ast.h"

namespace paiam::identity {

// Transparent hash so that unordered containers keyed by std::string can be probed with a
// std::string_view without building a temporary string (the check path must not allocate).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Time is supplied by the caller (Directory::SetNow), never read from a clock here, so that
// state transitions are deterministic and replayable from the store's change log.
using UnixMillis = int64_t;

// An Alibaba Cloud account (the "main account"). Its root identity may do anything inside the
// account (design.md, "One engine", step 1).
struct Account {
  std::string id;     // numeric string, e.g. "1234567890123456"; also the root's principal id
  std::string alias;  // optional; 3-63 of [a-z0-9-], no leading, trailing or doubled '-'
  UnixMillis create_time = 0;
};

enum class PolicyType : uint8_t { kSystem, kCustom };
std::string_view PolicyTypeName(PolicyType type);  // "System" / "Custom", as RAM spells them

// Names one managed policy. System policy names are global; custom ones are per account, and
// the account is implied by whoever holds the reference. In an attachment list it also carries
// when it was attached (RAM's AttachDate); equality ignores that time, so a reference built
// from a type and a name finds the attachment.
struct PolicyRef {
  PolicyType type = PolicyType::kCustom;
  std::string name;
  UnixMillis attach_time = 0;  // attachments only; 0 elsewhere
  friend bool operator==(const PolicyRef& a, const PolicyRef& b) {
    return a.type == b.type && a.name == b.name;
  }
};

struct PolicyVersion {
  std::string version_id;           // "v1", "v2", ...; never reused within one policy
  std::string text;                 // the document exactly as submitted
  policy::PolicyDocument document;  // parsed and validated (policy::ParsePolicy)
  UnixMillis create_time = 0;
};

// Whether a system policy's text was confirmed from a public source or reconstructed
// (shared/spec/ram-policy.md §5; data/policies/system/manifest.csv).
enum class Provenance : uint8_t { kConfirmed, kAssumed };

struct ManagedPolicy {
  PolicyType type = PolicyType::kCustom;
  std::string account_id;          // owner account; empty for system policies
  std::string name;                // 1-128 of [A-Za-z0-9-]
  std::string description;         // up to 1,024 characters
  std::string default_version_id;  // the only effective version
  // Oldest first. At most Limits::versions_per_policy entries; always holds the default.
  std::vector<PolicyVersion> versions;
  uint32_t next_version_number = 1;  // the next CreatePolicyVersion gets "v<next>"
  // System policies only: where the text came from (manifest.csv).
  Provenance provenance = Provenance::kConfirmed;
  std::string source;
  UnixMillis create_time = 0;
  UnixMillis update_time = 0;

  const PolicyVersion* FindVersion(std::string_view version_id) const;
  const PolicyVersion& DefaultVersion() const;  // invariant: always present
};

struct User {
  std::string id;  // numeric string, unique across all accounts, users and roles
  std::string account_id;
  std::string name;                 // 1-64 of [A-Za-z0-9._-], unique within the account
  std::string display_name;         // 1-128 characters; defaults to the name
  std::string comments;             // up to 128 characters
  std::string email;                // optional; local@domain (names.h ValidateEmail)
  std::string mobile_phone;         // optional; "<country code>-<number>", e.g. 86-18600008888
  std::vector<std::string> groups;  // names of the groups the user belongs to, sorted
  std::vector<PolicyRef> policies;  // attached directly, in attachment order
  UnixMillis create_time = 0;
  UnixMillis update_time = 0;
};

struct Group {
  std::string id;  // "g-" + 13 of [0-9a-z], generated; kept across renames
  std::string account_id;
  std::string name;                  // 1-64 of [A-Za-z0-9._-], unique within the account
  std::string comments;              // up to 128 characters
  std::vector<std::string> members;  // user names, sorted
  // When each member joined (RAM's JoinDate), by user name; same keys as `members`.
  std::map<std::string, UnixMillis, std::less<>> join_times;
  std::vector<PolicyRef> policies;   // in attachment order
  UnixMillis create_time = 0;
  UnixMillis update_time = 0;
};

inline constexpr int32_t kMinMaxSessionDuration = 3600;   // seconds
inline constexpr int32_t kMaxMaxSessionDuration = 43200;  // seconds

struct Role {
  std::string id;  // numeric string, unique like user ids
  std::string account_id;
  std::string name;                     // 1-64 of [A-Za-z0-9.-], unique within the account
  std::string description;              // up to 1,024 characters
  std::string trust_policy_text;        // the AssumeRolePolicyDocument as submitted
  policy::PolicyDocument trust_policy;  // parsed as policy::PolicyKind::kTrust
  int32_t max_session_duration = kMinMaxSessionDuration;  // 3600-43200 seconds
  std::vector<PolicyRef> policies;                        // in attachment order
  // A service-linked role (ResourceManager CreateServiceLinkedRole): it trusts `service_name`
  // only, its policy is fixed, and it is deleted with DeleteServiceLinkedRole alone
  // (service_linked_roles.h).
  bool service_linked = false;
  std::string service_name;  // e.g. "aiworkspace.pai.aliyuncs.com"; empty unless service_linked
  UnixMillis create_time = 0;
  UnixMillis update_time = 0;
};

// DeleteServiceLinkedRole's record, read back by GetServiceLinkedRoleDeletionStatus. paiam
// deletes synchronously, so a recorded task has always SUCCEEDED.
struct DeletionTask {
  std::string id;  // task/acs-service-role/<service>/<role>/<uuid>
  std::string account_id;
  std::string role_name;
  std::string service_name;
  std::string status = "SUCCEEDED";
  UnixMillis create_time = 0;
};

enum class AccessKeyStatus : uint8_t { kActive, kInactive };
std::string_view AccessKeyStatusName(AccessKeyStatus status);  // "Active" / "Inactive"

// A long-term credential of a RAM user or of an account's root. The id and secret are
// generated by the caller (the API's prepare step, with a cryptographic random source), never
// by the Directory, which reads no RNG: a replayed log then rebuilds the same keys.
struct AccessKey {
  std::string id;      // "LTAI" + 20 of [A-Za-z0-9]; unique across all accounts
  std::string secret;  // 30 of [A-Za-z0-9]
  std::string account_id;
  std::string user_name;  // empty: the account's root
  AccessKeyStatus status = AccessKeyStatus::kActive;
  UnixMillis create_time = 0;
};

// Who makes a request or creates a workspace or asset.
enum class PrincipalType : uint8_t {
  kRoot,  // the account itself: acs:ram::<account>:root
  kUser,  // a RAM user: acs:ram::<account>:user/<name>
  kRole,  // a RAM role (or a session of it): acs:ram::<account>:role/<name>
};

struct Principal {
  PrincipalType type = PrincipalType::kRoot;
  std::string account_id;
  std::string id;    // account id (root), user id or role id
  std::string name;  // user or role name; empty for root
  std::string arn;   // canonical principal ARN (arn.h)

  // The AIWorkSpace member AccountType: 1 = Alibaba Cloud account, 5 = RAM user, 6 = RAM role.
  int account_type() const {
    switch (type) {
      case PrincipalType::kRoot:
        return 1;
      case PrincipalType::kUser:
        return 5;
      case PrincipalType::kRole:
        return 6;
    }
    return 0;
  }
};

// Documented quotas (shared/spec/ram-policy.md, Limits, current figures [LIM25]). They are
// settings rather than constants because production quotas are unconfirmed and a benchmark
// needs more users than one account may hold.
struct Limits {
  size_t users_per_account = 5000;
  size_t groups_per_account = 300;
  size_t roles_per_account = 1000;
  size_t custom_policies_per_account = 1500;
  size_t groups_per_user = 10;
  size_t versions_per_policy = 5;
  size_t custom_policies_per_user = 10;
  size_t system_policies_per_user = 20;
  size_t custom_policies_per_group = 10;
  size_t system_policies_per_group = 20;
  size_t custom_policies_per_role = 10;
  size_t system_policies_per_role = 20;
  size_t access_keys_per_user = 2;
  size_t access_keys_per_root = 5;
};

}  // namespace paiam::identity

#endif  // PAIAM_IDENTITY_ENTITIES_H_
