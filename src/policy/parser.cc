// The policy parser walks the document once with simdjson On-Demand, validating as it builds the
// model. Positions are byte offsets until a diagnostic is emitted, and JSON pointers are built
// from a stack of string_views only when something is reported, so a clean parse pays for
// neither. The JSON mechanics live in json_source.h; this file is the policy grammar.
#include "policy/parser.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <span>
#include <utility>

#include "policy/glob.h"
#include "policy/json_source.h"

namespace paiam::policy {
namespace {

namespace ondemand = simdjson::ondemand;
using internal::kNoIndex;
using internal::kNoOffset;
using internal::Quote;
using internal::TypeName;
using ondemand::json_type;

// Far beyond any legal document (6,144 code points is at most 24 KiB): report the length and
// do not spend time or parser memory on the rest.
constexpr size_t kMaxParsedBytes = size_t{1} << 20;

constexpr std::array<std::string_view, 2> kTopElements = {"Version", "Statement"};
constexpr std::array<std::string_view, 8> kStatementElements = {
    "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "Condition"};
constexpr std::array<std::string_view, 3> kPrincipalElements = {"RAM", "Service", "Federated"};

// Indexes into kStatementElements, also used as bits of a "seen" mask.
enum StatementElement : unsigned {
  // clang-format off
  kSid, kEffect, kAction, kNotAction, kResource, kNotResource, kPrincipal, kCondition, kUnknown
  // clang-format on
};
constexpr unsigned Bit(StatementElement e) { return 1u << e; }

// What a statement's members established, for the checks made when it closes.
struct StatementState {
  unsigned seen = 0;    // Bit() of each element present
  bool allows = false;  // Effect is a valid "Allow"
};

constexpr std::string_view kTrustPrincipalShape =
    R"(expected "*" or an object with "RAM", "Service" or "Federated")";

template <size_t N>
size_t FindName(const std::array<std::string_view, N>& names, std::string_view key) {
  return static_cast<size_t>(std::find(names.begin(), names.end(), key) - names.begin());
}

bool EqualsFolded(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return FoldCase(x) == FoldCase(y);
         });
}

bool IsAllStars(std::string_view s) {
  return !s.empty() && s.find_first_not_of('*') == std::string_view::npos;
}

bool IsValidAction(std::string_view action) {
  const size_t colon = action.find(':');
  if (colon == std::string_view::npos) {
    return action.find_first_not_of("*?") == std::string_view::npos;
  }
  return colon > 0 && colon + 1 < action.size();
}

// `*` may cross `:`, so "acs:oss:*" can mean a full ARN; anything else needs all five fields.
bool IsValidResource(std::string_view resource) {
  if (resource == "*") return true;
  if (!resource.starts_with("acs:")) return false;
  return std::count(resource.begin(), resource.end(), ':') >= 4 ||
         resource.find('*') != std::string_view::npos;
}

// One string of a list-valued element, kept as views into simdjson's buffers until the checks
// that need positions are done.
struct ListEntry {
  std::string_view text;
  size_t offset = 0;
  size_t index = kNoIndex;  // position in the JSON array; kNoIndex for a bare string
};

// The parser and the padded copy of the text are reused across calls on a thread: allocating
// them costs more than parsing a typical policy. A nested call (a catalog callback that parses)
// gets its own.
struct ParserSlot {
  ondemand::parser parser;
  simdjson::padded_string buffer;
  bool busy = false;
};

class Parser : private internal::JsonWalker {
 public:
  Parser(std::string_view text, const ParseOptions& options)
      : JsonWalker(text), text_(text), options_(options) {}
  ParseResult Run();

 private:
  void ReportEntry(Severity severity, const ListEntry& entry, std::string message) {
    PathScope scope(this, entry.index);
    Report(severity, entry.offset, std::move(message));
  }
  void UnknownElement(std::string_view key, size_t key_offset,
                      std::span<const std::string_view> known);
  void CheckLength();
  bool ParseList(Value& value, bool allow_empty_array, std::vector<ListEntry>* out,
                 bool* empty_array);
  template <typename OnDuplicate>
  void ForEachDuplicate(const std::vector<ListEntry>& entries, bool fold, OnDuplicate&& report);

