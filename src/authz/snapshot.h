// paiam/authz — Snapshot: everything a check reads, precompiled and immutable.
//
// The authz component owns the one decision (design.md, "One engine"), its explanations and
// list filtering. It may depend on policy, catalog, identity, workspace and base.
//
// A Snapshot takes the Directory and Workspaces by value and never changes them, so every
// pointer into them stays valid for the snapshot's life. Building it compiles:
//   * one CompiledPolicySet per distinct list of effective identity policies (user + groups, or
//     a RAM role's policies), shared by every principal with that list; a principal keeps only
//     the set's id and where each policy came from (directly, via group G, via its role);
//   * one CompiledPolicySet per built-in role and per custom role, on Resource "*"
//     (workspace::CompileRolePolicyAnyWorkspace): the authorizer applies a role only to
//     resources inside the role's workspace (resource_scope.h), which decides exactly as the
//     workspace-scoped policies would (tests/authz/role_scope_test.cc);
//   * the default-allow set (workspace::CompileDefaultAllowPolicy);
//   * principals and workspaces in flat hash tables probed with string_views (flat_index.h),
//     each principal's memberships as a short sorted array next to its entry, and every
//     membership again in a hash table on (workspace, principal) that the check path probes
//     as soon as both indexes are known (one cache line, not the entry then the array), so
//     the check path neither copies nor allocates and touches few cache lines.
// Build cost is linear in principals + memberships + distinct policy lists; assets are not
// touched (listing reads the Workspaces index directly). On the benchmark state (10k users,
// 1k workspaces, 100k memberships, 1M assets; bench/authz_bench.cc) a build takes 60-130 ms
// and its tables take about 5 MB (Stats::index_bytes), next to ~500 MB of resident state that
// is almost all the Workspaces' 1M assets; the compiled sets are shared (5 identity sets for
// the 10k users, one per built-in role).
//
// Thread safety: immutable after Build; share it with std::shared_ptr<const Snapshot>.
#ifndef PAIAM_AUTHZ_SNAPSHOT_H_
#define PAIAM_AUTHZ_SNAPSHOT_H_

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "authz/action_filter.h"
#include "authz/flat_index.h"
#include "authz/huge_pages.h"
#include "base/status.h"
#include "catalog/catalog.h"
#include "identity/directory.h"
#include "identity/entities.h"
#include "policy/evaluator.h"
#include "workspace/workspaces.h"

namespace paiam::authz {

inline constexpr uint32_t kNone = UINT32_MAX;

// Where an identity policy came from, for one principal.
struct PolicySource {
  identity::AttachTarget via = identity::AttachTarget::kUser;
  std::string_view group;  // via == kGroup only; views into the Directory
};

// An account id (1-32 digits, identity/names.h) stored inline, so that the check path reads
// it from its entry's own cache line rather than from a heap string.
class AccountId {
 public:
  static constexpr size_t kMaxSize = 32;
  AccountId() = default;
  explicit AccountId(std::string_view id) : size_(static_cast<uint8_t>(id.size())) {
    id.copy(data_.data(), kMaxSize);
  }
  std::string_view view() const { return {data_.data(), size_}; }

 private:
  std::array<char, kMaxSize> data_{};
  uint8_t size_ = 0;
};

// What the check path reads about a principal: one cache line. It lives in the principal
// table's slot, right after the ARN it is found by (flat_index.h), so both lines load
// together; its ARN and id live in Snapshot::principal_info.
struct alignas(64) PrincipalEntry {
  AccountId account;
  identity::PrincipalType type = identity::PrincipalType::kRoot;
  uint32_t index = 0;             // Snapshot::principal(index) is this entry
  uint32_t identity_set = kNone;  // index into identity sets; kNone: no policies
  uint32_t sources_begin = 0;     // PolicySource range, aligned with the set's policies
  uint32_t sources_end = 0;
  // One bit per workspace the principal is a member of (WorkspaceBit): a clear bit proves
  // "not a member", so most checks on another workspace skip the membership probe.
  uint64_t workspace_filter = 0;

