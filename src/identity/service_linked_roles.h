// paiam/identity — the services that may have a service-linked role (ResourceManager
// CreateServiceLinkedRole), shipped as data/service_linked_roles.csv with the columns
//   service_name,role_name,policy_name,description,provenance,source
// e.g. aiworkspace.pai.aliyuncs.com → AliyunServiceRoleForPAIWorkspace, whose system policy
// AliyunServiceRolePolicyForPAIWorkspace is under data/policies/system/. Names not printed by
// a seed or spec page are marked "assumed" (shared/spec/ram-policy.md §5).
//
// A service-linked role trusts its service alone, keeps its policy fixed and is deleted only
// by DeleteServiceLinkedRole (ram-policy.md §4 "Service-linked roles"). RAM documents no error
// codes for the refusals, so paiam's are below; they map to HTTP 409 (a state conflict).
//
// Depends on catalog/ (CSV reader), base/.
#ifndef PAIAM_IDENTITY_SERVICE_LINKED_ROLES_H_
#define PAIAM_IDENTITY_SERVICE_LINKED_ROLES_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "identity/entities.h"
#include "identity/system_policies.h"

namespace paiam::identity {

// "<prefix>.AssumeRolePolicyDocument" (UpdateRole), ".MaxSessionDuration" (UpdateRole),
// ".Policy" (Attach/DetachPolicyToRole / FromRole).
inline constexpr std::string_view kServiceLinkedRoleUnmodifiable = "Unmodifiable.ServiceLinkedRole";
// DeleteRole on a service-linked role.
inline constexpr std::string_view kServiceLinkedRoleDeleteConflict =
    "DeleteConflict.Role.ServiceLinkedRole";

struct ServiceLinkedRoleType {
  std::string service_name;  // "aiworkspace.pai.aliyuncs.com"; also ram:ServiceName
  std::string role_name;     // "AliyunServiceRoleForPAIWorkspace"
  std::string policy_name;   // a system policy, attached at creation
  std::string description;   // the role's preset description
  Provenance provenance = Provenance::kAssumed;
  std::string source;
};

// Parses service_linked_roles.csv through `read`. Fails with rule
// "identity.service-linked-role-data" naming the line of the first problem (wrong columns, a
// bad role or policy name, a duplicate service, a provenance other than confirmed/assumed).
StatusOr<std::vector<ServiceLinkedRoleType>> LoadServiceLinkedRoles(const DataReader& read);

// The embedded table, parsed once (empty if the embedded data were broken, which the tests
// rule out).
const std::vector<ServiceLinkedRoleType>& EmbeddedServiceLinkedRoles();
const ServiceLinkedRoleType* FindServiceLinkedRoleType(std::string_view service_name);

// {"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":[S]}}],
//  "Version":"1"} — the form ResourceManager's CreateServiceLinkedRole example returns.
std::string ServiceTrustPolicy(std::string_view service_name);

}  // namespace paiam::identity

#endif  // PAIAM_IDENTITY_SERVICE_LINKED_ROLES_H_
