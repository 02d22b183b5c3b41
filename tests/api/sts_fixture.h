// tests/api — StsServiceTest: a Service on a temporary data directory with a clock the test
// moves, and requests signed exactly as the SDKs sign them (auth's client-side signer, ACS3 or
// RPC v1, with or without a security token), handed straight to Service::Handle.
#ifndef PAIAM_TESTS_API_STS_FIXTURE_H_
#define PAIAM_TESTS_API_STS_FIXTURE_H_

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "api/service.h"
#include "auth/signature.h"

namespace paiam::api::testing {

inline constexpr char kRootKey[] = "LTAIstsTestRootKey0001";
inline constexpr char kRootSecret[] = "stsTestRootSecretValue0123456";

struct Key {
  std::string id, secret, token;  // token: STS credentials only
};

struct Reply {
  int status = 0;
  Json body;
  std::string Code() const { return body.value("Code", std::string()); }
};

class StsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paiam-sts-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    Open();
    account_ = service_->bootstrap().account_id;
  }
  void TearDown() override {
    service_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Open(const std::string& dir = "") {
    service_.reset();
    ServiceOptions options;
    options.data_dir = dir.empty() ? dir_ : dir;
    options.root_access_key_id = kRootKey;
    options.root_access_key_secret = kRootSecret;
    options.clock = [this] { return now_; };
    auto service = Service::Open(options);
    ASSERT_TRUE(service.ok()) << service.status().ToString();
    service_ = std::move(*service);
  }

  Key Root() const { return {kRootKey, kRootSecret, ""}; }

  // Signs and sends an RPC call (POST / with the parameters in the query).
  Reply Rpc(const Key& key, const std::string& action,
            std::vector<std::pair<std::string, std::string>> params = {}, bool v1 = false) {
    auth::OutgoingRequest out;
    out.method = "POST";
    out.raw_path = "/";
    out.query = std::move(params);
    out.headers = {{"host", "127.0.0.1:8080"}};
    std::string nonce = "nonce-" + std::to_string(++nonce_);
    std::string date = auth::FormatIso8601(now_);
    if (v1) {
      out.query.emplace_back("Action", action);
      out.query.emplace_back("Version", "2015-04-01");
      auth::SignRpcV1(out, key.id, key.secret, nonce, date, key.token);
    } else {
      out.headers.emplace_back("x-acs-action", action);
      out.headers.emplace_back("x-acs-version", "2015-04-01");
      auth::SignAcs3(out, key.id, key.secret, nonce, date, key.token);
    }
    return Send(out);
  }

  // Signs and sends GET <path>?<query> (the native endpoints).
  Reply Get(const Key& key, const std::string& path,
            std::vector<std::pair<std::string, std::string>> query = {}) {
    auth::OutgoingRequest out;
    out.method = "GET";
    out.raw_path = path;
    out.query = std::move(query);
    out.headers = {{"host", "127.0.0.1:8080"}};
    auth::SignAcs3(out, key.id, key.secret, "nonce-" + std::to_string(++nonce_),
                   auth::FormatIso8601(now_), key.token);
    return Send(out);
  }

  Reply Send(const auth::OutgoingRequest& out) {
    http::HttpRequest request;
    request.method = out.method;
    std::string query = out.EncodedQuery();
    request.target = out.raw_path + (query.empty() ? "" : "?" + query);
    request.headers = out.headers;
    request.body = out.body;
    request.remote_ip = "127.0.0.1";
    http::HttpResponse response = service_->Handle(request);
    Reply reply{response.status, Json::parse(response.body, nullptr, false)};
    EXPECT_FALSE(reply.body.is_discarded()) << response.body;
    return reply;
  }

  // Root calls that must succeed.
  Json RootOk(const std::string& action, std::vector<std::pair<std::string, std::string>> p) {
    Reply r = Rpc(Root(), action, std::move(p));
    EXPECT_EQ(r.status, 200) << action << ": " << r.body.dump();
    return r.body;
  }

  // A RAM user with an AccessKey and, optionally, a system policy attached.
  Key User(const std::string& name, const std::string& system_policy = "") {
    RootOk("CreateUser", {{"UserName", name}});
    if (!system_policy.empty()) AttachSystem("User", name, system_policy);
    Json key = RootOk("CreateAccessKey", {{"UserName", name}});
    return {key["AccessKey"]["AccessKeyId"], key["AccessKey"]["AccessKeySecret"], ""};
  }

  void AttachSystem(const std::string& kind, const std::string& holder,
                    const std::string& policy) {
    RootOk("AttachPolicyTo" + kind,
           {{"PolicyType", "System"}, {"PolicyName", policy}, {kind + "Name", holder}});
  }

  void AttachCustom(const std::string& kind, const std::string& holder, const std::string& name,
                    const std::string& document) {
    RootOk("CreatePolicy", {{"PolicyName", name}, {"PolicyDocument", document}});
    RootOk("AttachPolicyTo" + kind,
           {{"PolicyType", "Custom"}, {"PolicyName", name}, {kind + "Name", holder}});
  }

  std::string Trust(const std::string& principal_kind, const std::string& principal) const {
    return Json{{"Version", "1"},
                {"Statement",
                 {{{"Effect", "Allow"},
                   {"Action", "sts:AssumeRole"},
                   {"Principal", {{principal_kind, {principal}}}}}}}}
        .dump();
  }
  std::string TrustAccount() const { return Trust("RAM", "acs:ram::" + account_ + ":root"); }

  static std::string Allow(const std::vector<std::string>& actions, std::string effect = "Allow") {
    return Json{{"Version", "1"},
                {"Statement", {{{"Effect", effect}, {"Action", actions}, {"Resource", "*"}}}}}
        .dump();
  }

  // Creates a role; returns its RoleId.
  std::string Role(const std::string& name, const std::string& trust,
                   const std::string& max_session = "") {
    std::vector<std::pair<std::string, std::string>> p = {{"RoleName", name},
                                                          {"AssumeRolePolicyDocument", trust}};
    if (!max_session.empty()) p.emplace_back("MaxSessionDuration", max_session);
    return RootOk("CreateRole", std::move(p))["Role"]["RoleId"];
  }

  std::string RoleArn(const std::string& name) const {
    return "acs:ram::" + account_ + ":role/" + name;
  }

  Reply Assume(const Key& key, const std::string& role, const std::string& session,
               std::vector<std::pair<std::string, std::string>> extra = {}, bool v1 = false) {
    extra.emplace_back("RoleArn", RoleArn(role));
    extra.emplace_back("RoleSessionName", session);
    return Rpc(key, "AssumeRole", std::move(extra), v1);
  }

  // AssumeRole that must succeed; the temporary credentials.
  Key AssumeOk(const Key& key, const std::string& role, const std::string& session,
               std::vector<std::pair<std::string, std::string>> extra = {}) {
    Reply r = Assume(key, role, session, std::move(extra));
    EXPECT_EQ(r.status, 200) << r.body.dump();
    if (r.status != 200) return {};
    const Json& c = r.body["Credentials"];
    return {c["AccessKeyId"], c["AccessKeySecret"], c["SecurityToken"]};
  }

  std::string dir_;
  std::string account_;
  int64_t now_ = 1'700'000'000'000;  // 2023-11-14T22:13:20Z
  int nonce_ = 0;
  std::unique_ptr<Service> service_;
};

}  // namespace paiam::api::testing

#endif  // PAIAM_TESTS_API_STS_FIXTURE_H_
