// paiam/workspace — Workspaces: creating, changing, deleting and listing workspaces, the default
// workspace, and the DataWorks name table. Members and custom roles are in members.cc,
// resources and configuration in config.cc, assets in assets.cc.
//
// Rule ids of this file (all "workspace."): not-found, creator-account, name-invalid,
// name-unique, display-name-invalid, description-invalid, env-types-invalid, region-invalid,
// id-taken, default-exists, account-mismatch, paging-invalid.
#include "workspace/workspaces.h"

#include <algorithm>

#include "workspace/workspace_internal.h"

namespace paiam::workspace {

using internal::Chars;
using internal::Exists;
using internal::Invalid;
using internal::NotFound;
using internal::Quote;

namespace {

constexpr size_t kMaxDescriptionChars = 80;
constexpr size_t kMaxDisplayNameChars = 80;  // unstated by the API; the description's limit
constexpr size_t kMaxPageSize = 100;

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// WorkspaceName (shared/spec/alibaba-api.md §4.1): 3-23 characters, letters, digits and '_',
// starting with a letter. DataWorks names share the namespace and follow the same rule.
Status CheckWorkspaceName(std::string_view name) {
  bool ok = name.size() >= 3 && name.size() <= 23 && IsLetter(name.front());
  for (char c : name) ok = ok && (IsLetter(c) || IsDigit(c) || c == '_');
  if (ok) return Status::Ok();
  return Invalid("name-invalid", "workspace name " + Quote(name) +
                                     " must be 3-23 letters, digits and underscores, starting "
                                     "with a letter");
}

Status CheckText(std::string_view rule, std::string_view what, std::string_view text, size_t max) {
  if (Chars(text) <= max) return Status::Ok();
  return Invalid(rule, std::string(what) + " must be at most " + std::to_string(max) +
                           " characters, got " + std::to_string(Chars(text)));
}

// {"prod"} or {"dev","prod"} in any order; returned in that canonical order.
StatusOr<std::vector<std::string>> CanonicalEnvTypes(const std::vector<std::string>& env) {
  const bool has_prod = std::count(env.begin(), env.end(), "prod") == 1;
  const bool has_dev = std::count(env.begin(), env.end(), "dev") == 1;
  if (has_prod && env.size() == (has_dev ? 2u : 1u)) {
    if (has_dev) return std::vector<std::string>{"dev", "prod"};
    return std::vector<std::string>{"prod"};
  }
  return Invalid("env-types-invalid", "EnvTypes must be [\"prod\"] or [\"dev\",\"prod\"]");
}

Status CheckRegion(std::string_view region) {
  const bool ok =
      !region.empty() &&
      region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos;
  if (ok) return Status::Ok();
  return Invalid("region-invalid", "region " + Quote(region) +
                                       " must be a region id such as "
                                       "cn-hangzhou");
}

// Numeric ids compare by length first, so "9" < "10".
bool IdLess(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

bool Matches(const Workspace& ws, const WorkspaceFilter& f) {
  if (!f.account_id.empty() && ws.account_id != f.account_id) return false;
  if (!f.region.empty() && ws.region != f.region) return false;
  if (!f.name_contains.empty() && ws.name.find(f.name_contains) == std::string::npos) {
    return false;
  }
  if (!f.ids.empty() && std::find(f.ids.begin(), f.ids.end(), ws.id) == f.ids.end()) {
    return false;
  }
  if (!f.status.empty() && ws.status != f.status) return false;
  if (!f.resource_group_id.empty() && ws.resource_group_id != f.resource_group_id) return false;
  if (!f.member_user_id.empty() && !ws.members.contains(f.member_user_id)) return false;
  return true;
}

}  // namespace

Status internal::CheckPaging(size_t page_number, size_t page_size) {
  if (page_number >= 1 && page_size >= 1 && page_size <= kMaxPageSize) return Status::Ok();
  return Invalid("paging-invalid",
                 "PageNumber must be at least 1 and PageSize 1-" + std::to_string(kMaxPageSize));
}

std::string Workspaces::NextId(std::string_view prefix) {
  return std::string(prefix) + std::to_string(++id_counter_);
}

Workspace* Workspaces::Mutable(std::string_view workspace_id, Status* error) {
  auto it = workspaces_.find(workspace_id);
  if (it != workspaces_.end()) return &it->second;
  *error = NotFound("not-found", "workspace " + Quote(workspace_id) + " does not exist");
  return nullptr;
}

const Workspace* Workspaces::FindWorkspace(std::string_view workspace_id) const {
  auto it = workspaces_.find(workspace_id);
  return it == workspaces_.end() ? nullptr : &it->second;
}

Status Workspaces::CheckName(const CreateWorkspaceRequest& request) const {
  if (Status s = CheckWorkspaceName(request.name); !s.ok()) return s;
  NameKey key(request.account_id, request.region, request.name);
  if (auto it = names_.find(key); it != names_.end()) {
    return Exists("name-unique", "Name already exists: workspace " + Quote(it->second) +
                                     " of this account in " + request.region + " is named " +
                                     Quote(request.name));
  }
  if (dataworks_names_.contains(key)) {
    return Exists("name-unique",
                  "Name already exists: a DataWorks workspace in " + request.region + " is named " +
                      Quote(request.name) +
                      ". PAI and DataWorks workspaces are interconnected at the backend; use a "
                      "name unique across both services");
  }
  return Status::Ok();
}

StatusOr<std::string> Workspaces::CreateWorkspace(const CreateWorkspaceRequest& request,
                                                  const identity::Principal& creator) {
  if (creator.account_id != request.account_id || request.account_id.empty() ||
      creator.id.empty() || creator.arn.empty()) {
    return Invalid("creator-account", "the creator " + Quote(creator.arn) +
                                          " does not belong to account " +
                                          Quote(request.account_id));
  }
  if (Status s = CheckRegion(request.region); !s.ok()) return s;
  if (Status s = CheckName(request); !s.ok()) return s;
  if (Status s = CheckText("display-name-invalid", "DisplayName", request.display_name,
                           kMaxDisplayNameChars);
      !s.ok()) {
    return s;
  }
  if (Status s = CheckText("description-invalid", "Description", request.description,
                           kMaxDescriptionChars);
      !s.ok()) {
    return s;
  }
  StatusOr<std::vector<std::string>> env = CanonicalEnvTypes(request.env_types);
  if (!env.ok()) return env.status();
  if (!request.id.empty()) {
    if (request.id.find_first_not_of("0123456789") != std::string::npos) {
      return Invalid("id-taken", "workspace id " + Quote(request.id) + " must be numeric");
    }
    if (workspaces_.contains(request.id)) {
      return Exists("id-taken", "workspace id " + Quote(request.id) + " is already in use");
    }
  }
  std::string id = request.id;
  while (id.empty() || workspaces_.contains(id)) id = NextId("");

  Workspace ws;
  ws.id = id;
  ws.account_id = request.account_id;
  ws.region = request.region;
  ws.name = request.name;
  ws.display_name = request.display_name.empty() ? request.name : request.display_name;
  ws.description = request.description;
  ws.env_types = std::move(*env);
  ws.creator_id = creator.id;
  ws.creator_arn = creator.arn;
  ws.resource_group_id = request.resource_group_id;
  ws.create_time = ws.modify_time = now_;
  // Seed 004: "The Alibaba Cloud account or RAM user that creates a workspace is automatically
  // assigned the Owner role."
  Member owner;
  owner.member_id = id + "-" + creator.id;
  owner.user_id = creator.id;
  owner.arn = creator.arn;
  owner.account_type = creator.account_type();
  owner.roles = {std::string(kRoleWorkspaceOwner)};
  owner.create_time = now_;
  ws.members.emplace(creator.id, std::move(owner));

  names_.emplace(NameKey(ws.account_id, ws.region, ws.name), id);
  workspaces_.emplace(id, std::move(ws));
  return id;
}

Status Workspaces::UpdateWorkspace(std::string_view workspace_id, const WorkspaceUpdate& update) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  if (update.display_name) {
    if (Status s = CheckText("display-name-invalid", "DisplayName", *update.display_name,
                             kMaxDisplayNameChars);
        !s.ok()) {
      return s;
    }
  }
  if (update.description) {
    if (Status s = CheckText("description-invalid", "Description", *update.description,
                             kMaxDescriptionChars);
        !s.ok()) {
      return s;
    }
  }
  if (update.display_name) {
    ws->display_name = update.display_name->empty() ? ws->name : *update.display_name;
  }
  if (update.description) ws->description = *update.description;
  ws->modify_time = now_;
  return Status::Ok();
}

Status Workspaces::DeleteWorkspace(std::string_view workspace_id) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  names_.erase(NameKey(ws->account_id, ws->region, ws->name));
  if (ws->is_default) default_workspace_.erase(ScopeKey(ws->account_id, ws->region));
  ForgetWorkspace(workspace_id);  // before its assets go: it reads them
  if (auto it = assets_.find(workspace_id); it != assets_.end()) {
    for (const auto& [_, bucket] : it->second.buckets) asset_count_ -= bucket.assets.size();
    assets_.erase(it);
  }
  workspaces_.erase(workspaces_.find(workspace_id));
  return Status::Ok();
}

