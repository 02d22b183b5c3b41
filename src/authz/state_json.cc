// paiam/authz — loading a state document (state_json.h). The JSON is walked with explicit type
// checks (no exceptions escape), and every entity goes through the Directory or Workspaces
// operation an API call would use.
#include "authz/state_json.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "identity/arn.h"
#include "workspace/asset_types.h"

namespace paiam::authz {
namespace {

using nlohmann::json;

#define PAIAM_RETURN_IF_ERROR(expr)                 \
  do {                                              \
    if (Status _st = (expr); !_st.ok()) return _st; \
  } while (false)

Status ShapeError(const std::string& path, std::string message) {
  return Status(StatusCode::kInvalidArgument, "authz.state-json", path + ": " + message);
}

// The refusing operation's Status with the JSON path in front of its message.
Status At(const std::string& path, const Status& status) {
  if (status.ok()) return status;
  return Status(status.code(), status.rule(), path + ": " + status.message());
}

std::string Index(const std::string& path, const char* key, size_t i) {
  return (path.empty() ? "" : path + ".") + key + "[" + std::to_string(i) + "]";
}

// The array under `key` (empty when absent).
Status Array(const json& obj, const char* key, const std::string& path,
             std::vector<const json*>* out) {
  out->clear();
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  if (!it->is_array()) return ShapeError(path + "." + key, "expected an array");
  for (const json& item : *it) out->push_back(&item);
  return Status::Ok();
}

Status Objects(const json& obj, const char* key, const std::string& path,
               std::vector<const json*>* out) {
  PAIAM_RETURN_IF_ERROR(Array(obj, key, path, out));
  for (size_t i = 0; i < out->size(); ++i) {
    if (!(*out)[i]->is_object()) return ShapeError(Index(path, key, i), "expected an object");
  }
  return Status::Ok();
}

Status String(const json& obj, const char* key, const std::string& path, bool required,
              std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return required ? ShapeError(path, std::string("\"") + key + "\" is required") : Status::Ok();
  }
  if (!it->is_string()) return ShapeError(path + "." + key, "expected a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

Status Bool(const json& obj, const char* key, const std::string& path, bool* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  if (!it->is_boolean()) return ShapeError(path + "." + key, "expected true or false");
  *out = it->get<bool>();
  return Status::Ok();
}

Status Strings(const json& obj, const char* key, const std::string& path,
               std::vector<std::string>* out) {
  std::vector<const json*> items;
  PAIAM_RETURN_IF_ERROR(Array(obj, key, path, &items));
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i]->is_string()) return ShapeError(Index(path, key, i), "expected a string");
    out->push_back(items[i]->get<std::string>());
  }
  return Status::Ok();
}

// A policy document given as a JSON object or as its text.
Status Document(const json& obj, const char* key, const std::string& path, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return ShapeError(path, std::string("\"") + key + "\" is required");
  if (it->is_string()) {
    *out = it->get<std::string>();
  } else if (it->is_object()) {
    *out = it->dump();
  } else {
    return ShapeError(path + "." + key, "expected a policy document (object or string)");
  }
  return Status::Ok();
}

Status ReadLimits(const json& root, identity::Limits* limits) {
  auto it = root.find("limits");
  if (it == root.end()) return Status::Ok();
  if (!it->is_object()) return ShapeError("limits", "expected an object");
  std::pair<const char*, size_t*> fields[] = {
      {"users_per_account", &limits->users_per_account},
      {"groups_per_account", &limits->groups_per_account},
      {"roles_per_account", &limits->roles_per_account},
      {"custom_policies_per_account", &limits->custom_policies_per_account},
      {"groups_per_user", &limits->groups_per_user},
      {"versions_per_policy", &limits->versions_per_policy},
      {"custom_policies_per_user", &limits->custom_policies_per_user},
      {"system_policies_per_user", &limits->system_policies_per_user},
      {"custom_policies_per_group", &limits->custom_policies_per_group},
      {"system_policies_per_group", &limits->system_policies_per_group},
      {"custom_policies_per_role", &limits->custom_policies_per_role},
      {"system_policies_per_role", &limits->system_policies_per_role}};
  for (const auto& [key, field] : fields) {
    auto value = it->find(key);
    if (value == it->end()) continue;
    if (!value->is_number_unsigned())
      return ShapeError(std::string("limits.") + key, "expected a count");
    *field = value->get<size_t>();
  }
  return Status::Ok();
}

