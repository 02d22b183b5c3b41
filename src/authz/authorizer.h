// paiam/authz — Authorizer: the one decision over identity policies, workspace roles and
// default-allow actions (design.md, "One engine"), and list filtering.
//
//   1. The account's root identity may do anything inside its own account: on resources whose
//      ARN account is its account, or on "*".
//   2. Gather: the principal's identity policies (user + groups, or a RAM role's); the roles it
//      holds in the workspace the resource ARN names (resource_scope.h), if the workspace
//      belongs to the ARN's account; the catalog's default-allow policy.
//   3. Any matching Deny -> ExplicitDeny; else any matching Allow -> Allow; else ImplicitDeny.
//      For a role session created with a session policy (`session`), that policy narrows the
//      identity and workspace-role Allows: both must allow; a Deny in it is final. The
//      default-allow actions stay allowed unless denied.
//   4. An Explanation names every deciding statement: its source, policy, version, index, Sid,
//      and for a workspace role the workspace and role.
//
// Check, CheckAsset and CheckCreate allocate nothing and take no lock once the caller's
// Explanation (if any) has grown to size: reuse one per thread. Many threads may share one
// Authorizer. ListAllowed and Explain (explain.h) allocate; they are not on the hot path.
//
// Work that cannot change the answer is skipped: role and default-allow sets that do not list
// the action at all (action_filter.h), and, without an Explanation, sets holding no Deny once
// the request is already allowed. With an Explanation every matching statement is still named.
// Depends on: the Snapshot (authz), policy, catalog, workspace.
#ifndef PAIAM_AUTHZ_AUTHORIZER_H_
#define PAIAM_AUTHZ_AUTHORIZER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "authz/snapshot.h"
#include "catalog/asset_class.h"
#include "policy/decision.h"
#include "workspace/entities.h"

namespace paiam::authz {

// Where a deciding statement came from.
enum class Source : uint8_t {
  kRoot,           // the account root's own-account rule; no statement
  kUser,           // identity policy attached to the user
  kGroup,          // identity policy attached to one of the user's groups
  kRamRole,        // identity policy attached to the RAM role (sessions of it)
  kWorkspaceRole,  // a role the principal holds in the resource's workspace
  kDefaultAllow,   // the catalog's "allowed unless denied" actions
  kSession,        // the session policy of a role session (STS AssumeRole's Policy)
};
std::string_view SourceName(Source source);  // "root", "user", "group", "ram-role", ...

// Points into the Authorizer's Snapshot: valid as long as that snapshot lives.
struct DecidingStatement {
  Source source = Source::kUser;
  const policy::CompiledPolicySet* set = nullptr;
  policy::StatementRef ref;
  std::string_view group;      // kGroup
  uint32_t workspace = kNone;  // kWorkspaceRole: Snapshot::workspace index
  uint32_t role_set = kNone;   // kWorkspaceRole: Snapshot::role_set index
};

// Caller-owned; reuse it across checks so that they stop allocating.
struct Explanation {
  policy::Decision decision = policy::Decision::kImplicitDeny;
  bool by_root = false;
  // Every matching Deny for ExplicitDeny, every matching Allow for Allow, none otherwise.
  std::vector<DecidingStatement> statements;
  policy::DecisionTrace scratch;  // per-set trace, reused

  void Reset() {
    decision = policy::Decision::kImplicitDeny;
    by_root = false;
    statements.clear();
  }
};

// A deciding statement in words; views into the Snapshot.
struct StatementInfo {
  std::string_view policy, version, sid, source;
  uint32_t index = 0;
  std::string_view group;      // kGroup
  std::string_view workspace;  // kWorkspaceRole
  std::string_view role;       // kWorkspaceRole: API name or custom role id
};

// What ListAllowed found.
struct AssetRef {
  std::string_view parent_id;
  std::string_view id;
};
struct Listing {
  // The classes on which the list action is allowed: kAnyClass is "all in the workspace",
  // kPrivateCreator | kPublic "public and self-created", kNoClass "nothing".
  catalog::ClassMask classes = catalog::kNoClass;
  std::vector<AssetRef> assets;  // views into the Snapshot; order unspecified
};

class Authorizer {
 public:
  explicit Authorizer(std::shared_ptr<const Snapshot> snapshot);

  const Snapshot& snapshot() const { return *snapshot_; }

  // The decision for one request. `principal_arn` is a root, user, role or role-session ARN;
  // an unknown principal is ImplicitDeny.
  policy::Decision Check(std::string_view principal_arn, std::string_view action,
                         std::string_view resource, policy::RequestContext context,
                         Explanation* out = nullptr,
                         const policy::CompiledPolicySet* session = nullptr) const;

  // Check on an existing asset: its ARN (with the action's ram-code), pai:Accessibility from
  // the asset and pai:EntityAccessType CREATOR iff the principal owns it. `extra` adds
  // request keys (acs:SourceIp, ...); its pai:Accessibility/pai:EntityAccessType are ignored.
  policy::Decision CheckAsset(std::string_view principal_arn, std::string_view action,
                              const workspace::Asset& asset, Explanation* out = nullptr,
                              policy::RequestContext extra = {},
                              const policy::CompiledPolicySet* session = nullptr) const;

  // Check on an asset not created yet: the type's collection ARN (dataset/*, or
  // model/<parent>/modelVersion/* for a child type), the requested accessibility and CREATOR.
  policy::Decision CheckCreate(
      std::string_view principal_arn, std::string_view action, std::string_view workspace_id,
      workspace::AssetType type, std::string_view parent_id = {},
      workspace::Accessibility requested = workspace::Accessibility::kPrivate,
      Explanation* out = nullptr, const policy::CompiledPolicySet* session = nullptr) const;

  // The assets of `type` in the workspace the caller may see under `list_action`, from the
  // workspace's visibility index: the action is checked once per creator/visibility class on
  // the collection ARN, then the allowed classes are read off the index (public ids, the
  // caller's private ids, or every asset), never by checking asset after asset. For a child
  // type, `parent_id` narrows to one parent. NotFound for an unknown workspace.
  StatusOr<Listing> ListAllowed(std::string_view principal_arn, std::string_view workspace_id,
                                workspace::AssetType type, std::string_view list_action,
                                std::string_view parent_id = {}) const;

  StatementInfo Describe(const DecidingStatement& statement) const;

  // The principal an ARN names, role sessions resolved to their role; nullptr if unknown.
  // `exact` (optional) tells whether `arn` is the principal's canonical ARN.
  const PrincipalEntry* ResolvePrincipal(std::string_view arn, bool* exact = nullptr) const;

 private:
  class Gatherer;
  // A principal found by ARN: its entry (nullptr: unknown), the HashKey of its canonical ARN
  // (the membership table's key) and whether `arn` was that canonical ARN.
  struct Resolved {
    const PrincipalEntry* entry = nullptr;
    uint64_t hash = 0;
    bool exact = false;
  };
  // Where the resource lies: its ARN's account field and, when inside a workspace of that
  // account, the workspace's index and id hash.
  struct Target {
    std::string_view account;
    uint32_t workspace = kNone;
    uint64_t workspace_hash = 0;
  };

  Resolved Resolve(std::string_view arn, uint64_t arn_hash) const;
  // Steps 1-3 for a resolved principal.
  // `gather` was made for `request`, which Decide completes with the principal.
  policy::Decision Decide(const Resolved& principal, std::string_view principal_arn,
                          policy::Request& request, const Target& target, Gatherer& gather,
                          const policy::CompiledPolicySet* session) const;

  std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace paiam::authz

#endif  // PAIAM_AUTHZ_AUTHORIZER_H_
