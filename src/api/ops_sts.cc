// paiam/api — STS 2015-04-01 operation table (ops_internal.h): deliberately empty.
//
// AssumeRole and GetCallerIdentity are not Operations: AssumeRole needs the clock and the
// sealing key, which Operation::read does not get, and neither changes the state. They are
// Service methods (sts_api.cc) that the RPC router (native_api.cc, RunOperation) calls by name,
// so the names "AssumeRole" and "GetCallerIdentity" must not appear in any operation table.
#include "api/ops_internal.h"

namespace paiam::api::internal {

std::span<const Operation> StsOperations() { return {}; }

}  // namespace paiam::api::internal