// --- identity -----------------------------------------------------------------------------

class IdentityLoader {
 public:
  explicit IdentityLoader(identity::Directory& dir) : dir_(dir) {}

  Status Account(const json& a, const std::string& path) {
    std::string id, alias;
    PAIAM_RETURN_IF_ERROR(String(a, "id", path, true, &id));
    PAIAM_RETURN_IF_ERROR(String(a, "alias", path, false, &alias));
    PAIAM_RETURN_IF_ERROR(At(path, dir_.CreateAccount(id, alias)));
    std::vector<const json*> items;
    PAIAM_RETURN_IF_ERROR(Objects(a, "policies", path, &items));
    for (size_t i = 0; i < items.size(); ++i) {
      PAIAM_RETURN_IF_ERROR(Policy(id, *items[i], Index(path, "policies", i)));
    }
    PAIAM_RETURN_IF_ERROR(Objects(a, "groups", path, &items));
    for (size_t i = 0; i < items.size(); ++i) {
      PAIAM_RETURN_IF_ERROR(Group(id, *items[i], Index(path, "groups", i)));
    }
    PAIAM_RETURN_IF_ERROR(Objects(a, "users", path, &items));
    for (size_t i = 0; i < items.size(); ++i) {
      PAIAM_RETURN_IF_ERROR(User(id, *items[i], Index(path, "users", i)));
    }
    PAIAM_RETURN_IF_ERROR(Objects(a, "roles", path, &items));
    for (size_t i = 0; i < items.size(); ++i) {
      PAIAM_RETURN_IF_ERROR(Role(id, *items[i], Index(path, "roles", i)));
    }
    return Status::Ok();
  }

 private:
  Status Policy(const std::string& account, const json& p, const std::string& path) {
    identity::PolicySpec spec;
    PAIAM_RETURN_IF_ERROR(String(p, "name", path, true, &spec.name));
    PAIAM_RETURN_IF_ERROR(String(p, "description", path, false, &spec.description));
    if (!p.contains("versions")) {
      PAIAM_RETURN_IF_ERROR(Document(p, "document", path, &spec.document));
      return At(path, dir_.CreatePolicy(account, spec));
    }
    std::vector<const json*> versions;
    PAIAM_RETURN_IF_ERROR(Objects(p, "versions", path, &versions));
    if (versions.empty()) return ShapeError(path + ".versions", "needs at least one version");
    std::string last_version, chosen;
    for (size_t i = 0; i < versions.size(); ++i) {
      std::string vpath = Index(path, "versions", i);
      std::string document;
      PAIAM_RETURN_IF_ERROR(Document(*versions[i], "document", vpath, &document));
      if (i == 0) {
        spec.document = document;
        PAIAM_RETURN_IF_ERROR(At(vpath, dir_.CreatePolicy(account, spec)));
        last_version = "v1";
      } else {
        auto id = dir_.CreatePolicyVersion(account, spec.name, document, false);
        if (!id.ok()) return At(vpath, id.status());
        last_version = *id;
      }
      bool is_default = false;
      PAIAM_RETURN_IF_ERROR(Bool(*versions[i], "default", vpath, &is_default));
      if (is_default) chosen = last_version;
    }
    if (chosen.empty()) chosen = last_version;
    return At(path, dir_.SetDefaultPolicyVersion(account, spec.name, chosen));
  }

  // "System:Name", "Custom:Name", or a bare name (custom first).
  identity::PolicyRef Ref(const std::string& account, const std::string& text) const {
    if (text.starts_with("System:")) return {identity::PolicyType::kSystem, text.substr(7)};
    if (text.starts_with("Custom:")) return {identity::PolicyType::kCustom, text.substr(7)};
    if (dir_.FindPolicy(identity::PolicyType::kCustom, account, text) != nullptr) {
      return {identity::PolicyType::kCustom, text};
    }
    return {identity::PolicyType::kSystem, text};
  }

