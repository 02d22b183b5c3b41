// paiam/api — the JSON of /v1/check and /v1/check:batch (check_codec.h).
//
// Reading: the fast path (simdjson On-Demand) returns false whenever it meets something it does
// not decide itself, and the reference reader (nlohmann + ParamReader + ContextFromJson, exactly
// the code these endpoints used before) reads the body again. So the fast path must only ever
// accept what the reference accepts, with the same result; it never produces an error.
#include "api/check_codec.h"

#include <charconv>
#include <cstring>
#include <utility>

#include "api/decision_json.h"
#include "api/params.h"
#include "api/service.h"

namespace paiam::api {

namespace od = simdjson::ondemand;
using simdjson::SUCCESS;
using Json = nlohmann::json;

namespace {

constexpr std::string_view kCurrentTime = "acs:CurrentTime";
// Contexts with more keys go to the reference reader (the duplicate-key check here is
// quadratic, and such contexts are unusual).
constexpr size_t kMaxFastContextKeys = 16;

Status BadBody(std::string_view why) {
  return Status(StatusCode::kInvalidArgument, "InvalidParameter.Body", std::string(why));
}

// ---- the fast path ------------------------------------------------------------------------

// Integers only, as their canonical text; anything else goes to the reference reader (which
// writes floats the way nlohmann does).
bool ReadInteger(od::value& value, std::string_view* text) {
  std::string_view token;
  int64_t number = 0;
  token = value.raw_json_token();
  if (value.get_int64().get(number) != SUCCESS) return false;
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' ||
                            token.back() == '\n' || token.back() == '\r')) {
    token.remove_suffix(1);
  }
  *text = number == 0 ? std::string_view("0") : token;  // "-0" is written "0"
  return true;
}

bool ReadScalar(od::value& value, std::string_view* text) {
  od::json_type type;
  if (value.type().get(type) != SUCCESS) return false;
  switch (type) {
    case od::json_type::string: return value.get_string().get(*text) == SUCCESS;
    case od::json_type::number: return ReadInteger(value, text);
    case od::json_type::boolean: {
      bool b = false;
      if (value.get_bool().get(b) != SUCCESS) return false;
      *text = b ? "true" : "false";
      return true;
    }
    default: return false;
  }
}

bool IsNull(od::value& value, bool* null) {
  od::json_type type;
  if (value.type().get(type) != SUCCESS) return false;
  *null = type == od::json_type::null;
  if (!*null) return true;
  bool is_null = false;
  return value.is_null().get(is_null) == SUCCESS && is_null;
}

// Entries of one key stay in order; keys sorted, as iterating a nlohmann object gave them.
void SortByKey(std::vector<policy::ContextEntry>& entries, size_t begin) {
  for (size_t i = begin + 1; i < entries.size(); ++i) {
    policy::ContextEntry entry = entries[i];
    size_t j = i;
    while (j > begin && entries[j - 1].key > entry.key) {
      entries[j] = entries[j - 1];
      --j;
    }
    entries[j] = entry;
  }
}

// {"key": scalar | [scalar...]}; null is no context.
bool ReadContext(od::value& value, std::string_view now, std::vector<policy::ContextEntry>& out) {
  bool null = false;
  if (!IsNull(value, &null)) return false;
  const size_t begin = out.size();
  std::string_view keys[kMaxFastContextKeys];
  size_t key_count = 0;
  bool has_time = false;
  if (!null) {
    od::object object;
    if (value.get_object().get(object) != SUCCESS) return false;
    for (auto member : object) {
      od::field field;
      std::string_view key;
      if (std::move(member).get(field) != SUCCESS || field.unescaped_key().get(key) != SUCCESS) return false;
      if (key_count == kMaxFastContextKeys) return false;
      for (size_t k = 0; k < key_count; ++k) {
        if (keys[k] == key) return false;  // the last would win: the reference decides
      }
      keys[key_count++] = key;
      has_time = has_time || key == kCurrentTime;
      od::value& item = field.value();
      od::json_type type;
      if (item.type().get(type) != SUCCESS) return false;
      std::string_view text;
      if (type != od::json_type::array) {
        if (!ReadScalar(item, &text)) return false;
        out.push_back({key, text});
        continue;
      }
      od::array array;
      if (item.get_array().get(array) != SUCCESS) return false;
      for (auto element : array) {
        od::value v;
        if (std::move(element).get(v) != SUCCESS || !ReadScalar(v, &text)) return false;
        out.push_back({key, text});
      }
    }
    SortByKey(out, begin);
  }
  if (!has_time) out.push_back({kCurrentTime, now});
  return true;
}

