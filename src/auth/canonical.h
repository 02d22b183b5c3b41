// paiam/auth — the URL encoding rules both signature schemes are built on
// (spec/alibaba-api.md §1.4 step 3 and §1.5): RFC 3986 percent-encoding, percent-decoding, and
// splitting a query string or an x-www-form-urlencoded body into decoded pairs.
// Depends on nothing but the standard library.
//
// Why decode and re-encode instead of signing the raw query: clients disagree on the wire form
// (Node's querystring leaves !'()* raw, Python writes %21…), but all of them sign the RFC 3986
// form of the decoded values, so the server must rebuild that form itself.
#ifndef PAIAM_AUTH_CANONICAL_H_
#define PAIAM_AUTH_CANONICAL_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace paiam::auth {

// RFC 3986: A-Z a-z 0-9 - _ . ~ stay, every other byte becomes %XX (upper-case hex), so space is
// %20 and !'()* are %21 %27 %28 %29 %2A. Same as Python's quote(v, safe='~').
std::string PercentEncode(std::string_view value);

// Appends PercentEncode(value) to *out (no temporary string).
void AppendPercentEncoded(std::string_view value, std::string* out);

// Decodes %XX (either case); with plus_is_space, '+' becomes ' '. nullopt on a '%' not followed
// by two hex digits. The result may hold any bytes, including NUL.
std::optional<std::string> PercentDecode(std::string_view value, bool plus_is_space);

// PercentDecode into *out, replacing its contents (its capacity is reused). False, with *out
// unspecified, where PercentDecode gives nullopt.
bool PercentDecodeTo(std::string_view value, bool plus_is_space, std::string* out);

// True when PercentDecode(value, …) succeeds: every '%' is followed by two hex digits.
bool ValidPercentEscapes(std::string_view value);

// Decoded (key, value) pairs of a raw query string or an x-www-form-urlencoded body, in order.
// Pairs are separated by '&'; empty pieces ("a=1&&b=2", a trailing '&') are skipped; a piece
// without '=' is a key with an empty value. nullopt when any key or value fails PercentDecode.
std::optional<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view raw,
                                                                          bool plus_is_space);

}  // namespace paiam::auth

#endif  // PAIAM_AUTH_CANONICAL_H_
