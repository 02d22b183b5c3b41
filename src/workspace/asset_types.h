// paiam/workspace — the kinds of workspace assets and where they sit in a PAI resource ARN.
//
// One entry per resource type of the catalog's `resource` column (data/catalog/actions.csv),
// plus the types whose seed rows give no resource (code sources, experiments and trials, HPO
// experiments and trials, training jobs, LangStudio flows, templates, runs, connections and
// runtimes, EAS services, resource groups, stress-test tasks and gateways, components and their
// versions). For those the path is reconstructed here, in the seed's style
// (`<lowercase type>/{<type>Id}`), and marked `reconstructed`. Labels, shares, ECS specs, user
// configs and official images (provider/pai/image, outside any workspace) are not assets.
//
// An asset's ARN is acs:<ram-code>:<region>:<account>:workspace/<workspace-id>/<path>, with the
// path's placeholders filled: e.g. model/{modelId}/modelVersion/{versionName} for a model
// version, whose parent is the model. Child types have exactly one parent type.
#ifndef PAIAM_WORKSPACE_ASSET_TYPES_H_
#define PAIAM_WORKSPACE_ASSET_TYPES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace paiam::workspace {

enum class AssetType : uint8_t {
  kDataset,
  kModel,
  kModelVersion,
  kImage,
  kCodeSource,
  kPipelineDraft,
  kPipelineDraftJob,
  kPipelineDraftTemplate,
  kPipelineDraftFolder,
  kInstanceJob,
  kPipeline,
  kPipelineRun,
  kDswInstance,
  kDswSnapshot,
  kDswTempFile,
  kDswTempFileTask,
  kDlcJob,
  kDlcPod,
  kTensorBoard,
  kExperiment,
  kTrial,
  kHpoExperiment,
  kHpoTrial,
  kTrainingJob,
  kFlow,
  kFlowTemplate,
  kFlowRun,
  kConnection,
  kRuntime,
  kEasService,
  kEasResourceGroup,
  kEasBenchmarkTask,
  kEasGateway,
  kComponent,
  kComponentVersion,
  kAi4dService,
};
inline constexpr size_t kAssetTypeCount = static_cast<size_t>(AssetType::kAi4dService) + 1;

struct AssetTypeInfo {
  AssetType type;
  std::string_view name;      // stable snake_case name, e.g. "model_version"
  std::string_view ram_code;  // the code of the type's ARN, e.g. "paimodel"
  // Another ram-code whose actions also address this type (instance jobs are reached by both
  // paiworkspace:GetInstanceJob and paidesigner actions); empty if none.
  std::string_view alt_ram_code;
  // Path after workspace/<id>/, e.g. "model/{modelId}/modelVersion/{versionName}". A child
  // type's path is its parent's path followed by "/<segment>/{<placeholder>}".
  std::string_view path;
  std::optional<AssetType> parent;
  bool reconstructed;  // true when the seed gives no resource for this type
};

// Every type, in enum order.
std::span<const AssetTypeInfo> AllAssetTypes();
const AssetTypeInfo& Info(AssetType type);
std::string_view AssetTypeName(AssetType type);
std::optional<AssetType> ParseAssetType(std::string_view name);  // by AssetTypeInfo::name

// Reads a catalog resource pattern (the `resource`/`resource_alias` column, placeholders of any
// spelling, e.g. "dlcjob/jobid/pod/podid" or "pipelinedraft/{pipeineDraftId}"):
//   "dataset/{datasetId}"      -> {kDataset, collection = false}  one asset
//   "dataset/*"                -> {kDataset, collection = true}   the workspace's datasets
//   "dlcjob/{jobId}/pod/*"     -> {kDlcPod,  collection = true}   one job's pods
// nullopt for patterns that name no asset ("tempfile/*" is a collection of kDswTempFile, but
// "dswinstance/{instanceId}/labels", "ecsspec/*" or "" are not assets).
struct ResourcePatternMatch {
  AssetType type;
  bool collection;
};
std::optional<ResourcePatternMatch> MatchResourcePattern(std::string_view pattern);

}  // namespace paiam::workspace

#endif  // PAIAM_WORKSPACE_ASSET_TYPES_H_
