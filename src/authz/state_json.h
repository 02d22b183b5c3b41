// paiam/authz — a whole paiam state (RAM directory + PAI workspaces) as one JSON document, for
// `paiam check`, tests and examples (examples/state.json). The store is the production source
// of truth; this format is for people and fixtures.
//
// Loading replays the document through the Directory and Workspaces operations, so every rule
// they enforce applies (names, quotas, "the creator becomes Owner", custom role validation, ...)
// and an error names where in the document it happened:
//   accounts[0].users[2]: InvalidArgument [InvalidParameter.UserName.InvalidChars]: ...
//
// Format (every key optional unless marked required):
// {
//   "limits": {"users_per_account": 20000, ...},      // identity::Limits field names
//   "accounts": [{
//     "id": "1000000000000001",                        // required
//     "alias": "acme",
//     "policies": [{                                   // custom policies
//       "name": "DenyDatasetDeletion",                 // required
//       "description": "...",
//       "document": {...RAM policy...},                // or a JSON string; becomes v1
//       "versions": [{"document": {...}, "default": true}, ...]  // instead of "document":
//     }],                                              // v1, v2, ...; default: the last
//     "groups": [{"name": "developers", "comments": "...", "policies": [POLICY_REF, ...]}],
//     "users": [{"name": "alice", "id": "2000000000000001", "display_name": "Alice",
//                "groups": ["developers"], "policies": [POLICY_REF, ...]}],
//     "roles": [{"name": "pai-ops", "id": "...", "trust_policy": {...} or "...",
//                "policies": [POLICY_REF, ...]}]
//   }],
//   "workspaces": [{
//     "id": "1001", "account": "1000000000000001",    // required
//     "region": "cn-hangzhou", "name": "nlp_team",     // required
//     "display_name": "...", "description": "...", "env_types": ["prod"],
//     "creator": PRINCIPAL_ARN,                        // required; becomes PAI.WorkspaceOwner
//     "default": true,                                 // the account's default in its region
//     "custom_roles": [{"id": "readers", "name": "DatasetReaders",
//       "modules": [{"module": "Dataset", "level": "ReadOnly"},
//                   {"module": "DLC", "level": "CustomPermissions", "permissions": [
//                      {"codes": ["PaiDLC:ListJobs"],
//                       "rules": [{"accessibility": "PUBLIC", "entity": "ANY"}]}]}]}],
//     "members": [{"principal": PRINCIPAL_ARN, "roles": ["PAI.AlgoDeveloper", "readers"]}],
//     "assets": [{"type": "dataset", "id": "ds-1", "name": "...", "creator": PRINCIPAL_ARN,
//                 "accessibility": "PUBLIC", "parent": "m-1"}]   // parent: child types only
//   }]
// }
// POLICY_REF is "System:Name", "Custom:Name", or a bare name: the account's custom policy of
// that name if there is one, else the system policy. PRINCIPAL_ARN is a root, user or role ARN
// of an account above (acs:ram::<account>:user/<name>). Roles are built-in API names
// (PAI.WorkspaceAdmin, ...) or ids of the workspace's custom roles. Listing the creator under
// "members" adds roles to its Owner membership. Asset types are workspace/asset_types.h names
// ("dataset", "model_version", ...); assets are created PRIVATE and published when
// "accessibility" is "PUBLIC"; list a parent before its children. The Directory starts with
// the system policies embedded from data/.
// Depends on: identity, workspace, base (and nlohmann/json in the .cc).
#ifndef PAIAM_AUTHZ_STATE_JSON_H_
#define PAIAM_AUTHZ_STATE_JSON_H_

#include <string_view>

#include "activation/activation.h"
#include "base/status.h"
#include "identity/directory.h"
#include "workspace/workspaces.h"

namespace paiam::authz {

struct State {
  identity::Directory directory;
  workspace::Workspaces workspaces;
  // Products, quick authorization, trials (activation/). The initializer keeps State{dir, ws}
  // free of -Wmissing-field-initializers.
  activation::Activations activation{};
};

// Errors: InvalidArgument with rule "authz.state-json" for malformed JSON or a wrong shape;
// otherwise the refusing operation's own Status, its message prefixed with the JSON path.
StatusOr<State> LoadStateJson(std::string_view text);

}  // namespace paiam::authz

#endif  // PAIAM_AUTHZ_STATE_JSON_H_
