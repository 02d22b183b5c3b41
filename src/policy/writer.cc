#include "policy/writer.h"

#include <vector>

namespace paiam::policy {
namespace {

using Json = nlohmann::ordered_json;

Json PrincipalJson(const std::vector<PrincipalEntry>& entries) {
  Json out = Json::object();
  for (const PrincipalEntry& entry : entries) {
    switch (entry.type) {
      case PrincipalType::kAny: return "*";
      case PrincipalType::kRam: out["RAM"].push_back(entry.value); break;
      case PrincipalType::kService: out["Service"].push_back(entry.value); break;
      case PrincipalType::kFederated: out["Federated"].push_back(entry.value); break;
    }
  }
  return out;
}

Json ConditionJson(const std::vector<ConditionClause>& clauses) {
  Json out = Json::object();
  for (const ConditionClause& clause : clauses) {
    Json value;
    if (clause.values.size() == 1) {
      value = clause.values.front().text;
    } else {
      value = Json::array();
      for (const ConditionValue& v : clause.values) value.push_back(v.text);
    }
    out[clause.op.Name()][clause.key] = std::move(value);
  }
  return out;
}

Json StatementJson(const Statement& s) {
  Json j = Json::object();
  if (!s.sid.empty()) j["Sid"] = s.sid;
  j["Effect"] = s.effect == Effect::kAllow ? "Allow" : "Deny";
  j[s.not_action ? "NotAction" : "Action"] = s.actions;
  if (s.has_resource) j[s.not_resource ? "NotResource" : "Resource"] = s.resources;
  if (s.has_principal) j["Principal"] = PrincipalJson(s.principals);
  if (!s.conditions.empty()) j["Condition"] = ConditionJson(s.conditions);
  return j;
}

}  // namespace

nlohmann::ordered_json PolicyDocumentToJson(const PolicyDocument& document) {
  Json statements = Json::array();
  for (const Statement& s : document.statements) statements.push_back(StatementJson(s));
  Json doc = Json::object();
  doc["Version"] = document.version;
  doc["Statement"] = std::move(statements);
  return doc;
}

std::string FormatPolicyDocument(const PolicyDocument& document, int indent) {
  return PolicyDocumentToJson(document).dump(indent);
}

}  // namespace paiam::policy
