// paiam/authz — the decision (authorizer.h). The check path runs hash lookups on string_views,
// stack-built ARNs and CompiledPolicySet::Evaluate with the caller's reused trace: no
// allocation, no lock.
#include "authz/authorizer.h"

#include <utility>

#include "authz/request_builder.h"
#include "authz/resource_scope.h"
#include "identity/arn.h"

namespace paiam::authz {

using policy::Decision;

std::string_view SourceName(Source source) {
  switch (source) {
    case Source::kRoot:
      return "root";
    case Source::kUser:
      return "user";
    case Source::kGroup:
      return "group";
    case Source::kRamRole:
      return "ram-role";
    case Source::kWorkspaceRole:
      return "workspace-role";
    case Source::kDefaultAllow:
      return "default-allow";
    case Source::kSession:
      return "session";
  }
  return "unknown";
}

// Evaluates the gathered policy sets in turn and combines them: any Deny wins, then any Allow.
// Without an Explanation it stops at the first Deny; with one it records every deciding
// statement, each tagged with where it came from.
class Authorizer::Gatherer {
 public:
  Gatherer(const Snapshot& snapshot, const policy::Request& request, Explanation* out)
      : request_(request),
        prepared_(request.action),
        out_(out),
        filter_(snapshot.action_filter()),
        hits_(filter_.Lookup(prepared_)) {}

  bool done() const { return out_ == nullptr && denied_; }

  // Without an Explanation, a set that cannot deny is skipped once the request is allowed.
  bool NeedsAllowOnlySet() const { return !done() && (out_ != nullptr || !allowed_); }

  void AddIdentity(const Snapshot& snapshot, const PrincipalEntry& principal) {
    const policy::CompiledPolicySet& set = snapshot.identity_set(principal.identity_set);
    if (!Evaluate(set)) return;
    std::span<const PolicySource> sources = snapshot.sources(principal);
    for (const policy::StatementRef& ref : out_->scratch.statements) {
      const PolicySource& from = sources[ref.policy];
      DecidingStatement d{SourceOf(from.via), &set, ref, from.group, kNone, kNone};
      out_->statements.push_back(d);
    }
  }

  void AddRole(const Snapshot& snapshot, uint32_t role_set, uint32_t workspace) {
    const RoleSet& role = snapshot.role_set(role_set);
    if (!role.can_deny && !NeedsAllowOnlySet()) return;
    if (!filter_.MayMatch(role_set, hits_)) return;
    const policy::CompiledPolicySet& set = role.set;
    if (!Evaluate(set)) return;
    for (const policy::StatementRef& ref : out_->scratch.statements) {
      out_->statements.push_back({Source::kWorkspaceRole, &set, ref, {}, workspace, role_set});
    }
  }

  void AddDefaultAllow(const Snapshot& snapshot) {
    if (!snapshot.default_allow_can_deny() && !NeedsAllowOnlySet()) return;
    if (!filter_.MayMatch(snapshot.default_allow_filter_id(), hits_)) return;
    const policy::CompiledPolicySet& set = snapshot.default_allow();
    if (!Evaluate(set)) return;
    for (const policy::StatementRef& ref : out_->scratch.statements) {
      out_->statements.push_back({Source::kDefaultAllow, &set, ref, {}, kNone, kNone});
    }
  }

  // A role session's policy narrows what was gathered so far: its Deny is final, and without
  // its Allow the identity and workspace-role Allows no longer count. Called after those sets
  // and before the default-allow set, which no identity-based policy grants and which only an
  // explicit Deny withdraws.
  void NarrowBySession(const policy::CompiledPolicySet& session) {
    if (done()) return;
    const bool was_allowed = allowed_;
    allowed_ = false;
    Decision d =
        session.Evaluate(request_, prepared_, out_ == nullptr ? nullptr : &out_->scratch);
    if (d == Decision::kExplicitDeny) {
      if (!denied_ && out_ != nullptr) out_->statements.clear();
      denied_ = true;
    } else if (d == Decision::kAllow && was_allowed) {
      allowed_ = true;
    } else if (!denied_ && out_ != nullptr) {
      out_->statements.clear();  // the identity Allows recorded so far no longer decide
    }
    if (out_ == nullptr || (d == Decision::kAllow && !allowed_)) return;
    if (d == Decision::kExplicitDeny || (d == Decision::kAllow && !denied_)) {
      for (const policy::StatementRef& ref : out_->scratch.statements) {
        out_->statements.push_back({Source::kSession, &session, ref, {}, kNone, kNone});
      }
    }
  }

  Decision FinishByRoot() {
    if (out_ != nullptr) {
      out_->by_root = true;
      out_->decision = Decision::kAllow;
    }
    return Decision::kAllow;
  }

  Decision Finish() {
    Decision d =
        denied_ ? Decision::kExplicitDeny : (allowed_ ? Decision::kAllow : Decision::kImplicitDeny);
    if (out_ != nullptr) out_->decision = d;
    return d;
  }

