// paiam/api — workspace operations (placeholder table until they land).
#include "api/ops_internal.h"

namespace paiam::api::internal {

std::span<const Operation> WorkspaceOperations() { return {}; }

}  // namespace paiam::api::internal
