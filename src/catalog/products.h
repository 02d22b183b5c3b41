// paiam/catalog — the "Activate and Authorize" plane as data: cloud products, PAI modules and
// the products each module (and feature) depends on, the service roles quick authorization
// creates, and the free trials (data/products.json; data/README.md says where each fact comes
// from).
//
// Owns: loading and validating products.json. Knows nothing of any account's state (that is
// activation/); every answer comes from the loaded text, so operators can replace the data.
// May depend on: base (and nlohmann/json in the .cc).
//
// Products is immutable after loading and cheap to copy (it shares its tables); pointers it
// returns stay valid as long as any copy lives.
#ifndef PAIAM_CATALOG_PRODUCTS_H_
#define PAIAM_CATALOG_PRODUCTS_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace paiam::catalog {

// Where AIWorkSpace ListProducts reports a product: under Products (purchased) or Services
// (opened).
enum class ListKind : uint8_t { kProduct, kService };

struct Product {
  std::string code;               // "PAI", "OSS", "SLS": paiam's name, unique (case-insensitive)
  std::string name;               // "Object Storage Service (OSS)"
  std::string ram_code;           // "oss"
  std::string activation_action;  // "oss:OpenOssService": what activating it takes
  std::string full_access_policy; // the system policy that grants it, named in denials
  ListKind list_kind = ListKind::kProduct;
  std::string list_code;          // ListProducts ProductCode / ServiceCode: "PAI_isolate", "oss"
  std::string source;
};

// A RAM role a PAI service assumes, created by quick authorization.
struct ServiceRole {
  std::string name;         // "AliyunPAILangStudioDefaultRole"
  std::string service;      // trusted service principal, "pai.aliyuncs.com"
  std::string policy;       // its default (system) permission policy
  std::string description;
  std::string source;
};

enum class DependencyKind : uint8_t { kDirect, kIndirect };
std::string_view DependencyKindName(DependencyKind kind);  // "Direct" / "Indirect"

struct Dependency {
  std::string product;  // a Product code
  DependencyKind kind = DependencyKind::kDirect;
  std::string through;  // kIndirect: the product (a dependency of the same module) needing it
  // The module features that need it; empty: every feature.
  std::vector<std::string> features;
  // The role that authorizes PAI to use the product; empty: the module's service roles.
  std::string service_role;
  std::string source;
};

struct Module {
  std::string name;  // "LangStudio"
  std::string description;
  std::vector<std::string> features;
  std::vector<std::string> service_roles;  // ServiceRole names
  std::vector<Dependency> dependencies;    // one per product, in file order
  std::string source;
};

struct Trial {
  std::string kind;     // "compute", "storage"
  std::string name;     // "Free trial for computing power"
  std::string product;  // must be activated first
  std::string module;   // the module offering it (may be empty)
  std::string action;   // RAM action to claim it: "paiartlab:ClaimFreeTrial"
  std::string source;
};

class Products {
 public:
  // data/products.json as embedded in the binary. Loaded on first use; aborts with the data
  // error if it is invalid (a build defect that tests/catalog/products_test.cc catches first).
  static const Products& BuiltIn();

  // Parses and cross-checks the document. Errors are InvalidArgument with rule
  // "catalog.bad-products" and a message naming the file and the bad entry, e.g.
  // "products.json: modules[LangStudio].dependencies[SLS]: \"through\" names Foo, which is not
  // a dependency of the module".
  static StatusOr<Products> FromJson(std::string_view text,
                                     std::string_view file_name = "products.json");

  std::span<const Product> products() const;
  std::span<const ServiceRole> service_roles() const;
  std::span<const Module> modules() const;
  std::span<const Trial> trials() const;

  // By code or ListProducts code, case-insensitive; nullptr when unknown.
  const Product* FindProduct(std::string_view code) const;
  const ServiceRole* FindServiceRole(std::string_view name) const;  // exact name
  const Module* FindModule(std::string_view name) const;            // case-insensitive
  const Trial* FindTrial(std::string_view kind) const;              // case-insensitive

  // The roles quick authorization of `module` creates: the module's own, then each
  // dependency's, without repeats, in file order.
  std::vector<const ServiceRole*> RolesOf(const Module& module) const;
  // The roles that authorize `dependency` of `module`: its own role, else the module's roles
  // (empty: no authorization is needed).
  std::vector<const ServiceRole*> RolesFor(const Module& module,
                                           const Dependency& dependency) const;

 private:
  struct Tables;
  explicit Products(std::shared_ptr<const Tables> tables) : tables_(std::move(tables)) {}
  std::shared_ptr<const Tables> tables_;
};

// The trust policy of a service role: {"Version":"1","Statement":[{"Action":"sts:AssumeRole",
// "Effect":"Allow","Principal":{"Service":["<service>"]}}]}.
std::string ServiceTrustPolicy(const ServiceRole& role);

}  // namespace paiam::catalog

#endif  // PAIAM_CATALOG_PRODUCTS_H_
