#include "policy/json_source.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

namespace paiam::policy::internal {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsStructural(char c) {
  return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

size_t SkipSpace(std::string_view text, size_t offset) {
  while (offset < text.size() && IsJsonSpace(text[offset])) ++offset;
  return offset;
}

// Length of the valid UTF-8 sequence at `i`, or 0 when it is invalid (overlong forms,
// surrogates and code points past U+10FFFF included).
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  const unsigned char c = byte(0);
  if (c < 0x80) return 1;
  unsigned char lo = 0x80, hi = 0xBF;
  size_t length = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (byte(1) < lo || byte(1) > hi) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (!IsContinuation(byte(k))) return 0;
  }
  return length;
}

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

// Offset just past the string whose opening quote is at `open`, or npos if it never closes.
size_t SkipString(std::string_view text, size_t open) {
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

std::optional<JsonProblem> FindStructureProblem(std::string_view text) {
  struct Open {
    char bracket;
    size_t offset;
  };
  std::vector<Open> open;
  bool done = false;  // the top-level value is complete
  size_t i = SkipSpace(text, 0);
  while (i < text.size()) {
    const char c = text[i];
    if (StartsWithComment(text, i)) return JsonProblem{i, i, "JSON does not allow comments"};
    if (done) return JsonProblem{i, i, "unexpected content after the end of the document"};
    if (c == '"') {
      const size_t end = SkipString(text, i);
      if (end == std::string_view::npos) return JsonProblem{i, i, "unterminated string"};
      for (size_t k = i + 1; k < end; ++k) {
        if (static_cast<unsigned char>(text[k]) < 0x20) {
          return JsonProblem{k, k, "control characters in strings must be escaped"};
        }
      }
      i = end;
    } else if (c == '{' || c == '[') {
      open.push_back({c, i});
      ++i;
      continue;
    } else if (c == '}' || c == ']') {
      if (open.empty() || open.back().bracket != (c == '}' ? '{' : '[')) {
        return JsonProblem{i, i, DescribeUnexpected(text, i)};
      }
      open.pop_back();
      ++i;
    } else if (c == ',' || c == ':') {
      if (open.empty()) return JsonProblem{i, i, DescribeUnexpected(text, i)};
      ++i;
      i = SkipSpace(text, i);
      continue;
    } else {
      while (i < text.size() && !IsJsonSpace(text[i]) && !IsStructural(text[i]) && text[i] != '"') {
        ++i;
      }
    }
    done = open.empty();
    i = SkipSpace(text, i);
  }
  if (!open.empty()) {
    return JsonProblem{open.back().offset, text.size(),
                       open.back().bracket == '{' ? "unclosed object" : "unclosed array"};
  }
  if (!done) return JsonProblem{text.size(), text.size(), "the document is empty"};
  return std::nullopt;
}

}  // namespace

TextPosition LineCounter::At(size_t offset) {
  if (offset > text_.size()) offset = text_.size();
  if (offset < scanned_) {
    scanned_ = 0;
    line_start_ = 0;
    line_ = 1;
  }
  while (scanned_ < offset) {
    const void* newline = std::memchr(text_.data() + scanned_, '\n', offset - scanned_);
    if (newline == nullptr) {
      scanned_ = offset;
      break;
    }
    scanned_ = static_cast<size_t>(static_cast<const char*>(newline) - text_.data()) + 1;
    line_start_ = scanned_;
    ++line_;
  }
  return {line_, static_cast<uint32_t>(offset - line_start_ + 1)};
}

size_t CountCodePoints(std::string_view text) {
  // Eight bytes at a time: a continuation byte is the one whose top bits are 10, i.e. bit 7 set
  // and bit 6 clear; shifting left by one moves each byte's bit 6 under its bit 7.
  size_t continuations = 0;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    continuations +=
        static_cast<size_t>(std::popcount(word & ~(word << 1) & uint64_t{0x8080808080808080}));
  }
  for (; i < text.size(); ++i) continuations += IsContinuation(static_cast<unsigned char>(text[i]));
  return text.size() - continuations;
}

void AppendPointerToken(std::string* pointer, std::string_view token) {
  pointer->push_back('/');
  for (const char c : token) {
    if (c == '~') {
      pointer->append("~0");
    } else if (c == '/') {
      pointer->append("~1");
    } else {
      pointer->push_back(c);
    }
  }
}

void AppendPointerIndex(std::string* pointer, size_t index) {
  pointer->push_back('/');
  pointer->append(std::to_string(index));
}

