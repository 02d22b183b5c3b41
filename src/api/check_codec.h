// paiam/api — the JSON of /v1/check and /v1/check:batch, read and written without a DOM.
//
// These two endpoints carry most of the server's traffic, and building nlohmann::json trees for
// their bodies cost more than the decisions themselves. CheckReader reads a body with simdjson
// On-Demand into views (into its own padded copy of the body and simdjson's string buffer), and
// the Append* functions write the answer straight into one std::string.
//
// Same contract as before: the accepted bodies, the decisions and every error code and message
// are those of the nlohmann reader (ParamReader + ContextFromJson) this replaces. The fast path
// takes only bodies it fully understands; anything else (a refusal, a duplicate key, a number
// that is not a plain integer, a context given as a JSON string) is read again by that reference
// reader, which settles the answer. Refusals are rare, so they may be slow; they must be exact.
//
// Depends on: api/params, api/decision_json (the reference reader), authz (decisions), simdjson.
#ifndef PAIAM_API_CHECK_CODEC_H_
#define PAIAM_API_CHECK_CODEC_H_

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "authz/authorizer.h"
#include "base/status.h"
#include "policy/condition.h"
#include "policy/decision.h"

namespace paiam::api {

// "at_least_revision" as the body gave it.
struct RevisionWanted {
  enum class Kind {
    kLatest,   // absent or null
    kAtLeast,  // a non-negative integer
    kInvalid,  // an integer-like value that is negative or a string: refused only after the
               // checks themselves were vetted, as before (InvalidParameter.at_least_revision)
  };
  Kind kind = Kind::kLatest;
  uint64_t revision = 0;
};

// One check as read: views valid until the next Read* on the same CheckReader.
struct CheckView {
  std::string_view principal, action, resource;
  size_t context_begin = 0, context_end = 0;  // range of CheckRequest::context
};

struct CheckRequest {
  std::vector<CheckView> checks;
  std::vector<policy::ContextEntry> context;  // every check's entries, acs:CurrentTime included
  RevisionWanted revision;
  // ReadBatch: the index of the check that could not be read, or kNone; `checks` then holds
  // the checks before it (the caller vets those first, so that the first bad check is named).
  static constexpr size_t kNone = static_cast<size_t>(-1);
  size_t failed_check = kNone;

  std::span<const policy::ContextEntry> ContextOf(const CheckView& check) const {
    return std::span<const policy::ContextEntry>(context).subspan(
        check.context_begin, check.context_end - check.context_begin);
  }
};

// Reads check bodies. Holds the simdjson parser and buffers: one per thread, reused.
class CheckReader {
 public:
  // /v1/check: {principal, action, resource, context?, at_least_revision?}.
  Status ReadOne(std::string_view body, std::string_view now_iso8601, CheckRequest* out);
  // /v1/check:batch: {checks: [up to kMaxBatchChecks], at_least_revision?}. An error in
  // checks[i] has its message prefixed "checks[i]: " and sets out->failed_check = i.
  Status ReadBatch(std::string_view body, std::string_view now_iso8601, CheckRequest* out);

 private:
  struct Fast;  // the simdjson path (check_codec.cc)

  bool Load(std::string_view body);
  void Reset(CheckRequest* out, std::string_view now_iso8601);
  std::string_view Own(std::string text);
  Status SlowOne(std::string_view body, CheckRequest* out);
  Status SlowBatch(std::string_view body, CheckRequest* out);

  simdjson::ondemand::parser parser_;
  simdjson::padded_string buffer_;
  std::string now_;
  std::deque<std::string> owned_;  // texts the slow path made; stable addresses
};

// What a decision needs to be written, reused across checks on a thread.
struct DecisionScratch {
  authz::Explanation explanation;
  std::vector<authz::StatementInfo> deciding;
  std::string reason;
};

// JSON string (quotes included) per RFC 8259: '"' and '\\' escaped, control characters as
// \b \f \n \r \t or \u00xx, valid UTF-8 as is, each invalid sequence as U+FFFD.
void AppendJsonString(std::string* out, std::string_view text);
void AppendJsonUint(std::string* out, uint64_t value);

// The members (no braces) "decision","reason"[,"revision"],"statements" of one decision, keys
// in the order nlohmann::json wrote them; `deciding` is Authorizer::Describe of each statement.
// revision < 0: no revision member.
void AppendDecisionMembers(std::string* out, policy::Decision decision, bool by_root,
                           std::span<const authz::StatementInfo> deciding, int64_t revision,
                           std::string* reason_scratch);

// DecisionReason (decision_json.h), appended to `out` unquoted.
void AppendDecisionReason(std::string* out, policy::Decision decision, bool by_root,
                          std::span<const authz::StatementInfo> deciding);

}  // namespace paiam::api

#endif  // PAIAM_API_CHECK_CODEC_H_
