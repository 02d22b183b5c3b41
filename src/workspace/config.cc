// paiam/workspace — Workspaces: compute resource associations and configuration (seed 004,
// "Compute resources", "Storage path", "SLS forwarding", "General settings", "Event
// notifications"; AIWorkSpace *WorkspaceResource and *Configs).
//
// Rule ids of this file (all "workspace."): resource-name-invalid, resource-env-type-invalid,
// resource-already-associated, resource-id-taken, resource-not-found,
// resource-association-is-permanent, storage-path-invalid, sls-project-invalid,
// sls-logstore-invalid, sls-modules-invalid, sls-forwarding-denied, sls-forwarding-not-enabled,
// general-settings-invalid, notification-invalid, notification-channel-region,
// notification-not-found, notification-id-taken, config-unknown, config-value-invalid.
#include <algorithm>
#include <array>

#include "workspace/workspace_internal.h"
#include "workspace/workspaces.h"

namespace paiam::workspace {

using internal::Chars;
using internal::Error;
using internal::Exists;
using internal::Invalid;
using internal::NotFound;
using internal::Quote;
using internal::Refused;

namespace {

constexpr std::string_view kLowerDigits = "abcdefghijklmnopqrstuvwxyz0123456789";

bool OnlyOf(std::string_view text, std::string_view allowed) {
  return text.find_first_not_of(allowed) == std::string_view::npos;
}

bool EdgesOf(std::string_view text, std::string_view allowed) {
  return !text.empty() && allowed.find(text.front()) != std::string_view::npos &&
         allowed.find(text.back()) != std::string_view::npos;
}

// "oss://<bucket>[.<endpoint>][/<path>]"; the bucket part lower-case letters, digits, '-', '.'.
Status CheckStoragePath(std::string_view path) {
  constexpr std::string_view kScheme = "oss://";
  std::string_view host = path.starts_with(kScheme) ? path.substr(kScheme.size()) : "";
  host = host.substr(0, host.find('/'));
  if (host.size() >= 3 && OnlyOf(host, "abcdefghijklmnopqrstuvwxyz0123456789-.") &&
      EdgesOf(host, kLowerDigits)) {
    return Status::Ok();
  }
  return Invalid("storage-path-invalid",
                 "storage path " + Quote(path) + " must look like oss://<bucket>/<path>/");
}

// SLS naming rules: projects 3-63 of [a-z0-9-], logstores 2-63 of [a-z0-9_-]; both start and end
// with a lower-case letter or digit.
Status CheckSlsSpec(const SlsForwardingSpec& spec, std::vector<std::string>* modules) {
  const std::string_view p = spec.project;
  if (p.size() < 3 || p.size() > 63 || !OnlyOf(p, "abcdefghijklmnopqrstuvwxyz0123456789-") ||
      !EdgesOf(p, kLowerDigits)) {
    return Invalid("sls-project-invalid", "SLS project " + Quote(p) +
                                              " must be 3-63 lower-case letters, digits and "
                                              "'-', starting and ending with a letter or digit");
  }
  const std::string_view l = spec.logstore;
  if (l.size() < 2 || l.size() > 63 || !OnlyOf(l, "abcdefghijklmnopqrstuvwxyz0123456789-_") ||
      !EdgesOf(l, kLowerDigits)) {
    return Invalid("sls-logstore-invalid", "SLS logstore " + Quote(l) +
                                               " must be 2-63 lower-case letters, digits, '-' "
                                               "and '_', starting and ending with a letter or "
                                               "digit");
  }
  modules->clear();
  for (const std::string& m : spec.modules) {
    if (m != "DSW" && m != "DLC") {
      return Invalid("sls-modules-invalid",
                     "log forwarding supports the modules DSW and DLC, "
                     "not " +
                         Quote(m));
    }
    if (std::find(modules->begin(), modules->end(), m) == modules->end()) modules->push_back(m);
  }
  if (modules->empty()) {
    return Invalid("sls-modules-invalid", "choose at least one module (DSW, DLC) to forward");
  }
  std::sort(modules->begin(), modules->end());
  return Status::Ok();
}

// The caller must hold every action on the project; the first missing one is named as SLS
// names it (seed 004 FAQ).
Status ProbeLogActions(std::span<const std::string_view> actions, const Workspace& ws,
                       std::string_view project, const PermissionProbe& may) {
  const std::string resource =
      "acs:log:" + ws.region + ":" + ws.account_id + ":project/" + std::string(project);
  for (std::string_view action : actions) {
    if (!may || !may(action, resource)) {
      return Error(
          StatusCode::kPermissionDenied, "sls-forwarding-denied",
          "denied by sts or ram, action: " + std::string(action) + ", resource: " + resource);
    }
  }
  return Status::Ok();
}

Status CheckNotification(const Workspace& ws, const NotificationRule& rule) {
  if (rule.event_types.empty() || rule.channels.empty()) {
    return Invalid("notification-invalid",
                   "a notification rule needs at least one event type and one channel");
  }
  for (NotificationChannel channel : rule.channels) {
    if (!ChannelAvailableIn(channel, ws.region)) {
      return Invalid("notification-channel-region",
                     std::string(NotificationChannelName(channel)) +
                         " notifications are available only in China (Hangzhou) cn-hangzhou, "
                         "China (Shanghai) cn-shanghai and China (Ulanqab) cn-wulanchabu, not "
                         "in " +
                         ws.region);
    }
  }
  return Status::Ok();
}

// UpdateConfigs categories and keys (shared/spec/alibaba-api.md §4.3).
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kConfigKeys = {{
    {"CommonResourceConfig", "tempStoragePath"},
    {"DLCAutoRecycle", "isAutoRecycle"},
    {"DLCPriorityConfig", "priorityConfig"},
    {"DSWPriorityConfig", "priorityConfig"},
    {"QuotaMaximumDuration", "quotaMaximumDuration"},
    {"CommonTagConfig", "predefinedTags"},
}};

}  // namespace

// --- compute resources ---------------------------------------------------------------------

StatusOr<std::string> Workspaces::AssociateResource(std::string_view workspace_id,
                                                    const ResourceSpec& spec) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  if (Chars(spec.name) < 3 || Chars(spec.name) > 28) {
    return Invalid("resource-name-invalid",
                   "resource name " + Quote(spec.name) + " must be 3-28 characters");
  }
  if (std::find(ws->env_types.begin(), ws->env_types.end(), spec.env_type) == ws->env_types.end()) {
    return Invalid("resource-env-type-invalid",
                   "EnvType " + Quote(spec.env_type) +
                       " is not one of the workspace's "
                       "environments (dev only in workspaces created with [\"dev\",\"prod\"])");
  }
  for (const ResourceAssociation& r : ws->resources) {
    if (r.type == spec.type && r.name == spec.name && r.env_type == spec.env_type) {
      return Exists("resource-already-associated",
                    std::string(ComputeResourceTypeName(spec.type)) + " resource " +
                        Quote(spec.name) + " is already associated (id " + Quote(r.id) + ")");
    }
    if (!spec.id.empty() && r.id == spec.id) {
      return Exists("resource-id-taken", "resource id " + Quote(spec.id) + " is in use");
    }
  }
  const std::string id = spec.id.empty() ? NextId("res-") : spec.id;
  if (spec.is_default) {
    // One default per type and environment: the new default replaces the old one.
    for (ResourceAssociation& r : ws->resources) {
      if (r.type == spec.type && r.env_type == spec.env_type) r.is_default = false;
    }
  }
  ws->resources.push_back(ResourceAssociation{id, spec.name, spec.type, spec.env_type,
                                              spec.group_name, spec.quota_id, spec.is_default,
                                              now_});
  ws->modify_time = now_;
  return id;
}

