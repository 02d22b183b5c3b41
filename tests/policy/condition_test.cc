// Tests for policy/condition.h: operator names, value parsing and clause evaluation.
#include "policy/condition.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <initializer_list>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/glob.h"

// Counting replacements for the global allocation functions, so that tests can assert that the
// evaluation path never touches the heap. Every other form of operator new in libstdc++ and
// libc++ forwards to these two.
namespace {
std::atomic<long> g_allocations{0};
}  // namespace

[[gnu::noinline]] void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new(std::size_t size, std::align_val_t align) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  const auto a = static_cast<std::size_t>(align);
  if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
  throw std::bad_alloc();
}
// None is inlined: once inlined, g++ pairs `malloc`/`free` with new/delete and warns
// (-Wmismatched-new-delete), although the pair is consistent here.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

namespace paiam::policy {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kDay = 86'400 * kSecond;

// ---------------------------------------------------------------------------------------------
// Helpers

ConditionClause Clause(std::string_view op_name, std::string key,
                       std::initializer_list<std::string_view> values) {
  ConditionClause clause;
  const std::optional<ConditionOperator> op = ParseConditionOperator(op_name);
  EXPECT_TRUE(op.has_value()) << op_name;
  if (op) clause.op = *op;
  clause.key = std::move(key);
  for (std::string_view text : values) {
    std::string error;
    std::optional<ConditionValue> value = ParseConditionValue(clause.op.family, text, &error);
    EXPECT_TRUE(value.has_value()) << text << ": " << error;
    if (value) clause.values.push_back(std::move(*value));
  }
  return clause;
}

bool Eval(const ConditionClause& clause, std::initializer_list<ContextEntry> context) {
  const std::vector<ContextEntry> entries(context);
  return EvaluateClause(clause, entries);
}

// The context with `key` carrying each of `values` (no entry at all when empty).
bool EvalKey(const ConditionClause& clause, std::initializer_list<std::string_view> values) {
  std::vector<ContextEntry> entries;
  entries.push_back({"other:Key", "unrelated"});
  for (std::string_view v : values) entries.push_back({clause.key, v});
  entries.push_back({"other:Key2", "unrelated"});
  return EvaluateClause(clause, entries);
}

std::string ErrorFor(OperatorFamily family, std::string_view text) {
  std::string error;
  EXPECT_FALSE(ParseConditionValue(family, text, &error).has_value()) << text;
  return error;
}

IpNetwork Ip(std::string_view text) {
  std::optional<IpNetwork> ip = ParseIpNetwork(text);
  EXPECT_TRUE(ip.has_value()) << text;
  return ip.value_or(IpNetwork{});
}

// ---------------------------------------------------------------------------------------------
// Operator names

constexpr std::string_view kBaseNames[] = {
    "StringEquals",          "StringNotEquals",          "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase", "StringLike",           "StringNotLike",
    "NumericEquals",         "NumericNotEquals",         "NumericLessThan",
    "NumericLessThanEquals", "NumericGreaterThan",       "NumericGreaterThanEquals",
    "DateEquals",            "DateNotEquals",            "DateLessThan",
    "DateLessThanEquals",    "DateGreaterThan",          "DateGreaterThanEquals",
    "Bool",                  "IpAddress",                "NotIpAddress",
};

TEST(ConditionOperatorTest, EveryNameRoundTrips) {
  int count = 0;
  for (std::string_view base : kBaseNames) {
    for (std::string_view prefix : {"", "ForAnyValue:", "ForAllValues:"}) {
      for (std::string_view suffix : {"", "IfExists"}) {
        const std::string name = std::string(prefix) + std::string(base) + std::string(suffix);
        const std::optional<ConditionOperator> op = ParseConditionOperator(name);
        ASSERT_TRUE(op.has_value()) << name;
        EXPECT_EQ(op->Name(), name);
        EXPECT_EQ(op->if_exists, !suffix.empty()) << name;
        ++count;
      }
    }
  }
  EXPECT_EQ(count, 21 * 3 * 2);
}

TEST(ConditionOperatorTest, DecodesParts) {
  std::optional<ConditionOperator> op =
      ParseConditionOperator("ForAnyValue:StringNotEqualsIgnoreCase");
  ASSERT_TRUE(op.has_value());
  EXPECT_EQ(op->family, OperatorFamily::kString);
  EXPECT_EQ(op->comparison, Comparison::kEqualsIgnoreCase);
  EXPECT_TRUE(op->negated);
  EXPECT_FALSE(op->if_exists);
  EXPECT_EQ(op->qualifier, SetQualifier::kForAnyValue);

  op = ParseConditionOperator("DateLessThanIfExists");
  ASSERT_TRUE(op.has_value());
  EXPECT_EQ(op->family, OperatorFamily::kDate);
  EXPECT_EQ(op->comparison, Comparison::kLessThan);
  EXPECT_FALSE(op->negated);
  EXPECT_TRUE(op->if_exists);
  EXPECT_EQ(op->qualifier, SetQualifier::kNone);

  op = ParseConditionOperator("ForAllValues:NotIpAddress");
  ASSERT_TRUE(op.has_value());
  EXPECT_EQ(op->family, OperatorFamily::kIpAddress);
  EXPECT_EQ(op->comparison, Comparison::kInRange);
  EXPECT_TRUE(op->negated);
  EXPECT_EQ(op->qualifier, SetQualifier::kForAllValues);

  op = ParseConditionOperator("Bool");
  ASSERT_TRUE(op.has_value());
  EXPECT_EQ(op->family, OperatorFamily::kBool);
  EXPECT_EQ(op->comparison, Comparison::kEquals);
}

TEST(ConditionOperatorTest, RejectsUnknownNames) {
  for (std::string_view name : {
           "", "Null", "stringequals", "STRINGEQUALS", "StringEqualsIgnoreCaseIfExistsX",
           "IfExists", "ForAnyValue:", "ForAllValues:", "ForAnyValue:ForAllValues:StringEquals",
           "StringEqualsIfExistsIfExists", "forAnyValue:StringEquals", "ForAnyValue: StringEquals",
           "ForAnyValue:IfExists", " StringEquals", "StringEquals ",
           "NumericNotLessThan", "NotBool", "BoolEquals", "StringNotIpAddress", "NotStringEquals",
           "StringEqualsIfexists", "ForAnyValueStringEquals", "ForAnyValue::StringEquals",
           "IpAddressNot", "NumericLike", "DateEqualsIgnoreCase", "ArnLike", "StringEqual"}) {
    EXPECT_FALSE(ParseConditionOperator(name).has_value()) << "\"" << name << "\"";
  }
  EXPECT_FALSE(ParseConditionOperator(std::string_view("StringEquals\0", 13)).has_value());
}

TEST(ConditionOperatorTest, UnnamedCombinationHasEmptyName) {
  ConditionOperator op;
  op.family = OperatorFamily::kNumeric;
  op.comparison = Comparison::kLessThan;
  op.negated = true;
  EXPECT_EQ(op.Name(), "");
}

// ---------------------------------------------------------------------------------------------
// Numbers

TEST(ParseNumberTest, Accepts) {
  EXPECT_EQ(ParseNumber("10"), 10.0);
  EXPECT_EQ(ParseNumber("0"), 0.0);
  EXPECT_EQ(ParseNumber("-0"), 0.0);
  EXPECT_EQ(ParseNumber("-1.5"), -1.5);
  EXPECT_EQ(ParseNumber("+3"), 3.0);
  EXPECT_EQ(ParseNumber("1e3"), 1000.0);
  EXPECT_EQ(ParseNumber("2.5E-1"), 0.25);
  EXPECT_EQ(ParseNumber(".5"), 0.5);
  EXPECT_EQ(ParseNumber("007"), 7.0);
  EXPECT_EQ(ParseNumber("12345678901234567890"), 12345678901234567890.0);
}

TEST(ParseNumberTest, Rejects) {
  for (std::string_view text :
       {"", "+", "-", "abc", "inf", "-inf", "+inf", "nan", "NaN", "Infinity", "1e400", "-1e400",
        "+-1", "-+1", "--1", "1 ", " 1", "0x10", "1e", "1,000", "1_000", "10abc", "."}) {
    EXPECT_FALSE(ParseNumber(text).has_value()) << "\"" << text << "\"";
  }
}

TEST(ParseNumberTest, ErrorMessage) {
  EXPECT_EQ(ErrorFor(OperatorFamily::kNumeric, "abc"), "\"abc\" is not a number");
  EXPECT_EQ(ErrorFor(OperatorFamily::kNumeric, ""), "\"\" is not a number");
}

// ---------------------------------------------------------------------------------------------
// Dates

TEST(ParseIsoDateTimeTest, EpochAndKnownInstants) {
  EXPECT_EQ(ParseIsoDateTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseIsoDateTime("1970-01-01"), 0);
  EXPECT_EQ(ParseIsoDateTime("1970-01-02"), kDay);
  EXPECT_EQ(ParseIsoDateTime("1969-12-31T23:59:59Z"), -kSecond);
  EXPECT_EQ(ParseIsoDateTime("2012-11-11T23:59:59Z"), 1352678399 * kSecond);
  EXPECT_EQ(ParseIsoDateTime("2000-02-29T00:00:00Z"), 951782400 * kSecond);
  EXPECT_EQ(ParseIsoDateTime("9999-12-31T23:59:59Z"), 253402300799 * kSecond);
  EXPECT_EQ(ParseIsoDateTime("0001-01-01T00:00:00Z"), -62135596800 * kSecond);
}

TEST(ParseIsoDateTimeTest, Offsets) {
  const int64_t utc = 1565600400 * kSecond;  // 2019-08-12T09:00:00Z
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T09:00:00Z"), utc);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T09:00:00"), utc);  // no offset is UTC
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T09:00"), utc);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T09:00Z"), utc);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T17:00:00+08:00"), utc);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T17:00:00+0800"), utc);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T17:00:00+08"), utc);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T17:00+08:00"), utc);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T03:30:00-05:30"), utc);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T09:00:00-00:00"), utc);
  EXPECT_EQ(ParseIsoDateTime("2019-08-13T08:59:00+23:59"), utc);
  // Offsets may carry the instant across a day boundary.
  EXPECT_EQ(ParseIsoDateTime("2019-08-11T23:00:00-10:00"), utc);
}

