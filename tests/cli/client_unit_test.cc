// Unit tests of the client verbs' pure parts: table rendering (cli/table.h) and settings
// resolution (cli/remote.h: precedence, ~/.paiam/config permissions, endpoint parsing). The
// network paths are covered end to end by tests/cli/client_cli.sh.
// Links paiam_cli, the library of the CLI's verbs.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "cli/commands.h"
#include "cli/remote.h"
#include "cli/table.h"

namespace paiam::cli {
namespace {

using nlohmann::json;

TEST(Table, PadsColumnsAndCutsLongCellsByCodePoints) {
  Table table{{"Name", "Note"}, {{"a", "short"}, {"bbb", "ünïcödé-and-more"}}};
  EXPECT_EQ(RenderTable(table, 8),
            "Name  Note\n"
            "a     short\n"
            "bbb   ünïcödé…\n");
  EXPECT_EQ(DisplayWidth("ünï…"), 4u);
  EXPECT_EQ(RenderTable(Table{}), "(none)\n");
}

TEST(Table, ColumnsAreTheUnionOfScalarKeysEntityFirstDatesLast) {
  json items = json::parse(R"([
    {"Comments": "", "CreateDate": "d1", "UserId": "1", "UserName": "alice", "Nested": {"x": 1}},
    {"Roles": ["A", "B"], "UserName": "bob", "Tags": [{"k": 1}]}])");
  Table table = TableFromItems(items, "User");
  EXPECT_EQ(table.columns,
            (std::vector<std::string>{"UserName", "UserId", "Comments", "Roles", "CreateDate"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0], (std::vector<std::string>{"alice", "1", "", "", "d1"}));
  EXPECT_EQ(table.rows[1], (std::vector<std::string>{"bob", "", "", "A,B", ""}));
}

TEST(Table, FindsRamAndFlatLists) {
  std::string name;
  json ram = json::parse(R"({"IsTruncated": false, "Users": {"User": [{"UserName": "a"}]}})");
  ASSERT_NE(FindResultList(ram, &name), nullptr);
  EXPECT_EQ(name, "Users.User");
  EXPECT_EQ(EntityOf(name), "User");
  json flat = json::parse(R"({"TotalCount": 0, "Workspaces": []})");
  ASSERT_NE(FindResultList(flat, &name), nullptr);
  EXPECT_EQ(EntityOf(name), "Workspace");
  EXPECT_EQ(EntityOf("Policies.Policy"), "Policy");
  EXPECT_EQ(EntityOf("Policies"), "Policy");
  EXPECT_EQ(FindResultList(json::parse(R"({"EnvTypes": ["prod"], "User": {"a": 1}})")), nullptr);
}

TEST(Table, RenderResultFlattensAndEndsWithTheRevision) {
  json write = json::parse(R"({"RequestId": "R", "Revision": 7,
      "User": {"UserName": "a", "Flags": [1, 2]}, "Members": [{"Id": "m", "Roles": ["x"]}]})");
  // Members is a list: the table wins over the key-value lines.
  EXPECT_EQ(RenderResult(write), "Id  Roles\nm   x\nrevision 7\n");
  write.erase("Members");
  EXPECT_EQ(RenderResult(write), "User.Flags: 1,2\nUser.UserName: a\nrevision 7\n");
  json read = json::parse(R"({"A": {"B": [{"C": null}], "D": 1}, "Text": "two\nlines"})");
  EXPECT_EQ(RenderResult(read), "A.B[0].C: \nA.D: 1\nText: two lines\n");
  EXPECT_EQ(RenderResult(json::parse(R"({"Workspaces": [], "TotalCount": 0})")), "(none)\n");
}

TEST(Endpoint, ParsesHostPortForms) {
  EXPECT_EQ(ParseEndpoint("127.0.0.1:8080"), (std::pair<std::string, uint16_t>{"127.0.0.1", 8080}));
  EXPECT_EQ(ParseEndpoint("http://localhost:9/"),
            (std::pair<std::string, uint16_t>{"localhost", 9}));
  EXPECT_EQ(ParseEndpoint("[::1]:443"), (std::pair<std::string, uint16_t>{"::1", 443}));
  for (const char* bad : {"localhost", ":80", "host:", "host:0", "host:65536", "host:8x",
                          "host:-1"}) {
    EXPECT_THROW(ParseEndpoint(bad), UsageError) << bad;
  }
}

TEST(Endpoint, HttpsMeansTlsWithPort443ByDefault) {
  Endpoint a = ParseEndpointSpec("https://127.0.0.1:8443");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 8443);
  EXPECT_TRUE(a.tls);
  Endpoint b = ParseEndpointSpec("https://paiam.example/");
  EXPECT_EQ(b.host, "paiam.example");
  EXPECT_EQ(b.port, 443);
  EXPECT_TRUE(b.tls);
  Endpoint c = ParseEndpointSpec("https://[::1]");
  EXPECT_EQ(c.host, "::1");
  EXPECT_EQ(c.port, 443);
  EXPECT_FALSE(ParseEndpointSpec("http://localhost:9").tls);
  EXPECT_FALSE(ParseEndpointSpec("localhost:9").tls);
  EXPECT_THROW(ParseEndpointSpec("localhost"), UsageError) << "plain HTTP needs a port";
  EXPECT_THROW(ParseEndpointSpec("https://host:0"), UsageError);
}

