// paiam/authz — building a Snapshot (snapshot.h).
#include "authz/snapshot.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>
#include <utility>

#include "identity/arn.h"
#include "workspace/role_policy.h"

namespace paiam::authz {
namespace {

Status SnapshotError(std::string message) {
  return Status(StatusCode::kInvalidArgument, "authz.snapshot", std::move(message));
}

// Identifies one policy version: custom policies are per account, system ones global.
std::string PolicyKey(const identity::EffectivePolicy& p) {
  std::string key(identity::PolicyTypeName(p.policy->type));
  key.append(1, '\x1f').append(p.policy->account_id).append(1, '\x1f');
  key.append(p.policy->name).append(1, '\x1f').append(p.version->version_id);
  return key;
}

std::vector<const workspace::Workspace*> AllWorkspaces(const workspace::Workspaces& all) {
  std::vector<const workspace::Workspace*> out;
  workspace::WorkspaceFilter filter;
  filter.ascending = true;
  filter.page_size = 100;  // the API's maximum page
  for (filter.page_number = 1;; ++filter.page_number) {
    auto page = all.ListWorkspaces(filter);
    if (!page.ok() || page->items.empty()) break;
    out.insert(out.end(), page->items.begin(), page->items.end());
    if (out.size() >= page->total_count) break;
  }
  return out;
}

}  // namespace

bool HasDeny(const policy::CompiledPolicySet& set) {
  for (const policy::Policy& p : set.view().identity) {
    for (const policy::Statement& s : p.document.statements) {
      if (s.effect == policy::Effect::kDeny) return true;
    }
  }
  return false;
}

// Fills a Snapshot's tables; kept apart so that Snapshot's own interface stays read-only.
class Snapshot::Builder {
 public:
  explicit Builder(Snapshot& s) : s_(s) {}

  Status Build() {
    AddPrincipals();
    if (Status st = AddBuiltInRoles(); !st.ok()) return st;
    if (Status st = AddWorkspaces(); !st.ok()) return st;
    LayOutMemberships();
    BuildIndexes();
    AddDefaultAllowAndFilter();
    FillStats();
    return Status::Ok();
  }

 private:
  void AddDefaultAllowAndFilter() {
    s_.default_allow_ = std::make_unique<policy::CompiledPolicySet>(
        std::vector<policy::Policy>{workspace::CompileDefaultAllowPolicy(s_.catalog_)});
    s_.default_allow_can_deny_ = HasDeny(*s_.default_allow_);
    std::vector<const policy::CompiledPolicySet*> filtered;
    for (RoleSet& role : s_.role_sets_) {
      role.can_deny = HasDeny(role.set);
      filtered.push_back(&role.set);
    }
    filtered.push_back(s_.default_allow_.get());  // id default_allow_filter_id()
    s_.action_filter_.Build(filtered);
  }

  void FillStats() {
    s_.stats_.principals = s_.principals_.size();
    s_.stats_.identity_sets = s_.identity_sets_.size();
    s_.stats_.role_sets = s_.role_sets_.size();
    s_.stats_.workspaces = s_.workspaces_index_.size();
    s_.stats_.memberships = s_.memberships_.size();
    s_.stats_.index_bytes = s_.principal_by_arn_.MemoryBytes() + s_.workspace_by_id_.MemoryBytes() +
                            s_.memberships_.capacity() * sizeof(Membership) +
                            s_.membership_ranges_.capacity() * sizeof(s_.membership_ranges_[0]) +
                            s_.member_role_sets_.capacity() * sizeof(uint32_t) +
                            s_.member_slots_.capacity() * sizeof(MemberSlot) +
                            s_.principals_.capacity() * sizeof(PrincipalEntry) +
                            s_.principal_info_.capacity() * sizeof(PrincipalInfo);
  }