TEST(ParseIsoDateTimeTest, Fractions) {
  const int64_t base = 1565600400 * kSecond;
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T09:00:00.5Z"), base + 500'000);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T09:00:00.000001Z"), base + 1);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T09:00:00.123456789Z"), base + 123'456);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T17:00:00.25+08:00"), base + 250'000);
  EXPECT_EQ(ParseIsoDateTime("2019-08-12T09:00:00.999999"), base + 999'999);
}

TEST(ParseIsoDateTimeTest, LeapYears) {
  EXPECT_TRUE(ParseIsoDateTime("2020-02-29").has_value());
  EXPECT_TRUE(ParseIsoDateTime("2000-02-29").has_value());
  EXPECT_TRUE(ParseIsoDateTime("2024-02-29T12:00:00Z").has_value());
  EXPECT_FALSE(ParseIsoDateTime("2019-02-29").has_value());
  EXPECT_FALSE(ParseIsoDateTime("1900-02-29").has_value());
  EXPECT_FALSE(ParseIsoDateTime("2100-02-29").has_value());
  EXPECT_FALSE(ParseIsoDateTime("2020-02-30").has_value());
  EXPECT_EQ(*ParseIsoDateTime("2020-03-01") - *ParseIsoDateTime("2020-02-28"), 2 * kDay);
  EXPECT_EQ(*ParseIsoDateTime("2019-03-01") - *ParseIsoDateTime("2019-02-28"), kDay);
}

