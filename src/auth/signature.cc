// paiam/auth — the server side of request signatures (signature.h): parse the claim, rebuild the
// string to sign, verify. The client side is signer.cc, timestamps iso8601.cc.
//
// Parsing is strict about structure (a repeated Authorization or nonce, a SignedHeaders list
// that leaves an x-acs-* header unsigned) because everything the server acts on must be covered
// by the signature; canonicalization is lenient about spelling (whitespace, case of hex) where
// the SDKs differ.
//
// Allocation: this runs on every request, so the canonical text is built in per-thread scratch
// buffers whose capacity is reused, decoded parameters reuse their strings, and digests are hex-
// or Base64-encoded into stack buffers; only the SignatureClaim's own strings and error messages
// allocate.
#include "auth/signature.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <span>

#include "auth/canonical.h"
#include "auth/crypto.h"
#include "auth/signature_internal.h"

namespace paiam::auth {
namespace {

using internal::AsciiLower;
using internal::TrimOws;
using Param = std::pair<std::string, std::string>;
using ParamSpan = std::span<const Param>;

constexpr std::string_view kMismatchPrefix =
    "Specified signature is not matched with our calculation. server string to sign is:";

Status Incomplete(std::string message) {
  return Status(StatusCode::kInvalidArgument, "IncompleteSignature", std::move(message));
}

Status BadTimestamp(std::string_view field, std::string_view value) {
  return Status(StatusCode::kInvalidArgument, "InvalidTimeStamp.Format",
                std::string(field) + " \"" + std::string(value) +
                    "\" is not an ISO 8601 UTC time like 2024-01-01T00:00:00Z");
}

// Number of headers called `name`; the first one's value, trimmed, in *value.
size_t FindHeader(const HttpRequestView& request, std::string_view name, std::string_view* value) {
  size_t count = 0;
  for (const auto& [key, val] : request.headers) {
    if (key != name) continue;
    if (count++ == 0) *value = TrimOws(val);
  }
  return count;
}

// A header that must appear exactly once.
Status RequiredHeader(const HttpRequestView& request, std::string_view name,
                      std::string_view* value) {
  size_t count = FindHeader(request, name, value);
  if (count == 0) return Incomplete("missing required header " + std::string(name));
  if (count > 1) return Incomplete("header " + std::string(name) + " appears more than once");
  if (value->empty()) return Incomplete("header " + std::string(name) + " is empty");
  return Status::Ok();
}

// Decoded parameters whose strings keep their capacity from one request to the next: only the
// first `size` entries are live.
struct ParamBuffer {
  std::vector<Param> pairs;
  size_t size = 0;