  void AddPrincipals() {
    const identity::Directory& dir = s_.directory_;
    std::vector<identity::EffectivePolicy> effective;
    for (const identity::Account* account : dir.ListAccounts()) {
      // identity validates account ids as 1-32 digits, which AccountId holds inline.
      AddPrincipal(identity::PrincipalType::kRoot, identity::RootArn(account->id), account->id,
                   account->id, {});
      for (const identity::User* user : dir.ListUsers(account->id)) {
        effective.clear();
        dir.AppendEffectivePolicies(*user, &effective);
        AddPrincipal(identity::PrincipalType::kUser, identity::UserArn(account->id, user->name),
                     account->id, user->id, effective);
      }
      for (const identity::Role* role : dir.ListRoles(account->id)) {
        effective.clear();
        dir.AppendRolePolicies(*role, &effective);
        AddPrincipal(identity::PrincipalType::kRole, identity::RoleArn(account->id, role->name),
                     account->id, role->id, effective);
      }
    }
  }

  void AddPrincipal(identity::PrincipalType type, std::string arn, std::string_view account,
                    std::string_view id, const std::vector<identity::EffectivePolicy>& policies) {
    PrincipalEntry entry;
    entry.type = type;
    entry.account = AccountId(account);
    entry.sources_begin = static_cast<uint32_t>(s_.policy_sources_.size());
    for (const identity::EffectivePolicy& p : policies) {
      s_.policy_sources_.push_back({p.via, p.group});
    }
    entry.sources_end = static_cast<uint32_t>(s_.policy_sources_.size());
    if (!policies.empty()) entry.identity_set = IdentitySet(policies);
    auto index = static_cast<uint32_t>(s_.principals_.size());
    entry.index = index;
    principal_by_id_.emplace(std::string(id), index);
    s_.principals_.push_back(entry);
    s_.principal_info_.push_back({std::move(arn), std::string(id)});
  }

  // The shared compiled set for this exact list of policies (order and repeats included, so
  // that statement references line up with the principal's PolicySource list).
  uint32_t IdentitySet(const std::vector<identity::EffectivePolicy>& policies) {
    std::string key;
    for (const identity::EffectivePolicy& p : policies) key.append(PolicyKey(p)).append(1, '\n');
    auto [it, added] = identity_set_by_key_.emplace(
        std::move(key), static_cast<uint32_t>(s_.identity_sets_.size()));
    if (added) {
      std::vector<policy::Policy> compiled;
      compiled.reserve(policies.size());
      for (const identity::EffectivePolicy& p : policies) {
        compiled.push_back({p.policy->name, p.version->version_id, p.version->document});
      }
      s_.identity_sets_.emplace_back(std::move(compiled));
    }
    return it->second;
  }

  Status AddBuiltInRoles() {
    for (const catalog::Role& role : s_.catalog_.roles()) {
      auto compiled = workspace::CompileRolePolicyAnyWorkspace(
          s_.catalog_, workspace::RoleDefinition::BuiltIn(role.api_name));
      if (!compiled.ok()) return compiled.status();
      builtin_role_set_.emplace(role.api_name, static_cast<uint32_t>(s_.role_sets_.size()));
      s_.role_sets_.push_back(RoleSet{policy::CompiledPolicySet({std::move(*compiled)}),
                                      role.api_name, /*built_in=*/true});
    }
    return Status::Ok();
  }

  Status AddWorkspaces() {
    for (const workspace::Workspace* ws : AllWorkspaces(s_.workspaces_)) {
      auto index = static_cast<uint32_t>(s_.workspaces_index_.size());
      if (ws->account_id.size() > AccountId::kMaxSize) {
        return SnapshotError("workspace " + ws->id + ": account id longer than 32 characters");
      }
      s_.workspaces_index_.push_back({AccountId(ws->account_id), HashKey(ws->id), ws->id, ws->region, ws});
      std::map<std::string, uint32_t, std::less<>> custom;  // role id -> role set
      for (const auto& [id, role] : ws->custom_roles) {
        auto compiled = workspace::CompileRolePolicyAnyWorkspace(
            s_.catalog_, workspace::RoleDefinition::Custom(role.id, role.name, role.modules));
        if (!compiled.ok()) {
          return SnapshotError("workspace " + ws->id + " custom role " + id + ": " +
                               compiled.status().ToString());
        }
        custom.emplace(id, static_cast<uint32_t>(s_.role_sets_.size()));
        s_.role_sets_.push_back(
            RoleSet{policy::CompiledPolicySet({std::move(*compiled)}), id, /*built_in=*/false});
      }
      for (const auto& [user_id, member] : ws->members) {
        if (Status st = AddMember(index, *ws, member, custom); !st.ok()) return st;
      }
    }
    return Status::Ok();
  }