TEST(ParseIsoDateTimeTest, Rejects) {
  for (std::string_view text : {
           "", "abc", "2019", "2019-08", "20190812", "2019-13-01", "2019-00-10", "2019-04-31",
           "2019-01-00", "2019-01-32", "2019-1-01", "2019-01-1", "19-01-01", "+2019-01-01",
           "2019-08-12T", "2019-08-12T09", "2019-08-12T9:00", "2019-08-12T09:0",
           "2019-08-12T24:00:00Z", "2019-08-12T23:60", "2019-08-12T23:59:60Z",
           "2019-08-12T10:00:0", "2019-08-12T10:00:00.", "2019-08-12T10:00:00.Z",
           "2019-08-12T10:00.5", "2019-08-12Z", "2019-08-12+08:00", "2019-08-12T10:00:00+8",
           "2019-08-12T10:00:00+08:", "2019-08-12T10:00:00+08:0", "2019-08-12T10:00:00+080",
           "2019-08-12T10:00:00+24:00", "2019-08-12T10:00:00+08:60", "2019-08-12T10:00:00 Z",
           "2019-08-12 10:00:00", "2019-08-12t10:00:00Z", "2019-08-12T10:00:00z",
           "2019-08-12T10:00:00Zjunk", "2019-08-12T10:00:00+08:00Z", " 2019-08-12",
           "2019-08-12 ", "2019/08/12", "2019-08-12T10:00:00.1a"}) {
    EXPECT_FALSE(ParseIsoDateTime(text).has_value()) << "\"" << text << "\"";
  }
}

TEST(ParseIsoDateTimeTest, ErrorMessage) {
  EXPECT_EQ(ErrorFor(OperatorFamily::kDate, "2019-13-01"),
            "\"2019-13-01\" is not an ISO-8601 date-time");
}

// ---------------------------------------------------------------------------------------------
// Booleans

TEST(ParseBoolTest, AcceptsAnyCase) {
  EXPECT_EQ(ParseBool("true"), true);
  EXPECT_EQ(ParseBool("TRUE"), true);
  EXPECT_EQ(ParseBool("True"), true);
  EXPECT_EQ(ParseBool("false"), false);
  EXPECT_EQ(ParseBool("FaLsE"), false);
  for (std::string_view text : {"", "yes", "1", "0", "t", "truee", " true", "true "}) {
    EXPECT_FALSE(ParseBool(text).has_value()) << "\"" << text << "\"";
  }
  EXPECT_EQ(ErrorFor(OperatorFamily::kBool, "yes"),
            "\"yes\" is not a boolean (\"true\" or \"false\")");
}

// ---------------------------------------------------------------------------------------------
// IP addresses

TEST(ParseIpTest, Ipv4IsMapped) {
  const IpNetwork ip = Ip("10.0.0.1");
  const std::array<uint8_t, 16> expected = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1};
  EXPECT_EQ(ip.address, expected);
  EXPECT_EQ(ip.prefix_length, 128);
  EXPECT_EQ(Ip("10.0.0.0/8").prefix_length, 96 + 8);
  EXPECT_EQ(Ip("0.0.0.0/0").prefix_length, 96);
  EXPECT_EQ(Ip("1.2.3.4/32").prefix_length, 128);
  EXPECT_EQ(Ip("255.255.255.255").address[15], 255);
  EXPECT_EQ(Ip("::ffff:10.0.0.1").address, expected);
  EXPECT_EQ(Ip("::FFFF:a00:1").address, expected);
}

TEST(ParseIpTest, HostBitsAreMasked) {
  EXPECT_EQ(Ip("10.1.2.3/8").address, Ip("10.0.0.0").address);
  EXPECT_EQ(Ip("10.1.2.3/8").prefix_length, 104);
  EXPECT_EQ(Ip("192.168.1.255/23").address, Ip("192.168.0.0").address);
  EXPECT_EQ(Ip("2001:db8::1/32").address, Ip("2001:db8::").address);
  EXPECT_EQ(Ip("ffff::1/0").address, Ip("::").address);
}

TEST(ParseIpTest, Ipv6Forms) {
  EXPECT_EQ(Ip("::1").address[15], 1);
  EXPECT_EQ(Ip("::").address, (std::array<uint8_t, 16>{}));
  EXPECT_EQ(Ip("0:0:0:0:0:0:0:1").address, Ip("::1").address);
  EXPECT_EQ(Ip("1:2:3:4:5:6:7:8").address[15], 8);
  EXPECT_EQ(Ip("1:2:3:4:5:6:7::").address, Ip("1:2:3:4:5:6:7:0").address);
  EXPECT_EQ(Ip("::2:3:4:5:6:7:8").address, Ip("0:2:3:4:5:6:7:8").address);
  EXPECT_EQ(Ip("1::8").address, Ip("1:0:0:0:0:0:0:8").address);
  EXPECT_EQ(Ip("2001:DB8::AbCd").address, Ip("2001:db8::abcd").address);
  EXPECT_EQ(Ip("64:ff9b::192.0.2.33").address, Ip("64:ff9b::c000:221").address);
  EXPECT_EQ(Ip("1:2:3:4:5:6:1.2.3.4").address, Ip("1:2:3:4:5:6:102:304").address);
  EXPECT_EQ(Ip("fd00::/8").prefix_length, 8);
  EXPECT_EQ(Ip("::/0").prefix_length, 0);
  EXPECT_EQ(Ip("::1/128").prefix_length, 128);
  const IpNetwork full = Ip("2001:0db8:85a3:0000:0000:8a2e:0370:7334");
  EXPECT_EQ(full.address[0], 0x20);
  EXPECT_EQ(full.address[1], 0x01);
  EXPECT_EQ(full.address[14], 0x73);
  EXPECT_EQ(full.address[15], 0x34);
}

TEST(ParseIpTest, Rejects) {
  for (std::string_view text : {
           "", "10.0.0.0/33", "256.0.0.1", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.",
           "01.2.3.4", "1.2.3.04", "1.2.3.4/", "1.2.3.4/a", "1.2.3.4/-1", "1.2.3.4/+8",
           "1.2.3.4/8/8", "1.2.3.4/0008", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4a", "1234.1.1.1",
           "::/129", "fe80::1%eth0", ":::", ":", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::",
           "g::", "1::2::3", "::1:", ":1::", "1:", ":1", "1:2:3:4:5:6:7:8::", "::1.2.3",
           "1.2.3.4::", "::1.2.3.4:1", "1:2:3:4:5:6:7:1.2.3.4", "::256.1.1.1", "localhost", "*",
           "/8"}) {
    EXPECT_FALSE(ParseIpNetwork(text).has_value()) << "\"" << text << "\"";
  }
  EXPECT_FALSE(ParseIpAddress("10.0.0.0/8").has_value());
  EXPECT_FALSE(ParseIpAddress("::/0").has_value());
  EXPECT_TRUE(ParseIpAddress("10.0.0.1").has_value());
  EXPECT_EQ(ErrorFor(OperatorFamily::kIpAddress, "10.0.0.0/33"),
            "\"10.0.0.0/33\" is not an IP address or CIDR");
}

