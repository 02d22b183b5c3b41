// paiam/catalog — loading and validating data/products.json (products.h).
//
// Validation is strict and names the entry: unknown keys are refused (a misspelt "feature"
// would otherwise silently mean "every feature"), every reference (a dependency's product,
// "through", features, service roles, a trial's product and module) must resolve, and codes
// and names are unique. An indirect dependency must say through which of the module's
// dependencies it is needed; a direct one must not.
#include "catalog/products.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "base/embedded_data.h"
#include "catalog/text.h"

namespace paiam::catalog {

using internal::AsciiLower;
using internal::EqualsIgnoreCase;

namespace {

struct ProductTables {
  std::vector<Product> products;
  std::vector<ServiceRole> service_roles;
  std::vector<Module> modules;
  std::vector<Trial> trials;
};

}  // namespace

struct Products::Tables : ProductTables {};

namespace {

using nlohmann::json;

// Reads one JSON object's fields; the first problem is kept, prefixed with `where`.
class Fields {
 public:
  Fields(const json& object, std::string where) : object_(object), where_(std::move(where)) {
    if (!object_.is_object()) Fail("must be an object");
  }

  std::string Str(const char* key, bool required = true) {
    seen_.insert(key);
    if (!error_.empty() || !object_.is_object()) return {};
    auto it = object_.find(key);
    if (it == object_.end()) {
      if (required) Fail(std::string("missing \"") + key + "\"");
      return {};
    }
    if (!it->is_string()) {
      Fail(std::string("\"") + key + "\" must be a string");
      return {};
    }
    std::string value = it->get<std::string>();
    if (required && value.empty()) Fail(std::string("\"") + key + "\" must not be empty");
    return value;
  }

