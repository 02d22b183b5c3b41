// paiam/api — the server's own operations (ops_internal.h): bootstrap of the account.
#include <string>

#include "api/ops_internal.h"
#include "api/params.h"
#include "identity/arn.h"

namespace paiam::api::internal {
namespace {

StatusOr<AuthzTarget> BootstrapTarget(StateView, const Json& params, const Caller&) {
  ParamReader in(params);
  std::string account = in.Required("AccountId");
  in.Required("AccessKeyId");
  in.Required("AccessKeySecret");
  if (Status s = in.Finish(); !s.ok()) return s;
  return AuthzTarget::On("paiam:BootstrapAccount", identity::RootArn(account));
}

StatusOr<Json> BootstrapApply(State& state, const Json& params, const ApplyContext&) {
  ParamReader in(params);
  std::string account = in.Required("AccountId");
  std::string key_id = in.Required("AccessKeyId");
  std::string secret = in.Required("AccessKeySecret");
  if (Status s = in.Finish(); !s.ok()) return s;
  if (Status s = state.directory.CreateAccount(account); !s.ok()) return s;
  identity::AccessKey key;
  key.id = key_id;
  key.secret = secret;
  key.account_id = account;
  key.status = identity::AccessKeyStatus::kActive;
  if (Status s = state.directory.AddAccessKey(std::move(key)); !s.ok()) return s;
  return Json{{"AccountId", account}, {"AccessKeyId", key_id}};
}

const Operation kServiceOperations[] = {
    {.name = kBootstrapOperation,
     .writes = true,
     .target = BootstrapTarget,
     .apply = BootstrapApply,
     .internal = true},
};

}  // namespace

std::span<const Operation> ServiceOperations() { return kServiceOperations; }

}  // namespace paiam::api::internal