  static uint64_t WorkspaceBit(uint32_t workspace) {
    return uint64_t{1} << ((workspace * 0x9E3779B1u) >> 26);
  }
  bool MayBeMemberOf(uint32_t workspace) const {
    return (workspace_filter & WorkspaceBit(workspace)) != 0;
  }
};
static_assert(sizeof(PrincipalEntry) == 64, "a principal entry is one cache line");

struct PrincipalInfo {
  std::string arn;  // canonical (identity/arn.h)
  std::string id;   // account id (root), user id or role id
};

struct WorkspaceEntry {
  AccountId account;
  uint64_t id_hash = 0;  // Snapshot::HashKey(id)
  std::string id;
  std::string region;
  const workspace::Workspace* workspace = nullptr;  // points into the snapshot's Workspaces
};

// A compiled workspace role. Built-in roles have one set for all workspaces; custom roles one
// per (workspace, role).
struct RoleSet {
  policy::CompiledPolicySet set;
  std::string name;  // built-in: API name (PAI.AlgoDeveloper); custom: the role id
  bool built_in = true;
  bool can_deny = false;  // has a Deny statement (compiled roles have none today)
};

// True when some statement of the set is a Deny: a set without one cannot change a decision
// that is already Allow, so a check without an Explanation may skip it.
bool HasDeny(const policy::CompiledPolicySet& set);

class Snapshot {
 public:
  struct Stats {
    size_t principals = 0;
    size_t identity_sets = 0;
    size_t role_sets = 0;
    size_t workspaces = 0;
    size_t memberships = 0;
    size_t index_bytes = 0;  // principal, workspace and membership tables (not the policies)
    double build_seconds = 0;
  };

  // Fails (InvalidArgument, rule "authz.snapshot") only on state the workspace and identity
  // components would never produce: a member role that names no role, a custom role the
  // catalog rejects.
  static StatusOr<std::shared_ptr<const Snapshot>> Build(const catalog::Catalog& catalog,
                                                         identity::Directory directory,
                                                         workspace::Workspaces workspaces);

  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  ~Snapshot();

  const catalog::Catalog& catalog() const { return catalog_; }
  const identity::Directory& directory() const { return directory_; }
  const workspace::Workspaces& workspaces() const { return workspaces_; }
  const Stats& stats() const { return stats_; }

  // --- the check path: no allocation, no lock -----------------------------------------------
  // The check path hashes the principal ARN and the workspace id once, starts loading every
  // table slot they lead to (principal, workspace, membership), and only then probes: the
  // three likely cache misses overlap instead of following one another.
  static uint64_t HashKey(std::string_view key) { return internal::FlatIndex::Hash(key); }
  void PrefetchPrincipal(uint64_t arn_hash) const { principal_by_arn_.Prefetch(arn_hash); }
  void PrefetchWorkspace(uint64_t id_hash) const { workspace_by_id_.Prefetch(id_hash); }
  void PrefetchMembership(uint64_t workspace_hash, uint64_t principal_hash) const {
    if (!member_slots_.empty()) {
      __builtin_prefetch(&member_slots_[MemberHash(workspace_hash, principal_hash) & member_mask_]);
    }
  }
  // By canonical ARN; role session ARNs are resolved by the Authorizer. `hash` = HashKey(arn).
  const PrincipalEntry* FindPrincipal(std::string_view arn) const {
    return FindPrincipal(arn, HashKey(arn));
  }
  const PrincipalEntry* FindPrincipal(std::string_view arn, uint64_t hash) const {
    return principal_by_arn_.FindPayload(arn, hash);
  }
  uint32_t FindWorkspace(std::string_view id) const { return FindWorkspace(id, HashKey(id)); }
  uint32_t FindWorkspace(std::string_view id, uint64_t hash) const {  // kNone when absent
    uint32_t index = workspace_by_id_.Find(id, hash);
    return index == internal::FlatIndex::kMissing ? kNone : index;
  }
  // Role-set ids of `principal` (index) in `workspace` (index); empty when not a member.
  // From the principal's sorted membership array (explanations).
  std::span<const uint32_t> MemberRoleSets(uint32_t workspace, uint32_t principal) const;
  // The same from the membership hash table, keyed by the workspace id's and the canonical
  // principal ARN's HashKey: one probe, usually one (prefetched) cache line. The check path's
  // way.
  std::span<const uint32_t> FindMemberRoleSets(uint32_t workspace, uint32_t principal,
                                               uint64_t workspace_hash,
                                               uint64_t principal_hash) const;
  // The same, hashing the keys from the indexes (tests; empty for an index out of range).
  std::span<const uint32_t> FindMemberRoleSets(uint32_t workspace, uint32_t principal) const;

