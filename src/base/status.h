// paiam/base — Status and StatusOr: how every component below the API reports a refused
// operation. Header-only; depends on nothing.
//
// A refusal carries a machine-readable code (which the API maps to HTTP statuses and Alibaba
// error codes), the name of the rule that refused it (e.g. "workspace.owner-role-is-permanent"),
// and a sentence for people. Errors are values, never exceptions, so a refused write can be
// proven to leave no half-written state.
#ifndef PAIAM_BASE_STATUS_H_
#define PAIAM_BASE_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace paiam {

enum class StatusCode : uint8_t {
  kOk,
  kInvalidArgument,     // malformed input: a bad name, an unknown role
  kNotFound,            // the entity does not exist
  kAlreadyExists,       // a name is taken
  kFailedPrecondition,  // a rule forbids it in the current state (last role, Owner role, ...)
  kPermissionDenied,    // the engine denied the caller
  kLimitExceeded,       // a documented quota
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string rule, std::string message)
      : code_(code), rule_(std::move(rule)), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& rule() const { return rule_; }
  const std::string& message() const { return message_; }

  // "FailedPrecondition [workspace.owner-role-is-permanent]: the Owner role cannot be removed"
  std::string ToString() const {
    if (ok()) return "OK";
    std::string out(StatusCodeName(code_));
    if (!rule_.empty()) out += " [" + rule_ + "]";
    return out + ": " + message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string rule_;
  std::string message_;
};

inline std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kAlreadyExists: return "AlreadyExists";
    case StatusCode::kFailedPrecondition: return "FailedPrecondition";
    case StatusCode::kPermissionDenied: return "PermissionDenied";
    case StatusCode::kLimitExceeded: return "LimitExceeded";
    case StatusCode::kInternal: return "Internal";
  }
  return "Unknown";
}

// A value or the Status that explains its absence.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace paiam

#endif  // PAIAM_BASE_STATUS_H_
