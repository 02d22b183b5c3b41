// paiam/cli — the operator verbs that talk to a running `paiam serve` (remote.h says where the
// endpoint and credentials come from and how failures print):
//
//   whoami                      GET /v1/whoami
//   call OPERATION              POST /v1/ops/OPERATION with --param Key=Value and/or --body
//   user|group|policy attach|key|workspace|member ...
//                               shortcuts: each is one operation (or a paged list of them)
//   remote check | remote audit POST /v1/check or /v1/explain; GET /v1/audit
//   admin import FILE           POST /v1/import in batches (registered by RegisterAdminImport)
//
// Output is a table or `Key: value` lines (table.h), or with --json the server's JSON. Exit
// status: 0 success (for `remote check`, whatever the decision, as `paiam check`), 1 the server
// refused or could not be reached, 2 a usage error.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/remote.h"
#include "cli/table.h"

namespace paiam::cli {
namespace {

using nlohmann::json;

struct Common {
  RemoteFlags remote;
  bool json = false;
};

void AddCommon(CLI::App* command, Common* common) {
  AddRemoteFlags(command, &common->remote);
  command->add_flag("--json", common->json, "Print the server's JSON answer instead of a table");
}

RemoteClient Connect(const Common& common) {
  return RemoteClient(ResolveRemoteSettings(common.remote));
}

json RunOperation(RemoteClient& client, const std::string& operation, const json& params) {
  return client.Post("/v1/ops/" + operation, params);
}

void PrintResult(const Common& common, const json& result) {
  if (common.json) {
    std::printf("%s\n", result.dump().c_str());
    return;
  }
  std::fputs(RenderResult(result).c_str(), stdout);
  // A RAM list cut short says where to continue.
  if (result.is_object() && result.value("IsTruncated", false)) {
    std::fprintf(stderr, "more: run again with --param Marker=%s\n",
                 CellText(result.value("Marker", json(""))).c_str());
  }
}

// The callback of a verb: `body` runs under RunRemote.
std::function<void()> Verb(int& exit_code, std::function<int()> body) {
  return [&exit_code, body = std::move(body)] { exit_code = RunRemote(body); };
}

// --- call ----------------------------------------------------------------------------------

struct CallFlags : Common {
  std::string operation;
  std::vector<std::string> params;
  std::string body;
};

json ParseCallParams(const CallFlags& flags) {
  json params = json::object();
  if (!flags.body.empty()) {
    std::string text = flags.body[0] == '@' ? ReadFileOrThrow(flags.body.substr(1)) : flags.body;
    params = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (params.is_discarded() || !params.is_object()) {
      throw UsageError("--body must be a JSON object (or @FILE holding one)");
    }
  }
  for (const std::string& pair : flags.params) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UsageError("--param expects Key=Value, got \"" + pair + "\"");
    }
    params[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return params;
}

int RunCall(const CallFlags& flags) {
  json params = ParseCallParams(flags);
  RemoteClient client = Connect(flags);
  PrintResult(flags, RunOperation(client, flags.operation, params));
  return kExitOk;
}

// --- shortcuts -----------------------------------------------------------------------------

// A RAM list operation followed to its end (Marker/IsTruncated): the first page's answer with
// every page's items.
json ListAll(RemoteClient& client, const std::string& operation) {
  json params = {{"MaxItems", 1000}};
  json all = RunOperation(client, operation, params);
  json* items = FindResultList(all);
  json page = all;
  while (items != nullptr && page.value("IsTruncated", false)) {
    params["Marker"] = page.value("Marker", "");
    page = RunOperation(client, operation, params);
    const json* more = FindResultList(page);
    if (more == nullptr || more->empty()) break;
    items->insert(items->end(), more->begin(), more->end());
  }
  all["IsTruncated"] = false;
  all["Marker"] = "";
  return all;
}

// ListWorkspaces pages by number (PageSize at most 100) up to TotalCount.
json ListAllWorkspaces(RemoteClient& client) {
  json params = {{"PageSize", 100}, {"PageNumber", 1}};
  json all = RunOperation(client, "ListWorkspaces", params);
  if (!all.contains("Workspaces") || !all["Workspaces"].is_array()) return all;
  size_t total = all.value("TotalCount", size_t{0});
  while (all["Workspaces"].size() < total) {
    params["PageNumber"] = params["PageNumber"].get<int>() + 1;
    json page = RunOperation(client, "ListWorkspaces", params);
    if (!page.contains("Workspaces") || !page["Workspaces"].is_array() ||
        page["Workspaces"].empty()) {
      break;
    }
    for (json& item : page["Workspaces"]) all["Workspaces"].push_back(std::move(item));
  }
  return all;
}

struct NameFlags : Common {
  std::string name, display_name, comments, description, env_types = "prod";
};

struct MembershipFlags : Common {
  std::string group, user;
};

struct AttachFlags : Common {
  std::string policy, user, group, role;
  bool system = false;
};

json AttachParams(const AttachFlags& flags, std::string* operation) {
  int holders = !flags.user.empty() + !flags.group.empty() + !flags.role.empty();
  if (holders != 1) throw UsageError("give exactly one of --user, --group, --role");
  json params = {{"PolicyName", flags.policy},
                 {"PolicyType", flags.system ? "System" : "Custom"}};
  if (!flags.user.empty()) {
    *operation = "AttachPolicyToUser";
    params["UserName"] = flags.user;
  } else if (!flags.group.empty()) {
    *operation = "AttachPolicyToGroup";
    params["GroupName"] = flags.group;
  } else {
    *operation = "AttachPolicyToRole";
    params["RoleName"] = flags.role;
  }
  return params;
}

struct KeyFlags : Common {
  std::string user;
};

int RunKeyCreate(const KeyFlags& flags) {
  json params = json::object();
  if (!flags.user.empty()) params["UserName"] = flags.user;
  RemoteClient client = Connect(flags);
  json result = RunOperation(client, "CreateAccessKey", params);
  if (flags.json) {
    std::printf("%s\n", result.dump().c_str());
  } else {
    json shown = result.value("AccessKey", json::object());
    if (result.contains("Revision")) shown["Revision"] = result["Revision"];
    std::fputs(RenderResult(shown).c_str(), stdout);
  }
  std::fflush(stdout);
  std::fprintf(stderr,
               "paiam: store the AccessKeySecret now: the server never shows it again\n");
  return kExitOk;
}

struct MemberFlags : Common {
  std::string workspace_id, user_id;
  std::vector<std::string> roles;
};

void RegisterUserCommands(CLI::App& app, int& exit_code) {
  CLI::App* user = app.add_subcommand("user", "RAM users on a running server");
  user->require_subcommand(1);

  auto create = std::make_shared<NameFlags>();
  CLI::App* c = user->add_subcommand("create", "Create a RAM user (CreateUser)");
  c->add_option("NAME", create->name, "User name")->required();
  c->add_option("--display-name", create->display_name, "Display name");
  c->add_option("--comments", create->comments, "Comments");
  AddCommon(c, create.get());
  c->callback(Verb(exit_code, [create] {
    json params = {{"UserName", create->name}};
    if (!create->display_name.empty()) params["DisplayName"] = create->display_name;
    if (!create->comments.empty()) params["Comments"] = create->comments;
    RemoteClient client = Connect(*create);
    PrintResult(*create, RunOperation(client, "CreateUser", params));
    return kExitOk;
  }));

  auto list = std::make_shared<Common>();
  CLI::App* l = user->add_subcommand("list", "List every RAM user (ListUsers, all pages)");
  AddCommon(l, list.get());
  l->callback(Verb(exit_code, [list] {
    RemoteClient client = Connect(*list);
    PrintResult(*list, ListAll(client, "ListUsers"));
    return kExitOk;
  }));

  auto remove = std::make_shared<NameFlags>();
  CLI::App* d = user->add_subcommand("delete", "Delete a RAM user (DeleteUser)");
  d->add_option("NAME", remove->name, "User name")->required();
  AddCommon(d, remove.get());
  d->callback(Verb(exit_code, [remove] {
    RemoteClient client = Connect(*remove);
    PrintResult(*remove, RunOperation(client, "DeleteUser", {{"UserName", remove->name}}));
    return kExitOk;
  }));
}

void RegisterGroupCommands(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand("group", "RAM user groups on a running server");
  group->require_subcommand(1);

  auto create = std::make_shared<NameFlags>();
  CLI::App* c = group->add_subcommand("create", "Create a user group (CreateGroup)");
  c->add_option("NAME", create->name, "Group name")->required();
  c->add_option("--comments", create->comments, "Comments");
  AddCommon(c, create.get());
  c->callback(Verb(exit_code, [create] {
    json params = {{"GroupName", create->name}};
    if (!create->comments.empty()) params["Comments"] = create->comments;
    RemoteClient client = Connect(*create);
    PrintResult(*create, RunOperation(client, "CreateGroup", params));
    return kExitOk;
  }));

  auto add = std::make_shared<MembershipFlags>();
  CLI::App* a = group->add_subcommand("add-user", "Add a user to a group (AddUserToGroup)");
  a->add_option("GROUP", add->group, "Group name")->required();
  a->add_option("USER", add->user, "User name")->required();
  AddCommon(a, add.get());
  a->callback(Verb(exit_code, [add] {
    RemoteClient client = Connect(*add);
    PrintResult(*add, RunOperation(client, "AddUserToGroup",
                                   {{"GroupName", add->group}, {"UserName", add->user}}));
    return kExitOk;
  }));

  auto list = std::make_shared<Common>();
  CLI::App* l = group->add_subcommand("list", "List every user group (ListGroups, all pages)");
  AddCommon(l, list.get());
  l->callback(Verb(exit_code, [list] {
    RemoteClient client = Connect(*list);
    PrintResult(*list, ListAll(client, "ListGroups"));
    return kExitOk;
  }));
}

// `policy` already holds validate and eval (policy_commands.cc); attach joins them.
void RegisterPolicyAttach(CLI::App& app, int& exit_code) {
  CLI::App* policy = nullptr;
  try {
    policy = app.get_subcommand("policy");
  } catch (const CLI::OptionNotFound&) {
    policy = app.add_subcommand("policy", "RAM policies");
  }
  auto attach = std::make_shared<AttachFlags>();
  CLI::App* a = policy->add_subcommand(
      "attach", "Attach a policy to a user, group or role on a running server "
                "(AttachPolicyToUser|Group|Role)");
  a->add_option("--policy", attach->policy, "Policy name, e.g. AliyunRAMFullAccess")->required();
  a->add_flag("--system", attach->system, "A system policy (default: a custom one)");
  a->add_option("--user", attach->user, "User name");
  a->add_option("--group", attach->group, "Group name");
  a->add_option("--role", attach->role, "RAM role name");
  AddCommon(a, attach.get());
  a->callback(Verb(exit_code, [attach] {
    std::string operation;
    json params = AttachParams(*attach, &operation);
    RemoteClient client = Connect(*attach);
    PrintResult(*attach, RunOperation(client, operation, params));
    return kExitOk;
  }));
}

void RegisterKeyAndWorkspaceCommands(CLI::App& app, int& exit_code) {
  CLI::App* key = app.add_subcommand("key", "AccessKeys on a running server");
  key->require_subcommand(1);
  auto key_flags = std::make_shared<KeyFlags>();
  CLI::App* k = key->add_subcommand(
      "create", "Create an AccessKey (CreateAccessKey); the secret is printed once");
  k->add_option("--user", key_flags->user, "For this RAM user (default: the caller)");
  AddCommon(k, key_flags.get());
  k->callback(Verb(exit_code, [key_flags] { return RunKeyCreate(*key_flags); }));

  CLI::App* ws = app.add_subcommand("workspace", "PAI workspaces on a running server");
  ws->require_subcommand(1);
  auto create = std::make_shared<NameFlags>();
  CLI::App* c = ws->add_subcommand("create", "Create a workspace (CreateWorkspace)");
  c->add_option("NAME", create->name, "Workspace name (unique in the account)")->required();
  c->add_option("--description", create->description, "Description");
  c->add_option("--display-name", create->display_name, "Display name");
  c->add_option("--env-types", create->env_types, "\"prod\" or \"dev,prod\" [default prod]");
  AddCommon(c, create.get());
  c->callback(Verb(exit_code, [create] {
    json params = {{"WorkspaceName", create->name}, {"EnvTypes", create->env_types}};
    if (!create->description.empty()) params["Description"] = create->description;
    if (!create->display_name.empty()) params["DisplayName"] = create->display_name;
    RemoteClient client = Connect(*create);
    PrintResult(*create, RunOperation(client, "CreateWorkspace", params));
    return kExitOk;
  }));
  auto list = std::make_shared<Common>();
  CLI::App* l = ws->add_subcommand("list", "List the workspaces (ListWorkspaces, all pages)");
  AddCommon(l, list.get());
  l->callback(Verb(exit_code, [list] {
    RemoteClient client = Connect(*list);
    PrintResult(*list, ListAllWorkspaces(client));
    return kExitOk;
  }));

  CLI::App* member = app.add_subcommand("member", "Workspace members on a running server");
  member->require_subcommand(1);
  auto add = std::make_shared<MemberFlags>();
  CLI::App* a = member->add_subcommand("add", "Add a user to a workspace (CreateMember)");
  a->add_option("WORKSPACE_ID", add->workspace_id, "Workspace id")->required();
  a->add_option("USER_ID", add->user_id, "The user's UserId (see `paiam user list`)")->required();
  a->add_option("--role", add->roles, "Role, e.g. PAI.AlgoDeveloper (repeatable)")->required();
  AddCommon(a, add.get());
  a->callback(Verb(exit_code, [add] {
    json params = {{"WorkspaceId", add->workspace_id},
                   {"Members", json::array({{{"UserId", add->user_id}, {"Roles", add->roles}}})}};
    RemoteClient client = Connect(*add);
    PrintResult(*add, RunOperation(client, "CreateMember", params));
    return kExitOk;
  }));
}

// --- remote check / audit ------------------------------------------------------------------

struct CheckFlags : Common {
  std::string principal, action, resource;
  std::vector<std::string> context;
  bool explain = false;
  int64_t at_least_revision = -1;
};

// {"key": "v"} or {"key": ["v1", "v2"]} for a key given twice. acs:CurrentTime is left to the
// server unless given.
json ContextJson(const std::vector<std::string>& flags) {
  bool has_time = false;
  for (const std::string& flag : flags) has_time |= flag.rfind("acs:CurrentTime=", 0) == 0;
  json context = json::object();
  for (const auto& [key, value] : ParseContextFlags(flags)) {
    if (key == "acs:CurrentTime" && !has_time) continue;
    if (!context.contains(key)) {
      context[key] = value;
    } else {
      if (!context[key].is_array()) context[key] = json::array({context[key]});
      context[key].push_back(value);
    }
  }
  return context;
}

std::string Str(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() ? CellText(*it) : "";
}

// As `paiam check` prints a decision (check_command.cc PrintHuman).
void PrintDecision(const json& result) {
  std::string decision = Str(result, "decision");
  std::printf("%s\n", decision.c_str());
  const json statements = result.value("statements", json::array());
  if (decision == "Allow" && statements.empty()) {
    std::printf("  by the account root, inside its own account\n");
  }
  for (const json& s : statements) {
    std::string where = Str(s, "source");
    if (!Str(s, "group").empty()) where += " " + Str(s, "group");
    if (!Str(s, "workspace").empty()) {
      where += " workspace " + Str(s, "workspace") + " role " + Str(s, "role");
    }
    std::string sid = Str(s, "sid");
    std::printf("  by %s: policy %s version %s Statement[%s]%s%s\n", where.c_str(),
                Str(s, "policy").c_str(), Str(s, "version").c_str(), Str(s, "index").c_str(),
                sid.empty() ? "" : " Sid ", sid.c_str());
  }
}

// As `paiam check --explain` prints a report (authz::FormatExplainReport).
void PrintExplanation(const json& result) {
  std::string out = Str(result, "decision") + "\n";
  for (const json& note : result.value("notes", json::array())) {
    out += "  " + CellText(note) + "\n";
  }
  for (const json& p : result.value("policies", json::array())) {
    out += "  " + Str(p, "source");
    if (!Str(p, "group").empty()) out += " " + Str(p, "group");
    if (!Str(p, "workspace").empty()) {
      out += " workspace " + Str(p, "workspace") + " role " + Str(p, "role");
    }
    out += ": policy " + Str(p, "policy") + " version " + Str(p, "version") + "\n";
    for (const json& t : p.value("statements", json::array())) {
      out += "    Statement[" + Str(t, "index") + "]";
      if (!Str(t, "sid").empty()) out += " " + Str(t, "sid");
      out += " " + Str(t, "effect") + ": ";
      if (t.value("matched", false)) {
        out += "matched\n";
        continue;
      }
      out += "not matched";
      for (const json& r : t.value("reasons", json::array())) out += "; " + CellText(r);
      out += "\n";
    }
  }
  std::fputs(out.c_str(), stdout);
}

int RunRemoteCheck(const CheckFlags& flags) {
  json body = {{"principal", flags.principal},
               {"action", flags.action},
               {"resource", flags.resource}};
  json context = ContextJson(flags.context);
  if (!context.empty()) body["context"] = context;
  if (flags.at_least_revision >= 0) body["at_least_revision"] = flags.at_least_revision;
  RemoteClient client = Connect(flags);
  json result = client.Post(flags.explain ? "/v1/explain" : "/v1/check", body);
  if (flags.json) {
    std::printf("%s\n", result.dump().c_str());
  } else if (flags.explain) {
    PrintExplanation(result);
  } else {
    PrintDecision(result);
  }
  return kExitOk;
}

struct AuditFlags : Common {
  std::string workspace, caller, action;
  int64_t limit = 100;
  uint64_t marker = 0;
};

int RunRemoteAudit(const AuditFlags& flags) {
  if (flags.limit < 1 || flags.limit > 1000) throw UsageError("--limit must be 1-1000");
  std::vector<std::pair<std::string, std::string>> query;
  if (!flags.workspace.empty()) query.emplace_back("workspace_id", flags.workspace);
  if (!flags.caller.empty()) query.emplace_back("caller", flags.caller);
  if (!flags.action.empty()) query.emplace_back("action", flags.action);
  query.emplace_back("limit", std::to_string(flags.limit));
  if (flags.marker != 0) query.emplace_back("marker", std::to_string(flags.marker));
  RemoteClient client = Connect(flags);
  json page = client.Get("/v1/audit", query);
  if (flags.json) {
    std::printf("%s\n", page.dump().c_str());
  } else {
    Table table;
    table.columns = {"id", "time", "status", "result", "operation", "caller", "resource"};
    for (const json& e : page.value("entries", json::array())) {
      table.rows.push_back({Str(e, "id"), Str(e, "time"), Str(e, "http_status"),
                            Str(e, "result"), Str(e, "operation"), Str(e, "caller"),
                            Str(e, "resource")});
    }
    std::fputs(RenderTable(table, 64).c_str(), stdout);
  }
  if (page.value("truncated", false)) {
    std::fprintf(stderr, "more entries: run again with --marker %s\n",
                 Str(page, "next_marker").c_str());
  }
  return kExitOk;
}

void RegisterRemoteCommands(CLI::App& app, int& exit_code) {
  CLI::App* remote = app.add_subcommand(
      "remote", "Decisions and the audit trail of a running server (cf. `paiam check`)");
  remote->require_subcommand(1);

  auto check = std::make_shared<CheckFlags>();
  CLI::App* c = remote->add_subcommand(
      "check", "Decide one request on the server (/v1/check; --explain: /v1/explain); exit 0 "
               "whatever the decision");
  c->add_option("PRINCIPAL", check->principal, "Caller ARN, e.g. acs:ram::123:user/alice")
      ->required();
  c->add_option("ACTION", check->action, "Action, e.g. paidataset:DeleteDataset")->required();
  c->add_option("RESOURCE", check->resource, "Resource ARN")->required();
  c->add_option("--context", check->context,
                "Condition key=value (repeatable; repeat a key for several values)");
  c->add_flag("--explain", check->explain,
              "Show every gathered policy and why each statement matched or not");
  c->add_option("--at-least-revision", check->at_least_revision,
                "Wait (bounded) until the server has applied this revision");
  AddCommon(c, check.get());
  c->callback(Verb(exit_code, [check] { return RunRemoteCheck(*check); }));

  auto audit = std::make_shared<AuditFlags>();
  CLI::App* a = remote->add_subcommand("audit", "The server's audit trail, oldest first");
  a->add_option("--workspace", audit->workspace, "Only entries of this workspace id");
  a->add_option("--caller", audit->caller, "Only this caller ARN");
  a->add_option("--action", audit->action, "Only this RAM action (ram:CreateUser)");
  a->add_option("--limit", audit->limit, "Entries per page, 1-1000 [default 100]");
  a->add_option("--marker", audit->marker, "Continue after this entry id");
  AddCommon(a, audit.get());
  a->callback(Verb(exit_code, [audit] { return RunRemoteAudit(*audit); }));
}

// --- admin import --------------------------------------------------------------------------

struct ImportFlags {
  RemoteFlags remote;
  std::string file;
  int batch = 500;
};

// Where a batch stands, on stderr: a bar redrawn in place on a terminal, else one line per
// batch.
class Progress {
 public:
  Progress(size_t total, bool tty)
      : total_(total), tty_(tty), start_(std::chrono::steady_clock::now()) {}

