// paiam/policy — walking JSON source text and saying where things are in it.
//
// The parser works with byte offsets while it walks the document and turns them into
// line/column pairs only for the diagnostics it actually emits. JsonWalker holds the machinery
// that is about JSON rather than about policies: the JSON pointer of the current value,
// duplicate keys, syntax errors and their positions, and validation of values nobody reads.
#ifndef PAIAM_POLICY_JSON_SOURCE_H_
#define PAIAM_POLICY_JSON_SOURCE_H_

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "policy/parser.h"

namespace paiam::policy::internal {

inline constexpr size_t kNoIndex = static_cast<size_t>(-1);
inline constexpr size_t kNoOffset = static_cast<size_t>(-1);

struct TextPosition {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, in bytes
};

// Maps offsets to positions. Queries with non-decreasing offsets cost O(text) in total, which is
// why the parser sorts its diagnostics before asking; a smaller offset restarts the scan.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  TextPosition At(size_t offset);

 private:
  std::string_view text_;
  size_t scanned_ = 0;     // every '\n' before this offset has been counted
  size_t line_start_ = 0;  // offset of the first byte of the current line
  uint32_t line_ = 1;
};

// Characters as RAM counts them for its length limits: Unicode code points of UTF-8 text.
size_t CountCodePoints(std::string_view text);

// Appends "/" and `token` escaped as RFC 6901 requires ("~" -> "~0", "/" -> "~1").
void AppendPointerToken(std::string* pointer, std::string_view token);
void AppendPointerIndex(std::string* pointer, size_t index);

// `text` in double quotes for quoting user input inside a diagnostic message: quotes,
// backslashes and control bytes escaped, bytes that are not UTF-8 written as \xNN (messages
// end up in JSON output) and very long values shortened.
std::string Quote(std::string_view text);

// The JSON number grammar (RFC 8259 section 6). simdjson validates numbers only when asked to
// convert them, and converting would reject valid numbers that do not fit a double.
bool IsJsonNumber(std::string_view token);

// Removes the whitespace simdjson leaves after a scalar in raw_json_token().
std::string_view TrimTrailingSpace(std::string_view token);

// True when the first non-whitespace text at `offset` opens a // or /* comment.
bool StartsWithComment(std::string_view text, size_t offset);

// `unexpected "}"`, `unexpected "abc"` or "unexpected end of text" for the token at `offset`.
std::string DescribeUnexpected(std::string_view text, size_t offset);

struct JsonProblem {
  size_t offset = 0;    // where to point the reader
  size_t found_at = 0;  // where reading noticed it: the end of the text for an unclosed bracket
  std::string message;  // without the "invalid JSON: " prefix
};

// Finds the first problem that can be seen without parsing values: invalid UTF-8, a comment,
// an unterminated string, an unbalanced bracket, content after the document or no document at
// all. simdjson reports several of these without a usable position; this is the fallback.
std::optional<JsonProblem> ScanForProblem(std::string_view text);

// A total order for finding repeated texts, not for display: lengths first, which settles
// most comparisons without reading the text. `fold` ignores ASCII case.
int CompareText(std::string_view a, std::string_view b, bool fold);

// Finds texts that occur more than once in a list and calls report(second, count) once per
// repeated text, with the index of its second occurrence and the number of occurrences.
class RepeatFinder {
 public:
  template <typename TextAt, typename Report>
  void Find(size_t size, bool fold, TextAt&& text_at, Report&& report);

 private:
  std::vector<size_t> order_;
};

// "an object", "a string", ... for "expected X, got Y" messages.
std::string TypeName(simdjson::ondemand::json_type type);

// Duplicate-key detection for one JSON object. Objects in policies have a handful of keys, so a
// linear scan over an inline array wins; a hash set takes over for large objects so that a
// hostile document cannot make the check quadratic.
class KeySet {
 public:
  bool Insert(std::string_view key) {  // false when `key` is already present
    if (overflow_.empty()) {
      for (size_t i = 0; i < size_; ++i) {
        if (inline_[i] == key) return false;
      }
      if (size_ < inline_.size()) {
        inline_[size_++] = key;
        return true;
      }
      overflow_.insert(inline_.begin(), inline_.end());
    }
    return overflow_.insert(key).second;
  }