TEST(IpNetworkTest, Contains) {
  auto addr = [](std::string_view text) { return ParseIpAddress(text).value(); };
  EXPECT_TRUE(Ip("10.0.0.0/8").Contains(addr("10.255.1.2")));
  EXPECT_FALSE(Ip("10.0.0.0/8").Contains(addr("11.0.0.1")));
  EXPECT_TRUE(Ip("10.0.0.0/31").Contains(addr("10.0.0.1")));
  EXPECT_FALSE(Ip("10.0.0.0/31").Contains(addr("10.0.0.2")));
  EXPECT_TRUE(Ip("10.0.0.1").Contains(addr("10.0.0.1")));
  EXPECT_FALSE(Ip("10.0.0.1").Contains(addr("10.0.0.2")));
  EXPECT_TRUE(Ip("0.0.0.0/0").Contains(addr("8.8.8.8")));
  EXPECT_FALSE(Ip("0.0.0.0/0").Contains(addr("2001:db8::1")));
  EXPECT_TRUE(Ip("::/0").Contains(addr("2001:db8::1")));
  EXPECT_TRUE(Ip("fd00::/8").Contains(addr("fd12:3456::1")));
  EXPECT_FALSE(Ip("fd00::/8").Contains(addr("fe00::1")));
  EXPECT_TRUE(Ip("2001:db8::/127").Contains(addr("2001:db8::1")));
  EXPECT_FALSE(Ip("2001:db8::/127").Contains(addr("2001:db8::2")));
  // An IPv4-mapped IPv6 address is the same address as its IPv4 form.
  EXPECT_TRUE(Ip("10.0.0.0/8").Contains(addr("::ffff:10.1.1.1")));
}

TEST(ParseConditionValueTest, KeepsTextAndConverts) {
  std::string error;
  std::optional<ConditionValue> v = ParseConditionValue(OperatorFamily::kString, "Ab*", &error);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->text, "Ab*");
  v = ParseConditionValue(OperatorFamily::kString, "", &error);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->text, "");
  v = ParseConditionValue(OperatorFamily::kNumeric, "42", &error);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->number, 42.0);
  EXPECT_EQ(v->text, "42");
  v = ParseConditionValue(OperatorFamily::kDate, "1970-01-01T00:00:01Z", &error);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->time_us, kSecond);
  v = ParseConditionValue(OperatorFamily::kBool, "TRUE", &error);
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->boolean);
  v = ParseConditionValue(OperatorFamily::kIpAddress, "10.0.0.0/8", &error);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->ip.prefix_length, 104);
  EXPECT_FALSE(ParseConditionValue(OperatorFamily::kNumeric, "x", nullptr).has_value());
}

// ---------------------------------------------------------------------------------------------
// String operators

TEST(StringOperatorTest, StringEquals) {
  const ConditionClause c = Clause("StringEquals", "acs:SourceVpc", {"vpc-a", "vpc-b"});
  EXPECT_TRUE(EvalKey(c, {"vpc-a"}));
  EXPECT_TRUE(EvalKey(c, {"vpc-b"}));
  EXPECT_FALSE(EvalKey(c, {"vpc-c"}));
  EXPECT_FALSE(EvalKey(c, {"VPC-A"}));
  EXPECT_FALSE(EvalKey(c, {"vpc-a "}));
  EXPECT_FALSE(EvalKey(c, {}));
  EXPECT_TRUE(EvalKey(c, {"vpc-c", "vpc-a"}));
  EXPECT_FALSE(EvalKey(c, {"vpc-c", "vpc-d"}));
}

TEST(StringOperatorTest, StringEqualsEmptyValue) {
  const ConditionClause c = Clause("StringEquals", "k", {""});
  EXPECT_TRUE(EvalKey(c, {""}));
  EXPECT_FALSE(EvalKey(c, {"x"}));
  EXPECT_FALSE(EvalKey(c, {}));
}

TEST(StringOperatorTest, StringNotEquals) {
  const ConditionClause c = Clause("StringNotEquals", "acs:SourceVpc", {"vpc-a", "vpc-b"});
  EXPECT_FALSE(EvalKey(c, {"vpc-a"}));
  EXPECT_FALSE(EvalKey(c, {"vpc-b"}));
  EXPECT_TRUE(EvalKey(c, {"vpc-c"}));
  EXPECT_TRUE(EvalKey(c, {"VPC-A"}));
  EXPECT_TRUE(EvalKey(c, {}));                     // missing: negated is true
  EXPECT_FALSE(EvalKey(c, {"vpc-c", "vpc-a"}));    // one listed value spoils it
  EXPECT_TRUE(EvalKey(c, {"vpc-c", "vpc-d"}));
}

TEST(StringOperatorTest, StringEqualsIgnoreCase) {
  const ConditionClause c = Clause("StringEqualsIgnoreCase", "pai:Accessibility", {"Public"});
  EXPECT_TRUE(EvalKey(c, {"PUBLIC"}));
  EXPECT_TRUE(EvalKey(c, {"public"}));
  EXPECT_FALSE(EvalKey(c, {"PRIVATE"}));
  EXPECT_FALSE(EvalKey(c, {"publi"}));
  EXPECT_FALSE(EvalKey(c, {}));
  EXPECT_TRUE(EvalKey(c, {"private", "pUbLiC"}));
  const ConditionClause non_ascii = Clause("StringEqualsIgnoreCase", "k", {"\xC3\xA9"});
  EXPECT_FALSE(EvalKey(non_ascii, {"\xC3\x89"}));  // é vs É: ASCII folding only
}

TEST(StringOperatorTest, StringNotEqualsIgnoreCase) {
  const ConditionClause c = Clause("StringNotEqualsIgnoreCase", "pai:Accessibility", {"Public"});
  EXPECT_FALSE(EvalKey(c, {"PUBLIC"}));
  EXPECT_TRUE(EvalKey(c, {"PRIVATE"}));
  EXPECT_TRUE(EvalKey(c, {}));
  EXPECT_FALSE(EvalKey(c, {"private", "public"}));
  EXPECT_TRUE(EvalKey(c, {"private", "internal"}));
}

