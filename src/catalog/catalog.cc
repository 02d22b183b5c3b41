// Loading and cross-checking the catalog CSVs, and the lookups over them (catalog.h).
//
// Loading order: roles (they define the grant columns), actions, grants (which refer to both),
// then the custom-role module mapping (which refers to actions). Every reference is checked, so
// a typo in an operator's edited data is an error with its file and line, never a silently
// missing permission.
#include "catalog/catalog.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/embedded_data.h"
#include "catalog/csv.h"
#include "catalog/text.h"

namespace paiam::catalog {

using internal::AsciiLower;
using internal::EqualsIgnoreCase;

namespace {

// Ram-codes of services outside the PAI catalog that paiam's policies name: the system policies
// and service-role policies of spec/ram-policy.md §5 (OSS, SLS, RAM, STS, ECS, VPC, billing,
// ARMS, DataWorks, Container Service, EventBridge, Function Compute, Serverless Devs, KMS,
// Resource Management and friends, MaxCompute), and the PAI codes that AliyunPAIFullAccess and
// AliyunPAIReadOnlyAccess list but seed 002 has no rows for.
constexpr std::string_view kExternalRamCodes[] = {
    "accessanalyzer",
    "agenticpai",
    "arms",
    "bss",
    "bssapi",
    "cloudsso",
    "cs",
    "dataworks",
    "devs",
    "ecs",
    "efc",
    "eventbridge",
    "fc",
    "featurestore",
    "ims",
    "kms",
    "log",
    "modelservice",
    "odps",
    "oss",
    "paiabtest",
    "paiitag",
    "paillmtrace",
    "paiplugin",
    "pairec",
    "paitrainingservice",
    "ram",
    "resourcemanager",
    "resourcesharing",
    "sts",
    "vpc",
};

Status DataError(std::string_view message) {
  return Status(StatusCode::kInvalidArgument, "catalog.bad-data", std::string(message));
}

// Reads named columns of a CSV record; the first missing column is remembered.
class Columns {
 public:
  Columns(const CsvTable& table, std::initializer_list<std::string_view> names) {
    for (std::string_view name : names) {
      StatusOr<size_t> index = table.Column(name);
      if (!index.ok() && status_.ok()) status_ = index.status();
      indices_.push_back(index.ok() ? *index : 0);
    }
  }
  const Status& status() const { return status_; }
  const std::string& Get(const CsvRecord& record, size_t i) const {
    return record.fields[indices_[i]];
  }

 private:
  std::vector<size_t> indices_;
  Status status_;
};

std::optional<bool> ParseBoolField(std::string_view v) {
  if (v == "true") return true;
  if (v == "false") return false;
  return std::nullopt;
}

std::optional<int> ParseIntField(std::string_view v) {
  int out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || v.empty()) return std::nullopt;
  return out;
}

bool IsProvenance(std::string_view v) {
  if (v == "seed") return true;
  return v.starts_with("rule:") && ParseIntField(v.substr(5)).has_value();
}

// The ram-code part of an action name, lowercased: "PaiDLC:GetJob" -> "paidlc".
std::string RamCodeOf(std::string_view name) {
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? std::string() : AsciiLower(name.substr(0, colon));
}

}  // namespace

struct Catalog::Tables {
  std::vector<Action> actions;
  std::vector<Role> roles;
  std::vector<std::string> columns;   // distinct grant columns, in roles.csv order
  std::vector<uint32_t> role_column;  // per role: index into `columns`
  std::vector<ClassMask> allowed;     // [column * actions + action]
  struct Cell {
    ClassMask mask;
    std::string provenance;
  };
  std::vector<Cell> cells;
  std::vector<std::array<int32_t, 4>> cell_of;  // [column * actions + action][class] -> cell
  std::vector<const Action*> default_allow;
  std::unordered_map<std::string, std::vector<uint32_t>> action_names;  // lowercase -> rows
  std::unordered_map<std::string, uint32_t> role_names;                 // lowercase -> role
  std::vector<CustomRoleModule> modules;
  std::unordered_map<std::string, uint32_t> module_names;  // lowercase -> module
  std::unordered_set<std::string> ram_codes;               // catalog rows' codes, lowercase