 private:
  std::array<std::string_view, 8> inline_;
  size_t size_ = 0;
  std::unordered_set<std::string_view> overflow_;
};

// Internals of JsonWalker, declared outside it because an std::optional member of a nested type
// would ask (in clang) whether that type is constructible before the class is complete.
struct JsonPathSegment {
  std::string_view key;
  size_t index = kNoIndex;  // an array index when not kNoIndex
};
struct PendingDiagnostic {
  size_t offset = kNoOffset;
  Severity severity = Severity::kError;
  std::string pointer;
  std::string message;
};

// Walks a document with simdjson On-Demand on behalf of a grammar, collecting diagnostics.
//
// Every bool-returning walker method returns false only after a JSON syntax error, which ends
// the walk: On-Demand cannot resynchronise after one. A syntax error also replaces every other
// diagnostic, since findings about a text that is not JSON would only be noise.
class JsonWalker {
 public:
  using Value = simdjson::ondemand::value;
  using Type = simdjson::ondemand::json_type;

  // Pushes a key or an array index onto the current JSON pointer for its lifetime. An index of
  // kNoIndex pushes nothing, for values that may or may not sit in an array.
  class PathScope {
   public:
    PathScope(JsonWalker* walker, std::string_view key) : PathScope(walker, key, kNoIndex) {}
    PathScope(JsonWalker* walker, size_t index) : PathScope(walker, {}, index, index != kNoIndex) {}
    ~PathScope() {
      if (pushed_) --walker_->path_size_;
    }
    PathScope(const PathScope&) = delete;
    PathScope& operator=(const PathScope&) = delete;

   private:
    PathScope(JsonWalker* walker, std::string_view key, size_t index, bool push = true)
        : walker_(walker), pushed_(push && walker->path_size_ < walker->path_.size()) {
      if (pushed_) walker_->path_[walker_->path_size_++] = {key, index};
    }

    JsonWalker* walker_;
    bool pushed_;
  };

  explicit JsonWalker(std::string_view text) : text_(text) {}

  // The padded copy of the text that simdjson reads (offsets into it are offsets into the text)
  // and the document being walked, whose iterator knows where syntax errors are.
  void Attach(const char* base, simdjson::ondemand::document* doc) {
    base_ = base;
    doc_ = doc;
  }

  // Records a diagnostic at `offset` (kNoOffset: about the whole text) for the current pointer.
  void Report(Severity severity, size_t offset, std::string message);
  void Error(size_t offset, std::string message) {
    Report(Severity::kError, offset, std::move(message));
  }
  void Warning(size_t offset, std::string message) {
    Report(Severity::kWarning, offset, std::move(message));
  }
  bool has_error() const { return has_error_ || json_error_.has_value(); }
  bool json_failed() const { return json_error_.has_value(); }

  // Records a syntax error; both return false so callers can `return Fail(...)`. `hint` is the
  // offset of the value being read, used when simdjson cannot say where the error is.
  bool Fail(simdjson::error_code code, size_t hint);
  bool FailAt(size_t offset, std::string message);

  size_t OffsetOf(const char* p) const { return static_cast<size_t>(p - base_); }
  size_t Offset(Value& value) const { return OffsetOf(value.raw_json_token().data()); }
  bool Inspect(Value& value, Type* type, size_t* offset);
  bool ReadString(Value& value, size_t offset, std::string_view* out);
  // Strings unescaped; numbers and literals as written, after checking them.
  bool ReadScalar(Value& value, Type type, size_t offset, std::string_view* text);
  // Validates a value the grammar has no use for (unknown, duplicated or mistyped), so that a
  // syntax error inside it is still reported and duplicate keys are still found.
  bool Skip(Value& value);

