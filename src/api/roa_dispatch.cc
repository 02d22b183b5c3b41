// paiam/api — Service::RunRoa: an AIWorkSpace ROA call (method + path under /api/v1/, see
// roa_routes.h) run as the operation its route names.
//
// Only the parameters differ from POST /v1/ops/<Name>: the router assembles them from path,
// query and body; Service::Execute then authorizes, audits and answers exactly as for the
// native and RPC forms.
//
// Depends on: api (service, call, live_state, roa_routes).
#include <utility>

#include "api/call.h"
#include "api/roa_routes.h"
#include "api/service.h"

namespace paiam::api {

http::HttpResponse Service::RunRoa(Call& call) {
  const http::HttpRequest& request = call.request;
  StatusOr<RoaMatch> match =
      MatchRoa(request.method, request.raw_path(), request.raw_query(), request.body);
  if (!match.ok()) {
    call.api = "unknown";
    return ErrorResponse(call, match.status());
  }
  return Execute(call, *match->op, std::move(match->params));
}

}  // namespace paiam::api
