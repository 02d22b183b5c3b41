// The compiled evaluator. At build time every statement is flattened into a CompiledStatement
// and indexed by action, separately for Deny and Allow statements:
//   * exact actions ("oss:GetObject") in a hash map keyed by the case-folded action;
//   * prefix patterns ("oss:Get*", "pai:*", "*") in a hash map keyed by the folded prefix; a
//     check looks up the request action's prefixes of each length that occurs among the
//     prefixes of the request's ram-code (and among prefixes without a ':', like "*");
//   * other glob patterns, interned so that a pattern shared by many statements is matched once
//     per check: those with a literal ram-code ("oss:*Object") found through a hash map keyed by
//     ram-code, the rest ("*:List*", "o?s:*") tried for every request;
//   * NotAction statements in their own list.
// A check thus globs only the few distinct patterns that can plausibly match, then tests
// resource (exact and prefix patterns without GlobMatch), principal and conditions of the
// candidates, cheapest first. Denies are scanned
// first; allows only when no Deny matched. Nothing here allocates (the trace's vector keeps its
// capacity) or takes a lock; the index is immutable after construction.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "policy/action_index.h"
#include "policy/evaluator.h"
#include "policy/glob.h"

namespace paiam::policy {

namespace {

using internal::ActionBucket;
using internal::ActionRank;
using internal::FoldedStringMap;

struct ActionEntry {
  std::string_view pattern;
  ActionRank rank;
};

// Resource patterns are matched without GlobMatch where their shape allows; the common shapes
// are exact ARNs and "acs:oss:*:123:bucket/*"-style prefixes.
struct ResourcePattern {
  enum class Kind : uint8_t { kExact, kPrefix, kGlob };
  std::string_view text;
  std::string_view literal;  // up to the first wildcard: every match starts with it
  Kind kind = Kind::kExact;

  explicit ResourcePattern(std::string_view pattern) : text(pattern) {
    size_t wildcard = pattern.find_first_of("*?");
    literal = pattern.substr(0, wildcard);
    if (wildcard == std::string_view::npos) {
      kind = Kind::kExact;
    } else {
      kind = HasWildcard(internal::PrefixOf(pattern)) ? Kind::kGlob : Kind::kPrefix;
    }
  }

  bool Matches(std::string_view resource) const {
    switch (kind) {
      case Kind::kExact:
        return resource == text;
      case Kind::kPrefix:
        return resource.starts_with(literal);
      case Kind::kGlob:
        break;
    }
    return resource.starts_with(literal) && GlobMatch(text, resource, CaseMode::kSensitive);
  }
};

struct CompiledStatement {
  const Statement* statement = nullptr;
  StatementRef ref;
  ActionRank first_rank = 0;   // lowest rank of its Action entries
  uint32_t actions_begin = 0;  // ActionEntry pool; read only when entries of several ranks match
  uint32_t actions_end = 0;
  uint32_t resources_begin = 0;  // ResourcePattern pool
  uint32_t resources_end = 0;
  bool has_resource = false;
  bool not_resource = false;
  bool resource_any = false;  // Resource contains "*": matches every resource
  bool has_principal = false;
  bool has_conditions = false;
};

// The Action entries of a NotAction statement: a range in the pattern pool.
struct NotActionGroup {
  uint32_t statement = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
};

// A distinct (case-folded) glob pattern and the statements having it; its rank is GlobRank of
// its index.
struct GlobPattern {
  std::string pattern;
  uint32_t begin = 0;  // range in EffectIndex::glob_statements
  uint32_t end = 0;
};

// The statements of one effect, indexed by action. Each statement appears at most once under
// one key.
struct EffectIndex {
  FoldedStringMap exact;      // folded action -> statement ids
  FoldedStringMap by_prefix;  // folded prefix -> statement ids
  // The distinct prefix lengths, ascending: of prefixes with a ':' by their ram-code (only
  // those of the request's ram-code can match), and of prefixes without one ("*", "oss*").
  FoldedStringMap prefix_lengths_by_code;
  std::vector<uint32_t> prefix_lengths;
  std::vector<GlobPattern> globs;  // the other wildcard patterns
  std::vector<uint32_t> glob_statements;
  FoldedStringMap by_ram_code;         // folded ram-code -> indexes into globs ("oss:*Object")
  std::vector<uint32_t> global_globs;  // indexes into globs tried for every request ("*:List*")
  std::vector<NotActionGroup> not_action;
};

// Everything a CompiledPolicySet holds. CompiledPolicySet::Index (private) derives from it so
// that the helpers below can name it.
struct IndexData {
  std::vector<Policy> identity;
  std::vector<Policy> session;
  bool has_session = false;

