// paiam — entry point. Parses the command line with CLI11 and turns every usage problem into a
// single line on stderr with exit status 2, so scripts can tell usage errors from denials.
#include <cstdio>
#include <string>

#include "cli/commands.h"

namespace {

// CLI11 messages sometimes span lines; a usage error must stay on one.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"paiam — Alibaba Cloud RAM and PAI access control, locally", "paiam"};
  app.set_version_flag("--version", std::string("paiam 0.1.0"));
  app.require_subcommand(1);
  app.fallthrough(false);

  int exit_code = paiam::cli::kExitOk;
  paiam::cli::RegisterPolicyCommands(app, exit_code);
  paiam::cli::RegisterBenchCommand(app, exit_code);
  paiam::cli::RegisterCheckCommands(app, exit_code);
  paiam::cli::RegisterRoleCommands(app, exit_code);
  paiam::cli::RegisterServeCommand(app, exit_code);
  paiam::cli::RegisterAdminCommands(app, exit_code);
  paiam::cli::RegisterClientCommands(app, exit_code);
  paiam::cli::RegisterActivationCommands(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "paiam: %s (run with --help for usage)\n", OneLine(e.what()).c_str());
    return paiam::cli::kExitUsage;
  } catch (const paiam::cli::UsageError& e) {
    std::fprintf(stderr, "paiam: %s\n", OneLine(e.what()).c_str());
    return paiam::cli::kExitUsage;
  }
  return exit_code;
}
