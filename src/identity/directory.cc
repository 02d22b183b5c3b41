// paiam/identity — Directory: accounts, users, groups, roles and principals. Policies,
// attachments and the effective-policy lookups are in directory_policies.cc.
#include "identity/directory.h"

#include <algorithm>

#include "identity/arn.h"
#include "identity/directory_internal.h"
#include "identity/names.h"
#include "identity/service_linked_roles.h"
#include "identity/system_policies.h"
#include "policy/parser.h"

namespace paiam::identity {

using internal::Conflict;
using internal::Exists;
using internal::Invalid;
using internal::Limit;
using internal::NotFound;
using internal::Quote;

namespace {

// Inserts `value` into a sorted vector; false when already present.
bool InsertSorted(std::vector<std::string>& v, std::string_view value) {
  auto it = std::lower_bound(v.begin(), v.end(), value);
  if (it != v.end() && *it == value) return false;
  v.insert(it, std::string(value));
  return true;
}

bool EraseSorted(std::vector<std::string>& v, std::string_view value) {
  auto it = std::lower_bound(v.begin(), v.end(), value);
  if (it == v.end() || *it != value) return false;
  v.erase(it);
  return true;
}

// Parses a trust policy; the rule is RAM's MalformedPolicyDocument, the message the first error.
Status ParseTrustPolicy(std::string_view text, policy::PolicyDocument* out) {
  policy::ParseOptions options;
  options.kind = policy::PolicyKind::kTrust;
  policy::ParseResult parsed = policy::ParsePolicy(text, options);
  if (!parsed.ok()) {
    std::string first = "invalid trust policy";
    for (const policy::Diagnostic& d : parsed.diagnostics) {
      if (d.severity == policy::Severity::kError) {
        first = d.ToString();
        break;
      }
    }
    return Invalid("MalformedPolicyDocument", "trust policy: " + first);
  }
  *out = std::move(*parsed.document);
  return Status::Ok();
}

Status CheckMaxSessionDuration(int32_t seconds) {
  if (seconds >= kMinMaxSessionDuration && seconds <= kMaxMaxSessionDuration) return Status::Ok();
  return Invalid("InvalidParameter.MaxSessionDuration",
                 "MaxSessionDuration must be 3600-43200 seconds, got " + std::to_string(seconds));
}

}  // namespace

std::string_view AttachTargetName(AttachTarget target) {
  switch (target) {
    case AttachTarget::kUser:
      return "User";
    case AttachTarget::kGroup:
      return "Group";
    case AttachTarget::kRole:
      return "Role";
  }
  return "";
}

Directory::Directory(Limits limits) : limits_(limits) {}

StatusOr<Directory> Directory::WithSystemPolicies(Limits limits) {
  StatusOr<std::vector<ManagedPolicy>> loaded = LoadEmbeddedSystemPolicies();
  if (!loaded.ok()) return loaded.status();
  Directory directory(limits);
  for (ManagedPolicy& p : *loaded) {
    Status s = directory.AddSystemPolicy(std::move(p));
    if (!s.ok()) return s;
  }
  return directory;
}

// --- accounts ------------------------------------------------------------------------------

Directory::AccountState* Directory::MutableAccount(std::string_view account_id, Status* error) {
  auto it = accounts_.find(account_id);
  if (it != accounts_.end()) return &it->second;
  *error =
      NotFound("identity.account-not-found", "account " + Quote(account_id) + " does not exist");
  return nullptr;
}

Status Directory::CreateAccount(std::string_view id, std::string_view alias) {
  if (Status s = ValidateAccountId(id); !s.ok()) return s;
  if (accounts_.contains(id)) {
    return Exists("identity.account-exists", "account " + Quote(id) + " already exists");
  }
  if (user_ids_.contains(id) || role_ids_.contains(id)) {
    return Exists("identity.id-taken", "id " + Quote(id) + " already names a user or role");
  }
  if (!alias.empty()) {
    if (Status s = ValidateAccountAlias(alias); !s.ok()) return s;
    for (const auto& [_, state] : accounts_) {
      if (state.account.alias == alias) {
        return Exists("EntityAlreadyExists.AccountAlias",
                      "account alias " + Quote(alias) + " is already in use");
      }
    }
  }
  AccountState& state = accounts_[std::string(id)];
  state.account = Account{std::string(id), std::string(alias), now_};
  return Status::Ok();
}

Status Directory::SetAccountAlias(std::string_view account_id, std::string_view alias) {
  Status error;
  AccountState* state = MutableAccount(account_id, &error);
  if (state == nullptr) return error;
  if (Status s = ValidateAccountAlias(alias); !s.ok()) return s;
  for (const auto& [id, other] : accounts_) {
    if (id != account_id && other.account.alias == alias) {
      return Exists("EntityAlreadyExists.AccountAlias",
                    "account alias " + Quote(alias) + " is already in use");
    }
  }
  state->account.alias = std::string(alias);
  return Status::Ok();
}

Status Directory::ClearAccountAlias(std::string_view account_id) {
  Status error;
  AccountState* state = MutableAccount(account_id, &error);
  if (state == nullptr) return error;
  state->account.alias.clear();
  return Status::Ok();
}

const Account* Directory::FindAccount(std::string_view id) const {
  auto it = accounts_.find(id);
  return it == accounts_.end() ? nullptr : &it->second.account;
}

std::vector<const Account*> Directory::ListAccounts() const {
  std::vector<const Account*> out;
  out.reserve(accounts_.size());
  for (const auto& [_, state] : accounts_) out.push_back(&state.account);
  return out;
}

// --- ids -----------------------------------------------------------------------------------

Status Directory::CheckNewPrincipalId(std::string_view id) const {
  if (Status s = ValidateNumericId(id); !s.ok()) return s;
  if (accounts_.contains(id) || user_ids_.contains(id) || role_ids_.contains(id)) {
    return Exists("identity.id-taken", "id " + Quote(id) + " is already in use");
  }
  return Status::Ok();
}

// Ids look like RAM's 16-digit numbers. The counter is part of the state, so a copy continues
// the same sequence and replaying the same operations yields the same ids.
std::string Directory::NextId() {
  for (;;) {
    std::string id = std::to_string(2000000000000000ULL + ++id_counter_);
    if (CheckNewPrincipalId(id).ok()) return id;
  }
}

// Group ids: "g-" and 13 base-36 digits (36^13 > 2^64) of a bijective 64-bit mix of a
// counter, so that they are unique, deterministic and do not look sequential.
std::string Directory::NextGroupId() {
  uint64_t x = ++group_id_counter_ + 0x9E3779B97F4A7C15ULL;  // splitmix64
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  x ^= x >> 31;
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string id(15, '0');
  id[0] = 'g';
  id[1] = '-';
  for (size_t i = id.size(); i-- > 2;) {
    id[i] = kDigits[x % 36];
    x /= 36;
  }
  return id;
}

Status Directory::CheckRoleModifiable(const Role& role, std::string_view what) {
  if (!role.service_linked) return Status::Ok();
  return Conflict(std::string(kServiceLinkedRoleUnmodifiable) + "." + std::string(what),
                  "the " + std::string(what) + " of service-linked role " + Quote(role.name) +
                      " is fixed by " + Quote(role.service_name));
}

// --- users ---------------------------------------------------------------------------------

User* Directory::MutableUser(std::string_view account_id, std::string_view name) {
  auto it = users_.find(std::pair(account_id, name));
  return it == users_.end() ? nullptr : &it->second;
}

StatusOr<User> Directory::CreateUser(std::string_view account_id, const UserSpec& spec) {
  Status error;
  AccountState* account = MutableAccount(account_id, &error);
  if (account == nullptr) return error;
  if (Status s = ValidateUserName(spec.name); !s.ok()) return s;
  if (!spec.display_name.empty()) {
    if (Status s = ValidateDisplayName(spec.display_name); !s.ok()) return s;
  }
  if (Status s = ValidateComments(spec.comments); !s.ok()) return s;
  if (!spec.email.empty()) {
    if (Status s = ValidateEmail(spec.email); !s.ok()) return s;
  }
  if (!spec.mobile_phone.empty()) {
    if (Status s = ValidateMobilePhone(spec.mobile_phone); !s.ok()) return s;
  }
  if (!spec.id.empty()) {
    if (Status s = CheckNewPrincipalId(spec.id); !s.ok()) return s;
  }
  if (MutableUser(account_id, spec.name) != nullptr) {
    return Exists("EntityAlreadyExists.User", "user " + Quote(spec.name) + " already exists");
  }
  if (account->users >= limits_.users_per_account) {
    return Limit("LimitExceeded.User", "the account already has the maximum of " +
                                           std::to_string(limits_.users_per_account) + " users");
  }
  User user;
  user.id = spec.id.empty() ? NextId() : spec.id;
  user.account_id = std::string(account_id);
  user.name = spec.name;
  user.display_name = spec.display_name.empty() ? spec.name : spec.display_name;
  user.comments = spec.comments;
  user.email = spec.email;
  user.mobile_phone = spec.mobile_phone;
  user.create_time = user.update_time = now_;
  user_ids_.emplace(user.id, ScopedName(user.account_id, user.name));
  users_.emplace(ScopedName(user.account_id, user.name), user);
  ++account->users;
  return user;
}

Status Directory::UpdateUser(std::string_view account_id, std::string_view name,
                             const UserUpdate& update) {
  User* user = MutableUser(account_id, name);
  if (user == nullptr) {
    return NotFound("EntityNotExist.User", "user " + Quote(name) + " does not exist");
  }
  if (update.display_name) {
    if (Status s = ValidateDisplayName(*update.display_name); !s.ok()) {
      return ForParameter(std::move(s), "NewDisplayName");
    }
  }
  if (update.comments) {
    if (Status s = ValidateComments(*update.comments); !s.ok()) return s;
  }
  if (update.email && !update.email->empty()) {
    if (Status s = ValidateEmail(*update.email); !s.ok()) return s;
  }
  if (update.mobile_phone && !update.mobile_phone->empty()) {
    if (Status s = ValidateMobilePhone(*update.mobile_phone); !s.ok()) return s;
  }
  if (update.display_name) user->display_name = *update.display_name;
  if (update.comments) user->comments = *update.comments;
  if (update.email) user->email = *update.email;
  if (update.mobile_phone) user->mobile_phone = *update.mobile_phone;
  user->update_time = now_;
  return Status::Ok();
}

Status Directory::DeleteUser(std::string_view account_id, std::string_view name) {
  User* user = MutableUser(account_id, name);
  if (user == nullptr) {
    return NotFound("EntityNotExist.User", "user " + Quote(name) + " does not exist");
  }
  if (!user->groups.empty()) {
    return Conflict("DeleteConflict.User.Group",
                    "user " + Quote(name) + " still belongs to group " +
                        Quote(user->groups.front()) + "; remove it from its groups first");
  }
  if (!user->policies.empty()) {
    return Conflict("DeleteConflict.User.Policy", "user " + Quote(name) + " still has policy " +
                                                      Quote(user->policies.front().name) +
                                                      " attached; detach it first");
  }
  if (auto keys = access_key_owners_.find(std::pair(account_id, name));
      keys != access_key_owners_.end() && !keys->second.empty()) {
    return Conflict("DeleteConflict.User.AccessKey",
                    "user " + Quote(name) + " still has access key " +
                        Quote(keys->second.front()) + "; delete its access keys first");
  }
  user_ids_.erase(user->id);
  users_.erase(users_.find(std::pair(account_id, name)));
  --accounts_.find(account_id)->second.users;
  return Status::Ok();
}

const User* Directory::FindUser(std::string_view account_id, std::string_view name) const {
  auto it = users_.find(std::pair(account_id, name));
  return it == users_.end() ? nullptr : &it->second;
}

const User* Directory::FindUserById(std::string_view id) const {
  auto it = user_ids_.find(id);
  return it == user_ids_.end() ? nullptr : FindUser(it->second.first, it->second.second);
}

const User* Directory::FindUserByArn(std::string_view arn) const {
  std::optional<ParsedPrincipalArn> parsed = ParsePrincipalArn(arn);
  if (!parsed || parsed->type != PrincipalType::kUser) return nullptr;
  return FindUser(parsed->account_id, parsed->name);
}

std::vector<const User*> Directory::ListUsers(std::string_view account_id) const {
  std::vector<const User*> out;
  for (auto it = users_.lower_bound(std::pair(account_id, std::string_view()));
       it != users_.end() && it->first.first == account_id; ++it) {
    out.push_back(&it->second);
  }
  return out;
}

// --- groups --------------------------------------------------------------------------------

Group* Directory::MutableGroup(std::string_view account_id, std::string_view name) {
  auto it = groups_.find(std::pair(account_id, name));
  return it == groups_.end() ? nullptr : &it->second;
}

Status Directory::CreateGroup(std::string_view account_id, std::string_view name,
                              std::string_view comments) {
  Status error;
  AccountState* account = MutableAccount(account_id, &error);
  if (account == nullptr) return error;
  if (Status s = ValidateGroupName(name); !s.ok()) return s;
  if (Status s = ValidateComments(comments); !s.ok()) return s;
  if (MutableGroup(account_id, name) != nullptr) {
    return Exists("EntityAlreadyExists.Group", "group " + Quote(name) + " already exists");
  }
  if (account->groups >= limits_.groups_per_account) {
    return Limit("LimitExceeded.Group", "the account already has the maximum of " +
                                            std::to_string(limits_.groups_per_account) + " groups");
  }
  Group group;
  group.id = NextGroupId();
  group.account_id = std::string(account_id);
  group.name = std::string(name);
  group.comments = std::string(comments);
  group.create_time = group.update_time = now_;
  groups_.emplace(ScopedName(group.account_id, group.name), std::move(group));
  ++account->groups;
  return Status::Ok();
}

Status Directory::UpdateGroup(std::string_view account_id, std::string_view name,
                              std::optional<std::string> new_name,
                              std::optional<std::string> new_comments) {
  Group* group = MutableGroup(account_id, name);
  if (group == nullptr) {
    return NotFound("EntityNotExist.Group", "group " + Quote(name) + " does not exist");
  }
  if (new_comments) {
    if (Status s = ValidateComments(*new_comments); !s.ok()) return s;
  }
  const bool rename = new_name && *new_name != name;
  if (rename) {
    if (Status s = ValidateGroupName(*new_name); !s.ok()) {
      return ForParameter(std::move(s), "NewGroupName");
    }
    if (MutableGroup(account_id, *new_name) != nullptr) {
      return Exists("EntityAlreadyExists.Group", "group " + Quote(*new_name) + " already exists");
    }
  }
  if (new_comments) group->comments = *new_comments;
  group->update_time = now_;
  if (!rename) return Status::Ok();
  // Members record their groups by name: move the record and rewrite their lists.
  auto node = groups_.extract(groups_.find(std::pair(account_id, name)));
  node.key().second = *new_name;
  node.mapped().name = *new_name;
  for (const std::string& member : node.mapped().members) {
    User* user = MutableUser(account_id, member);
    EraseSorted(user->groups, name);
    InsertSorted(user->groups, *new_name);
  }
  groups_.insert(std::move(node));
  return Status::Ok();
}

Status Directory::DeleteGroup(std::string_view account_id, std::string_view name) {
  Group* group = MutableGroup(account_id, name);
  if (group == nullptr) {
    return NotFound("EntityNotExist.Group", "group " + Quote(name) + " does not exist");
  }
  if (!group->members.empty()) {
    return Conflict("DeleteConflict.Group.User", "group " + Quote(name) + " still has member " +
                                                     Quote(group->members.front()) +
                                                     "; remove its members first");
  }
  if (!group->policies.empty()) {
    return Conflict("DeleteConflict.Group.Policy", "group " + Quote(name) + " still has policy " +
                                                       Quote(group->policies.front().name) +
                                                       " attached; detach it first");
  }
  groups_.erase(groups_.find(std::pair(account_id, name)));
  --accounts_.find(account_id)->second.groups;
  return Status::Ok();
}

Status Directory::AddUserToGroup(std::string_view account_id, std::string_view user_name,
                                 std::string_view group_name) {
  User* user = MutableUser(account_id, user_name);
  if (user == nullptr) {
    return NotFound("EntityNotExist.User", "user " + Quote(user_name) + " does not exist");
  }
  Group* group = MutableGroup(account_id, group_name);
  if (group == nullptr) {
    return NotFound("EntityNotExist.Group", "group " + Quote(group_name) + " does not exist");
  }
  if (std::binary_search(user->groups.begin(), user->groups.end(), group_name)) {
    return Exists("EntityAlreadyExists.User.Group",
                  "user " + Quote(user_name) + " is already in group " + Quote(group_name));
  }
  if (user->groups.size() >= limits_.groups_per_user) {
    return Limit("LimitExceeded.User.Group",
                 "user " + Quote(user_name) + " already belongs to the maximum of " +
                     std::to_string(limits_.groups_per_user) + " groups");
  }
  InsertSorted(user->groups, group_name);
  InsertSorted(group->members, user_name);
  group->join_times[std::string(user_name)] = now_;
  return Status::Ok();
}

Status Directory::RemoveUserFromGroup(std::string_view account_id, std::string_view user_name,
                                      std::string_view group_name) {
  User* user = MutableUser(account_id, user_name);
  if (user == nullptr) {
    return NotFound("EntityNotExist.User", "user " + Quote(user_name) + " does not exist");
  }
  Group* group = MutableGroup(account_id, group_name);
  if (group == nullptr) {
    return NotFound("EntityNotExist.Group", "group " + Quote(group_name) + " does not exist");
  }
  if (!EraseSorted(user->groups, group_name)) {
    return NotFound("EntityNotExist.User.Group",
                    "user " + Quote(user_name) + " is not in group " + Quote(group_name));
  }
  EraseSorted(group->members, user_name);
  if (auto it = group->join_times.find(user_name); it != group->join_times.end()) {
    group->join_times.erase(it);
  }
  return Status::Ok();
}

const Group* Directory::FindGroup(std::string_view account_id, std::string_view name) const {
  auto it = groups_.find(std::pair(account_id, name));
  return it == groups_.end() ? nullptr : &it->second;
}

std::vector<const Group*> Directory::ListGroups(std::string_view account_id) const {
  std::vector<const Group*> out;
  for (auto it = groups_.lower_bound(std::pair(account_id, std::string_view()));
       it != groups_.end() && it->first.first == account_id; ++it) {
    out.push_back(&it->second);
  }
  return out;
}

// --- roles ---------------------------------------------------------------------------------

Role* Directory::MutableRole(std::string_view account_id, std::string_view name) {
  auto it = roles_.find(std::pair(account_id, name));
  return it == roles_.end() ? nullptr : &it->second;
}

StatusOr<Role> Directory::CreateRole(std::string_view account_id, const RoleSpec& spec) {
  Status error;
  AccountState* account = MutableAccount(account_id, &error);
  if (account == nullptr) return error;
  if (Status s = ValidateRoleName(spec.name); !s.ok()) return s;
  if (Status s = ValidateDescription(spec.description); !s.ok()) return s;
  if (Status s = CheckMaxSessionDuration(spec.max_session_duration); !s.ok()) return s;
  if (!spec.id.empty()) {
    if (Status s = CheckNewPrincipalId(spec.id); !s.ok()) return s;
  }
  Role role;
  if (Status s = ParseTrustPolicy(spec.trust_policy, &role.trust_policy); !s.ok()) return s;
  if (MutableRole(account_id, spec.name) != nullptr) {
    return Exists("EntityAlreadyExists.Role", "role " + Quote(spec.name) + " already exists");
  }
  if (account->roles >= limits_.roles_per_account) {
    return Limit("LimitExceeded.Role", "the account already has the maximum of " +
                                           std::to_string(limits_.roles_per_account) + " roles");
  }
  role.id = spec.id.empty() ? NextId() : spec.id;
  role.account_id = std::string(account_id);
  role.name = spec.name;
  role.description = spec.description;
  role.trust_policy_text = spec.trust_policy;
  role.max_session_duration = spec.max_session_duration;
  role.create_time = role.update_time = now_;
  role_ids_.emplace(role.id, ScopedName(role.account_id, role.name));
  roles_.emplace(ScopedName(role.account_id, role.name), role);
  ++account->roles;
  return role;
}

Status Directory::UpdateRole(std::string_view account_id, std::string_view name,
                             const RoleUpdate& update) {
  Role* role = MutableRole(account_id, name);
  if (role == nullptr) {
    return NotFound("EntityNotExist.Role", "role " + Quote(name) + " does not exist");
  }
  policy::PolicyDocument trust;
  if (update.trust_policy) {
    if (Status s = CheckRoleModifiable(*role, "AssumeRolePolicyDocument"); !s.ok()) return s;
    if (Status s = ParseTrustPolicy(*update.trust_policy, &trust); !s.ok()) return s;
  }
  if (update.max_session_duration) {
    if (Status s = CheckRoleModifiable(*role, "MaxSessionDuration"); !s.ok()) return s;
    if (Status s = CheckMaxSessionDuration(*update.max_session_duration); !s.ok()) return s;
  }
  if (update.description) {
    if (Status s = ValidateDescription(*update.description); !s.ok()) return s;
  }
  if (update.trust_policy) {
    role->trust_policy_text = *update.trust_policy;
    role->trust_policy = std::move(trust);
  }
  if (update.max_session_duration) role->max_session_duration = *update.max_session_duration;
  if (update.description) role->description = *update.description;
  role->update_time = now_;
  return Status::Ok();
}

Status Directory::DeleteRole(std::string_view account_id, std::string_view name) {
  Role* role = MutableRole(account_id, name);
  if (role == nullptr) {
    return NotFound("EntityNotExist.Role", "role " + Quote(name) + " does not exist");
  }
  if (role->service_linked) {
    return Conflict(std::string(kServiceLinkedRoleDeleteConflict),
                    "role " + Quote(name) + " is a service-linked role of " +
                        Quote(role->service_name) + "; delete it with DeleteServiceLinkedRole");
  }
  if (!role->policies.empty()) {
    return Conflict("DeleteConflict.Role.Policy", "role " + Quote(name) + " still has policy " +
                                                      Quote(role->policies.front().name) +
                                                      " attached; detach it first");
  }
  role_ids_.erase(role->id);
  roles_.erase(roles_.find(std::pair(account_id, name)));
  --accounts_.find(account_id)->second.roles;
  return Status::Ok();
}

const Role* Directory::FindRole(std::string_view account_id, std::string_view name) const {
  auto it = roles_.find(std::pair(account_id, name));
  return it == roles_.end() ? nullptr : &it->second;
}

const Role* Directory::FindRoleById(std::string_view id) const {
  auto it = role_ids_.find(id);
  return it == role_ids_.end() ? nullptr : FindRole(it->second.first, it->second.second);
}

const Role* Directory::FindRoleByArn(std::string_view arn) const {
  std::optional<ParsedPrincipalArn> parsed = ParsePrincipalArn(arn);
  if (!parsed || parsed->type != PrincipalType::kRole) return nullptr;
  return FindRole(parsed->account_id, parsed->name);
}

std::vector<const Role*> Directory::ListRoles(std::string_view account_id) const {
  std::vector<const Role*> out;
  for (auto it = roles_.lower_bound(std::pair(account_id, std::string_view()));
       it != roles_.end() && it->first.first == account_id; ++it) {
    out.push_back(&it->second);
  }
  return out;
}

// --- principals ----------------------------------------------------------------------------

namespace {
Principal MakePrincipal(PrincipalType type, std::string_view account, std::string_view id,
                        std::string_view name) {
  Principal p;
  p.type = type;
  p.account_id = std::string(account);
  p.id = std::string(id);
  p.name = std::string(name);
  switch (type) {
    case PrincipalType::kRoot:
      p.arn = RootArn(account);
      break;
    case PrincipalType::kUser:
      p.arn = UserArn(account, name);
      break;
    case PrincipalType::kRole:
      p.arn = RoleArn(account, name);
      break;
  }
  return p;
}
}  // namespace

std::optional<Principal> Directory::PrincipalById(std::string_view id) const {
  if (const Account* account = FindAccount(id)) {
    return MakePrincipal(PrincipalType::kRoot, account->id, account->id, "");
  }
  if (const User* user = FindUserById(id)) {
    return MakePrincipal(PrincipalType::kUser, user->account_id, user->id, user->name);
  }
  if (const Role* role = FindRoleById(id)) {
    return MakePrincipal(PrincipalType::kRole, role->account_id, role->id, role->name);
  }
  return std::nullopt;
}

std::optional<Principal> Directory::PrincipalByArn(std::string_view arn) const {
  std::optional<ParsedPrincipalArn> parsed = ParsePrincipalArn(arn);
  if (!parsed) return std::nullopt;
  switch (parsed->type) {
    case PrincipalType::kRoot:
      if (FindAccount(parsed->account_id) == nullptr) return std::nullopt;
      return MakePrincipal(PrincipalType::kRoot, parsed->account_id, parsed->account_id, "");
    case PrincipalType::kUser:
      if (const User* user = FindUser(parsed->account_id, parsed->name)) {
        return MakePrincipal(PrincipalType::kUser, user->account_id, user->id, user->name);
      }
      return std::nullopt;
    case PrincipalType::kRole:
      if (const Role* role = FindRole(parsed->account_id, parsed->name)) {
        return MakePrincipal(PrincipalType::kRole, role->account_id, role->id, role->name);
      }
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace paiam::identity
