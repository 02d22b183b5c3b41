// tests/auth — WireRequest: an owning HTTP request for the auth tests, so a test can sign an
// OutgoingRequest, then edit the request "on the wire" (headers, raw query, body) and hand a
// view of it to the verifier.
#ifndef PAIAM_TESTS_AUTH_AUTH_TEST_UTIL_H_
#define PAIAM_TESTS_AUTH_AUTH_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/signature.h"

namespace paiam::auth::testing {

struct WireRequest {
  std::string method = "POST";
  std::string raw_path = "/";
  std::string raw_query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static WireRequest From(const OutgoingRequest& request) {
    WireRequest wire;
    wire.method = request.method;
    wire.raw_path = request.raw_path;
    wire.raw_query = request.EncodedQuery();
    wire.headers = request.headers;
    wire.body = request.body;
    return wire;
  }

  HttpRequestView View() const {
    HttpRequestView view;
    view.method = method;
    view.raw_path = raw_path;
    view.raw_query = raw_query;
    view.body = body;
    for (const auto& [name, value] : headers) {
      view.headers.emplace_back(name, value);
      if (name == "content-type") view.content_type = value;
    }
    return view;
  }

  std::string Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return "";
  }
  void SetHeader(std::string_view name, std::string_view value) {
    RemoveHeader(name);
    headers.emplace_back(std::string(name), std::string(value));
  }
  void RemoveHeader(std::string_view name) {
    std::erase_if(headers, [&](const auto& kv) { return kv.first == name; });
  }
};

// Parses and verifies; the first failing Status, or OK.
inline Status ParseAndVerify(const WireRequest& wire, std::string_view secret) {
  HttpRequestView view = wire.View();
  StatusOr<SignatureClaim> claim = ParseSignature(view);
  if (!claim.ok()) return claim.status();
  return VerifySignature(*claim, view, secret);
}

}  // namespace paiam::auth::testing

#endif  // PAIAM_TESTS_AUTH_AUTH_TEST_UTIL_H_
