// paiam/cli — the `paiam` command. Each verb group registers its subcommands on the app and
// writes its exit status into `exit_code` when it runs. The CLI may use every component; nothing
// depends on it.
//
// Exit codes: 0 success, 1 the input was processed and found wrong (an invalid policy),
// 2 a usage error (bad flag, missing file).
#ifndef PAIAM_CLI_COMMANDS_H_
#define PAIAM_CLI_COMMANDS_H_

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

namespace paiam::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalidInput = 1;
inline constexpr int kExitUsage = 2;

void RegisterPolicyCommands(CLI::App& app, int& exit_code);
void RegisterBenchCommand(CLI::App& app, int& exit_code);
void RegisterCheckCommands(CLI::App& app, int& exit_code);  // check, list-allowed
void RegisterRoleCommands(CLI::App&, int&);
void RegisterServeCommand(CLI::App& app, int& exit_code);
void RegisterAdminCommands(CLI::App& app, int& exit_code);  // backup, restore, audit, export
// whoami, call, user, group, policy attach, key, workspace, member, remote check|audit: verbs
// against a running server (client_commands.cc, remote.h). After RegisterPolicyCommands.
void RegisterClientCommands(CLI::App& app, int& exit_code);
// products, activate, authorize, dependencies, trial: the activation plane against a running
// server (activation_commands.cc).
void RegisterActivationCommands(CLI::App& app, int& exit_code);
// `admin import FILE`: replays an export into a running server (client_commands.cc).
void RegisterAdminImport(CLI::App* admin, int& exit_code);

// The whole file; throws UsageError when it cannot be read.
std::string ReadFileOrThrow(const std::string& path);

// `--context key=value` flags as pairs; a key given twice is multi-valued. acs:CurrentTime
// defaults to now, as the server fills it for every real request. Throws UsageError on a flag
// without `=` or with an empty key.
std::vector<std::pair<std::string, std::string>> ParseContextFlags(
    const std::vector<std::string>& pairs);

// Thrown by command bodies for usage errors detected after flag parsing (unreadable file,
// malformed --context); main prints it on one line and exits with kExitUsage.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace paiam::cli

#endif  // PAIAM_CLI_COMMANDS_H_
