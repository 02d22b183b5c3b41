// paiam/auth — the client side of request signatures (signature.h): SignAcs3, SignRpcV1.
// Both build an HttpRequestView of the outgoing request and reuse the server's StringToSign, so
// client and server cannot drift apart; the spec's worked examples (tests/auth) pin both to
// the SDKs' output.
#include <algorithm>
#include <initializer_list>

#include "auth/canonical.h"
#include "auth/crypto.h"
#include "auth/signature.h"
#include "auth/signature_internal.h"

namespace paiam::auth {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

void EraseNamed(Pairs& pairs, std::initializer_list<std::string_view> names) {
  std::erase_if(pairs, [&](const auto& kv) {
    return std::find(names.begin(), names.end(), kv.first) != names.end();
  });
}

HttpRequestView ViewOf(const OutgoingRequest& request, const std::string& encoded_query) {
  HttpRequestView view;
  view.method = request.method;
  view.raw_path = request.raw_path;
  view.raw_query = encoded_query;
  view.body = request.body;
  for (const auto& [name, value] : request.headers) {
    view.headers.emplace_back(name, value);
    if (name == "content-type") view.content_type = value;
  }
  return view;
}

}  // namespace

std::string OutgoingRequest::EncodedQuery() const {
  std::string out;
  for (const auto& [key, value] : query) {
    if (!out.empty()) out += '&';
    out += PercentEncode(key);
    out += '=';
    out += PercentEncode(value);
  }
  return out;
}

void SignAcs3(OutgoingRequest& request, std::string_view access_key_id, std::string_view secret,
              std::string_view nonce, std::string_view iso8601_date,
              std::string_view security_token) {
  for (auto& header : request.headers) header.first = internal::AsciiLower(header.first);
  EraseNamed(request.headers, {"authorization", "x-acs-date", "x-acs-signature-nonce",
                               "x-acs-content-sha256", "x-acs-security-token",
                               "x-acs-accesskey-id"});
  auto add = [&](std::string_view name, std::string_view value) {
    request.headers.emplace_back(std::string(name), std::string(value));
  };
  add("x-acs-date", iso8601_date);
  add("x-acs-signature-nonce", nonce);
  add("x-acs-content-sha256", Sha256Hex(request.body));
  if (!security_token.empty()) {
    add("x-acs-security-token", security_token);
    add("x-acs-accesskey-id", access_key_id);
  }
  SignatureClaim claim;
  claim.scheme = Scheme::kAcs3HmacSha256;
  for (const auto& [name, value] : request.headers) {
    if (name == "host" || name == "content-type" || name.compare(0, 6, "x-acs-") == 0) {
      claim.signed_headers.push_back(name);
    }
  }
  std::sort(claim.signed_headers.begin(), claim.signed_headers.end());
  claim.signed_headers.erase(
      std::unique(claim.signed_headers.begin(), claim.signed_headers.end()),
      claim.signed_headers.end());
  std::string encoded_query = request.EncodedQuery();
  std::string signature = HmacSha256Hex(secret, StringToSign(claim, ViewOf(request,
                                                                           encoded_query)));
  std::string signed_list;
  for (const std::string& name : claim.signed_headers) {
    if (!signed_list.empty()) signed_list += ';';
    signed_list += name;
  }
  add("authorization", std::string(internal::kAcs3Algorithm) + " Credential=" +
                           std::string(access_key_id) + ",SignedHeaders=" + signed_list +
                           ",Signature=" + signature);
}

void SignRpcV1(OutgoingRequest& request, std::string_view access_key_id, std::string_view secret,
               std::string_view nonce, std::string_view iso8601_date,
               std::string_view security_token) {
  EraseNamed(request.query, {"Format", "Timestamp", "SignatureNonce", "SignatureMethod",
                             "SignatureVersion", "AccessKeyId", "SecurityToken", "Signature"});
  auto add = [&](std::string_view name, std::string_view value) {
    request.query.emplace_back(std::string(name), std::string(value));
  };
  add("Format", "JSON");
  add("Timestamp", iso8601_date);
  add("SignatureNonce", nonce);
  add("SignatureMethod", "HMAC-SHA1");
  add("SignatureVersion", "1.0");
  add("AccessKeyId", access_key_id);
  if (!security_token.empty()) add("SecurityToken", security_token);
  SignatureClaim claim;
  claim.scheme = Scheme::kRpcV1HmacSha1;
  std::string encoded_query = request.EncodedQuery();
  HttpRequestView view = ViewOf(request, encoded_query);
  for (const auto& [name, value] : request.headers) {
    if (internal::AsciiLower(name) == "content-type") view.content_type = value;
  }
  add("Signature", HmacSha1Base64(std::string(secret) + "&", StringToSign(claim, view)));
}

}  // namespace paiam::auth
