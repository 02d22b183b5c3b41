// paiam/auth — the server side of request signatures (signature.h): parse the claim, rebuild the
// string to sign, verify. The client side is signer.cc, timestamps iso8601.cc.
//
// Parsing is strict about structure (a repeated Authorization or nonce, a SignedHeaders list
// that leaves an x-acs-* header unsigned) because everything the server acts on must be covered
// by the signature; canonicalization is lenient about spelling (whitespace, case of hex) where
// the SDKs differ.
#include "auth/signature.h"

#include <algorithm>

#include "auth/canonical.h"
#include "auth/crypto.h"
#include "auth/signature_internal.h"

namespace paiam::auth {
namespace {

using internal::AsciiLower;
using internal::AsciiUpper;
using internal::TrimOws;
using Params = std::vector<std::pair<std::string, std::string>>;

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

// The decoded query, plus the form body for v1 form posts.
std::optional<Params> RequestParams(const HttpRequestView& request, bool with_form_body) {
  std::optional<Params> params = ParseQuery(request.raw_query, /*plus_is_space=*/true);
  if (!params || !with_form_body) return params;
  std::string_view content_type = request.content_type;
  if (content_type.empty()) FindHeader(request, "content-type", &content_type);
  if (!internal::IsFormContentType(content_type)) return params;
  std::optional<Params> form = ParseQuery(request.body, /*plus_is_space=*/true);
  if (!form) return std::nullopt;
  params->insert(params->end(), form->begin(), form->end());
  return params;
}

// Number of parameters called `name`; the first one's value in *value.
size_t FindParam(const Params& params, std::string_view name, std::string* value) {
  size_t count = 0;
  for (const auto& [key, val] : params) {
    if (key != name) continue;
    if (count++ == 0) *value = val;
  }
  return count;
}

// "k=v&…" of `params` sorted by key then value, keys and values RFC 3986-encoded.
std::string CanonicalParams(Params params) {
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out += '&';
    out += PercentEncode(key);
    out += '=';
    out += PercentEncode(value);
  }
  return out;
}

// Splits "Credential=AK,SignedHeaders=a;b,Signature=hex" into the claim.
Status ParseAcs3Fields(std::string_view fields, SignatureClaim* claim) {
  bool seen[3] = {false, false, false};
  std::string signed_headers;
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
  std::optional<Params> params = RequestParams(request, /*with_form_body=*/false);
  if (!params) return Incomplete("the query string has a malformed %-escape");
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
  if (FindHeader(request, "x-acs-action", &action) > 0) claim.action = action;
  else FindParam(*params, "Action", &claim.action);
  if (FindHeader(request, "x-acs-version", &version) > 0) claim.version = version;
  else FindParam(*params, "Version", &claim.version);
  return claim;
}

StatusOr<SignatureClaim> ParseRpcV1(const Params& params) {
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
  std::optional<Params> params = RequestParams(request, /*with_form_body=*/true);
  if (!params) return Incomplete("the query string or form body has a malformed %-escape");
  std::string unused;
  if (FindParam(*params, "Signature", &unused) == 0) {
    return Incomplete("the request is not signed: no Authorization header and no Signature "
                      "parameter");
  }
  return ParseRpcV1(*params);
}

std::string CanonicalRequest(const SignatureClaim& claim, const HttpRequestView& request) {
  std::optional<Params> params = ParseQuery(request.raw_query, /*plus_is_space=*/true);
  if (!params) return "";
  std::string out = AsciiUpper(request.method);
  out += '\n';
  out += request.raw_path;
  out += '\n';
  out += CanonicalParams(std::move(*params));
  out += '\n';
  for (const std::string& name : claim.signed_headers) {
    std::vector<std::string_view> values;
    for (const auto& [key, value] : request.headers) {
      if (key == name) values.push_back(TrimOws(value));
    }
    std::sort(values.begin(), values.end());
    out += name;
    out += ':';
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ',';
      out += values[i];
    }
    out += '\n';
  }
  out += '\n';
  for (size_t i = 0; i < claim.signed_headers.size(); ++i) {
    if (i > 0) out += ';';
    out += claim.signed_headers[i];
  }
  out += '\n';
  out += Sha256Hex(request.body);
  return out;
}

std::string StringToSign(const SignatureClaim& claim, const HttpRequestView& request) {
  if (claim.scheme == Scheme::kAcs3HmacSha256) {
    std::string canonical = CanonicalRequest(claim, request);
    if (canonical.empty()) return "";
    return std::string(internal::kAcs3Algorithm) + "\n" + Sha256Hex(canonical);
  }
  std::optional<Params> params = RequestParams(request, /*with_form_body=*/true);
  if (!params) return "";
  std::erase_if(*params, [](const auto& kv) { return kv.first == "Signature"; });
  return AsciiUpper(request.method) + "&" + PercentEncode("/") + "&" +
         PercentEncode(CanonicalParams(std::move(*params)));
}

Status VerifySignature(const SignatureClaim& claim, const HttpRequestView& request,
                       std::string_view secret) {
  std::string expected;
  std::string string_to_sign = StringToSign(claim, request);
  if (string_to_sign.empty()) return Incomplete("the query string has a malformed %-escape");
  if (claim.scheme == Scheme::kAcs3HmacSha256) {
    std::string_view content_hash;
    if (Status s = RequiredHeader(request, "x-acs-content-sha256", &content_hash); !s.ok()) {
      return s;
    }
    if (!ConstantTimeEquals(AsciiLower(content_hash), Sha256Hex(request.body))) {
      return Status(StatusCode::kInvalidArgument, "InvalidContentSha256",
                    "x-acs-content-sha256 is not the SHA-256 of the request body");
    }
    expected = HmacSha256Hex(secret, string_to_sign);
  } else {
    expected = HmacSha1Base64(std::string(secret) + "&", string_to_sign);
  }
  if (!ConstantTimeEquals(expected, claim.provided_signature)) {
    return Status(StatusCode::kPermissionDenied, "SignatureDoesNotMatch",
                  std::string(kMismatchPrefix) + string_to_sign);
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
