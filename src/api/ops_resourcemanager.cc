// paiam/api — ResourceManager 2020-03-31: service-linked roles (ops_internal.h).
// Placeholder table: being written.
#include "api/ops_internal.h"

namespace paiam::api::internal {

std::span<const Operation> ResourceManagerOperations() { return {}; }

}  // namespace paiam::api::internal