  Status Attach(const std::string& account, const json& obj, const std::string& path,
                identity::AttachTarget target, const std::string& name) {
    std::vector<std::string> refs;
    PAIAM_RETURN_IF_ERROR(Strings(obj, "policies", path, &refs));
    for (size_t i = 0; i < refs.size(); ++i) {
      PAIAM_RETURN_IF_ERROR(At(Index(path, "policies", i),
                               dir_.AttachPolicy(account, Ref(account, refs[i]), target, name)));
    }
    return Status::Ok();
  }

  Status Group(const std::string& account, const json& g, const std::string& path) {
    std::string name, comments;
    PAIAM_RETURN_IF_ERROR(String(g, "name", path, true, &name));
    PAIAM_RETURN_IF_ERROR(String(g, "comments", path, false, &comments));
    PAIAM_RETURN_IF_ERROR(At(path, dir_.CreateGroup(account, name, comments)));
    return Attach(account, g, path, identity::AttachTarget::kGroup, name);
  }

  Status User(const std::string& account, const json& u, const std::string& path) {
    identity::UserSpec spec;
    PAIAM_RETURN_IF_ERROR(String(u, "name", path, true, &spec.name));
    PAIAM_RETURN_IF_ERROR(String(u, "id", path, false, &spec.id));
    PAIAM_RETURN_IF_ERROR(String(u, "display_name", path, false, &spec.display_name));
    PAIAM_RETURN_IF_ERROR(String(u, "comments", path, false, &spec.comments));
    auto created = dir_.CreateUser(account, spec);
    if (!created.ok()) return At(path, created.status());
    std::vector<std::string> groups;
    PAIAM_RETURN_IF_ERROR(Strings(u, "groups", path, &groups));
    for (size_t i = 0; i < groups.size(); ++i) {
      PAIAM_RETURN_IF_ERROR(
          At(Index(path, "groups", i), dir_.AddUserToGroup(account, spec.name, groups[i])));
    }
    return Attach(account, u, path, identity::AttachTarget::kUser, spec.name);
  }

  Status Role(const std::string& account, const json& r, const std::string& path) {
    identity::RoleSpec spec;
    PAIAM_RETURN_IF_ERROR(String(r, "name", path, true, &spec.name));
    PAIAM_RETURN_IF_ERROR(String(r, "id", path, false, &spec.id));
    PAIAM_RETURN_IF_ERROR(String(r, "description", path, false, &spec.description));
    PAIAM_RETURN_IF_ERROR(Document(r, "trust_policy", path, &spec.trust_policy));
    auto created = dir_.CreateRole(account, spec);
    if (!created.ok()) return At(path, created.status());
    return Attach(account, r, path, identity::AttachTarget::kRole, spec.name);
  }

  identity::Directory& dir_;
};

// --- workspaces ---------------------------------------------------------------------------

class WorkspaceLoader {
 public:
  WorkspaceLoader(const identity::Directory& dir, workspace::Workspaces& all)
      : dir_(dir), all_(all) {}

