// paiam/workspace — the asset type table and catalog resource patterns.
#include "workspace/asset_types.h"

#include <array>

namespace paiam::workspace {
namespace {

using T = AssetType;
constexpr std::optional<AssetType> kTop = std::nullopt;

// Paths the seed gives are copied with its placeholder names (typos corrected as in
// data/catalog `resource_alias`); reconstructed ones follow the same style.
constexpr std::array<AssetTypeInfo, kAssetTypeCount> kTypes = {{
    {T::kDataset, "dataset", "paidataset", "", "dataset/{datasetId}", kTop, false},
    {T::kModel, "model", "paimodel", "", "model/{modelId}", kTop, false},
    {T::kModelVersion, "model_version", "paimodel", "",
     "model/{modelId}/modelVersion/{versionName}", T::kModel, false},
    {T::kImage, "image", "paiimage", "", "image/{imageId}", kTop, false},
    {T::kCodeSource, "code_source", "paicodesource", "", "codesource/{codeSourceId}", kTop, true},
    {T::kPipelineDraft, "pipeline_draft", "paidesigner", "", "pipelinedraft/{pipelineDraftId}",
     kTop, false},
    {T::kPipelineDraftJob, "pipeline_draft_job", "paidesigner", "",
     "pipelinedraft/{pipelineDraftId}/job/{jobId}", T::kPipelineDraft, false},
    {T::kPipelineDraftTemplate, "pipeline_draft_template", "paidesigner", "",
     "pipelinedrafttemplate/{pipelineDraftTemplateId}", kTop, false},
    {T::kPipelineDraftFolder, "pipeline_draft_folder", "paidesigner", "",
     "pipelinedraftfolder/{folderId}", kTop, false},
    {T::kInstanceJob, "instance_job", "paiworkspace", "paidesigner", "instancejob/{instanceJobId}",
     kTop, false},
    {T::kPipeline, "pipeline", "paiflow", "", "pipeline/{pipelineId}", kTop, false},
    {T::kPipelineRun, "pipeline_run", "paiflow", "", "pipelinerun/{pipelineRunId}", kTop, false},
    {T::kDswInstance, "dsw_instance", "paidsw", "", "dswinstance/{instanceId}", kTop, false},
    {T::kDswSnapshot, "dsw_snapshot", "paidsw", "",
     "dswinstance/{instanceId}/snapshot/{snapshotId}", T::kDswInstance, false},
    {T::kDswTempFile, "dsw_temp_file", "paidsw", "", "tempfile/{tempfileId}", kTop, false},
    {T::kDswTempFileTask, "dsw_temp_file_task", "paidsw", "", "tempfiletask/{tempfileTaskId}", kTop,
     false},
    {T::kDlcJob, "dlc_job", "paidlc", "", "dlcjob/{jobId}", kTop, false},
    {T::kDlcPod, "dlc_pod", "paidlc", "", "dlcjob/{jobId}/pod/{podId}", T::kDlcJob, false},
    {T::kTensorBoard, "tensorboard", "paidlc", "", "tensorboard/{tensorboardId}", kTop, false},
    {T::kExperiment, "experiment", "paiexperiment", "", "experiment/{experimentId}", kTop, true},
    {T::kTrial, "trial", "paiexperiment", "", "experiment/{experimentId}/trial/{trialId}",
     T::kExperiment, true},
    {T::kHpoExperiment, "hpo_experiment", "paiautoml", "", "hpoexperiment/{experimentId}", kTop,
     true},
    {T::kHpoTrial, "hpo_trial", "paiautoml", "", "hpoexperiment/{experimentId}/trial/{trialId}",
     T::kHpoExperiment, true},
    {T::kTrainingJob, "training_job", "paitraining", "", "trainingjob/{trainingJobId}", kTop, true},
    {T::kFlow, "flow", "pailangstudio", "", "flow/{flowId}", kTop, true},
    {T::kFlowTemplate, "flow_template", "pailangstudio", "", "flowtemplate/{flowTemplateId}", kTop,
     true},
    {T::kFlowRun, "flow_run", "pailangstudio", "", "flow/{flowId}/flowrun/{flowRunId}", T::kFlow,
     true},
    {T::kConnection, "connection", "pailangstudio", "", "connection/{connectionId}", kTop, true},
    {T::kRuntime, "runtime", "pailangstudio", "", "runtime/{runtimeId}", kTop, true},
    {T::kEasService, "eas_service", "eas", "", "service/{serviceName}", kTop, true},
    {T::kEasResourceGroup, "eas_resource_group", "eas", "", "resource/{resourceId}", kTop, true},
    {T::kEasBenchmarkTask, "eas_benchmark_task", "eas", "", "benchmarktask/{taskName}", kTop, true},
    {T::kEasGateway, "eas_gateway", "eas", "", "gateway/{gatewayId}", kTop, true},
    {T::kComponent, "component", "paicomponentmanagement", "", "component/{componentId}", kTop,
     true},
    {T::kComponentVersion, "component_version", "paicomponentmanagement", "",
     "component/{componentId}/version/{version}", T::kComponent, true},
    {T::kAi4dService, "ai4d_service", "paiartlab", "", "ai4dServices/{serviceId}", kTop, false},
}};

// Splits off the next '/'-separated segment of `path`.
std::string_view NextSegment(std::string_view& path) {
  const size_t slash = path.find('/');
  std::string_view head = path.substr(0, slash);
  path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  return head;
}

// Templates alternate literal and {placeholder} segments. A pattern matches when its literal
// segments agree; at placeholder positions it may hold anything, and "*" as its last segment
// (at a placeholder position) makes it a collection.
std::optional<bool> MatchTemplate(std::string_view tmpl, std::string_view pattern) {
  while (!tmpl.empty()) {
    if (pattern.empty()) return std::nullopt;
    std::string_view t = NextSegment(tmpl);
    std::string_view p = NextSegment(pattern);
    const bool placeholder = t.starts_with('{');
    if (!placeholder && t != p) return std::nullopt;
    if (placeholder && p == "*") {
      if (!tmpl.empty() || !pattern.empty()) return std::nullopt;
      return true;
    }
    if (placeholder && p.empty()) return std::nullopt;
  }
  if (!pattern.empty()) return std::nullopt;
  return false;
}

}  // namespace

std::span<const AssetTypeInfo> AllAssetTypes() { return kTypes; }

const AssetTypeInfo& Info(AssetType type) { return kTypes[static_cast<size_t>(type)]; }

std::string_view AssetTypeName(AssetType type) { return Info(type).name; }

std::optional<AssetType> ParseAssetType(std::string_view name) {
  for (const AssetTypeInfo& info : kTypes) {
    if (info.name == name) return info.type;
  }
  return std::nullopt;
}

std::optional<ResourcePatternMatch> MatchResourcePattern(std::string_view pattern) {
  if (pattern.starts_with('/')) pattern.remove_prefix(1);
  for (const AssetTypeInfo& info : kTypes) {
    if (std::optional<bool> collection = MatchTemplate(info.path, pattern)) {
      return ResourcePatternMatch{info.type, *collection};
    }
  }
  return std::nullopt;
}

}  // namespace paiam::workspace
