// paiam/api — the RAM identity operations' table (ops_internal.h): the topic tables of
// ops_identity_*.cc joined once (ops_identity_internal.h describes them).
#include <vector>

#include "api/ops_identity_internal.h"
#include "api/ops_internal.h"

namespace paiam::api::internal {

std::span<const Operation> IdentityOperations() {
  static const std::vector<Operation> table = [] {
    std::vector<Operation> out;
    for (auto part : {ram::UserOperations(), ram::GroupOperations(), ram::PolicyOperations(),
                      ram::AttachOperations(), ram::RoleOperations()}) {
      out.insert(out.end(), part.begin(), part.end());
    }
    return out;
  }();
  return table;
}

}  // namespace paiam::api::internal
