// Role resolution and compilation to RAM policy documents (role_policy.h).
#include "workspace/role_policy.h"

#include <algorithm>
#include <map>
#include <unordered_set>
#include <utility>


namespace paiam::workspace {
namespace {

using catalog::Action;
using catalog::AssetClass;
using catalog::Catalog;
using catalog::ClassMask;

constexpr std::string_view kPolicyNamePrefix = "PaiWorkspaceRole-";

Status Invalid(std::string rule, std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(rule), std::move(message));
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Keeps the characters RAM allows in a policy name ([A-Za-z0-9-]), or in a Sid (alphanumerics).
std::string Sanitize(std::string_view text, bool keep_dash) {
  std::string out;
  for (char c : text) {
    if (IsAsciiAlnum(c) || (keep_dash && c == '-')) out += c;
  }
  return out;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

// "PRIVATE_CREATOR" -> "PrivateCreator", "ANY" -> "Any", "PUBLIC" -> "Public".
std::string ShapeSuffix(ClassMask shape) {
  std::string out;
  bool start = true;
  for (char c : catalog::ClassMaskName(shape)) {
    if (c == '_' || c == '|') {
      start = true;
      continue;
    }
    out += start ? c : LowerAscii(c);
    start = false;
  }
  return out;
}

policy::ConditionClause StringEquals(std::string_view key, std::vector<std::string_view> values) {
  policy::ConditionClause clause;
  clause.op = *policy::ParseConditionOperator("StringEquals");
  clause.key = std::string(key);
  for (std::string_view v : values) {
    std::string error;
    clause.values.push_back(
        *policy::ParseConditionValue(policy::OperatorFamily::kString, v, &error));
  }
  return clause;
}

// Conditions admitting exactly the classes of `shape`. Shapes are rectangles (a set of
// accessibilities times a set of entity types): a key that admits both of its values is left
// out.
std::vector<policy::ConditionClause> ShapeConditions(ClassMask shape) {
  std::vector<std::string_view> accessibility, entity;
  auto add = [](std::vector<std::string_view>& v, std::string_view value) {
    if (std::find(v.begin(), v.end(), value) == v.end()) v.push_back(value);
  };
  for (AssetClass c : catalog::kAllClasses) {
    if (!catalog::Contains(shape, c)) continue;
    add(accessibility, catalog::AccessibilityValue(c));
    add(entity, catalog::EntityAccessTypeValue(c));
  }
  std::vector<policy::ConditionClause> clauses;
  if (accessibility.size() == 1) {
    clauses.push_back(StringEquals(catalog::kAccessibilityKey, accessibility));
  }
  if (entity.size() == 1) clauses.push_back(StringEquals(catalog::kEntityAccessTypeKey, entity));
  return clauses;
}

// Splits `mask` into the shapes it fully contains, in order, then single classes.
std::vector<ClassMask> Decompose(ClassMask mask, const std::vector<ClassMask>& shapes) {
  std::vector<ClassMask> parts;
  if (mask == catalog::kAnyClass) return {catalog::kAnyClass};
  for (ClassMask shape : shapes) {
    if (shape != catalog::kAnyClass && (mask & shape) == shape) {
      parts.push_back(shape);
      mask = static_cast<ClassMask>(mask & ~shape);
    }
  }
  for (AssetClass c : catalog::kAllClasses) {
    if (catalog::Contains(mask, c)) parts.push_back(catalog::MaskOf(c));
  }
  return parts;
}

// A statement being filled: its action list without duplicates. Actions compare
// case-insensitively, and a name two rows share (the official-image rows) is listed once.
struct StatementBuilder {
  policy::Statement statement;
  std::unordered_set<std::string> folded;  // lowercased names already listed

  void Add(const std::string& name) {
    if (folded.insert(LowerAscii(name)).second) statement.actions.push_back(name);
  }
};

StatementBuilder AllowStatement(std::string sid, std::vector<std::string> resources) {
  StatementBuilder b;
  b.statement.sid = std::move(sid);
  b.statement.effect = policy::Effect::kAllow;
  b.statement.has_resource = true;
  b.statement.resources = std::move(resources);
  return b;
}

// "dataset/{datasetId}" -> "dataset/*"; an empty path -> "*".
std::string PlaceholdersAsWildcards(std::string path) {
  if (path.empty()) return "*";
  for (size_t open; (open = path.find('{')) != std::string::npos;) {
    const size_t close = path.find('}', open);
    if (close == std::string::npos) break;
    path.replace(open, close - open + 1, "*");
  }
  return path;
}

// --- custom roles ------------------------------------------------------------------------------

Status GrantCustomPermission(const Catalog& catalog, const catalog::CustomRoleModule& module,
                             const CustomPermission& permission, std::vector<ClassMask>* masks) {
  if (permission.rules.empty()) {
    return Invalid(
        "workspace.custom-role.no-permission-rules",
        "module " + module.name + ": a CustomPermissions entry needs at least one PermissionRule");
  }
  ClassMask mask = catalog::kNoClass;
  for (const PermissionRule& rule : permission.rules) {
    StatusOr<ClassMask> m =
        catalog::PermissionRuleMask(rule.accessibility, rule.entity_access_type);
    if (!m.ok()) return m.status();
    mask = static_cast<ClassMask>(mask | *m);
  }
  for (const std::string& code : permission.codes) {
    std::vector<const Action*> named = catalog.FindActions(code);
    if (named.empty()) {
      return Invalid("workspace.custom-role.unknown-code",
                     "module " + module.name + ": unknown permission code \"" + code + "\"");
    }
    auto in_module = std::find_if(named.begin(), named.end(), [&module](const Action* a) {
      return std::binary_search(module.actions.begin(), module.actions.end(), a->index);
    });
    if (in_module == named.end()) {
      return Invalid("workspace.custom-role.code-outside-module",
                     "permission code \"" + code + "\" is not an action of module " + module.name);
    }
    (*masks)[(*in_module)->index] |= mask;
  }
  return Status::Ok();
}

StatusOr<RoleGrants> ResolveCustom(const Catalog& catalog, const RoleDefinition& role) {
  RoleGrants grants;
  std::string name = Sanitize(role.name, /*keep_dash=*/true);
  if (name.empty()) name = "Custom-" + Sanitize(role.id, /*keep_dash=*/true);
  grants.policy_name = std::string(kPolicyNamePrefix) + name;
  grants.sid_prefix = Sanitize(name, /*keep_dash=*/false);
  grants.shapes = {catalog::kPrivate, catalog::kPublic};
  grants.masks.assign(catalog.actions().size(), catalog::kNoClass);
  std::vector<const catalog::CustomRoleModule*> seen;
  for (const ModulePermission& mp : role.modules) {
    const catalog::CustomRoleModule* module = catalog.FindCustomRoleModule(mp.module);
    if (module == nullptr) {
      std::string known;
      for (const catalog::CustomRoleModule& m : catalog.custom_role_modules()) {
        known += (known.empty() ? "" : ", ") + m.name;
      }
      return Invalid("workspace.custom-role.unknown-module",
                     "unknown module \"" + mp.module + "\"; modules are " + known);
    }
    if (std::find(seen.begin(), seen.end(), module) != seen.end()) {
      return Invalid("workspace.custom-role.duplicate-module",
                     "module " + module->name + " is given twice");
    }
    seen.push_back(module);
    if (mp.level == catalog::PermissionLevel::kCustomPermissions) {
      for (const CustomPermission& p : mp.permissions) {
        if (Status s = GrantCustomPermission(catalog, *module, p, &grants.masks); !s.ok()) return s;
      }
      continue;
    }
    for (uint32_t index : module->actions) {
      grants.masks[index] |= catalog::LevelGrant(mp.level, catalog.actions()[index].kind);
    }
  }
  return grants;
}

}  // namespace

RoleDefinition RoleDefinition::BuiltIn(std::string name) {
  RoleDefinition role;
  role.name = std::move(name);
  return role;
}

RoleDefinition RoleDefinition::Custom(std::string id, std::string name,
                                      std::vector<ModulePermission> modules) {
  RoleDefinition role;
  role.built_in = false;
  role.id = std::move(id);
  role.name = std::move(name);
  role.modules = std::move(modules);
  return role;
}

StatusOr<RoleGrants> ResolveRole(const Catalog& catalog, const RoleDefinition& role) {
  if (!role.built_in) return ResolveCustom(catalog, role);
  const catalog::Role* found = catalog.FindRole(role.name);
  if (found == nullptr) {
    std::string known;
    for (const catalog::Role& r : catalog.roles())
      known += (known.empty() ? "" : ", ") + r.api_name;
    return Invalid("workspace.unknown-role",
                   "unknown role \"" + role.name + "\"; built-in roles are " + known);
  }
  RoleGrants grants;
  grants.policy_name = std::string(kPolicyNamePrefix) + Sanitize(found->short_name, true);
  grants.sid_prefix = Sanitize(found->short_name, false);
  grants.shapes = found->sub_columns;
  grants.masks.reserve(catalog.actions().size());
  for (const Action& a : catalog.actions()) grants.masks.push_back(catalog.Allowed(*found, a));
  return grants;
}

std::vector<std::string> WorkspaceResources(std::string_view account_id,
                                            std::string_view workspace_id) {
  std::string base =
      "acs:*:*:" + std::string(account_id) + ":workspace/" + std::string(workspace_id);
  return {base, base + "/*"};
}

bool OutsideWorkspaces(const Action& action) {
  return action.resource_path().starts_with(kOutsideWorkspacesPrefix);
}

std::string AssetArn(const Action& action, std::string_view region, std::string_view account_id,
                     std::string_view workspace_id) {
  std::string code = action.ram_code;
  if (code.empty())
    code = LowerAscii(action.policy_action.substr(0, action.policy_action.find(':')));
  std::string arn = "acs:" + code + ":" + std::string(region) + ":" + std::string(account_id) + ":";
  if (OutsideWorkspaces(action)) return arn + action.resource_path();
  arn += "workspace/" + std::string(workspace_id);
  if (!action.resource_path().empty()) arn += "/" + action.resource_path();
  return arn;
}

policy::Policy CompileRolePolicy(const Catalog& catalog, const RoleGrants& grants,
                                 const std::vector<std::string>& resources) {
  // Statement order: Any, the role's shapes, then single classes; empty ones are dropped.
  std::vector<ClassMask> order = {catalog::kAnyClass};
  for (ClassMask shape : grants.shapes) {
    if (std::find(order.begin(), order.end(), shape) == order.end()) order.push_back(shape);
  }
  for (AssetClass c : catalog::kAllClasses) {
    if (std::find(order.begin(), order.end(), catalog::MaskOf(c)) == order.end()) {
      order.push_back(catalog::MaskOf(c));
    }
  }
  std::vector<StatementBuilder> statements;
  for (ClassMask shape : order) {
    statements.push_back(AllowStatement(grants.sid_prefix + ShapeSuffix(shape), resources));
    statements.back().statement.conditions = ShapeConditions(shape);
  }
  for (const Action& a : catalog.actions()) {
    const ClassMask mask = grants.masks[a.index];
    if (mask == catalog::kNoClass) continue;
    for (ClassMask part : Decompose(mask, grants.shapes)) {
      const size_t at = std::find(order.begin(), order.end(), part) - order.begin();
      statements[at].Add(a.policy_action);
    }
  }
  policy::Policy out;
  out.name = grants.policy_name;
  out.version_id = "v1";
  for (StatementBuilder& b : statements) {
    if (!b.statement.actions.empty()) out.document.statements.push_back(std::move(b.statement));
  }
  return out;
}

StatusOr<policy::Policy> CompileRolePolicy(const Catalog& catalog, const RoleDefinition& role,
                                           std::string_view account_id,
                                           std::string_view workspace_id) {
  StatusOr<RoleGrants> grants = ResolveRole(catalog, role);
  if (!grants.ok()) return grants.status();
  return CompileRolePolicy(catalog, *grants, WorkspaceResources(account_id, workspace_id));
}

StatusOr<policy::Policy> CompileRolePolicyAnyWorkspace(const Catalog& catalog,
                                                       const RoleDefinition& role) {
  StatusOr<RoleGrants> grants = ResolveRole(catalog, role);
  if (!grants.ok()) return grants.status();
  return CompileRolePolicy(catalog, *grants, {"*"});
}

policy::Policy CompileDefaultAllowPolicy(const Catalog& catalog) {
  policy::Policy out;
  out.name = "PaiDefaultAllow";
  out.version_id = "v1";
  StatementBuilder anywhere = AllowStatement("AllowedUnlessDenied", {"*"});
  std::map<std::string, StatementBuilder> scoped;  // by resource ARN, for a stable order
  for (const Action* a : catalog.default_allow_actions()) {
    for (const std::string* name : {&a->policy_action, &a->alias}) {
      if (name->empty()) continue;
      std::vector<const Action*> rows = catalog.FindActions(*name);
      const bool shared =
          std::any_of(rows.begin(), rows.end(), [](const Action* r) { return !r->default_allow; });
      if (!shared) {
        anywhere.Add(*name);
        continue;
      }
      std::string path = PlaceholdersAsWildcards(a->resource_path());
      if (!OutsideWorkspaces(*a)) path = "workspace/*/" + path;
      const std::string arn = "acs:" + a->ram_code + ":*:*:" + path;
      scoped.try_emplace(arn, AllowStatement("", {arn})).first->second.Add(*name);
    }
  }
  if (!anywhere.statement.actions.empty()) {
    out.document.statements.push_back(std::move(anywhere.statement));
  }
  int n = 0;
  for (auto& [arn, builder] : scoped) {
    builder.statement.sid = "AllowedUnlessDeniedScoped" + std::to_string(++n);
    out.document.statements.push_back(std::move(builder.statement));
  }
  return out;
}

}  // namespace paiam::workspace
