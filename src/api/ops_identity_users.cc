// paiam/api — RAM operations on users and access keys (ops_identity_internal.h).
//
// Access keys: CreateAccessKey's prepare step draws the id ("LTAI" + 20 of [A-Za-z0-9]) and
// the secret (30 of [A-Za-z0-9]) from OpenSSL (auth::RandomAlnum) into the parameters
// "AccessKeyId" and "AccessKeySecret" (the service seals the latter before logging), so apply
// and a replay store the same key. Clients may not send those two: `target` refuses them.
// Without UserName, the key operations name the caller's own keys: the root's for the root,
// the user's for a RAM user; a role has no keys and must name a user. Only CreateAccessKey
// ever returns a secret.
#include <string>
#include <utility>

#include "api/ops_identity_internal.h"
#include "auth/crypto.h"
#include "identity/arn.h"
#include "identity/names.h"

namespace paiam::api::internal::ram {
namespace {

using identity::Directory;

// --- users ---------------------------------------------------------------------------------

struct UserArgs {
  std::string user_name;
};
void ReadArgs(ParamReader& in, UserArgs* a) { a->user_name = in.Required("UserName"); }
std::string Resource(const UserArgs& a, const Caller& c) {
  return UserResource(c.account_id, a.user_name);
}

StatusOr<Json> UserReply(const Directory& d, std::string_view account, std::string_view name) {
  const identity::User* user = d.FindUser(account, name);
  if (user == nullptr) return UserNotFound(name);
  return Json{{"User", UserJson(*user)}};
}

struct CreateUser : UserArgs {
  static constexpr std::string_view kName = "CreateUser";
  std::string display_name;
  std::string comments;
  std::string email;
  std::string mobile_phone;
};
void ReadArgs(ParamReader& in, CreateUser* a) {
  ReadArgs(in, static_cast<UserArgs*>(a));
  a->display_name = in.Optional("DisplayName").value_or("");
  a->comments = in.Optional("Comments").value_or("");
  a->email = in.Optional("Email").value_or("");
  a->mobile_phone = in.Optional("MobilePhone").value_or("");
}
StatusOr<Json> Run(Directory& d, const CreateUser& a, const Caller& c) {
  identity::UserSpec spec;
  spec.name = a.user_name;
  spec.display_name = a.display_name;
  spec.comments = a.comments;
  spec.email = a.email;
  spec.mobile_phone = a.mobile_phone;
  StatusOr<identity::User> user = d.CreateUser(c.account_id, spec);
  if (!user.ok()) return user.status();
  return Json{{"User", UserJson(*user)}};
}

struct GetUser : UserArgs {
  static constexpr std::string_view kName = "GetUser";
};
StatusOr<Json> Run(const Directory& d, const GetUser& a, const Caller& c) {
  return UserReply(d, c.account_id, a.user_name);
}

struct UpdateUser : UserArgs {
  static constexpr std::string_view kName = "UpdateUser";
  identity::UserUpdate update;
};
void ReadArgs(ParamReader& in, UpdateUser* a) {
  ReadArgs(in, static_cast<UserArgs*>(a));
  // Users are not renamed (directory.h): NewUserName may only repeat the name.
  std::optional<std::string> new_name = ReadOptionalName(in, "NewUserName");
  if (new_name && in.ok()) {
    if (Status s = identity::ValidateUserName(*new_name); !s.ok()) {
      in.Fail(identity::ForParameter(std::move(s), "NewUserName"));
    } else if (*new_name != a->user_name) {
      in.Fail(InvalidParameter("NewUserName", "cannot rename a user: paiam keeps user names"));
    }
  }
  a->update.display_name = in.Optional("NewDisplayName");
  a->update.comments = in.Optional("NewComments");
  a->update.email = in.Optional("NewEmail");
  a->update.mobile_phone = in.Optional("NewMobilePhone");
}
StatusOr<Json> Run(Directory& d, const UpdateUser& a, const Caller& c) {
  if (Status s = d.UpdateUser(c.account_id, a.user_name, a.update); !s.ok()) return s;
  return UserReply(d, c.account_id, a.user_name);
}

struct DeleteUser : UserArgs {
  static constexpr std::string_view kName = "DeleteUser";
};
StatusOr<Json> Run(Directory& d, const DeleteUser& a, const Caller& c) {
  if (Status s = d.DeleteUser(c.account_id, a.user_name); !s.ok()) return s;
  return Json::object();
}

struct ListUsers {
  static constexpr std::string_view kName = "ListUsers";
  Paging paging;
};
void ReadArgs(ParamReader& in, ListUsers* a) { ReadPaging(in, &a->paging); }
std::string Resource(const ListUsers&, const Caller& c) { return AccountResource(c.account_id); }
StatusOr<Json> Run(const Directory& d, const ListUsers& a, const Caller& c) {
  return PagedList(
      d.ListUsers(c.account_id), a.paging, [](const identity::User* u) { return u->name; },
      "Users", "User", [](const identity::User* u) { return UserJson(*u); });
}

// --- access keys ---------------------------------------------------------------------------

constexpr size_t kAccessKeyIdRandomChars = 20;  // after "LTAI"
constexpr size_t kAccessKeySecretChars = 30;

// Whose keys: the named user, else the caller ("" for the root).
StatusOr<std::string> KeyOwner(const std::optional<std::string>& user_name, const Caller& c) {
  if (user_name) return *user_name;
  switch (c.type) {
    case identity::PrincipalType::kRoot:
      return std::string();
    case identity::PrincipalType::kUser:
      if (auto parsed = identity::ParsePrincipalArn(c.arn)) return std::string(parsed->name);
      break;
    case identity::PrincipalType::kRole:
      break;
  }
  return MissingParameter("UserName");
}

struct KeyArgs {
  std::optional<std::string> user_name;
};
void ReadArgs(ParamReader& in, KeyArgs* a) { a->user_name = ReadOptionalName(in, "UserName"); }
StatusOr<std::string> Resource(const KeyArgs& a, const Caller& c) {
  StatusOr<std::string> owner = KeyOwner(a.user_name, c);
  if (!owner.ok()) return owner.status();
  return owner->empty() ? AccountResource(c.account_id) : UserResource(c.account_id, *owner);
}

identity::AccessKeyStatus ReadKeyStatus(ParamReader& in) {
  std::string text = in.Required("Status");
  if (text == "Inactive") return identity::AccessKeyStatus::kInactive;
  if (in.ok() && text != "Active") {
    in.Fail(InvalidParameter("Status", "must be \"Active\" or \"Inactive\", got \"" + text + "\""));
  }
  return identity::AccessKeyStatus::kActive;
}

Json AccessKeyJson(const identity::AccessKey& key) {
  return Json{{"AccessKeyId", key.id},
              {"Status", identity::AccessKeyStatusName(key.status)},
              {"CreateDate", FormatDate(key.create_time)}};
}

struct CreateAccessKey : KeyArgs {
  static constexpr std::string_view kName = "CreateAccessKey";
};

// What apply reads: the client's parameters plus the two generated by prepare.
struct CreateAccessKeyPrepared : CreateAccessKey {
  std::string id;
  std::string secret;
};
void ReadArgs(ParamReader& in, CreateAccessKeyPrepared* a) {
  ReadArgs(in, static_cast<KeyArgs*>(a));
  a->id = in.Required("AccessKeyId");
  a->secret = in.Required("AccessKeySecret");
}
StatusOr<Json> Run(Directory& d, const CreateAccessKeyPrepared& a, const Caller& c) {
  StatusOr<std::string> owner = KeyOwner(a.user_name, c);
  if (!owner.ok()) return owner.status();
  identity::AccessKey key;
  key.id = a.id;
  key.secret = a.secret;
  key.account_id = c.account_id;
  key.user_name = *owner;
  if (Status s = d.AddAccessKey(std::move(key)); !s.ok()) return s;
  const identity::AccessKey& added = *d.FindAccessKey(a.id);
  Json reply = AccessKeyJson(added);
  reply["AccessKeySecret"] = added.secret;
  return Json{{"AccessKey", std::move(reply)}};
}

Status PrepareAccessKey(StateView, Json& params, const Caller&) {
  if (!params.is_object()) return InvalidParameter("Parameters", "must be a JSON object");
  params["AccessKeyId"] = "LTAI" + auth::RandomAlnum(kAccessKeyIdRandomChars);
  params["AccessKeySecret"] = auth::RandomAlnum(kAccessKeySecretChars);
  return Status::Ok();
}

struct KeyIdArgs : KeyArgs {
  std::string key_id;
};
void ReadArgs(ParamReader& in, KeyIdArgs* a) {
  ReadArgs(in, static_cast<KeyArgs*>(a));
  a->key_id = in.Required("UserAccessKeyId");
}

struct UpdateAccessKey : KeyIdArgs {
  static constexpr std::string_view kName = "UpdateAccessKey";
  identity::AccessKeyStatus status = identity::AccessKeyStatus::kActive;
};
void ReadArgs(ParamReader& in, UpdateAccessKey* a) {
  ReadArgs(in, static_cast<KeyIdArgs*>(a));
  a->status = ReadKeyStatus(in);
}
StatusOr<Json> Run(Directory& d, const UpdateAccessKey& a, const Caller& c) {
  StatusOr<std::string> owner = KeyOwner(a.user_name, c);
  if (!owner.ok()) return owner.status();
  if (Status s = d.UpdateAccessKeyStatus(c.account_id, *owner, a.key_id, a.status); !s.ok()) {
    return s;
  }
  return Json::object();
}

struct DeleteAccessKey : KeyIdArgs {
  static constexpr std::string_view kName = "DeleteAccessKey";
};
StatusOr<Json> Run(Directory& d, const DeleteAccessKey& a, const Caller& c) {
  StatusOr<std::string> owner = KeyOwner(a.user_name, c);
  if (!owner.ok()) return owner.status();
  if (Status s = d.DeleteAccessKey(c.account_id, *owner, a.key_id); !s.ok()) return s;
  return Json::object();
}

struct ListAccessKeys : KeyArgs {
  static constexpr std::string_view kName = "ListAccessKeys";
};
StatusOr<Json> Run(const Directory& d, const ListAccessKeys& a, const Caller& c) {
  StatusOr<std::string> owner = KeyOwner(a.user_name, c);
  if (!owner.ok()) return owner.status();
  if (!owner->empty() && d.FindUser(c.account_id, *owner) == nullptr) return UserNotFound(*owner);
  Json keys = Json::array();
  for (const identity::AccessKey* key : d.ListAccessKeys(c.account_id, *owner)) {
    keys.push_back(AccessKeyJson(*key));
  }
  return Json{{"AccessKeys", {{"AccessKey", std::move(keys)}}}};
}

const Operation kUserOperations[] = {
    WriteOp<CreateUser>(),
    ReadOp<GetUser>(),
    WriteOp<UpdateUser>(),
    WriteOp<DeleteUser>(),
    ReadOp<ListUsers>(),
    WriteOp<CreateAccessKey, CreateAccessKeyPrepared>(&PrepareAccessKey),
    WriteOp<UpdateAccessKey>(),
    WriteOp<DeleteAccessKey>(),
    ReadOp<ListAccessKeys>(),
};

}  // namespace

std::span<const Operation> UserOperations() { return kUserOperations; }

}  // namespace paiam::api::internal::ram
