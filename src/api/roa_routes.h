// paiam/api — the AIWorkSpace (2021-02-04) ROA front end's router: maps a request as the
// Alibaba Cloud SDK sends it (method + path under /api/v1/, path parameters percent-encoded,
// filters in the query, a JSON body; shared/spec/alibaba-api.md §1.3, §4) onto one of the
// existing operations (operation.h) and its JSON parameters, so that the Service runs an ROA call
// exactly like POST /v1/ops/<Name>: same authorization, audit and errors.
//
// Parameters come from three places and are merged into one object:
//   * path placeholders ("/api/v1/workspaces/{WorkspaceId}"), percent-decoded (a '+' stays a
//     '+'), under the placeholder's name;
//   * the query string, decoded; values stay strings ("a,b" lists are read by ParamReader);
//   * a JSON object body, as is.
// A key given twice (path and query, query twice, query and body, ...) is refused
// ("InvalidParameter.<Key>") rather than resolved by precedence: the SDK never sends one, so a
// duplicate is a client bug, and silently picking one would authorize a call on a different
// workspace than the one the client meant.
//
// Errors: "InvalidAction.NotFound" (kNotFound, HTTP 404) when no route has the path;
// "InvalidAction.MethodNotAllowed" (kNotFound, so the Service answers HTTP 404) when a route has
// the path but not the method; "InvalidParameter.Path" for a malformed percent escape in the
// path; "InvalidParameter.QueryString" for one in the query; "InvalidParameter.Body" for a body
// that is not a JSON object; "InvalidParameter.<Key>" for a duplicate key.
//
// Depends on: api (operation.h, params.h), auth (canonical.h), base.
#ifndef PAIAM_API_ROA_ROUTES_H_
#define PAIAM_API_ROA_ROUTES_H_

#include <span>
#include <string_view>

#include "api/operation.h"
#include "base/status.h"

namespace paiam::api {

// One ROA route: "GET", "/api/v1/workspaces/{WorkspaceId}/member", "GetMember".
struct RoaRoute {
  std::string_view method;
  std::string_view pattern;    // literal segments and {Placeholder} segments
  std::string_view operation;  // an Operation name (FindOperation)
};

// Every route, in table order (tests check that each names an existing operation).
std::span<const RoaRoute> RoaRoutes();

struct RoaMatch {
  const Operation* op = nullptr;
  Json params;  // always an object
};

// `raw_path` and `raw_query` as received (still percent-encoded), `body` the raw request body
// (empty: no body parameters).
StatusOr<RoaMatch> MatchRoa(std::string_view method, std::string_view raw_path,
                            std::string_view raw_query, std::string_view body);

}  // namespace paiam::api

#endif  // PAIAM_API_ROA_ROUTES_H_