StatusOr<Page<Workspace>> Workspaces::ListWorkspaces(const WorkspaceFilter& filter) const {
  if (Status s = internal::CheckPaging(filter.page_number, filter.page_size); !s.ok()) return s;
  std::vector<const Workspace*> matches;
  for (const auto& [_, ws] : workspaces_) {
    if (Matches(ws, filter)) matches.push_back(&ws);
  }
  const bool by_modify = filter.sort_by == WorkspaceFilter::SortBy::kModifyTime;
  std::sort(matches.begin(), matches.end(), [&](const Workspace* a, const Workspace* b) {
    const UnixMillis ta = by_modify ? a->modify_time : a->create_time;
    const UnixMillis tb = by_modify ? b->modify_time : b->create_time;
    if (ta != tb) return filter.ascending ? ta < tb : ta > tb;
    return filter.ascending ? IdLess(a->id, b->id) : IdLess(b->id, a->id);
  });
  Page<Workspace> page;
  page.total_count = matches.size();
  const auto [begin, end] =
      internal::PageBounds(matches.size(), filter.page_number, filter.page_size);
  page.items.assign(matches.begin() + begin, matches.begin() + end);
  return page;
}

Status Workspaces::ReserveDataWorksName(std::string_view account_id, std::string_view region,
                                        std::string_view name) {
  if (Status s = CheckRegion(region); !s.ok()) return s;
  if (Status s = CheckWorkspaceName(name); !s.ok()) return s;
  NameKey key{std::string(account_id), std::string(region), std::string(name)};
  if (names_.contains(key) || dataworks_names_.contains(key)) {
    return Exists("name-unique",
                  "Name already exists: " + Quote(name) + " is taken in " + std::string(region));
  }
  dataworks_names_.insert(std::move(key));
  return Status::Ok();
}

