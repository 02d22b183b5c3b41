// The AIWorkSpace ROA router (src/api/roa_routes.h): every route names an existing operation and
// is reached by its method and path with percent-encoded path parameters; query and body merge
// into the parameters; duplicates, unknown paths, wrong methods and malformed input each have
// their error code.
#include "api/roa_routes.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace paiam::api {
namespace {

// The route's pattern with every {Name} replaced by "<Name> 1/x" percent-encoded: a space and a
// slash inside a parameter must survive routing.
std::string Instantiate(std::string_view pattern) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      out += std::string(pattern.substr(i + 1, close - i - 1)) + "%201%2Fx";
      i = close + 1;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

std::string RuleOf(const StatusOr<RoaMatch>& m) { return m.ok() ? "ok" : m.status().rule(); }

// Routes whose operation another component provides and may not have landed yet; each answers
// InvalidAction.NotFound until it does (RouteToAMissingOperationIsNotFound).
bool MayBeMissing(std::string_view operation) { return operation == "ListProducts"; }

TEST(RoaRoutesTest, EveryRouteNamesAnExistingPublicOperation) {
  ASSERT_GE(RoaRoutes().size(), 80u);
  for (const RoaRoute& route : RoaRoutes()) {
    const Operation* op = FindOperation(route.operation);
    if (op == nullptr && MayBeMissing(route.operation)) continue;
    ASSERT_NE(op, nullptr) << route.operation;
    EXPECT_FALSE(op->internal) << route.operation;
    // Reads are GET; everything else writes.
    EXPECT_EQ(op->writes, route.method != "GET") << route.method << " " << route.pattern;
  }
}

TEST(RoaRoutesTest, EveryAiWorkspaceOperationHasExactlyOneRoute) {
  std::multiset<std::string_view> routed;
  for (const RoaRoute& route : RoaRoutes()) routed.insert(route.operation);
  for (const char* name :
       {"CreateWorkspace", "GetWorkspace", "UpdateWorkspace", "DeleteWorkspace", "ListWorkspaces",
        "CreateDefaultWorkspace", "GetDefaultWorkspace", "UpdateDefaultWorkspace", "CreateMember",
        "DeleteMembers", "GetMember", "ListMembers", "AddMemberRole", "RemoveMemberRole",
        "CreateWorkspaceRole", "GetWorkspaceRole", "UpdateWorkspaceRole", "DeleteWorkspaceRoles",
        "ListWorkspaceRoles", "CreateWorkspaceResource", "ListResources",
        "DeleteWorkspaceResource", "ListConfigs", "UpdateConfigs", "DeleteConfig",
        "CreateDataset", "ListDatasets", "GetDataset", "DeleteDataset", "PublishDataset",
        "CreateModel", "ListModels", "GetModel", "DeleteModel", "CreateCodeSource",
        "ListCodeSources", "GetCodeSource", "DeleteCodeSource", "PublishCodeSource", "AddImage",
        "ListImages", "GetImage", "RemoveImage", "PublishImage", "UpdateWorkspaceResource",
        "GetConfig", "UpdateConfig", "ListPermissions", "GetPermission", "ListWorkspaceUsers",
        "ListOperationLogs", "ListProducts", "UpdateDataset", "CreateDatasetLabels",
        "DeleteDatasetLabels", "CreateDatasetVersion", "ListDatasetVersions", "GetDatasetVersion",
        "UpdateDatasetVersion", "DeleteDatasetVersion", "CreateDatasetVersionLabels",
        "DeleteDatasetVersionLabels", "UpdateModel", "PublishModel", "CreateModelLabels",
        "DeleteModelLabels", "CreateModelVersion", "ListModelVersions", "GetModelVersion",
        "UpdateModelVersion", "DeleteModelVersion", "CreateModelVersionLabels",
        "DeleteModelVersionLabels", "AddImageLabels", "RemoveImageLabels", "ListImageLabels",
        "CreateExperiment", "ListExperiments", "GetExperiment", "UpdateExperiment",
        "DeleteExperiment", "SetExperimentLabels", "DeleteExperimentLabel"}) {
    EXPECT_EQ(routed.count(name), 1u) << name;
  }
}

TEST(RoaRoutesTest, EveryRouteMatchesWithDecodedPathParameters) {
  for (const RoaRoute& route : RoaRoutes()) {
    if (FindOperation(route.operation) == nullptr && MayBeMissing(route.operation)) continue;
    std::string path = Instantiate(route.pattern);
    auto m = MatchRoa(route.method, path, "", "");
    ASSERT_TRUE(m.ok()) << route.method << " " << path << ": " << m.status().ToString();
    EXPECT_EQ(m->op->name, route.operation) << route.method << " " << path;
    size_t placeholders = 0;
    for (size_t at = route.pattern.find('{'); at != std::string_view::npos;
         at = route.pattern.find('{', at + 1)) {
      size_t close = route.pattern.find('}', at);
      std::string name(route.pattern.substr(at + 1, close - at - 1));
      ASSERT_TRUE(m->params.contains(name)) << path << " lacks " << name;
      EXPECT_EQ(m->params[name], name + " 1/x") << path;
      ++placeholders;
    }
    EXPECT_EQ(m->params.size(), placeholders) << path;
  }
}

TEST(RoaRoutesTest, ExampleRoutes) {
  auto m = MatchRoa("POST", "/api/v1/workspaces/12%203/members/12%203-u%2B1/roles/PAI.AlgoDeveloper",
                    "", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->op->name, "AddMemberRole");
  EXPECT_EQ(m->params, (Json{{"WorkspaceId", "12 3"},
                             {"MemberId", "12 3-u+1"},
                             {"RoleName", "PAI.AlgoDeveloper"}}));

  m = MatchRoa("GET", "/api/v1/workspaces/42/member", "UserId=u%201", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->op->name, "GetMember");
  EXPECT_EQ(m->params, (Json{{"WorkspaceId", "42"}, {"UserId", "u 1"}}));

  m = MatchRoa("POST", "/api/v1/workspaces/42/roles/action/delete", "", R"({"RoleIds":["r1"]})");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->op->name, "DeleteWorkspaceRoles");

