// Google Benchmarks for the authorizer on the issue-3 state: 10k users, 1k workspaces, 100k
// memberships, 1M assets. Targets: check median <= 300 ns; listing 10k visible assets <= 1 ms;
// state build <= 3 s; resident memory reported.
//
// The state is built once (about 10-20 s) through the Directory and Workspaces operations an
// API would call, then frozen into a Snapshot. Counters on every benchmark:
//   state_build_s     building Directory + Workspaces (every rule checked, 1M assets indexed)
//   snapshot_build_s  Snapshot::Build on it (policy compilation, principal/membership maps)
//   rss_mb            VmRSS after set-up (/proc/self/status)
//   snapshot_index_mb the snapshot's principal/workspace/membership tables
//   identity_sets     distinct compiled identity policy sets shared by the 10k users
// Run: build-authz/bench/authz_bench --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
// BM_Check/65536 is the headline figure: 64k distinct requests, so the snapshot's tables are
// mostly out of L1/L2 as in a server. BM_CheckAsset adds reading a random one of the 1M assets
// (its creator and visibility), which is usually a cache miss of its own.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "authz/authorizer.h"
#include "authz/snapshot.h"
#include "catalog/catalog.h"
#include "identity/arn.h"
#include "identity/directory.h"
#include "workspace/workspaces.h"

namespace paiam {
namespace {

using workspace::AssetType;

constexpr int kUsers = 10'000;
constexpr int kWorkspaces = 1'000;
constexpr int kMembersPerWorkspace = 100;
constexpr int kAssets = 1'000'000;
constexpr int kBigWorkspaceAssets = 20'000;  // workspace 0: the listing benchmark's
constexpr char kAccount[] = "1000000000000001";

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

double ResidentMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
  }
  return 0;
}

void Require(const Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "authz_bench set-up: %s\n", s.ToString().c_str());
    std::abort();
  }
}
template <typename T>
T Require(StatusOr<T> s) {
  Require(s.status());
  return std::move(*s);
}

std::string UserName(int u) { return "u" + std::to_string(u); }

identity::Directory BuildDirectory(std::mt19937& rng) {
  identity::Limits limits;
  limits.users_per_account = kUsers;
  identity::Directory dir = Require(identity::Directory::WithSystemPolicies(limits));
  Require(dir.CreateAccount(kAccount));
  Require(dir.CreatePolicy(kAccount, {"KeepDatasets", "", R"({"Version":"1","Statement":[
      {"Effect":"Deny","Action":"paidataset:DeleteDataset","Resource":"*"}]})"}));
  Require(dir.CreateGroup(kAccount, "keepers"));
  Require(dir.AttachPolicy(kAccount, {identity::PolicyType::kCustom, "KeepDatasets"},
                           identity::AttachTarget::kGroup, "keepers"));
  Require(dir.CreateGroup(kAccount, "platform"));
  Require(dir.AttachPolicy(kAccount, {identity::PolicyType::kSystem, "AliyunPAIFullAccess"},
                           identity::AttachTarget::kGroup, "platform"));
  for (int u = 0; u < kUsers; ++u) {
    identity::UserSpec user;
    user.name = UserName(u);
    user.id = std::to_string(3000000000000000 + u);
    Require(dir.CreateUser(kAccount, user));
    int kind = static_cast<int>(rng() % 100);
    if (kind < 10) {
      Require(dir.AttachPolicy(kAccount, {identity::PolicyType::kSystem, "AliyunPAIReadOnlyAccess"},
                               identity::AttachTarget::kUser, UserName(u)));
    } else if (kind < 13) {
      Require(dir.AddUserToGroup(kAccount, UserName(u), "platform"));
    }
    if (rng() % 20 == 0) Require(dir.AddUserToGroup(kAccount, UserName(u), "keepers"));
  }
  return dir;
}

struct BenchState {
  std::shared_ptr<const authz::Snapshot> snapshot;
  std::unique_ptr<authz::Authorizer> authz;
  std::vector<std::string> user_arns;
  std::vector<std::vector<int>> members;  // per workspace: user indexes
  double state_build_s = 0, snapshot_build_s = 0, rss_mb = 0;
};

void AddMembers(workspace::Workspaces& all, const identity::Directory& dir, int w,
                std::mt19937& rng, std::vector<int>* members) {
  static const std::vector<std::string> kRoles = {
      "PAI.WorkspaceAdmin", "PAI.AlgoDeveloper", "PAI.AlgoDeveloper",  "PAI.AlgoDeveloper",
      "PAI.AlgoOperator",   "PAI.LabelManager",  "PAI.WorkspaceGuest", "PAI.MaxComputeDeveloper"};
  std::vector<workspace::MemberSpec> specs;
  while (members->size() < kMembersPerWorkspace) {
    int u = static_cast<int>(rng() % kUsers);
    if (std::find(members->begin(), members->end(), u) != members->end()) continue;
    members->push_back(u);
    // Workspace 0's first member is a developer: the listing benchmark's caller.
    std::string role =
        w == 0 && specs.empty() ? "PAI.AlgoDeveloper" : kRoles[rng() % kRoles.size()];
    specs.push_back({std::to_string(3000000000000000 + u), {role}});
  }
  Require(all.AddMembers(std::to_string(w), specs, dir).status());
}