  Status Workspace(const json& w, const std::string& path) {
    workspace::CreateWorkspaceRequest request;
    std::string creator_arn;
    PAIAM_RETURN_IF_ERROR(String(w, "id", path, true, &request.id));
    PAIAM_RETURN_IF_ERROR(String(w, "account", path, true, &request.account_id));
    PAIAM_RETURN_IF_ERROR(String(w, "region", path, true, &request.region));
    PAIAM_RETURN_IF_ERROR(String(w, "name", path, true, &request.name));
    PAIAM_RETURN_IF_ERROR(String(w, "display_name", path, false, &request.display_name));
    PAIAM_RETURN_IF_ERROR(String(w, "description", path, false, &request.description));
    PAIAM_RETURN_IF_ERROR(String(w, "creator", path, true, &creator_arn));
    if (w.contains("env_types")) {
      request.env_types.clear();
      PAIAM_RETURN_IF_ERROR(Strings(w, "env_types", path, &request.env_types));
    }
    std::optional<identity::Principal> creator = dir_.PrincipalByArn(creator_arn);
    if (!creator) return ShapeError(path + ".creator", "unknown principal " + creator_arn);
    bool is_default = false;
    PAIAM_RETURN_IF_ERROR(Bool(w, "default", path, &is_default));
    auto id = is_default ? all_.CreateDefaultWorkspace(request, *creator)
                         : all_.CreateWorkspace(request, *creator);
    if (!id.ok()) return At(path, id.status());
    std::vector<const json*> items;
    PAIAM_RETURN_IF_ERROR(Objects(w, "custom_roles", path, &items));
    for (size_t i = 0; i < items.size(); ++i) {
      PAIAM_RETURN_IF_ERROR(CustomRole(*id, *items[i], Index(path, "custom_roles", i)));
    }
    PAIAM_RETURN_IF_ERROR(Objects(w, "members", path, &items));
    for (size_t i = 0; i < items.size(); ++i) {
      PAIAM_RETURN_IF_ERROR(Member(*id, *items[i], Index(path, "members", i)));
    }
    PAIAM_RETURN_IF_ERROR(Objects(w, "assets", path, &items));
    for (size_t i = 0; i < items.size(); ++i) {
      PAIAM_RETURN_IF_ERROR(Asset(*id, *items[i], Index(path, "assets", i)));
    }
    return Status::Ok();
  }

 private:
  static Status Permission(const json& p, const std::string& path,
                           workspace::CustomPermission* out) {
    PAIAM_RETURN_IF_ERROR(Strings(p, "codes", path, &out->codes));
    std::vector<const json*> rules;
    PAIAM_RETURN_IF_ERROR(Objects(p, "rules", path, &rules));
    for (size_t i = 0; i < rules.size(); ++i) {
      workspace::PermissionRule rule;
      std::string rpath = Index(path, "rules", i);
      PAIAM_RETURN_IF_ERROR(String(*rules[i], "accessibility", rpath, false, &rule.accessibility));
      PAIAM_RETURN_IF_ERROR(String(*rules[i], "entity", rpath, false, &rule.entity_access_type));
      out->rules.push_back(std::move(rule));
    }
    return Status::Ok();
  }

  static Status Module(const json& m, const std::string& path, workspace::ModulePermission* out) {
    std::string level;
    PAIAM_RETURN_IF_ERROR(String(m, "module", path, true, &out->module));
    PAIAM_RETURN_IF_ERROR(String(m, "level", path, true, &level));
    std::optional<catalog::PermissionLevel> parsed = catalog::ParsePermissionLevel(level);
    if (!parsed) return ShapeError(path + ".level", "unknown permission level " + level);
    out->level = *parsed;
    std::vector<const json*> permissions;
    PAIAM_RETURN_IF_ERROR(Objects(m, "permissions", path, &permissions));
    for (size_t i = 0; i < permissions.size(); ++i) {
      out->permissions.emplace_back();
      PAIAM_RETURN_IF_ERROR(
          Permission(*permissions[i], Index(path, "permissions", i), &out->permissions.back()));
    }
    return Status::Ok();
  }

  Status CustomRole(const std::string& ws, const json& r, const std::string& path) {
    workspace::CustomRoleSpec spec;
    PAIAM_RETURN_IF_ERROR(String(r, "id", path, false, &spec.id));
    PAIAM_RETURN_IF_ERROR(String(r, "name", path, true, &spec.name));
    std::vector<const json*> modules;
    PAIAM_RETURN_IF_ERROR(Objects(r, "modules", path, &modules));
    for (size_t i = 0; i < modules.size(); ++i) {
      spec.modules.emplace_back();
      PAIAM_RETURN_IF_ERROR(Module(*modules[i], Index(path, "modules", i), &spec.modules.back()));
    }
    auto id = all_.CreateCustomRole(ws, spec);
    return id.ok() ? Status::Ok() : At(path, id.status());
  }

