// paiam/identity — loading the system policies shipped under data/policies/system/.
#include "identity/system_policies.h"

#include <string>

#include "base/embedded_data.h"
#include "policy/parser.h"

namespace paiam::identity {
namespace {

constexpr std::string_view kDir = "policies/system/";
constexpr std::string_view kManifest = "policies/system/manifest.csv";

Status DataError(std::string_view file, size_t line, std::string message) {
  std::string where(file);
  if (line > 0) where += ":" + std::to_string(line);
  return Status(StatusCode::kInternal, "identity.system-policy-data",
                where + ": " + std::move(message));
}

// Splits one CSV record (RFC 4180 quoting, no embedded newlines). False on a stray quote.
bool SplitCsv(std::string_view line, std::vector<std::string>* fields) {
  fields->assign(1, "");
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') {
        fields->back() += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        fields->back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"' && fields->back().empty()) {
      quoted = true;
    } else if (c == ',') {
      fields->emplace_back();
    } else if (c == '"') {
      return false;
    } else {
      fields->back() += c;
    }
  }
  return !quoted;
}

// One manifest row: name, version, description, provenance, source.
StatusOr<ManagedPolicy> LoadOne(const std::vector<std::string>& f, size_t line,
                                const DataReader& read) {
  ManagedPolicy p;
  p.type = PolicyType::kSystem;
  p.name = f[0];
  p.description = f[2];
  p.source = f[4];
  if (f[3] == "confirmed") {
    p.provenance = Provenance::kConfirmed;
  } else if (f[3] == "assumed") {
    p.provenance = Provenance::kAssumed;
  } else {
    return DataError(kManifest, line,
                     "provenance must be confirmed or assumed, got '" + f[3] + "'");
  }
  if (f[1].size() < 2 || f[1][0] != 'v' ||
      f[1].find_first_not_of("0123456789", 1) != std::string::npos) {
    return DataError(kManifest, line, "version must look like v1, got '" + f[1] + "'");
  }
  const std::string file = std::string(kDir) + p.name + ".json";
  std::optional<std::string_view> text = read(file);
  if (!text) return DataError(file, 0, "missing (named by " + std::string(kManifest) + ")");
  policy::ParseResult parsed = policy::ParsePolicy(*text);
  if (!parsed.ok()) {
    for (const policy::Diagnostic& d : parsed.diagnostics) {
      if (d.severity == policy::Severity::kError) return DataError(file, 0, d.ToString());
    }
    return DataError(file, 0, "invalid policy document");
  }
  PolicyVersion version;
  version.version_id = f[1];
  version.text = std::string(*text);
  version.document = std::move(*parsed.document);
  p.default_version_id = version.version_id;
  p.next_version_number = static_cast<uint32_t>(std::stoul(f[1].substr(1))) + 1;
  p.versions.push_back(std::move(version));
  return p;
}

}  // namespace

StatusOr<std::vector<ManagedPolicy>> LoadSystemPolicies(const DataReader& read) {
  std::optional<std::string_view> manifest = read(kManifest);
  if (!manifest) return DataError(kManifest, 0, "missing");
  std::vector<ManagedPolicy> out;
  std::vector<std::string> fields;
  size_t line_number = 0;
  std::string_view rest = *manifest;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (!SplitCsv(line, &fields) || fields.size() != 5) {
      return DataError(kManifest, line_number,
                       "expected 5 fields: name,version,description,provenance,source");
    }
    if (line_number == 1) {
      if (fields[0] != "name") return DataError(kManifest, 1, "missing header row");
      continue;
    }
    StatusOr<ManagedPolicy> policy = LoadOne(fields, line_number, read);
    if (!policy.ok()) return policy.status();
    out.push_back(std::move(*policy));
  }
  return out;
}

StatusOr<std::vector<ManagedPolicy>> LoadEmbeddedSystemPolicies() {
  return LoadSystemPolicies([](std::string_view path) { return EmbeddedData(path); });
}

}  // namespace paiam::identity
