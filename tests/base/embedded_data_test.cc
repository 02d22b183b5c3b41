// The binary's copy of data/ must be byte-for-byte the files in the repository.
#include "base/embedded_data.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/files.h"

namespace paiam {
namespace {

TEST(EmbeddedData, EveryDataFileIsEmbeddedExactly) {
  const std::filesystem::path data = std::filesystem::path(PAIAM_SOURCE_DIR) / "data";
  size_t on_disk = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".csv" && ext != ".json")) continue;
    ++on_disk;
    const std::string rel = std::filesystem::relative(entry.path(), data).generic_string();
    std::optional<std::string_view> embedded = EmbeddedData(rel);
    ASSERT_TRUE(embedded.has_value()) << rel << " is not embedded";
    EXPECT_EQ(*embedded, testing::ReadFileOrDie(entry.path().string())) << rel;
  }
  EXPECT_EQ(EmbeddedFiles().size(), on_disk);
  EXPECT_GT(on_disk, 0u);
}

TEST(EmbeddedData, UnknownPathIsAbsent) {
  EXPECT_FALSE(EmbeddedData("no/such/file.csv").has_value());
}

}  // namespace
}  // namespace paiam