 private:
  static Source SourceOf(identity::AttachTarget via) {
    switch (via) {
      case identity::AttachTarget::kUser:
        return Source::kUser;
      case identity::AttachTarget::kGroup:
        return Source::kGroup;
      case identity::AttachTarget::kRole:
        return Source::kRamRole;
    }
    return Source::kUser;
  }

  // Evaluates one set; true when its trace holds statements to record.
  bool Evaluate(const policy::CompiledPolicySet& set) {
    if (done()) return false;
    Decision d = set.Evaluate(request_, prepared_, out_ == nullptr ? nullptr : &out_->scratch);
    if (d == Decision::kExplicitDeny) {
      if (!denied_ && out_ != nullptr) out_->statements.clear();  // allows no longer decide
      denied_ = true;
      return out_ != nullptr;
    }
    if (d == Decision::kAllow) {
      allowed_ = true;
      return out_ != nullptr && !denied_;
    }
    return false;
  }

  const policy::Request& request_;
  const policy::PreparedAction prepared_;  // hashed once for every set consulted
  Explanation* out_;
  const internal::ActionFilter& filter_;
  const internal::ActionFilter::Hits hits_;  // the sets that list the action
  bool denied_ = false;
  bool allowed_ = false;
};

Authorizer::Authorizer(std::shared_ptr<const Snapshot> snapshot) : snapshot_(std::move(snapshot)) {}

const PrincipalEntry* Authorizer::ResolvePrincipal(std::string_view arn, bool* exact) const {
  Resolved resolved = Resolve(arn, Snapshot::HashKey(arn));
  if (exact != nullptr) *exact = resolved.exact;
  return resolved.entry;
}

Authorizer::Resolved Authorizer::Resolve(std::string_view arn, uint64_t arn_hash) const {
  if (const PrincipalEntry* p = snapshot_->FindPrincipal(arn, arn_hash)) {
    return {p, arn_hash, true};
  }
  // A role session (role/<name>/<session>, assumed-role/<name>/<session>) acts as its role.
  std::optional<identity::ParsedPrincipalArn> parsed = identity::ParsePrincipalArn(arn);
  if (!parsed || parsed->type != identity::PrincipalType::kRole) return {};
  internal::ArnWriter canonical;
  canonical.Append("acs:ram::").Append(parsed->account_id).Append(":role/").Append(parsed->name);
  if (!canonical.ok()) return {};
  const uint64_t hash = Snapshot::HashKey(canonical.view());
  return {snapshot_->FindPrincipal(canonical.view(), hash), hash, false};
}

Decision Authorizer::Check(std::string_view principal_arn, std::string_view action,
                           std::string_view resource, policy::RequestContext context,
                           Explanation* out, const policy::CompiledPolicySet* session) const {
  if (out != nullptr) out->Reset();
  const Snapshot& s = *snapshot_;
  // Start loading the principal's, the workspace's and the membership's table slots at once;
  // parsing the resource overlaps with the loads.
  const uint64_t principal_hash = Snapshot::HashKey(principal_arn);
  s.PrefetchPrincipal(principal_hash);
  const ResourcePlace place = LocateResource(resource);
  Target target{place.account, kNone, 0};
  if (place.scope.in_workspace()) {
    target.workspace_hash = Snapshot::HashKey(place.scope.workspace);
    s.PrefetchWorkspace(target.workspace_hash);
    s.PrefetchMembership(target.workspace_hash, principal_hash);
  }
  // Hashing the action and finding the sets that list it needs no table: it runs while the
  // slots load.
  policy::Request request{action, resource, context, {}};
  Gatherer gather(s, request, out);
  Resolved principal = Resolve(principal_arn, principal_hash);
  if (principal.entry == nullptr) return Decision::kImplicitDeny;
  if (place.scope.in_workspace()) {
    target.workspace = s.FindWorkspace(place.scope.workspace, target.workspace_hash);
    if (target.workspace != kNone &&
        s.workspace(target.workspace).account.view() != place.scope.account) {
      target.workspace = kNone;
    }
  }
  return Decide(principal, principal_arn, request, target, gather, session);
}

Decision Authorizer::Decide(const Resolved& principal, std::string_view principal_arn,
                            policy::Request& request, const Target& target, Gatherer& gather,
                            const policy::CompiledPolicySet* session) const {
  const Snapshot& s = *snapshot_;
  const PrincipalEntry& entry = *principal.entry;
  const std::string_view account = entry.account.view();
  // System policies (acs:ram::system:policy/<name>) are shared, read-only, by every account:
  // their ARNs count as inside the caller's account. The Directory refuses writes to them.
  const bool shared = target.account == identity::kSystemPolicyAccount;
  if (entry.type == identity::PrincipalType::kRoot &&
      (request.resource == "*" || target.account == account || shared)) {
    return gather.FinishByRoot();
  }
  // A RAM identity acts inside its own account. Reaching another account's resources takes a
  // role there (AssumeRole) or that account's resource policy, never one's own `Resource: "*"`.
  if (!target.account.empty() && target.account != "*" && target.account != account && !shared) {
    return Decision::kImplicitDeny;
  }
  request.principal = {principal_arn, account, std::string_view()};
  if (entry.identity_set != kNone) gather.AddIdentity(s, entry);
  if (target.workspace != kNone && !gather.done() && entry.MayBeMemberOf(target.workspace)) {
    for (uint32_t role_set : s.FindMemberRoleSets(target.workspace, entry.index,
                                                  target.workspace_hash, principal.hash)) {
      gather.AddRole(s, role_set, target.workspace);
    }
  }
  if (session != nullptr) gather.NarrowBySession(*session);
  gather.AddDefaultAllow(s);
  return gather.Finish();
}

Decision Authorizer::CheckAsset(std::string_view principal_arn, std::string_view action,
                                const workspace::Asset& asset, Explanation* out,
                                policy::RequestContext extra,
                                const policy::CompiledPolicySet* session) const {
  if (out != nullptr) out->Reset();
  // The asset spans several cache lines and is often cold: start loading all of them, and the
  // creator's text, before the lookups below need them.
  for (size_t line = 0; line < sizeof(workspace::Asset); line += 64) {
    __builtin_prefetch(reinterpret_cast<const char*>(&asset) + line);
  }
  __builtin_prefetch(asset.creator.data());
  const Snapshot& s = *snapshot_;
  const uint64_t principal_hash = Snapshot::HashKey(principal_arn);
  const uint64_t workspace_hash = Snapshot::HashKey(asset.workspace_id);
  s.PrefetchPrincipal(principal_hash);
  s.PrefetchWorkspace(workspace_hash);
  s.PrefetchMembership(workspace_hash, principal_hash);
  uint32_t ws = s.FindWorkspace(asset.workspace_id, workspace_hash);
  Resolved principal = Resolve(principal_arn, principal_hash);
  if (ws == kNone || principal.entry == nullptr) return Decision::kImplicitDeny;
  const WorkspaceEntry& w = s.workspace(ws);
  internal::ArnWriter arn;
  internal::WriteAssetArn(arn, internal::RamCodeOf(action), w.region, w.account.view(), w.id,
                          asset.type, asset.parent_id, asset.id);
  if (!arn.ok()) return Decision::kImplicitDeny;
  // The caller's ARN is the canonical one unless it named a role session.
  std::string_view me = principal.exact ? principal_arn : s.principal_info(*principal.entry).arn;
  catalog::AssetClass c = catalog::ClassOf(asset.accessibility == workspace::Accessibility::kPublic,
                                           asset.creator == me);
  internal::AssetContext context(c, extra);
  if (!context.ok()) return Decision::kImplicitDeny;
  // The ARN was written from the workspace's own entry: its scope is that workspace.
  policy::Request request{action, arn.view(), context.view(), {}};
  Gatherer gather(s, request, out);
  return Decide(principal, principal_arn, request, {w.account.view(), ws, workspace_hash}, gather,
                session);
}

Decision Authorizer::CheckCreate(std::string_view principal_arn, std::string_view action,
                                 std::string_view workspace_id, workspace::AssetType type,
                                 std::string_view parent_id, workspace::Accessibility requested,
                                 Explanation* out,
                                 const policy::CompiledPolicySet* session) const {
  if (out != nullptr) out->Reset();
  const Snapshot& s = *snapshot_;
  const uint64_t workspace_hash = Snapshot::HashKey(workspace_id);
  uint32_t ws = s.FindWorkspace(workspace_id, workspace_hash);
  Resolved principal = Resolve(principal_arn, Snapshot::HashKey(principal_arn));
  if (ws == kNone || principal.entry == nullptr) return Decision::kImplicitDeny;
  const WorkspaceEntry& w = s.workspace(ws);
  internal::ArnWriter arn;
  internal::WriteAssetArn(arn, internal::RamCodeOf(action), w.region, w.account.view(), w.id, type,
                          parent_id.empty() ? std::string_view("*") : parent_id, "*");
  if (!arn.ok()) return Decision::kImplicitDeny;
  catalog::AssetClass c =
      catalog::ClassOf(requested == workspace::Accessibility::kPublic, /*caller_is_creator=*/true);
  internal::AssetContext context(c, {});
  policy::Request request{action, arn.view(), context.view(), {}};
  Gatherer gather(s, request, out);
  return Decide(principal, principal_arn, request, {w.account.view(), ws, workspace_hash}, gather,
                session);
}

StatementInfo Authorizer::Describe(const DecidingStatement& d) const {
  StatementInfo info;
  info.source = SourceName(d.source);
  if (d.set == nullptr) return info;
  const policy::Policy& p = d.set->policy(d.ref);
  info.policy = p.name;
  info.version = p.version_id;
  info.index = d.ref.statement;
  info.sid = d.set->statement(d.ref).sid;
  info.group = d.group;
  if (d.workspace != kNone) info.workspace = snapshot_->workspace(d.workspace).id;
  if (d.role_set != kNone) info.role = snapshot_->role_set(d.role_set).name;
  return info;
}

}  // namespace paiam::authz