  std::vector<CompiledStatement> statements;
  std::vector<ActionEntry> action_entries;
  std::vector<ResourcePattern> resource_patterns;
  std::vector<std::string_view> not_action_patterns;
  EffectIndex deny;
  EffectIndex allow;
};

using KeyedIds = std::unordered_map<std::string, std::vector<uint32_t>>;

// Collects one effect's index before it is frozen into flat arrays and FoldedStringMaps.
struct EffectBuilder {
  KeyedIds exact;
  KeyedIds by_prefix;
  std::map<std::string, std::set<uint32_t>> prefix_lengths_by_code;
  std::set<uint32_t> prefix_lengths;
  std::map<std::string, uint32_t> glob_index;  // folded pattern -> index into glob_statements
  std::vector<std::vector<uint32_t>> glob_statements;
  KeyedIds by_ram_code;
  std::vector<uint32_t> global_globs;

  void Freeze(EffectIndex& effect) const;
};

void EffectBuilder::Freeze(EffectIndex& effect) const {
  effect.exact.Build(exact);
  effect.by_prefix.Build(by_prefix);
  effect.prefix_lengths.assign(prefix_lengths.begin(), prefix_lengths.end());
  KeyedIds lengths_by_code;
  for (const auto& [code, lengths] : prefix_lengths_by_code) {
    lengths_by_code[code].assign(lengths.begin(), lengths.end());
  }
  effect.prefix_lengths_by_code.Build(lengths_by_code);
  effect.by_ram_code.Build(by_ram_code);
  effect.global_globs = global_globs;
  effect.globs.resize(glob_index.size());
  for (const auto& [pattern, index] : glob_index) {
    GlobPattern& glob = effect.globs[index];
    glob.pattern = pattern;
    glob.begin = static_cast<uint32_t>(effect.glob_statements.size());
    effect.glob_statements.insert(effect.glob_statements.end(), glob_statements[index].begin(),
                                  glob_statements[index].end());
    glob.end = static_cast<uint32_t>(effect.glob_statements.size());
  }
}

// Statements are added in id order, so "already listed under this key" is "is the last id".
void AddOnce(std::vector<uint32_t>& ids, uint32_t id) {
  if (ids.empty() || ids.back() != id) ids.push_back(id);
}

// Indexes one Action entry of statement `id`; returns the entry's rank.
ActionRank AddAction(EffectBuilder& builder, uint32_t id, std::string_view action) {
  ActionBucket bucket = internal::ClassifyAction(action);
  if (bucket == ActionBucket::kExact) {
    AddOnce(builder.exact[internal::FoldString(action)], id);
    return internal::kExactRank;
  }
  if (bucket == ActionBucket::kPrefix) {
    std::string_view prefix = internal::PrefixOf(action);
    AddOnce(builder.by_prefix[internal::FoldString(prefix)], id);
    auto length = static_cast<uint32_t>(prefix.size());
    if (prefix.find(':') == std::string_view::npos) {
      builder.prefix_lengths.insert(length);
    } else {  // the ram-code is literal and complete, possibly empty (":Get*")
      builder.prefix_lengths_by_code[internal::FoldString(internal::RamCodeOf(prefix))].insert(
          length);
    }
    return internal::PrefixRank(prefix.size());
  }
  auto [it, added] = builder.glob_index.emplace(
      internal::FoldString(action), static_cast<uint32_t>(builder.glob_statements.size()));
  uint32_t glob = it->second;
  if (added) {
    builder.glob_statements.emplace_back();
    if (bucket == ActionBucket::kRamCode) {
      builder.by_ram_code[internal::FoldString(internal::RamCodeOf(action))].push_back(glob);
    } else {
      builder.global_globs.push_back(glob);
    }
  }
  AddOnce(builder.glob_statements[glob], id);
  return internal::GlobRank(glob);
}

class IndexBuilder {
 public:
  explicit IndexBuilder(IndexData& index) : index_(index) {}

