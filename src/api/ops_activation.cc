// paiam/api — products, activation, quick authorization, dependencies, free trials (ops_internal.h).
// Placeholder table: being written.
#include "api/ops_internal.h"

namespace paiam::api::internal {

std::span<const Operation> ActivationOperations() { return {}; }

}  // namespace paiam::api::internal
