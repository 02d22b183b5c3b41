// paiam/authz — where a resource ARN sits: its account, and the workspace it lies in.
//
// The authorizer applies a member's workspace roles only to resources inside that workspace.
// Role policies scoped to a workspace (workspace/role_policy.h) name their resources as
//   acs:*:*:<account>:workspace/<workspace>   and   acs:*:*:<account>:workspace/<workspace>/*
// so "inside workspace W of account A" must mean exactly "matches one of those two globs" for
// the authorizer's shortcut (role policies compiled on Resource "*", applied only in the
// workspace the ARN names) to decide as the scoped policies would. FindWorkspaceScope reads the
// ARN the same way the globs do, including their `*` crossing ':' (acs:a:b:c:123:workspace/7 is
// in workspace 7 of account 123). An ARN that names two workspaces is attributed to the first
// that fits; no PAI ARN does that.
//
// Parsing never allocates: results view into the argument. Depends on nothing.
#ifndef PAIAM_AUTHZ_RESOURCE_SCOPE_H_
#define PAIAM_AUTHZ_RESOURCE_SCOPE_H_

#include <string_view>

namespace paiam::authz {

struct WorkspaceScope {
  std::string_view account;    // the segment before ":workspace/"
  std::string_view workspace;  // the workspace id; empty when the ARN is in no workspace
  bool in_workspace() const { return !workspace.empty(); }
};

// The workspace a resource ARN lies in, as the scoped role policies' globs see it.
WorkspaceScope FindWorkspaceScope(std::string_view resource);

// The account field of acs:<service>:<region>:<account>:<path>; empty when there is none.
// The root identity's reach (design.md, "One engine", step 1) is decided on it.
std::string_view ResourceAccount(std::string_view resource);

// Both of the above, as the check path needs them.
struct ResourcePlace {
  std::string_view account;  // ResourceAccount(resource)
  WorkspaceScope scope;      // FindWorkspaceScope(resource)
};
// One pass over the fields for PAI's own ARN shape (acs:<code>:<region>:<account>:workspace/<id>
// ...), where the first ":workspace/" follows the account field; any other ARN is read by the
// two functions above. Equal to calling them (tests/authz/role_scope_test.cc).
ResourcePlace LocateResource(std::string_view resource);

}  // namespace paiam::authz

#endif  // PAIAM_AUTHZ_RESOURCE_SCOPE_H_