Status Workspaces::DisassociateResource(std::string_view workspace_id,
                                        std::string_view resource_id) {
  const Workspace* ws = FindWorkspace(workspace_id);
  if (ws == nullptr) {
    return NotFound("not-found", "workspace " + Quote(workspace_id) + " does not exist");
  }
  const bool found = std::any_of(ws->resources.begin(), ws->resources.end(),
                                 [&](const ResourceAssociation& r) { return r.id == resource_id; });
  if (!found) {
    return NotFound("resource-not-found",
                    "workspace " + Quote(workspace_id) + " has no resource " + Quote(resource_id));
  }
  return Refused("resource-association-is-permanent",
                 "You currently cannot disassociate a linked compute resource. To remove an "
                 "association, contact your account manager.");
}

Status Workspaces::UpdateResources(std::string_view workspace_id,
                                   std::span<const std::string> ids,
                                   const ResourceUpdate& update) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  std::vector<ResourceAssociation*> selected;
  for (const std::string& id : ids) {
    auto it = std::find_if(ws->resources.begin(), ws->resources.end(),
                           [&](const ResourceAssociation& r) { return r.id == id; });
    if (it == ws->resources.end()) {
      return NotFound("resource-not-found",
                      "workspace " + Quote(workspace_id) + " has no resource " + Quote(id));
    }
    selected.push_back(&*it);
  }
  for (ResourceAssociation* r : selected) {
    if (update.group_name) r->group_name = *update.group_name;
    if (update.is_default == true) {
      // One default per type and environment, as AssociateResource keeps it.
      for (ResourceAssociation& other : ws->resources) {
        if (other.type == r->type && other.env_type == r->env_type) other.is_default = false;
      }
    }
    if (update.is_default) r->is_default = *update.is_default;
  }
  ws->modify_time = now_;
  return Status::Ok();
}

std::vector<const ResourceAssociation*> Workspaces::ListResources(
    std::string_view workspace_id, std::optional<ComputeResourceType> type) const {
  std::vector<const ResourceAssociation*> out;
  if (const Workspace* ws = FindWorkspace(workspace_id)) {
    for (const ResourceAssociation& r : ws->resources) {
      if (!type || r.type == *type) out.push_back(&r);
    }
  }
  return out;
}

// --- configuration -------------------------------------------------------------------------

Status Workspaces::SetDefaultStoragePath(std::string_view workspace_id, std::string_view path) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  if (!path.empty()) {
    if (Status s = CheckStoragePath(path); !s.ok()) return s;
  }
  ws->config.default_storage_path = std::string(path);
  ws->modify_time = now_;
  return Status::Ok();
}

