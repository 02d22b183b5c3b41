// paiam/api — Service: what `paiam serve` runs behind its HTTP listener.
//
// It owns the data directory (the SQLite store, the key that seals secrets at rest, the root
// credentials file written at bootstrap), the LiveState, the replay guard and the metrics, and
// answers every HTTP request:
//   * unauthenticated: GET /healthz, /readyz, /metrics;
//   * signed (ACS3-HMAC-SHA256 or RPC v1): GET /v1/whoami; POST /v1/check, /v1/check:batch,
//     /v1/explain, /v1/list-allowed, /v1/simulate; POST /v1/ops/<Operation> for every
//     management operation (operation.h); POST /v1/import (root: many writes in one
//     transaction); GET /v1/audit; GET /v1/revision.
// Every call is itself authorized by the engine as its RAM action on its resource ARN before
// it runs; a denial is HTTP 403 with the Alibaba error shape and AccessDeniedDetail. Every
// write and every refused call lands in the audit trail.
//
// STS 2015-04-01 (sts_api.cc): AssumeRole issues stateless security tokens (sts_token.h);
// a request signed with the temporary AccessKeyId "STS.…" and carrying the token
// (x-acs-security-token, or SecurityToken in v1) acts as
// acs:ram::<account>:assumed-role/<role>/<session>, with the role's policies narrowed by the
// session policy. Authentication errors of tokens (HTTP 400):
//   MissingSecurityToken                        an STS AccessKeyId without a token
//   InvalidSecurityToken.MismatchWithAccessKey  a token with a long-term AccessKeyId, or with
//                                               another STS AccessKeyId than its own
//   InvalidSecurityToken.Malformed              not a token this server sealed (or tampered)
//   InvalidSecurityToken.Expired                past its Expiration
//   InvalidSecurityToken.Revoked                its role was deleted (or deleted and recreated)
// then the signature is verified with the token's secret (SignatureDoesNotMatch) and the
// replay guard applies as for any key. GetCallerIdentity answers any authenticated caller.
//
// Response bodies are always JSON, errors always {"RequestId","HostId","Code","Message"}: the
// Alibaba Cloud SDKs fail on anything else (shared/spec/alibaba-api.md §1.6).
//
// Depends on: live_state, operation, sts_token (api), http (types only), auth, store, authz.
#ifndef PAIAM_API_SERVICE_H_
#define PAIAM_API_SERVICE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/audit_sink.h"
#include "api/live_state.h"
#include "api/metrics.h"
#include "api/sts_token.h"
#include "auth/replay_guard.h"
#include "auth/signature.h"
#include "base/status.h"
#include "http/http_server.h"

namespace paiam::api {

struct ServiceOptions {
  std::string data_dir = "./paiam-data";
  // The root AccessKey to create at bootstrap; both empty: generated.
  std::string root_access_key_id;
  std::string root_access_key_secret;
  // Longest wait for "at_least_revision" before answering with an error.
  std::chrono::milliseconds max_revision_wait{5000};
  // Milliseconds since the epoch; tests substitute a fixed clock.
  std::function<int64_t()> clock;
  // Signature nonces remembered for the ±15 minute replay window (~150 bytes each). When
  // full, new requests are refused with Throttling.NonceCache (429) until old nonces expire:
  // at R requests/s sustained, R x 900 nonces are live.
  size_t max_nonces = 2'000'000;
};

// What bootstrap produced (or found, on later starts).
struct BootstrapInfo {
  std::string account_id;
  std::string root_access_key_id;
  std::string credentials_file;  // where the root secret was written (mode 0600)
  bool created_now = false;
};

inline constexpr size_t kMaxBatchChecks = 1000;

struct Call;  // one request in flight (call.h)

class Service {
 public:
  // Creates the data directory (mode 0700) if needed, opens or creates the store and the
  // sealing key, replays the log and bootstraps the account on the first start.
  static StatusOr<std::unique_ptr<Service>> Open(const ServiceOptions& options);

  http::HttpResponse Handle(const http::HttpRequest& request);

  const BootstrapInfo& bootstrap() const { return bootstrap_; }
  LiveState& live() { return *live_; }
  Metrics& metrics() { return metrics_; }

 private:
  Service(const ServiceOptions& options, std::unique_ptr<LiveState> live);
  Status Bootstrap();
  int64_t Now() const { return options_.clock(); }

  http::HttpResponse Dispatch(Call& call);
  Status Authenticate(Call& call);
  // The STS half of Authenticate: the claim carries a token or an STS AccessKeyId.
  Status AuthenticateSession(Call& call, const auth::HttpRequestView& view);
  // The engine's decision for the caller (narrowed by its session policy, if any); a denial
  // is NoPermission (ram:/sts: actions) or Forbidden.RAM, 403.
  Status Authorize(const Published& published, Call& call, const AuthzTarget& target);
  Status AuthorizeOnAccount(Call& call, const Published& published, std::string_view action);
  http::HttpResponse ErrorResponse(Call& call, const Status& status);
  http::HttpResponse JsonResponse(Call& call, Json body, int status = 200);
  void AuditRefusal(Call& call, const Status& status, int http_status);
  // Enqueues an audit entry for `call` (its caller, action, resource, workspace, operation).
  void Audit(Call& call, std::string result, int http_status, std::string parameters);

  // Endpoints (native_api.cc).
  http::HttpResponse WhoAmI(Call& call);
  http::HttpResponse CheckOne(Call& call);
  http::HttpResponse CheckBatch(Call& call);
  http::HttpResponse ExplainCall(Call& call);
  http::HttpResponse ListAllowedCall(Call& call);
  http::HttpResponse Simulate(Call& call);
  http::HttpResponse RunOperation(Call& call, std::string_view name);
  // STS (sts_api.cc); `params` are the RPC parameters.
  http::HttpResponse AssumeRole(Call& call, const Json& params);
  http::HttpResponse GetCallerIdentity(Call& call, const Json& params);
  http::HttpResponse RunRoa(Call& call);  // AIWorkSpace ROA under /api/v1/ (roa_dispatch.cc)
  http::HttpResponse Execute(Call& call, const Operation& op, Json params);
  http::HttpResponse AuditLog(Call& call);
  http::HttpResponse Import(Call& call);
  StatusOr<std::shared_ptr<const Published>> PublishedFor(Call& call, const Json& body);

  ServiceOptions options_;
  std::unique_ptr<LiveState> live_;
  std::unique_ptr<auth::ReplayGuard> replay_guard_;
  Metrics metrics_;
  BootstrapInfo bootstrap_;
  std::unique_ptr<StsSessionCache> sts_sessions_;
  // Declared last: destroyed first, so its final flush still has the store.
  std::unique_ptr<AuditSink> audit_sink_;
};

}  // namespace paiam::api

#endif  // PAIAM_API_SERVICE_H_