TEST(StringOperatorTest, StringLike) {
  const ConditionClause c =
      Clause("StringLike", "acs:PrincipalARN", {"acs:ram:*:*:role/*", "acs:ram::123:user/a?"});
  EXPECT_TRUE(EvalKey(c, {"acs:ram::123:role/admin"}));
  EXPECT_TRUE(EvalKey(c, {"acs:ram::123:user/ab"}));
  EXPECT_FALSE(EvalKey(c, {"acs:ram::123:user/abc"}));
  EXPECT_FALSE(EvalKey(c, {"acs:ram::123:user/alice"}));
  EXPECT_FALSE(EvalKey(c, {"ACS:RAM::123:ROLE/admin"}));  // case-sensitive
  EXPECT_FALSE(EvalKey(c, {}));
  EXPECT_TRUE(EvalKey(c, {"x", "acs:ram::9:role/r"}));
  const ConditionClause access = Clause("StringLike", "acs:AccessId", {"STS.*"});
  EXPECT_TRUE(EvalKey(access, {"STS.NUabc"}));
  EXPECT_FALSE(EvalKey(access, {"LTAI5t"}));
}

TEST(StringOperatorTest, StringNotLike) {
  const ConditionClause c = Clause("StringNotLike", "acs:AccessId", {"STS.*", "TMP.*"});
  EXPECT_FALSE(EvalKey(c, {"STS.NUabc"}));
  EXPECT_FALSE(EvalKey(c, {"TMP.x"}));
  EXPECT_TRUE(EvalKey(c, {"LTAI5t"}));
  EXPECT_TRUE(EvalKey(c, {"sts.lower"}));
  EXPECT_TRUE(EvalKey(c, {}));
  EXPECT_FALSE(EvalKey(c, {"LTAI5t", "STS.x"}));
  EXPECT_TRUE(EvalKey(c, {"LTAI5t", "LTAI6"}));
}

TEST(StringOperatorTest, KeysAreCaseSensitive) {
  const ConditionClause pos = Clause("StringLike", "acs:PrincipalARN", {"*"});
  EXPECT_FALSE(Eval(pos, {{"acs:PrincipalArn", "acs:ram::1:role/r"}}));
  EXPECT_TRUE(Eval(pos, {{"acs:PrincipalARN", "acs:ram::1:role/r"}}));
  const ConditionClause neg = Clause("StringNotEquals", "acs:PrincipalARN", {"x"});
  EXPECT_TRUE(Eval(neg, {{"acs:PrincipalArn", "x"}}));
  EXPECT_FALSE(Eval(neg, {{"acs:PrincipalARN", "x"}}));
}

// ---------------------------------------------------------------------------------------------
// Numeric operators

TEST(NumericOperatorTest, Equals) {
  const ConditionClause c = Clause("NumericEquals", "n", {"10", "20.5"});
  EXPECT_TRUE(EvalKey(c, {"10"}));
  EXPECT_TRUE(EvalKey(c, {"10.0"}));
  EXPECT_TRUE(EvalKey(c, {"1e1"}));
  EXPECT_TRUE(EvalKey(c, {"+10"}));
  EXPECT_TRUE(EvalKey(c, {"20.5"}));
  EXPECT_FALSE(EvalKey(c, {"11"}));
  EXPECT_FALSE(EvalKey(c, {"ten"}));
  EXPECT_FALSE(EvalKey(c, {"nan"}));
  EXPECT_FALSE(EvalKey(c, {""}));
  EXPECT_FALSE(EvalKey(c, {}));
  EXPECT_TRUE(EvalKey(c, {"abc", "10"}));
}

TEST(NumericOperatorTest, NotEquals) {
  const ConditionClause c = Clause("NumericNotEquals", "n", {"10"});
  EXPECT_FALSE(EvalKey(c, {"10"}));
  EXPECT_FALSE(EvalKey(c, {"10.00"}));
  EXPECT_TRUE(EvalKey(c, {"11"}));
  EXPECT_TRUE(EvalKey(c, {"ten"}));  // not a number: the positive comparison is false
  EXPECT_TRUE(EvalKey(c, {}));
  EXPECT_FALSE(EvalKey(c, {"11", "10"}));
}

TEST(NumericOperatorTest, Ordering) {
  const ConditionClause lt = Clause("NumericLessThan", "n", {"10"});
  EXPECT_TRUE(EvalKey(lt, {"9.99"}));
  EXPECT_TRUE(EvalKey(lt, {"-1e9"}));
  EXPECT_FALSE(EvalKey(lt, {"10"}));
  EXPECT_FALSE(EvalKey(lt, {"11"}));
  EXPECT_FALSE(EvalKey(lt, {"x"}));
  EXPECT_FALSE(EvalKey(lt, {}));

  const ConditionClause le = Clause("NumericLessThanEquals", "n", {"10"});
  EXPECT_TRUE(EvalKey(le, {"10"}));
  EXPECT_TRUE(EvalKey(le, {"9"}));
  EXPECT_FALSE(EvalKey(le, {"10.0001"}));
  EXPECT_FALSE(EvalKey(le, {}));

  const ConditionClause gt = Clause("NumericGreaterThan", "n", {"10"});
  EXPECT_TRUE(EvalKey(gt, {"10.5"}));
  EXPECT_FALSE(EvalKey(gt, {"10"}));
  EXPECT_FALSE(EvalKey(gt, {"x"}));
  EXPECT_FALSE(EvalKey(gt, {}));

  const ConditionClause ge = Clause("NumericGreaterThanEquals", "n", {"10"});
  EXPECT_TRUE(EvalKey(ge, {"10"}));
  EXPECT_TRUE(EvalKey(ge, {"1e6"}));
  EXPECT_FALSE(EvalKey(ge, {"9"}));
  EXPECT_FALSE(EvalKey(ge, {}));
}

TEST(NumericOperatorTest, PolicyValuesAreOred) {
  const ConditionClause c = Clause("NumericLessThan", "n", {"5", "10"});
  EXPECT_TRUE(EvalKey(c, {"7"}));
  EXPECT_FALSE(EvalKey(c, {"10"}));
}

// ---------------------------------------------------------------------------------------------
// Date operators