void Workspaces::ReleaseDataWorksName(std::string_view account_id, std::string_view region,
                                      std::string_view name) {
  dataworks_names_.erase(NameKey(account_id, region, name));
}

// --- the default workspace -----------------------------------------------------------------

StatusOr<std::string> Workspaces::CreateDefaultWorkspace(const CreateWorkspaceRequest& request,
                                                         const identity::Principal& creator) {
  ScopeKey scope(request.account_id, request.region);
  if (auto it = default_workspace_.find(scope); it != default_workspace_.end()) {
    return Exists("default-exists", "account " + Quote(request.account_id) +
                                        " already has default workspace " + Quote(it->second) +
                                        " in " + request.region);
  }
  StatusOr<std::string> id = CreateWorkspace(request, creator);
  if (!id.ok()) return id;
  workspaces_.find(*id)->second.is_default = true;
  default_workspace_.emplace(std::move(scope), *id);
  return id;
}

const Workspace* Workspaces::GetDefaultWorkspace(std::string_view account_id,
                                                 std::string_view region) const {
  auto it = default_workspace_.find(ScopeKey(account_id, region));
  return it == default_workspace_.end() ? nullptr : FindWorkspace(it->second);
}

Status Workspaces::UpdateDefaultWorkspace(std::string_view account_id,
                                          std::string_view workspace_id) {
  Status error;
  Workspace* ws = Mutable(workspace_id, &error);
  if (ws == nullptr) return error;
  if (ws->account_id != account_id) {
    return Invalid("account-mismatch", "workspace " + Quote(workspace_id) +
                                           " does not belong to account " + Quote(account_id));
  }
  std::string& current = default_workspace_[ScopeKey(ws->account_id, ws->region)];
  if (!current.empty() && current != ws->id) {
    workspaces_.find(current)->second.is_default = false;
  }
  current = ws->id;
  ws->is_default = true;
  return Status::Ok();
}

}  // namespace paiam::workspace
