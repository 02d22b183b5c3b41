// STS tokens: sealing round-trips every field, anything but an untouched token of this key is
// Malformed, and the session cache compiles a session policy once per token, within bounds.
#include "api/sts_token.h"

#include <gtest/gtest.h>

namespace paiam::api {
namespace {

StsToken Sample() {
  StsToken t;
  t.account_id = "1000000000000001";
  t.role_name = "reader";
  t.role_id = "300000000000000001";
  t.session_name = "alice@build.42";
  t.issued_ms = 1'700'000'000'000;
  t.expires_ms = 1'700'003'600'000;
  t.access_key_id = NewStsAccessKeyId();
  t.access_key_secret = NewStsAccessKeySecret();
  t.policy = R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*"}]})";
  t.source_identity = "alice";
  return t;
}

const auth::SecretBox kBox = auth::SecretBox::FromKey(std::string(32, 'k'));

TEST(StsTokenTest, SealAndOpenRoundTrip) {
  StsToken t = Sample();
  std::string text = SealStsToken(kBox, t);
  EXPECT_EQ(text.rfind("PAIAM1.", 0), 0u);
  EXPECT_EQ(text.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.", 0),
            std::string::npos);  // safe in a header and in a query without escaping
  EXPECT_EQ(text.find(t.access_key_secret), std::string::npos);
  auto opened = OpenStsToken(kBox, text);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->account_id, t.account_id);
  EXPECT_EQ(opened->role_name, t.role_name);
  EXPECT_EQ(opened->role_id, t.role_id);
  EXPECT_EQ(opened->session_name, t.session_name);
  EXPECT_EQ(opened->issued_ms, t.issued_ms);
  EXPECT_EQ(opened->expires_ms, t.expires_ms);
  EXPECT_EQ(opened->access_key_id, t.access_key_id);
  EXPECT_EQ(opened->access_key_secret, t.access_key_secret);
  EXPECT_EQ(opened->policy, t.policy);
  EXPECT_EQ(opened->source_identity, t.source_identity);
}

TEST(StsTokenTest, KeysHaveTheirShape) {
  std::string id = NewStsAccessKeyId();
  EXPECT_TRUE(IsStsAccessKeyId(id));
  EXPECT_EQ(id.size(), 28u);
  EXPECT_NE(id, NewStsAccessKeyId());
  EXPECT_FALSE(IsStsAccessKeyId("LTAIabc"));
  EXPECT_EQ(NewStsAccessKeySecret().size(), 40u);
}

TEST(StsTokenTest, AnythingElseIsMalformed) {
  std::string text = SealStsToken(kBox, Sample());
  std::string flipped = text;
  flipped[20] = flipped[20] == 'a' ? 'b' : 'a';
  std::string sealed_secret = kBox.Seal("someAccessKeySecret");  // sealed, but not a token
  std::string as_token = "PAIAM1." + sealed_secret.substr(3);
  for (char& c : as_token) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (as_token.back() == '=') as_token.pop_back();
  const std::string bad[] = {
      "",
      "CAIS1234",
      "PAIAM1.",
      "PAIAM1.!!!!",
      "PAIAM1.abc=",
      text.substr(0, text.size() - 4),
      flipped,
      as_token,
      std::string(17 * 1024, 'A'),
  };
  for (const std::string& t : bad) {
    auto opened = OpenStsToken(kBox, t);
    ASSERT_FALSE(opened.ok()) << t.substr(0, 40);
    EXPECT_EQ(opened.status().rule(), "InvalidSecurityToken.Malformed");
  }
  auto other = OpenStsToken(auth::SecretBox::FromKey(std::string(32, 'o')), text);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().rule(), "InvalidSecurityToken.Malformed");
}

TEST(StsTokenTest, SessionCompilesThePolicyOnceAndNamesTheSession) {
  StsSessionCache cache;
  std::string text = SealStsToken(kBox, Sample());
  auto first = cache.Open(kBox, text);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = cache.Open(kBox, text);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->get(), second->get());
  EXPECT_EQ(cache.size(), 1u);
  const StsSession& s = **first;
  EXPECT_EQ(s.CallerArn(), "acs:ram::1000000000000001:assumed-role/reader/alice@build.42");
  EXPECT_EQ(s.DisplayName(), "reader:alice@build.42");
  ASSERT_NE(s.policy, nullptr);
  policy::Request get{"ram:GetUser", "acs:ram::1000000000000001:user/bob", {}, {}};
  policy::Request list{"ram:ListUsers", "acs:ram::1000000000000001:user/*", {}, {}};
  EXPECT_EQ(s.policy->Evaluate(get, nullptr), policy::Decision::kAllow);
  EXPECT_EQ(s.policy->Evaluate(list, nullptr), policy::Decision::kImplicitDeny);
  EXPECT_EQ(s.policy->policy({}).name, kSessionPolicyName);

  StsToken plain = Sample();
  plain.policy.clear();
  auto without = cache.Open(kBox, SealStsToken(kBox, plain));
  ASSERT_TRUE(without.ok());
  EXPECT_EQ((*without)->policy, nullptr);
}

TEST(StsTokenTest, CacheIsBoundedAndRefusesBadTokens) {
  StsSessionCache cache(3);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(cache.Open(kBox, SealStsToken(kBox, Sample())).ok());
    EXPECT_LE(cache.size(), 3u);
  }
  auto bad = cache.Open(kBox, "PAIAM1.AAAA");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().rule(), "InvalidSecurityToken.Malformed");
  EXPECT_EQ(cache.size(), 3u);
}

TEST(StsTokenTest, AnInvalidSessionPolicyIsMalformed) {
  auto compiled = CompileSessionPolicy(R"({"Version":"1","Statement":[{"Effect":"Allow"}]})");
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.status().rule(), "InvalidSecurityToken.Malformed");
}

}  // namespace
}  // namespace paiam::api
