// paiam/api — the seed-004 workspace settings that the AIWorkSpace API has no call for, as
// paiam's own operations (the API-named configuration calls are in ops_workspace_config.cc):
//   GetWorkspaceSettings     {DefaultStoragePath, SlsForwarding, GeneralSettings,
//                            NotificationRules} of one workspace;
//   EnableSlsForwarding      WorkspaceId, Project, Logstore, Modules (DSW, DLC). The rule checks
//                            the caller's log:* permissions on the project through
//                            ApplyContext::probe and refuses with SLS's own message
//                            ("denied by sts or ram, action: ..., resource: ...");
//   DisableSlsForwarding     WorkspaceId;
//   UpdateGeneralSettings    WorkspaceId and any of DefaultVpcId, DefaultVSwitchId,
//                            DefaultSecurityGroupId, DlcNodeContainerAccess, DswSshFromInternet,
//                            DswOpenFromInternet, DswInternetRateLimitMbps (absent: unchanged);
//   CreateNotificationRule   WorkspaceId, Name, Source, EventTypes, Channels, Targets, Enabled
//                            -> RuleId; UpdateNotificationRule (RuleId; absent: unchanged);
//                            DeleteNotificationRule (RuleId).
// Targets: PaiWorkspace:UpdateConfigs for the writes and PaiWorkspace:ListConfigs for the read,
// on the workspace (the catalog's only configuration rows; see ops_workspace_config.cc).
#include <algorithm>
#include <vector>

#include "api/ops_workspace_internal.h"