TEST(DateOperatorTest, Equals) {
  const ConditionClause c = Clause("DateEquals", "acs:CurrentTime", {"2019-08-12T17:00:00+08:00"});
  EXPECT_TRUE(EvalKey(c, {"2019-08-12T09:00:00Z"}));
  EXPECT_TRUE(EvalKey(c, {"2019-08-12T09:00"}));
  EXPECT_FALSE(EvalKey(c, {"2019-08-12T09:00:00.000001Z"}));
  EXPECT_FALSE(EvalKey(c, {"yesterday"}));
  EXPECT_FALSE(EvalKey(c, {}));
}

TEST(DateOperatorTest, NotEquals) {
  const ConditionClause c = Clause("DateNotEquals", "acs:CurrentTime", {"2019-08-12T09:00:00Z"});
  EXPECT_FALSE(EvalKey(c, {"2019-08-12T17:00:00+08:00"}));
  EXPECT_TRUE(EvalKey(c, {"2019-08-12T09:00:01Z"}));
  EXPECT_TRUE(EvalKey(c, {"yesterday"}));
  EXPECT_TRUE(EvalKey(c, {}));
}

TEST(DateOperatorTest, Ordering) {
  const ConditionClause lt = Clause("DateLessThan", "acs:CurrentTime", {"2020-01-01T00:00:00Z"});
  EXPECT_TRUE(EvalKey(lt, {"2019-12-31T23:59:59.999999Z"}));
  EXPECT_TRUE(EvalKey(lt, {"2020-01-01T07:59:59+08:00"}));
  EXPECT_FALSE(EvalKey(lt, {"2020-01-01T00:00:00Z"}));
  EXPECT_FALSE(EvalKey(lt, {"2020-01-01T08:00:00+08:00"}));
  EXPECT_FALSE(EvalKey(lt, {"not a date"}));
  EXPECT_FALSE(EvalKey(lt, {}));

  const ConditionClause le =
      Clause("DateLessThanEquals", "acs:CurrentTime", {"2020-01-01T00:00:00Z"});
  EXPECT_TRUE(EvalKey(le, {"2020-01-01"}));
  EXPECT_FALSE(EvalKey(le, {"2020-01-01T00:00:00.000001Z"}));

  const ConditionClause gt = Clause("DateGreaterThan", "acs:CurrentTime", {"2020-01-01"});
  EXPECT_TRUE(EvalKey(gt, {"2020-01-01T00:00:00.000001Z"}));
  EXPECT_FALSE(EvalKey(gt, {"2020-01-01T08:00:00+08:00"}));
  EXPECT_FALSE(EvalKey(gt, {}));

  const ConditionClause ge = Clause("DateGreaterThanEquals", "acs:CurrentTime", {"2020-01-01"});
  EXPECT_TRUE(EvalKey(ge, {"2020-01-01T08:00:00+08:00"}));
  EXPECT_FALSE(EvalKey(ge, {"2019-12-31T23:59:59Z"}));
  EXPECT_FALSE(EvalKey(ge, {"2020-02-30"}));  // invalid date compares false
}

// ---------------------------------------------------------------------------------------------
// Bool

TEST(BoolOperatorTest, Bool) {
  const ConditionClause c = Clause("Bool", "acs:SecureTransport", {"true"});
  EXPECT_TRUE(EvalKey(c, {"true"}));
  EXPECT_TRUE(EvalKey(c, {"TRUE"}));
  EXPECT_FALSE(EvalKey(c, {"false"}));
  EXPECT_FALSE(EvalKey(c, {"yes"}));
  EXPECT_FALSE(EvalKey(c, {"1"}));
  EXPECT_FALSE(EvalKey(c, {}));
  EXPECT_TRUE(EvalKey(c, {"false", "true"}));

  const ConditionClause f = Clause("Bool", "acs:MFAPresent", {"False"});
  EXPECT_TRUE(EvalKey(f, {"false"}));
  EXPECT_FALSE(EvalKey(f, {"true"}));
  EXPECT_FALSE(EvalKey(f, {"garbage"}));

  const ConditionClause if_exists = Clause("BoolIfExists", "acs:MFAPresent", {"true"});
  EXPECT_TRUE(EvalKey(if_exists, {}));
  EXPECT_TRUE(EvalKey(if_exists, {"true"}));
  EXPECT_FALSE(EvalKey(if_exists, {"false"}));
}

// ---------------------------------------------------------------------------------------------
// IpAddress

TEST(IpOperatorTest, IpAddress) {
  const ConditionClause c =
      Clause("IpAddress", "acs:SourceIp", {"42.120.88.10", "42.120.66.0/24", "2001:db8::/32"});
  EXPECT_TRUE(EvalKey(c, {"42.120.88.10"}));
  EXPECT_TRUE(EvalKey(c, {"42.120.66.7"}));
  EXPECT_TRUE(EvalKey(c, {"2001:db8:1::5"}));
  EXPECT_TRUE(EvalKey(c, {"::ffff:42.120.66.200"}));
  EXPECT_FALSE(EvalKey(c, {"42.120.88.11"}));
  EXPECT_FALSE(EvalKey(c, {"42.120.67.0"}));
  EXPECT_FALSE(EvalKey(c, {"2001:db9::1"}));
  EXPECT_FALSE(EvalKey(c, {"not-an-ip"}));
  EXPECT_FALSE(EvalKey(c, {"42.120.66.0/24"}));  // the context must be a single address
  EXPECT_FALSE(EvalKey(c, {"42.120.66.7 "}));
  EXPECT_FALSE(EvalKey(c, {}));
  EXPECT_TRUE(EvalKey(c, {"8.8.8.8", "42.120.66.1"}));
}

TEST(IpOperatorTest, NotIpAddress) {
  const ConditionClause c = Clause("NotIpAddress", "acs:SourceIp", {"10.0.0.0/8", "fd00::/8"});
  EXPECT_FALSE(EvalKey(c, {"10.1.2.3"}));
  EXPECT_FALSE(EvalKey(c, {"fd00::1"}));
  EXPECT_TRUE(EvalKey(c, {"11.0.0.1"}));
  EXPECT_TRUE(EvalKey(c, {"::1"}));
  EXPECT_TRUE(EvalKey(c, {"garbage"}));
  EXPECT_TRUE(EvalKey(c, {}));
  EXPECT_FALSE(EvalKey(c, {"11.0.0.1", "10.0.0.1"}));
}