  Status AddMember(uint32_t ws_index, const workspace::Workspace& ws,
                   const workspace::Member& member,
                   const std::map<std::string, uint32_t, std::less<>>& custom) {
    auto principal = principal_by_id_.find(member.user_id);
    if (principal == principal_by_id_.end()) {
      return SnapshotError("workspace " + ws.id + ": member " + member.user_id +
                           " is no principal of the directory");
    }
    PendingMembership pending{principal->second, ws_index, {}};
    for (const std::string& role : member.roles) {
      uint32_t set = kNone;
      if (auto it = custom.find(role); it != custom.end()) set = it->second;
      if (const catalog::Role* r = s_.catalog_.FindRole(role); set == kNone && r != nullptr) {
        set = builtin_role_set_.at(r->api_name);
      }
      if (set == kNone) {
        return SnapshotError("workspace " + ws.id + ": member " + member.user_id +
                             " has unknown role " + role);
      }
      pending.role_sets.push_back(set);
    }
    pending_.push_back(std::move(pending));
    return Status::Ok();
  }

  // Groups memberships by principal, sorted by workspace (Snapshot::Membership).
  void LayOutMemberships() {
    std::sort(pending_.begin(), pending_.end(), [](const auto& a, const auto& b) {
      return std::tie(a.principal, a.workspace) < std::tie(b.principal, b.workspace);
    });
    s_.memberships_.reserve(pending_.size());
    s_.membership_ranges_.assign(s_.principals_.size(), {0, 0});
    size_t next = 0;
    for (uint32_t p = 0; p < s_.principals_.size(); ++p) {
      PrincipalEntry& entry = s_.principals_[p];
      s_.membership_ranges_[p].first = static_cast<uint32_t>(s_.memberships_.size());
      for (; next < pending_.size() && pending_[next].principal == p; ++next) {
        const std::vector<uint32_t>& roles = pending_[next].role_sets;
        Membership m{pending_[next].workspace, static_cast<uint32_t>(roles.size())};
        if (roles.size() <= std::size(m.roles)) {
          std::copy(roles.begin(), roles.end(), m.roles);
        } else {
          m.roles[0] = static_cast<uint32_t>(s_.member_role_sets_.size());
          s_.member_role_sets_.insert(s_.member_role_sets_.end(), roles.begin(), roles.end());
        }
        s_.memberships_.push_back(m);
        entry.workspace_filter |= PrincipalEntry::WorkspaceBit(m.workspace);
      }
      s_.membership_ranges_[p].second = static_cast<uint32_t>(s_.memberships_.size());
    }
    pending_.clear();
    HashMemberships();
  }

  // Snapshot::member_slots_ from the laid-out memberships.
  void HashMemberships() {
    size_t capacity = 16;
    while (capacity < s_.memberships_.size() * 2) capacity *= 2;
    s_.member_slots_.assign(capacity, MemberSlot{});
    s_.member_mask_ = capacity - 1;
    for (uint32_t p = 0; p < s_.principals_.size(); ++p) {
      const uint64_t principal_hash = HashKey(s_.principal_info_[p].arn);
      const auto [begin, end] = s_.membership_ranges_[p];
      for (uint32_t m = begin; m < end; ++m) {
        const Membership& membership = s_.memberships_[m];
        const uint64_t workspace_hash = s_.workspaces_index_[membership.workspace].id_hash;
        size_t at = MemberHash(workspace_hash, principal_hash) & s_.member_mask_;
        while (s_.member_slots_[at].workspace != kNone) at = (at + 1) & s_.member_mask_;
        MemberSlot& slot = s_.member_slots_[at];
        slot.workspace = membership.workspace;
        slot.principal = p;
        if (membership.count <= std::size(slot.roles)) {
          std::copy(membership.roles, membership.roles + membership.count, slot.roles);
        } else {
          slot.roles[0] = MemberSlot::kRange | membership.roles[0];
          slot.roles[1] = membership.count;
        }
      }
    }
  }

