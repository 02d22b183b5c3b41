// paiam/base — the files of data/ (catalog CSVs, system policy JSON), compiled into the binary
// by cmake/embed_data.cmake so that paiam needs no data directory at run time.
#ifndef PAIAM_BASE_EMBEDDED_DATA_H_
#define PAIAM_BASE_EMBEDDED_DATA_H_

#include <optional>
#include <span>
#include <string_view>

namespace paiam {

struct EmbeddedFile {
  std::string_view path;     // relative to data/, e.g. "catalog/actions.csv"
  std::string_view content;
};

// Every embedded file, sorted by path.
std::span<const EmbeddedFile> EmbeddedFiles();

// The content of data/<path>, or nullopt when no such file was embedded.
inline std::optional<std::string_view> EmbeddedData(std::string_view path) {
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (f.path == path) return f.content;
  }
  return std::nullopt;
}

}  // namespace paiam

#endif  // PAIAM_BASE_EMBEDDED_DATA_H_
