// Tests for policy/glob.h: `*`/`?` matching, case modes and worst-case behaviour.
#include "policy/glob.h"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace paiam::policy {
namespace {

bool Sensitive(std::string_view pattern, std::string_view text) {
  return GlobMatch(pattern, text, CaseMode::kSensitive);
}
bool Insensitive(std::string_view pattern, std::string_view text) {
  return GlobMatch(pattern, text, CaseMode::kInsensitive);
}

// An obviously correct (exponential) reference matcher for the randomized comparison.
bool ReferenceMatch(std::string_view p, std::string_view t, bool fold) {
  if (p.empty()) return t.empty();
  if (p[0] == '*') {
    for (size_t i = 0; i <= t.size(); ++i) {
      if (ReferenceMatch(p.substr(1), t.substr(i), fold)) return true;
    }
    return false;
  }
  if (t.empty()) return false;
  const bool same = fold ? std::tolower(static_cast<unsigned char>(p[0])) ==
                               std::tolower(static_cast<unsigned char>(t[0]))
                         : p[0] == t[0];
  if (p[0] != '?' && !same) return false;
  return ReferenceMatch(p.substr(1), t.substr(1), fold);
}

TEST(GlobTest, EmptyPatternAndText) {
  EXPECT_TRUE(Sensitive("", ""));
  EXPECT_FALSE(Sensitive("", "a"));
  EXPECT_FALSE(Sensitive("a", ""));
  EXPECT_TRUE(Sensitive("*", ""));
  EXPECT_TRUE(Sensitive("**", ""));
  EXPECT_FALSE(Sensitive("?", ""));
  EXPECT_FALSE(Sensitive("*?", ""));
  EXPECT_TRUE(Sensitive(std::string_view(), std::string_view()));
  EXPECT_FALSE(Sensitive(std::string_view(), "a"));
  EXPECT_FALSE(Insensitive(std::string_view(), "a"));
  EXPECT_TRUE(Insensitive("*", std::string_view()));
}

TEST(GlobTest, LiteralPatterns) {
  EXPECT_TRUE(Sensitive("ecs:DescribeInstances", "ecs:DescribeInstances"));
  EXPECT_FALSE(Sensitive("ecs:DescribeInstances", "ecs:DescribeInstance"));
  EXPECT_FALSE(Sensitive("ecs:DescribeInstance", "ecs:DescribeInstances"));
  EXPECT_FALSE(Sensitive("ecs:describeinstances", "ecs:DescribeInstances"));
  EXPECT_TRUE(Insensitive("ecs:describeinstances", "ECS:DescribeInstances"));
}

TEST(GlobTest, StarAlone) {
  EXPECT_TRUE(Sensitive("*", "anything:at/all"));
  EXPECT_TRUE(Sensitive("**", "anything"));
  EXPECT_TRUE(Sensitive("***", "a"));
}

TEST(GlobTest, StarPositions) {
  EXPECT_TRUE(Sensitive("ecs:Describe*", "ecs:Describe"));
  EXPECT_TRUE(Sensitive("ecs:Describe*", "ecs:DescribeInstances"));
  EXPECT_FALSE(Sensitive("ecs:Describe*", "ecs:Create"));
  EXPECT_TRUE(Sensitive("*Vpc", "vpc:CreateVpc"));
  EXPECT_FALSE(Sensitive("*Vpc", "vpc:CreateVpcs"));
  EXPECT_TRUE(Sensitive("vpc:*Vpc*", "vpc:DescribeVpcAttribute"));
  EXPECT_TRUE(Sensitive("vpc:*Vpc*", "vpc:Vpc"));
  EXPECT_FALSE(Sensitive("vpc:*Vpc*", "vpc:Vp"));
  EXPECT_TRUE(Sensitive("a**b", "ab"));
  EXPECT_TRUE(Sensitive("a**b", "axxb"));
  EXPECT_FALSE(Sensitive("a**b", "axxc"));
}

TEST(GlobTest, StarCrossesColonAndSlash) {
  EXPECT_TRUE(Sensitive("acs:oss:*:*:mybucket/*", "acs:oss:*:*:mybucket/a/b/c.txt"));
  EXPECT_TRUE(Sensitive("acs:oss:*:*:mybucket/*", "acs:oss:*:*:mybucket/"));
  EXPECT_FALSE(Sensitive("acs:oss:*:*:mybucket/*", "acs:oss:*:*:mybucket"));
  EXPECT_TRUE(Sensitive("acs:*", "acs:ram::123:role/admin"));
  EXPECT_TRUE(Sensitive("acs:log:*:*:project/*/logstore/acs-managed-*",
                        "acs:log:cn-hangzhou:123:project/p1/logstore/acs-managed-audit"));
  EXPECT_TRUE(Sensitive("acs:*:*cn-beijing*:*:*", "acs:ecs:cn-beijing-a:123:instance/i-1"));
  EXPECT_FALSE(Sensitive("acs:*:*cn-beijing*:*:*", "acs:ecs:cn-shanghai:123:instance/i-1"));
}

TEST(GlobTest, ColonIsLiteralInPrefix) {
  // `pai:*` must not match another ram-code that merely starts with "pai".
  EXPECT_TRUE(Insensitive("pai:*", "pai:CreateJob"));
  EXPECT_FALSE(Insensitive("pai:*", "paidataset:DeleteDataset"));
}

TEST(GlobTest, QuestionMark) {
  EXPECT_TRUE(Sensitive("?", "a"));
  EXPECT_FALSE(Sensitive("?", "ab"));
  EXPECT_TRUE(Sensitive("a?c", "abc"));
  EXPECT_FALSE(Sensitive("a?c", "ac"));
  EXPECT_TRUE(Sensitive("ab?", "abc"));
  EXPECT_FALSE(Sensitive("ab?", "ab"));
  EXPECT_FALSE(Sensitive("ab?", "abcd"));
  EXPECT_TRUE(Sensitive("???", "a:/"));
  EXPECT_TRUE(Sensitive("*?", "a"));
  EXPECT_TRUE(Sensitive("?*", "abc"));
  EXPECT_TRUE(Sensitive("*?*?*", "ab"));
  EXPECT_FALSE(Sensitive("*?*?*", "a"));
}

TEST(GlobTest, WildcardCharactersInTextAreLiteral) {
  EXPECT_TRUE(Sensitive("a*", "a*"));
  EXPECT_TRUE(Sensitive("*", "*"));
  EXPECT_FALSE(Sensitive("a\\*", "a*"));  // no escape character
  EXPECT_TRUE(Sensitive("a\\*", "a\\xyz"));
  EXPECT_TRUE(Sensitive("a?b", "a*b"));
  EXPECT_FALSE(Sensitive("ab", "a*"));
}

TEST(GlobTest, BacktrackingNeeded) {
  EXPECT_TRUE(Sensitive("*ab", "aaab"));
  EXPECT_TRUE(Sensitive("*abc*abd", "abcabcabd"));
  EXPECT_TRUE(Sensitive("a*b*c", "abbbcbc"));
  EXPECT_FALSE(Sensitive("a*b*c", "abbbcb"));
  EXPECT_TRUE(Sensitive("*a*a", "aa"));
  EXPECT_FALSE(Sensitive("*a*a", "a"));
}

TEST(GlobTest, CaseModes) {
  EXPECT_FALSE(Sensitive("Ecs:Describe*", "ecs:describeInstances"));
  EXPECT_TRUE(Insensitive("Ecs:Describe*", "ecs:describeInstances"));
  EXPECT_TRUE(Insensitive("paidataset:*", "PaiDataset:DeleteDataset"));
  EXPECT_TRUE(Insensitive("PAIDATASET:DELETE?ATASET", "paidataset:deletedataset"));
  // Only ASCII letters fold; other bytes compare exactly.
  EXPECT_FALSE(Insensitive("\xC3\x89*", "\xC3\xA9t\xC3\xA9"));
  EXPECT_TRUE(Insensitive("\xC3\xA9*", "\xC3\xA9t\xC3\xA9"));
  EXPECT_FALSE(Insensitive("[", "{"));  // '[' + 32 == '{' but neither is a letter
  EXPECT_FALSE(Insensitive("@", "`"));
}

TEST(GlobTest, EqualsIgnoreCase) {
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
  EXPECT_TRUE(EqualsIgnoreCase("Hello", "hELLO"));
  EXPECT_FALSE(EqualsIgnoreCase("Hello", "Hell"));
  EXPECT_FALSE(EqualsIgnoreCase("Z", "z1"));
  EXPECT_FALSE(EqualsIgnoreCase("[", "{"));
}

TEST(GlobTest, PathologicalPatternsRunInPolynomialTime) {
  const std::string text(100'000, 'a');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(Sensitive("a*a*a*a*b", text));
  EXPECT_FALSE(Sensitive("*a*a*a*a*a*a*a*a*a*a*b", text));
  EXPECT_TRUE(Sensitive("*a*a*a*a*a*a*a*a*a*a*", text));
  EXPECT_FALSE(Insensitive("A*A*A*A*B", text));
  std::string many_stars;
  for (int i = 0; i < 100; ++i) many_stars += "*a";
  many_stars += "b";
  EXPECT_FALSE(Sensitive(many_stars, std::string(10'000, 'a')));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // An exponential matcher would not finish at all; this bound is generous for sanitizers.
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(GlobTest, AgreesWithReferenceOnRandomInputs) {
  std::mt19937 rng(12345);
  auto random_string = [&rng](std::string_view alphabet, int max_len) {
    std::string s(std::uniform_int_distribution<int>(0, max_len)(rng), ' ');
    for (char& c : s) {
      c = alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
    }
    return s;
  };
  for (int i = 0; i < 50'000; ++i) {
    const std::string pattern = random_string("abB:*?", 8);
    const std::string text = random_string("aAb:*", 10);
    ASSERT_EQ(Sensitive(pattern, text), ReferenceMatch(pattern, text, false))
        << "pattern \"" << pattern << "\" text \"" << text << "\"";
    ASSERT_EQ(Insensitive(pattern, text), ReferenceMatch(pattern, text, true))
        << "pattern \"" << pattern << "\" text \"" << text << "\" (insensitive)";
  }
}

TEST(GlobTest, HasWildcard) {
  EXPECT_FALSE(HasWildcard(""));
  EXPECT_FALSE(HasWildcard("acs:ram::123:role/x"));
  EXPECT_TRUE(HasWildcard("a*"));
  EXPECT_TRUE(HasWildcard("?"));
}

}  // namespace
}  // namespace paiam::policy
