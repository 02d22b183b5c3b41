// paiam/policy — JSON policy text to the typed model, with validation.
//
// Every problem is reported with where it is: a JSON pointer and the 1-based line and column of
// the offending value in the source text, e.g.
//   /Statement/1/Effect: expected "Allow" or "Deny", got "allow" (line 7, column 17)
// Errors make the document unusable; warnings (duplicate entries, Action "*" on Resource "*",
// names the catalog does not know) do not. Parsing never throws.
#ifndef PAIAM_POLICY_PARSER_H_
#define PAIAM_POLICY_PARSER_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/ast.h"

namespace paiam::policy {

// Documented limits (shared/spec/ram-policy.md, Limits and Decisions 6).
inline constexpr size_t kMaxPolicyDocumentChars = 6144;
inline constexpr size_t kMaxSessionPolicyChars = 2048;

enum class Severity : uint8_t { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string pointer;  // JSON pointer, "" for the whole document
  uint32_t line = 0;    // 1-based; 0 when not tied to a position
  uint32_t column = 0;  // 1-based, counted in bytes
  std::string message;

  // "Statement[1].Effect: <message> (line 7, column 17)": the pointer is rendered in the
  // dotted/indexed form people read; ToJson keeps the RFC 6901 pointer.
  std::string ToString() const;
};

// Optional knowledge from the catalog, used only for warnings. Returns true when known.
struct NameCatalog {
  std::function<bool(std::string_view ram_code)> knows_ram_code;
  std::function<bool(std::string_view action)> knows_action;
};

struct ParseOptions {
  PolicyKind kind = PolicyKind::kIdentity;
  const NameCatalog* catalog = nullptr;  // no catalog: no unknown-name warnings
};

struct ParseResult {
  std::optional<PolicyDocument> document;  // set iff there are no errors
  std::vector<Diagnostic> diagnostics;     // errors and warnings, in source order
  bool ok() const { return document.has_value(); }
};

ParseResult ParsePolicy(std::string_view json, const ParseOptions& options = {});

// Renders "/Statement/1/Effect" as "Statement[1].Effect".
std::string PointerToPath(std::string_view pointer);

}  // namespace paiam::policy

#endif  // PAIAM_POLICY_PARSER_H_