TEST(IpOperatorTest, AnyAddress) {
  const ConditionClause c = Clause("IpAddress", "acs:SourceIp", {"0.0.0.0/0"});
  EXPECT_TRUE(EvalKey(c, {"1.1.1.1"}));
  EXPECT_FALSE(EvalKey(c, {"2001:db8::1"}));  // an IPv4 network holds no IPv6 address
}

// ---------------------------------------------------------------------------------------------
// Set qualifiers and IfExists

TEST(QualifierTest, ForAnyValuePositive) {
  const ConditionClause c = Clause("ForAnyValue:StringEquals", "cs:AddonNames", {"a", "b"});
  EXPECT_FALSE(EvalKey(c, {}));
  EXPECT_TRUE(EvalKey(c, {"a"}));
  EXPECT_TRUE(EvalKey(c, {"c", "a"}));
  EXPECT_FALSE(EvalKey(c, {"c", "d"}));
}

TEST(QualifierTest, ForAnyValueNegated) {
  // True when some value is not listed.
  const ConditionClause c = Clause("ForAnyValue:StringNotEquals", "k", {"a", "b"});
  EXPECT_FALSE(EvalKey(c, {}));
  EXPECT_TRUE(EvalKey(c, {"a", "c"}));
  EXPECT_FALSE(EvalKey(c, {"a", "b"}));
  EXPECT_FALSE(EvalKey(c, {"a"}));
  EXPECT_TRUE(EvalKey(c, {"x"}));
}

TEST(QualifierTest, ForAllValuesPositive) {
  const ConditionClause c = Clause("ForAllValues:StringEquals", "k", {"a", "b"});
  EXPECT_TRUE(EvalKey(c, {}));  // vacuous truth
  EXPECT_TRUE(EvalKey(c, {"a"}));
  EXPECT_TRUE(EvalKey(c, {"a", "b", "a"}));
  EXPECT_FALSE(EvalKey(c, {"a", "c"}));
  EXPECT_FALSE(EvalKey(c, {"c"}));
}

TEST(QualifierTest, ForAllValuesNegated) {
  const ConditionClause c = Clause("ForAllValues:StringNotEquals", "k", {"a", "b"});
  EXPECT_TRUE(EvalKey(c, {}));
  EXPECT_TRUE(EvalKey(c, {"c", "d"}));
  EXPECT_FALSE(EvalKey(c, {"c", "a"}));
}

TEST(QualifierTest, ForAllValuesWithTypeMismatch) {
  const ConditionClause c = Clause("ForAllValues:NumericLessThan", "n", {"10"});
  EXPECT_TRUE(EvalKey(c, {"1", "2"}));
  EXPECT_FALSE(EvalKey(c, {"1", "x"}));
  const ConditionClause any = Clause("ForAnyValue:NumericLessThan", "n", {"10"});
  EXPECT_TRUE(EvalKey(any, {"x", "1"}));
  EXPECT_FALSE(EvalKey(any, {"x", "y"}));
}

TEST(QualifierTest, QualifiedLikeAndIp) {
  const ConditionClause like = Clause("ForAllValues:StringLike", "k", {"team-*"});
  EXPECT_TRUE(EvalKey(like, {"team-a", "team-b"}));
  EXPECT_FALSE(EvalKey(like, {"team-a", "ops"}));
  const ConditionClause ip = Clause("ForAnyValue:NotIpAddress", "ip", {"10.0.0.0/8"});
  EXPECT_TRUE(EvalKey(ip, {"10.0.0.1", "8.8.8.8"}));
  EXPECT_FALSE(EvalKey(ip, {"10.0.0.1", "10.0.0.2"}));
  EXPECT_FALSE(EvalKey(ip, {}));
}

TEST(IfExistsTest, MissingKeyIsTrue) {
  for (std::string_view name :
       {"StringEqualsIfExists", "StringNotEqualsIfExists", "StringLikeIfExists",
        "StringNotLikeIfExists", "StringEqualsIgnoreCaseIfExists",
        "StringNotEqualsIgnoreCaseIfExists", "ForAnyValue:StringEqualsIfExists",
        "ForAllValues:StringEqualsIfExists", "ForAnyValue:StringNotEqualsIfExists"}) {
    EXPECT_TRUE(EvalKey(Clause(name, "k", {"a"}), {})) << name;
  }
  EXPECT_TRUE(EvalKey(Clause("NumericLessThanIfExists", "k", {"1"}), {}));
  EXPECT_TRUE(EvalKey(Clause("NumericNotEqualsIfExists", "k", {"1"}), {}));
  EXPECT_TRUE(EvalKey(Clause("DateGreaterThanIfExists", "k", {"2020-01-01"}), {}));
  EXPECT_TRUE(EvalKey(Clause("DateNotEqualsIfExists", "k", {"2020-01-01"}), {}));
  EXPECT_TRUE(EvalKey(Clause("IpAddressIfExists", "k", {"10.0.0.0/8"}), {}));
  EXPECT_TRUE(EvalKey(Clause("NotIpAddressIfExists", "k", {"10.0.0.0/8"}), {}));
}

TEST(IfExistsTest, PresentKeyBehavesAsWithoutSuffix) {
  const ConditionClause eq = Clause("StringEqualsIfExists", "k", {"a"});
  EXPECT_TRUE(EvalKey(eq, {"a"}));
  EXPECT_FALSE(EvalKey(eq, {"b"}));
  EXPECT_TRUE(EvalKey(eq, {"b", "a"}));
  const ConditionClause ne = Clause("StringNotEqualsIfExists", "k", {"a"});
  EXPECT_FALSE(EvalKey(ne, {"a"}));
  EXPECT_TRUE(EvalKey(ne, {"b"}));
  EXPECT_FALSE(EvalKey(ne, {"b", "a"}));
  const ConditionClause lt = Clause("NumericLessThanIfExists", "k", {"5"});
  EXPECT_TRUE(EvalKey(lt, {"4"}));
  EXPECT_FALSE(EvalKey(lt, {"5"}));
  EXPECT_FALSE(EvalKey(lt, {"x"}));
  const ConditionClause ip = Clause("IpAddressIfExists", "k", {"10.0.0.0/8"});
  EXPECT_TRUE(EvalKey(ip, {"10.2.3.4"}));
  EXPECT_FALSE(EvalKey(ip, {"11.2.3.4"}));
  const ConditionClause all = Clause("ForAllValues:StringLikeIfExists", "k", {"a*"});
  EXPECT_TRUE(EvalKey(all, {"ab", "ac"}));
  EXPECT_FALSE(EvalKey(all, {"ab", "b"}));
  const ConditionClause any = Clause("ForAnyValue:StringEqualsIfExists", "k", {"a"});
  EXPECT_FALSE(EvalKey(any, {"b"}));
  EXPECT_TRUE(EvalKey(any, {"b", "a"}));
}

