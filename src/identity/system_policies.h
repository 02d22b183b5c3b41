// paiam/identity — the read-only system policies (AdministratorAccess, AliyunPAIFullAccess, ...)
// shipped as data under data/policies/system/: one <Name>.json document per policy and
// manifest.csv (name,version,description,provenance,source) listing them. Texts not confirmed
// from a public source are marked "assumed" (shared/spec/ram-policy.md §5, Decisions 7).
#ifndef PAIAM_IDENTITY_SYSTEM_POLICIES_H_
#define PAIAM_IDENTITY_SYSTEM_POLICIES_H_

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "identity/entities.h"

namespace paiam::identity {

// Reads a file relative to data/; nullopt when absent.
using DataReader = std::function<std::optional<std::string_view>(std::string_view path)>;

// Parses policies/system/manifest.csv and every document it names, through `read`. Fails with
// rule "identity.system-policy-data" naming the file and line of the first problem (a missing
// file, a malformed row, a document policy::ParsePolicy rejects).
StatusOr<std::vector<ManagedPolicy>> LoadSystemPolicies(const DataReader& read);

// The same, from the copy of data/ embedded in the binary (base/embedded_data.h).
StatusOr<std::vector<ManagedPolicy>> LoadEmbeddedSystemPolicies();

}  // namespace paiam::identity

#endif  // PAIAM_IDENTITY_SYSTEM_POLICIES_H_
