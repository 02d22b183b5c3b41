// The random generator. Vocabulary sizes and probabilities are tuned so that every decision
// (Allow, ExplicitDeny, ImplicitDeny) is common and every index bucket of the compiled
// evaluator (exact, ram-code, global, NotAction) is exercised, alone and in combination.

#include "support/random_policy.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "policy/condition.h"

namespace paiam::testsupport {

namespace {

using policy::ConditionClause;
using policy::OperatorFamily;
using policy::PrincipalEntry;
using policy::PrincipalType;

const std::vector<std::string> kRamCodes = {"oss", "ecs", "paidataset", "pai", "sts"};
const std::vector<std::string> kApis = {"GetObject",     "PutObject",    "ListObjects",
                                        "DeleteDataset", "ListDatasets", "DescribeInstances",
                                        "AssumeRole"};
// Actions a request may carry besides code:Api: edge cases for ram-code extraction.
const std::vector<std::string> kOddActions = {
    "", "oss", "oss:", ":GetObject", "oss:Get:Object", "paidataset:ListDatasets:x"};
const std::vector<std::string> kCodeSuffixes = {"*",         "Get*",      "List*",   "*Object",
                                                "*Dataset*", "G?tObject", "Delete*", "*s",
                                                "Put?bject", "Describe*", "Get**",   "List"};
const std::vector<std::string> kGlobalActions = {
    "*",          "*:List*", "o?s:*",      "*Object",    "pai*:*",   "?ss:GetObject",
    "*:*Dataset", "*s*",     "*:*",        "p*:Delete*", "??s:*",    "oss*",
    "P*",         "**",      "*:*Object*", ":Get*",      ":*Object", "oss:Get:*"};

const std::vector<std::string> kResources = {
    "acs:oss:*:123:bucket/obj",
    "acs:oss:*:123:bucket",
    "acs:oss:*:123:bucket/dir/obj2",
    "acs:oss:*:456:other/key.txt",
    "acs:paidataset:cn-hangzhou:123:workspace/ws1/dataset/d1",
    "acs:paidataset:cn-hangzhou:123:workspace/ws2/dataset/d2",
    "acs:ram::123:role/admin",
    "acs:ecs:cn-beijing:123:instance/i-1",
};
const std::vector<std::string> kResourcePatterns = {
    "*",
    "acs:oss:*:*:bucket/*",
    "acs:oss:*:123:*",
    "acs:paidataset:*:*:workspace/ws1/*",
    "acs:*:*:123:*",
    "acs:oss:*:123:bucket/ob?",
    "ACS:OSS:*:123:bucket/obj",
    "acs:paidataset:cn-hangzhou:123:workspace/*/dataset/d?",
    "acs:ecs:*:*:instance/*",
    "*bucket*",
    "acs:ram::*:role/*",
    "acs:ram::123:role/*",  // prefix shapes: matched without GlobMatch by the compiled set
    "acs:paidataset:cn-hangzhou:123:*",
    "acs:oss**",
    "acs:oss:*:123:bucket/obj?",
};

const std::vector<std::string> kRamPrincipals = {"*",
                                                 "acs:ram::123:root",
                                                 "123",
                                                 "456",
                                                 "acs:ram::123:user/alice",
                                                 "ACS:RAM::123:USER/ALICE",
                                                 "acs:ram::456:user/bob",
                                                 "acs:ram::123:role/admin",
                                                 "acs:ram::456:root"};
const std::vector<std::string> kServices = {"pai.aliyuncs.com", "PAI.Aliyuncs.com",
                                            "oss.aliyuncs.com"};
const std::vector<std::string> kFederated = {"acs:ram::123:saml-provider/idp",
                                             "acs:ram::123:SAML-provider/idp"};

struct CallerShape {
  const char* arn;
  const char* account;
  const char* service;
};
const std::vector<CallerShape> kCallers = {
    {"acs:ram::123:user/alice", "123", ""},        {"acs:ram::123:role/admin", "123", ""},
    {"acs:ram::456:user/bob", "456", ""},          {"", "", "pai.aliyuncs.com"},
    {"acs:ram::123:saml-provider/idp", "123", ""}, {"", "", ""},
};

// A condition key with its natural family, the values policies use and the values requests
// carry (including some that do not parse in that family).
struct KeyShape {
  const char* key;
  OperatorFamily family;
  std::vector<std::string> policy_values;
  std::vector<std::string> context_values;
};
const std::vector<KeyShape>& Keys() {
  static const auto* keys = new std::vector<KeyShape>{
      {"pai:Accessibility",
       OperatorFamily::kString,
       {"PUBLIC", "PRIVATE", "public", "PUB*", "*"},
       {"PUBLIC", "PRIVATE", "public", "Private"}},
      {"pai:EntityAccessType",
       OperatorFamily::kString,
       {"CREATOR", "OTHERS", "creator", "C?EATOR"},
       {"CREATOR", "OTHERS", "creator"}},
      {"acs:SourceIp",
       OperatorFamily::kIpAddress,
       {"10.0.0.0/8", "10.0.0.1", "192.168.1.0/24", "::1", "fd00::/8", "0.0.0.0/0"},
       {"10.0.0.1", "10.1.2.3", "192.168.1.77", "::1", "fd00::5", "8.8.8.8", "not-an-ip"}},
      {"acs:CurrentTime",
       OperatorFamily::kDate,
       {"2024-01-01T00:00:00Z", "2025-06-15T12:00:00+08:00", "2024-01-01", "2030-12-31T23:59:59Z"},
       {"2024-06-01T00:00:00Z", "2023-01-01T00:00:00Z", "2031-01-01T00:00:00Z",
        "2024-01-01T08:00:00+08:00", "garbage"}},
      {"oss:BucketTag/Product",
       OperatorFamily::kString,
       {"pai", "PAI", "oss", "p*"},
       {"pai", "PAI", "oss", "other"}},
      {"acs:SecureTransport",
       OperatorFamily::kBool,
       {"true", "false"},
       {"true", "false", "TRUE", "yes"}},
      {"paiam:Count",
       OperatorFamily::kNumeric,
       {"1", "5", "10.5", "-3", "1e1"},
       {"1", "5", "10", "10.5", "-3", "x"}},
  };
  return *keys;
}

// Values any operator of a family accepts, for clauses whose family does not fit their key.
std::vector<std::string> GenericValues(OperatorFamily family) {
  switch (family) {
    case OperatorFamily::kString:
      return {"PUBLIC", "10.0.0.1", "*", "true", "5"};
    case OperatorFamily::kNumeric:
      return {"1", "5", "0"};
    case OperatorFamily::kDate:
      return {"2024-01-01T00:00:00Z", "2020-01-01"};
    case OperatorFamily::kBool:
      return {"true", "false"};
    case OperatorFamily::kIpAddress:
      return {"10.0.0.0/8", "::/0"};
  }
  return {};
}

const char* FamilyPrefix(OperatorFamily family) {
  switch (family) {
    case OperatorFamily::kString:
      return "String";
    case OperatorFamily::kNumeric:
      return "Numeric";
    case OperatorFamily::kDate:
      return "Date";
    case OperatorFamily::kBool:
      return "Bool";
    case OperatorFamily::kIpAddress:
      return "IpAddress";
  }
  return "";
}

// A random operator name of `family`, e.g. "ForAllValues:StringNotLikeIfExists".
std::string OperatorName(RandomSource& random, OperatorFamily family) {
  static const std::vector<std::string> kString = {
      "Equals", "NotEquals", "EqualsIgnoreCase", "NotEqualsIgnoreCase", "Like", "NotLike"};
  static const std::vector<std::string> kOrdered = {
      "Equals", "NotEquals", "LessThan", "LessThanEquals", "GreaterThan", "GreaterThanEquals"};
  std::string name;
  switch (family) {
    case OperatorFamily::kString:
      name = "String" + random.Pick(kString);
      break;
    case OperatorFamily::kNumeric:
    case OperatorFamily::kDate:
      name = FamilyPrefix(family) + random.Pick(kOrdered);
      break;
    case OperatorFamily::kBool:
      name = "Bool";
      break;
    case OperatorFamily::kIpAddress:
      name = random.OneIn(2) ? "IpAddress" : "NotIpAddress";
      break;
  }
  if (random.OneIn(5)) name += "IfExists";
  switch (random.Below(8)) {
    case 0:
      return "ForAnyValue:" + name;
    case 1:
      return "ForAllValues:" + name;
    default:
      return name;
  }
}

}  // namespace

RandomSource::RandomSource(const uint8_t* data, size_t size) : data_(data), size_(size) {
  uint64_t hash = 14695981039346656037ull;
  for (size_t i = 0; i < size; ++i) hash = (hash ^ data[i]) * 1099511628211ull;
  state_ = hash;
}

uint64_t RandomSource::NextPrng() {  // splitmix64
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint32_t RandomSource::Below(uint32_t n) {
  if (pos_ < size_) return data_[pos_++] % n;
  return static_cast<uint32_t>(NextPrng() % n);
}

policy::Request OwnedRequest::View() {
  entries.clear();
  for (const auto& [key, value] : context) entries.push_back({key, value});
  return policy::Request{action, resource, entries, {arn, account, service}};
}

PolicyCase RandomPolicyGenerator::Case() {
  PolicyCase result;
  uint32_t identity = random_.OneIn(20) ? 0 : 1 + random_.Below(3);
  for (uint32_t i = 0; i < identity; ++i) {
    result.identity.push_back(Policy("p" + std::to_string(i)));
  }
  result.has_session = random_.OneIn(3);
  if (result.has_session) {
    uint32_t session = random_.OneIn(10) ? 0 : 1 + random_.Below(2);
    for (uint32_t i = 0; i < session; ++i) {
      result.session.push_back(Policy("s" + std::to_string(i)));
    }
  }
  return result;
}

policy::Policy RandomPolicyGenerator::Policy(const std::string& name) {
  policy::Policy result;
  result.name = name;
  uint32_t statements = 1 + random_.Below(4);
  for (uint32_t i = 0; i < statements; ++i) result.document.statements.push_back(Statement());
  return result;
}

policy::Statement RandomPolicyGenerator::Statement() {
  policy::Statement s;
  if (random_.OneIn(4)) s.sid = "S" + std::to_string(random_.Below(100));
  s.effect = random_.OneIn(3) ? policy::Effect::kDeny : policy::Effect::kAllow;
  s.not_action = random_.OneIn(7);
  for (uint32_t n = 1 + random_.Below(3); n > 0; --n) s.actions.push_back(ActionPattern());
  uint32_t shape = random_.Below(10);  // 0: trust (no Resource), 1: resource policy, else identity
  s.has_resource = shape != 0;
  s.has_principal = shape <= 1;
  if (s.has_resource) {
    s.not_resource = random_.OneIn(7);
    for (uint32_t n = 1 + random_.Below(3); n > 0; --n) s.resources.push_back(ResourcePattern());
  }
  if (s.has_principal) s.principals = Principals();
  s.conditions = Conditions();
  return s;
}

std::string RandomPolicyGenerator::ActionPattern() {
  switch (random_.Below(10)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return VaryCase(random_.Pick(kRamCodes) + ":" + random_.Pick(kApis));
    case 4:
    case 5:
    case 6:
      return VaryCase(random_.Pick(kRamCodes) + ":" + random_.Pick(kCodeSuffixes));
    default:
      return VaryCase(random_.Pick(kGlobalActions));
  }
}

std::string RandomPolicyGenerator::Action() {
  if (random_.OneIn(40)) return random_.Pick(kOddActions);
  return VaryCase(random_.Pick(kRamCodes) + ":" + random_.Pick(kApis));
}

std::string RandomPolicyGenerator::ResourcePattern() {
  return random_.OneIn(2) ? random_.Pick(kResources) : random_.Pick(kResourcePatterns);
}

// Mostly unchanged; sometimes upper-cased or with random letters flipped ("OSS:getObject").
std::string RandomPolicyGenerator::VaryCase(std::string text) {
  uint32_t mode = random_.Below(6);
  if (mode >= 2) return text;
  for (char& c : text) {
    bool flip = mode == 0 || random_.OneIn(2);
    if (!flip) continue;
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 32);
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c + 32);
    }
  }
  return text;
}

