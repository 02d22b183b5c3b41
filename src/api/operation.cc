// paiam/api — the merged, sorted operation table (operation.h).
#include "api/operation.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "api/ops_internal.h"

namespace paiam::api {
namespace {

std::vector<Operation> BuildTable() {
  std::vector<Operation> table;
  for (auto part : {internal::IdentityOperations(), internal::WorkspaceOperations(),
                    internal::ServiceOperations(), internal::StsOperations(),
                    internal::ResourceManagerOperations(), internal::ActivationOperations()}) {
    table.insert(table.end(), part.begin(), part.end());
  }
  std::sort(table.begin(), table.end(),
            [](const Operation& a, const Operation& b) { return a.name < b.name; });
  // A duplicate name is a programming error that would make one operation unreachable.
  for (size_t i = 1; i < table.size(); ++i) {
    if (table[i - 1].name == table[i].name) std::abort();
  }
  return table;
}

}  // namespace

std::span<const Operation> Operations() {
  static const std::vector<Operation> table = BuildTable();
  return table;
}

const Operation* FindOperation(std::string_view name) {
  auto table = Operations();
  auto it = std::lower_bound(table.begin(), table.end(), name,
                             [](const Operation& op, std::string_view n) { return op.name < n; });
  return it != table.end() && it->name == name ? &*it : nullptr;
}

}  // namespace paiam::api