  size_t Slot(uint32_t column, uint32_t action) const {
    return static_cast<size_t>(column) * actions.size() + action;
  }
  const std::vector<uint32_t>* Named(std::string_view name) const {
    auto it = action_names.find(AsciiLower(name));
    return it == action_names.end() ? nullptr : &it->second;
  }

  Status LoadRoles(const CsvTable& csv);
  Status LoadActions(const CsvTable& csv);
  void IndexActionNames();
  Status LoadGrants(const CsvTable& csv);
  Status LoadModules(const CsvTable& csv);
};

Status Catalog::Tables::LoadRoles(const CsvTable& csv) {
  Columns col(csv, {"api_name", "display_name", "grant_column", "layout", "sub_columns",
                    "dataworks_shared", "role_type"});
  if (!col.status().ok()) return col.status();
  for (const CsvRecord& r : csv.records()) {
    Role role;
    role.index = static_cast<uint32_t>(roles.size());
    role.api_name = col.Get(r, 0);
    role.display_name = col.Get(r, 1);
    role.grant_column = col.Get(r, 2);
    role.layout = col.Get(r, 3);
    role.role_type = col.Get(r, 6);
    if (role.api_name.empty() || role.grant_column.empty()) {
      return csv.Error(r.line, "api_name and grant_column must not be empty");
    }
    std::string_view subs = col.Get(r, 4);
    while (!subs.empty()) {
      const size_t semi = std::min(subs.find(';'), subs.size());
      std::optional<ClassMask> mask = ParseClassMask(subs.substr(0, semi));
      if (!mask)
        return csv.Error(r.line, "unknown class \"" + std::string(subs.substr(0, semi)) + "\"");
      role.sub_columns.push_back(*mask);
      subs.remove_prefix(std::min(semi + 1, subs.size()));
    }
    std::optional<bool> shared = ParseBoolField(col.Get(r, 5));
    if (!shared) return csv.Error(r.line, "dataworks_shared must be true or false");
    role.dataworks_shared = *shared;
    role.short_name = role.api_name.substr(role.api_name.rfind('.') + 1);
    for (const std::string& key : {role.api_name, role.short_name}) {
      if (!role_names.emplace(AsciiLower(key), role.index).second) {
        return csv.Error(r.line, "role name \"" + key + "\" is used twice");
      }
    }
    uint32_t column = 0;
    while (column < columns.size() && columns[column] != role.grant_column) ++column;
    if (column == columns.size()) columns.push_back(role.grant_column);
    role_column.push_back(column);
    roles.push_back(std::move(role));
  }
  // Display names last: one shared by two roles answers with the first (catalog.h).
  for (const Role& role : roles) role_names.emplace(AsciiLower(role.display_name), role.index);
  return Status::Ok();
}

namespace {

// One actions.csv record, with its own fields checked; cross-row checks are the caller's.
StatusOr<Action> ParseAction(const CsvTable& csv, const Columns& col, const CsvRecord& r) {
  Action a;
  std::string* text_fields[] = {
      &a.id,         &a.module, &a.table,    &a.permission, &a.workspace_action,
      &a.ram_action, &a.alias,  &a.ram_code, &a.resource,   &a.resource_alias};
  for (size_t i = 0; i < std::size(text_fields); ++i) *text_fields[i] = col.Get(r, i);
  if (a.id.find(':') == std::string::npos) {
    return csv.Error(r.line, "id \"" + a.id + "\" is not of the form ram-code:name");
  }
  std::optional<bool> default_allow = ParseBoolField(col.Get(r, 10));
  if (!default_allow) return csv.Error(r.line, "default_allow must be true or false");
  a.default_allow = *default_allow;
  const std::string& kind = col.Get(r, 11);
  if (kind != "READ" && kind != "WRITE") return csv.Error(r.line, "kind must be READ or WRITE");
  a.kind = kind == "READ" ? ActionKind::kRead : ActionKind::kWrite;
  std::optional<int> checks = ParseIntField(col.Get(r, 12));
  std::optional<int> line = ParseIntField(col.Get(r, 13));
  if (!checks || !line) return csv.Error(r.line, "seed_checks and seed_line must be integers");
  a.seed_checks = *checks;
  a.seed_line = *line;
  a.policy_action = !a.ram_action.empty()         ? a.ram_action
                    : !a.workspace_action.empty() ? a.workspace_action
                                                  : a.id;
  for (const std::string* name : {&a.ram_action, &a.workspace_action, &a.alias}) {
    if (!name->empty() && RamCodeOf(*name) != a.ram_code) {
      return csv.Error(r.line,
                       "action \"" + *name + "\" does not have ram_code \"" + a.ram_code + "\"");
    }
  }
  return a;
}

}  // namespace