  ParamSpan live() const { return ParamSpan(pairs.data(), size); }
  // Appends the decoded pairs of `raw` (ParseQuery's rules); false on a malformed %-escape.
  bool Append(std::string_view raw) {
    while (!raw.empty()) {
      size_t amp = raw.find('&');
      std::string_view piece = raw.substr(0, amp);
      raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
      if (piece.empty()) continue;
      if (size == pairs.size()) pairs.emplace_back();
      Param& param = pairs[size++];
      size_t eq = piece.find('=');
      if (!PercentDecodeTo(piece.substr(0, eq), /*plus_is_space=*/true, &param.first)) {
        return false;
      }
      std::string_view value = eq == std::string_view::npos ? "" : piece.substr(eq + 1);
      if (!PercentDecodeTo(value, /*plus_is_space=*/true, &param.second)) return false;
    }
    return true;
  }
};

// Per-thread scratch of one verification. A function that uses a member must not call another
// function that uses the same member.
struct Scratch {
  ParamBuffer params;
  std::string text;                      // the canonical request, or the v1 canonical query
  std::string to_sign;                   // the string to sign
  std::string key;                       // the v1 HMAC key, secret + "&" (wiped after use)
  std::vector<std::string_view> values;  // a repeated signed header's values
};

// Capacity kept across requests is bounded: after an unusually large request (a big v1 form body)
// the buffers are released rather than held by the thread for good.
Scratch& ThreadScratch() {
  constexpr size_t kKeepBytes = 1 << 16, kKeepParams = 256;
  thread_local Scratch scratch;
  if (scratch.text.capacity() > kKeepBytes || scratch.to_sign.capacity() > kKeepBytes ||
      scratch.params.pairs.size() > kKeepParams) {
    scratch = Scratch();
  }
  return scratch;
}

// The decoded query, plus the form body for v1 form posts, into *params. False on a malformed
// %-escape.
bool RequestParams(const HttpRequestView& request, bool with_form_body, ParamBuffer* params) {
  params->size = 0;
  if (!params->Append(request.raw_query)) return false;
  if (!with_form_body) return true;
  std::string_view content_type = request.content_type;
  if (content_type.empty()) FindHeader(request, "content-type", &content_type);
  if (!internal::IsFormContentType(content_type)) return true;
  return params->Append(request.body);
}

// Number of parameters called `name`; the first one's value in *value.
size_t FindParam(ParamSpan params, std::string_view name, std::string* value) {
  size_t count = 0;
  for (const auto& [key, val] : params) {
    if (key != name) continue;
    if (count++ == 0) *value = val;
  }
  return count;
}

// Appends "k=v&…" of the live params sorted by key then value, keys and values RFC 3986-encoded,
// leaving out parameters called `skip` (when not empty).
void AppendCanonicalParams(ParamBuffer* params, std::string_view skip, std::string* out) {
  std::sort(params->pairs.begin(), params->pairs.begin() + static_cast<ptrdiff_t>(params->size));
  bool first = true;
  for (const auto& [key, value] : params->live()) {
    if (!skip.empty() && key == skip) continue;
    if (!first) *out += '&';
    first = false;
    AppendPercentEncoded(key, out);
    *out += '=';
    AppendPercentEncoded(value, out);
  }
}

void AppendAsciiUpper(std::string_view s, std::string* out) {
  for (char c : s) *out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// Splits "Credential=AK,SignedHeaders=a;b,Signature=hex" into the claim.
Status ParseAcs3Fields(std::string_view fields, SignatureClaim* claim) {
  bool seen[3] = {false, false, false};
  std::string_view signed_headers;
  while (!fields.empty()) {
    size_t comma = fields.find(',');
    std::string_view part = TrimOws(fields.substr(0, comma));
    fields = comma == std::string_view::npos ? std::string_view() : fields.substr(comma + 1);
    size_t eq = part.find('=');
    std::string_view name = part.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? "" : part.substr(eq + 1);
    int index = name == "Credential" ? 0 : name == "SignedHeaders" ? 1 : name == "Signature" ? 2
                                                                                          : -1;
    if (index < 0 || eq == std::string_view::npos) {
      return Incomplete("malformed Authorization header: unexpected \"" + std::string(part) +
                        "\"; expected Credential=,SignedHeaders=,Signature=");
    }
    if (seen[index]) return Incomplete("malformed Authorization header: repeated " +
                                       std::string(name));
    seen[index] = true;
    if (index == 0) claim->access_key_id = value;
    if (index == 1) signed_headers = value;
    if (index == 2) claim->provided_signature = AsciiLower(value);
  }
  static constexpr const char* kNames[] = {"Credential", "SignedHeaders", "Signature"};
  for (int i = 0; i < 3; ++i) {
    if (!seen[i]) return Incomplete("malformed Authorization header: no " +
                                    std::string(kNames[i]));
  }
  if (claim->access_key_id.empty()) return Incomplete("Authorization Credential is empty");
  if (claim->provided_signature.empty()) return Incomplete("Authorization Signature is empty");
  std::string_view list = signed_headers;
  claim->signed_headers.reserve(static_cast<size_t>(std::count(list.begin(), list.end(), ';')) + 1);
  while (!list.empty()) {
    size_t semi = list.find(';');
    std::string name = AsciiLower(TrimOws(list.substr(0, semi)));
    list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
    if (name.empty()) return Incomplete("SignedHeaders has an empty name");
    claim->signed_headers.push_back(std::move(name));
  }
  std::sort(claim->signed_headers.begin(), claim->signed_headers.end());
  claim->signed_headers.erase(
      std::unique(claim->signed_headers.begin(), claim->signed_headers.end()),
      claim->signed_headers.end());
  return Status::Ok();
}

// Every signed header is present, and host and every x-acs-* header sent are signed.
Status CheckSignedHeaderCoverage(const HttpRequestView& request, const SignatureClaim& claim) {
  const std::vector<std::string>& signed_headers = claim.signed_headers;
  for (const std::string& name : signed_headers) {
    std::string_view unused;
    if (FindHeader(request, name, &unused) == 0) {
      return Incomplete("signed header " + name + " is absent from the request");
    }
  }
  for (const auto& [name, value] : request.headers) {
    bool must_sign = name == "host" || name.substr(0, 6) == "x-acs-";
    if (must_sign && !std::binary_search(signed_headers.begin(), signed_headers.end(), name)) {
      return Incomplete("SignedHeaders does not cover the header " + std::string(name));
    }
  }
  return Status::Ok();
}

StatusOr<SignatureClaim> ParseAcs3(const HttpRequestView& request, std::string_view fields) {
  SignatureClaim claim;
  claim.scheme = Scheme::kAcs3HmacSha256;
  if (Status s = ParseAcs3Fields(fields, &claim); !s.ok()) return s;
  std::string_view date, nonce, content_hash, host;
  for (auto [name, out] : {std::pair{"host", &host}, std::pair{"x-acs-date", &date},
                           std::pair{"x-acs-signature-nonce", &nonce},
                           std::pair{"x-acs-content-sha256", &content_hash}}) {
    if (Status s = RequiredHeader(request, name, out); !s.ok()) return s;
  }
  if (Status s = CheckSignedHeaderCoverage(request, claim); !s.ok()) return s;
  if (!ValidPercentEscapes(request.raw_query)) {
    return Incomplete("the query string has a malformed %-escape");
  }
  std::optional<int64_t> time = ParseIso8601(date);
  if (!time) return BadTimestamp("x-acs-date", date);
  claim.timestamp_ms = *time;
  claim.nonce = nonce;
  std::string_view token, key_id, action, version;
  if (FindHeader(request, "x-acs-security-token", &token) > 1) {
    return Incomplete("header x-acs-security-token appears more than once");
  }
  claim.security_token = token;
  size_t key_ids = FindHeader(request, "x-acs-accesskey-id", &key_id);
  if (key_ids > 1 || (key_ids == 1 && key_id != claim.access_key_id)) {
    return Incomplete("header x-acs-accesskey-id does not match the Authorization Credential");
  }
  bool has_action = FindHeader(request, "x-acs-action", &action) > 0;
  bool has_version = FindHeader(request, "x-acs-version", &version) > 0;
  claim.action = action;
  claim.version = version;
  if ((!has_action || !has_version) && !request.raw_query.empty()) {
    ParamBuffer& params = ThreadScratch().params;
    RequestParams(request, /*with_form_body=*/false, &params);  // escapes checked above
    if (!has_action) FindParam(params.live(), "Action", &claim.action);
    if (!has_version) FindParam(params.live(), "Version", &claim.version);
  }
  return claim;
}

StatusOr<SignatureClaim> ParseRpcV1(ParamSpan params) {
  SignatureClaim claim;
  claim.scheme = Scheme::kRpcV1HmacSha1;
  std::string method, signature_version, timestamp;
  struct Field {
    const char* name;
    std::string* out;
    bool required;
  };
  const Field fields[] = {
      {"Signature", &claim.provided_signature, true},
      {"Timestamp", &timestamp, true},
      {"SignatureNonce", &claim.nonce, true},
      {"AccessKeyId", &claim.access_key_id, true},
      {"SignatureMethod", &method, true},
      {"SignatureVersion", &signature_version, false},
      {"SecurityToken", &claim.security_token, false},
      {"Action", &claim.action, false},
      {"Version", &claim.version, false},
  };
  for (const Field& field : fields) {
    size_t count = FindParam(params, field.name, field.out);
    if (count > 1) return Incomplete(std::string("parameter ") + field.name +
                                     " appears more than once");
    if (field.required && (count == 0 || field.out->empty())) {
      return Incomplete(std::string("missing required parameter ") + field.name);
    }
  }
  if (method != "HMAC-SHA1") {
    return Incomplete("unsupported SignatureMethod \"" + method + "\"; only HMAC-SHA1 is accepted");
  }
  if (!signature_version.empty() && signature_version != "1.0") {
    return Incomplete("unsupported SignatureVersion \"" + signature_version + "\"; expected 1.0");
  }
  std::optional<int64_t> time = ParseIso8601(timestamp);
  if (!time) return BadTimestamp("Timestamp", timestamp);
  claim.timestamp_ms = *time;
  return claim;
}

}  // namespace

StatusOr<SignatureClaim> ParseSignature(const HttpRequestView& request) {
  std::string_view authorization;
  size_t count = FindHeader(request, "authorization", &authorization);
  if (count > 1) return Incomplete("header authorization appears more than once");
  if (count == 1) {
    size_t space = authorization.find_first_of(" \t");
    std::string_view algorithm = authorization.substr(0, space);
    std::string_view rest =
        space == std::string_view::npos ? std::string_view() : TrimOws(authorization.substr(space));
    if (algorithm == internal::kAcs3Algorithm) return ParseAcs3(request, rest);
    return Incomplete("unsupported signature algorithm \"" + std::string(algorithm) +
                      "\"; only ACS3-HMAC-SHA256 and RPC v1 HMAC-SHA1 are accepted");
  }
  ParamBuffer& params = ThreadScratch().params;
  if (!RequestParams(request, /*with_form_body=*/true, &params)) {
    return Incomplete("the query string or form body has a malformed %-escape");
  }
  std::string unused;
  if (FindParam(params.live(), "Signature", &unused) == 0) {
    return Incomplete("the request is not signed: no Authorization header and no Signature "
                      "parameter");
  }
  return ParseRpcV1(params.live());
}

namespace {

// Appends "name:v1,v2\n" for every signed header: trimmed values, sorted when repeated.
void AppendCanonicalHeaders(const SignatureClaim& claim, const HttpRequestView& request,
                            std::vector<std::string_view>* values, std::string* out) {
  for (const std::string& name : claim.signed_headers) {
    *out += name;
    *out += ':';
    std::string_view single;
    size_t count = FindHeader(request, name, &single);
    if (count <= 1) {
      *out += single;
    } else {
      values->clear();
      for (const auto& [key, value] : request.headers) {
        if (key == name) values->push_back(TrimOws(value));
      }
      std::sort(values->begin(), values->end());
      for (size_t i = 0; i < values->size(); ++i) {
        if (i > 0) *out += ',';
        *out += (*values)[i];
      }
    }
    *out += '\n';
  }
}

// The ACS3 canonical request into *out (replaced), with `body_hash` the hex SHA-256 of the body.
// False when the query cannot be decoded.
bool BuildCanonicalRequest(const SignatureClaim& claim, const HttpRequestView& request,
                           std::string_view body_hash, Scratch* scratch, std::string* out) {
  out->clear();
  if (!RequestParams(request, /*with_form_body=*/false, &scratch->params)) return false;
  AppendAsciiUpper(request.method, out);
  *out += '\n';
  *out += request.raw_path;
  *out += '\n';
  AppendCanonicalParams(&scratch->params, {}, out);
  *out += '\n';
  AppendCanonicalHeaders(claim, request, &scratch->values, out);
  *out += '\n';
  for (size_t i = 0; i < claim.signed_headers.size(); ++i) {
    if (i > 0) *out += ';';
    *out += claim.signed_headers[i];
  }
  *out += '\n';
  *out += body_hash;
  return true;
}

using HexSha256 = std::array<char, 64>;

HexSha256 HexOf(const Sha256Digest& digest) {
  HexSha256 hex;
  HexEncode(digest.data(), digest.size(), hex.data());
  return hex;
}

std::string_view View(const HexSha256& hex) { return std::string_view(hex.data(), hex.size()); }

// The string to sign into scratch->to_sign (replaced); `body_hash` is used by ACS3 only. False
// when the query (or v1 form body) cannot be decoded.
bool BuildStringToSign(const SignatureClaim& claim, const HttpRequestView& request,
                       std::string_view body_hash, Scratch* scratch) {
  std::string& out = scratch->to_sign;
  out.clear();
  if (claim.scheme == Scheme::kAcs3HmacSha256) {
    if (!BuildCanonicalRequest(claim, request, body_hash, scratch, &scratch->text)) return false;
    out += internal::kAcs3Algorithm;
    out += '\n';
    out += View(HexOf(Sha256(scratch->text)));
    return true;
  }
  if (!RequestParams(request, /*with_form_body=*/true, &scratch->params)) return false;
  scratch->text.clear();
  AppendCanonicalParams(&scratch->params, "Signature", &scratch->text);
  AppendAsciiUpper(request.method, &out);
  out += "&%2F&";  // "&" + PercentEncode("/") + "&"
  AppendPercentEncoded(scratch->text, &out);
  return true;
}

// True when `header` is the lower- or upper-case hex of `hash` (lower-case hex).
bool SameHexIgnoringCase(std::string_view header, std::string_view hash) {
  if (header.size() != hash.size()) return false;
  HexSha256 lowered;
  for (size_t i = 0; i < header.size(); ++i) {
    char c = header[i];
    lowered[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return ConstantTimeEquals(View(lowered), hash);
}

Status Mismatch(std::string_view string_to_sign) {
  return Status(StatusCode::kPermissionDenied, "SignatureDoesNotMatch",
                std::string(kMismatchPrefix) + std::string(string_to_sign));
}

}  // namespace

std::string CanonicalRequest(const SignatureClaim& claim, const HttpRequestView& request) {
  Scratch& scratch = ThreadScratch();
  std::string out;
  if (!BuildCanonicalRequest(claim, request, View(HexOf(Sha256(request.body))), &scratch, &out)) {
    return "";
  }
  return out;
}

std::string StringToSign(const SignatureClaim& claim, const HttpRequestView& request) {
  Scratch& scratch = ThreadScratch();
  HexSha256 body_hash{};
  if (claim.scheme == Scheme::kAcs3HmacSha256) body_hash = HexOf(Sha256(request.body));
  if (!BuildStringToSign(claim, request, View(body_hash), &scratch)) return "";
  return scratch.to_sign;
}

Status VerifySignature(const SignatureClaim& claim, const HttpRequestView& request,
                       std::string_view secret) {
  Scratch& scratch = ThreadScratch();
  if (claim.scheme == Scheme::kAcs3HmacSha256) {
    HexSha256 body_hash = HexOf(Sha256(request.body));
    if (!BuildStringToSign(claim, request, View(body_hash), &scratch)) {
      return Incomplete("the query string has a malformed %-escape");
    }
    std::string_view content_hash;
    if (Status s = RequiredHeader(request, "x-acs-content-sha256", &content_hash); !s.ok()) {
      return s;
    }
    if (!SameHexIgnoringCase(content_hash, View(body_hash))) {
      return Status(StatusCode::kInvalidArgument, "InvalidContentSha256",
                    "x-acs-content-sha256 is not the SHA-256 of the request body");
    }
    HexSha256 expected = HexOf(HmacSha256(secret, scratch.to_sign));
    if (!ConstantTimeEquals(View(expected), claim.provided_signature)) {
      return Mismatch(scratch.to_sign);
    }
    return Status::Ok();
  }
  if (!BuildStringToSign(claim, request, {}, &scratch)) {
    return Incomplete("the query string has a malformed %-escape");
  }
  scratch.key.assign(secret);
  scratch.key += '&';
  Sha1Digest mac = HmacSha1(scratch.key, scratch.to_sign);
  OPENSSL_cleanse(scratch.key.data(), scratch.key.size());
  char expected[28];  // Base64 of 20 bytes
  size_t len = Base64EncodeTo(
      std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()), expected);
  if (!ConstantTimeEquals(std::string_view(expected, len), claim.provided_signature)) {
    return Mismatch(scratch.to_sign);
  }
  return Status::Ok();
}

int HttpStatusForAuthError(std::string_view code) {
  if (code == "InvalidAccessKeyId.NotFound") return 404;
  if (code == "InvalidAccessKeyId.Inactive") return 403;
  if (code == "Throttling.NonceCache") return 429;
  // IncompleteSignature, SignatureDoesNotMatch, InvalidContentSha256, InvalidTimeStamp.Format,
  // InvalidTimeStamp.Expired, SignatureNonceUsed, InvalidSecurityToken.Expired,
  // InvalidSecurityToken.Malformed — and anything else: a bad request.
  return 400;
}

}  // namespace paiam::auth
