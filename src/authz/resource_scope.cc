// paiam/authz — resource ARN scopes (resource_scope.h).
#include "authz/resource_scope.h"

namespace paiam::authz {
namespace {

constexpr std::string_view kAcs = "acs:";
constexpr std::string_view kWorkspaceMarker = ":workspace/";

}  // namespace

WorkspaceScope FindWorkspaceScope(std::string_view resource) {
  if (!resource.starts_with(kAcs)) return {};
  // The globs read "acs:" X ":" Y ":" A ":workspace/" W ["/" Z]: the service and region globs
  // need a ':' between them somewhere after "acs:", A is literal (no ':'), W is non-empty and
  // ends at '/' or at the end.
  const size_t first_colon = resource.find(':', kAcs.size());
  for (size_t pos = resource.find(kWorkspaceMarker, kAcs.size()); pos != std::string_view::npos;
       pos = resource.find(kWorkspaceMarker, pos + 1)) {
    const size_t account_colon = resource.rfind(':', pos - 1);
    if (account_colon == std::string_view::npos || account_colon < kAcs.size()) continue;
    if (first_colon >= account_colon) continue;  // no ':' between service and region
    std::string_view account = resource.substr(account_colon + 1, pos - account_colon - 1);
    std::string_view rest = resource.substr(pos + kWorkspaceMarker.size());
    std::string_view workspace = rest.substr(0, rest.find('/'));
    if (account.empty() || workspace.empty()) continue;
    return {account, workspace};
  }
  return {};
}

std::string_view ResourceAccount(std::string_view resource) {
  if (!resource.starts_with(kAcs)) return {};
  size_t start = kAcs.size();
  for (int field = 0; field < 2; ++field) {  // skip service and region
    size_t colon = resource.find(':', start);
    if (colon == std::string_view::npos) return {};
    start = colon + 1;
  }
  size_t end = resource.find(':', start);
  if (end == std::string_view::npos) return {};
  return resource.substr(start, end - start);
}

ResourcePlace LocateResource(std::string_view resource) {
  constexpr std::string_view kWorkspace = kWorkspaceMarker.substr(1);  // "workspace/"
  if (!resource.starts_with(kAcs)) return {};
  const size_t service_end = resource.find(':', kAcs.size());
  const size_t region_end =
      service_end == std::string_view::npos ? service_end : resource.find(':', service_end + 1);
  const size_t account_end =
      region_end == std::string_view::npos ? region_end : resource.find(':', region_end + 1);
  if (account_end == std::string_view::npos) return {{}, FindWorkspaceScope(resource)};
  ResourcePlace place;
  place.account = resource.substr(region_end + 1, account_end - region_end - 1);
  // The first ":workspace/" starts at one of the three colons; the fast path takes the third.
  auto marked = [&](size_t colon) {
    return resource.substr(colon + 1).starts_with(kWorkspace);
  };
  if (marked(account_end) && !marked(service_end) && !marked(region_end) &&
      !place.account.empty()) {
    std::string_view rest = resource.substr(account_end + 1 + kWorkspace.size());
    std::string_view workspace = rest.substr(0, rest.find('/'));
    if (!workspace.empty()) {
      place.scope = {place.account, workspace};
      return place;
    }
  }
  place.scope = FindWorkspaceScope(resource);
  return place;
}

}  // namespace paiam::authz