  // The grammar. As in JsonWalker, false means a syntax error ended the walk.
  bool ParseRoot(ondemand::document& doc);
  bool ParseTop(Value& value, size_t offset);
  bool ParseVersion(Value& value);
  bool ParseStatements(Value& value);
  bool ParseStatement(Value& value, size_t index);
  bool ParseElement(std::string_view key, size_t key_offset, Value& value, size_t index,
                    Statement* statement, StatementState* state);
  void FinishStatement(Statement& statement, const StatementState& state, size_t offset);
  bool ParseSid(Value& value, size_t index, Statement* statement);
  bool ParseEffect(Value& value, Statement* statement, bool* allows);
  bool ParseActions(Value& value, Statement* statement);
  void CheckCatalog(const ListEntry& entry);
  bool ParseResources(Value& value, Statement* statement);
  bool ParsePrincipal(Value& value, Statement* statement);
  bool ParsePrincipalObject(Value& value, size_t offset, Statement* statement);
  bool ParseCondition(Value& value, Statement* statement);
  bool ParseConditionBlock(Value& value, const ConditionOperator& op);
  bool ParseConditionValues(Value& value, OperatorFamily family, std::vector<ConditionValue>* out);
  bool ParseOneValue(Value& value, OperatorFamily family, size_t index,
                     std::vector<ConditionValue>* out);
  void ReportDuplicateSids();
  ParseResult Finish();

  const std::string_view text_;
  const ParseOptions& options_;
  PolicyDocument document_;
  bool bare_statement_ = false;           // "Statement" held one object rather than an array
  std::vector<ListEntry> sids_;           // index = statement index
  std::vector<ListEntry> entries_;        // scratch: the current list-valued element
  std::vector<ListEntry> values_;         // scratch: the current condition clause
  std::vector<ConditionValue> parsed_;    // scratch: values of the current clause
  std::vector<ConditionClause> clauses_;  // scratch: clauses of the current statement
  internal::RepeatFinder repeats_;
};

// ---- Helpers ------------------------------------------------------------------------------

// Element names are case-sensitive, but a wrongly cased name is nearly always a typo for the
// real one, so the message says which.
void Parser::UnknownElement(std::string_view key, size_t key_offset,
                            std::span<const std::string_view> known) {
  std::string message = "unknown element " + Quote(key);
  for (std::string_view name : known) {
    if (EqualsFolded(name, key)) {
      message += "; did you mean " + Quote(name) + "?";
      break;
    }
  }
  Error(key_offset, std::move(message));
}

void Parser::CheckLength() {
  const bool session = options_.kind == PolicyKind::kSession;
  const size_t limit = session ? kMaxSessionPolicyChars : kMaxPolicyDocumentChars;
  if (text_.size() <= limit) return;  // a code point takes at least one byte
  const size_t length = internal::CountCodePoints(text_);
  if (length <= limit) return;
  Error(kNoOffset, std::string(session ? "session policy" : "policy document") + " has " +
                       std::to_string(length) + " characters; the limit is " +
                       std::to_string(limit));
}

// A list-valued element: one non-empty string or a non-empty array of them.
bool Parser::ParseList(Value& value, bool allow_empty_array, std::vector<ListEntry>* out,
                       bool* empty_array) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  if (type == json_type::string) {
    std::string_view text;
    if (!ReadString(value, offset, &text)) return false;
    if (text.empty()) {
      Error(offset, "expected a non-empty string");
    } else {
      out->push_back({text, offset, kNoIndex});
    }
    return true;
  }
  if (type != json_type::array) {
    Error(offset, "expected a string or an array of strings, got " + TypeName(type));
    return Skip(value);
  }
  size_t count = 0;
  const bool ok = ForEachElement(value, offset, &count, [&](size_t index, Value& e) {
    json_type element_type;
    size_t element_offset;
    if (!Inspect(e, &element_type, &element_offset)) return false;
    if (element_type != json_type::string) {
      Error(element_offset, "expected a string, got " + TypeName(element_type));
      return Skip(e);
    }
    std::string_view text;
    if (!ReadString(e, element_offset, &text)) return false;
    if (text.empty()) {
      Error(element_offset, "expected a non-empty string");
    } else {
      out->push_back({text, element_offset, index});
    }
    return true;
  });
  if (!ok) return false;
  if (count == 0) {
    if (allow_empty_array) {
      *empty_array = true;
    } else {
      Error(offset, "expected at least one entry");
    }
  }
  return true;
}