  void Build() {
    AddSet(index_.identity, PolicySetRole::kIdentity);
    if (index_.has_session) AddSet(index_.session, PolicySetRole::kSession);
    for (uint32_t id = 0; id < index_.statements.size(); ++id) AddActions(id);
    deny_.Freeze(index_.deny);
    allow_.Freeze(index_.allow);
  }

 private:
  void AddSet(const std::vector<Policy>& policies, PolicySetRole role) {
    for (uint32_t p = 0; p < policies.size(); ++p) {
      const std::vector<Statement>& statements = policies[p].document.statements;
      for (uint32_t s = 0; s < statements.size(); ++s) {
        AddStatement(statements[s], StatementRef{role, p, s});
      }
    }
  }

  void AddStatement(const Statement& statement, StatementRef ref) {
    CompiledStatement cs;
    cs.statement = &statement;
    cs.ref = ref;
    cs.has_resource = statement.has_resource;
    cs.not_resource = statement.not_resource;
    cs.has_principal = statement.has_principal;
    cs.has_conditions = !statement.conditions.empty();
    cs.resources_begin = static_cast<uint32_t>(index_.resource_patterns.size());
    for (const std::string& resource : statement.resources) {
      index_.resource_patterns.emplace_back(resource);
      if (resource == "*" && !statement.not_resource) cs.resource_any = true;
    }
    cs.resources_end = static_cast<uint32_t>(index_.resource_patterns.size());
    index_.statements.push_back(cs);
  }

  void AddActions(uint32_t id) {
    CompiledStatement& cs = index_.statements[id];
    const Statement& statement = *cs.statement;
    bool deny = statement.effect == Effect::kDeny;
    if (statement.not_action) {
      // first_rank 0 and no entries: listed once, never deduplicated.
      NotActionGroup group{id, static_cast<uint32_t>(index_.not_action_patterns.size()), 0};
      for (const std::string& action : statement.actions) {
        index_.not_action_patterns.push_back(action);
      }
      group.end = static_cast<uint32_t>(index_.not_action_patterns.size());
      (deny ? index_.deny : index_.allow).not_action.push_back(group);
      return;
    }
    cs.first_rank = internal::GlobRank(UINT32_MAX);
    cs.actions_begin = static_cast<uint32_t>(index_.action_entries.size());
    for (const std::string& action : statement.actions) {
      ActionRank rank = AddAction(deny ? deny_ : allow_, id, action);
      index_.action_entries.push_back({action, rank});
      cs.first_rank = std::min(cs.first_rank, rank);
    }
    cs.actions_end = static_cast<uint32_t>(index_.action_entries.size());
  }

  IndexData& index_;
  EffectBuilder deny_;
  EffectBuilder allow_;
};

// One phase of a check: finds the matching statements of one effect index and records them.
// Without a trace it stops as soon as the outcome is known.
class Checker {
 public:
  Checker(const IndexData& index, const Request& request, const PreparedAction& prepared,
          DecisionTrace* trace, bool deny_phase)
      : index_(index),
        request_(request),
        prepared_(prepared),
        trace_(trace),
        deny_phase_(deny_phase) {}

