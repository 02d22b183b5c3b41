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
  std::map<std::string, std::set<uint32_t>> by_name;
  for (uint32_t id = 0; id < sets.size(); ++id) {
    if (!ExactActionsOnly(*sets[id])) continue;
    filtered_[id] = true;
    for (const policy::Policy& p : sets[id]->view().identity) {
      for (const policy::Statement& s : p.document.statements) {
        for (const std::string& a : s.actions) by_name[Fold(a)].insert(id);
      }
    }
  }
  std::vector<std::string_view> names;
  ranges_.assign(1, 0);
  ids_.clear();
  for (const auto& [name, ids] : by_name) {
    names.push_back(name);
    ids_.insert(ids_.end(), ids.begin(), ids.end());
    ranges_.push_back(static_cast<uint32_t>(ids_.size()));
  }
  names_.Build(names);  // copies the keys into its arena
}

ActionFilter::Hits ActionFilter::Lookup(std::string_view action) const {
  if (action.size() > kMaxAction) return {};
  std::array<char, kMaxAction> folded;
  for (size_t i = 0; i < action.size(); ++i) folded[i] = policy::FoldCase(action[i]);
  uint32_t name = names_.Find({folded.data(), action.size()});
  if (name == FlatIndex::kMissing) return {{}, true};
  return {{ids_.data() + ranges_[name], ranges_[name + 1] - ranges_[name]}, true};
}

}  // namespace paiam::authz::internal