// Calls report(second, count) once per text that occurs more than once, with its second
// occurrence.
template <typename OnDuplicate>
void Parser::ForEachDuplicate(const std::vector<ListEntry>& entries, bool fold,
                              OnDuplicate&& report) {
  repeats_.Find(
      entries.size(), fold, [&](size_t i) { return entries[i].text; },
      [&](size_t second, size_t count) { report(entries[second], count); });
}

std::string ListedMessage(std::string_view text, size_t count) {
  return Quote(text) +
         (count == 2 ? " is listed twice" : " is listed " + std::to_string(count) + " times");
}

// ---- The document -------------------------------------------------------------------------

// Copies `text` into the slot's buffer, growing it as needed; false when memory runs out
// (simdjson reports that rather than throwing).
bool LoadText(ParserSlot& slot, std::string_view text) {
  if (slot.buffer.data() == nullptr || slot.buffer.size() < text.size()) {
    slot.buffer = simdjson::padded_string(text.size());
    if (slot.buffer.data() == nullptr) return false;
  }
  if (!text.empty()) std::memcpy(slot.buffer.data(), text.data(), text.size());
  // padded_string zeroes its padding once; the bytes past this text must be reset by hand.
  std::memset(slot.buffer.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  return true;
}

ParseResult Parser::Run() {
  CheckLength();
  if (text_.size() > kMaxParsedBytes) return Finish();
  thread_local ParserSlot slot;
  std::optional<ParserSlot> nested;
  ParserSlot& mine = slot.busy ? nested.emplace() : slot;
  if (!LoadText(mine, text_)) {
    Error(kNoOffset, "not enough memory to parse the document");
    return Finish();
  }
  const simdjson::padded_string_view padded(mine.buffer.data(), text_.size(),
                                            mine.buffer.size() + simdjson::SIMDJSON_PADDING);
  mine.busy = true;
  Attach(padded.data(), nullptr);
  ondemand::document doc;
  if (auto error = mine.parser.iterate(padded).get(doc)) {
    Fail(error, kNoOffset);
  } else {
    Attach(padded.data(), &doc);
    ParseRoot(doc);
  }
  Attach(nullptr, nullptr);
  mine.busy = false;
  return Finish();
}

bool Parser::ParseRoot(ondemand::document& doc) {
  json_type type;
  if (auto error = doc.type().get(type)) return Fail(error, kNoOffset);
  std::string_view token;
  size_t offset = 0;
  if (doc.raw_json_token().get(token) == simdjson::SUCCESS) {
    offset = OffsetOf(token.data());
  }
  if (type != json_type::object) {
    Error(offset, "expected a policy object, got " + TypeName(type));
    return true;
  }
  ondemand::value root;
  if (auto error = doc.get_value().get(root)) return Fail(error, offset);
  if (!ParseTop(root, offset)) return false;
  const char* rest = nullptr;
  if (doc.current_location().get(rest) == simdjson::SUCCESS) {
    return FailAt(OffsetOf(rest), "unexpected content after the end of the document");
  }
  return true;
}

bool Parser::ParseTop(Value& value, size_t offset) {
  bool has_version = false;
  bool has_statement = false;
  const bool ok =
      ForEachField(value, offset, [&](std::string_view key, size_t key_offset, Value& member) {
        if (key == "Version") {
          has_version = true;
          return ParseVersion(member);
        }
        if (key == "Statement") {
          has_statement = true;
          return ParseStatements(member);
        }
        UnknownElement(key, key_offset, kTopElements);
        return Skip(member);
      });
  if (!ok) return false;
  if (!has_version) Error(offset, R"(missing "Version")");
  if (!has_statement) Error(offset, R"(missing "Statement")");
  return true;
}

bool Parser::ParseVersion(Value& value) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  if (type == json_type::string) {
    std::string_view version;
    if (!ReadString(value, offset, &version)) return false;
    if (version != "1") Error(offset, R"(expected "1", got )" + Quote(version));
    return true;
  }
  if (type == json_type::number) {
    std::string_view number;
    if (!ReadScalar(value, type, offset, &number)) return false;
    // A BSS example writes the number; say how to fix it rather than only that it is wrong.
    Error(offset, R"(expected the string "1", got the number )" + std::string(number) +
                      (number == "1" ? R"(; write "1" in quotes)" : ""));
    return true;
  }
  Error(offset, R"(expected the string "1", got )" + TypeName(type));
  return Skip(value);
}

