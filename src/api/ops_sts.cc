// paiam/api — STS 2015-04-01: AssumeRole, GetCallerIdentity (ops_internal.h).
// Placeholder table: being written.
#include "api/ops_internal.h"

namespace paiam::api::internal {

std::span<const Operation> StsOperations() { return {}; }

}  // namespace paiam::api::internal
