// Test support: small file helpers shared by tests and fuzz targets.
#ifndef PAIAM_TESTS_SUPPORT_FILES_H_
#define PAIAM_TESTS_SUPPORT_FILES_H_

#include <string>
#include <vector>

namespace paiam::testing {

// The whole file; aborts the test binary with a message when it cannot be read (a missing
// fixture is a broken checkout, not a test result).
std::string ReadFileOrDie(const std::string& path);

// Regular files directly in `dir` whose names end with `suffix`, sorted by name.
std::vector<std::string> ListFiles(const std::string& dir, const std::string& suffix);

}  // namespace paiam::testing

#endif  // PAIAM_TESTS_SUPPORT_FILES_H_
