// paiam/workspace — helpers shared by the implementation files of Workspaces. Not part of the
// component's interface.
#ifndef PAIAM_WORKSPACE_WORKSPACE_INTERNAL_H_
#define PAIAM_WORKSPACE_WORKSPACE_INTERNAL_H_

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "base/status.h"

namespace paiam::workspace::internal {

inline std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

inline Status Error(StatusCode code, std::string_view rule, std::string message) {
  return Status(code, "workspace." + std::string(rule), std::move(message));
}
inline Status Invalid(std::string_view rule, std::string message) {
  return Error(StatusCode::kInvalidArgument, rule, std::move(message));
}
inline Status NotFound(std::string_view rule, std::string message) {
  return Error(StatusCode::kNotFound, rule, std::move(message));
}
inline Status Exists(std::string_view rule, std::string message) {
  return Error(StatusCode::kAlreadyExists, rule, std::move(message));
}
inline Status Refused(std::string_view rule, std::string message) {
  return Error(StatusCode::kFailedPrecondition, rule, std::move(message));
}

// Counts UTF-8 code points: limits are in characters.
inline size_t Chars(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// PageNumber from 1, PageSize 1-100 (rule workspace.paging-invalid).
Status CheckPaging(size_t page_number, size_t page_size);

// The slice [begin, end) of `total` items that page `page_number` of size `page_size` shows.
inline std::pair<size_t, size_t> PageBounds(size_t total, size_t page_number, size_t page_size) {
  const size_t begin = std::min(total, (page_number - 1) * page_size);
  return {begin, std::min(total, begin + page_size)};
}

}  // namespace paiam::workspace::internal

#endif  // PAIAM_WORKSPACE_WORKSPACE_INTERNAL_H_
