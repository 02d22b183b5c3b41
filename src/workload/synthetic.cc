#include "workload/synthetic.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string_view>

#include "policy/parser.h"

namespace paiam::workload {
namespace {

constexpr std::array<std::string_view, 30> kRamCodes = {
    "oss",          "ecs",       "vpc",        "log",          "ram",         "sts",
    "pai",          "paidataset", "paidlc",    "paidsw",       "paiworkspace", "eas",
    "paiflow",      "paimodel",  "paiimage",   "paicodesource", "paiautoml",  "pailangstudio",
    "paiartlab",    "paiexperiment", "featurestore", "arms",   "bss",         "dataworks",
    "cs",           "rds",       "kms",        "slb",          "fc",          "mns"};
constexpr std::array<std::string_view, 8> kVerbs = {"Get",    "List",     "Create", "Delete",
                                                    "Update", "Describe", "Start",  "Stop"};
constexpr std::array<std::string_view, 15> kNouns = {
    "Object", "Bucket",   "Instance", "Job",        "Dataset", "Model", "Service", "Workspace",
    "Member", "Config",   "Image",    "Snapshot",   "Pipeline", "Experiment", "Trial"};
constexpr std::string_view kAccount = "123456789012";
constexpr int kWorkspaces = 8;

// A tiny deterministic generator: the same seed gives the same workload on every platform
// (std distributions are not portable across standard libraries).
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  size_t Below(size_t n) { return static_cast<size_t>(engine_() % n); }
  bool Percent(int p) { return Below(100) < static_cast<size_t>(p); }
  template <typename T, size_t N>
  std::string_view Pick(const std::array<T, N>& items) { return items[Below(N)]; }

 private:
  std::mt19937_64 engine_;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return out;
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string ActionElement(Rng& rng) {
  std::string_view code = rng.Pick(kRamCodes);
  int form = static_cast<int>(rng.Below(1000));
  if (form < 2) return "\"Action\":\"*:" + std::string(rng.Pick(kVerbs)) + "*\"";
  if (form < 60) return "\"Action\":\"" + std::string(code) + ":*\"";
  if (form < 250) {
    return "\"Action\":\"" + std::string(code) + ":" + std::string(rng.Pick(kVerbs)) + "*\"";
  }
  std::string list = "\"Action\":[";
  int n = 1 + static_cast<int>(rng.Below(4));
  for (int i = 0; i < n; ++i) {
    if (i) list += ",";
    list += Quoted(std::string(code) + ":" + std::string(rng.Pick(kVerbs)) +
                   std::string(rng.Pick(kNouns)));
  }
  return list + "]";
}

std::string ResourceElement(Rng& rng) {
  std::string code(rng.Pick(kRamCodes));
  std::string ws = "ws" + std::to_string(rng.Below(kWorkspaces));
  int form = static_cast<int>(rng.Below(100));
  if (form < 50) return "\"Resource\":\"*\"";
  if (form < 65) return "\"Resource\":\"acs:" + code + ":*:*:*\"";
  if (form < 90) {
    return "\"Resource\":\"acs:" + code + ":cn-hangzhou:" + std::string(kAccount) + ":workspace/" +
           ws + "/*\"";
  }
  return "\"Resource\":\"acs:" + code + ":*:" + std::string(kAccount) + ":workspace/" + ws + "/" +
         Lower(rng.Pick(kNouns)) + "/id" + std::to_string(rng.Below(50)) + "\"";
}

std::string ConditionElement(Rng& rng) {
  switch (rng.Below(4)) {
    case 0: return ",\"Condition\":{\"StringEquals\":{\"pai:Accessibility\":\"PUBLIC\"}}";
    case 1: return ",\"Condition\":{\"IpAddress\":{\"acs:SourceIp\":[\"10.0.0.0/8\",\"192.168.0.0/16\"]}}";
    case 2: return ",\"Condition\":{\"StringEquals\":{\"pai:EntityAccessType\":\"CREATOR\"}}";
    default: return ",\"Condition\":{\"DateLessThan\":{\"acs:CurrentTime\":\"2030-01-01T00:00:00Z\"}}";
  }
}

std::string StatementText(Rng& rng, int index) {
  std::string s = "{\"Sid\":\"s" + std::to_string(index) + "\",\"Effect\":\"";
  s += rng.Percent(5) ? "Deny" : "Allow";
  s += "\"," + ActionElement(rng) + "," + ResourceElement(rng);
  if (rng.Percent(20)) s += ConditionElement(rng);
  return s + "}";
}

}  // namespace

std::vector<std::string> SyntheticPolicyTexts(const WorkloadShape& shape) {
  Rng rng(shape.seed);
  std::vector<std::string> texts;
  texts.reserve(static_cast<size_t>(shape.policies));
  for (int p = 0; p < shape.policies; ++p) {
    std::string doc = "{\"Version\":\"1\",\"Statement\":[";
    for (int s = 0; s < shape.statements_per_policy; ++s) {
      if (s) doc += ",";
      doc += StatementText(rng, s);
    }
    texts.push_back(doc + "]}");
  }
  return texts;
}

std::vector<policy::Policy> SyntheticPolicies(const WorkloadShape& shape) {
  std::vector<policy::Policy> policies;
  int index = 0;
  for (const std::string& text : SyntheticPolicyTexts(shape)) {
    policy::ParseResult parsed = policy::ParsePolicy(text);
    if (!parsed.ok()) {
      std::fprintf(stderr, "synthetic policy does not parse: %s\n%s\n",
                   parsed.diagnostics.front().ToString().c_str(), text.c_str());
      std::abort();
    }
    policies.push_back({"p" + std::to_string(index++), "v1", std::move(*parsed.document)});
  }
  return policies;
}

std::vector<OwnedRequest> SyntheticRequests(int count, uint64_t seed) {
  Rng rng(seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<OwnedRequest> requests(static_cast<size_t>(count));
  for (OwnedRequest& r : requests) {
    std::string_view code = rng.Pick(kRamCodes);
    std::string_view noun = rng.Pick(kNouns);
    r.action = std::string(code) + ":" + std::string(rng.Pick(kVerbs)) + std::string(noun);
    r.resource = "acs:" + std::string(code) + ":cn-hangzhou:" + std::string(kAccount) +
                 ":workspace/ws" + std::to_string(rng.Below(kWorkspaces)) + "/" + Lower(noun) +
                 "/id" + std::to_string(rng.Below(50));
    r.context_storage = {
        {"pai:Accessibility", rng.Percent(50) ? "PUBLIC" : "PRIVATE"},
        {"pai:EntityAccessType", rng.Percent(50) ? "CREATOR" : "OTHERS"},
        {"acs:SourceIp", rng.Percent(70) ? "10.1.2.3" : "203.0.113.9"},
        {"acs:CurrentTime", "2026-11-24T10:00:00Z"}};
    for (const auto& [key, value] : r.context_storage) r.context.push_back({key, value});
  }
  return requests;
}

std::string SyntheticDocumentOfSize(size_t bytes, uint64_t seed) {
  Rng rng(seed);
  std::string doc = "{\n  \"Version\": \"1\",\n  \"Statement\": [";
  int index = 0;
  for (;;) {
    std::string next = (index ? ",\n    " : "\n    ") + StatementText(rng, index);
    if (doc.size() + next.size() + 6 > bytes) break;
    doc += next;
    ++index;
  }
  return doc + "\n  ]\n}";
}

}  // namespace paiam::workload
