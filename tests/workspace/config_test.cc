// Tests for workspace::Workspaces compute resources and configuration: permanent resource
// associations, storage paths, SLS forwarding and its permission probe, general settings,
// region-limited notification channels, and UpdateConfigs keys.
#include <gtest/gtest.h>

#include <set>

#include "workspace/workspaces.h"
#include "workspace_fixture.h"

namespace paiam::workspace {
namespace {

using testing::Dump;
using ConfigTest = testing::WorkspaceTest;

ResourceSpec Resource(std::string name, ComputeResourceType type, bool is_default = false) {
  ResourceSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.is_default = is_default;
  return spec;
}

TEST_F(ConfigTest, ResourcesAssociateButNeverDisassociate) {
  StatusOr<std::string> lingjun =
      ws_.AssociateResource(ws_id_, Resource("lingjun-1", ComputeResourceType::kLingjun, true));
  ASSERT_TRUE(lingjun.ok()) << lingjun.status().ToString();
  ASSERT_TRUE(
      ws_.AssociateResource(ws_id_, Resource("general", ComputeResourceType::kGeneralComputing))
          .ok());
  ASSERT_TRUE(
      ws_.AssociateResource(ws_id_, Resource("odps-quota", ComputeResourceType::kMaxCompute)).ok());
  ASSERT_TRUE(
      ws_.AssociateResource(ws_id_, Resource("flink-ws", ComputeResourceType::kFlink)).ok());
  EXPECT_EQ(ws_.ListResources(ws_id_).size(), 4u);
  ASSERT_EQ(ws_.ListResources(ws_id_, ComputeResourceType::kFlink).size(), 1u);
  EXPECT_EQ(ws_.ListResources(ws_id_, ComputeResourceType::kFlink)[0]->name, "flink-ws");

  const std::string before = Dump(ws_);
  const Status refused = ws_.DisassociateResource(ws_id_, *lingjun);
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.rule(), "workspace.resource-association-is-permanent");
  EXPECT_NE(refused.message().find("contact your account manager"), std::string::npos);
  EXPECT_EQ(Dump(ws_), before);
  EXPECT_RULE(ws_.DisassociateResource(ws_id_, "res-none"), kNotFound,
              "workspace.resource-not-found");

  EXPECT_RULE(
      ws_.AssociateResource(ws_id_, Resource("lingjun-1", ComputeResourceType::kLingjun)).status(),
      kAlreadyExists, "workspace.resource-already-associated");
  EXPECT_RULE(ws_.AssociateResource(ws_id_, Resource("ab", ComputeResourceType::kLingjun)).status(),
              kInvalidArgument, "workspace.resource-name-invalid");
  EXPECT_RULE(
      ws_.AssociateResource(ws_id_, Resource(std::string(29, 'r'), ComputeResourceType::kLingjun))
          .status(),
      kInvalidArgument, "workspace.resource-name-invalid");
  ResourceSpec dev = Resource("dev-pool", ComputeResourceType::kLingjun);
  dev.env_type = "dev";  // the workspace was created with ["prod"] only
  EXPECT_RULE(ws_.AssociateResource(ws_id_, dev).status(), kInvalidArgument,
              "workspace.resource-env-type-invalid");

