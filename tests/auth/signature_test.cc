// tests/auth — request signatures that must verify: the spec's two worked examples byte for byte
// (spec/alibaba-api.md §1.4 and §1.5), then sign → parse → verify round trips for the request
// shapes the SDKs send (RPC, ROA with an encoded path, Node's raw !'()*, v1 form bodies, STS
// tokens), and the ISO 8601 timestamps.
#include "auth/signature.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "auth/crypto.h"
#include "auth_test_util.h"

namespace paiam::auth {
namespace {

using testing::ParseAndVerify;
using testing::WireRequest;

constexpr char kAk[] = "AKID_EXAMPLE";
constexpr char kSecret[] = "SECRET_EXAMPLE";
constexpr char kEmptyHash[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kExampleSignature[] =
    "a06ee8da3ffd11d0fa484751af03f7e8a2f8fc1fcc2d85246864e4ce62724804";
constexpr char kExampleSignedHeaders[] =
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";

// §1.4's request as Node puts it on the wire: querystring leaves '(' and ')' raw.
WireRequest Acs3Example() {
  WireRequest wire;
  wire.raw_query = "UserName=alice&DisplayName=Alice%20(dev)";
  wire.headers = {{"host", "ram.example.local:8080"},
                  {"x-acs-action", "CreateUser"},
                  {"x-acs-version", "2015-05-01"},
                  {"x-acs-date", "2024-01-01T00:00:00Z"},
                  {"x-acs-signature-nonce", "nonce-0001"},
                  {"x-acs-content-sha256", kEmptyHash},
                  {"accept", "application/json"},
                  {"authorization", std::string("ACS3-HMAC-SHA256 Credential=AKID_EXAMPLE,") +
                                        "SignedHeaders=" + kExampleSignedHeaders +
                                        ",Signature=" + kExampleSignature}};
  return wire;
}

TEST(Acs3WorkedExample, ReproducesTheSpecByteForByte) {
  WireRequest wire = Acs3Example();
  HttpRequestView view = wire.View();
  StatusOr<SignatureClaim> claim = ParseSignature(view);
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_EQ(claim->scheme, Scheme::kAcs3HmacSha256);
  EXPECT_EQ(claim->access_key_id, kAk);
  EXPECT_EQ(claim->nonce, "nonce-0001");
  EXPECT_EQ(claim->timestamp_ms, 1'704'067'200'000);
  EXPECT_EQ(claim->action, "CreateUser");
  EXPECT_EQ(claim->version, "2015-05-01");
  EXPECT_EQ(claim->security_token, "");
  const std::string expected_canonical =
      "POST\n"
      "/\n"
      "DisplayName=Alice%20%28dev%29&UserName=alice\n"
      "host:ram.example.local:8080\n"
      "x-acs-action:CreateUser\n"
      "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-acs-date:2024-01-01T00:00:00Z\n"
      "x-acs-signature-nonce:nonce-0001\n"
      "x-acs-version:2015-05-01\n"
      "\n"
      "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  EXPECT_EQ(CanonicalRequest(*claim, view), expected_canonical);
  EXPECT_EQ(Sha256Hex(expected_canonical),
            "13db1777da5c23cf8444a4b55d85e19804907b5a5a24ea0eb9dd197cb32705a2");
  std::string string_to_sign = StringToSign(*claim, view);
  EXPECT_EQ(string_to_sign,
            "ACS3-HMAC-SHA256\n13db1777da5c23cf8444a4b55d85e19804907b5a5a24ea0eb9dd197cb32705a2");
  EXPECT_EQ(HmacSha256Hex(kSecret, string_to_sign), kExampleSignature);
  EXPECT_TRUE(VerifySignature(*claim, view, kSecret).ok());
}

TEST(Acs3WorkedExample, SignAcs3ProducesTheSdkHeader) {
  OutgoingRequest request{"POST", "/", {{"UserName", "alice"}, {"DisplayName", "Alice (dev)"}},
                          {{"host", "ram.example.local:8080"},
                           {"x-acs-action", "CreateUser"},
                           {"x-acs-version", "2015-05-01"},
                           {"accept", "application/json"}},
                          ""};
  SignAcs3(request, kAk, kSecret, "nonce-0001", "2024-01-01T00:00:00Z");
  WireRequest wire = WireRequest::From(request);
  EXPECT_EQ(wire.Header("x-acs-content-sha256"), kEmptyHash);
  EXPECT_EQ(wire.Header("authorization"),
            std::string("ACS3-HMAC-SHA256 Credential=AKID_EXAMPLE,SignedHeaders=") +
                kExampleSignedHeaders + ",Signature=" + kExampleSignature);
  EXPECT_EQ(wire.Header("x-acs-security-token"), "");
  EXPECT_EQ(wire.Header("x-acs-accesskey-id"), "");
  EXPECT_TRUE(ParseAndVerify(wire, kSecret).ok());
}

// §1.5's parameters with their Signature, as an SDK sends them (query string, POST /).
WireRequest RpcV1Example() {
  WireRequest wire;
  wire.raw_query =
      "Action=GetUser&Format=json&Version=2015-05-01&Timestamp=2024-01-01T00%3A00%3A00Z"
      "&SignatureNonce=nonce-0001&UserName=alice&SignatureMethod=HMAC-SHA1"
      "&SignatureVersion=1.0&AccessKeyId=AKID_EXAMPLE&Signature=rsq32mEoR9rup0aP4WcV5I6n2L4%3D";
  wire.headers = {{"host", "sts.example.local"}};
  return wire;
}

TEST(RpcV1WorkedExample, ReproducesTheSpecSignature) {
  WireRequest wire = RpcV1Example();
  HttpRequestView view = wire.View();
  StatusOr<SignatureClaim> claim = ParseSignature(view);
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_EQ(claim->scheme, Scheme::kRpcV1HmacSha1);
  EXPECT_EQ(claim->access_key_id, kAk);
  EXPECT_EQ(claim->nonce, "nonce-0001");
  EXPECT_EQ(claim->timestamp_ms, 1'704'067'200'000);
  EXPECT_EQ(claim->action, "GetUser");
  EXPECT_EQ(claim->version, "2015-05-01");
  EXPECT_EQ(claim->provided_signature, "rsq32mEoR9rup0aP4WcV5I6n2L4=");
  std::string string_to_sign = StringToSign(*claim, view);
  EXPECT_EQ(string_to_sign,
            "POST&%2F&AccessKeyId%3DAKID_EXAMPLE%26Action%3DGetUser%26Format%3Djson"
            "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dnonce-0001"
            "%26SignatureVersion%3D1.0%26Timestamp%3D2024-01-01T00%253A00%253A00Z"
            "%26UserName%3Dalice%26Version%3D2015-05-01");
  EXPECT_EQ(HmacSha1Base64(std::string(kSecret) + "&", string_to_sign),
            "rsq32mEoR9rup0aP4WcV5I6n2L4=");
  EXPECT_TRUE(VerifySignature(*claim, view, kSecret).ok());
}

TEST(RpcV1WorkedExample, SignRpcV1MatchesWithTheSameParameters) {
  OutgoingRequest request{"POST", "/",
                          {{"Action", "GetUser"}, {"Version", "2015-05-01"},
                           {"UserName", "alice"}},
                          {{"host", "sts.example.local"}}, ""};
  SignRpcV1(request, kAk, kSecret, "nonce-0001", "2024-01-01T00:00:00Z");
  // SignRpcV1 sends Format=JSON (as @alicloud/credentials does); with json the spec's value.
  for (auto& [key, value] : request.query) {
    if (key == "Format") value = "json";
  }
  std::erase_if(request.query, [](const auto& kv) { return kv.first == "Signature"; });
  SignatureClaim claim;
  claim.scheme = Scheme::kRpcV1HmacSha1;
  WireRequest wire = WireRequest::From(request);
  EXPECT_EQ(HmacSha1Base64(std::string(kSecret) + "&", StringToSign(claim, wire.View())),
            "rsq32mEoR9rup0aP4WcV5I6n2L4=");
}

TEST(SignatureRoundTrip, Acs3RpcCall) {
  OutgoingRequest request{"POST", "/", {{"UserName", "bob"}, {"Tag", R"([{"Key":"k"}])"}},
                          {{"Host", "127.0.0.1:8080"}, {"x-acs-action", "CreateUser"},
                           {"x-acs-version", "2015-05-01"}, {"user-agent", "test"}},
                          ""};
  SignAcs3(request, "AK1", "s3cr3t", "n-1", "2025-06-30T12:34:56Z");
  WireRequest wire = WireRequest::From(request);
  EXPECT_EQ(wire.Header("host"), "127.0.0.1:8080");  // names are lower-cased when signing
  StatusOr<SignatureClaim> claim = ParseSignature(wire.View());
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_EQ(claim->access_key_id, "AK1");
  EXPECT_EQ(claim->nonce, "n-1");
  EXPECT_EQ(claim->timestamp_ms, *ParseIso8601("2025-06-30T12:34:56Z"));
  EXPECT_EQ(claim->action, "CreateUser");
  EXPECT_TRUE(VerifySignature(*claim, wire.View(), "s3cr3t").ok());
  EXPECT_EQ(VerifySignature(*claim, wire.View(), "s3cr3T").rule(), "SignatureDoesNotMatch");
}

TEST(SignatureRoundTrip, Acs3RoaPathWithEncodedSpaceAndJsonBody) {
  OutgoingRequest request{"PUT", "/api/v1/workspaces/12%203/members",
                          {{"Verbose", "true"}},
                          {{"host", "aiworkspace.local"},
                           {"content-type", "application/json; charset=utf-8"},
                           {"x-acs-action", "UpdateMember"},
                           {"x-acs-version", "2021-02-04"}},
                          R"({"Roles":["PAI.AlgoDeveloper"]})"};
  SignAcs3(request, "AK1", "s3cr3t", "n-2", "2025-06-30T12:34:56Z");
  WireRequest wire = WireRequest::From(request);
  EXPECT_NE(wire.Header("authorization").find("SignedHeaders=content-type;host;x-acs-"),
            std::string::npos);
  StatusOr<SignatureClaim> claim = ParseSignature(wire.View());
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_EQ(CanonicalRequest(*claim, wire.View()).substr(0, 38),
            "PUT\n/api/v1/workspaces/12%203/members\n");
  EXPECT_TRUE(VerifySignature(*claim, wire.View(), "s3cr3t").ok());
  WireRequest decoded_path = wire;  // the server must not decode the path before signing
  decoded_path.raw_path = "/api/v1/workspaces/12 3/members";
  EXPECT_EQ(ParseAndVerify(decoded_path, "s3cr3t").rule(), "SignatureDoesNotMatch");
}

TEST(SignatureRoundTrip, NodeRawSubDelimsAreReEncoded) {
  const std::string value = "a!b'c(d)e*f g~h";
  OutgoingRequest request{"POST", "/", {{"Name", value}},
                          {{"host", "h"}, {"x-acs-action", "A"}, {"x-acs-version", "1"}}, ""};
  SignAcs3(request, "AK", "sk", "n", "2025-01-01T00:00:00Z");
  EXPECT_EQ(request.EncodedQuery(), "Name=a%21b%27c%28d%29e%2Af%20g~h");
  WireRequest wire = WireRequest::From(request);
  wire.raw_query = "Name=a!b'c(d)e*f%20g~h";  // what Node's querystring.stringify sends
  EXPECT_TRUE(ParseAndVerify(wire, "sk").ok());
  wire.raw_query = "Name=a!b'c(d)e*f+g%7Eh";  // '+' for space, '~' escaped: same values
  EXPECT_TRUE(ParseAndVerify(wire, "sk").ok());

  OutgoingRequest v1{"GET", "/", {{"Action", "GetUser"}, {"Version", "2015-05-01"},
                                  {"UserName", value}}, {{"host", "h"}}, ""};
  SignRpcV1(v1, "AK", "sk", "n", "2025-01-01T00:00:00Z");
  WireRequest v1_wire = WireRequest::From(v1);
  size_t at = v1_wire.raw_query.find("a%21b%27c%28d%29e%2A");
  ASSERT_NE(at, std::string::npos);
  v1_wire.raw_query.replace(at, 20, "a!b'c(d)e*");
  EXPECT_TRUE(ParseAndVerify(v1_wire, "sk").ok());
}

TEST(SignatureRoundTrip, RpcV1WithBusinessParametersInAFormBody) {
  OutgoingRequest request{"POST", "/", {{"Action", "AssumeRole"}, {"Version", "2015-04-01"}},
                          {{"host", "sts.local"},
                           {"content-type", "application/x-www-form-urlencoded"}},
                          "RoleArn=acs%3Aram%3A%3A123%3Arole%2Fdev&RoleSessionName=s+1"
                          "&DurationSeconds=3600&Policy=%7B%22Version%22%3A%221%22%7D"};
  SignRpcV1(request, "AK", "sk", "n-3", "2025-01-01T00:00:00Z");
  WireRequest wire = WireRequest::From(request);
  StatusOr<SignatureClaim> claim = ParseSignature(wire.View());
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_EQ(claim->action, "AssumeRole");
  std::string string_to_sign = StringToSign(*claim, wire.View());
  EXPECT_NE(string_to_sign.find("RoleSessionName%3Ds%25201"), std::string::npos)
      << string_to_sign;  // the body's parameters are signed, '+' read as space
  EXPECT_TRUE(VerifySignature(*claim, wire.View(), "sk").ok());
  WireRequest tampered = wire;
  tampered.body.replace(tampered.body.find("3600"), 4, "43200");
  EXPECT_EQ(ParseAndVerify(tampered, "sk").rule(), "SignatureDoesNotMatch");
  WireRequest not_a_form = wire;  // a JSON body is not part of a v1 signature
  not_a_form.SetHeader("content-type", "application/json");
  EXPECT_EQ(ParseAndVerify(not_a_form, "sk").rule(), "SignatureDoesNotMatch");
}

TEST(SignatureRoundTrip, StsTokenInBothSchemes) {
  OutgoingRequest acs3{"POST", "/", {}, {{"host", "h"}, {"x-acs-action", "GetCallerIdentity"},
                                         {"x-acs-version", "2015-04-01"}}, ""};
  SignAcs3(acs3, "STS.AK", "sk", "n", "2025-01-01T00:00:00Z", "CAIS-token==");
  WireRequest wire = WireRequest::From(acs3);
  EXPECT_EQ(wire.Header("x-acs-security-token"), "CAIS-token==");
  EXPECT_EQ(wire.Header("x-acs-accesskey-id"), "STS.AK");
  StatusOr<SignatureClaim> claim = ParseSignature(wire.View());
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_EQ(claim->security_token, "CAIS-token==");
  EXPECT_TRUE(VerifySignature(*claim, wire.View(), "sk").ok());

  OutgoingRequest v1{"POST", "/", {{"Action", "GetCallerIdentity"}, {"Version", "2015-04-01"}},
                     {{"host", "h"}}, ""};
  SignRpcV1(v1, "STS.AK", "sk", "n", "2025-01-01T00:00:00Z", "CAIS-token==");
  WireRequest v1_wire = WireRequest::From(v1);
  StatusOr<SignatureClaim> v1_claim = ParseSignature(v1_wire.View());
  ASSERT_TRUE(v1_claim.ok()) << v1_claim.status().ToString();
  EXPECT_EQ(v1_claim->security_token, "CAIS-token==");
  EXPECT_TRUE(VerifySignature(*v1_claim, v1_wire.View(), "sk").ok());
}

TEST(SignatureRoundTrip, ResigningReplacesTheOldSignature) {
  OutgoingRequest request{"POST", "/", {}, {{"host", "h"}}, ""};
  SignAcs3(request, "AK", "sk", "n1", "2025-01-01T00:00:00Z");
  SignAcs3(request, "AK", "sk", "n2", "2025-01-01T00:00:01Z");
  WireRequest wire = WireRequest::From(request);
  EXPECT_EQ(wire.Header("x-acs-signature-nonce"), "n2");
  EXPECT_TRUE(ParseAndVerify(wire, "sk").ok());
}

// Python's SDK signs every header it sends; the verifier follows SignedHeaders, trims values
// and joins repeated ones.
TEST(SignatureRoundTrip, FollowsSignedHeadersWhateverTheyList) {
  WireRequest wire = Acs3Example();
  wire.RemoveHeader("authorization");
  wire.headers.emplace_back("user-agent", "  AlibabaCloud (Linux) Python/3.11  ");
  wire.headers.emplace_back("x-acs-meta", "b");
  wire.headers.emplace_back("x-acs-meta", " a ");
  SignatureClaim claim;
  claim.signed_headers = {"accept", "host", "user-agent", "x-acs-action", "x-acs-content-sha256",
                          "x-acs-date", "x-acs-meta", "x-acs-signature-nonce", "x-acs-version"};
  std::string canonical = CanonicalRequest(claim, wire.View());
  EXPECT_NE(canonical.find("\nuser-agent:AlibabaCloud (Linux) Python/3.11\n"), std::string::npos);
  EXPECT_NE(canonical.find("\nx-acs-meta:a,b\n"), std::string::npos);
  std::string signature = HmacSha256Hex(kSecret, StringToSign(claim, wire.View()));
  wire.headers.emplace_back("authorization",
                            "ACS3-HMAC-SHA256 Credential=AKID_EXAMPLE, SignedHeaders=x-acs-meta;"
                            "user-agent;host;accept;x-acs-action;x-acs-content-sha256;x-acs-date;"
                            "x-acs-signature-nonce;x-acs-version, Signature=" + signature);
  EXPECT_TRUE(ParseAndVerify(wire, kSecret).ok());
}

// The verifier reuses per-thread buffers (decoded parameters, canonical text) from one request
// to the next: a large request followed by smaller ones must leave nothing behind, in either
// scheme, and an over-sized buffer is released without changing any result.
TEST(SignatureRoundTrip, ConsecutiveRequestsShareNothing) {
  OutgoingRequest big{"POST", "/", {{"Action", "CreateUser"}, {"Version", "2015-05-01"}},
                      {{"host", "h"}, {"content-type", "application/x-www-form-urlencoded"}},
                      ""};
  for (int i = 0; i < 300; ++i) {
    big.query.emplace_back("P" + std::to_string(i), "v" + std::to_string(i));
  }
  big.body = "Comment=" + std::string(70'000, 'x');
  SignRpcV1(big, "AK", "sk", "n-big", "2025-01-01T00:00:00Z");
  OutgoingRequest small{"GET", "/", {{"Action", "GetUser"}, {"Version", "2015-05-01"}},
                        {{"host", "h"}}, ""};
  SignRpcV1(small, "AK", "sk", "n-small", "2025-01-01T00:00:00Z");
  OutgoingRequest acs3{"POST", "/v1/check", {{"Action", "Check"}, {"Version", "2024-01-01"}},
                       {{"host", "h"}, {"content-type", "application/json"}}, R"({"a":1})"};
  SignAcs3(acs3, "AK", "sk", "n-acs3", "2025-01-01T00:00:00Z");
  const WireRequest wires[] = {WireRequest::From(big), WireRequest::From(small),
                               WireRequest::From(acs3)};
  const std::string expected_to_sign[] = {
      StringToSign(*ParseSignature(wires[0].View()), wires[0].View()),
      StringToSign(*ParseSignature(wires[1].View()), wires[1].View()),
      StringToSign(*ParseSignature(wires[2].View()), wires[2].View())};
  EXPECT_EQ(expected_to_sign[1],
            "GET&%2F&AccessKeyId%3DAK%26Action%3DGetUser%26Format%3DJSON%26SignatureMethod%3D"
            "HMAC-SHA1%26SignatureNonce%3Dn-small%26SignatureVersion%3D1.0%26Timestamp%3D"
            "2025-01-01T00%253A00%253A00Z%26Version%3D2015-05-01");
  for (int round = 0; round < 3; ++round) {
    for (int i : {0, 1, 2, 1, 2, 0, 2}) {
      HttpRequestView view = wires[i].View();
      StatusOr<SignatureClaim> claim = ParseSignature(view);
      ASSERT_TRUE(claim.ok()) << i << ": " << claim.status().ToString();
      EXPECT_EQ(StringToSign(*claim, view), expected_to_sign[i]) << i;
      EXPECT_TRUE(VerifySignature(*claim, view, "sk").ok()) << i;
      EXPECT_EQ(VerifySignature(*claim, view, "other").rule(), "SignatureDoesNotMatch") << i;
    }
  }
  // ACS3 with Action/Version only in the query: read from the query.
  StatusOr<SignatureClaim> claim = ParseSignature(wires[2].View());
  ASSERT_TRUE(claim.ok());
  EXPECT_EQ(claim->action, "Check");
  EXPECT_EQ(claim->version, "2024-01-01");
}

TEST(Iso8601, FormatsAndParses) {
  EXPECT_EQ(FormatIso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIso8601(1'704'067'200'999), "2024-01-01T00:00:00Z");
  EXPECT_EQ(FormatIso8601(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatIso8601(951'782'400'000), "2000-02-29T00:00:00Z");
  EXPECT_EQ(FormatIso8601(std::numeric_limits<int64_t>::max()), "9999-12-31T23:59:59Z");
  EXPECT_EQ(FormatIso8601(std::numeric_limits<int64_t>::min()), "0000-01-01T00:00:00Z");
  EXPECT_EQ(ParseIso8601("2024-01-01T00:00:00Z"), 1'704'067'200'000);
  EXPECT_EQ(ParseIso8601("2024-01-01T00:00:00.123Z"), 1'704'067'200'123);
  EXPECT_EQ(ParseIso8601("2024-02-29T23:59:59Z"), 1'709'251'199'000);
  EXPECT_EQ(ParseIso8601("1970-01-01T00:00:00Z"), 0);
  for (const char* bad : {"", "2024-01-01", "2024-01-01T00:00:00", "2024-01-01 00:00:00Z",
                          "2024-01-01T00:00:00+08:00", "2024-01-01T00:00:00.1Z",
                          "2024-01-01T00:00:00.1234Z", "2023-02-29T00:00:00Z",
                          "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-04-31T00:00:00Z",
                          "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z",
                          "2024-01-01t00:00:00z", "+024-01-01T00:00:00Z", "2024-01-01T00:00:00ZZ"}) {
    EXPECT_FALSE(ParseIso8601(bad).has_value()) << bad;
  }
}

TEST(Iso8601, RoundTripsWholeSeconds) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    int64_t seconds = static_cast<int64_t>(rng() % 253'402'300'800ULL) - 62'167'219'200LL;
    std::string text = FormatIso8601(seconds * 1000);
    EXPECT_EQ(ParseIso8601(text), seconds * 1000) << text;
  }
}

}  // namespace
}  // namespace paiam::auth
