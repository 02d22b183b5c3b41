// paiam/identity — small helpers of the entity records.
#include "identity/entities.h"

namespace paiam::identity {

std::string_view PolicyTypeName(PolicyType type) {
  return type == PolicyType::kSystem ? "System" : "Custom";
}

std::string_view AccessKeyStatusName(AccessKeyStatus status) {
  return status == AccessKeyStatus::kActive ? "Active" : "Inactive";
}

const PolicyVersion* ManagedPolicy::FindVersion(std::string_view version_id) const {
  for (const PolicyVersion& v : versions) {
    if (v.version_id == version_id) return &v;
  }
  return nullptr;
}

const PolicyVersion& ManagedPolicy::DefaultVersion() const {
  return *FindVersion(default_version_id);
}

}  // namespace paiam::identity