class Settings : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paiam-client-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    home_ = pattern;
    env_["HOME"] = home_;
  }
  void TearDown() override { std::filesystem::remove_all(home_); }

  RemoteSettings Resolve(const RemoteFlags& flags) {
    return ResolveRemoteSettings(flags, [this](const std::string& name) {
      auto it = env_.find(name);
      return it == env_.end() ? std::nullopt : std::optional<std::string>(it->second);
    });
  }
  std::string Write(const std::string& name, const std::string& text, mode_t mode = 0600) {
    std::string path = home_ + "/" + name;
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }
  void WriteConfig(const std::string& text, mode_t mode) {
    ::mkdir((home_ + "/.paiam").c_str(), 0700);
    Write(".paiam/config", text, mode);
  }
  std::string UsageMessage(const RemoteFlags& flags) {
    try {
      Resolve(flags);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "";
  }

  std::string home_;
  std::map<std::string, std::string> env_;
};

TEST_F(Settings, FlagsThenFileThenEnvironmentThenConfig) {
  WriteConfig(R"({"endpoint":"cfg:1","access_key_id":"CFG","access_key_secret":"s"})", 0600);
  RemoteFlags flags;
  EXPECT_EQ(Resolve(flags).access_key_id, "CFG");
  EXPECT_EQ(Resolve(flags).endpoint, "cfg:1");
  env_["PAIAM_CREDENTIALS_FILE"] =
      Write("envfile.json", R"({"access_key_id":"ENVFILE","access_key_secret":"s"})");
  EXPECT_EQ(Resolve(flags).access_key_id, "ENVFILE");
  env_["PAIAM_ACCESS_KEY_ID"] = "ENVKEY";
  env_["PAIAM_ACCESS_KEY_SECRET"] = "s";
  env_["PAIAM_ENDPOINT"] = "env:2";
  EXPECT_EQ(Resolve(flags).access_key_id, "ENVKEY");
  EXPECT_EQ(Resolve(flags).endpoint, "env:2");
  flags.credentials_file =
      Write("flagfile.json", R"({"account_id":"1","access_key_id":"FLAGFILE",
                                "access_key_secret":"s"})");
  EXPECT_EQ(Resolve(flags).access_key_id, "FLAGFILE");
  flags.access_key_id = "FLAG";
  flags.access_key_secret = "secret";
  flags.endpoint = "flag:3";
  RemoteSettings settings = Resolve(flags);
  EXPECT_EQ(settings.access_key_id, "FLAG");
  EXPECT_EQ(settings.access_key_secret, "secret");
  EXPECT_EQ(settings.host, "flag");
  EXPECT_EQ(settings.port, 3);
}

