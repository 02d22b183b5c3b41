// paiam/api — Call: one HTTP request in flight through the Service (service.h), with what
// authentication found and what the audit trail needs. Internal to the api component.
#ifndef PAIAM_API_CALL_H_
#define PAIAM_API_CALL_H_

#include <chrono>
#include <string>

#include "api/operation.h"
#include "auth/signature.h"
#include "http/http_server.h"

namespace paiam::api {

struct Call {
  explicit Call(const http::HttpRequest& r) : request(r) {}

  const http::HttpRequest& request;
  std::string request_id;
  std::chrono::steady_clock::time_point started;
  std::string api;  // metrics label: endpoint or operation name

  bool authenticated = false;
  bool unauthenticated = false;  // authentication was attempted and refused
  auth::SignatureClaim claim;
  Caller caller;
  std::string display_name;

  // For the audit trail and AccessDeniedDetail.
  bool is_write = false;
  std::string audit_action, audit_resource, audit_workspace, audit_parameters;
};

// An uppercase UUID v4, as Alibaba Cloud request ids look.
std::string NewRequestId();

}  // namespace paiam::api

#endif  // PAIAM_API_CALL_H_