Status Catalog::Tables::LoadActions(const CsvTable& csv) {
  // ParseAction reads the columns in this order.
  Columns col(csv, {"id", "module", "table", "permission", "workspace_action", "ram_action",
                    "alias", "ram_code", "resource", "resource_alias", "default_allow", "kind",
                    "seed_checks", "seed_line"});
  if (!col.status().ok()) return col.status();
  std::unordered_set<std::string> ids;
  for (const CsvRecord& r : csv.records()) {
    StatusOr<Action> a = ParseAction(csv, col, r);
    if (!a.ok()) return a.status();
    if (!ids.insert(AsciiLower(a->id)).second) {
      return csv.Error(r.line, "id \"" + a->id + "\" is used twice");
    }
    a->index = static_cast<uint32_t>(actions.size());
    // The code of the policy name, so that the id-named rows (iTAG, QuickStart) are known too.
    ram_codes.insert(RamCodeOf(a->policy_action));
    actions.push_back(std::move(a).value());
  }
  for (const Action& a : actions) {
    if (a.default_allow) default_allow.push_back(&a);
  }
  IndexActionNames();
  return Status::Ok();
}

// Ids first, then action names, then misspelling aliases; within a level, file order. A row is
// listed once per name even when several of its fields spell it.
void Catalog::Tables::IndexActionNames() {
  auto add = [this](const std::string& name, uint32_t row) {
    if (name.empty()) return;
    std::vector<uint32_t>& rows = action_names[AsciiLower(name)];
    if (std::find(rows.begin(), rows.end(), row) == rows.end()) rows.push_back(row);
  };
  for (const Action& a : actions) add(a.id, a.index);
  for (const Action& a : actions) {
    add(a.ram_action, a.index);
    add(a.workspace_action, a.index);
    add(a.policy_action, a.index);
  }
  for (const Action& a : actions) add(a.alias, a.index);
}

Status Catalog::Tables::LoadGrants(const CsvTable& csv) {
  Columns col(csv, {"action_id", "role", "class", "provenance"});
  if (!col.status().ok()) return col.status();
  allowed.assign(columns.size() * actions.size(), kNoClass);
  cell_of.assign(allowed.size(), {-1, -1, -1, -1});
  std::unordered_map<std::string, uint32_t> ids;
  for (const Action& a : actions) ids.emplace(AsciiLower(a.id), a.index);
  for (const CsvRecord& r : csv.records()) {
    auto id = ids.find(AsciiLower(col.Get(r, 0)));
    if (id == ids.end()) return csv.Error(r.line, "unknown action_id \"" + col.Get(r, 0) + "\"");
    const Action& action = actions[id->second];
    if (action.default_allow) {
      return csv.Error(r.line, "\"" + action.id + "\" is default-allow and takes no cells");
    }
    const std::string& role = col.Get(r, 1);
    auto column = std::find(columns.begin(), columns.end(), role);
    if (column == columns.end()) {
      return csv.Error(r.line, "\"" + role + "\" is no role's grant_column in roles.csv");
    }
    const uint32_t c = static_cast<uint32_t>(column - columns.begin());
    std::optional<ClassMask> mask = ParseClassMask(col.Get(r, 2));
    bool fits = mask.has_value() && *mask == kAnyClass;  // "does not matter" fits every layout
    for (size_t i = 0; mask && !fits && i < roles.size(); ++i) {
      if (role_column[i] != c) continue;
      const auto& subs = roles[i].sub_columns;
      fits = std::find(subs.begin(), subs.end(), *mask) != subs.end();
    }
    if (!fits) {
      return csv.Error(r.line, "class \"" + col.Get(r, 2) + "\" is not a column of " + role);
    }
    if (!IsProvenance(col.Get(r, 3))) {
      return csv.Error(r.line, "provenance must be seed or rule:N, got \"" + col.Get(r, 3) + "\"");
    }
    const size_t slot = Slot(c, action.index);
    if ((allowed[slot] & *mask) != 0) {
      return csv.Error(r.line, "cell overlaps an earlier cell of " + role + " on " + action.id);
    }
    allowed[slot] |= *mask;
    for (AssetClass k : kAllClasses) {
      if (Contains(*mask, k))
        cell_of[slot][static_cast<size_t>(k)] = static_cast<int32_t>(cells.size());
    }
    cells.push_back({*mask, col.Get(r, 3)});
  }
  return Status::Ok();
}

