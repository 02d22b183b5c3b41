// paiam/catalog — the PAI action catalog and the built-in role matrix, as data.
//
// Owns: the actions of seed 002 (data/catalog/actions.csv), the built-in roles (roles.csv), the
// role matrix with the provenance of every cell (role_grants.csv), the default-allow actions, and
// the custom-role module mapping (data/custom_role_modules.csv, custom_role_levels.h).
// May depend on: policy (for NameCatalog) and base. Nothing here knows a particular action or
// role: every answer comes from the loaded CSV text, so operators can replace the data.
//
// A Catalog is immutable after loading and cheap to copy (it shares its tables); it is safe to
// use from many threads. Pointers and spans it returns stay valid as long as any copy lives.
#ifndef PAIAM_CATALOG_CATALOG_H_
#define PAIAM_CATALOG_CATALOG_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "catalog/asset_class.h"
#include "catalog/custom_role_levels.h"
#include "policy/parser.h"

namespace paiam::catalog {

// One row of actions.csv. Fields are as the CSV spells them; the derived fields say so.
struct Action {
  uint32_t index = 0;  // 0-based row number: dense, usable as an array index
  std::string id;      // "paidataset:DeleteDataset", "paiimage:GetImage#2", "itag:labeling-job-…"
  std::string module, table, permission;
  std::string workspace_action;  // may be empty
  std::string ram_action;        // may be empty
  std::string alias;             // the corrected spelling of a misspelt action name, or empty
  std::string ram_code;          // lowercased; empty for the rows without an action name
  std::string resource;          // path after workspace/<id>/, as the seed spells it
  std::string resource_alias;    // corrected path, or empty
  bool default_allow = false;    // "allowed unless you specify Deny"
  ActionKind kind = ActionKind::kWrite;
  int seed_checks = 0;
  int seed_line = 0;

  // Derived: the name policies and requests use for this row — ram_action, else
  // workspace_action, else id (the three rows the seed names only in prose).
  std::string policy_action;
  // Derived: resource_alias if set, else resource.
  const std::string& resource_path() const {
    return resource_alias.empty() ? resource : resource_alias;
  }
};

// One row of roles.csv.
struct Role {
  uint32_t index = 0;        // 0-based row number
  std::string api_name;      // "PAI.AlgoDeveloper": what the AIWorkSpace API uses
  std::string display_name;  // "Algorithm Developer"
  std::string grant_column;  // the role_grants.csv column holding its grants (Owner: the admin's)
  std::string layout;        // "single", "4" or "3"
  // The role's matrix columns as masks, in roles.csv order: {ANY}, the Developer's four classes,
  // or PRIVATE_CREATOR, PRIVATE_OTHERS, PUBLIC. Compiled policies use one statement per column.
  std::vector<ClassMask> sub_columns;
  bool dataworks_shared = false;
  std::string role_type;  // "basic" or "compute-resource"
  // Derived: api_name after its last '.', e.g. "AlgoDeveloper"; used in policy names and Sids.
  std::string short_name;
};

// The CSV text a catalog is built from. `*_name` label error messages ("catalog/roles.csv:4: …").
struct CsvSources {
  std::string_view actions, actions_name = "catalog/actions.csv";
  std::string_view role_grants, role_grants_name = "catalog/role_grants.csv";
  std::string_view roles, roles_name = "catalog/roles.csv";
  std::string_view custom_role_modules, custom_role_modules_name = "custom_role_modules.csv";
};

class Catalog {
 public:
  // The catalog compiled into the binary from data/. Loaded on first use; process-wide and
  // immutable. Aborts with the data error if the embedded data is invalid (a build defect that
  // tests/catalog catches first).
  static const Catalog& BuiltIn();

  // Loads and cross-checks the four files. Errors are InvalidArgument with rule
  // "catalog.bad-data" and a message "<file>:<line>: <what>".
  static StatusOr<Catalog> FromCsv(const CsvSources& sources);

  std::span<const Action> actions() const;
  std::span<const Role> roles() const;
  std::span<const CustomRoleModule> custom_role_modules() const;

  // By RAM action name, workspace action name, id, or misspelling alias; case-insensitive.
  // When rows share a name (the default-allow "official image" rows reuse PaiImage:GetImage), an
  // id wins over a name, a name over an alias, and otherwise the earlier row wins.
  const Action* FindAction(std::string_view name) const;
  // Every row answering to `name`, in the priority order above.
  std::vector<const Action*> FindActions(std::string_view name) const;

  // By API name (PAI.AlgoDeveloper), short name (AlgoDeveloper) or display name (Algorithm
  // Developer), case-insensitive. A display name shared by several roles ("Workspace
  // Administrator/Owner") answers with the first of them in roles.csv.
  const Role* FindRole(std::string_view name) const;

  // By AIWorkSpace ModuleName ("DLC", "PaiWorkspace@@MemberRole"), case-insensitive.
  const CustomRoleModule* FindCustomRoleModule(std::string_view name) const;

  // The classes on which `role` may do `action` (its grant column's cells); kNoClass if none.
  ClassMask Allowed(const Role& role, const Action& action) const;
  // "seed" or "rule:N" for the cell that grants `c`; empty when the class is not granted.
  std::string_view Provenance(const Role& role, const Action& action, AssetClass c) const;

  // The default-allow rows, in file order.
  std::span<const Action* const> default_allow_actions() const;

  // Number of role_grants.csv rows (cells, counting an ANY or PUBLIC cell once).
  size_t cell_count() const;

  // Names for the policy parser's unknown-name warnings. A ram-code is known when a catalog row
  // uses it or it is one of the non-PAI codes of kKnownExternalRamCodes; an action is known when
  // FindAction knows it or its ram-code is an external one (paiam has no list of, say, OSS APIs).
  // The callbacks share this catalog's tables and stay valid after the Catalog is gone.
  policy::NameCatalog AsNameCatalog() const;

 private:
  struct Tables;
  explicit Catalog(std::shared_ptr<const Tables> tables) : tables_(std::move(tables)) {}
  std::shared_ptr<const Tables> tables_;
};

// Ram-codes that policies in paiam's world use but the PAI catalog has no rows for: the services
// of the system policies (spec/ram-policy.md §5) and the PAI codes that AliyunPAIFullAccess lists
// without seed 002 rows. Lowercase.
extern const std::span<const std::string_view> kKnownExternalRamCodes;

}  // namespace paiam::catalog

#endif  // PAIAM_CATALOG_CATALOG_H_
