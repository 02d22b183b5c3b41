// tests/auth — hashing, HMAC, Base64, randomness and the constant-time compare (auth/crypto.h),
// against published test vectors (FIPS 180-2, RFC 2202, RFC 4231, RFC 4648).
#include "auth/crypto.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace paiam::auth {
namespace {

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(std::string("a\0b", 3)), Sha256Hex(std::string("a\0b", 3)));
  EXPECT_NE(Sha256Hex(std::string("a\0b", 3)), Sha256Hex("a"));
}

TEST(HmacSha256Hex, Rfc4231Case2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256Hex, EmptyKeyAndMessage) {
  EXPECT_EQ(HmacSha256Hex("", ""),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HmacSha1Base64, Rfc2202Case2) {
  // effcdf6ae5eb2fa2d27416d5f184df9c259a7c79 in Base64.
  EXPECT_EQ(HmacSha1Base64("Jefe", "what do ya want for nothing?"), "7/zfauXrL6LSdBbV8YTfnCWafHk=");
}

TEST(Base64, Rfc4648Vectors) {
  const std::map<std::string, std::string> vectors = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    std::optional<std::string> decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Base64, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n <= all.size(); n += 37) {
    std::string part = all.substr(0, n);
    EXPECT_EQ(Base64Decode(Base64Encode(part)), part);
  }
}

TEST(Base64, DecodeRefusesNonCanonicalText) {
  for (const char* bad : {"Zg=", "Zg", "Z===", "====", "Zm9v\n", "Zm 9", "Zh==", "Zm9=",
                          "Zg==Zg==", "Zm-v", "Zm_v", "=Zm9"}) {
    EXPECT_FALSE(Base64Decode(bad).has_value()) << bad;
  }
}

TEST(RandomBytes, LengthAndUnpredictability) {
  EXPECT_EQ(RandomBytes(0), "");
  std::string a = RandomBytes(32), b = RandomBytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(RandomAlnum, AlphabetAndSpread) {
  EXPECT_EQ(RandomAlnum(0), "");
  std::string s = RandomAlnum(62 * 200);
  ASSERT_EQ(s.size(), 62u * 200);
  std::map<char, int> counts;
  for (char c : s) {
    ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << static_cast<int>(c);
    ++counts[c];
  }
  EXPECT_EQ(counts.size(), 62u);  // every character occurs
  for (const auto& [c, n] : counts) {
    EXPECT_GT(n, 100) << c;  // expected 200 each; a bias of 2x would show
    EXPECT_LT(n, 320) << c;
  }
  EXPECT_NE(RandomAlnum(24), RandomAlnum(24));
}

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abd", "xbd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));     // a prefix is not equal
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals("ab", "abc"));     // and no read past the shorter one
  EXPECT_TRUE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace paiam::auth
