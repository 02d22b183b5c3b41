// Helpers every `paiam` verb shares for reading files and `--context` flags.
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "cli/commands.h"

namespace paiam::cli {
namespace {

std::string CurrentTimeIso8601() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace

std::string ReadFileOrThrow(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::pair<std::string, std::string>> ParseContextFlags(
    const std::vector<std::string>& pairs) {
  std::vector<std::pair<std::string, std::string>> context;
  bool has_time = false;
  for (const std::string& pair : pairs) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UsageError("--context expects key=value, got \"" + pair + "\"");
    }
    context.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
    has_time = has_time || context.back().first == "acs:CurrentTime";
  }
  if (!has_time) context.emplace_back("acs:CurrentTime", CurrentTimeIso8601());
  return context;
}

}  // namespace paiam::cli