  m = MatchRoa("GET", "/api/v1/workspaces/42/roles/action", "", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->op->name, "GetWorkspaceRole");
  EXPECT_EQ(m->params["RoleId"], "action");
}

TEST(RoaRoutesTest, QueryAndBodyMergeIntoParameters) {
  auto m = MatchRoa("GET", "/api/v1/workspaces", "PageSize=5&WorkspaceIds=1%2C2&Verbose=true", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->op->name, "ListWorkspaces");
  EXPECT_EQ(m->params, (Json{{"PageSize", "5"}, {"WorkspaceIds", "1,2"}, {"Verbose", "true"}}));

  // '+' in the query is a plus, not a space (the SDK encodes a space as %20).
  m = MatchRoa("GET", "/api/v1/workspaces/7/members", "MemberName=a+b%20c", "");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->params["MemberName"], "a+b c");

  m = MatchRoa("POST", "/api/v1/workspaces/7/members", "Extra=1",
               R"({"Members":[{"UserId":"u1","Roles":["PAI.AlgoDeveloper"]}]})");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->op->name, "CreateMember");
  EXPECT_EQ(m->params["WorkspaceId"], "7");
  EXPECT_EQ(m->params["Extra"], "1");
  ASSERT_TRUE(m->params["Members"].is_array());
  EXPECT_EQ(m->params["Members"][0]["UserId"], "u1");

  // Body values keep their JSON types.
  m = MatchRoa("POST", "/api/v1/workspaces", "",
               R"({"WorkspaceName":"ws1","EnvTypes":["prod"],"Description":"d"})");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->params["EnvTypes"].is_array());
}