TEST_F(Settings, DefaultEndpointAndMissingCredentials) {
  RemoteFlags flags;
  flags.access_key_id = "A";
  flags.access_key_secret = "B";
  EXPECT_EQ(Resolve(flags).endpoint, kDefaultEndpoint);
  std::string message = UsageMessage(RemoteFlags{});
  EXPECT_NE(message.find("--access-key-id"), std::string::npos) << message;
  EXPECT_NE(message.find("PAIAM_ACCESS_KEY_ID"), std::string::npos) << message;
  EXPECT_NE(message.find("~/.paiam/config"), std::string::npos) << message;
}

TEST_F(Settings, CaFileComesFromFlagThenEnvironmentAndNeedsHttps) {
  RemoteFlags flags;
  flags.access_key_id = "A";
  flags.access_key_secret = "B";
  flags.endpoint = "https://127.0.0.1:8443";
  EXPECT_TRUE(Resolve(flags).tls);
  EXPECT_EQ(Resolve(flags).ca_file, "");
  env_["PAIAM_CA_FILE"] = "/env/ca.pem";
  EXPECT_EQ(Resolve(flags).ca_file, "/env/ca.pem");
  flags.ca_file = "/flag/ca.pem";
  EXPECT_EQ(Resolve(flags).ca_file, "/flag/ca.pem");
  flags.endpoint = "127.0.0.1:8080";
  EXPECT_NE(UsageMessage(flags).find("needs an https:// endpoint"), std::string::npos);
}

TEST_F(Settings, HalvesOfAPairAreRefused) {
  RemoteFlags flags;
  flags.access_key_id = "A";
  EXPECT_NE(UsageMessage(flags).find("go together"), std::string::npos);
  env_["PAIAM_ACCESS_KEY_SECRET"] = "s";
  EXPECT_NE(UsageMessage(RemoteFlags{}).find("go together"), std::string::npos);
  flags = RemoteFlags{};
  flags.credentials_file = Write("half.json", R"({"access_key_id":"A"})");
  EXPECT_NE(UsageMessage(flags).find("lacks"), std::string::npos);
}

TEST_F(Settings, ConfigReadableByOthersIsRefused) {
  WriteConfig(R"({"access_key_id":"CFG","access_key_secret":"s"})", 0644);
  EXPECT_NE(UsageMessage(RemoteFlags{}).find("chmod 600"), std::string::npos);
  // Not read at all when flags settle everything.
  RemoteFlags flags;
  flags.endpoint = "h:1";
  flags.access_key_id = "A";
  flags.access_key_secret = "B";
  EXPECT_EQ(Resolve(flags).access_key_id, "A");
  WriteConfig("[1, 2]", 0600);
  EXPECT_NE(UsageMessage(RemoteFlags{}).find("not a JSON object"), std::string::npos);
  WriteConfig(R"({"access_key_id": 5})", 0600);
  EXPECT_NE(UsageMessage(RemoteFlags{}).find("must be a string"), std::string::npos);
}

TEST(Failure, DescribesServerAndConnectionFailures) {
  EXPECT_EQ(DescribeFailure(RemoteFailure(403, "NoPermission", "denied", "REQ")),
            "NoPermission: denied (request REQ)");
  EXPECT_EQ(DescribeFailure(RemoteFailure(0, "http.connect", "cannot connect to h:1: refused", "")),
            "cannot connect to h:1: refused");
  EXPECT_EQ(RunRemote([]() -> int { throw RemoteFailure(500, "X", "y", ""); }), kExitInvalidInput);
  EXPECT_EQ(RunRemote([] { return kExitOk; }), kExitOk);
}

}  // namespace
}  // namespace paiam::cli
