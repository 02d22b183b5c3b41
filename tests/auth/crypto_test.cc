// tests/auth — hashing, HMAC, Base64, randomness and the constant-time compare (auth/crypto.h),
// against published test vectors (FIPS 180-2, RFC 2202, RFC 4231, RFC 4648).
#include "auth/crypto.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

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

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

// OpenSSL's own one-shot HMAC: the reference the hand-written RFC 2104 HMAC must match.
std::string OpenSslHmac(const EVP_MD* md, std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  static const unsigned char kEmpty[1] = {0};
  auto bytes = [](std::string_view s) {
    return s.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(s.data());
  };
  EXPECT_NE(HMAC(md, bytes(key), static_cast<int>(key.size()), bytes(message), message.size(),
                 out, &len),
            nullptr);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Hex(std::string_view bytes) {
  std::string out(2 * bytes.size(), '?');
  HexEncode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out.data());
  return out;
}

struct MacVector {
  std::string key, message, expected_hex;
};

// RFC 4231 §4.2–4.8, all seven cases (case 5's truncated output compared on its 16 bytes).
TEST(HmacSha256Hex, Rfc4231AllCases) {
  const std::string aa131(131, '\xaa');
  const std::vector<MacVector> vectors = {
      {std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {Unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {std::string(20, '\x0c'), "Test With Truncation", "a3b6167473100ee06e0c796c2955552b"},
      {aa131, "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {aa131,
       "This is a test using a larger than block-size key and a larger than block-size data. "
       "The key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (const MacVector& v : vectors) {
    std::string mac = HmacSha256Hex(v.key, v.message);
    EXPECT_EQ(mac.substr(0, v.expected_hex.size()), v.expected_hex) << v.message;
    Sha256Digest raw = HmacSha256(v.key, v.message);
    EXPECT_EQ(Hex(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size())), mac);
  }
}

// RFC 2202 §3, all seven HMAC-SHA1 cases.
TEST(HmacSha1Base64, Rfc2202AllCases) {
  const std::string aa80(80, '\xaa');
  const std::vector<MacVector> vectors = {
      {std::string(20, '\x0b'), "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"},
      {"Jefe", "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'),
       "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
      {Unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'),
       "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
      {std::string(20, '\x0c'), "Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
      {aa80, "Test Using Larger Than Block-Size Key - Hash Key First",
       "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
      {aa80, "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
       "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
  };
  for (const MacVector& v : vectors) {
    std::string raw = Unhex(v.expected_hex);
    EXPECT_EQ(HmacSha1Base64(v.key, v.message), Base64Encode(raw)) << v.message;
    Sha1Digest digest = HmacSha1(v.key, v.message);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(digest.data()), digest.size()), raw);
  }
}

// Every key length around the block size (64) and messages of several lengths, against
// OpenSSL's HMAC, byte for byte.
TEST(Hmac, MatchesOpenSslForEveryKeyLength) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes += static_cast<char>((i * 151 + 7) & 0xFF);
  for (size_t key_len = 0; key_len <= 140; ++key_len) {
    for (size_t msg_len : {0, 1, 55, 56, 63, 64, 65, 119, 200}) {
      std::string_view key(bytes.data(), key_len), msg(bytes.data() + 50, msg_len);
      Sha256Digest mac256 = HmacSha256(key, msg);
      Sha1Digest mac1 = HmacSha1(key, msg);
      ASSERT_EQ(std::string(reinterpret_cast<const char*>(mac256.data()), mac256.size()),
                OpenSslHmac(EVP_sha256(), key, msg))
          << key_len << " " << msg_len;
      ASSERT_EQ(std::string(reinterpret_cast<const char*>(mac1.data()), mac1.size()),
                OpenSslHmac(EVP_sha1(), key, msg))
          << key_len << " " << msg_len;
    }
  }
}

TEST(Sha256, RawDigestMatchesHexAndLongInput) {
  std::string million(1'000'000, 'a');  // FIPS 180-2 appendix B.3
  EXPECT_EQ(Sha256Hex(million), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  Sha256Digest raw = Sha256("abc");
  EXPECT_EQ(Hex(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size())),
            Sha256Hex("abc"));
}

// Each thread has its own digest context: concurrent hashing and HMAC give the same results.
TEST(Sha256, ThreadsDoNotShareState) {
  const std::string expected_sha = Sha256Hex("abc");
  const std::string expected_mac = HmacSha256Hex("Jefe", "what do ya want for nothing?");
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        if (Sha256Hex("abc") != expected_sha) ++failures[t];
        if (HmacSha256Hex("Jefe", "what do ya want for nothing?") != expected_mac) ++failures[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

TEST(Base64, EncodeToMatchesEncode) {
  std::string all;
  for (int i = 0; i < 64; ++i) all += static_cast<char>(i * 3);
  for (size_t n = 0; n <= all.size(); ++n) {
    char buf[96];
    size_t len = Base64EncodeTo(std::string_view(all.data(), n), buf);
    EXPECT_EQ(len, (n + 2) / 3 * 4);
    EXPECT_EQ(std::string(buf, len), Base64Encode(all.substr(0, n)));
  }
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