void AddAssets(workspace::Workspaces& all, BenchState& s, int w, int count, std::mt19937& rng) {
  std::string ws = std::to_string(w);
  const std::vector<int>& members = s.members[w];
  for (int i = 0; i < count; ++i) {
    workspace::AssetSpec spec;
    spec.type = w != 0 && i % 4 == 3 ? AssetType::kModel : AssetType::kDataset;
    spec.id = "a" + std::to_string(i);
    // In the big workspace, member 0 (the listing benchmark's developer) owns 1 asset in 200.
    int creator = w == 0 && i % 200 == 0 ? members[1] : members[rng() % members.size()];
    spec.creator = s.user_arns[creator];
    std::string id = Require(all.CreateAsset(ws, spec));
    if (rng() % 2 == 0) Require(all.PublishAsset(ws, spec.type, id));
  }
}

BenchState* Build() {
  auto* s = new BenchState;
  std::mt19937 rng(42);
  auto start = std::chrono::steady_clock::now();
  identity::Directory dir = BuildDirectory(rng);
  for (int u = 0; u < kUsers; ++u) s->user_arns.push_back(identity::UserArn(kAccount, UserName(u)));
  workspace::Workspaces all;
  s->members.resize(kWorkspaces);
  for (int w = 0; w < kWorkspaces; ++w) {
    int owner = w % kUsers;
    auto creator = dir.PrincipalByArn(s->user_arns[owner]);
    workspace::CreateWorkspaceRequest request;
    request.account_id = kAccount;
    request.region = "cn-hangzhou";
    request.name = "ws_" + std::to_string(w);
    request.id = std::to_string(w);
    Require(all.CreateWorkspace(request, *creator).status());
    s->members[w].push_back(owner);
    AddMembers(all, dir, w, rng, &s->members[w]);
  }
  const int per_workspace = (kAssets - kBigWorkspaceAssets) / (kWorkspaces - 1);
  for (int w = 0; w < kWorkspaces; ++w) {
    AddAssets(all, *s, w, w == 0 ? kBigWorkspaceAssets : per_workspace, rng);
  }
  s->state_build_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  s->snapshot =
      Require(authz::Snapshot::Build(catalog::Catalog::BuiltIn(), std::move(dir), std::move(all)));
  s->snapshot_build_s = Seconds(start);
  s->authz = std::make_unique<authz::Authorizer>(s->snapshot);
  s->rss_mb = ResidentMb();
  return s;
}

BenchState& State() {
  static BenchState* state = Build();
  return *state;
}

void Report(benchmark::State& bench) {
  const BenchState& s = State();
  bench.counters["state_build_s"] = s.state_build_s;
  bench.counters["snapshot_build_s"] = s.snapshot_build_s;
  bench.counters["rss_mb"] = s.rss_mb;
  bench.counters["snapshot_index_mb"] =
      static_cast<double>(s.snapshot->stats().index_bytes) / (1024.0 * 1024.0);
  bench.counters["identity_sets"] = static_cast<double>(s.snapshot->stats().identity_sets);
}

// A fixed mix of asset checks: 3 of 4 by a member of the asset's workspace.
struct CheckCase {
  const std::string* principal;
  const char* action;
  const workspace::Asset* asset;
};

const std::vector<CheckCase>& Cases() {
  static const auto* cases = [] {
    BenchState& s = State();
    std::mt19937 rng(7);
    auto* out = new std::vector<CheckCase>;
    const char* dataset_actions[] = {"paidataset:GetDataset", "paidataset:UpdateDataset",
                                     "paidataset:DeleteDataset", "paidataset:PublishDataset"};
    while (out->size() < 65536) {
      int w = static_cast<int>(rng() % kWorkspaces);
      const workspace::Asset* asset = s.snapshot->workspaces().FindAsset(
          std::to_string(w), AssetType::kDataset, "a" + std::to_string((rng() % 200) * 4));
      if (asset == nullptr) continue;
      int user =
          rng() % 4 ? s.members[w][rng() % s.members[w].size()] : static_cast<int>(rng() % kUsers);
      out->push_back({&s.user_arns[user], dataset_actions[rng() % 4], asset});
    }
    return out;
  }();
  return *cases;
}

// The decision alone, on requests whose ARN and context the caller already has.
// Laid out as a server sees requests: the principal and resource ARNs in one buffer per
// request (here one arena), the two context keys as the asset's class.
struct PreparedRequest {
  std::string_view principal;
  std::string_view action;
  std::string_view resource;
  const policy::ContextEntry* context;  // 2 entries: the class's keys
};

const policy::ContextEntry* ClassContext(catalog::AssetClass c) {
  static const auto* contexts = [] {
    auto* out = new std::array<std::array<policy::ContextEntry, 2>, 4>;
    for (catalog::AssetClass k : catalog::kAllClasses) {
      (*out)[static_cast<size_t>(k)] = {
          {{catalog::kAccessibilityKey, catalog::AccessibilityValue(k)},
           {catalog::kEntityAccessTypeKey, catalog::EntityAccessTypeValue(k)}}};
    }
    return out;
  }();
  return (*contexts)[static_cast<size_t>(c)].data();
}

