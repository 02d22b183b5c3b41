// paiam/api — Call: one HTTP request in flight through the Service (service.h), with what
// authentication found and what the audit trail needs. Internal to the api component.
#ifndef PAIAM_API_CALL_H_
#define PAIAM_API_CALL_H_

#include <chrono>
#include <memory>
#include <string>

#include "api/operation.h"
#include "api/sts_token.h"
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
  // Set when the caller is an STS role session (sts_token.h): caller.arn is then its
  // assumed-role ARN and session->policy narrows what the role may do.
  std::shared_ptr<const StsSession> session;

  // For the audit trail and AccessDeniedDetail.
  bool is_write = false;
  std::string audit_action, audit_resource, audit_workspace, audit_parameters;
  // AccessDeniedDetail.PolicyType of a denial; empty: AccountLevelIdentityBasedPolicy.
  std::string denied_policy_type;
};

// An uppercase UUID v4, as Alibaba Cloud request ids look.
std::string NewRequestId();

}  // namespace paiam::api

#endif  // PAIAM_API_CALL_H_