  std::vector<std::string> Strings(const char* key) {
    seen_.insert(key);
    std::vector<std::string> out;
    if (!error_.empty() || !object_.is_object()) return out;
    auto it = object_.find(key);
    if (it == object_.end()) return out;
    if (!it->is_array()) {
      Fail(std::string("\"") + key + "\" must be an array of strings");
      return out;
    }
    for (const json& item : *it) {
      if (!item.is_string() || item.get<std::string>().empty()) {
        Fail(std::string("\"") + key + "\" must hold non-empty strings");
        return {};
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  const json* Array(const char* key) {
    seen_.insert(key);
    if (!error_.empty() || !object_.is_object()) return nullptr;
    auto it = object_.find(key);
    if (it == object_.end()) return nullptr;
    if (!it->is_array()) {
      Fail(std::string("\"") + key + "\" must be an array");
      return nullptr;
    }
    return &*it;
  }

  void Fail(const std::string& what) {
    if (error_.empty()) error_ = where_ + ": " + what;
  }

  // The first problem, including keys nobody asked for; empty when none.
  std::string Finish() {
    if (error_.empty() && object_.is_object()) {
      for (const auto& [key, value] : object_.items()) {
        if (!seen_.contains(key)) Fail("unknown key \"" + key + "\"");
      }
    }
    return error_;
  }

 private:
  const json& object_;
  std::string where_;
  std::set<std::string, std::less<>> seen_;
  std::string error_;
};

bool ValidRoleName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// "code:Name" whose code is `ram_code` (case-insensitive).
bool ActionOfCode(std::string_view action, std::string_view ram_code) {
  size_t colon = action.find(':');
  return colon != std::string_view::npos && colon + 1 < action.size() &&
         EqualsIgnoreCase(action.substr(0, colon), ram_code);
}

template <typename T, typename Key>
const T* FindIn(const std::vector<T>& items, Key key) {
  for (const T& item : items) {
    if (key(item)) return &item;
  }
  return nullptr;
}

class Loader {
 public:
  explicit Loader(std::string_view file) : file_(file) {}

  std::string Load(const json& doc, ProductTables* t) {
    t_ = t;
    Fields top(doc, file_);
    const json* products = top.Array("products");
    const json* roles = top.Array("service_roles");
    const json* modules = top.Array("modules");
    const json* trials = top.Array("trials");
    if (std::string e = top.Finish(); !e.empty()) return e;
    if (products == nullptr || modules == nullptr) {
      return file_ + ": \"products\" and \"modules\" are required";
    }
    for (size_t i = 0; i < products->size(); ++i) {
      if (std::string e = LoadProduct((*products)[i], i); !e.empty()) return e;
    }
    for (size_t i = 0; roles != nullptr && i < roles->size(); ++i) {
      if (std::string e = LoadRole((*roles)[i], i); !e.empty()) return e;
    }
    for (size_t i = 0; i < modules->size(); ++i) {
      if (std::string e = LoadModule((*modules)[i], i); !e.empty()) return e;
    }
    for (size_t i = 0; trials != nullptr && i < trials->size(); ++i) {
      if (std::string e = LoadTrial((*trials)[i], i); !e.empty()) return e;
    }
    return {};
  }

 private:
  // The entry's name when it has one, else its index: "OSS" or "3".
  static std::string Label(size_t index, const json& item, const char* key) {
    if (item.is_object() && item.contains(key) && item[key].is_string() &&
        !item[key].get<std::string>().empty()) {
      return item[key].get<std::string>();
    }
    return std::to_string(index);
  }
  // "products.json: products[OSS]"
  std::string Where(const char* list, size_t index, const json& item, const char* key) {
    return file_ + ": " + list + "[" + Label(index, item, key) + "]";
  }

  const Product* FindProduct(std::string_view code) const {
    return FindIn(t_->products, [&](const Product& p) { return EqualsIgnoreCase(p.code, code); });
  }

  std::string LoadProduct(const json& item, size_t index) {
    Fields f(item, Where("products", index, item, "code"));
    Product p;
    p.code = f.Str("code");
    p.name = f.Str("name");
    p.ram_code = f.Str("ram_code");
    p.activation_action = f.Str("activation_action");
    p.full_access_policy = f.Str("full_access_policy");
    std::string kind = f.Str("list_kind");
    p.list_code = f.Str("list_code");
    p.source = f.Str("source");
    if (std::string e = f.Finish(); !e.empty()) return e;
    if (kind == "product") {
      p.list_kind = ListKind::kProduct;
    } else if (kind == "service") {
      p.list_kind = ListKind::kService;
    } else {
      f.Fail("\"list_kind\" must be \"product\" or \"service\", got \"" + kind + "\"");
    }
    if (p.ram_code != AsciiLower(p.ram_code)) f.Fail("\"ram_code\" must be lowercase");
    if (!ActionOfCode(p.activation_action, p.ram_code)) {
      f.Fail("\"activation_action\" must be \"" + p.ram_code + ":<Name>\", got \"" +
             p.activation_action + "\"");
    }
    for (const Product& other : t_->products) {
      if (EqualsIgnoreCase(other.code, p.code) || EqualsIgnoreCase(other.list_code, p.code) ||
          EqualsIgnoreCase(other.code, p.list_code) ||
          EqualsIgnoreCase(other.list_code, p.list_code)) {
        f.Fail("code or list_code repeats product " + other.code);
        break;
      }
    }
    if (std::string e = f.Finish(); !e.empty()) return e;
    t_->products.push_back(std::move(p));
    return {};
  }

  std::string LoadRole(const json& item, size_t index) {
    Fields f(item, Where("service_roles", index, item, "name"));
    ServiceRole r;
    r.name = f.Str("name");
    r.service = f.Str("service");
    r.policy = f.Str("policy");
    r.description = f.Str("description");
    r.source = f.Str("source");
    if (std::string e = f.Finish(); !e.empty()) return e;
    if (!ValidRoleName(r.name)) f.Fail("\"name\" must be 1-64 of [A-Za-z0-9.-]");
    if (!r.service.ends_with(".aliyuncs.com")) {
      f.Fail("\"service\" must be a service principal <name>.aliyuncs.com, got \"" + r.service +
             "\"");
    }
    if (FindIn(t_->service_roles, [&](const ServiceRole& o) { return o.name == r.name; })) {
      f.Fail("repeats an earlier service role");
    }
    if (std::string e = f.Finish(); !e.empty()) return e;
    t_->service_roles.push_back(std::move(r));
    return {};
  }

  bool KnownRole(std::string_view name) const {
    return FindIn(t_->service_roles, [&](const ServiceRole& o) { return o.name == name; });
  }

  std::string LoadDependency(const json& item, size_t index, Module& m,
                             const std::string& module_where) {
    Fields f(item, module_where + ".dependencies[" + Label(index, item, "product") + "]");
    Dependency d;
    d.product = f.Str("product");
    std::string kind = f.Str("kind");
    d.through = f.Str("through", false);
    d.features = f.Strings("features");
    d.service_role = f.Str("service_role", false);
    d.source = f.Str("source");
    if (std::string e = f.Finish(); !e.empty()) return e;
    const Product* product = FindProduct(d.product);
    if (product == nullptr) f.Fail("unknown product \"" + d.product + "\"");
    if (product != nullptr) d.product = product->code;
    if (kind == "direct") {
      d.kind = DependencyKind::kDirect;
      if (!d.through.empty()) f.Fail("a direct dependency has no \"through\"");
    } else if (kind == "indirect") {
      d.kind = DependencyKind::kIndirect;
      if (d.through.empty()) f.Fail("an indirect dependency needs \"through\"");
    } else {
      f.Fail("\"kind\" must be \"direct\" or \"indirect\", got \"" + kind + "\"");
    }
    for (const std::string& feature : d.features) {
      bool known = false;
      for (const std::string& have : m.features) known |= have == feature;
      if (!known) f.Fail("feature \"" + feature + "\" is not a feature of the module");
    }
    if (!d.service_role.empty() && !KnownRole(d.service_role)) {
      f.Fail("unknown service role \"" + d.service_role + "\"");
    }
    for (const Dependency& other : m.dependencies) {
      if (other.product == d.product) f.Fail("repeats product " + d.product);
    }
    if (std::string e = f.Finish(); !e.empty()) return e;
    m.dependencies.push_back(std::move(d));
    return {};
  }

  std::string LoadModule(const json& item, size_t index) {
    const std::string where = Where("modules", index, item, "name");
    Fields f(item, where);
    Module m;
    m.name = f.Str("name");
    m.description = f.Str("description");
    m.features = f.Strings("features");
    m.service_roles = f.Strings("service_roles");
    const json* deps = f.Array("dependencies");
    m.source = f.Str("source");
    if (std::string e = f.Finish(); !e.empty()) return e;
    if (FindIn(t_->modules, [&](const Module& o) { return EqualsIgnoreCase(o.name, m.name); })) {
      f.Fail("repeats an earlier module");
    }
    for (const std::string& role : m.service_roles) {
      if (!KnownRole(role)) f.Fail("unknown service role \"" + role + "\"");
    }
    if (std::string e = f.Finish(); !e.empty()) return e;
    for (size_t i = 0; deps != nullptr && i < deps->size(); ++i) {
      if (std::string e = LoadDependency((*deps)[i], i, m, where); !e.empty()) return e;
    }
    // "through" must name a dependency of the same module, checked once all are read.
    for (Dependency& d : m.dependencies) {
      if (d.kind != DependencyKind::kIndirect) continue;
      const Product* through = FindProduct(d.through);
      bool listed = false;
      for (const Dependency& o : m.dependencies) {
        listed |= through != nullptr && o.product == through->code && &o != &d;
      }
      if (!listed) {
        return where + ".dependencies[" + d.product + "]: \"through\" names " + d.through +
               ", which is not a dependency of the module";
      }
      d.through = through->code;
    }
    t_->modules.push_back(std::move(m));
    return {};
  }

  std::string LoadTrial(const json& item, size_t index) {
    Fields f(item, Where("trials", index, item, "kind"));
    Trial t;
    t.kind = f.Str("kind");
    t.name = f.Str("name");
    t.product = f.Str("product");
    t.module = f.Str("module", false);
    t.action = f.Str("action");
    t.source = f.Str("source");
    if (std::string e = f.Finish(); !e.empty()) return e;
    const Product* product = FindProduct(t.product);
    if (product == nullptr) f.Fail("unknown product \"" + t.product + "\"");
    if (product != nullptr) t.product = product->code;
    if (!t.module.empty() &&
        !FindIn(t_->modules, [&](const Module& o) { return o.name == t.module; })) {
      f.Fail("unknown module \"" + t.module + "\"");
    }
    if (t.action.find(':') == std::string::npos) f.Fail("\"action\" must be \"code:Name\"");
    if (FindIn(t_->trials, [&](const Trial& o) { return EqualsIgnoreCase(o.kind, t.kind); })) {
      f.Fail("repeats an earlier trial");
    }
    if (std::string e = f.Finish(); !e.empty()) return e;
    t_->trials.push_back(std::move(t));
    return {};
  }

  std::string file_;
  ProductTables* t_ = nullptr;
};

Status BadProducts(std::string message) {
  return Status(StatusCode::kInvalidArgument, "catalog.bad-products", std::move(message));
}

}  // namespace

std::string_view DependencyKindName(DependencyKind kind) {
  return kind == DependencyKind::kDirect ? "Direct" : "Indirect";
}

StatusOr<Products> Products::FromJson(std::string_view text, std::string_view file_name) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return BadProducts(std::string(file_name) + ": not valid JSON");
  }
  auto tables = std::make_shared<Tables>();
  if (std::string e = Loader(file_name).Load(doc, tables.get()); !e.empty()) {
    return BadProducts(std::move(e));
  }
  return Products(std::move(tables));
}

const Products& Products::BuiltIn() {
  static const Products* const built_in = [] {
    std::optional<std::string_view> text = EmbeddedData("products.json");
    StatusOr<Products> loaded =
        text ? FromJson(*text) : StatusOr<Products>(BadProducts("products.json: not embedded"));
    if (!loaded.ok()) {
      std::fprintf(stderr, "paiam: built-in products: %s\n", loaded.status().ToString().c_str());
      std::abort();
    }
    return new Products(std::move(loaded).value());
  }();
  return *built_in;
}

std::span<const Product> Products::products() const { return tables_->products; }
std::span<const ServiceRole> Products::service_roles() const { return tables_->service_roles; }
std::span<const Module> Products::modules() const { return tables_->modules; }
std::span<const Trial> Products::trials() const { return tables_->trials; }

const Product* Products::FindProduct(std::string_view code) const {
  return FindIn(tables_->products, [&](const Product& p) {
    return EqualsIgnoreCase(p.code, code) || EqualsIgnoreCase(p.list_code, code);
  });
}

const ServiceRole* Products::FindServiceRole(std::string_view name) const {
  return FindIn(tables_->service_roles, [&](const ServiceRole& r) { return r.name == name; });
}

const Module* Products::FindModule(std::string_view name) const {
  return FindIn(tables_->modules, [&](const Module& m) { return EqualsIgnoreCase(m.name, name); });
}

const Trial* Products::FindTrial(std::string_view kind) const {
  return FindIn(tables_->trials, [&](const Trial& t) { return EqualsIgnoreCase(t.kind, kind); });
}

std::vector<const ServiceRole*> Products::RolesOf(const Module& module) const {
  std::vector<const ServiceRole*> out;
  auto add = [&](std::string_view name) {
    const ServiceRole* role = FindServiceRole(name);
    if (role == nullptr) return;
    for (const ServiceRole* have : out) {
      if (have == role) return;
    }
    out.push_back(role);
  };
  for (const std::string& name : module.service_roles) add(name);
  for (const Dependency& d : module.dependencies) {
    if (!d.service_role.empty()) add(d.service_role);
  }
  return out;
}

std::vector<const ServiceRole*> Products::RolesFor(const Module& module,
                                                   const Dependency& dependency) const {
  std::vector<const ServiceRole*> out;
  if (!dependency.service_role.empty()) {
    if (const ServiceRole* role = FindServiceRole(dependency.service_role)) out.push_back(role);
    return out;
  }
  for (const std::string& name : module.service_roles) {
    if (const ServiceRole* role = FindServiceRole(name)) out.push_back(role);
  }
  return out;
}

std::string ServiceTrustPolicy(const ServiceRole& role) {
  nlohmann::json doc = {
      {"Version", "1"},
      {"Statement",
       {{{"Action", "sts:AssumeRole"},
         {"Effect", "Allow"},
         {"Principal", {{"Service", {role.service}}}}}}}};
  return doc.dump();
}

}  // namespace paiam::catalog