const std::vector<PreparedRequest>& Prepared() {
  static const auto* prepared = [] {
    const authz::Snapshot& s = *State().snapshot;
    std::vector<std::pair<size_t, size_t>> offsets;  // of principal and resource in the arena
    auto* arena = new std::string;
    for (const CheckCase& c : Cases()) {
      offsets.emplace_back(arena->size(), 0);
      arena->append(*c.principal);
      offsets.back().second = arena->size();
      arena->append(s.workspaces().AssetArn(*c.asset, "paidataset"));
    }
    auto* out = new std::vector<PreparedRequest>;
    for (size_t i = 0; i < Cases().size(); ++i) {
      const CheckCase& c = Cases()[i];
      bool is_public = c.asset->accessibility == workspace::Accessibility::kPublic;
      catalog::AssetClass cls = catalog::ClassOf(is_public, c.asset->creator == *c.principal);
      size_t end = i + 1 < offsets.size() ? offsets[i + 1].first : arena->size();
      std::string_view all(*arena);
      out->push_back({all.substr(offsets[i].first, c.principal->size()), c.action,
                      all.substr(offsets[i].second, end - offsets[i].second), ClassContext(cls)});
    }
    return out;
  }();
  return *prepared;
}

// range(0): how many distinct requests cycle (65536: cold caches; 64: hot data, mixed paths).
void BM_Check(benchmark::State& bench) {
  const auto& requests = Prepared();
  const authz::Authorizer& authz = *State().authz;
  const size_t mask = static_cast<size_t>(bench.range(0)) - 1;
  size_t i = 0;
  int64_t allowed = 0;
  for (auto _ : bench) {
    const PreparedRequest& r = requests[i++ & mask];
    allowed +=
        authz.Check(r.principal, r.action, r.resource, {r.context, 2}) == policy::Decision::kAllow;
  }
  bench.counters["allowed%"] =
      100.0 * static_cast<double>(allowed) / static_cast<double>(bench.iterations());
  Report(bench);
}
BENCHMARK(BM_Check)->Arg(65536)->Arg(1024)->Arg(64);

// One request over and over: the cache-hot floor of BM_Check (range(0) picks the request).
void BM_CheckHot(benchmark::State& bench) {
  const PreparedRequest& r = Prepared()[static_cast<size_t>(bench.range(0))];
  const authz::Authorizer& authz = *State().authz;
  for (auto _ : bench) {
    benchmark::DoNotOptimize(authz.Check(r.principal, r.action, r.resource, {r.context, 2}));
  }
  Report(bench);
}
BENCHMARK(BM_CheckHot)->DenseRange(0, 7);

// CheckAsset: also reads the asset (creator, visibility) and writes its ARN.
void BM_CheckAsset(benchmark::State& bench) {
  const auto& cases = Cases();
  const authz::Authorizer& authz = *State().authz;
  size_t i = 0;
  int64_t allowed = 0;
  for (auto _ : bench) {
    const CheckCase& c = cases[i++ & 65535];
    allowed += authz.CheckAsset(*c.principal, c.action, *c.asset) == policy::Decision::kAllow;
  }
  bench.counters["allowed%"] =
      100.0 * static_cast<double>(allowed) / static_cast<double>(bench.iterations());
  Report(bench);
}
BENCHMARK(BM_CheckAsset);

// The same checks with an Explanation naming every deciding statement.
void BM_CheckAssetExplained(benchmark::State& bench) {
  const auto& cases = Cases();
  const authz::Authorizer& authz = *State().authz;
  authz::Explanation explanation;
  size_t i = 0;
  for (auto _ : bench) {
    const CheckCase& c = cases[i++ & 65535];
    benchmark::DoNotOptimize(authz.CheckAsset(*c.principal, c.action, *c.asset, &explanation));
  }
  Report(bench);
}
BENCHMARK(BM_CheckAssetExplained);

void BM_ListVisible(benchmark::State& bench, int member, const char* action) {
  BenchState& s = State();
  const std::string& arn = s.user_arns[s.members[0][member]];
  size_t listed = 0;
  for (auto _ : bench) {
    auto listing = s.authz->ListAllowed(arn, "0", AssetType::kDataset, action);
    listed = listing->assets.size();
    benchmark::DoNotOptimize(listing);
  }
  bench.counters["assets"] = static_cast<double>(listed);
  Report(bench);
}
// Member 1 is a developer: public + own private datasets (about 10k + 50 of 20k).
BENCHMARK_CAPTURE(BM_ListVisible, developer_public_and_own, 1, "paidataset:ListDatasets")
    ->Unit(benchmark::kMicrosecond);
// Member 0 is the Owner: every dataset of the workspace.
BENCHMARK_CAPTURE(BM_ListVisible, owner_all, 0, "paidataset:ListDatasets")
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace paiam

BENCHMARK_MAIN();
