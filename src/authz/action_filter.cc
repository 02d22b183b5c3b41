// paiam/authz — ActionFilter (action_filter.h).
#include "authz/action_filter.h"

#include <map>
#include <set>
#include <string>

#include "policy/glob.h"

namespace paiam::authz::internal {
namespace {

std::string Fold(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = policy::FoldCase(c);
  return out;
}

// True when every statement lists exact action names (no NotAction, no wildcard).
bool ExactActionsOnly(const policy::CompiledPolicySet& set) {
  for (const policy::Policy& p : set.view().identity) {
    for (const policy::Statement& s : p.document.statements) {
      if (s.not_action) return false;
      for (const std::string& a : s.actions) {
        if (policy::HasWildcard(a)) return false;
      }
    }
  }
  return true;
}

}  // namespace

void ActionFilter::Build(const std::vector<const policy::CompiledPolicySet*>& sets) {
  filtered_.assign(sets.size(), false);
  std::map<std::string, std::pair<std::string, std::set<uint32_t>>> by_name;  // folded ->
  for (uint32_t id = 0; id < sets.size(); ++id) {
    if (!ExactActionsOnly(*sets[id])) continue;
    filtered_[id] = true;
    for (const policy::Policy& p : sets[id]->view().identity) {
      for (const policy::Statement& s : p.document.statements) {
        for (const std::string& a : s.actions) {
          auto& [spelling, ids] = by_name[Fold(a)];
          if (spelling.empty()) spelling = a;
          ids.insert(id);
        }
      }
    }
  }
  size_t capacity = 16;
  while (capacity < by_name.size() * 2) capacity *= 2;  // load factor <= 0.5
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  names_.clear();
  ranges_.assign(1, 0);
  ids_.clear();
  for (const auto& [folded, entry] : by_name) {
    const auto& [spelling, ids] = entry;
    uint64_t hash = policy::PreparedAction(spelling).action_hash();
    size_t at = hash & mask_;
    while (slots_[at].name != UINT32_MAX) at = (at + 1) & mask_;
    slots_[at] = {hash, static_cast<uint32_t>(names_.size())};
    names_.push_back(spelling);
    ids_.insert(ids_.end(), ids.begin(), ids.end());
    ranges_.push_back(static_cast<uint32_t>(ids_.size()));
  }
}

ActionFilter::Hits ActionFilter::Lookup(const policy::PreparedAction& action) const {
  std::string_view text = action.action();
  if (text.size() > kMaxAction) return {};
  if (slots_.empty()) return {{}, true};
  for (size_t at = action.action_hash() & mask_;; at = (at + 1) & mask_) {
    const Slot& slot = slots_[at];
    if (slot.name == UINT32_MAX) return {{}, true};
    if (slot.hash != action.action_hash()) continue;
    const std::string& name = names_[slot.name];
    if (name == text || policy::EqualsIgnoreCase(name, text)) {
      return {{ids_.data() + ranges_[slot.name], ranges_[slot.name + 1] - ranges_[slot.name]}, true};
    }
  }
}

}  // namespace paiam::authz::internal