std::string Quote(std::string_view text) {
  // Long enough for any real action or ARN; longer input is someone's accident.
  constexpr size_t kMaxQuoted = 120;
  bool shortened = false;
  if (text.size() > kMaxQuoted) {
    size_t cut = kMaxQuoted;
    while (cut > kMaxQuoted - 3 && IsContinuation(static_cast<unsigned char>(text[cut]))) --cut;
    text = text.substr(0, cut);
    shortened = true;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < text.size();) {
    const auto u = static_cast<unsigned char>(text[i]);
    const size_t length = Utf8SequenceLength(text, i);
    if (u == '"' || u == '\\') {
      out.push_back('\\');
      out.push_back(text[i]);
    } else if (u < 0x20 || u == 0x7F) {
      out.append("\\u00");
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    } else if (length == 0) {
      // Messages must be valid UTF-8 (they are written into JSON); text that failed
      // simdjson's UTF-8 check can reach here.
      out.append("\\x");
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    } else {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    ++i;
  }
  out.append(shortened ? "...\"" : "\"");
  return out;
}

bool IsJsonNumber(std::string_view token) {
  size_t i = 0;
  const auto digits = [&] {
    const size_t start = i;
    while (i < token.size() && IsDigit(token[i])) ++i;
    return i > start;
  };
  if (i < token.size() && token[i] == '-') ++i;
  if (i < token.size() && token[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < token.size() && token[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == token.size();
}

std::string_view TrimTrailingSpace(std::string_view token) {
  while (!token.empty() && IsJsonSpace(token.back())) token.remove_suffix(1);
  return token;
}

bool StartsWithComment(std::string_view text, size_t offset) {
  offset = SkipSpace(text, offset);
  return offset + 1 < text.size() && text[offset] == '/' &&
         (text[offset + 1] == '/' || text[offset + 1] == '*');
}

std::string DescribeUnexpected(std::string_view text, size_t offset) {
  offset = SkipSpace(text, offset);
  if (offset >= text.size()) return "unexpected end of text";
  if (text[offset] == '"') {
    const size_t close = SkipString(text, offset);
    const size_t end = close == std::string_view::npos ? text.size() : close - 1;
    return "unexpected string " + Quote(text.substr(offset + 1, end - offset - 1));
  }
  size_t end = offset + 1;
  if (!IsStructural(text[offset])) {
    while (end < text.size() && end - offset < 24 && !IsJsonSpace(text[end]) &&
           !IsStructural(text[end]) && text[end] != '"') {
      ++end;
    }
  }
  // Never cut a multi-byte character in half when shortening the token.
  while (end < text.size() && end > offset + 1 &&
         IsContinuation(static_cast<unsigned char>(text[end]))) {
    ++end;
  }
  return "unexpected " + Quote(text.substr(offset, end - offset));
}

std::optional<JsonProblem> ScanForProblem(std::string_view text) {
  const std::optional<size_t> bad_utf8 = FindInvalidUtf8(text);
  std::optional<JsonProblem> structure = FindStructureProblem(text);
  if (bad_utf8 && (!structure || *bad_utf8 <= structure->offset)) {
    return JsonProblem{*bad_utf8, *bad_utf8, "invalid UTF-8"};
  }
  return structure;
}

int CompareText(std::string_view a, std::string_view b, bool fold) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const auto lower = [fold](char c) {
    return static_cast<unsigned char>(fold && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  };
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return lower(a[i]) < lower(b[i]) ? -1 : 1;
  }
  return 0;
}

// ---- JsonWalker ---------------------------------------------------------------------------

namespace ondemand = simdjson::ondemand;
using ondemand::json_type;

std::string TypeName(json_type type) {
  switch (type) {
    case json_type::object: return "an object";
    case json_type::array: return "an array";
    case json_type::number: return "a number";
    case json_type::string: return "a string";
    case json_type::boolean: return "a boolean";
    case json_type::null: return "null";
  }
  return "a value";
}

void JsonWalker::Report(Severity severity, size_t offset, std::string message) {
  PendingDiagnostic& d = pending_.emplace_back();
  d.offset = offset;
  d.severity = severity;
  for (size_t i = 0; i < path_size_; ++i) {
    const JsonPathSegment& segment = path_[i];
    if (segment.index == kNoIndex) {
      AppendPointerToken(&d.pointer, segment.key);
    } else {
      AppendPointerIndex(&d.pointer, segment.index);
    }
  }
  d.message = std::move(message);
  if (severity == Severity::kError) has_error_ = true;
}

std::vector<Diagnostic> JsonWalker::TakeDiagnostics() {
  if (json_error_) {
    pending_.clear();
    pending_.push_back(std::move(*json_error_));
  }
  // Checks that run when an object closes report at its start; sorting by offset puts their
  // diagnostics back in source order. Diagnostics about the whole text come first.
  const auto key = [](const PendingDiagnostic& p) {
    return p.offset == kNoOffset ? 0 : p.offset + 1;
  };
  std::stable_sort(
      pending_.begin(), pending_.end(),
      [&](const PendingDiagnostic& a, const PendingDiagnostic& b) { return key(a) < key(b); });
  std::vector<Diagnostic> diagnostics;
  diagnostics.reserve(pending_.size());
  LineCounter lines(text_);
  for (PendingDiagnostic& p : pending_) {
    Diagnostic& d = diagnostics.emplace_back();
    d.severity = p.severity;
    d.pointer = std::move(p.pointer);
    d.message = std::move(p.message);
    if (p.offset != kNoOffset) {
      const TextPosition position = lines.At(p.offset);
      d.line = position.line;
      d.column = position.column;
    }
  }
  pending_.clear();
  return diagnostics;
}

bool JsonWalker::FailAt(size_t offset, std::string message) {
  if (!json_error_) {
    json_error_.emplace();
    json_error_->offset = std::min(offset, text_.size());
    json_error_->message = "invalid JSON: " + std::move(message);
  }
  return false;
}

// simdjson knows what went wrong but not always where: errors found while indexing the text
// (an unterminated string, bad UTF-8) and unbalanced documents come without a position. Those
// fall back to a scan of the text, which also catches comments wherever they are.
bool JsonWalker::Fail(simdjson::error_code code, size_t hint) {
  using simdjson::error_code;
  std::optional<size_t> at;
  const char* location = nullptr;
  if (doc_ != nullptr && doc_->current_location().get(location) == simdjson::SUCCESS &&
      location >= base_ && location <= base_ + text_.size()) {
    at = static_cast<size_t>(location - base_);
  }
  const bool value_error = code == error_code::STRING_ERROR || code == error_code::NUMBER_ERROR ||
                           code == error_code::INCORRECT_TYPE;
  if (hint != kNoOffset && (value_error || !at)) at = hint;
  if (at && StartsWithComment(text_, *at)) return FailAt(*at, "JSON does not allow comments");
  const bool unplaced = !at || code == error_code::INCOMPLETE_ARRAY_OR_OBJECT ||
                        code == error_code::UNCLOSED_STRING || code == error_code::UTF8_ERROR ||
                        code == error_code::UNESCAPED_CHARS || code == error_code::EMPTY;
  if (std::optional<JsonProblem> problem = ScanForProblem(text_)) {
    if (unplaced || problem->found_at <= *at) return FailAt(problem->offset, problem->message);
  }
  const size_t offset = at.value_or(0);
  switch (code) {
    case error_code::STRING_ERROR: return FailAt(offset, "invalid string");
    case error_code::NUMBER_ERROR: return FailAt(offset, "invalid number");
    case error_code::UTF8_ERROR: return FailAt(offset, "invalid UTF-8");
    case error_code::UNCLOSED_STRING: return FailAt(offset, "unterminated string");
    case error_code::UNESCAPED_CHARS:
      return FailAt(offset, "control characters in strings must be escaped");
    case error_code::EMPTY: return FailAt(offset, "the document is empty");
    case error_code::INCOMPLETE_ARRAY_OR_OBJECT: return FailAt(offset, "unclosed object or array");
    case error_code::TAPE_ERROR:
    case error_code::INCORRECT_TYPE: return FailAt(offset, DescribeUnexpected(text_, offset));
    default: return FailAt(offset, simdjson::error_message(code));
  }
}

bool JsonWalker::Inspect(Value& value, Type* type, size_t* offset) {
  *offset = Offset(value);
  if (auto error = value.type().get(*type)) return Fail(error, *offset);
  return true;
}

bool JsonWalker::ReadString(Value& value, size_t offset, std::string_view* out) {
  if (auto error = value.get_string().get(*out)) return Fail(error, offset);
  return true;
}

// On-Demand classifies a scalar by its first byte and validates it only when converting it;
// numbers are kept as written, so the token is checked here.
bool JsonWalker::ReadScalar(Value& value, Type type, size_t offset, std::string_view* text) {
  if (type == json_type::string) return ReadString(value, offset, text);
  *text = TrimTrailingSpace(value.raw_json_token());
  const bool valid = type == json_type::number    ? IsJsonNumber(*text)
                     : type == json_type::boolean ? (*text == "true" || *text == "false")
                                                  : *text == "null";
  if (!valid) return FailAt(offset, "unexpected " + Quote(*text));
  return true;
}

bool JsonWalker::Skip(Value& value) {
  // Real policies nest six levels deep; the limit keeps this recursion from exhausting the
  // stack on hostile input.
  constexpr size_t kMaxNesting = 64;
  json_type type;
  size_t offset;
  if (!Inspect(value, &type, &offset)) return false;
  if (type != json_type::object && type != json_type::array) {
    std::string_view text;
    return ReadScalar(value, type, offset, &text);
  }
  if (depth_ >= kMaxNesting) {
    return FailAt(offset, "nested more than " + std::to_string(kMaxNesting) + " levels deep");
  }
  ++depth_;
  const bool ok =
      type == json_type::object
          ? ForEachField(value, offset,
                         [this](std::string_view, size_t, Value& v) { return Skip(v); })
          : ForEachElement(value, offset, nullptr, [this](size_t, Value& v) { return Skip(v); });
  --depth_;
  return ok;
}

}  // namespace paiam::policy::internal