// Each non-default-allow row goes to the module whose selector names it most specifically:
// an action name beats a table, which beats a ram-code. Two modules claiming a row equally
// specifically is an error, and so is a selector that names no row (a typo).
Status Catalog::Tables::LoadModules(const CsvTable& csv) {
  Columns col(csv, {"module", "match", "value"});
  if (!col.status().ok()) return col.status();
  std::vector<int> owner(actions.size(), -1), rank(actions.size(), 0);
  std::vector<uint32_t> owner_line(actions.size(), 0);
  for (const CsvRecord& r : csv.records()) {
    const std::string& name = col.Get(r, 0);
    const std::string& match = col.Get(r, 1);
    const std::string& value = col.Get(r, 2);
    auto [it, added] =
        module_names.emplace(AsciiLower(name), static_cast<uint32_t>(modules.size()));
    if (added) modules.push_back({name, {}});
    const int specificity = match == "ram_code" ? 1
                            : match == "table"  ? 2
                            : match == "action" ? 3
                                                : 0;
    if (specificity == 0) return csv.Error(r.line, "match must be ram_code, table or action");
    const std::vector<uint32_t>* named = specificity == 3 ? Named(value) : nullptr;
    bool matched = false;
    for (const Action& a : actions) {
      const bool hit = specificity == 1   ? EqualsIgnoreCase(a.ram_code, value)
                       : specificity == 2 ? a.table == value
                                          : (named != nullptr && named->front() == a.index);
      if (!hit || a.default_allow) continue;
      matched = true;
      if (specificity < rank[a.index]) continue;
      if (specificity == rank[a.index] && owner[a.index] != static_cast<int>(it->second)) {
        return csv.Error(r.line, "\"" + a.id + "\" is already in module " +
                                     modules[owner[a.index]].name + " (line " +
                                     std::to_string(owner_line[a.index]) + ")");
      }
      owner[a.index] = static_cast<int>(it->second);
      rank[a.index] = specificity;
      owner_line[a.index] = r.line;
    }
    if (!matched) return csv.Error(r.line, match + " \"" + value + "\" names no catalog row");
  }
  for (const Action& a : actions) {
    if (owner[a.index] >= 0) modules[owner[a.index]].actions.push_back(a.index);
  }
  return Status::Ok();
}

StatusOr<Catalog> Catalog::FromCsv(const CsvSources& sources) {
  auto tables = std::make_shared<Tables>();
  StatusOr<CsvTable> roles = CsvTable::Parse(sources.roles, sources.roles_name);
  if (!roles.ok()) return roles.status();
  if (Status s = tables->LoadRoles(*roles); !s.ok()) return s;
  StatusOr<CsvTable> actions = CsvTable::Parse(sources.actions, sources.actions_name);
  if (!actions.ok()) return actions.status();
  if (Status s = tables->LoadActions(*actions); !s.ok()) return s;
  StatusOr<CsvTable> grants = CsvTable::Parse(sources.role_grants, sources.role_grants_name);
  if (!grants.ok()) return grants.status();
  if (Status s = tables->LoadGrants(*grants); !s.ok()) return s;
  StatusOr<CsvTable> modules =
      CsvTable::Parse(sources.custom_role_modules, sources.custom_role_modules_name);
  if (!modules.ok()) return modules.status();
  if (Status s = tables->LoadModules(*modules); !s.ok()) return s;
  return Catalog(std::move(tables));
}