  void Update(size_t done, const std::string& revision) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
                         .count();
    long rate = seconds > 0 ? static_cast<long>(static_cast<double>(done) / seconds) : 0;
    size_t percent = total_ == 0 ? 100 : done * 100 / total_;
    if (tty_) {
      size_t filled = total_ == 0 ? kBar : done * kBar / total_;
      std::string bar = std::string(filled, '#') + std::string(kBar - filled, '.');
      std::fprintf(stderr, "\r[%s] %zu/%zu ops  %zu%%  %ld ops/s", bar.c_str(), done, total_,
                   percent, rate);
      if (done == total_) std::fputc('\n', stderr);
    } else {
      std::fprintf(stderr, "imported %zu/%zu ops (%zu%%, %ld ops/s), revision %s\n", done,
                   total_, percent, rate, revision.c_str());
    }
    std::fflush(stderr);
  }
  void Interrupt() {
    if (tty_) std::fputc('\n', stderr);
  }

 private:
  static constexpr size_t kBar = 10;
  size_t total_;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
};

json ReadOperationsFile(const std::string& path) {
  json file = json::parse(ReadFileOrThrow(path), nullptr, /*allow_exceptions=*/false);
  if (file.is_discarded() || !file.is_object()) {
    throw UsageError(path + " is not a JSON object");
  }
  if (file.value("format", json("")) != "paiam-operations/1") {
    throw UsageError(path + ": \"format\" must be \"paiam-operations/1\" (what `paiam admin "
                            "export` writes)");
  }
  auto operations = file.find("operations");
  if (operations == file.end() || !operations->is_array()) {
    throw UsageError(path + ": \"operations\" must be an array");
  }
  return std::move(*operations);
}

// The failing item's index within its batch, from the server's "operations[i]: ..." (shape
// errors) or "item i (Name): ..." (refused by the state); -1 when the message names none.
long FailedItem(const std::string& message) {
  static const std::regex pattern(R"(^(?:operations\[|item )(\d+))");
  std::smatch match;
  if (!std::regex_search(message, match, pattern)) return -1;
  return std::stol(match[1]);
}

int ReportRefusedBatch(const RemoteFailure& failure, const json& operations, size_t start,
                       size_t end) {
  long item = FailedItem(failure.message);
  std::string where = "the batch of operations " + std::to_string(start) + "-" +
                      std::to_string(end - 1);
  if (item >= 0 && start + static_cast<size_t>(item) < end) {
    size_t index = start + static_cast<size_t>(item);
    where = "operation " + std::to_string(index) + " (" +
            CellText(operations[index].value("operation", json("?"))) + ")";
  }
  std::fprintf(stderr, "paiam: import stopped: %s refused: %s\n", where.c_str(),
               DescribeFailure(failure).c_str());
  if (start == 0) {
    std::fprintf(stderr, "paiam: no operation was applied\n");
  } else {
    std::fprintf(stderr, "paiam: operations 0-%zu were applied; none of the refused batch\n",
                 start - 1);
  }
  return kExitInvalidInput;
}

int RunImport(const ImportFlags& flags) {
  if (flags.batch < 1 || flags.batch > 1000) throw UsageError("--batch must be 1-1000");
  json operations = ReadOperationsFile(flags.file);
  RemoteClient client(ResolveRemoteSettings(flags.remote));
  const size_t total = operations.size();
  const size_t batch = static_cast<size_t>(flags.batch);
  Progress progress(total, ::isatty(STDERR_FILENO) == 1);
  std::string revision = "-";
  size_t batches = 0;
  for (size_t start = 0; start < total; start += batch) {
    size_t end = std::min(total, start + batch);
    json body = {{"operations", json(operations.begin() + static_cast<long>(start),
                                     operations.begin() + static_cast<long>(end))}};
    try {
      json answer = client.Post("/v1/import", body);
      revision = Str(answer, "revision");
    } catch (const RemoteFailure& failure) {
      progress.Interrupt();
      if (failure.http_status == 0) throw;
      return ReportRefusedBatch(failure, operations, start, end);
    }
    ++batches;
    progress.Update(end, revision);
  }
  if (total == 0) {
    std::printf("nothing to import: %s holds no operations\n", flags.file.c_str());
    return kExitOk;
  }
  std::printf("imported %zu operations in %zu batches from %s; revision %s\n", total, batches,
              flags.file.c_str(), revision.c_str());
  return kExitOk;
}

}  // namespace

