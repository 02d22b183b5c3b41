// paiam/identity — Directory: access keys of RAM users and account roots.
//
// The Directory stores keys and enforces their rules (unique id, existing owner, per-owner
// quota); it never makes ids or secrets, so that replaying the change log rebuilds the same
// keys (the API's prepare step generates them with OpenSSL).
#include <algorithm>

#include "identity/directory.h"
#include "identity/directory_internal.h"

namespace paiam::identity {

using internal::Exists;
using internal::Invalid;
using internal::Limit;
using internal::NotFound;
using internal::Quote;

namespace {

bool IsAlnum(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

constexpr size_t kMaxAccessKeyIdLength = 128;
constexpr size_t kMaxAccessKeySecretLength = 128;

std::string OwnerName(std::string_view user_name) {
  return user_name.empty() ? std::string("the root") : "user " + Quote(user_name);
}

Status KeyNotFound(std::string_view id, std::string_view user_name) {
  return NotFound("EntityNotExist.User.AccessKey",
                  "access key " + Quote(id) + " of " + OwnerName(user_name) + " does not exist");
}

}  // namespace

// The owner must exist: the account for root keys, the user for a user's keys.
Status Directory::CheckAccessKeyOwner(std::string_view account_id,
                                      std::string_view user_name) const {
  if (FindAccount(account_id) == nullptr) {
    return NotFound("identity.account-not-found",
                    "account " + Quote(account_id) + " does not exist");
  }
  if (!user_name.empty() && FindUser(account_id, user_name) == nullptr) {
    return NotFound("EntityNotExist.User", "user " + Quote(user_name) + " does not exist");
  }
  return Status::Ok();
}

Status Directory::AddAccessKey(AccessKey key) {
  if (Status s = CheckAccessKeyOwner(key.account_id, key.user_name); !s.ok()) return s;
  if (key.id.empty() || key.id.size() > kMaxAccessKeyIdLength || !IsAlnum(key.id)) {
    return Invalid("InvalidParameter.AccessKeyId.Format",
                   "an access key id must be 1-128 of [A-Za-z0-9]");
  }
  if (key.secret.empty() || key.secret.size() > kMaxAccessKeySecretLength ||
      !IsAlnum(key.secret)) {
    return Invalid("InvalidParameter.AccessKeySecret.Format",
                   "an access key secret must be 1-128 of [A-Za-z0-9]");
  }
  if (access_keys_.contains(key.id)) {
    return Exists("EntityAlreadyExists.AccessKey",
                  "access key " + Quote(key.id) + " already exists");
  }
  auto owner = access_key_owners_.find(std::pair(key.account_id, key.user_name));
  const size_t held = owner == access_key_owners_.end() ? 0 : owner->second.size();
  const size_t limit =
      key.user_name.empty() ? limits_.access_keys_per_root : limits_.access_keys_per_user;
  if (held >= limit) {
    return Limit("LimitExceeded.User.AccessKey", OwnerName(key.user_name) +
                                                     " already has the maximum of " +
                                                     std::to_string(limit) + " access keys");
  }
  if (owner == access_key_owners_.end()) {
    owner = access_key_owners_.emplace(ScopedName(key.account_id, key.user_name),
                                       std::vector<std::string>()).first;
  }
  owner->second.push_back(key.id);
  key.create_time = now_;
  std::string id = key.id;
  access_keys_.emplace(std::move(id), std::move(key));
  return Status::Ok();
}

Status Directory::UpdateAccessKeyStatus(std::string_view account_id, std::string_view user_name,
                                        std::string_view id, AccessKeyStatus status) {
  if (Status s = CheckAccessKeyOwner(account_id, user_name); !s.ok()) return s;
  auto it = access_keys_.find(id);
  if (it == access_keys_.end() || it->second.account_id != account_id ||
      it->second.user_name != user_name) {
    return KeyNotFound(id, user_name);
  }
  it->second.status = status;
  return Status::Ok();
}

Status Directory::DeleteAccessKey(std::string_view account_id, std::string_view user_name,
                                  std::string_view id) {
  if (Status s = CheckAccessKeyOwner(account_id, user_name); !s.ok()) return s;
  auto it = access_keys_.find(id);
  if (it == access_keys_.end() || it->second.account_id != account_id ||
      it->second.user_name != user_name) {
    return KeyNotFound(id, user_name);
  }
  auto owner = access_key_owners_.find(std::pair(account_id, user_name));
  std::vector<std::string>& ids = owner->second;
  ids.erase(std::find(ids.begin(), ids.end(), id));
  if (ids.empty()) access_key_owners_.erase(owner);
  access_keys_.erase(it);
  return Status::Ok();
}

const AccessKey* Directory::FindAccessKey(std::string_view id) const {
  auto it = access_keys_.find(id);
  return it == access_keys_.end() ? nullptr : &it->second;
}

std::vector<const AccessKey*> Directory::ListAccessKeys(std::string_view account_id,
                                                        std::string_view user_name) const {
  std::vector<const AccessKey*> out;
  auto owner = access_key_owners_.find(std::pair(account_id, user_name));
  if (owner == access_key_owners_.end()) return out;
  out.reserve(owner->second.size());
  for (const std::string& id : owner->second) out.push_back(&access_keys_.find(id)->second);
  return out;
}

}  // namespace paiam::identity