  // Records the statements of `effect` that match the request, each once.
  void Scan(const EffectIndex& effect) {
    std::string_view code = prepared_.ram_code();
    ConsiderAll(effect.exact.Find(request_.action, prepared_.action_hash()), internal::kExactRank);
    const uint32_t* lengths = effect.prefix_lengths.data();
    ScanPrefixes(effect, {lengths, lengths + effect.prefix_lengths.size()});
    if (prepared_.has_ram_code()) {  // the code itself may be empty (":Get")
      ScanPrefixes(effect, effect.prefix_lengths_by_code.Find(code, prepared_.ram_code_hash()));
      ScanGlobs(effect, effect.by_ram_code.Find(code, prepared_.ram_code_hash()));
    }
    const uint32_t* global = effect.global_globs.data();
    ScanGlobs(effect, {global, global + effect.global_globs.size()});
    for (const NotActionGroup& group : effect.not_action) {
      if (done_) break;
      if (!NotActionMatches(group)) continue;
      if (RestMatches(index_.statements[group.statement])) Record(group.statement);
    }
  }

  uint32_t identity_matches() const { return identity_matches_; }
  uint32_t session_matches() const { return session_matches_; }

 private:
  // Looks up the action's prefixes of the given lengths (ascending), hashing incrementally.
  void ScanPrefixes(const EffectIndex& effect, FoldedStringMap::Range lengths) {
    std::string_view action = request_.action;
    internal::FoldedHasher hasher;
    size_t hashed = 0;
    for (const uint32_t* it = lengths.begin; it != lengths.end; ++it) {
      uint32_t length = *it;
      if (length > action.size() || done_) break;
      for (; hashed < length; ++hashed) hasher.Add(action[hashed]);
      std::string_view prefix = action.substr(0, length);
      ConsiderAll(effect.by_prefix.Find(prefix, hasher.Finish()), internal::PrefixRank(length));
    }
  }

  void ScanGlobs(const EffectIndex& effect, FoldedStringMap::Range globs) {
    for (const uint32_t* g = globs.begin; g != globs.end && !done_; ++g) {
      const GlobPattern& glob = effect.globs[*g];
      if (!GlobMatch(glob.pattern, request_.action, CaseMode::kInsensitive)) continue;
      const uint32_t* ids = effect.glob_statements.data();
      ConsiderAll({ids + glob.begin, ids + glob.end}, internal::GlobRank(*g));
    }
  }

  // The statements `ids` match the action through an entry of `rank`.
  void ConsiderAll(FoldedStringMap::Range ids, ActionRank rank) {
    for (const uint32_t* id = ids.begin; id != ids.end && !done_; ++id) {
      const CompiledStatement& cs = index_.statements[*id];
      if (rank != cs.first_rank && MatchesLowerRank(cs, rank)) continue;
      if (RestMatches(cs)) Record(*id);
    }
  }

  // True when an entry of `cs` ranked below `rank` matches too: the statement is handled when
  // that entry is found.
  bool MatchesLowerRank(const CompiledStatement& cs, ActionRank rank) const {
    for (uint32_t i = cs.actions_begin; i < cs.actions_end; ++i) {
      const ActionEntry& entry = index_.action_entries[i];
      if (entry.rank >= rank) continue;
      bool hit = entry.rank == internal::kExactRank
                     ? EqualsIgnoreCase(entry.pattern, request_.action)
                     : GlobMatch(entry.pattern, request_.action, CaseMode::kInsensitive);
      if (hit) return true;
    }
    return false;
  }

  bool NotActionMatches(const NotActionGroup& group) const {
    for (uint32_t i = group.begin; i < group.end; ++i) {
      const std::string_view pattern = index_.not_action_patterns[i];
      if (GlobMatch(pattern, request_.action, CaseMode::kInsensitive)) return false;
    }
    return true;
  }

  bool RestMatches(const CompiledStatement& cs) const {
    if (!ResourceMatches(cs)) return false;
    if (cs.has_principal && !PrincipalMatches(*cs.statement, request_.principal)) return false;
    return !cs.has_conditions || EvaluateConditions(cs.statement->conditions, request_.context);
  }