bool Parser::ParseStatements(Value& value) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  if (type == json_type::object) {
    Warning(offset, "expected an array of statements; a single statement object is accepted");
    bare_statement_ = true;
    return ParseStatement(value, kNoIndex);
  }
  if (type != json_type::array) {
    Error(offset, "expected an array of statements, got " + TypeName(type));
    return Skip(value);
  }
  size_t count = 0;
  if (!ForEachElement(value, offset, &count, [this](size_t index, Value& element) {
        return ParseStatement(element, index);
      })) {
    return false;
  }
  if (count == 0) Error(offset, "expected at least one statement");
  return true;
}

// ---- Statements ---------------------------------------------------------------------------

bool Parser::ParseStatement(Value& value, size_t index) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  if (type != json_type::object) {
    Error(offset, "expected a statement object, got " + TypeName(type));
    return Skip(value);
  }
  Statement statement;
  StatementState state;
  if (!ForEachField(value, offset, [&](std::string_view key, size_t key_offset, Value& member) {
        return ParseElement(key, key_offset, member, index, &statement, &state);
      })) {
    return false;
  }
  FinishStatement(statement, state, offset);
  return true;
}

bool Parser::ParseElement(std::string_view key, size_t key_offset, Value& value, size_t index,
                          Statement* statement, StatementState* state) {
  const auto element = static_cast<StatementElement>(FindName(kStatementElements, key));
  const unsigned earlier = state->seen;
  if (element != kUnknown) state->seen |= Bit(element);
  const PolicyKind kind = options_.kind;
  switch (element) {
    case kSid: return ParseSid(value, index, statement);
    case kEffect: return ParseEffect(value, statement, &state->allows);
    case kAction:
    case kNotAction:
      if (earlier & (Bit(kAction) | Bit(kNotAction))) {
        Error(key_offset, R"("Action" and "NotAction" cannot both be present)");
        return Skip(value);
      }
      statement->not_action = element == kNotAction;
      return ParseActions(value, statement);
    case kResource:
    case kNotResource:
      if (kind == PolicyKind::kTrust) {
        Error(key_offset, Quote(key) + " is not allowed in trust policies");
        return Skip(value);
      }
      if (earlier & (Bit(kResource) | Bit(kNotResource))) {
        Error(key_offset, R"("Resource" and "NotResource" cannot both be present)");
        return Skip(value);
      }
      statement->not_resource = element == kNotResource;
      return ParseResources(value, statement);
    case kPrincipal:
      if (kind == PolicyKind::kIdentity || kind == PolicyKind::kSession) {
        Error(key_offset, kind == PolicyKind::kIdentity
                              ? R"("Principal" is not allowed in identity policies)"
                              : R"("Principal" is not allowed in session policies)");
        return Skip(value);
      }
      return ParsePrincipal(value, statement);
    case kCondition: return ParseCondition(value, statement);
    case kUnknown: break;
  }
  UnknownElement(key, key_offset, kStatementElements);
  return Skip(value);
}

void Parser::FinishStatement(Statement& statement, const StatementState& state, size_t offset) {
  const PolicyKind kind = options_.kind;
  const unsigned seen = state.seen;
  if (!(seen & Bit(kEffect))) Error(offset, R"(missing "Effect")");
  if (!(seen & (Bit(kAction) | Bit(kNotAction)))) {
    Error(offset, R"(missing "Action" or "NotAction")");
  }
  if (kind != PolicyKind::kTrust && !(seen & (Bit(kResource) | Bit(kNotResource)))) {
    Error(offset, R"(missing "Resource" or "NotResource")");
  }
  if ((kind == PolicyKind::kTrust || kind == PolicyKind::kResource) && !(seen & Bit(kPrincipal))) {
    Error(offset, R"(missing "Principal")");
  }
  const auto everything = [](const std::vector<std::string>& list) {
    return std::any_of(list.begin(), list.end(),
                       [](const std::string& s) { return IsAllStars(s) || s == "*:*"; });
  };
  if (state.allows && !statement.not_action && everything(statement.actions) &&
      statement.has_resource && !statement.not_resource &&
      std::any_of(statement.resources.begin(), statement.resources.end(),
                  [](const std::string& s) { return IsAllStars(s); })) {
    Warning(offset, R"(Action "*" on Resource "*" grants every permission)");
  }
  document_.statements.push_back(std::move(statement));
}

