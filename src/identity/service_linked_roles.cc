// paiam/identity — the service-linked role table (service_linked_roles.h).
#include "identity/service_linked_roles.h"

#include <set>
#include <utility>

#include "base/embedded_data.h"
#include "catalog/csv.h"
#include "identity/names.h"

namespace paiam::identity {
namespace {

constexpr std::string_view kFile = "service_linked_roles.csv";

Status DataError(uint32_t line, std::string message) {
  return Status(StatusCode::kInternal, "identity.service-linked-role-data",
                std::string(kFile) + ":" + std::to_string(line) + ": " + std::move(message));
}

bool IsServiceName(std::string_view name) {
  return !name.empty() && name.size() <= 128 &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") ==
             std::string_view::npos &&
         name.find('.') != std::string_view::npos;
}

}  // namespace

StatusOr<std::vector<ServiceLinkedRoleType>> LoadServiceLinkedRoles(const DataReader& read) {
  std::optional<std::string_view> text = read(kFile);
  if (!text) return DataError(0, "missing");
  StatusOr<catalog::CsvTable> table = catalog::CsvTable::Parse(*text, kFile);
  if (!table.ok()) {
    return Status(StatusCode::kInternal, "identity.service-linked-role-data",
                  table.status().message());
  }
  size_t col[6];
  const char* names[6] = {"service_name", "role_name",  "policy_name",
                          "description",  "provenance", "source"};
  for (size_t i = 0; i < 6; ++i) {
    StatusOr<size_t> c = table->Column(names[i]);
    if (!c.ok()) {
      return Status(StatusCode::kInternal, "identity.service-linked-role-data",
                    c.status().message());
    }
    col[i] = *c;
  }
  std::vector<ServiceLinkedRoleType> out;
  std::set<std::string, std::less<>> services;
  for (const catalog::CsvRecord& r : table->records()) {
    ServiceLinkedRoleType t;
    t.service_name = r.fields[col[0]];
    t.role_name = r.fields[col[1]];
    t.policy_name = r.fields[col[2]];
    t.description = r.fields[col[3]];
    t.source = r.fields[col[5]];
    const std::string& provenance = r.fields[col[4]];
    if (provenance != "confirmed" && provenance != "assumed") {
      return DataError(r.line, "provenance must be confirmed or assumed, got '" + provenance + "'");
    }
    t.provenance = provenance == "confirmed" ? Provenance::kConfirmed : Provenance::kAssumed;
    if (!IsServiceName(t.service_name)) {
      return DataError(r.line, "bad service name '" + t.service_name + "'");
    }
    if (!services.insert(t.service_name).second) {
      return DataError(r.line, "service '" + t.service_name + "' listed twice");
    }
    if (Status s = ValidateRoleName(t.role_name); !s.ok()) return DataError(r.line, s.message());
    if (Status s = ValidatePolicyName(t.policy_name); !s.ok()) {
      return DataError(r.line, s.message());
    }
    if (Status s = ValidateDescription(t.description); !s.ok()) {
      return DataError(r.line, s.message());
    }
    out.push_back(std::move(t));
  }
  return out;
}

const std::vector<ServiceLinkedRoleType>& EmbeddedServiceLinkedRoles() {
  static const std::vector<ServiceLinkedRoleType> table = [] {
    auto loaded = LoadServiceLinkedRoles([](std::string_view path) { return EmbeddedData(path); });
    return loaded.ok() ? std::move(*loaded) : std::vector<ServiceLinkedRoleType>();
  }();
  return table;
}

const ServiceLinkedRoleType* FindServiceLinkedRoleType(std::string_view service_name) {
  for (const ServiceLinkedRoleType& t : EmbeddedServiceLinkedRoles()) {
    if (t.service_name == service_name) return &t;
  }
  return nullptr;
}

std::string ServiceTrustPolicy(std::string_view service_name) {
  return R"({"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":[")" +
         std::string(service_name) + R"("]}}],"Version":"1"})";
}

}  // namespace paiam::identity