  // Calls visit(key, key_offset, value) for each member, with its key on the path. A duplicate
  // key is an error; the later member is validated but not visited.
  template <typename Visit>
  bool ForEachField(Value& value, size_t offset, Visit&& visit);
  // Calls visit(index, element) for each element, with its index on the path.
  template <typename Visit>
  bool ForEachElement(Value& value, size_t offset, size_t* count, Visit&& visit);

  // The diagnostics in source order, with lines and columns.
  std::vector<Diagnostic> TakeDiagnostics();

 private:
  const std::string_view text_;
  const char* base_ = nullptr;
  simdjson::ondemand::document* doc_ = nullptr;
  // Deep enough for the grammar plus Skip()'s nesting limit; a deeper pointer would be cut short
  // rather than overflow.
  std::array<JsonPathSegment, 96> path_;
  size_t path_size_ = 0;
  std::vector<PendingDiagnostic> pending_;
  std::optional<PendingDiagnostic> json_error_;
  bool has_error_ = false;
  size_t depth_ = 0;  // nesting of Skip()
};

template <typename TextAt, typename Report>
void RepeatFinder::Find(size_t size, bool fold, TextAt&& text_at, Report&& report) {
  if (size < 2) return;
  if (size <= 16) {
    // Pairwise comparison beats sorting for the short lists most statements have.
    std::array<size_t, 16> first;  // index of the first entry with the same text
    for (size_t i = 0; i < size; ++i) {
      first[i] = i;
      for (size_t j = 0; j < i; ++j) {
        if (first[j] == j && CompareText(text_at(i), text_at(j), fold) == 0) {
          first[i] = j;
          break;
        }
      }
    }
    for (size_t group = 0; group < size; ++group) {
      if (first[group] != group) continue;
      size_t count = 1;
      size_t second = group;
      for (size_t i = group + 1; i < size; ++i) {
        if (first[i] == group && count++ == 1) second = i;
      }
      if (count > 1) report(second, count);
    }
    return;
  }
  // Sorting keeps long lists O(n log n); ties keep source order, so a run starts with the
  // first occurrence.
  order_.resize(size);
  for (size_t i = 0; i < size; ++i) order_[i] = i;
  std::sort(order_.begin(), order_.end(), [&](size_t a, size_t b) {
    const int c = CompareText(text_at(a), text_at(b), fold);
    return c != 0 ? c < 0 : a < b;
  });
  for (size_t run = 0; run < size;) {
    size_t end = run + 1;
    while (end < size && CompareText(text_at(order_[run]), text_at(order_[end]), fold) == 0) {
      ++end;
    }
    if (end - run > 1) report(order_[run + 1], end - run);
    run = end;
  }
}

template <typename Visit>
bool JsonWalker::ForEachField(Value& value, size_t offset, Visit&& visit) {
  simdjson::ondemand::object object;
  if (auto error = value.get_object().get(object)) return Fail(error, offset);
  KeySet keys;
  for (auto result : object) {
    simdjson::ondemand::field field;
    if (auto error = std::move(result).get(field)) return Fail(error, kNoOffset);
    // raw() points just past the opening quote.
    const size_t key_offset = OffsetOf(field.key().raw()) - 1;
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return Fail(error, key_offset);
    Value member = field.value();
    PathScope scope(this, key);
    if (!keys.Insert(key)) {
      Error(key_offset, "duplicate key " + Quote(key));
      if (!Skip(member)) return false;
      continue;
    }
    if (!visit(key, key_offset, member)) return false;
  }
  return true;
}

template <typename Visit>
bool JsonWalker::ForEachElement(Value& value, size_t offset, size_t* count, Visit&& visit) {
  simdjson::ondemand::array array;
  if (auto error = value.get_array().get(array)) return Fail(error, offset);
  size_t index = 0;
  for (auto result : array) {
    Value element;
    if (auto error = std::move(result).get(element)) return Fail(error, kNoOffset);
    PathScope scope(this, index);
    if (!visit(index, element)) return false;
    ++index;
  }
  if (count != nullptr) *count = index;
  return true;
}

}  // namespace paiam::policy::internal

#endif  // PAIAM_POLICY_JSON_SOURCE_H_
