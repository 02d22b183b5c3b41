// paiam/http — small helpers shared by the server and the client (internal to src/http/).
//
// Header-name case folding, header validation (no response splitting), request ids in the
// Alibaba Cloud format, and the JSON error body the transport answers with. Depends on nothing.
#ifndef PAIAM_HTTP_WIRE_H_
#define PAIAM_HTTP_WIRE_H_

#include <string>
#include <string_view>

namespace paiam::http::wire {

std::string ToLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// A header name must be an RFC 9110 token; a value must hold no CR, LF or NUL.
bool IsValidHeaderName(std::string_view name);
bool IsValidHeaderValue(std::string_view value);

// "5F3C8A1E-2B7D-4C0A-9E61-0D2F4B8A7C13": 128 random bits as uppercase 8-4-4-4-12 hex.
std::string NewRequestId();

// {"RequestId":"…","Code":"…","Message":"…"} with JSON string escaping.
std::string ErrorBody(std::string_view request_id, std::string_view code,
                      std::string_view message);

}  // namespace paiam::http::wire

#endif  // PAIAM_HTTP_WIRE_H_