std::vector<PrincipalEntry> RandomPolicyGenerator::Principals() {
  if (random_.OneIn(8)) return {PrincipalEntry{PrincipalType::kAny, ""}};
  std::vector<PrincipalEntry> entries;
  for (uint32_t n = 1 + random_.Below(3); n > 0; --n) {
    switch (random_.Below(4)) {
      case 0:
      case 1:
        entries.push_back({PrincipalType::kRam, random_.Pick(kRamPrincipals)});
        break;
      case 2:
        entries.push_back({PrincipalType::kService, random_.Pick(kServices)});
        break;
      default:
        entries.push_back({PrincipalType::kFederated, random_.Pick(kFederated)});
        break;
    }
  }
  return entries;
}

std::vector<ConditionClause> RandomPolicyGenerator::Conditions() {
  uint32_t count = random_.Below(10);
  count = count < 5 ? 0 : count < 8 ? 1 : 2 + random_.Below(2);
  std::vector<ConditionClause> clauses;
  std::set<std::pair<std::string, std::string>> seen;  // (operator, key) must be unique in JSON
  for (uint32_t i = 0; i < count; ++i) {
    std::optional<ConditionClause> clause = Clause(random_.Below(Keys().size()));
    if (!clause || !seen.emplace(clause->op.Name(), clause->key).second) continue;
    clauses.push_back(std::move(*clause));
  }
  return clauses;
}

