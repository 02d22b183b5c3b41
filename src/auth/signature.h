// paiam/auth — Alibaba Cloud request signatures, both server side (parse a request's claim,
// recompute and compare) and client side (sign an outgoing request), for the two schemes the Node
// SDKs use (spec/alibaba-api.md §1.4 and §1.5):
//   - ACS3-HMAC-SHA256: `Authorization: ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,
//     Signature=hex`, over a canonical request of method, raw path, re-encoded sorted query,
//     the signed headers and the body's SHA-256;
//   - RPC v1 HMAC-SHA1: `Signature` among the query (and form-body) parameters.
// Depends on crypto.h, canonical.h and base/ only. ROA v1 ("acs AK:sig") and ACS3-HMAC-SM3 /
// ACS3-RSA-SHA256 are refused as unsupported (IncompleteSignature).
//
// The server flow is: ParseSignature (no secret needed: yields the AccessKeyId to look up, the
// timestamp and nonce for the ReplayGuard) → look the key up → VerifySignature. Error codes are
// the Status rule(); HttpStatusForAuthError gives their HTTP status:
//   IncompleteSignature 400     no/malformed signature, unsupported algorithm, a required header or
//                               parameter missing, SignedHeaders not covering host and x-acs-*
//   SignatureDoesNotMatch 400   message is "Specified signature is not matched with our
//                               calculation. server string to sign is:" + StringToSign (the
//                               @alicloud/credentials library compares that text with its own)
//   InvalidContentSha256 400    x-acs-content-sha256 is not the SHA-256 of the body
//   InvalidTimeStamp.Format 400 x-acs-date / Timestamp is not YYYY-MM-DDTHH:MM:SS[.sss]Z
//   (InvalidTimeStamp.Expired, SignatureNonceUsed: replay_guard.h; InvalidAccessKeyId.* and
//   InvalidSecurityToken.*: the API layer.)
//
// Canonicalization choices where the spec leaves room (each identical to the SDKs for every
// request an SDK sends):
//   - query strings and form bodies are decoded with '+' as space, then re-encoded (RFC 3986);
//   - canonical query keys are percent-encoded like values (SDK keys are [A-Za-z0-9.], which
//     encode to themselves) so that a key holding '=' or '&' cannot alias another query;
//   - pairs are sorted by key, then value (byte order); SignedHeaders are lower-cased and sorted;
//   - a repeated signed header's trimmed values are sorted and joined with ',';
//   - Authorization, x-acs-date, x-acs-signature-nonce, x-acs-content-sha256 and the v1 common
//     parameters may not repeat.
#ifndef PAIAM_AUTH_SIGNATURE_H_
#define PAIAM_AUTH_SIGNATURE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace paiam::auth {

// What the verifier needs from an HTTP request; views stay owned by the caller.
struct HttpRequestView {
  std::string_view method;       // "POST"
  std::string_view raw_path;     // exactly as sent, still percent-encoded, no query
  std::string_view raw_query;    // after '?', as sent ("" if none)
  // Header names lower-case; a name may repeat. Values untrimmed as received.
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;
  std::string_view content_type;  // for form bodies (application/x-www-form-urlencoded) in v1;
                                  // when empty, the content-type header is used
};

enum class Scheme { kAcs3HmacSha256, kRpcV1HmacSha1 };

// The claim a request makes, parsed before the secret is known.
struct SignatureClaim {
  Scheme scheme = Scheme::kAcs3HmacSha256;
  std::string access_key_id;
  std::string security_token;  // x-acs-security-token / SecurityToken; empty if none
  std::string nonce;           // x-acs-signature-nonce / SignatureNonce
  int64_t timestamp_ms = 0;    // x-acs-date / Timestamp (UTC, "YYYY-MM-DDTHH:MM:SSZ", or .sssZ)
  std::string provided_signature;
  std::vector<std::string> signed_headers;  // ACS3 only; lower-case, sorted, unique
  // RPC routing read off the request: x-acs-action/x-acs-version, or Action/Version params.
  std::string action, version;
};

// Reads the claim. Errors: IncompleteSignature, InvalidTimeStamp.Format (InvalidArgument).
StatusOr<SignatureClaim> ParseSignature(const HttpRequestView& request);

// Recomputes the signature with `secret` and compares in constant time. For ACS3 first checks
// that x-acs-content-sha256 equals the body's hash (InvalidContentSha256). A mismatch is
// SignatureDoesNotMatch (PermissionDenied). Does not look at the clock: see ReplayGuard.
Status VerifySignature(const SignatureClaim& claim, const HttpRequestView& request,
                       std::string_view secret);

// The exact string-to-sign the server computes for `request` under `claim.scheme` (tests, the
// SignatureDoesNotMatch message, and the client side). "" if the query cannot be decoded.
std::string StringToSign(const SignatureClaim& claim, const HttpRequestView& request);

// The ACS3 canonical request (the text whose SHA-256 is signed), for tests and debugging.
std::string CanonicalRequest(const SignatureClaim& claim, const HttpRequestView& request);

// HTTP status for an auth error code: 404 InvalidAccessKeyId.NotFound, 403
// InvalidAccessKeyId.Inactive, 429 Throttling.NonceCache, 400 for the others and any unknown code.
int HttpStatusForAuthError(std::string_view code);

// --- client side (our CLI, tests, the load generator) ---

struct OutgoingRequest {
  std::string method, raw_path;                               // raw_path already encoded
  std::vector<std::pair<std::string, std::string>> query;     // decoded; encoded on output
  std::vector<std::pair<std::string, std::string>> headers;   // must include "host"
  std::string body;
  std::string EncodedQuery() const;  // RFC 3986-encoded "k=v&…", in the given order
};

// Adds x-acs-date, x-acs-signature-nonce, x-acs-content-sha256, (x-acs-security-token and
// x-acs-accesskey-id when a token is given) and Authorization, replacing earlier values of these
// headers, and lower-cases every header name. Signs host, content-type and every x-acs-* header.
void SignAcs3(OutgoingRequest& request, std::string_view access_key_id, std::string_view secret,
              std::string_view nonce, std::string_view iso8601_date,
              std::string_view security_token = {});

// Adds the v1 common query parameters (Format=JSON, Timestamp, SignatureNonce,
// SignatureMethod=HMAC-SHA1, SignatureVersion=1.0, AccessKeyId, SecurityToken if given) and
// Signature, replacing earlier values of these; `query` must hold Action/Version. A form body
// (content-type application/x-www-form-urlencoded) is signed along with the query.
void SignRpcV1(OutgoingRequest& request, std::string_view access_key_id, std::string_view secret,
               std::string_view nonce, std::string_view iso8601_date,
               std::string_view security_token = {});

// "2024-01-01T00:00:00Z" (UTC, whole seconds; sub-second digits are dropped). Clamped to the
// years 0000–9999.
std::string FormatIso8601(int64_t unix_ms);
// Exactly "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DDTHH:MM:SS.sssZ" (UTC), with real calendar dates
// and no leap second; nullopt otherwise.
std::optional<int64_t> ParseIso8601(std::string_view text);

}  // namespace paiam::auth

#endif  // PAIAM_AUTH_SIGNATURE_H_
