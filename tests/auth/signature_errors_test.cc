// tests/auth — every error code of request signatures (auth/signature.h), each with the request
// that provokes it, the HTTP statuses, and a randomized "header soup" that parsing and
// verification must survive without crashing (run it under the sanitizer build).
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "auth/crypto.h"
#include "auth/signature.h"
#include "auth_test_util.h"

namespace paiam::auth {
namespace {

using testing::ParseAndVerify;
using testing::WireRequest;

constexpr char kSecret[] = "sk";

WireRequest SignedAcs3(std::string body = "") {
  OutgoingRequest request{"POST", "/", {{"UserName", "alice"}},
                          {{"host", "127.0.0.1:8080"}, {"x-acs-action", "CreateUser"},
                           {"x-acs-version", "2015-05-01"}, {"content-type", "text/plain"}},
                          std::move(body)};
  SignAcs3(request, "AK", kSecret, "nonce-1", "2025-01-01T00:00:00Z");
  return WireRequest::From(request);
}

WireRequest SignedV1() {
  OutgoingRequest request{"POST", "/",
                          {{"Action", "GetUser"}, {"Version", "2015-05-01"}, {"UserName", "a"}},
                          {{"host", "127.0.0.1:8080"}}, ""};
  SignRpcV1(request, "AK", kSecret, "nonce-1", "2025-01-01T00:00:00Z");
  return WireRequest::From(request);
}

// The v1 request with one query parameter removed or replaced.
WireRequest V1With(std::string_view name, std::optional<std::string> value) {
  OutgoingRequest request{"POST", "/",
                          {{"Action", "GetUser"}, {"Version", "2015-05-01"}, {"UserName", "a"}},
                          {{"host", "127.0.0.1:8080"}}, ""};
  SignRpcV1(request, "AK", kSecret, "nonce-1", "2025-01-01T00:00:00Z");
  std::erase_if(request.query, [&](const auto& kv) { return kv.first == name; });
  if (value) request.query.emplace_back(std::string(name), *value);
  return WireRequest::From(request);
}

// Asserts the rule and that the message mentions `needle`.
void ExpectRefused(const WireRequest& wire, std::string_view rule, std::string_view needle) {
  Status s = ParseAndVerify(wire, kSecret);
  EXPECT_EQ(s.rule(), rule) << s.ToString();
  EXPECT_NE(s.message().find(needle), std::string::npos) << s.message();
}

TEST(IncompleteSignature, UnsignedRequest) {
  WireRequest wire = SignedAcs3();
  wire.RemoveHeader("authorization");
  ExpectRefused(wire, "IncompleteSignature", "no Authorization header and no Signature");
}

TEST(IncompleteSignature, MalformedAuthorizationHeader) {
  WireRequest wire = SignedAcs3();
  std::string good = wire.Header("authorization");
  for (const std::string& bad :
       {std::string("ACS3-HMAC-SHA256"), std::string("ACS3-HMAC-SHA256 Credential=AK"),
        good.substr(0, good.find(",Signature=")),
        good + ",Signature=00",
        good.substr(0, good.find("Credential=")) + "Credential=," +
            good.substr(good.find("SignedHeaders=")),
        good + ",Extra=1", good.substr(0, good.find("SignedHeaders=") + 14) + ";;" +
                                good.substr(good.find("SignedHeaders=") + 14)}) {
    wire.SetHeader("authorization", bad);
    Status s = ParseAndVerify(wire, kSecret);
    EXPECT_EQ(s.rule(), "IncompleteSignature") << bad << " → " << s.ToString();
  }
  wire.SetHeader("authorization", good);
  wire.headers.emplace_back("authorization", good);
  ExpectRefused(wire, "IncompleteSignature", "authorization appears more than once");
}

TEST(IncompleteSignature, UnsupportedAlgorithm) {
  WireRequest wire = SignedAcs3();
  std::string header = wire.Header("authorization");
  wire.SetHeader("authorization", "ACS3-HMAC-SM3" + header.substr(16));
  ExpectRefused(wire, "IncompleteSignature", "unsupported signature algorithm \"ACS3-HMAC-SM3\"");
  wire.SetHeader("authorization", "acs AK:c2lnbmF0dXJl");  // ROA v1
  ExpectRefused(wire, "IncompleteSignature", "unsupported signature algorithm \"acs\"");
  ExpectRefused(V1With("SignatureMethod", "HMAC-SM3"), "IncompleteSignature",
                "unsupported SignatureMethod \"HMAC-SM3\"");
  ExpectRefused(V1With("SignatureVersion", "2.0"), "IncompleteSignature",
                "unsupported SignatureVersion");
}

TEST(IncompleteSignature, RequiredAcs3HeaderMissing) {
  for (const char* name : {"x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256",
                           "host"}) {
    WireRequest wire = SignedAcs3();
    wire.RemoveHeader(name);
    ExpectRefused(wire, "IncompleteSignature", std::string("missing required header ") + name);
  }
  WireRequest repeated = SignedAcs3();
  repeated.headers.emplace_back("x-acs-signature-nonce", "nonce-2");
  ExpectRefused(repeated, "IncompleteSignature", "x-acs-signature-nonce appears more than once");
}

TEST(IncompleteSignature, RequiredV1ParameterMissing) {
  for (const char* name : {"Timestamp", "SignatureNonce", "AccessKeyId", "SignatureMethod"}) {
    ExpectRefused(V1With(name, std::nullopt), "IncompleteSignature",
                  std::string("missing required parameter ") + name);
  }
  ExpectRefused(V1With("Signature", ""), "IncompleteSignature",
                "missing required parameter Signature");
  WireRequest twice = SignedV1();
  twice.raw_query += "&SignatureNonce=other";
  ExpectRefused(twice, "IncompleteSignature", "SignatureNonce appears more than once");
}

TEST(IncompleteSignature, SignedHeaderAbsentFromTheRequest) {
  WireRequest wire = SignedAcs3();
  wire.RemoveHeader("content-type");
  ExpectRefused(wire, "IncompleteSignature", "signed header content-type is absent");
}

TEST(IncompleteSignature, SignedHeadersMustCoverHostAndEveryAcsHeader) {
  WireRequest added = SignedAcs3();
  added.headers.emplace_back("x-acs-security-token", "injected");  // added after signing
  ExpectRefused(added, "IncompleteSignature", "does not cover the header x-acs-security-token");

  WireRequest no_host = SignedAcs3();
  std::string header = no_host.Header("authorization");
  header.replace(header.find("host;"), 5, "");
  no_host.SetHeader("authorization", header);
  ExpectRefused(no_host, "IncompleteSignature", "does not cover the header host");
}

TEST(IncompleteSignature, AccessKeyHeaderContradictsCredential) {
  OutgoingRequest request{"POST", "/", {}, {{"host", "h"}}, ""};
  SignAcs3(request, "STS.AK", kSecret, "n", "2025-01-01T00:00:00Z", "token");
  WireRequest wire = WireRequest::From(request);
  wire.SetHeader("x-acs-accesskey-id", "OTHER");
  ExpectRefused(wire, "IncompleteSignature", "x-acs-accesskey-id does not match");
}

TEST(IncompleteSignature, MalformedQueryEscape) {
  WireRequest acs3 = SignedAcs3();
  acs3.raw_query += "&bad=%zz";
  ExpectRefused(acs3, "IncompleteSignature", "malformed %-escape");
  WireRequest v1 = SignedV1();
  v1.raw_query += "&bad=%4";
  ExpectRefused(v1, "IncompleteSignature", "malformed %-escape");
}

TEST(SignatureDoesNotMatch, MessageCarriesTheServerStringToSign) {
  const std::string prefix =
      "Specified signature is not matched with our calculation. server string to sign is:";
  for (WireRequest wire : {SignedAcs3(), SignedV1()}) {
    HttpRequestView view = wire.View();
    StatusOr<SignatureClaim> claim = ParseSignature(view);
    ASSERT_TRUE(claim.ok()) << claim.status().ToString();
    Status s = VerifySignature(*claim, view, "wrong-secret");
    EXPECT_EQ(s.rule(), "SignatureDoesNotMatch");
    EXPECT_EQ(s.message(), prefix + StringToSign(*claim, view));
    EXPECT_EQ(HttpStatusForAuthError(s.rule()), 400);
  }
}

TEST(SignatureDoesNotMatch, TamperedRequestParts) {
  WireRequest query = SignedAcs3();
  query.raw_query = "UserName=mallory";
  ExpectRefused(query, "SignatureDoesNotMatch", "server string to sign is:ACS3-HMAC-SHA256\n");
  WireRequest method = SignedAcs3();
  method.method = "GET";
  ExpectRefused(method, "SignatureDoesNotMatch", "server string to sign is:");
  WireRequest header = SignedAcs3();
  header.SetHeader("x-acs-action", "DeleteUser");
  ExpectRefused(header, "SignatureDoesNotMatch", "server string to sign is:");
  WireRequest signature = SignedAcs3();
  std::string auth = signature.Header("authorization");
  auth.back() = auth.back() == '0' ? '1' : '0';
  signature.SetHeader("authorization", auth);
  ExpectRefused(signature, "SignatureDoesNotMatch", "server string to sign is:");
  WireRequest v1 = SignedV1();
  v1.raw_query.replace(v1.raw_query.find("UserName=a"), 10, "UserName=b");
  ExpectRefused(v1, "SignatureDoesNotMatch", "server string to sign is:POST&%2F&");
}

TEST(InvalidContentSha256, TamperedBody) {
  WireRequest wire = SignedAcs3("original body");
  EXPECT_TRUE(ParseAndVerify(wire, kSecret).ok());
  wire.body = "tampered body";
  ExpectRefused(wire, "InvalidContentSha256", "x-acs-content-sha256");
  // Checked before the signature: even the right hash of another body is refused as such.
  wire.SetHeader("x-acs-content-sha256", Sha256Hex("yet another body"));
  ExpectRefused(wire, "InvalidContentSha256", "x-acs-content-sha256");
  // Hex case does not matter.
  WireRequest upper = SignedAcs3("original body");
  std::string hash = upper.Header("x-acs-content-sha256");
  for (char& c : hash) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  upper.SetHeader("x-acs-content-sha256", hash);
  EXPECT_EQ(ParseAndVerify(upper, kSecret).rule(), "SignatureDoesNotMatch");  // signed lower
}

TEST(InvalidTimeStampFormat, BadDateOrTimestamp) {
  WireRequest wire = SignedAcs3();
  wire.SetHeader("x-acs-date", "Mon, 01 Jan 2024 00:00:00 GMT");
  ExpectRefused(wire, "InvalidTimeStamp.Format", "x-acs-date");
  ExpectRefused(V1With("Timestamp", "2024-01-01T00:00:00+08:00"), "InvalidTimeStamp.Format",
                "Timestamp");
}

TEST(HttpStatusForAuthError, EveryCode) {
  for (const char* code : {"IncompleteSignature", "SignatureDoesNotMatch", "InvalidContentSha256",
                           "InvalidTimeStamp.Format", "InvalidTimeStamp.Expired",
                           "SignatureNonceUsed", "InvalidSecurityToken.Expired",
                           "InvalidSecurityToken.Malformed"}) {
    EXPECT_EQ(HttpStatusForAuthError(code), 400) << code;
  }
  EXPECT_EQ(HttpStatusForAuthError("InvalidAccessKeyId.NotFound"), 404);
  EXPECT_EQ(HttpStatusForAuthError("InvalidAccessKeyId.Inactive"), 403);
  EXPECT_EQ(HttpStatusForAuthError("Throttling.NonceCache"), 429);
}

// Random requests built from the pieces a signature is made of. Parsing and verification must
// return a Status with one of the documented rules, and never crash, read out of bounds or
// overflow (the sanitizer build checks the last two).
TEST(SignatureFuzz, RandomHeaderSoupNeverCrashes) {
  const std::vector<std::string> names = {
      "authorization", "host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256",
      "x-acs-security-token", "x-acs-accesskey-id", "x-acs-action", "content-type", "x-acs-"};
  const std::vector<std::string> pieces = {
      "ACS3-HMAC-SHA256", " ", "Credential=", "SignedHeaders=", "Signature=", ",", ";", "=",
      "host", "x-acs-date", "AK", "2024-01-01T00:00:00Z", "2024-02-30T00:00:00.999Z", "%", "%2",
      "%zz", "&", "+", "\t", std::string("\0", 1), "\xff", "Signature", "Timestamp",
      "SignatureNonce", "AccessKeyId", "SignatureMethod", "HMAC-SHA1", "application/x-www-form-urlencoded",
      Sha256Hex(""), "acs", "", "9999-12-31T23:59:59Z"};
  const std::set<std::string> rules = {"", "IncompleteSignature", "SignatureDoesNotMatch",
                                       "InvalidContentSha256", "InvalidTimeStamp.Format"};
  std::mt19937 rng(20240101);
  auto soup = [&](int max_pieces) {
    std::string s;
    int n = static_cast<int>(rng() % (max_pieces + 1));
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    return s;
  };
  for (int iteration = 0; iteration < 3000; ++iteration) {
    WireRequest wire = iteration % 3 == 0 ? SignedAcs3() : iteration % 3 == 1 ? SignedV1()
                                                                             : WireRequest();
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      switch (rng() % 4) {
        case 0: wire.headers.emplace_back(names[rng() % names.size()], soup(6)); break;
        case 1: wire.SetHeader(names[rng() % names.size()], soup(8)); break;
        case 2: wire.raw_query = soup(10); break;
        default: wire.body = soup(5); break;
      }
    }
    HttpRequestView view = wire.View();
    StatusOr<SignatureClaim> claim = ParseSignature(view);
    if (!claim.ok()) {
      ASSERT_TRUE(rules.count(claim.status().rule())) << claim.status().ToString();
      continue;
    }
    StringToSign(*claim, view);
    Status s = VerifySignature(*claim, view, kSecret);
    ASSERT_TRUE(rules.count(s.rule())) << s.ToString();
  }
}

}  // namespace
}  // namespace paiam::auth