  Status Member(const std::string& ws, const json& m, const std::string& path) {
    std::string arn;
    workspace::MemberSpec spec;
    PAIAM_RETURN_IF_ERROR(String(m, "principal", path, true, &arn));
    PAIAM_RETURN_IF_ERROR(Strings(m, "roles", path, &spec.roles));
    std::optional<identity::Principal> principal = dir_.PrincipalByArn(arn);
    if (!principal) return ShapeError(path + ".principal", "unknown principal " + arn);
    spec.user_id = principal->id;
    if (const workspace::Member* existing = all_.FindMember(ws, spec.user_id)) {
      std::string member_id = existing->member_id;  // the creator: add roles to its membership
      for (const std::string& role : spec.roles) {
        if (all_.FindMember(ws, spec.user_id)->HasRole(role)) continue;
        PAIAM_RETURN_IF_ERROR(At(path, all_.AddMemberRole(ws, member_id, role)));
      }
      return Status::Ok();
    }
    auto added = all_.AddMembers(ws, std::span<const workspace::MemberSpec>(&spec, 1), dir_);
    return added.ok() ? Status::Ok() : At(path, added.status());
  }

  Status Asset(const std::string& ws, const json& a, const std::string& path) {
    workspace::AssetSpec spec;
    std::string type, accessibility = "PRIVATE";
    PAIAM_RETURN_IF_ERROR(String(a, "type", path, true, &type));
    PAIAM_RETURN_IF_ERROR(String(a, "id", path, false, &spec.id));
    PAIAM_RETURN_IF_ERROR(String(a, "name", path, false, &spec.name));
    PAIAM_RETURN_IF_ERROR(String(a, "parent", path, false, &spec.parent_id));
    PAIAM_RETURN_IF_ERROR(String(a, "creator", path, true, &spec.creator));
    PAIAM_RETURN_IF_ERROR(String(a, "accessibility", path, false, &accessibility));
    std::optional<workspace::AssetType> parsed = workspace::ParseAssetType(type);
    if (!parsed) return ShapeError(path + ".type", "unknown asset type " + type);
    spec.type = *parsed;
    if (accessibility != "PUBLIC" && accessibility != "PRIVATE") {
      return ShapeError(path + ".accessibility", "expected PUBLIC or PRIVATE");
    }
    auto id = all_.CreateAsset(ws, spec);
    if (!id.ok()) return At(path, id.status());
    if (accessibility == "PRIVATE") return Status::Ok();
    return At(path, all_.PublishAsset(ws, spec.type, *id, spec.parent_id));
  }

  const identity::Directory& dir_;
  workspace::Workspaces& all_;
};

}  // namespace

StatusOr<State> LoadStateJson(std::string_view text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return ShapeError("(document)", "not valid JSON");
  if (!root.is_object()) return ShapeError("(document)", "expected an object");
  identity::Limits limits;
  PAIAM_RETURN_IF_ERROR(ReadLimits(root, &limits));
  auto directory = identity::Directory::WithSystemPolicies(limits);
  if (!directory.ok()) return directory.status();
  State state{std::move(*directory), workspace::Workspaces()};

  std::vector<const json*> items;
  PAIAM_RETURN_IF_ERROR(Objects(root, "accounts", "", &items));
  IdentityLoader identity_loader(state.directory);
  for (size_t i = 0; i < items.size(); ++i) {
    PAIAM_RETURN_IF_ERROR(identity_loader.Account(*items[i], Index("", "accounts", i)));
  }
  PAIAM_RETURN_IF_ERROR(Objects(root, "workspaces", "", &items));
  WorkspaceLoader workspace_loader(state.directory, state.workspaces);
  for (size_t i = 0; i < items.size(); ++i) {
    PAIAM_RETURN_IF_ERROR(workspace_loader.Workspace(*items[i], Index("", "workspaces", i)));
  }
  return state;
}

}  // namespace paiam::authz
