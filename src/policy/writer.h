// paiam/policy — the model back to RAM policy JSON.
//
// Used wherever paiam shows a policy it built or holds: `paiam role show`, reproducers of the
// differential test, API responses. Elements come out in the order the RAM console writes them
// (Version, Statement; Sid, Effect, Action, Resource, Principal, Condition); lists are arrays,
// a condition key with one value is a plain string. Parsing the output gives back an equal model.
#ifndef PAIAM_POLICY_WRITER_H_
#define PAIAM_POLICY_WRITER_H_

#include <string>

#include <nlohmann/json.hpp>

#include "policy/ast.h"

namespace paiam::policy {

nlohmann::ordered_json PolicyDocumentToJson(const PolicyDocument& document);

// Compact when indent < 0, else pretty-printed with `indent` spaces.
std::string FormatPolicyDocument(const PolicyDocument& document, int indent = -1);

}  // namespace paiam::policy

#endif  // PAIAM_POLICY_WRITER_H_