Status Workspaces::EnableSlsForwarding(std::string_view workspace_id, const SlsForwardingSpec& spec,
                                       const PermissionProbe& may) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  std::vector<std::string> modules;
  if (Status s = CheckSlsSpec(spec, &modules); !s.ok()) return s;
  // Real SLS authorizes ListProject on project/*; paiam asks for it on the project itself,
  // which any policy granting project/* or "*" also covers.
  static constexpr std::string_view kEnable[] = {"log:ListProject", "log:GetProductDataCollection",
                                                 "log:OpenProductDataCollection",
                                                 "log:CloseProductDataCollection"};
  if (Status s = ProbeLogActions(kEnable, *ws, spec.project, may); !s.ok()) return s;
  ws->config.sls = SlsForwarding{true, spec.project, spec.logstore, std::move(modules)};
  ws->modify_time = now_;
  return Status::Ok();
}

Status Workspaces::DisableSlsForwarding(std::string_view workspace_id, const PermissionProbe& may) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  if (!ws->config.sls.enabled) {
    return Refused("sls-forwarding-not-enabled",
                   "log forwarding is not enabled in workspace " + Quote(workspace_id));
  }
  static constexpr std::string_view kDisable[] = {"log:GetProductDataCollection",
                                                  "log:CloseProductDataCollection"};
  if (Status s = ProbeLogActions(kDisable, *ws, ws->config.sls.project, may); !s.ok()) return s;
  ws->config.sls = SlsForwarding{};
  ws->modify_time = now_;
  return Status::Ok();
}

Status Workspaces::UpdateGeneralSettings(std::string_view workspace_id,
                                         const GeneralSettings& settings) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  if (settings.dsw_internet_rate_limit_mbps < 0) {
    return Invalid("general-settings-invalid",
                   "the DSW internet rate limit must be 0 (none) or a positive Mbit/s figure");
  }
  if (settings.default_vpc_id.empty() &&
      (!settings.default_vswitch_id.empty() || !settings.default_security_group_id.empty())) {
    return Invalid("general-settings-invalid",
                   "a default vSwitch or security group needs a default VPC");
  }
  ws->config.general = settings;
  ws->modify_time = now_;
  return Status::Ok();
}

StatusOr<std::string> Workspaces::AddNotificationRule(std::string_view workspace_id,
                                                      NotificationRule rule) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  if (Status s = CheckNotification(*ws, rule); !s.ok()) return s;
  for (const NotificationRule& r : ws->config.notifications) {
    if (!rule.id.empty() && r.id == rule.id) {
      return Exists("notification-id-taken",
                    "notification rule id " + Quote(rule.id) + " is in use");
    }
  }
  if (rule.id.empty()) rule.id = NextId("notify-");
  ws->config.notifications.push_back(std::move(rule));
  ws->modify_time = now_;
  return ws->config.notifications.back().id;
}

Status Workspaces::UpdateNotificationRule(std::string_view workspace_id,
                                          const NotificationRule& rule) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  auto it = std::find_if(ws->config.notifications.begin(), ws->config.notifications.end(),
                         [&](const NotificationRule& r) { return r.id == rule.id; });
  if (it == ws->config.notifications.end()) {
    return NotFound("notification-not-found", "no notification rule " + Quote(rule.id));
  }
  if (Status s = CheckNotification(*ws, rule); !s.ok()) return s;
  *it = rule;
  ws->modify_time = now_;
  return Status::Ok();
}

Status Workspaces::DeleteNotificationRule(std::string_view workspace_id, std::string_view rule_id) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  auto it = std::find_if(ws->config.notifications.begin(), ws->config.notifications.end(),
                         [&](const NotificationRule& r) { return r.id == rule_id; });
  if (it == ws->config.notifications.end()) {
    return NotFound("notification-not-found", "no notification rule " + Quote(rule_id));
  }
  ws->config.notifications.erase(it);
  ws->modify_time = now_;
  return Status::Ok();
}

Status Workspaces::SetConfig(std::string_view workspace_id, std::string_view category,
                             std::string_view key, std::string_view value) {
  if (category == "CommonResourceConfig" && key == "tempStoragePath") {
    return SetDefaultStoragePath(workspace_id, value);
  }
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  const bool known = std::any_of(kConfigKeys.begin(), kConfigKeys.end(), [&](const auto& k) {
    return k.first == category && k.second == key;
  });
  if (!known) {
    return Invalid("config-unknown", "unknown configuration " + Quote(category) + "/" + Quote(key));
  }
  if (key == "isAutoRecycle" && !value.empty() && value != "true" && value != "false") {
    return Invalid("config-value-invalid", "isAutoRecycle must be true or false");
  }
  auto config_key = std::pair(std::string(category), std::string(key));
  if (value.empty()) {
    ws->config.values.erase(config_key);
  } else {
    ws->config.values[std::move(config_key)] = std::string(value);
  }
  ws->modify_time = now_;
  return Status::Ok();
}

}  // namespace paiam::workspace