bool Parser::ParseSid(Value& value, size_t index, Statement* statement) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  if (type != json_type::string) {
    Error(offset, "expected a string, got " + TypeName(type));
    return Skip(value);
  }
  std::string_view sid;
  if (!ReadString(value, offset, &sid)) return false;
  statement->sid = sid;
  sids_.push_back({sid, offset, index});
  return true;
}

bool Parser::ParseEffect(Value& value, Statement* statement, bool* allows) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  constexpr std::string_view kExpected = R"(expected "Allow" or "Deny", got )";
  if (type != json_type::string) {
    Error(offset, std::string(kExpected) + TypeName(type));
    return Skip(value);
  }
  std::string_view effect;
  if (!ReadString(value, offset, &effect)) return false;
  if (effect == "Allow") {
    statement->effect = Effect::kAllow;
    *allows = true;
  } else if (effect == "Deny") {
    statement->effect = Effect::kDeny;
  } else {
    Error(offset, std::string(kExpected) + Quote(effect));
  }
  return true;
}

bool Parser::ParseActions(Value& value, Statement* statement) {
  entries_.clear();
  if (!ParseList(value, false, &entries_, nullptr)) return false;
  for (const ListEntry& entry : entries_) {
    if (!IsValidAction(entry.text)) {
      ReportEntry(Severity::kError, entry,
                  R"(expected "*" or "<ram-code>:<action>", got )" + Quote(entry.text));
    } else {
      CheckCatalog(entry);
    }
  }
  // Actions compare case-insensitively, so differently cased spellings are one action.
  ForEachDuplicate(entries_, /*fold=*/true, [this](const ListEntry& second, size_t count) {
    ReportEntry(Severity::kWarning, second, ListedMessage(second.text, count));
  });
  statement->actions.reserve(entries_.size());
  for (const ListEntry& entry : entries_) statement->actions.emplace_back(entry.text);
  return true;
}

// Wildcards make a name impossible to check, so only the literal parts are looked up.
void Parser::CheckCatalog(const ListEntry& entry) {
  const NameCatalog* catalog = options_.catalog;
  const size_t colon = entry.text.find(':');
  if (catalog == nullptr || colon == std::string_view::npos) return;
  const std::string_view code = entry.text.substr(0, colon);
  if (HasWildcard(code)) return;
  if (catalog->knows_ram_code && !catalog->knows_ram_code(code)) {
    ReportEntry(Severity::kWarning, entry, "unknown ram-code " + Quote(code));
    return;
  }
  if (!HasWildcard(entry.text.substr(colon + 1)) && catalog->knows_action &&
      !catalog->knows_action(entry.text)) {
    ReportEntry(Severity::kWarning, entry, "unknown action " + Quote(entry.text));
  }
}

bool Parser::ParseResources(Value& value, Statement* statement) {
  statement->has_resource = true;
  entries_.clear();
  if (!ParseList(value, false, &entries_, nullptr)) return false;
  for (const ListEntry& entry : entries_) {
    if (!IsValidResource(entry.text)) {
      ReportEntry(
          Severity::kError, entry,
          R"(expected "*" or an ARN acs:<ram-code>:<region>:<account>:<relative-id>, got )" +
              Quote(entry.text));
    }
  }
  ForEachDuplicate(entries_, /*fold=*/false, [this](const ListEntry& second, size_t count) {
    ReportEntry(Severity::kWarning, second, ListedMessage(second.text, count));
  });
  statement->resources.reserve(entries_.size());
  for (const ListEntry& entry : entries_) statement->resources.emplace_back(entry.text);
  return true;
}

