// tests/auth — RFC 3986 percent-encoding, decoding and query parsing (auth/canonical.h).
#include "auth/canonical.h"

#include <gtest/gtest.h>

namespace paiam::auth {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(PercentEncode, Rfc3986LikePythonQuoteSafeTilde) {
  EXPECT_EQ(PercentEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(PercentEncode("Alice (dev)"), "Alice%20%28dev%29");
  EXPECT_EQ(PercentEncode("!'()*"), "%21%27%28%29%2A");
  EXPECT_EQ(PercentEncode("a+b=c&d/e:f"), "a%2Bb%3Dc%26d%2Fe%3Af");
  EXPECT_EQ(PercentEncode("\xE4\xB8\xAD"), "%E4%B8%AD");  // UTF-8 bytes, upper-case hex
  EXPECT_EQ(PercentEncode(std::string("\0", 1)), "%00");
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(PercentDecode, DecodesEitherCaseAndPlus) {
  EXPECT_EQ(PercentDecode("Alice%20%28dev%29", false), "Alice (dev)");
  EXPECT_EQ(PercentDecode("%e4%B8%ad", false), "\xE4\xB8\xAD");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");
  EXPECT_EQ(PercentDecode("!'()*", true), "!'()*");  // Node leaves these raw
}

TEST(PercentDecode, RefusesBadEscapes) {
  for (const char* bad : {"%", "%2", "a%2", "%zz", "%2g", "%%20", "abc%"}) {
    EXPECT_FALSE(PercentDecode(bad, true).has_value()) << bad;
  }
}

TEST(PercentEncode, DecodeInvertsEncodeForEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(PercentDecode(PercentEncode(all), true), all);
}

TEST(ParseQuery, PairsInOrder) {
  EXPECT_EQ(ParseQuery("b=2&a=1&b=0", false), (Pairs{{"b", "2"}, {"a", "1"}, {"b", "0"}}));
  EXPECT_EQ(ParseQuery("", false), Pairs{});
  EXPECT_EQ(ParseQuery("flag&x=&=v", false), (Pairs{{"flag", ""}, {"x", ""}, {"", "v"}}));
  EXPECT_EQ(ParseQuery("a=1&&b=2&", false), (Pairs{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(ParseQuery("k=a=b", false), (Pairs{{"k", "a=b"}}));
  EXPECT_EQ(ParseQuery("Display%20Name=Alice+(dev)", true),
            (Pairs{{"Display Name", "Alice (dev)"}}));
  EXPECT_EQ(ParseQuery("Display%20Name=Alice+(dev)", false),
            (Pairs{{"Display Name", "Alice+(dev)"}}));
}

TEST(ParseQuery, RefusesBadEscapeInKeyOrValue) {
  EXPECT_FALSE(ParseQuery("a=1&b=%G0", true).has_value());
  EXPECT_FALSE(ParseQuery("a%=1", true).has_value());
}

}  // namespace
}  // namespace paiam::auth
