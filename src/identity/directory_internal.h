// paiam/identity — helpers shared by the Directory's implementation files. Not part of the
// component's interface.
#ifndef PAIAM_IDENTITY_DIRECTORY_INTERNAL_H_
#define PAIAM_IDENTITY_DIRECTORY_INTERNAL_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace paiam::identity::internal {

inline std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

inline Status NotFound(std::string rule, std::string message) {
  return Status(StatusCode::kNotFound, std::move(rule), std::move(message));
}
inline Status Exists(std::string rule, std::string message) {
  return Status(StatusCode::kAlreadyExists, std::move(rule), std::move(message));
}
inline Status Conflict(std::string rule, std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(rule), std::move(message));
}
inline Status Limit(std::string rule, std::string message) {
  return Status(StatusCode::kLimitExceeded, std::move(rule), std::move(message));
}
inline Status Invalid(std::string rule, std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(rule), std::move(message));
}

}  // namespace paiam::identity::internal

#endif  // PAIAM_IDENTITY_DIRECTORY_INTERNAL_H_