  bool ResourceMatches(const CompiledStatement& cs) const {
    if (!cs.has_resource || cs.resource_any) return true;
    bool any = false;
    for (uint32_t i = cs.resources_begin; i < cs.resources_end && !any; ++i) {
      any = index_.resource_patterns[i].Matches(request_.resource);
    }
    return any != cs.not_resource;
  }

  void Record(uint32_t id) {
    const StatementRef& ref = index_.statements[id].ref;
    (ref.set == PolicySetRole::kIdentity ? identity_matches_ : session_matches_)++;
    if (trace_ != nullptr) {
      trace_->statements.push_back(ref);
    } else if (deny_phase_) {
      done_ = true;
    } else {
      done_ = identity_matches_ > 0 && (!index_.has_session || session_matches_ > 0);
    }
  }

  const IndexData& index_;
  const Request& request_;
  const PreparedAction& prepared_;
  DecisionTrace* trace_;
  const bool deny_phase_;
  bool done_ = false;
  uint32_t identity_matches_ = 0;
  uint32_t session_matches_ = 0;
};

}  // namespace

struct CompiledPolicySet::Index : IndexData {};

CompiledPolicySet::CompiledPolicySet(std::vector<Policy> identity, std::vector<Policy> session,
                                     bool has_session)
    : index_(std::make_unique<Index>()) {
  index_->identity = std::move(identity);
  index_->session = std::move(session);
  index_->has_session = has_session;
  IndexBuilder(*index_).Build();
}

CompiledPolicySet::~CompiledPolicySet() = default;
CompiledPolicySet::CompiledPolicySet(CompiledPolicySet&&) noexcept = default;
CompiledPolicySet& CompiledPolicySet::operator=(CompiledPolicySet&&) noexcept = default;

PreparedAction::PreparedAction(std::string_view action)
    : action_(action),
      ram_code_(internal::RamCodeOf(action)),
      has_ram_code_(action.find(':') != std::string_view::npos),
      action_hash_(internal::FoldedHasher::Hash(action)),
      ram_code_hash_(internal::FoldedHasher::Hash(ram_code_)) {}

Decision CompiledPolicySet::Evaluate(const Request& request, DecisionTrace* trace) const {
  return Evaluate(request, PreparedAction(request.action), trace);
}

Decision CompiledPolicySet::Evaluate(const Request& request, const PreparedAction& prepared,
                                     DecisionTrace* trace) const {
  if (trace != nullptr) trace->Reset();
  Decision decision = Decision::kImplicitDeny;
  Checker denies(*index_, request, prepared, trace, /*deny_phase=*/true);
  denies.Scan(index_->deny);
  if (denies.identity_matches() + denies.session_matches() > 0) {
    decision = Decision::kExplicitDeny;
  } else {
    Checker allows(*index_, request, prepared, trace, /*deny_phase=*/false);
    allows.Scan(index_->allow);
    if (allows.identity_matches() > 0 && (!index_->has_session || allows.session_matches() > 0)) {
      decision = Decision::kAllow;
    } else if (trace != nullptr) {
      trace->statements.clear();  // allows that do not add up to an Allow decide nothing
    }
  }
  if (trace != nullptr) {
    std::sort(trace->statements.begin(), trace->statements.end());
    trace->decision = decision;
  }
  return decision;
}

const Policy& CompiledPolicySet::policy(const StatementRef& ref) const {
  return ref.set == PolicySetRole::kIdentity ? index_->identity[ref.policy]
                                             : index_->session[ref.policy];
}

const Statement& CompiledPolicySet::statement(const StatementRef& ref) const {
  return policy(ref).document.statements[ref.statement];
}

PolicySetView CompiledPolicySet::view() const {
  return PolicySetView{index_->identity, index_->has_session, index_->session};
}

}  // namespace paiam::policy