// ---- Principal ----------------------------------------------------------------------------

bool Parser::ParsePrincipal(Value& value, Statement* statement) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  statement->has_principal = true;
  const bool trust = options_.kind == PolicyKind::kTrust;
  auto& principals = statement->principals;
  if (type == json_type::object) return ParsePrincipalObject(value, offset, statement);
  if (type == json_type::string) {
    std::string_view text;
    if (!ReadString(value, offset, &text)) return false;
    if (text == "*") {
      principals.push_back({PrincipalType::kAny, {}});
    } else if (trust) {
      Error(offset, std::string(kTrustPrincipalShape) + ", got " + Quote(text));
    } else if (text.empty()) {
      Error(offset, "expected a non-empty string");
    } else {
      principals.push_back({PrincipalType::kRam, std::string(text)});
    }
    return true;
  }
  if (type != json_type::array || trust) {
    Error(offset, (trust ? std::string(kTrustPrincipalShape)
                         : R"(expected "*", an array of accounts or an object)") +
                      ", got " + TypeName(type));
    return Skip(value);
  }
  // Bucket policies list account ids or ARNs; OSS treats an empty list as everyone.
  entries_.clear();
  bool empty_array = false;
  if (!ParseList(value, true, &entries_, &empty_array)) return false;
  if (empty_array) {
    Warning(offset, R"(an empty Principal array means "*" (everyone))");
    principals.push_back({PrincipalType::kAny, {}});
  }
  for (const ListEntry& entry : entries_) {
    if (entry.text == "*") {
      principals.push_back({PrincipalType::kAny, {}});
    } else {
      principals.push_back({PrincipalType::kRam, std::string(entry.text)});
    }
  }
  return true;
}

bool Parser::ParsePrincipalObject(Value& value, size_t offset, Statement* statement) {
  size_t members = 0;
  const bool ok =
      ForEachField(value, offset, [&](std::string_view key, size_t key_offset, Value& member) {
        ++members;
        const size_t which = FindName(kPrincipalElements, key);
        if (which == kPrincipalElements.size()) {
          UnknownElement(key, key_offset, kPrincipalElements);
          return Skip(member);
        }
        static constexpr std::array<PrincipalType, 3> kTypes = {
            PrincipalType::kRam, PrincipalType::kService, PrincipalType::kFederated};
        entries_.clear();
        if (!ParseList(member, false, &entries_, nullptr)) return false;
        for (const ListEntry& entry : entries_) {
          statement->principals.push_back({kTypes[which], std::string(entry.text)});
        }
        return true;
      });
  if (!ok) return false;
  if (members == 0) Error(offset, R"(expected at least one of "RAM", "Service" or "Federated")");
  return true;
}

// ---- Condition ----------------------------------------------------------------------------

bool Parser::ParseCondition(Value& value, Statement* statement) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  if (type != json_type::object) {
    Error(offset, "expected an object of condition operators, got " + TypeName(type));
    return Skip(value);
  }
  clauses_.clear();
  const bool ok =
      ForEachField(value, offset, [&](std::string_view name, size_t name_offset, Value& block) {
        // An operator paiam does not know must not silently evaluate to false.
        const std::optional<ConditionOperator> op = ParseConditionOperator(name);
        if (!op) {
          Error(name_offset, "unknown condition operator " + Quote(name));
          return Skip(block);
        }
        return ParseConditionBlock(block, *op);
      });
  // Collected in scratch space so that the model gets one exactly sized allocation.
  statement->conditions.assign(std::make_move_iterator(clauses_.begin()),
                               std::make_move_iterator(clauses_.end()));
  return ok;
}

bool Parser::ParseConditionBlock(Value& value, const ConditionOperator& op) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  if (type != json_type::object) {
    Error(offset, "expected an object of condition keys, got " + TypeName(type));
    return Skip(value);
  }
  size_t keys = 0;
  const bool ok =
      ForEachField(value, offset, [&](std::string_view key, size_t key_offset, Value& member) {
        ++keys;
        if (key.empty()) {
          Error(key_offset, "expected a non-empty condition key");
          return Skip(member);
        }
        parsed_.clear();
        if (!ParseConditionValues(member, op.family, &parsed_)) return false;
        if (parsed_.empty()) return true;
        ConditionClause& clause = clauses_.emplace_back();
        clause.op = op;
        clause.key = key;
        clause.values.assign(std::make_move_iterator(parsed_.begin()),
                             std::make_move_iterator(parsed_.end()));
        return true;
      });
  if (!ok) return false;
  if (keys == 0) Error(offset, "expected at least one condition key");
  return true;
}

