// paiam/api — RAM operations on groups and group membership (ops_identity_internal.h).
// Membership calls (AddUserToGroup, RemoveUserFromGroup, ListUsersForGroup) target the group's
// ARN, ListGroupsForUser the user's.
#include <string>
#include <utility>

#include "api/ops_identity_internal.h"

namespace paiam::api::internal::ram {
namespace {

using identity::Directory;

struct GroupArgs {
  std::string group_name;
};
void ReadArgs(ParamReader& in, GroupArgs* a) { a->group_name = in.Required("GroupName"); }
std::string Resource(const GroupArgs& a, const Caller& c) {
  return GroupResource(c.account_id, a.group_name);
}

StatusOr<Json> GroupReply(const Directory& d, std::string_view account, std::string_view name) {
  const identity::Group* group = d.FindGroup(account, name);
  if (group == nullptr) return GroupNotFound(name);
  return Json{{"Group", GroupJson(*group)}};
}

struct CreateGroup : GroupArgs {
  static constexpr std::string_view kName = "CreateGroup";
  std::string comments;
};
void ReadArgs(ParamReader& in, CreateGroup* a) {
  ReadArgs(in, static_cast<GroupArgs*>(a));
  a->comments = in.Optional("Comments").value_or("");
}
StatusOr<Json> Run(Directory& d, const CreateGroup& a, const Caller& c) {
  if (Status s = d.CreateGroup(c.account_id, a.group_name, a.comments); !s.ok()) return s;
  return GroupReply(d, c.account_id, a.group_name);
}

struct GetGroup : GroupArgs {
  static constexpr std::string_view kName = "GetGroup";
};
StatusOr<Json> Run(const Directory& d, const GetGroup& a, const Caller& c) {
  return GroupReply(d, c.account_id, a.group_name);
}

struct UpdateGroup : GroupArgs {
  static constexpr std::string_view kName = "UpdateGroup";
  std::optional<std::string> new_name;
  std::optional<std::string> new_comments;
};
void ReadArgs(ParamReader& in, UpdateGroup* a) {
  ReadArgs(in, static_cast<GroupArgs*>(a));
  a->new_name = ReadOptionalName(in, "NewGroupName");
  a->new_comments = in.Optional("NewComments");
}
StatusOr<Json> Run(Directory& d, const UpdateGroup& a, const Caller& c) {
  if (Status s = d.UpdateGroup(c.account_id, a.group_name, a.new_name, a.new_comments); !s.ok()) {
    return s;
  }
  return GroupReply(d, c.account_id, a.new_name.value_or(a.group_name));
}

struct DeleteGroup : GroupArgs {
  static constexpr std::string_view kName = "DeleteGroup";
};
StatusOr<Json> Run(Directory& d, const DeleteGroup& a, const Caller& c) {
  if (Status s = d.DeleteGroup(c.account_id, a.group_name); !s.ok()) return s;
  return Json::object();
}

struct ListGroups {
  static constexpr std::string_view kName = "ListGroups";
  Paging paging;
};
void ReadArgs(ParamReader& in, ListGroups* a) { ReadPaging(in, &a->paging); }
std::string Resource(const ListGroups&, const Caller& c) { return AccountResource(c.account_id); }
StatusOr<Json> Run(const Directory& d, const ListGroups& a, const Caller& c) {
  return PagedList(
      d.ListGroups(c.account_id), a.paging, [](const identity::Group* g) { return g->name; },
      "Groups", "Group", [](const identity::Group* g) { return GroupJson(*g); });
}

// --- membership ----------------------------------------------------------------------------

struct MembershipArgs : GroupArgs {
  std::string user_name;
};
void ReadArgs(ParamReader& in, MembershipArgs* a) {
  ReadArgs(in, static_cast<GroupArgs*>(a));
  a->user_name = in.Required("UserName");
}

struct AddUserToGroup : MembershipArgs {
  static constexpr std::string_view kName = "AddUserToGroup";
};
StatusOr<Json> Run(Directory& d, const AddUserToGroup& a, const Caller& c) {
  if (Status s = d.AddUserToGroup(c.account_id, a.user_name, a.group_name); !s.ok()) return s;
  return Json::object();
}

struct RemoveUserFromGroup : MembershipArgs {
  static constexpr std::string_view kName = "RemoveUserFromGroup";
};
StatusOr<Json> Run(Directory& d, const RemoveUserFromGroup& a, const Caller& c) {
  if (Status s = d.RemoveUserFromGroup(c.account_id, a.user_name, a.group_name); !s.ok()) {
    return s;
  }
  return Json::object();
}

struct ListGroupsForUser {
  static constexpr std::string_view kName = "ListGroupsForUser";
  std::string user_name;
};
void ReadArgs(ParamReader& in, ListGroupsForUser* a) { a->user_name = in.Required("UserName"); }
std::string Resource(const ListGroupsForUser& a, const Caller& c) {
  return UserResource(c.account_id, a.user_name);
}
StatusOr<Json> Run(const Directory& d, const ListGroupsForUser& a, const Caller& c) {
  const identity::User* user = d.FindUser(c.account_id, a.user_name);
  if (user == nullptr) return UserNotFound(a.user_name);
  Json groups = Json::array();
  for (const std::string& name : user->groups) {
    const identity::Group* group = d.FindGroup(c.account_id, name);
    if (group == nullptr) continue;  // cannot happen: membership is kept on both sides
    auto joined = group->join_times.find(a.user_name);
    groups.push_back(Json{
        {"GroupName", group->name},
        {"GroupId", group->id},
        {"Comments", group->comments},
        {"JoinDate", FormatDate(joined != group->join_times.end() ? joined->second : 0)}});
  }
  return Json{{"Groups", {{"Group", std::move(groups)}}}};
}

struct ListUsersForGroup : GroupArgs {
  static constexpr std::string_view kName = "ListUsersForGroup";
  Paging paging;
};
void ReadArgs(ParamReader& in, ListUsersForGroup* a) {
  ReadArgs(in, static_cast<GroupArgs*>(a));
  ReadPaging(in, &a->paging);
}
StatusOr<Json> Run(const Directory& d, const ListUsersForGroup& a, const Caller& c) {
  const identity::Group* group = d.FindGroup(c.account_id, a.group_name);
  if (group == nullptr) return GroupNotFound(a.group_name);
  return PagedList(
      group->members, a.paging, [](const std::string& name) { return name; }, "Users", "User",
      [&](const std::string& name) {
        const identity::User* user = d.FindUser(c.account_id, name);
        auto joined = group->join_times.find(name);
        return Json{
            {"UserName", name},
            {"DisplayName", user != nullptr ? user->display_name : name},
            {"JoinDate", FormatDate(joined != group->join_times.end() ? joined->second : 0)}};
      });
}

const Operation kGroupOperations[] = {
    WriteOp<CreateGroup>(),         ReadOp<GetGroup>(),
    WriteOp<UpdateGroup>(),         WriteOp<DeleteGroup>(),
    ReadOp<ListGroups>(),           WriteOp<AddUserToGroup>(),
    WriteOp<RemoveUserFromGroup>(), ReadOp<ListGroupsForUser>(),
    ReadOp<ListUsersForGroup>(),
};

}  // namespace

std::span<const Operation> GroupOperations() { return kGroupOperations; }

}  // namespace paiam::api::internal::ram