void RegisterAdminImport(CLI::App* admin, int& exit_code) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* import = admin->add_subcommand(
      "import", "Replay a `paiam admin export` file into a running server (POST /v1/import, "
                "root credentials)");
  import->add_option("FILE", flags->file,
                     "{\"format\":\"paiam-operations/1\",\"operations\":[...]}")
      ->required();
  import->add_option("--batch", flags->batch,
                     "Operations per request, each batch one transaction, 1-1000 [default 500]");
  AddRemoteFlags(import, &flags->remote);
  import->footer("A refused batch stops the import: earlier batches stay applied, and the "
                 "failing operation's index and the server's Code and Message are printed.");
  import->callback(Verb(exit_code, [flags] { return RunImport(*flags); }));
}

void RegisterClientCommands(CLI::App& app, int& exit_code) {
  auto whoami = std::make_shared<Common>();
  CLI::App* w = app.add_subcommand("whoami", "Who the server says the credentials belong to");
  AddCommon(w, whoami.get());
  w->callback(Verb(exit_code, [whoami] {
    RemoteClient client = Connect(*whoami);
    PrintResult(*whoami, client.Get("/v1/whoami"));
    return kExitOk;
  }));

  auto call = std::make_shared<CallFlags>();
  CLI::App* c = app.add_subcommand(
      "call", "Run one management operation on a running server (POST /v1/ops/OPERATION)");
  c->add_option("OPERATION", call->operation, "Operation, e.g. CreateUser, ListWorkspaces")
      ->required();
  c->add_option("--param", call->params, "Parameter Key=Value (repeatable; sent as a string)");
  c->add_option("--body", call->body,
                "All parameters as a JSON object, or @FILE; --param values override it");
  AddCommon(c, call.get());
  c->footer("Lists print as a table, other results as Key: value lines; writes end with "
            "\"revision N\".");
  c->callback(Verb(exit_code, [call] { return RunCall(*call); }));

  RegisterUserCommands(app, exit_code);
  RegisterGroupCommands(app, exit_code);
  RegisterPolicyAttach(app, exit_code);
  RegisterKeyAndWorkspaceCommands(app, exit_code);
  RegisterRemoteCommands(app, exit_code);
}

}  // namespace paiam::cli
