// paiam/cli — `paiam admin …`: operator verbs that work on a data directory directly.
//
//   backup FILE   online, consistent copy of the database (SQLite backup API; the server may
//                 keep running and writing)
//   restore FILE  replaces the database with a backup; refused while a server holds the
//                 directory (data_dir.h)
//   audit         the audit trail, filtered and paged, as a table or JSON lines
//   export FILE   the change log as portable operations for `paiam admin import`
//   verify        integrity check of the database, then a full replay of its change log
// `import` talks to a running server and lives in client_commands.cc.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "api/live_state.h"
#include "api/operation.h"
#include "auth/crypto.h"
#include "auth/signature.h"
#include "cli/commands.h"
#include "cli/data_dir.h"
#include "store/sqlite_store.h"

namespace paiam::cli {
namespace {

using nlohmann::json;

std::unique_ptr<store::Store> OpenExisting(const std::string& data_dir) {
  store::SqliteOptions options;
  options.create_if_missing = false;
  auto store = store::OpenSqliteStore(data_dir + "/paiam.db", options);
  if (!store.ok()) throw UsageError(data_dir + ": " + store.status().message());
  return std::move(*store);
}

int RunBackup(const std::string& data_dir, const std::string& file) {
  auto store = OpenExisting(data_dir);
  if (Status s = store->Backup(file); !s.ok()) {
    std::fprintf(stderr, "paiam: backup: %s\n", s.ToString().c_str());
    return kExitInvalidInput;
  }
  std::printf("backed up revision %llu of %s to %s\n",
              static_cast<unsigned long long>(store->revision()), data_dir.c_str(), file.c_str());
  return kExitOk;
}

int RunRestore(const std::string& data_dir, const std::string& file) {
  auto lock = DataDirLock::Acquire(data_dir);
  if (!lock.ok()) {
    std::fprintf(stderr, "paiam: restore: %s\n", lock.status().message().c_str());
    return kExitInvalidInput;
  }
  if (Status s = store::RestoreSqliteStore(file, data_dir + "/paiam.db"); !s.ok()) {
    std::fprintf(stderr, "paiam: restore: %s\n", s.ToString().c_str());
    return kExitInvalidInput;
  }
  std::printf("restored %s from %s\n", data_dir.c_str(), file.c_str());
  return kExitOk;
}

struct AuditFlags {
  std::string data_dir = "./paiam-data";
  std::string workspace, caller, action, since, until;
  int64_t limit = 100;
  uint64_t marker = 0;
  bool json = false;
};

int64_t ParseTimeFlag(const std::string& text, const char* flag) {
  if (text.empty()) return -1;
  auto parsed = auth::ParseIso8601(text);
  if (!parsed) {
    throw UsageError(std::string(flag) + " expects YYYY-MM-DDTHH:MM:SSZ, got \"" + text + "\"");
  }
  return *parsed;
}

int RunAudit(const AuditFlags& flags) {
  if (flags.limit < 1 || flags.limit > 1000) throw UsageError("--limit must be 1-1000");
  store::AuditQuery query;
  if (!flags.workspace.empty()) query.workspace_id = flags.workspace;
  if (!flags.caller.empty()) query.caller = flags.caller;
  if (!flags.action.empty()) query.action = flags.action;
  if (int64_t since = ParseTimeFlag(flags.since, "--since"); since >= 0) query.from_ms = since;
  if (int64_t until = ParseTimeFlag(flags.until, "--until"); until >= 0) query.to_ms = until;
  query.limit = static_cast<size_t>(flags.limit);
  query.marker = flags.marker;
  auto store = OpenExisting(flags.data_dir);
  auto page = store->QueryAudit(query);
  if (!page.ok()) {
    std::fprintf(stderr, "paiam: audit: %s\n", page.status().ToString().c_str());
    return kExitInvalidInput;
  }
  for (const store::AuditEntry& e : page->entries) {
    if (flags.json) {
      json line = {{"id", e.id},           {"time", auth::FormatIso8601(e.at_ms)},
                   {"request_id", e.request_id}, {"caller", e.caller},
                   {"source_ip", e.source_ip},   {"operation", e.operation},
                   {"action", e.action},         {"resource", e.resource},
                   {"workspace_id", e.workspace_id}, {"parameters", e.parameters},
                   {"result", e.result},         {"http_status", e.http_status},
                   {"revision", e.revision}};
      std::printf("%s\n", line.dump().c_str());
    } else {
      std::printf("%-6llu %-20s %-3d %-28s %-24s %s %s\n", static_cast<unsigned long long>(e.id),
                  auth::FormatIso8601(e.at_ms).c_str(), e.http_status, e.result.c_str(),
                  e.operation.c_str(), e.caller.empty() ? "-" : e.caller.c_str(),
                  e.resource.c_str());
    }
  }
  if (page->truncated) {
    std::fprintf(stderr, "more entries: run again with --marker %llu\n",
                 static_cast<unsigned long long>(page->next_marker));
  }
  return kExitOk;
}

// Access keys are not exported: their secrets are sealed with this server's key and a copy of
// a credential is not something an export should make.
int RunExport(const std::string& data_dir, const std::string& file) {
  auto store = OpenExisting(data_dir);
  json operations = json::array();
  size_t skipped = 0;
  Status s = store->ForEachChange(0, [&](const store::Change& change) -> Status {
    const api::Operation* op = api::FindOperation(change.operation);
    if (op == nullptr || op->internal || change.operation.find("AccessKey") != std::string::npos) {
      ++skipped;
      return Status::Ok();
    }
    json params = json::parse(change.body, nullptr, false);
    operations.push_back({{"operation", change.operation}, {"params", params}});
    return Status::Ok();
  });
  if (!s.ok()) {
    std::fprintf(stderr, "paiam: export: %s\n", s.ToString().c_str());
    return kExitInvalidInput;
  }
  std::ofstream out(file);
  out << json{{"format", "paiam-operations/1"}, {"operations", operations}}.dump(1) << "\n";
  if (!out) throw UsageError("cannot write " + file);
  std::printf("exported %zu operations to %s (%zu internal or access-key changes left out)\n",
              operations.size(), file.c_str(), skipped);
  return kExitOk;
}

// What a restart would do, without serving: the store's own integrity check, then a replay of
// every change into a fresh state. Exit 1 names the first problem.
int RunVerify(const std::string& data_dir) {
  auto store = OpenExisting(data_dir);
  if (Status s = store->CheckIntegrity(); !s.ok()) {
    std::fprintf(stderr, "paiam: verify: %s\n", s.ToString().c_str());
    return kExitInvalidInput;
  }
  uint64_t revision = store->revision();
  auto box = auth::SecretBox::LoadOrCreate(data_dir + "/secret.key");
  if (!box.ok()) {
    std::fprintf(stderr, "paiam: verify: %s\n", box.status().ToString().c_str());
    return kExitInvalidInput;
  }
  auto live = api::LiveState::Open(std::move(store), std::move(*box));
  if (!live.ok()) {
    std::fprintf(stderr, "paiam: verify: %s\n", live.status().ToString().c_str());
    return kExitInvalidInput;
  }
  const auto& stats = (*live)->current()->snapshot->stats();
  std::printf("ok: integrity check passed; %llu changes replayed; %zu principals, %zu "
              "workspaces, %zu memberships\n",
              static_cast<unsigned long long>(revision), stats.principals, stats.workspaces,
              stats.memberships);
  return kExitOk;
}

}  // namespace

void RegisterAdminCommands(CLI::App& app, int& exit_code) {
  CLI::App* admin = app.add_subcommand("admin", "Operate on a data directory: backup, restore, "
                                                "audit, export (and import into a server)");
  admin->require_subcommand(1);

  auto data_dir = std::make_shared<std::string>("./paiam-data");
  auto file = std::make_shared<std::string>();

  CLI::App* backup = admin->add_subcommand("backup", "Online, consistent copy of the database");
  backup->add_option("FILE", *file, "Where to write the backup (must not exist)")->required();
  backup->add_option("--data-dir", *data_dir, "Data directory [default ./paiam-data]");
  backup->callback([=, &exit_code] { exit_code = RunBackup(*data_dir, *file); });

  CLI::App* restore = admin->add_subcommand(
      "restore", "Replace the database with a backup (the server must be stopped)");
  restore->add_option("FILE", *file, "A file written by `paiam admin backup`")->required();
  restore->add_option("--data-dir", *data_dir, "Data directory [default ./paiam-data]");
  restore->callback([=, &exit_code] { exit_code = RunRestore(*data_dir, *file); });

  auto audit_flags = std::make_shared<AuditFlags>();
  CLI::App* audit = admin->add_subcommand("audit", "Print the audit trail, oldest first");
  audit->add_option("--data-dir", audit_flags->data_dir, "Data directory [default ./paiam-data]");
  audit->add_option("--workspace", audit_flags->workspace, "Only entries of this workspace id");
  audit->add_option("--caller", audit_flags->caller, "Only this caller ARN");
  audit->add_option("--action", audit_flags->action, "Only this RAM action (ram:CreateUser)");
  audit->add_option("--since", audit_flags->since, "From this time (YYYY-MM-DDTHH:MM:SSZ)");
  audit->add_option("--until", audit_flags->until, "Up to this time (YYYY-MM-DDTHH:MM:SSZ)");
  audit->add_option("--limit", audit_flags->limit, "Entries per page, 1-1000 [default 100]");
  audit->add_option("--marker", audit_flags->marker, "Continue after this entry id");
  audit->add_flag("--json", audit_flags->json, "One JSON object per line");
  audit->callback([=, &exit_code] { exit_code = RunAudit(*audit_flags); });

  CLI::App* exporter = admin->add_subcommand(
      "export", "Write the change log as operations that `paiam admin import` replays");
  exporter->add_option("FILE", *file, "Output file")->required();
  exporter->add_option("--data-dir", *data_dir, "Data directory [default ./paiam-data]");
  exporter->callback([=, &exit_code] { exit_code = RunExport(*data_dir, *file); });

  RegisterAdminImport(admin, exit_code);

  CLI::App* verify = admin->add_subcommand(
      "verify", "Check the database's integrity and replay its whole change log");
  verify->add_option("--data-dir", *data_dir, "Data directory [default ./paiam-data]");
  verify->callback([=, &exit_code] { exit_code = RunVerify(*data_dir); });
}

}  // namespace paiam::cli