// Every negated operator is its positive twin's negation for a single-valued or missing key.
TEST(NegationTest, NegatedIsComplementForSingleValues) {
  struct Pair {
    std::string_view positive, negated, policy;
  };
  const Pair pairs[] = {
      {"StringEquals", "StringNotEquals", "abc"},
      {"StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "ABC"},
      {"StringLike", "StringNotLike", "a*"},
      {"NumericEquals", "NumericNotEquals", "3"},
      {"DateEquals", "DateNotEquals", "2020-01-01"},
      {"IpAddress", "NotIpAddress", "10.0.0.0/8"},
  };
  for (const Pair& pair : pairs) {
    const ConditionClause pos = Clause(pair.positive, "k", {pair.policy});
    const ConditionClause neg = Clause(pair.negated, "k", {pair.policy});
    for (std::string_view v : {"abc", "ABC", "a", "b", "3", "3.0", "2020-01-01T00:00:00Z",
                               "10.0.0.1", "11.0.0.1", "", "garbage"}) {
      EXPECT_NE(EvalKey(pos, {v}), EvalKey(neg, {v})) << pair.positive << " on \"" << v << "\"";
    }
    EXPECT_NE(EvalKey(pos, {}), EvalKey(neg, {})) << pair.positive << " with the key missing";
  }
}

// ---------------------------------------------------------------------------------------------
// EvaluateConditions

TEST(EvaluateConditionsTest, ClausesAreAnded) {
  const std::vector<ConditionClause> clauses = {
      Clause("StringEquals", "acs:SourceVpc", {"vpc-1"}),
      Clause("IpAddress", "acs:SourceIp", {"192.168.0.0/16"}),
      Clause("Bool", "acs:SecureTransport", {"true"}),
  };
  const std::vector<ContextEntry> ok = {
      {"acs:SourceVpc", "vpc-1"}, {"acs:SourceIp", "192.168.3.4"}, {"acs:SecureTransport", "true"}};
  EXPECT_TRUE(EvaluateConditions(clauses, ok));
  const std::vector<ContextEntry> insecure = {
      {"acs:SourceVpc", "vpc-1"}, {"acs:SourceIp", "192.168.3.4"}, {"acs:SecureTransport", "false"}};
  EXPECT_FALSE(EvaluateConditions(clauses, insecure));
  const std::vector<ContextEntry> missing = {{"acs:SourceVpc", "vpc-1"},
                                             {"acs:SecureTransport", "true"}};
  EXPECT_FALSE(EvaluateConditions(clauses, missing));
  EXPECT_TRUE(EvaluateConditions({}, ok));
  EXPECT_TRUE(EvaluateConditions({}, {}));
}

// ---------------------------------------------------------------------------------------------
// Allocation

TEST(AllocationTest, EvaluationAndGlobDoNotAllocate) {
  const std::vector<ConditionClause> clauses = {
      Clause("StringEquals", "s", {"x", "y"}),
      Clause("StringNotEqualsIgnoreCase", "s", {"Z"}),
      Clause("ForAllValues:StringLike", "s", {"*", "a*b?c"}),
      Clause("NumericLessThan", "n", {"1e3"}),
      Clause("NumericGreaterThanEquals", "n", {"-5.5"}),
      Clause("DateLessThan", "t", {"2030-01-01T00:00:00+08:00"}),
      Clause("ForAnyValue:DateGreaterThan", "t", {"2000-02-29T12:00:00.5Z"}),
      Clause("Bool", "b", {"true"}),
      Clause("IpAddress", "ip", {"10.0.0.0/8", "2001:db8::/32"}),
      Clause("NotIpAddressIfExists", "ip6", {"fd00::/8"}),
      Clause("StringEqualsIfExists", "missing", {"m"}),
  };
  const std::vector<ContextEntry> context = {
      {"s", "x"},           {"n", "12.75"},
      {"n", "3e2"},         {"t", "2024-02-29T23:59:59.123456-05:30"},
      {"b", "TRUE"},        {"ip", "10.20.30.40"},
      {"ip", "2001:db8::7"}, {"ip6", "::ffff:192.168.0.1"},
      {"ip6", "1:2:3:4:5:6:7:8"}, {"junk", "garbage"},
  };
  const std::string long_text(4096, 'a');
  const long before = g_allocations.load();
  const bool all = EvaluateConditions(clauses, context);
  int clause_results = 0;
  for (const ConditionClause& clause : clauses) clause_results += EvaluateClause(clause, context);
  const bool glob1 = GlobMatch("acs:oss:*:*:bucket/*/key?", "acs:oss:*:*:bucket/a/b/keyZ",
                               CaseMode::kSensitive);
  const bool glob2 = GlobMatch("A*A*A*B", long_text, CaseMode::kInsensitive);
  const bool glob3 = GlobMatch("ecs:describeinstances", "ECS:DescribeInstances",
                               CaseMode::kInsensitive);
  const std::optional<double> number = ParseNumber("123.456e-2");
  const std::optional<int64_t> time = ParseIsoDateTime("2019-08-12T17:00:00.25+08:00");
  const std::optional<IpNetwork> ip = ParseIpNetwork("2001:db8::1.2.3.4/120");
  const long after = g_allocations.load();
  EXPECT_EQ(after - before, 0);
  EXPECT_TRUE(all);
  EXPECT_EQ(clause_results, static_cast<int>(clauses.size()));
  EXPECT_TRUE(glob1);
  EXPECT_FALSE(glob2);
  EXPECT_TRUE(glob3);
  EXPECT_TRUE(number.has_value());
  EXPECT_TRUE(time.has_value());
  EXPECT_TRUE(ip.has_value());
}

TEST(AllocationTest, CounterWorks) {
  const long before = g_allocations.load();
  auto* p = new std::string(100, 'x');
  const long after = g_allocations.load();
  delete p;
  EXPECT_GE(after - before, 1);
}

}  // namespace
}  // namespace paiam::policy