bool ReadRevision(od::value& value, RevisionWanted* out) {
  bool null = false;
  if (!IsNull(value, &null)) return false;
  if (null) {
    out->kind = RevisionWanted::Kind::kLatest;
    return true;
  }
  int64_t revision = 0;
  if (value.get_int64().get(revision) != SUCCESS || revision < 0) return false;
  out->kind = RevisionWanted::Kind::kAtLeast;
  out->revision = static_cast<uint64_t>(revision);
  return true;
}

bool ReadText(od::value& value, std::string_view* text) {
  return value.get_string().get(*text) == SUCCESS && !text->empty();
}

// One check object. Every member read exactly once; unknown or repeated members refused.
bool ReadCheck(od::object& object, std::string_view now, bool allow_revision,
               CheckRequest& out) {
  constexpr unsigned kPrincipal = 1, kAction = 2, kResource = 4, kContext = 8, kRevision = 16;
  unsigned seen = 0;
  CheckView check;
  check.context_begin = out.context.size();
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (std::move(member).get(field) != SUCCESS || field.unescaped_key().get(key) != SUCCESS) return false;
    od::value& value = field.value();
    unsigned bit = key == "principal"                            ? kPrincipal
                   : key == "action"                             ? kAction
                   : key == "resource"                           ? kResource
                   : key == "context"                            ? kContext
                   : allow_revision && key == "at_least_revision" ? kRevision
                                                                  : 0;
    if (bit == 0 || (seen & bit) != 0) return false;
    seen |= bit;
    bool ok = bit == kPrincipal  ? ReadText(value, &check.principal)
              : bit == kAction   ? ReadText(value, &check.action)
              : bit == kResource ? ReadText(value, &check.resource)
              : bit == kContext  ? ReadContext(value, now, out.context)
                                 : ReadRevision(value, &out.revision);
    if (!ok) return false;
  }
  if ((seen & (kPrincipal | kAction | kResource)) != (kPrincipal | kAction | kResource)) {
    return false;
  }
  if ((seen & kContext) == 0) out.context.push_back({kCurrentTime, now});
  check.context_end = out.context.size();
  out.checks.push_back(check);
  return true;
}

bool AtEnd(od::document& doc) {
  const char* rest = nullptr;
  return doc.current_location().get(rest) != SUCCESS;
}

// ---- the reference reader -------------------------------------------------------------------

// PublishedFor's reading of at_least_revision, as before.
RevisionWanted RevisionOf(const Json& body) {
  RevisionWanted wanted;
  auto it = body.find("at_least_revision");
  if (it == body.end() || it->is_null()) return wanted;
  if ((!it->is_number_unsigned() && !it->is_number_integer()) || it->get<int64_t>() < 0) {
    wanted.kind = RevisionWanted::Kind::kInvalid;
    return wanted;
  }
  wanted.kind = RevisionWanted::Kind::kAtLeast;
  wanted.revision = static_cast<uint64_t>(it->get<int64_t>());
  return wanted;
}

StatusOr<Json> ParseObject(std::string_view body) {
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return BadBody("the request body is not valid JSON");
  if (!parsed.is_object()) return BadBody("the request body must be a JSON object");
  return parsed;
}

}  // namespace

// ---- CheckReader ----------------------------------------------------------------------------

bool CheckReader::Load(std::string_view body) {
  if (buffer_.data() == nullptr || buffer_.size() < body.size()) {
    buffer_ = simdjson::padded_string(body.size());
    if (buffer_.data() == nullptr) return false;
  }
  if (!body.empty()) std::memcpy(buffer_.data(), body.data(), body.size());
  // padded_string zeroes its padding once; the bytes past this body must be reset by hand.
  std::memset(buffer_.data() + body.size(), 0, simdjson::SIMDJSON_PADDING);
  return true;
}

void CheckReader::Reset(CheckRequest* out, std::string_view now_iso8601) {
  now_.assign(now_iso8601);
  owned_.clear();
  out->checks.clear();
  out->context.clear();
  out->revision = RevisionWanted();
  out->failed_check = CheckRequest::kNone;
}

std::string_view CheckReader::Own(std::string text) {
  return owned_.emplace_back(std::move(text));
}

struct CheckReader::Fast {
  // Runs `read(doc)` over the body; false when the body is not the fast path's.
  template <typename Read>
  static bool Run(CheckReader& reader, std::string_view body, Read&& read) {
    if (!reader.Load(body)) return false;
    const simdjson::padded_string_view padded(reader.buffer_.data(), body.size(),
                                              reader.buffer_.size() + simdjson::SIMDJSON_PADDING);
    od::document doc;
    if (reader.parser_.iterate(padded).get(doc) != SUCCESS) return false;
    od::object object;
    if (doc.get_object().get(object) != SUCCESS) return false;
    return read(object) && AtEnd(doc);
  }
};

