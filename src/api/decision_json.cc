// paiam/api — decisions and explanations as JSON (decision_json.h).
#include "api/decision_json.h"

namespace paiam::api {

using nlohmann::json;

json StatementJson(const authz::StatementInfo& s) {
  json out = {{"policy", s.policy},
              {"version", s.version},
              {"index", s.index},
              {"sid", s.sid},
              {"source", s.source}};
  if (!s.group.empty()) out["group"] = s.group;
  if (!s.workspace.empty()) {
    out["workspace"] = s.workspace;
    out["role"] = s.role;
  }
  return out;
}

json ExplainJson(const authz::ExplainReport& report) {
  json policies = json::array();
  for (const authz::PolicyTrace& p : report.policies) {
    json statements = json::array();
    for (const authz::StatementTrace& t : p.statements) {
      statements.push_back({{"index", t.index},
                            {"sid", t.sid},
                            {"effect", t.effect == policy::Effect::kDeny ? "Deny" : "Allow"},
                            {"matched", t.matched},
                            {"reasons", t.reasons}});
    }
    json entry = {{"source", authz::SourceName(p.source)},
                  {"policy", p.policy},
                  {"version", p.version},
                  {"statements", statements}};
    if (!p.group.empty()) entry["group"] = p.group;
    if (!p.workspace.empty()) {
      entry["workspace"] = p.workspace;
      entry["role"] = p.role;
    }
    policies.push_back(entry);
  }
  return {{"notes", report.notes}, {"policies", policies}};
}

std::string DecisionReason(policy::Decision decision, bool by_root,
                           const std::vector<authz::StatementInfo>& deciding) {
  if (by_root) return "allowed: the account root may do anything inside its own account";
  if (decision == policy::Decision::kImplicitDeny) {
    return "implicitly denied: no statement allows the request";
  }
  std::string out = decision == policy::Decision::kAllow ? "allowed by " : "explicitly denied by ";
  for (size_t i = 0; i < deciding.size(); ++i) {
    const authz::StatementInfo& s = deciding[i];
    if (i > 0) out += "; ";
    out += std::string(s.source) + " policy " + std::string(s.policy) + " " +
           std::string(s.version) + " Statement[" + std::to_string(s.index) + "]";
    if (!s.workspace.empty()) {
      out += " (workspace " + std::string(s.workspace) + ", role " + std::string(s.role) + ")";
    }
    if (!s.group.empty()) out += " (group " + std::string(s.group) + ")";
  }
  return out;
}

StatusOr<std::vector<std::pair<std::string, std::string>>> ContextFromJson(
    const json* context, std::string_view now_iso8601) {
  std::vector<std::pair<std::string, std::string>> out;
  bool has_time = false;
  auto bad = [](const std::string& key) {
    return Status(StatusCode::kInvalidArgument, "InvalidParameter.context",
                  "context key \"" + key +
                      "\" must map to a string, number, boolean or a list of strings");
  };
  if (context != nullptr && !context->is_null()) {
    if (!context->is_object()) {
      return Status(StatusCode::kInvalidArgument, "InvalidParameter.context",
                    "context must be a JSON object of condition keys");
    }
    for (const auto& [key, value] : context->items()) {
      has_time = has_time || key == "acs:CurrentTime";
      auto scalar = [&](const json& v) -> std::optional<std::string> {
        if (v.is_string()) return v.get<std::string>();
        if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
        if (v.is_number()) return v.dump();
        return std::nullopt;
      };
      if (value.is_array()) {
        for (const json& item : value) {
          auto text = scalar(item);
          if (!text) return bad(key);
          out.emplace_back(key, *text);
        }
      } else {
        auto text = scalar(value);
        if (!text) return bad(key);
        out.emplace_back(key, *text);
      }
    }
  }
  if (!has_time) out.emplace_back("acs:CurrentTime", std::string(now_iso8601));
  return out;
}

}  // namespace paiam::api
