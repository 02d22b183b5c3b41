// paiam/cli — products, activate, authorize, dependencies, trial (commands.h).
// Placeholder: being written.
#include "cli/commands.h"

namespace paiam::cli {

void RegisterActivationCommands(CLI::App&, int&) {}

}  // namespace paiam::cli