  // A new default replaces the old one of the same type and environment.
  ASSERT_TRUE(
      ws_.AssociateResource(ws_id_, Resource("lingjun-2", ComputeResourceType::kLingjun, true))
          .ok());
  int defaults = 0;
  for (const auto* r : ws_.ListResources(ws_id_, ComputeResourceType::kLingjun)) {
    defaults += r->is_default;
  }
  EXPECT_EQ(defaults, 1);
}

TEST_F(ConfigTest, ResourceTypeNames) {
  EXPECT_EQ(ComputeResourceTypeName(ComputeResourceType::kGeneralComputing), "ECS");
  EXPECT_EQ(ParseComputeResourceType("ECS"), ComputeResourceType::kGeneralComputing);
  EXPECT_EQ(ParseComputeResourceType("GeneralComputing"), ComputeResourceType::kGeneralComputing);
  EXPECT_EQ(ParseComputeResourceType("Lingjun"), ComputeResourceType::kLingjun);
  EXPECT_FALSE(ParseComputeResourceType("lingjun"));
}

TEST_F(ConfigTest, StoragePathAndDesignerOverride) {
  const Workspace& ws = *ws_.FindWorkspace(ws_id_);
  EXPECT_EQ(EffectiveStoragePath(ws, ""), "");
  ASSERT_TRUE(ws_.SetDefaultStoragePath(ws_id_, "oss://my-bucket/pai/tmp/").ok());
  EXPECT_EQ(EffectiveStoragePath(ws, ""), "oss://my-bucket/pai/tmp/");
  // Seed 004: a Designer data-storage setting overrides the workspace storage for a pipeline.
  EXPECT_EQ(EffectiveStoragePath(ws, "oss://designer/out/"), "oss://designer/out/");
  for (const char* bad : {"/mnt/data", "oss://", "oss://ab", "oss://Bucket/x", "s3://b/x"}) {
    EXPECT_RULE(ws_.SetDefaultStoragePath(ws_id_, bad), kInvalidArgument,
                "workspace.storage-path-invalid");
  }
  EXPECT_TRUE(
      ws_.SetDefaultStoragePath(ws_id_, "oss://bucket.oss-cn-hangzhou.aliyuncs.com/x/").ok());
  // The API's CommonResourceConfig/tempStoragePath is the same setting.
  ASSERT_TRUE(
      ws_.SetConfig(ws_id_, "CommonResourceConfig", "tempStoragePath", "oss://b2b/p/").ok());
  EXPECT_EQ(ws.config.default_storage_path, "oss://b2b/p/");
  ASSERT_TRUE(ws_.SetDefaultStoragePath(ws_id_, "").ok());
  EXPECT_EQ(EffectiveStoragePath(ws, ""), "");
}

// A probe that allows everything except the listed actions, and records what it was asked.
struct Probe {
  std::set<std::string> denied;
  std::vector<std::pair<std::string, std::string>> asked;
  PermissionProbe fn() {
    return [this](std::string_view action, std::string_view resource) {
      asked.emplace_back(action, resource);
      return !denied.contains(std::string(action));
    };
  }
};

SlsForwardingSpec Sls(std::vector<std::string> modules = {"DSW", "DLC"}) {
  return SlsForwardingSpec{"my-project", "pai_logs", std::move(modules)};
}

TEST_F(ConfigTest, SlsForwardingNeedsLogPermissions) {
  const std::string resource = "acs:log:cn-hangzhou:1000000000000001:project/my-project";
  for (const char* action : {"log:ListProject", "log:GetProductDataCollection",
                             "log:OpenProductDataCollection", "log:CloseProductDataCollection"}) {
    Probe probe{{action}, {}};
    const Status s = ws_.EnableSlsForwarding(ws_id_, Sls(), probe.fn());
    EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
    EXPECT_EQ(s.rule(), "workspace.sls-forwarding-denied");
    // The seed's shape: "denied by sts or ram, action: <action>, resource: <resource>".
    EXPECT_EQ(s.message(),
              "denied by sts or ram, action: " + std::string(action) + ", resource: " + resource);
    EXPECT_FALSE(ws_.FindWorkspace(ws_id_)->config.sls.enabled);
  }
  // An absent probe grants nothing.
  EXPECT_RULE(ws_.EnableSlsForwarding(ws_id_, Sls(), nullptr), kPermissionDenied,
              "workspace.sls-forwarding-denied");

  Probe all;
  ASSERT_TRUE(ws_.EnableSlsForwarding(ws_id_, Sls({"DLC", "DSW", "DLC"}), all.fn()).ok());
  ASSERT_EQ(all.asked.size(), 4u);
  EXPECT_EQ(all.asked[0].first, "log:ListProject");
  EXPECT_EQ(all.asked[0].second, resource);
  const SlsForwarding& sls = ws_.FindWorkspace(ws_id_)->config.sls;
  EXPECT_TRUE(sls.enabled);
  EXPECT_EQ(sls.project, "my-project");
  EXPECT_EQ(sls.logstore, "pai_logs");
  EXPECT_EQ(sls.modules, (std::vector<std::string>{"DLC", "DSW"}));

  Probe no_close{{"log:CloseProductDataCollection"}, {}};
  EXPECT_RULE(ws_.DisableSlsForwarding(ws_id_, no_close.fn()), kPermissionDenied,
              "workspace.sls-forwarding-denied");
  EXPECT_TRUE(ws_.FindWorkspace(ws_id_)->config.sls.enabled);
  ASSERT_TRUE(ws_.DisableSlsForwarding(ws_id_, all.fn()).ok());
  EXPECT_FALSE(ws_.FindWorkspace(ws_id_)->config.sls.enabled);
  EXPECT_RULE(ws_.DisableSlsForwarding(ws_id_, all.fn()), kFailedPrecondition,
              "workspace.sls-forwarding-not-enabled");
}

TEST_F(ConfigTest, SlsForwardingValidatesBeforeProbing) {
  Probe all;
  EXPECT_RULE(ws_.EnableSlsForwarding(ws_id_, Sls({"EAS"}), all.fn()), kInvalidArgument,
              "workspace.sls-modules-invalid");
  EXPECT_RULE(ws_.EnableSlsForwarding(ws_id_, Sls({}), all.fn()), kInvalidArgument,
              "workspace.sls-modules-invalid");
  EXPECT_RULE(ws_.EnableSlsForwarding(ws_id_, {"My_Project", "l1", {"DSW"}}, all.fn()),
              kInvalidArgument, "workspace.sls-project-invalid");
  EXPECT_RULE(ws_.EnableSlsForwarding(ws_id_, {"proj", "-l", {"DSW"}}, all.fn()), kInvalidArgument,
              "workspace.sls-logstore-invalid");
  EXPECT_TRUE(all.asked.empty());
}

TEST_F(ConfigTest, GeneralSettings) {
  GeneralSettings s;
  s.dlc_node_container_access = true;
  s.dsw_ssh_from_internet = true;
  s.dsw_internet_rate_limit_mbps = 100;
  s.default_vpc_id = "vpc-1";
  s.default_security_group_id = "sg-1";
  ASSERT_TRUE(ws_.UpdateGeneralSettings(ws_id_, s).ok());
  EXPECT_EQ(ws_.FindWorkspace(ws_id_)->config.general, s);
  GeneralSettings bad = s;
  bad.dsw_internet_rate_limit_mbps = -1;
  EXPECT_RULE(ws_.UpdateGeneralSettings(ws_id_, bad), kInvalidArgument,
              "workspace.general-settings-invalid");
  bad = s;
  bad.default_vpc_id.clear();
  EXPECT_RULE(ws_.UpdateGeneralSettings(ws_id_, bad), kInvalidArgument,
              "workspace.general-settings-invalid");
  EXPECT_EQ(ws_.FindWorkspace(ws_id_)->config.general, s);
}

NotificationRule Rule(std::vector<NotificationChannel> channels) {
  NotificationRule r;
  r.name = "job failures";
  r.source = NotificationSource::kDlcJob;
  r.event_types = {"Failed"};
  r.channels = std::move(channels);
  return r;
}

TEST_F(ConfigTest, NotificationChannelsByRegion) {
  // Voice, SMS and email only in cn-hangzhou, cn-shanghai and cn-wulanchabu.
  StatusOr<std::string> id = ws_.AddNotificationRule(
      ws_id_, Rule({NotificationChannel::kSms, NotificationChannel::kEmail,
                    NotificationChannel::kVoice, NotificationChannel::kDingTalk}));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  StatusOr<std::string> bj =
      ws_.CreateWorkspace(Request("beijing", "cn-beijing"), Principal("bob"));
  ASSERT_TRUE(bj.ok());
  for (NotificationChannel c :
       {NotificationChannel::kVoice, NotificationChannel::kSms, NotificationChannel::kEmail}) {
    const Status s =
        ws_.AddNotificationRule(*bj, Rule({NotificationChannel::kWebhook, c})).status();
    EXPECT_EQ(s.rule(), "workspace.notification-channel-region");
    EXPECT_NE(s.message().find("cn-wulanchabu"), std::string::npos);
  }
  EXPECT_TRUE(ws_.AddNotificationRule(
                     *bj, Rule({NotificationChannel::kWebhook, NotificationChannel::kDingTalk}))
                  .ok());
  EXPECT_TRUE(ChannelAvailableIn(NotificationChannel::kSms, "cn-wulanchabu"));
  EXPECT_TRUE(ChannelAvailableIn(NotificationChannel::kEmail, "cn-shanghai"));
  EXPECT_FALSE(ChannelAvailableIn(NotificationChannel::kEmail, "ap-southeast-1"));

  EXPECT_RULE(ws_.AddNotificationRule(ws_id_, Rule({})).status(), kInvalidArgument,
              "workspace.notification-invalid");
  NotificationRule dup = Rule({NotificationChannel::kWebhook});
  dup.id = *id;
  EXPECT_RULE(ws_.AddNotificationRule(ws_id_, dup).status(), kAlreadyExists,
              "workspace.notification-id-taken");
  NotificationRule update = Rule({NotificationChannel::kLark});
  update.id = *id;
  ASSERT_TRUE(ws_.UpdateNotificationRule(ws_id_, update).ok());
  EXPECT_EQ(ws_.FindWorkspace(ws_id_)->config.notifications[0].channels,
            std::vector<NotificationChannel>{NotificationChannel::kLark});
  update.id = "nope";
  EXPECT_RULE(ws_.UpdateNotificationRule(ws_id_, update), kNotFound,
              "workspace.notification-not-found");
  ASSERT_TRUE(ws_.DeleteNotificationRule(ws_id_, *id).ok());
  EXPECT_RULE(ws_.DeleteNotificationRule(ws_id_, *id), kNotFound,
              "workspace.notification-not-found");
}

TEST_F(ConfigTest, UpdateConfigsKeys) {
  ASSERT_TRUE(ws_.SetConfig(ws_id_, "DLCAutoRecycle", "isAutoRecycle", "true").ok());
  ASSERT_TRUE(ws_.SetConfig(ws_id_, "CommonTagConfig", "predefinedTags", R"(["a"])").ok());
  const auto& values = ws_.FindWorkspace(ws_id_)->config.values;
  EXPECT_EQ(values.at({"DLCAutoRecycle", "isAutoRecycle"}), "true");
  EXPECT_RULE(ws_.SetConfig(ws_id_, "DLCAutoRecycle", "isAutoRecycle", "yes"), kInvalidArgument,
              "workspace.config-value-invalid");
  EXPECT_RULE(ws_.SetConfig(ws_id_, "Nope", "x", "1"), kInvalidArgument,
              "workspace.config-unknown");
  EXPECT_RULE(ws_.SetConfig(ws_id_, "DLCAutoRecycle", "priorityConfig", "1"), kInvalidArgument,
              "workspace.config-unknown");
  ASSERT_TRUE(ws_.SetConfig(ws_id_, "DLCAutoRecycle", "isAutoRecycle", "").ok());
  EXPECT_FALSE(values.contains({"DLCAutoRecycle", "isAutoRecycle"}));
  EXPECT_RULE(ws_.SetConfig("999", "DLCAutoRecycle", "isAutoRecycle", "true"), kNotFound,
              "workspace.not-found");
}

}  // namespace
}  // namespace paiam::workspace
