// paiam/cli — the "Activate and Authorize" verbs against a running server (commands.h), each
// one operation of src/api/ops_activation.cc through POST /v1/ops/<Operation>:
//
//   products [--code CODE]...     ListProducts (Verbose): every product, activated or not
//   activate PRODUCT              ActivateProduct (root, or a RAM user whose policies allow the
//                                 product's activation action, e.g. AliyunPAIFullAccess)
//   authorize MODULE              AuthorizeModule: quick authorization (root only)
//   dependencies MODULE           GetModuleDependencies: "All cloud product dependencies"
//   trial claim compute|storage   ClaimFreeTrial (once per account)
//   trial list                    ListResourceCenter: the claimed trials
//
// Endpoint and credential flags, output and exit statuses as the client verbs
// (client_commands.cc, remote.h): a table or `Key: value` lines, or --json for the server's
// JSON; 0 success, 1 the server refused or could not be reached, 2 a usage error.
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/remote.h"
#include "cli/table.h"

namespace paiam::cli {
namespace {

using nlohmann::json;

struct Flags {
  RemoteFlags remote;
  bool json = false;
  std::string name;                // PRODUCT, MODULE or trial type
  std::vector<std::string> codes;  // products --code
};

void AddCommon(CLI::App* command, Flags* flags) {
  AddRemoteFlags(command, &flags->remote);
  command->add_flag("--json", flags->json, "Print the server's JSON answer instead of a table");
}

json RunOperation(const Flags& flags, const std::string& operation, const json& params) {
  RemoteClient client(ResolveRemoteSettings(flags.remote));
  return client.Post("/v1/ops/" + operation, params);
}

// Prints --json as is, else `table` (when given) or the generic rendering.
void Print(const Flags& flags, const json& result, const Table* table = nullptr) {
  if (flags.json) {
    std::printf("%s\n", result.dump().c_str());
  } else if (table != nullptr) {
    std::fputs(RenderTable(*table).c_str(), stdout);
  } else {
    std::fputs(RenderResult(result).c_str(), stdout);
  }
}

std::string Text(const json& item, const char* key) {
  auto it = item.find(key);
  return it == item.end() ? "" : CellText(*it);
}

std::string YesNo(const json& item, const char* key) {
  return item.value(key, false) ? "yes" : "no";
}

Table ProductsTable(const json& result) {
  Table t{{"Code", "Name", "Kind", "ListCode", "Activated", "ActivatedBy", "ActivateTime",
           "CanActivate", "FullAccessPolicy"},
          {}};
  for (const char* list : {"Products", "Services"}) {
    const bool product = std::string(list) == "Products";
    for (const json& p : result.value(list, json::array())) {
      t.rows.push_back({Text(p, "Code"), Text(p, "Name"), product ? "product" : "service",
                        Text(p, product ? "ProductCode" : "ServiceCode"),
                        YesNo(p, product ? "IsPurchased" : "IsOpen"), Text(p, "ActivatedBy"),
                        Text(p, "ActivateTime"), YesNo(p, "HasPermissionToActivate"),
                        Text(p, "FullAccessPolicy")});
    }
  }
  return t;
}

Table DependenciesTable(const json& result) {
  Table t{{"Product", "Type", "Through", "RequiredFor", "Activated", "Authorized", "NextStep"},
          {}};
  for (const json& d : result.value("Dependencies", json::array())) {
    std::string authorized = !d.value("AuthorizationRequired", false) ? "not needed"
                             : d.value("Authorized", false)          ? "yes"
                                                                     : "no";
    t.rows.push_back({Text(d, "ProductCode"), Text(d, "DependencyType"), Text(d, "Through"),
                      Text(d, "RequiredFor"), YesNo(d, "Activated"), authorized,
                      Text(d, "NextStep")});
  }
  return t;
}

void PrintDependencies(const Flags& flags, const json& result) {
  if (flags.json) return Print(flags, result);
  std::printf("Module: %s\n", Text(result, "ModuleName").c_str());
  for (const json& role : result.value("ServiceRoles", json::array())) {
    std::printf("Service role: %s (%s, policy %s)\n", Text(role, "RoleName").c_str(),
                role.value("Exists", false) ? "created" : "missing: run `paiam authorize`",
                Text(role, "PolicyName").c_str());
  }
  Table table = DependenciesTable(result);
  std::fputs(RenderTable(table, 60).c_str(), stdout);
}

Table TrialsTable(const json& result) {
  Table t{{"ResourceId", "TrialType", "Name", "ProductCode", "ClaimedBy", "ClaimTime"}, {}};
  for (const json& r : result.value("Resources", json::array())) {
    t.rows.push_back({Text(r, "ResourceId"), Text(r, "TrialType"), Text(r, "Name"),
                      Text(r, "ProductCode"), Text(r, "ClaimedBy"), Text(r, "ClaimTime")});
  }
  return t;
}

std::function<void()> Verb(int& exit_code, std::function<int()> body) {
  return [&exit_code, body = std::move(body)] { exit_code = RunRemote(body); };
}

void PrintAuthorized(const Flags& flags, const json& result) {
  if (flags.json) return Print(flags, result);
  std::printf("Module: %s\n", Text(result, "ModuleName").c_str());
  for (const json& role : result.value("CreatedRoles", json::array())) {
    std::printf("Created service role: %s\n", CellText(role).c_str());
  }
  for (const json& role : result.value("ExistingRoles", json::array())) {
    std::printf("Already there, left as is: %s\n", CellText(role).c_str());
  }
  if (result.contains("Revision")) std::printf("revision %s\n", Text(result, "Revision").c_str());
}

void PrintGeneric(const Flags& flags, const json& result) { Print(flags, result); }

using Printer = void (*)(const Flags&, const json&);

// A verb taking one positional name and sending it as `param` to `operation`.
void NamedVerb(CLI::App& parent, int& exit_code, const char* verb, const char* help,
               const char* positional, const char* positional_help, const char* operation,
               const char* param, Printer print = &PrintGeneric) {
  auto flags = std::make_shared<Flags>();
  CLI::App* c = parent.add_subcommand(verb, help);
  c->add_option(positional, flags->name, positional_help)->required();
  AddCommon(c, flags.get());
  std::string op = operation, key = param;
  c->callback(Verb(exit_code, [flags, op, key, print] {
    print(*flags, RunOperation(*flags, op, {{key, flags->name}}));
    return kExitOk;
  }));
}

}  // namespace

void RegisterActivationCommands(CLI::App& app, int& exit_code) {
  auto products = std::make_shared<Flags>();
  CLI::App* p = app.add_subcommand(
      "products", "List the cloud products, whether the account activated them and whether "
                  "you may (ListProducts)");
  p->add_option("--code", products->codes,
                "Only this product (code such as PAI or OSS, or a ListProducts code); "
                "repeatable");
  AddCommon(p, products.get());
  p->callback(Verb(exit_code, [products] {
    json params = {{"Verbose", true}};
    if (!products->codes.empty()) params["ProductCodes"] = products->codes;
    json result = RunOperation(*products, "ListProducts", params);
    Table table = ProductsTable(result);
    Print(*products, result, &table);
    return kExitOk;
  }));

  NamedVerb(app, exit_code, "activate",
            "Activate a product for the account (ActivateProduct): the root, or a RAM user "
            "whose policies allow the product's activation action (its ...FullAccess policy)",
            "PRODUCT", "Product code, e.g. PAI, OSS, SLS (see `paiam products`)",
            "ActivateProduct", "ProductCode");
  NamedVerb(app, exit_code, "authorize",
            "Quick authorization of a PAI module (AuthorizeModule): creates its missing service "
            "roles with their default policies; root only",
            "MODULE", "Module, e.g. LangStudio, Designer, DLC", "AuthorizeModule", "ModuleName",
            &PrintAuthorized);
  NamedVerb(app, exit_code, "dependencies",
            "The cloud products a module depends on, each with its activation and authorization "
            "status and next step (GetModuleDependencies)",
            "MODULE", "Module, e.g. LangStudio, Designer", "GetModuleDependencies", "ModuleName",
            &PrintDependencies);

  CLI::App* trial = app.add_subcommand("trial", "Free trials and the Resource Center");
  trial->require_subcommand(1);
  NamedVerb(*trial, exit_code, "claim",
            "Claim a free trial, once per account; the product (PAI) must be active "
            "(ClaimFreeTrial)",
            "TYPE", "compute (computing power) or storage (storage and traffic)",
            "ClaimFreeTrial", "TrialType");
  auto list = std::make_shared<Flags>();
  CLI::App* l = trial->add_subcommand(
      "list", "The Resource Center: the free trials the account claimed (ListResourceCenter)");
  AddCommon(l, list.get());
  l->callback(Verb(exit_code, [list] {
    json result = RunOperation(*list, "ListResourceCenter", json::object());
    Table table = TrialsTable(result);
    Print(*list, result, &table);
    return kExitOk;
  }));
}

}  // namespace paiam::cli