TEST(RoaRoutesTest, AKeyGivenTwiceIsRefused) {
  // path and query
  EXPECT_EQ(RuleOf(MatchRoa("GET", "/api/v1/workspaces/7", "WorkspaceId=8", "")),
            "InvalidParameter.WorkspaceId");
  // query twice
  EXPECT_EQ(RuleOf(MatchRoa("GET", "/api/v1/workspaces", "PageSize=1&PageSize=2", "")),
            "InvalidParameter.PageSize");
  // query and body
  EXPECT_EQ(RuleOf(MatchRoa("PUT", "/api/v1/workspaces/7", "Description=a",
                            R"({"Description":"b"})")),
            "InvalidParameter.Description");
  // path and body, even with the same value
  EXPECT_EQ(RuleOf(MatchRoa("PUT", "/api/v1/workspaces/7", "", R"({"WorkspaceId":"7"})")),
            "InvalidParameter.WorkspaceId");
}

TEST(RoaRoutesTest, RouteToAMissingOperationIsNotFound) {
  auto m = MatchRoa("GET", "/api/v1/products", "", "");
  if (FindOperation("ListProducts") != nullptr) {
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(m->op->name, "ListProducts");
    return;
  }
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().rule(), "InvalidAction.NotFound");
  EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
}

TEST(RoaRoutesTest, ExampleSubResourceRoutes) {
  auto m = MatchRoa("DELETE", "/api/v1/images/img-1/labels/team%20a", "", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->op->name, "RemoveImageLabels");
  EXPECT_EQ(m->params, (Json{{"ImageId", "img-1"}, {"LabelKey", "team a"}}));
  m = MatchRoa("PUT", "/api/v1/datasets/d1/versions/v2/labels", "", R"({"Labels":[]})");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->op->name, "CreateDatasetVersionLabels");
  EXPECT_EQ(m->params["VersionName"], "v2");
  m = MatchRoa("GET", "/api/v1/image/labels", "WorkspaceId=7", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->op->name, "ListImageLabels");
}

TEST(RoaRoutesTest, UnknownPathIsNotFound) {
  for (const char* path : {"/api/v1/nothing", "/api/v1/workspaces/7/permissions/a/b",
                           "/api/v1/workspaces//members", "/api/v1/workspaces/",
                           "/api/v1/workspaces/7/members/m/roles", "/api/v1"}) {
    auto m = MatchRoa("GET", path, "", "");
    ASSERT_FALSE(m.ok()) << path;
    EXPECT_EQ(m.status().rule(), "InvalidAction.NotFound") << path;
    EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
  }
}

TEST(RoaRoutesTest, KnownPathWithWrongMethodIsMethodNotAllowed) {
  for (auto [method, path] : {std::pair{"PATCH", "/api/v1/workspaces/7"},
                              std::pair{"POST", "/api/v1/workspaces/7/member"},
                              std::pair{"GET", "/api/v1/workspaces/7/roles/action/delete"},
                              std::pair{"get", "/api/v1/workspaces"},
                              std::pair{"DELETE", "/api/v1/resources"}}) {
    auto m = MatchRoa(method, path, "", "");
    ASSERT_FALSE(m.ok()) << method << " " << path;
    EXPECT_EQ(m.status().rule(), "InvalidAction.MethodNotAllowed") << method << " " << path;
    EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
  }
}

TEST(RoaRoutesTest, MalformedInputHasItsCode) {
  EXPECT_EQ(RuleOf(MatchRoa("GET", "/api/v1/workspaces/7%zz", "", "")), "InvalidParameter.Path");
  EXPECT_EQ(RuleOf(MatchRoa("GET", "/api/v1/workspaces/7", "Verbose=%G1", "")),
            "InvalidParameter.QueryString");
  EXPECT_EQ(RuleOf(MatchRoa("POST", "/api/v1/workspaces", "", "{not json")),
            "InvalidParameter.Body");
  EXPECT_EQ(RuleOf(MatchRoa("POST", "/api/v1/workspaces", "", "[1,2]")), "InvalidParameter.Body");
  // A body is only parsed once the route is known: the route error comes first.
  EXPECT_EQ(RuleOf(MatchRoa("POST", "/api/v1/nothing", "", "{not json")),
            "InvalidAction.NotFound");
}

}  // namespace
}  // namespace paiam::api