const Catalog& Catalog::BuiltIn() {
  static const Catalog* const built_in = [] {
    CsvSources sources;
    std::string missing;
    auto file = [&missing](std::string_view path) {
      std::optional<std::string_view> content = EmbeddedData(path);
      if (!content) missing += " " + std::string(path);
      return content.value_or("");
    };
    sources.actions = file(sources.actions_name);
    sources.role_grants = file(sources.role_grants_name);
    sources.roles = file(sources.roles_name);
    sources.custom_role_modules = file(sources.custom_role_modules_name);
    StatusOr<Catalog> catalog = missing.empty()
                                    ? FromCsv(sources)
                                    : StatusOr<Catalog>(DataError("not embedded:" + missing));
    if (!catalog.ok()) {
      std::fprintf(stderr, "paiam: built-in catalog: %s\n", catalog.status().ToString().c_str());
      std::abort();
    }
    return new Catalog(std::move(catalog).value());
  }();
  return *built_in;
}

std::span<const Action> Catalog::actions() const { return tables_->actions; }
std::span<const Role> Catalog::roles() const { return tables_->roles; }
std::span<const CustomRoleModule> Catalog::custom_role_modules() const { return tables_->modules; }
std::span<const Action* const> Catalog::default_allow_actions() const {
  return tables_->default_allow;
}
size_t Catalog::cell_count() const { return tables_->cells.size(); }

const Action* Catalog::FindAction(std::string_view name) const {
  const std::vector<uint32_t>* rows = tables_->Named(name);
  return rows == nullptr ? nullptr : &tables_->actions[rows->front()];
}

std::vector<const Action*> Catalog::FindActions(std::string_view name) const {
  std::vector<const Action*> out;
  if (const std::vector<uint32_t>* rows = tables_->Named(name)) {
    for (uint32_t row : *rows) out.push_back(&tables_->actions[row]);
  }
  return out;
}

const Role* Catalog::FindRole(std::string_view name) const {
  auto it = tables_->role_names.find(AsciiLower(name));
  return it == tables_->role_names.end() ? nullptr : &tables_->roles[it->second];
}

const CustomRoleModule* Catalog::FindCustomRoleModule(std::string_view name) const {
  auto it = tables_->module_names.find(AsciiLower(name));
  return it == tables_->module_names.end() ? nullptr : &tables_->modules[it->second];
}

ClassMask Catalog::Allowed(const Role& role, const Action& action) const {
  return tables_->allowed[tables_->Slot(tables_->role_column[role.index], action.index)];
}

std::string_view Catalog::Provenance(const Role& role, const Action& action, AssetClass c) const {
  const size_t slot = tables_->Slot(tables_->role_column[role.index], action.index);
  const int32_t cell = tables_->cell_of[slot][static_cast<size_t>(c)];
  return cell < 0 ? std::string_view() : std::string_view(tables_->cells[cell].provenance);
}

policy::NameCatalog Catalog::AsNameCatalog() const {
  // The callbacks hold the tables, not `this`: a NameCatalog may outlive the Catalog object.
  std::shared_ptr<const Tables> tables = tables_;
  auto external = [](std::string_view code) {
    for (std::string_view known : kExternalRamCodes) {
      if (EqualsIgnoreCase(code, known)) return true;
    }
    return false;
  };
  policy::NameCatalog names;
  names.knows_ram_code = [tables, external](std::string_view code) {
    return tables->ram_codes.contains(AsciiLower(code)) || external(code);
  };
  names.knows_action = [tables, external](std::string_view action) {
    const std::string code = RamCodeOf(action);
    if (!tables->ram_codes.contains(code) && external(code)) return true;
    return tables->Named(action) != nullptr;
  };
  return names;
}

const std::span<const std::string_view> kKnownExternalRamCodes = kExternalRamCodes;

}  // namespace paiam::catalog