Status CheckReader::ReadOne(std::string_view body, std::string_view now_iso8601,
                            CheckRequest* out) {
  Reset(out, now_iso8601);
  bool fast = Fast::Run(*this, body, [&](od::object& object) {
    return ReadCheck(object, now_, /*allow_revision=*/true, *out);
  });
  if (fast) return Status::Ok();
  Reset(out, now_iso8601);
  return SlowOne(body, out);
}

Status CheckReader::ReadBatch(std::string_view body, std::string_view now_iso8601,
                              CheckRequest* out) {
  Reset(out, now_iso8601);
  bool fast = Fast::Run(*this, body, [&](od::object& object) {
    bool has_checks = false, has_revision = false;
    for (auto member : object) {
      od::field field;
      std::string_view key;
      if (std::move(member).get(field) != SUCCESS || field.unescaped_key().get(key) != SUCCESS) return false;
      od::value& value = field.value();
      if (key == "at_least_revision" && !has_revision) {
        has_revision = true;
        if (!ReadRevision(value, &out->revision)) return false;
        continue;
      }
      if (key != "checks" || has_checks) return false;
      has_checks = true;
      od::array checks;
      if (value.get_array().get(checks) != SUCCESS) return false;
      for (auto element : checks) {
        od::object check;
        if (out->checks.size() == kMaxBatchChecks || element.get_object().get(check) != SUCCESS ||
            !ReadCheck(check, now_, /*allow_revision=*/false, *out)) {
          return false;
        }
      }
    }
    return has_checks;
  });
  if (fast) return Status::Ok();
  Reset(out, now_iso8601);
  return SlowBatch(body, out);
}

namespace {

// The reference reading of one check: ParamReader and ContextFromJson, as the API always did.
StatusOr<std::pair<std::vector<std::string>, std::vector<std::pair<std::string, std::string>>>>
ReferenceCheck(const Json& item, std::string_view now, bool allow_revision) {
  ParamReader in(item);
  std::vector<std::string> fields;
  fields.push_back(in.Required("principal"));
  fields.push_back(in.Required("action"));
  fields.push_back(in.Required("resource"));
  const Json* context = in.OptionalJson("context");
  if (allow_revision) in.OptionalInt("at_least_revision");
  if (Status s = in.Finish(); !s.ok()) return s;
  auto parsed = ContextFromJson(context, now);
  if (!parsed.ok()) return parsed.status();
  return std::make_pair(std::move(fields), std::move(*parsed));
}

}  // namespace

Status CheckReader::SlowOne(std::string_view body, CheckRequest* out) {
  auto parsed = ParseObject(body);
  if (!parsed.ok()) return parsed.status();
  auto check = ReferenceCheck(*parsed, now_, /*allow_revision=*/true);
  if (!check.ok()) return check.status();
  CheckView view{Own(std::move(check->first[0])), Own(std::move(check->first[1])),
                 Own(std::move(check->first[2])), out->context.size(), 0};
  for (auto& [key, value] : check->second) {
    out->context.push_back({Own(std::move(key)), Own(std::move(value))});
  }
  view.context_end = out->context.size();
  out->checks.push_back(view);
  out->revision = RevisionOf(*parsed);
  return Status::Ok();
}

Status CheckReader::SlowBatch(std::string_view body, CheckRequest* out) {
  auto parsed = ParseObject(body);
  if (!parsed.ok()) return parsed.status();
  ParamReader in(*parsed);
  const Json* checks = in.OptionalJson("checks");
  in.OptionalInt("at_least_revision");
  if (checks == nullptr) in.Fail(MissingParameter("checks"));
  if (Status s = in.Finish(); !s.ok()) return s;
  if (!checks->is_array()) return InvalidParameter("checks", "must be an array of checks");
  if (checks->size() > kMaxBatchChecks) {
    return InvalidParameter("checks", "holds " + std::to_string(checks->size()) +
                                          " checks; at most 1000 per request");
  }
  for (size_t i = 0; i < checks->size(); ++i) {
    auto check = ReferenceCheck((*checks)[i], now_, /*allow_revision=*/false);
    if (!check.ok()) {
      out->failed_check = i;
      const Status& s = check.status();
      return Status(s.code(), s.rule(), "checks[" + std::to_string(i) + "]: " + s.message());
    }
    CheckView view{Own(std::move(check->first[0])), Own(std::move(check->first[1])),
                   Own(std::move(check->first[2])), out->context.size(), 0};
    for (auto& [key, value] : check->second) {
      out->context.push_back({Own(std::move(key)), Own(std::move(value))});
    }
    view.context_end = out->context.size();
    out->checks.push_back(view);
  }
  out->revision = RevisionOf(*parsed);
  return Status::Ok();
}

// ---- writing --------------------------------------------------------------------------------