std::optional<ConditionClause> RandomPolicyGenerator::Clause(size_t key) {
  const KeyShape& shape = Keys()[key];
  bool natural = !random_.OneIn(5);
  OperatorFamily family = natural ? shape.family : static_cast<OperatorFamily>(random_.Below(5));
  std::optional<policy::ConditionOperator> op =
      policy::ParseConditionOperator(OperatorName(random_, family));
  if (!op) return std::nullopt;
  ConditionClause clause;
  clause.op = *op;
  clause.key = shape.key;
  std::vector<std::string> values =
      family == shape.family ? shape.policy_values : GenericValues(family);
  for (uint32_t n = 1 + random_.Below(3); n > 0; --n) {
    std::string error;
    std::optional<policy::ConditionValue> value =
        policy::ParseConditionValue(family, random_.Pick(values), &error);
    if (value) clause.values.push_back(std::move(*value));
  }
  if (clause.values.empty()) return std::nullopt;
  return clause;
}

OwnedRequest RandomPolicyGenerator::Request() {
  OwnedRequest request;
  request.action = Action();
  request.resource = random_.OneIn(40) ? "" : random_.Pick(kResources);
  const CallerShape& caller = random_.Pick(kCallers);
  request.arn = caller.arn;
  request.account = caller.account;
  request.service = caller.service;
  for (const KeyShape& shape : Keys()) {
    uint32_t roll = random_.Below(20);
    uint32_t count = roll < 7 ? 0 : roll < 16 ? 1 : 2 + random_.Below(2);
    for (uint32_t i = 0; i < count; ++i) {
      request.context.emplace_back(shape.key, random_.Pick(shape.context_values));
    }
  }
  // Multi-valued keys need not be adjacent, and keys are case-sensitive.
  if (request.context.size() > 1 && random_.OneIn(4)) {
    std::swap(request.context.front(), request.context.back());
  }
  if (random_.OneIn(30)) request.context.emplace_back("PAI:accessibility", "PUBLIC");
  return request;
}

}  // namespace paiam::testsupport