namespace paiam::api::internal::ws {
namespace {

using workspace::NotificationChannel;
using workspace::NotificationRule;
using workspace::NotificationSource;
using workspace::Workspace;

constexpr std::string_view kListConfigs = "PaiWorkspace:ListConfigs";
constexpr std::string_view kUpdateConfigs = "PaiWorkspace:UpdateConfigs";

constexpr NotificationSource kSources[] = {NotificationSource::kDlcJob,
                                           NotificationSource::kPipelineRun,
                                           NotificationSource::kDswInstance,
                                           NotificationSource::kModelVersion};
constexpr NotificationChannel kChannels[] = {
    NotificationChannel::kDingTalk,    NotificationChannel::kWeCom, NotificationChannel::kLark,
    NotificationChannel::kWebhook,     NotificationChannel::kEventBridge,
    NotificationChannel::kVoice,       NotificationChannel::kSms,   NotificationChannel::kEmail};

// --- GetWorkspaceSettings ------------------------------------------------------------------

struct WorkspaceIdArgs {
  std::string workspace_id;
};

StatusOr<WorkspaceIdArgs> ParseWorkspaceId(const Json& params) {
  ParamReader in(params);
  WorkspaceIdArgs args{in.Required("WorkspaceId")};
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

Json NotificationJson(const NotificationRule& rule) {
  Json channels = Json::array();
  for (NotificationChannel c : rule.channels) channels.push_back(NotificationChannelName(c));
  return {{"RuleId", rule.id},
          {"Name", rule.name},
          {"Source", NotificationSourceName(rule.source)},
          {"EventTypes", rule.event_types},
          {"Channels", std::move(channels)},
          {"Targets", rule.targets},
          {"Enabled", rule.enabled}};
}

StatusOr<Json> GetSettingsRead(StateView state, const authz::Authorizer&, const Json& params,
                               const Caller&) {
  StatusOr<WorkspaceIdArgs> args = ParseWorkspaceId(params);
  if (!args.ok()) return args.status();
  StatusOr<const Workspace*> ws = RequireWorkspace(state, args->workspace_id);
  if (!ws.ok()) return ws.status();
  const workspace::WorkspaceConfig& c = (*ws)->config;
  const workspace::GeneralSettings& g = c.general;
  Json rules = Json::array();
  for (const NotificationRule& rule : c.notifications) rules.push_back(NotificationJson(rule));
  return Json{
      {"DefaultStoragePath", c.default_storage_path},
      {"SlsForwarding",
       {{"Enabled", c.sls.enabled},
        {"Project", c.sls.project},
        {"Logstore", c.sls.logstore},
        {"Modules", c.sls.modules}}},
      {"GeneralSettings",
       {{"DefaultVpcId", g.default_vpc_id},
        {"DefaultVSwitchId", g.default_vswitch_id},
        {"DefaultSecurityGroupId", g.default_security_group_id},
        {"DlcNodeContainerAccess", g.dlc_node_container_access},
        {"DswSshFromInternet", g.dsw_ssh_from_internet},
        {"DswOpenFromInternet", g.dsw_open_from_internet},
        {"DswInternetRateLimitMbps", g.dsw_internet_rate_limit_mbps}}},
      {"NotificationRules", std::move(rules)}};
}

// --- SLS forwarding ------------------------------------------------------------------------

struct SlsArgs {
  std::string workspace_id;
  workspace::SlsForwardingSpec spec;
};

StatusOr<SlsArgs> ParseEnableSls(const Json& params) {
  ParamReader in(params);
  SlsArgs args;
  args.workspace_id = in.Required("WorkspaceId");
  args.spec.project = in.Required("Project");
  args.spec.logstore = in.Required("Logstore");
  args.spec.modules = in.RequiredList("Modules");
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> EnableSlsApply(State& state, const Json& params, const ApplyContext& context) {
  StatusOr<SlsArgs> args = ParseEnableSls(params);
  if (!args.ok()) return args.status();
  if (Status s =
          state.workspaces.EnableSlsForwarding(args->workspace_id, args->spec, context.probe);
      !s.ok()) {
    return s;
  }
  return Json::object();
}

StatusOr<Json> DisableSlsApply(State& state, const Json& params, const ApplyContext& context) {
  StatusOr<WorkspaceIdArgs> args = ParseWorkspaceId(params);
  if (!args.ok()) return args.status();
  if (Status s = state.workspaces.DisableSlsForwarding(args->workspace_id, context.probe);
      !s.ok()) {
    return s;
  }
  return Json::object();
}

// --- UpdateGeneralSettings -----------------------------------------------------------------

// The fields as given; absent ones keep the workspace's current value.
struct GeneralArgs {
  std::string workspace_id;
  std::optional<std::string> vpc, vswitch, security_group;
  std::optional<bool> dlc_node_container, dsw_ssh, dsw_open;
  std::optional<int64_t> rate_limit;
};

StatusOr<GeneralArgs> ParseGeneral(const Json& params) {
  ParamReader in(params);
  GeneralArgs a;
  a.workspace_id = in.Required("WorkspaceId");
  a.vpc = in.Optional("DefaultVpcId");
  a.vswitch = in.Optional("DefaultVSwitchId");
  a.security_group = in.Optional("DefaultSecurityGroupId");
  a.dlc_node_container = in.OptionalBool("DlcNodeContainerAccess");
  a.dsw_ssh = in.OptionalBool("DswSshFromInternet");
  a.dsw_open = in.OptionalBool("DswOpenFromInternet");
  a.rate_limit = in.OptionalInt("DswInternetRateLimitMbps");
  if (a.rate_limit && (*a.rate_limit < INT32_MIN || *a.rate_limit > INT32_MAX)) {
    in.Fail(InvalidParameter("DswInternetRateLimitMbps", "is out of range"));
  }
  if (Status s = in.Finish(); !s.ok()) return s;
  return a;
}

StatusOr<Json> GeneralApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<GeneralArgs> a = ParseGeneral(params);
  if (!a.ok()) return a.status();
  StatusOr<const Workspace*> ws = RequireWorkspace(StateView::Of(state), a->workspace_id);
  if (!ws.ok()) return ws.status();
  workspace::GeneralSettings g = (*ws)->config.general;
  if (a->vpc) g.default_vpc_id = *a->vpc;
  if (a->vswitch) g.default_vswitch_id = *a->vswitch;
  if (a->security_group) g.default_security_group_id = *a->security_group;
  if (a->dlc_node_container) g.dlc_node_container_access = *a->dlc_node_container;
  if (a->dsw_ssh) g.dsw_ssh_from_internet = *a->dsw_ssh;
  if (a->dsw_open) g.dsw_open_from_internet = *a->dsw_open;
  if (a->rate_limit) g.dsw_internet_rate_limit_mbps = static_cast<int32_t>(*a->rate_limit);
  if (Status s = state.workspaces.UpdateGeneralSettings(a->workspace_id, g); !s.ok()) return s;
  return Json::object();
}

// --- notification rules --------------------------------------------------------------------

struct NotificationArgs {
  std::string workspace_id;
  std::string rule_id;  // update only
  std::optional<std::string> name;
  std::optional<NotificationSource> source;
  std::optional<std::vector<std::string>> event_types, targets;
  std::optional<std::vector<NotificationChannel>> channels;
  std::optional<bool> enabled;
};

std::optional<std::vector<std::string>> ListIfGiven(ParamReader& in, const Json& params,
                                                    std::string_view name) {
  std::vector<std::string> list = in.OptionalList(name);
  if (!params.is_object() || !params.contains(name) || params[std::string(name)].is_null()) {
    return std::nullopt;
  }
  return list;
}

void ReadSourceAndChannels(ParamReader& in, const Json& params, NotificationArgs* a) {
  if (std::optional<std::string> source = in.Optional("Source")) {
    auto it = std::find_if(std::begin(kSources), std::end(kSources), [&](NotificationSource s) {
      return NotificationSourceName(s) == *source;
    });
    if (it == std::end(kSources)) {
      in.Fail(InvalidParameter("Source", "must be DLCJob, PipelineRun, DSWInstance or "
                                         "ModelVersion"));
    } else {
      a->source = *it;
    }
  }
  if (std::optional<std::vector<std::string>> names = ListIfGiven(in, params, "Channels")) {
    a->channels.emplace();
    for (const std::string& name : *names) {
      auto it = std::find_if(std::begin(kChannels), std::end(kChannels), [&](NotificationChannel c) {
        return NotificationChannelName(c) == name;
      });
      if (it == std::end(kChannels)) {
        in.Fail(InvalidParameter("Channels", "holds an unknown channel '" + name + "'"));
        return;
      }
      a->channels->push_back(*it);
    }
  }
}

template <bool kCreate>
StatusOr<NotificationArgs> ParseNotification(const Json& params) {
  ParamReader in(params);
  NotificationArgs a;
  a.workspace_id = in.Required("WorkspaceId");
  if (!kCreate) a.rule_id = in.Required("RuleId");
  a.name = in.Optional("Name");
  a.event_types = ListIfGiven(in, params, "EventTypes");
  a.targets = ListIfGiven(in, params, "Targets");
  a.enabled = in.OptionalBool("Enabled");
  ReadSourceAndChannels(in, params, &a);
  if (Status s = in.Finish(); !s.ok()) return s;
  return a;
}

void Merge(const NotificationArgs& a, NotificationRule* rule) {
  if (a.name) rule->name = *a.name;
  if (a.source) rule->source = *a.source;
  if (a.event_types) rule->event_types = *a.event_types;
  if (a.channels) rule->channels = *a.channels;
  if (a.targets) rule->targets = *a.targets;
  if (a.enabled) rule->enabled = *a.enabled;
}

StatusOr<Json> CreateNotificationApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<NotificationArgs> a = ParseNotification<true>(params);
  if (!a.ok()) return a.status();
  NotificationRule rule;
  Merge(*a, &rule);
  StatusOr<std::string> id = state.workspaces.AddNotificationRule(a->workspace_id, rule);
  if (!id.ok()) return id.status();
  return Json{{"RuleId", *id}};
}

StatusOr<Json> UpdateNotificationApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<NotificationArgs> a = ParseNotification<false>(params);
  if (!a.ok()) return a.status();
  StatusOr<const Workspace*> ws = RequireWorkspace(StateView::Of(state), a->workspace_id);
  if (!ws.ok()) return ws.status();
  NotificationRule rule;
  rule.id = a->rule_id;
  for (const NotificationRule& r : (*ws)->config.notifications) {
    if (r.id == a->rule_id) rule = r;
  }
  Merge(*a, &rule);  // an unknown RuleId is the domain's notification-not-found
  if (Status s = state.workspaces.UpdateNotificationRule(a->workspace_id, rule); !s.ok()) return s;
  return Json::object();
}

struct RuleIdArgs {
  std::string workspace_id, rule_id;
};

StatusOr<RuleIdArgs> ParseRuleId(const Json& params) {
  ParamReader in(params);
  RuleIdArgs args{in.Required("WorkspaceId"), in.Required("RuleId")};
  if (Status s = in.Finish(); !s.ok()) return s;
  return args;
}

StatusOr<Json> DeleteNotificationApply(State& state, const Json& params, const ApplyContext&) {
  StatusOr<RuleIdArgs> a = ParseRuleId(params);
  if (!a.ok()) return a.status();
  if (Status s = state.workspaces.DeleteNotificationRule(a->workspace_id, a->rule_id); !s.ok()) {
    return s;
  }
  return Json::object();
}

const Operation kOperations[] = {
    {.name = "CreateNotificationRule",
     .writes = true,
     .target = TargetOnWorkspace<NotificationArgs, ParseNotification<true>, kUpdateConfigs>,
     .apply = CreateNotificationApply},
    {.name = "DeleteNotificationRule",
     .writes = true,
     .target = TargetOnWorkspace<RuleIdArgs, ParseRuleId, kUpdateConfigs>,
     .apply = DeleteNotificationApply},
    {.name = "DisableSlsForwarding",
     .writes = true,
     .target = TargetOnWorkspace<WorkspaceIdArgs, ParseWorkspaceId, kUpdateConfigs>,
     .apply = DisableSlsApply},
    {.name = "EnableSlsForwarding",
     .writes = true,
     .target = TargetOnWorkspace<SlsArgs, ParseEnableSls, kUpdateConfigs>,
     .apply = EnableSlsApply},
    {.name = "GetWorkspaceSettings",
     .target = TargetOnWorkspace<WorkspaceIdArgs, ParseWorkspaceId, kListConfigs>,
     .read = GetSettingsRead},
    {.name = "UpdateGeneralSettings",
     .writes = true,
     .target = TargetOnWorkspace<GeneralArgs, ParseGeneral, kUpdateConfigs>,
     .apply = GeneralApply},
    {.name = "UpdateNotificationRule",
     .writes = true,
     .target = TargetOnWorkspace<NotificationArgs, ParseNotification<false>, kUpdateConfigs>,
     .apply = UpdateNotificationApply},
};

}  // namespace

std::span<const Operation> SettingsOperations() { return kOperations; }

}  // namespace paiam::api::internal::ws