  uint32_t PrincipalIndex(const PrincipalEntry& p) const { return p.index; }
  const PrincipalEntry& principal(uint32_t index) const { return principals_[index]; }
  const PrincipalInfo& principal_info(const PrincipalEntry& p) const {
    return principal_info_[p.index];
  }
  const WorkspaceEntry& workspace(uint32_t index) const { return workspaces_index_[index]; }
  const policy::CompiledPolicySet& identity_set(uint32_t index) const {
    return identity_sets_[index];
  }
  std::span<const PolicySource> sources(const PrincipalEntry& p) const {
    return {policy_sources_.data() + p.sources_begin, p.sources_end - p.sources_begin};
  }
  const RoleSet& role_set(uint32_t index) const { return role_sets_[index]; }
  const policy::CompiledPolicySet& default_allow() const { return *default_allow_; }
  bool default_allow_can_deny() const { return default_allow_can_deny_; }
  // Which role sets (ids = role set indexes) and the default-allow set (id =
  // default_allow_filter_id()) can match an action at all.
  const internal::ActionFilter& action_filter() const { return action_filter_; }
  uint32_t default_allow_filter_id() const { return static_cast<uint32_t>(role_sets_.size()); }

 private:
  class Builder;
  Snapshot(const catalog::Catalog& catalog, identity::Directory directory,
           workspace::Workspaces workspaces);

  // One (principal, workspace) membership. A principal's memberships are contiguous and
  // sorted by workspace, so the check path finds one with a short binary search; up to two
  // role sets (nearly every member) are stored inline, more in member_role_sets_.
  struct Membership {
    uint32_t workspace = 0;
    uint32_t count = 0;
    uint32_t roles[2] = {0, 0};  // count > 2: roles[0] is the start in member_role_sets_
  };

  catalog::Catalog catalog_;
  identity::Directory directory_;
  workspace::Workspaces workspaces_;
  Stats stats_;

  std::vector<PrincipalEntry> principals_;  // by index; the check path reads the table's copy
  std::vector<PrincipalInfo> principal_info_;
  internal::BasicFlatIndex<PrincipalEntry> principal_by_arn_;
  std::vector<PolicySource> policy_sources_;
  std::vector<policy::CompiledPolicySet> identity_sets_;

  std::vector<WorkspaceEntry> workspaces_index_;
  internal::FlatIndex workspace_by_id_;

  std::vector<RoleSet> role_sets_;
  std::vector<Membership> memberships_;
  // Per principal index: its range of memberships_.
  std::vector<std::pair<uint32_t, uint32_t>> membership_ranges_;
  std::vector<uint32_t> member_role_sets_;

  // Every membership again, in an open-addressing table with linear probing and load <= 0.5,
  // placed by the hashes of (workspace id, canonical principal ARN) and verified by their
  // indexes, so that a lookup (a member or not) reads one or two slots whose load can start
  // before either index is known. 16 bytes a slot: up to two role sets inline, more as a
  // range of member_role_sets_.
  struct MemberSlot {
    static constexpr uint32_t kRange = 0x80000000u;  // roles[0]: kRange | start, roles[1]: count
    uint32_t workspace = kNone;                      // kNone: empty slot
    uint32_t principal = kNone;
    uint32_t roles[2] = {kNone, kNone};              // kNone: no second role
  };
  static uint64_t MemberHash(uint64_t workspace_hash, uint64_t principal_hash) {
    uint64_t h = (workspace_hash ^ (principal_hash * 0x9e3779b97f4a7c15ull)) * 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 31);
  }
  std::vector<MemberSlot, internal::HugePageAllocator<MemberSlot>> member_slots_;
  uint64_t member_mask_ = 0;

  std::unique_ptr<policy::CompiledPolicySet> default_allow_;
  bool default_allow_can_deny_ = false;
  internal::ActionFilter action_filter_;
};

}  // namespace paiam::authz

#endif  // PAIAM_AUTHZ_SNAPSHOT_H_
