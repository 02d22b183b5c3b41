// libFuzzer target for the policy parser: any input, parsed as every kind of policy, must give a
// result that keeps the parser's promises (policy/parser.h):
//   * ok() exactly when there is no error, and a syntax error comes alone;
//   * every diagnostic has a message and ToString(); messages are valid UTF-8 (they end up in
//     JSON output); pointers are RFC 6901; positions lie inside the text, in source order;
//   * a document that parses satisfies the model invariants evaluators rely on (policy/ast.h);
//   * parsing is deterministic, including across the reused per-thread parser.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "policy/parser.h"

namespace {

using paiam::policy::Diagnostic;
using paiam::policy::NameCatalog;
using paiam::policy::ParseOptions;
using paiam::policy::ParseResult;
using paiam::policy::PolicyDocument;
using paiam::policy::PolicyKind;
using paiam::policy::Severity;

// Reports which invariant failed before aborting, so a crash file explains itself.
#define Check(condition)                                                                     \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t length = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xE  ? 3
                          : (c >> 3) == 0x1E ? 4
                                             : 0;
    if (length == 0 || i + length > s.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// Lengths of the lines of `text`, in bytes, without their '\n'.
std::vector<size_t> LineLengths(std::string_view text) {
  std::vector<size_t> lengths;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      lengths.push_back(i - start);
      start = i + 1;
    }
  }
  return lengths;
}

void CheckDiagnostics(std::string_view text, const ParseResult& result) {
  const std::vector<size_t> lines = LineLengths(text);
  bool has_error = false;
  bool has_syntax_error = false;
  uint32_t last_line = 0, last_column = 0;
  for (const Diagnostic& d : result.diagnostics) {
    has_error |= d.severity == Severity::kError;
    has_syntax_error |= d.message.starts_with("invalid JSON: ");
    Check(!d.message.empty());
    Check(IsValidUtf8(d.message));
    Check(d.pointer.empty() || d.pointer.front() == '/');
    Check(!d.ToString().empty());
    (void)paiam::policy::PointerToPath(d.pointer);
    if (d.line == 0) {
      Check(d.column == 0);
      Check(last_line == 0);  // diagnostics about the whole text come first
      continue;
    }
    Check(d.line <= lines.size());
    Check(d.column >= 1 && d.column <= lines[d.line - 1] + 1);
    Check(d.line > last_line || (d.line == last_line && d.column >= last_column));
    last_line = d.line;
    last_column = d.column;
  }
  Check(result.ok() == !has_error);
  if (has_syntax_error) Check(result.diagnostics.size() == 1);
}

void CheckDocument(const PolicyDocument& doc, PolicyKind kind) {
  const bool trust = kind == PolicyKind::kTrust;
  const bool needs_principal = trust || kind == PolicyKind::kResource;
  Check(doc.version == "1");
  Check(!doc.statements.empty());
  for (const auto& statement : doc.statements) {
    Check(!statement.actions.empty());
    for (const auto& action : statement.actions) Check(!action.empty());
    Check(statement.has_resource == !trust);
    Check(statement.has_resource == !statement.resources.empty());
    Check(statement.has_resource || !statement.not_resource);
    Check(statement.has_principal == needs_principal);
    Check(statement.has_principal == !statement.principals.empty());
    for (const auto& clause : statement.conditions) {
      Check(!clause.key.empty());
      Check(!clause.values.empty());
    }
  }
}

bool SameDiagnostics(const ParseResult& a, const ParseResult& b) {
  if (a.diagnostics.size() != b.diagnostics.size() || a.ok() != b.ok()) return false;
  for (size_t i = 0; i < a.diagnostics.size(); ++i) {
    if (a.diagnostics[i].ToString() != b.diagnostics[i].ToString()) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // A catalog that knows some names, so the unknown-name warnings are exercised too.
  NameCatalog catalog;
  catalog.knows_ram_code = [](std::string_view code) { return code.size() % 2 == 0; };
  catalog.knows_action = [](std::string_view action) { return action.size() % 3 != 0; };
  for (const PolicyKind kind :
       {PolicyKind::kIdentity, PolicyKind::kSession, PolicyKind::kTrust, PolicyKind::kResource}) {
    const ParseOptions options{kind, kind == PolicyKind::kIdentity ? &catalog : nullptr};
    const ParseResult result = paiam::policy::ParsePolicy(text, options);
    CheckDiagnostics(text, result);
    if (result.ok()) CheckDocument(*result.document, kind);
    if (kind == PolicyKind::kIdentity) {
      Check(SameDiagnostics(result, paiam::policy::ParsePolicy(text, options)));
    }
  }
  return 0;
}
