// paiam/api — ParamReader: typed access to an operation's JSON parameters.
//
// One reader per call. Accessors never fail on their own: the first problem (a missing
// required parameter, a wrong type) is remembered and every later accessor returns an empty
// value, so an operation reads all its parameters straight through and checks once:
//
//   ParamReader in(params);
//   std::string name = in.Required("UserName");
//   std::optional<std::string> comments = in.Optional("Comments");
//   if (Status s = in.Finish(); !s.ok()) return s;
//
// Finish() also refuses parameters no accessor asked for ("InvalidParameter.<Name>": unknown
// parameter), so a misspelt field is an error rather than silently ignored.
//
// Values may arrive as JSON types (native API) or as strings (RAM/STS RPC query parameters):
// booleans accept true/false and "true"/"false", integers accept numbers and decimal strings,
// lists accept JSON arrays, JSON-encoded arrays in a string, and comma-separated strings.
//
// Error rules follow RAM: "MissingParameter.<Name>" and "InvalidParameter.<Name>" (both
// InvalidArgument).
#ifndef PAIAM_API_PARAMS_H_
#define PAIAM_API_PARAMS_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace paiam::api {

class ParamReader {
 public:
  explicit ParamReader(const nlohmann::json& params);

  std::string Required(std::string_view name);
  std::optional<std::string> Optional(std::string_view name);
  std::optional<bool> OptionalBool(std::string_view name);
  std::optional<int64_t> OptionalInt(std::string_view name);
  std::vector<std::string> RequiredList(std::string_view name);
  std::vector<std::string> OptionalList(std::string_view name);
  // A nested value (object or array) as is; nullptr when absent. Strings holding JSON are
  // parsed ("Members": "[{...}]" from an RPC query).
  const nlohmann::json* OptionalJson(std::string_view name);

  // Records a problem found by the operation itself (e.g. a value out of range), unless an
  // earlier one is already recorded.
  void Fail(Status status);
  bool ok() const { return status_.ok(); }
  Status Finish();

 private:
  const nlohmann::json* Lookup(std::string_view name, bool required);
  std::optional<std::string> AsString(std::string_view name, const nlohmann::json& value);

  const nlohmann::json& params_;
  std::set<std::string, std::less<>> seen_;
  std::deque<nlohmann::json> parsed_;  // owns values parsed out of strings (stable addresses)
  Status status_;
};

Status MissingParameter(std::string_view name);
Status InvalidParameter(std::string_view name, std::string_view why);

}  // namespace paiam::api

#endif  // PAIAM_API_PARAMS_H_
