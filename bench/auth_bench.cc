// Google Benchmarks for request authentication (src/auth): the per-request cost the server pays
// before it authorizes anything. The server's budget is >= 50,000 signed /v1/check requests per
// second on 2 cores shared with the load generator, so authentication must stay well under
// ~10 us of CPU per request.
//   BM_Sha256Hex/64, /1024   hex SHA-256 of a 64 B / 1 KB input
//   BM_HmacSha256Hex         hex HMAC-SHA256 of an ACS3 string to sign (30 B key)
//   BM_VerifyAcs3            ParseSignature + VerifySignature of a signed POST /v1/check with a
//                            120-byte JSON body and the header set the Alibaba Cloud SDK sends
//   BM_VerifyRpcV1           the same for an RPC v1 (HMAC-SHA1) signed GET with 8 parameters
//   BM_ReplayGuard           CheckAndRecord in steady state: a fresh nonce per call, the clock
//                            advancing 1 ms per call, so every call also evicts one entry
//                            (about 60,000 live entries)
// Run: build-cperf/bench/auth_bench --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "auth/auth_test_util.h"
#include "auth/crypto.h"
#include "auth/replay_guard.h"
#include "auth/signature.h"

namespace paiam::auth {
namespace {

constexpr char kAccessKeyId[] = "LTAI5tBenchAccessKeyId01";
constexpr char kSecret[] = "BenchSecretBenchSecretBench012";

// The auth tests' owning request: sign, then hand the verifier a view of it.
using SignedRequest = paiam::auth::testing::WireRequest;


void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "auth_bench: %s\n", what);
  std::abort();
}

SignedRequest SignedCheck() {
  OutgoingRequest out;
  out.method = "POST";
  out.raw_path = "/v1/check";
  out.body =
      R"({"principal":"acs:ram::1234567890123456:user/alice","action":"paidlc:GetJob",)"
      R"("resource":"acs:paidlc:*:1234567890123456:job/dlc1a2b3c4"})";
  out.body.resize(120, ' ');
  out.headers = {
      {"host", "paiam.example.internal:8080"},
      {"content-type", "application/json; charset=utf-8"},
      {"content-length", std::to_string(out.body.size())},
      {"accept", "application/json"},
      {"user-agent", "AlibabaCloud (linux; x64) Node.js/v20.11.1 Core/1.0.1 TeaDSL/2"},
      {"x-acs-action", "Check"},
      {"x-acs-version", "2024-01-01"},
  };
  SignAcs3(out, kAccessKeyId, kSecret, "6a2d3e5b-8f1c-4c1e-9a7b-1f2e3d4c5b6a",
           "2024-06-01T12:00:00Z");
  return SignedRequest::From(out);
}

SignedRequest SignedRpcV1() {
  OutgoingRequest out;
  out.method = "GET";
  out.raw_path = "/";
  out.query = {{"Action", "GetUser"}, {"Version", "2015-05-01"}, {"UserName", "alice"}};
  out.headers = {{"host", "paiam.example.internal:8080"}, {"accept", "application/json"}};
  SignRpcV1(out, kAccessKeyId, kSecret, "6a2d3e5b-8f1c-4c1e-9a7b-1f2e3d4c5b6a",
            "2024-06-01T12:00:00Z");
  return SignedRequest::From(out);
}

void BM_Sha256Hex(benchmark::State& state) {
  std::string data(static_cast<size_t>(state.range(0)), 'x');
  for (auto _ : state) benchmark::DoNotOptimize(Sha256Hex(data));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Sha256Hex)->Arg(64)->Arg(1024);

void BM_HmacSha256Hex(benchmark::State& state) {
  std::string message =
      "ACS3-HMAC-SHA256\n7e1b5c2a9d3f4e6b8a0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a";
  for (auto _ : state) benchmark::DoNotOptimize(HmacSha256Hex(kSecret, message));
}
BENCHMARK(BM_HmacSha256Hex);

void Verify(benchmark::State& state, const SignedRequest& request) {
  HttpRequestView view = request.View();
  {
    StatusOr<SignatureClaim> claim = ParseSignature(view);
    Require(claim.ok() && VerifySignature(*claim, view, kSecret).ok(),
            "the benchmark request does not verify");
  }
  for (auto _ : state) {
    StatusOr<SignatureClaim> claim = ParseSignature(view);
    Status status = VerifySignature(*claim, view, kSecret);
    benchmark::DoNotOptimize(status);
  }
}

void BM_VerifyAcs3(benchmark::State& state) { Verify(state, SignedCheck()); }
BENCHMARK(BM_VerifyAcs3);

void BM_VerifyRpcV1(benchmark::State& state) { Verify(state, SignedRpcV1()); }
BENCHMARK(BM_VerifyRpcV1);

void BM_ReplayGuard(benchmark::State& state) {
  constexpr int64_t kWindowMs = 60'000;
  constexpr size_t kNonces = 1 << 17;  // > 2 × window: a nonce recurs only after it was evicted
  std::vector<std::string> nonces;
  nonces.reserve(kNonces);
  char buf[64];
  for (size_t i = 0; i < kNonces; ++i) {
    std::snprintf(buf, sizeof buf, "%08zx-8f1c-4c1e-9a7b-1f2e3d4c5b6a",
                  (i * 2654435761u) & 0xFFFFFFFFu);
    nonces.emplace_back(buf);
  }
  ReplayGuard guard(kWindowMs);
  int64_t now = 1'700'000'000'000;
  size_t i = 0;
  auto step = [&] {
    Status s = guard.CheckAndRecord(kAccessKeyId, nonces[i], now, now);
    if (++i == kNonces) i = 0;
    ++now;
    return s;
  };
  for (int64_t warm = 0; warm < 2 * kWindowMs; ++warm) Require(step().ok(), "warm-up refused");
  for (auto _ : state) {
    Status s = step();
    benchmark::DoNotOptimize(s);
  }
  state.counters["live_nonces"] = static_cast<double>(guard.size());
}
BENCHMARK(BM_ReplayGuard);

}  // namespace
}  // namespace paiam::auth

BENCHMARK_MAIN();
