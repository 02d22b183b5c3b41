// libFuzzer target: the fuzz input drives the random policy generator (one byte per choice, then
// a PRNG seeded from the input), and the reference and compiled evaluators must agree on every
// generated request. On disagreement the case is shrunk, printed as JSON, and the run aborts.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "policy/evaluator.h"
#include "support/random_policy.h"

namespace {

constexpr int kRequestsPerInput = 16;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace paiam;  // NOLINT(build/namespaces): a short entry point
  testsupport::RandomSource random(data, size);
  testsupport::RandomPolicyGenerator generator(&random);
  testsupport::PolicyCase policies = generator.Case();
  policy::CompiledPolicySet compiled(policies.identity, policies.session, policies.has_session);
  testsupport::Answers answers;
  for (int i = 0; i < kRequestsPerInput; ++i) {
    testsupport::OwnedRequest request = generator.Request();
    testsupport::EvaluateBoth(policies, compiled, request, &answers);
    if (answers.Agree()) continue;
    std::string reproducer = testsupport::ShrinkAndDescribe(policies, request);
    std::fprintf(stderr, "reference and compiled evaluators disagree:\n%s\n", reproducer.c_str());
    std::abort();
  }
  return 0;
}
