// paiam/api — decisions and explanations as JSON, shared by the HTTP API and `paiam check`.
#ifndef PAIAM_API_DECISION_JSON_H_
#define PAIAM_API_DECISION_JSON_H_

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "authz/authorizer.h"
#include "authz/explain.h"
#include "base/status.h"

namespace paiam::api {

// {"policy","version","index","sid","source"[,"group"][,"workspace","role"]}
nlohmann::json StatementJson(const authz::StatementInfo& statement);
// {"notes":[...], "policies":[{"source","policy","version","statements":[{index,sid,effect,
// matched,reasons}]}]}
nlohmann::json ExplainJson(const authz::ExplainReport& report);
// One sentence naming why: the root rule, the deciding statements, or that none allows.
std::string DecisionReason(policy::Decision decision, bool by_root,
                           const std::vector<authz::StatementInfo>& deciding);

// Request context from {"key": "value" | ["v1", "v2"] | number | bool}; one entry per value.
// Adds acs:CurrentTime (now) when absent. Errors name the key: InvalidParameter.context.
StatusOr<std::vector<std::pair<std::string, std::string>>> ContextFromJson(
    const nlohmann::json* context, std::string_view now_iso8601);

}  // namespace paiam::api

#endif  // PAIAM_API_DECISION_JSON_H_