namespace {

bool InRange(unsigned char c, unsigned char low, unsigned char high) {
  return c >= low && c <= high;
}

// Bytes of the UTF-8 sequence at text[i] that fit Unicode's table of well-formed sequences
// (Table 3-7); *complete when they form a whole character. A lead byte that cannot start one
// matches 0 bytes.
size_t Utf8Prefix(std::string_view text, size_t i, bool* complete) {
  const auto lead = static_cast<unsigned char>(text[i]);
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (InRange(lead, 0xC2, 0xDF)) {
    length = 2;
  } else if (InRange(lead, 0xE0, 0xEF)) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (InRange(lead, 0xF0, 0xF4)) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    *complete = false;
    return 0;
  }
  size_t matched = 1;
  while (matched < length && i + matched < text.size()) {
    const auto c = static_cast<unsigned char>(text[i + matched]);
    if (!(matched == 1 ? InRange(c, low, high) : InRange(c, 0x80, 0xBF))) break;
    ++matched;
  }
  *complete = matched == length;
  return matched;
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0, i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out->append(text.data() + run, i - run);
    if (c >= 0x80) {
      bool complete = false;
      size_t n = Utf8Prefix(text, i, &complete);
      if (complete) {
        out->append(text.data() + i, n);
      } else {
        out->append("\xEF\xBF\xBD");  // U+FFFD, one per maximal invalid subpart
      }
      i += n > 0 ? n : 1;
    } else {
      switch (c) {
        case '"': out->append("\\\""); break;
        case '\\': out->append("\\\\"); break;
        case '\b': out->append("\\b"); break;
        case '\f': out->append("\\f"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\t': out->append("\\t"); break;
        default: {
          const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
          out->append(escaped, sizeof escaped);
        }
      }
      ++i;
    }
    run = i;
  }
  out->append(text.data() + run, i - run);
  out->push_back('"');
}

void AppendJsonUint(std::string* out, uint64_t value) {
  char digits[20];
  auto result = std::to_chars(digits, digits + sizeof digits, value);
  out->append(digits, result.ptr);
}

void AppendDecisionReason(std::string* out, policy::Decision decision, bool by_root,
                          std::span<const authz::StatementInfo> deciding) {
  if (by_root) {
    out->append("allowed: the account root may do anything inside its own account");
    return;
  }
  if (decision == policy::Decision::kImplicitDeny) {
    out->append("implicitly denied: no statement allows the request");
    return;
  }
  out->append(decision == policy::Decision::kAllow ? "allowed by " : "explicitly denied by ");
  for (size_t i = 0; i < deciding.size(); ++i) {
    const authz::StatementInfo& s = deciding[i];
    if (i > 0) out->append("; ");
    out->append(s.source).append(" policy ").append(s.policy).append(" ").append(s.version);
    out->append(" Statement[");
    AppendJsonUint(out, s.index);
    out->append("]");
    if (!s.workspace.empty()) {
      out->append(" (workspace ").append(s.workspace).append(", role ").append(s.role);
      out->append(")");
    }
    if (!s.group.empty()) out->append(" (group ").append(s.group).append(")");
  }
}

void AppendDecisionMembers(std::string* out, policy::Decision decision, bool by_root,
                           std::span<const authz::StatementInfo> deciding, int64_t revision,
                           std::string* reason_scratch) {
  out->append("\"decision\":");
  AppendJsonString(out, policy::DecisionName(decision));
  out->append(",\"reason\":");
  reason_scratch->clear();
  AppendDecisionReason(reason_scratch, decision, by_root, deciding);
  AppendJsonString(out, *reason_scratch);
  if (revision >= 0) {
    out->append(",\"revision\":");
    AppendJsonUint(out, static_cast<uint64_t>(revision));
  }
  out->append(",\"statements\":[");
  // Keys in sorted order, as nlohmann::json wrote them.
  for (size_t i = 0; i < deciding.size(); ++i) {
    const authz::StatementInfo& s = deciding[i];
    out->append(i == 0 ? "{" : ",{");
    if (!s.group.empty()) {
      out->append("\"group\":");
      AppendJsonString(out, s.group);
      out->push_back(',');
    }
    out->append("\"index\":");
    AppendJsonUint(out, s.index);
    out->append(",\"policy\":");
    AppendJsonString(out, s.policy);
    if (!s.workspace.empty()) {
      out->append(",\"role\":");
      AppendJsonString(out, s.role);
    }
    out->append(",\"sid\":");
    AppendJsonString(out, s.sid);
    out->append(",\"source\":");
    AppendJsonString(out, s.source);
    out->append(",\"version\":");
    AppendJsonString(out, s.version);
    if (!s.workspace.empty()) {
      out->append(",\"workspace\":");
      AppendJsonString(out, s.workspace);
    }
    out->push_back('}');
  }
  out->push_back(']');
}

}  // namespace paiam::api
