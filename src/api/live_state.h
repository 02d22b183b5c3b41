// paiam/api — LiveState: the state a server decides on, kept equal to its durable change log.
//
// The store (store/store.h) is the source of truth and holds operations, not tables: every
// accepted write is logged as (operation name, prepared parameters, caller, time), and the
// state is the replay of that log through the same Operation::apply that accepted it
// (operation.h explains why apply is deterministic). Opening a LiveState replays the log.
//
// A write runs under one writer mutex, in this order:
//   1. target: the operation names the RAM action and resource the engine must allow;
//   2. the caller-supplied `authorize` decides on the published snapshot (which equals the
//      writer's state, since only this writer changes it);
//   3. prepare fills generated values; secrets among them are sealed (auth::SecretBox) in the
//      logged copy and redacted in the audit copy;
//   4. apply on a copy of the state — a refusal leaves nothing behind;
//   5. one store transaction appends the change and its audit entry and bumps the revision;
//      only after it is durable does the copy become the state;
//   6. a new immutable Snapshot is built and published; readers pick it up with one atomic
//      load and never wait for the writer. Waiters on "at least revision N" are woken.
//
// Cost: a write copies the state twice (apply copy, snapshot copy). That is microseconds for
// the states people run by hand and ~1 s per write at a million assets; batching writes into
// one snapshot (admin import does) and incremental snapshots are the way out, not done yet.
//
// Depends on: operation.h (api), store, auth (SecretBox), authz.
#ifndef PAIAM_API_LIVE_STATE_H_
#define PAIAM_API_LIVE_STATE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/operation.h"
#include "auth/crypto.h"
#include "authz/authorizer.h"
#include "authz/snapshot.h"
#include "base/status.h"
#include "store/store.h"

namespace paiam::api {

// One published, immutable view: the revision it includes and the engine over it.
struct Published {
  uint64_t revision = 0;
  std::shared_ptr<const authz::Snapshot> snapshot;
  std::unique_ptr<authz::Authorizer> authorizer;
  std::shared_ptr<const activation::Activations> activation;  // the state's, as of `revision`
  StateView view() const {
    return {snapshot->directory(), snapshot->workspaces(), activation.get()};
  }
};

// Who asked, for the log and the audit trail.
struct WriteMeta {
  std::string request_id;
  std::string source_ip;
  int64_t now_ms = 0;
  // A role session's policy (STS): it narrows the permission probes of the operation's own
  // rules (SLS forwarding) as it narrows the call's authorization. Not logged: replay trusts
  // the probes that passed.
  const policy::CompiledPolicySet* session_policy = nullptr;
};

// Decides whether `caller` may do what `target` names; a denial is returned as is.
using AuthorizeFn =
    std::function<Status(const Published& published, const AuthzTarget& target)>;

struct WriteResult {
  uint64_t revision = 0;
  Json result;
  std::string action, resource;  // what was authorized (for the audit trail and metrics)
};

// Parameters whose values are secrets: sealed in the log, "***" in the audit trail.
bool IsSecretParameter(std::string_view name);
Json RedactSecrets(const Json& params);

class LiveState {
 public:
  // Replays `store` into a state holding the embedded system policies and publishes it.
  // Fails if a logged change no longer applies (the log and this binary disagree).
  static StatusOr<std::unique_ptr<LiveState>> Open(std::unique_ptr<store::Store> store,
                                                   auth::SecretBox secret_box);

  std::shared_ptr<const Published> current() const { return published_.load(); }

  // The published state once it includes `revision`, waiting up to `timeout`; otherwise
  // Status rule "api.revision-not-reached".
  StatusOr<std::shared_ptr<const Published>> WaitFor(uint64_t revision,
                                                     std::chrono::milliseconds timeout) const;

  // Steps 1-6 above. On any refusal nothing is logged and the state is unchanged; the caller
  // records the refusal in the audit trail.
  StatusOr<WriteResult> Write(const Operation& op, Json params, const Caller& caller,
                              const WriteMeta& meta, const AuthorizeFn& authorize);

  // Several writes by one caller in one transaction and one snapshot (admin import). Stops at
  // the first refusal, with nothing of the batch applied.
  StatusOr<uint64_t> WriteBatch(const std::vector<std::pair<const Operation*, Json>>& ops,
                                const Caller& caller, const WriteMeta& meta,
                                const AuthorizeFn& authorize);

  store::Store& store() { return *store_; }
  const auth::SecretBox& secret_box() const { return secret_box_; }

 private:
  LiveState(std::unique_ptr<store::Store> store, auth::SecretBox secret_box, State state);
  Status Replay();
  Status Publish(uint64_t revision);
  // Applies one operation to `state` with the log's conventions (time stamped, secrets
  // unsealed). `logged` receives the parameters as they are logged.
  StatusOr<Json> ApplyLogged(State& state, const Operation& op, const Json& params,
                             const Caller& caller, int64_t at_ms);

  std::unique_ptr<store::Store> store_;
  auth::SecretBox secret_box_;
  std::mutex writer_;  // serializes writes; readers never take it
  State state_;        // the writer's state; equals the newest Published
  std::atomic<std::shared_ptr<const Published>> published_;
  mutable std::mutex wait_mutex_;
  mutable std::condition_variable revision_changed_;
};

// Caller of a logged change, from its actor ARN.
StatusOr<Caller> CallerFromArn(std::string_view arn);

}  // namespace paiam::api

#endif  // PAIAM_API_LIVE_STATE_H_
