// paiam/api — the operation tables, one per domain, merged by operation.cc.
#ifndef PAIAM_API_OPS_INTERNAL_H_
#define PAIAM_API_OPS_INTERNAL_H_

#include <span>

#include "api/operation.h"

namespace paiam::api::internal {

std::span<const Operation> IdentityOperations();   // ops_identity*.cc: RAM entities
std::span<const Operation> WorkspaceOperations();  // ops_workspace*.cc: PAI workspaces, assets
std::span<const Operation> ServiceOperations();    // ops_service.cc: the server's own
std::span<const Operation> StsOperations();        // ops_sts.cc: STS 2015-04-01
std::span<const Operation> ResourceManagerOperations();  // ops_resourcemanager.cc: service-linked roles
std::span<const Operation> ActivationOperations();  // ops_activation.cc: products, quick authorization, trials

// Creates the account and its root AccessKey on a server's first start. Internal: replayed
// from the log, refused when a client names it.
inline constexpr std::string_view kBootstrapOperation = "BootstrapAccount";

}  // namespace paiam::api::internal

#endif  // PAIAM_API_OPS_INTERNAL_H_
