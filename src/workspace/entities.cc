// paiam/workspace — small helpers of the workspace records.
#include "workspace/entities.h"

#include <algorithm>

namespace paiam::workspace {

bool IsBuiltinRole(std::string_view role) {
  for (std::string_view r :
       {kRoleWorkspaceOwner, kRoleWorkspaceAdmin, kRoleAlgoDeveloper, kRoleAlgoOperator,
        kRoleLabelManager, kRoleWorkspaceGuest, kRoleMaxComputeDeveloper}) {
    if (r == role) return true;
  }
  return false;
}

bool IsDataWorksSharedRole(std::string_view role) {
  return role == kRoleWorkspaceAdmin || role == kRoleWorkspaceGuest ||
         role == kRoleMaxComputeDeveloper;
}

bool IsCustomRoleModule(std::string_view module) {
  return std::find(std::begin(kCustomRoleModules), std::end(kCustomRoleModules), module) !=
         std::end(kCustomRoleModules);
}

bool Member::HasRole(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::string_view ComputeResourceTypeName(ComputeResourceType type) {
  switch (type) {
    case ComputeResourceType::kLingjun:
      return "Lingjun";
    case ComputeResourceType::kGeneralComputing:
      return "ECS";
    case ComputeResourceType::kMaxCompute:
      return "MaxCompute";
    case ComputeResourceType::kFlink:
      return "Flink";
  }
  return "";
}

std::optional<ComputeResourceType> ParseComputeResourceType(std::string_view name) {
  if (name == "Lingjun") return ComputeResourceType::kLingjun;
  if (name == "ECS" || name == "GeneralComputing") return ComputeResourceType::kGeneralComputing;
  if (name == "MaxCompute") return ComputeResourceType::kMaxCompute;
  if (name == "Flink") return ComputeResourceType::kFlink;
  return std::nullopt;
}

std::string_view NotificationSourceName(NotificationSource source) {
  switch (source) {
    case NotificationSource::kDlcJob:
      return "DLCJob";
    case NotificationSource::kPipelineRun:
      return "PipelineRun";
    case NotificationSource::kDswInstance:
      return "DSWInstance";
    case NotificationSource::kModelVersion:
      return "ModelVersion";
  }
  return "";
}

std::string_view NotificationChannelName(NotificationChannel channel) {
  switch (channel) {
    case NotificationChannel::kDingTalk:
      return "DingTalk";
    case NotificationChannel::kWeCom:
      return "WeCom";
    case NotificationChannel::kLark:
      return "Lark";
    case NotificationChannel::kWebhook:
      return "Webhook";
    case NotificationChannel::kEventBridge:
      return "EventBridge";
    case NotificationChannel::kVoice:
      return "Voice";
    case NotificationChannel::kSms:
      return "SMS";
    case NotificationChannel::kEmail:
      return "Email";
  }
  return "";
}

bool ChannelAvailableIn(NotificationChannel channel, std::string_view region) {
  switch (channel) {
    case NotificationChannel::kVoice:
    case NotificationChannel::kSms:
    case NotificationChannel::kEmail:
      return std::find(std::begin(kFullNotificationRegions), std::end(kFullNotificationRegions),
                       region) != std::end(kFullNotificationRegions);
    default:
      return true;
  }
}

std::string_view EffectiveStoragePath(const Workspace& workspace,
                                      std::string_view pipeline_override) {
  if (!pipeline_override.empty()) return pipeline_override;
  return workspace.config.default_storage_path;
}

std::string_view AccessibilityName(Accessibility a) {
  return a == Accessibility::kPublic ? "PUBLIC" : "PRIVATE";
}

}  // namespace paiam::workspace