  void BuildIndexes() {
    std::vector<std::string_view> keys;
    for (const PrincipalInfo& p : s_.principal_info_) keys.push_back(p.arn);
    s_.principal_by_arn_.Build(keys, &s_.principals_);
    keys.clear();
    for (const WorkspaceEntry& w : s_.workspaces_index_) keys.push_back(w.id);
    s_.workspace_by_id_.Build(keys);
  }

  struct PendingMembership {
    uint32_t principal = 0;
    uint32_t workspace = 0;
    std::vector<uint32_t> role_sets;
  };

  Snapshot& s_;
  std::vector<PendingMembership> pending_;
  std::unordered_map<std::string, uint32_t> principal_by_id_;
  std::unordered_map<std::string, uint32_t> identity_set_by_key_;
  std::map<std::string, uint32_t, std::less<>> builtin_role_set_;
};

Snapshot::Snapshot(const catalog::Catalog& catalog, identity::Directory directory,
                   workspace::Workspaces workspaces)
    : catalog_(catalog), directory_(std::move(directory)), workspaces_(std::move(workspaces)) {}

Snapshot::~Snapshot() = default;

StatusOr<std::shared_ptr<const Snapshot>> Snapshot::Build(const catalog::Catalog& catalog,
                                                          identity::Directory directory,
                                                          workspace::Workspaces workspaces) {
  auto start = std::chrono::steady_clock::now();
  std::shared_ptr<Snapshot> snapshot(
      new Snapshot(catalog, std::move(directory), std::move(workspaces)));
  if (Status st = Builder(*snapshot).Build(); !st.ok()) return st;
  snapshot->stats_.build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

std::span<const uint32_t> Snapshot::MemberRoleSets(uint32_t workspace, uint32_t principal) const {
  const auto [first, last] = membership_ranges_[principal];
  const Membership* begin = memberships_.data() + first;
  const Membership* end = memberships_.data() + last;
  const Membership* it = std::lower_bound(
      begin, end, workspace, [](const Membership& m, uint32_t w) { return m.workspace < w; });
  if (it == end || it->workspace != workspace) return {};
  if (it->count <= std::size(it->roles)) return {it->roles, it->count};
  return {member_role_sets_.data() + it->roles[0], it->count};
}

std::span<const uint32_t> Snapshot::FindMemberRoleSets(uint32_t workspace,
                                                       uint32_t principal) const {
  if (workspace >= workspaces_index_.size() || principal >= principal_info_.size()) return {};
  return FindMemberRoleSets(workspace, principal, workspaces_index_[workspace].id_hash,
                            HashKey(principal_info_[principal].arn));
}

std::span<const uint32_t> Snapshot::FindMemberRoleSets(uint32_t workspace, uint32_t principal,
                                                       uint64_t workspace_hash,
                                                       uint64_t principal_hash) const {
  if (member_slots_.empty()) return {};
  for (size_t at = MemberHash(workspace_hash, principal_hash) & member_mask_;;
       at = (at + 1) & member_mask_) {
    const MemberSlot& slot = member_slots_[at];
    if (slot.workspace == kNone) return {};
    if (slot.workspace != workspace || slot.principal != principal) continue;
    if ((slot.roles[0] & MemberSlot::kRange) != 0) {
      return {member_role_sets_.data() + (slot.roles[0] & ~MemberSlot::kRange), slot.roles[1]};
    }
    return {slot.roles, slot.roles[0] == kNone ? size_t{0} : slot.roles[1] == kNone ? 1u : 2u};
  }
}

}  // namespace paiam::authz