bool Parser::ParseConditionValues(Value& value, OperatorFamily family,
                                  std::vector<ConditionValue>* out) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  values_.clear();
  if (type == json_type::string || type == json_type::number || type == json_type::boolean) {
    return ParseOneValue(value, family, kNoIndex, out);
  }
  if (type != json_type::array) {
    Error(offset, "expected a string, number, boolean or an array of them, got " + TypeName(type));
    return Skip(value);
  }
  size_t count = 0;
  if (!ForEachElement(value, offset, &count, [&](size_t index, Value& element) {
        return ParseOneValue(element, family, index, out);
      })) {
    return false;
  }
  if (count == 0) Error(offset, "expected at least one value");
  ForEachDuplicate(values_, /*fold=*/false, [this](const ListEntry& second, size_t times) {
    ReportEntry(Severity::kWarning, second, ListedMessage(second.text, times));
  });
  return true;
}

// RAM documents quote every value ("true", "10"), but JSON numbers and booleans are accepted
// and kept as written, so that "10" and 10 mean the same.
bool Parser::ParseOneValue(Value& value, OperatorFamily family, size_t index,
                           std::vector<ConditionValue>* out) {
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  if (type != json_type::string && type != json_type::number && type != json_type::boolean) {
    Error(offset, "expected a string, number or boolean, got " + TypeName(type));
    return Skip(value);
  }
  std::string_view text;
  if (!ReadScalar(value, type, offset, &text)) return false;
  std::string error;
  std::optional<ConditionValue> parsed = ParseConditionValue(family, text, &error);
  if (!parsed) {
    Error(offset, error.empty() ? "invalid value " + Quote(text) : std::move(error));
    return true;
  }
  out->push_back(std::move(*parsed));
  values_.push_back({text, offset, index});
  return true;
}

ParseResult Parser::Finish() {
  if (!json_failed()) ReportDuplicateSids();
  ParseResult result;
  result.diagnostics = TakeDiagnostics();
  if (!has_error()) result.document = std::move(document_);
  return result;
}

void Parser::ReportDuplicateSids() {
  ForEachDuplicate(sids_, /*fold=*/false, [this](const ListEntry& second, size_t) {
    PathScope statements(this, std::string_view("Statement"));
    PathScope statement(this, bare_statement_ ? kNoIndex : second.index);
    PathScope sid(this, std::string_view("Sid"));
    Warning(second.offset, "duplicate Sid " + Quote(second.text));
  });
}

}  // namespace

ParseResult ParsePolicy(std::string_view json, const ParseOptions& options) {
  return Parser(json, options).Run();
}

// ---- Rendering ----------------------------------------------------------------------------

std::string PointerToPath(std::string_view pointer) {
  std::string path;
  if (pointer.empty()) return path;
  if (pointer.front() == '/') pointer.remove_prefix(1);
  while (true) {
    const size_t slash = pointer.find('/');
    const std::string_view raw = pointer.substr(0, slash);
    std::string token;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        token.push_back(raw[++i] == '0' ? '~' : '/');
      } else {
        token.push_back(raw[i]);
      }
    }
    const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (index) {
      path += "[" + token + "]";
    } else if (token.empty() || token.find_first_of(".[]\" ") != std::string::npos) {
      // Keys that would read ambiguously in dotted form are quoted.
      path += "[" + Quote(token) + "]";
    } else {
      if (!path.empty()) path.push_back('.');
      path += token;
    }
    if (slash == std::string_view::npos) break;
    pointer.remove_prefix(slash + 1);
  }
  return path;
}

std::string Diagnostic::ToString() const {
  std::string out = PointerToPath(pointer);
  if (!out.empty()) out += ": ";
  out += message;
  if (line > 0) {
    out += " (line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
  }
  return out;
}

}  // namespace paiam::policy
