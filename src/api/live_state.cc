// paiam/api — LiveState (live_state.h).
#include "api/live_state.h"

#include <array>
#include <utility>

#include "catalog/catalog.h"
#include "identity/arn.h"

namespace paiam::api {
namespace {

constexpr std::array<std::string_view, 4> kSecretParameters = {
    "AccessKeySecret", "Password", "NewPassword", "CodeRepoAccessToken"};

// The probe a replayed write sees: the permission it asked about was granted when the write
// was accepted, and replaying must reproduce that write, not re-decide it.
const workspace::PermissionProbe& AllowAllProbe() {
  static const workspace::PermissionProbe probe = [](std::string_view, std::string_view) {
    return true;
  };
  return probe;
}

Status Internal(std::string message) {
  return Status(StatusCode::kInternal, "api.replay", std::move(message));
}

}  // namespace

bool IsSecretParameter(std::string_view name) {
  for (std::string_view secret : kSecretParameters) {
    if (name == secret) return true;
  }
  return false;
}

Json RedactSecrets(const Json& params) {
  if (!params.is_object()) return params;
  Json out = params;
  for (auto& [key, value] : out.items()) {
    if (IsSecretParameter(key)) value = "***";
  }
  return out;
}

StatusOr<Caller> CallerFromArn(std::string_view arn) {
  auto parsed = identity::ParsePrincipalArn(arn);
  if (!parsed) {
    return Status(StatusCode::kInvalidArgument, "api.principal-arn",
                  "not a principal ARN: " + std::string(arn));
  }
  return Caller{std::string(parsed->account_id), std::string(arn), parsed->type};
}

LiveState::LiveState(std::unique_ptr<store::Store> store, auth::SecretBox secret_box,
                     State state)
    : store_(std::move(store)), secret_box_(std::move(secret_box)), state_(std::move(state)) {}

StatusOr<std::unique_ptr<LiveState>> LiveState::Open(std::unique_ptr<store::Store> store,
                                                     auth::SecretBox secret_box) {
  auto directory = identity::Directory::WithSystemPolicies();
  if (!directory.ok()) return directory.status();
  State state{std::move(*directory), workspace::Workspaces()};
  std::unique_ptr<LiveState> live(
      new LiveState(std::move(store), std::move(secret_box), std::move(state)));
  if (Status s = live->Replay(); !s.ok()) return s;
  if (Status s = live->Publish(live->store_->revision()); !s.ok()) return s;
  return live;
}

StatusOr<Json> LiveState::ApplyLogged(State& state, const Operation& op, const Json& params,
                                      const Caller& caller, int64_t at_ms) {
  Json plain = params;
  if (plain.is_object()) {
    for (auto& [key, value] : plain.items()) {
      if (!IsSecretParameter(key) || !value.is_object() || !value.contains("Sealed")) continue;
      auto opened = secret_box_.Open(value["Sealed"].get<std::string>());
      if (!opened.ok()) return opened.status();
      value = *opened;
    }
  }
  state.directory.SetNow(at_ms);
  state.workspaces.SetNow(at_ms);
  ApplyContext context{caller, AllowAllProbe()};
  return op.apply(state, plain, context);
}

Status LiveState::Replay() {
  return store_->ForEachChange(0, [this](const store::Change& change) -> Status {
    const Operation* op = FindOperation(change.operation);
    if (op == nullptr || op->apply == nullptr) {
      return Internal("change " + std::to_string(change.revision) + " names operation \"" +
                      change.operation + "\", which this paiam does not know");
    }
    Json params = Json::parse(change.body, nullptr, /*allow_exceptions=*/false);
    if (params.is_discarded()) {
      return Internal("change " + std::to_string(change.revision) + " is not valid JSON");
    }
    auto caller = CallerFromArn(change.actor);
    if (!caller.ok()) return caller.status();
    auto applied = ApplyLogged(state_, *op, params, *caller, change.at_ms);
    if (!applied.ok()) {
      return Internal("change " + std::to_string(change.revision) + " (" + change.operation +
                      ") no longer applies: " + applied.status().ToString());
    }
    return Status::Ok();
  });
}

Status LiveState::Publish(uint64_t revision) {
  auto snapshot = authz::Snapshot::Build(catalog::Catalog::BuiltIn(), state_.directory,
                                         state_.workspaces);
  if (!snapshot.ok()) return snapshot.status();
  auto published = std::make_shared<Published>();
  published->revision = revision;
  published->snapshot = *snapshot;
  published->activation = std::make_shared<const activation::Activations>(state_.activation);
  published->authorizer = std::make_unique<authz::Authorizer>(*snapshot);
  {
    std::lock_guard<std::mutex> lock(wait_mutex_);
    published_.store(std::move(published));
  }
  revision_changed_.notify_all();
  return Status::Ok();
}

StatusOr<std::shared_ptr<const Published>> LiveState::WaitFor(
    uint64_t revision, std::chrono::milliseconds timeout) const {
  std::shared_ptr<const Published> now = published_.load();
  if (now->revision >= revision) return now;
  std::unique_lock<std::mutex> lock(wait_mutex_);
  bool reached = revision_changed_.wait_for(
      lock, timeout, [&] { return published_.load()->revision >= revision; });
  if (!reached) {
    return Status(StatusCode::kFailedPrecondition, "api.revision-not-reached",
                  "revision " + std::to_string(revision) + " was not reached within " +
                      std::to_string(timeout.count()) + " ms (current revision " +
                      std::to_string(published_.load()->revision) + ")");
  }
  return published_.load();
}

namespace {

// The logged form of prepared parameters: secrets sealed.
Json SealSecrets(const Json& params, const auth::SecretBox& box) {
  if (!params.is_object()) return params;
  Json out = params;
  for (auto& [key, value] : out.items()) {
    if (IsSecretParameter(key) && value.is_string()) {
      value = Json{{"Sealed", box.Seal(value.get<std::string>())}};
    }
  }
  return out;
}

}  // namespace

StatusOr<WriteResult> LiveState::Write(const Operation& op, Json params, const Caller& caller,
                                       const WriteMeta& meta, const AuthorizeFn& authorize) {
  std::lock_guard<std::mutex> writer(writer_);
  std::shared_ptr<const Published> published = published_.load();
  auto target = op.target(published->view(), params, caller);
  if (!target.ok()) return target.status();
  if (Status s = authorize(*published, *target); !s.ok()) return s;
  if (op.prepare != nullptr) {
    if (Status s = op.prepare(published->view(), params, caller); !s.ok()) return s;
  }

  State next = state_;
  next.directory.SetNow(meta.now_ms);
  next.workspaces.SetNow(meta.now_ms);
  // The probe an operation's own rule consults (SLS forwarding) is the engine's answer for
  // the caller on the published state.
  workspace::PermissionProbe probe = [&](std::string_view action, std::string_view resource) {
    return published->authorizer->Check(caller.arn, action, resource, {}, nullptr,
                                        meta.session_policy) == policy::Decision::kAllow;
  };
  ApplyContext live_context{caller, probe};
  auto result = op.apply(next, params, live_context);
  if (!result.ok()) return result.status();

  store::Change change;
  change.at_ms = meta.now_ms;
  change.actor = caller.arn;
  change.request_id = meta.request_id;
  change.operation = std::string(op.name);
  change.body = SealSecrets(params, secret_box_).dump();
  store::AuditEntry audit;
  audit.at_ms = meta.now_ms;
  audit.request_id = meta.request_id;
  audit.caller = caller.arn;
  audit.source_ip = meta.source_ip;
  audit.action = target->action;
  audit.resource = target->resource;
  audit.workspace_id = params.is_object() && params.contains("WorkspaceId") &&
                               params["WorkspaceId"].is_string()
                           ? params["WorkspaceId"].get<std::string>()
                           : std::string();
  audit.operation = std::string(op.name);
  audit.parameters = RedactSecrets(params).dump();
  audit.result = "Success";
  audit.http_status = 200;
  std::vector<store::Change> changes;
  changes.push_back(std::move(change));
  auto revision = store_->Commit(std::move(changes), &audit);
  if (!revision.ok()) return revision.status();

  state_ = std::move(next);
  if (Status s = Publish(*revision); !s.ok()) return s;
  return WriteResult{*revision, std::move(*result), target->action, target->resource};
}

StatusOr<uint64_t> LiveState::WriteBatch(
    const std::vector<std::pair<const Operation*, Json>>& ops, const Caller& caller,
    const WriteMeta& meta, const AuthorizeFn& authorize) {
  std::lock_guard<std::mutex> writer(writer_);
  std::shared_ptr<const Published> published = published_.load();
  State next = state_;
  next.directory.SetNow(meta.now_ms);
  next.workspaces.SetNow(meta.now_ms);
  ApplyContext context{caller, AllowAllProbe()};
  std::vector<store::Change> changes;
  changes.reserve(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    const Operation& op = *ops[i].first;
    Json params = ops[i].second;
    auto prefix = [&](const Status& s) {
      return Status(s.code(), s.rule(),
                    "item " + std::to_string(i) + " (" + std::string(op.name) + "): " +
                        s.message());
    };
    // Targets are resolved on the batch's own state so far: an import creates a workspace
    // and then its members. Authorization is the caller's on the published state; admin
    // import is a root-only verb, and root is allowed everything in its own account.
    StateView view = StateView::Of(next);
    auto target = op.target(view, params, caller);
    if (!target.ok()) return prefix(target.status());
    if (Status s = authorize(*published, *target); !s.ok()) return prefix(s);
    if (op.prepare != nullptr) {
      if (Status s = op.prepare(view, params, caller); !s.ok()) return prefix(s);
    }
    auto result = op.apply(next, params, context);
    if (!result.ok()) return prefix(result.status());
    store::Change change;
    change.at_ms = meta.now_ms;
    change.actor = caller.arn;
    change.request_id = meta.request_id;
    change.operation = std::string(op.name);
    change.body = SealSecrets(params, secret_box_).dump();
    changes.push_back(std::move(change));
  }
  if (changes.empty()) return published->revision;
  store::AuditEntry audit;
  audit.at_ms = meta.now_ms;
  audit.request_id = meta.request_id;
  audit.caller = caller.arn;
  audit.source_ip = meta.source_ip;
  audit.action = "paiam:Import";
  audit.resource = "*";
  audit.operation = "Import";
  audit.parameters = Json{{"Changes", changes.size()}}.dump();
  audit.result = "Success";
  auto revision = store_->Commit(std::move(changes), &audit);
  if (!revision.ok()) return revision.status();
  state_ = std::move(next);
  if (Status s = Publish(*revision); !s.ok()) return s;
  return *revision;
}

}  // namespace paiam::api
