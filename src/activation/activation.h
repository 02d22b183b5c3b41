// paiam/activation — each account's "Activate and Authorize" state (seeds 000, 001, 003): which
// products it activated (when, by whom), which modules it authorized (quick authorization),
// which free trials it claimed, and the rules over them.
//
//   Activate        refused when the product is already active
//                   (activation.product-already-activated): activating twice is a mistake
//                   worth telling, and the first activation's time and caller stay recorded.
//   Authorize       quick authorization: creates each missing service role of the module in
//                   the identity::Directory with its trust policy and attaches its default
//                   (system) policy; roles that exist are left alone (their policies may have
//                   been replaced on purpose, seed 003 Reference 1) and reported. Repeating it
//                   is harmless. Who may do it (root only) is the API layer's rule.
//   ClaimTrial      once per account and kind (activation.trial-already-claimed); the trial's
//                   product must be active first (activation.product-not-activated): seed 000
//                   claims the trial inside the activated platform.
//   Dependencies    per module dependency: activated, authorized (its service roles exist),
//                   and the next step of the console (Activate, Authorize, View authorization
//                   information).
// Unknown names are NotFound: activation.unknown-product, .unknown-module, .unknown-trial.
//
// Deterministic: every time is a parameter (the API's prepare stamps it), so replaying the
// change log rebuilds the same state. A value type like identity::Directory: a refused call
// leaves it (and the Directory) untouched.
// Depends on: catalog (products.h), identity (Directory), base.
#ifndef PAIAM_ACTIVATION_ACTIVATION_H_
#define PAIAM_ACTIVATION_ACTIVATION_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "catalog/products.h"
#include "identity/directory.h"

namespace paiam::activation {

struct ProductActivation {
  std::string product;  // Product code
  std::string by;       // caller ARN
  int64_t time_ms = 0;
};

struct ModuleAuthorization {
  std::string module;
  std::string by;
  int64_t time_ms = 0;  // the first authorization
};

struct TrialClaim {
  std::string kind;         // Trial kind
  std::string resource_id;  // "ft-<kind>-<account>": the Resource Center's id
  std::string by;
  int64_t time_ms = 0;
};

struct AccountActivation {
  std::map<std::string, ProductActivation, std::less<>> products;  // by code
  std::map<std::string, ModuleAuthorization, std::less<>> modules;  // by module name
  std::map<std::string, TrialClaim, std::less<>> trials;            // by kind
};

struct AuthorizeResult {
  std::vector<std::string> created;   // roles created now, with their default policy
  std::vector<std::string> existing;  // roles that were there already, left alone
};

enum class NextStep : uint8_t { kActivate, kAuthorize, kViewAuthorization };
// "Activate", "Authorize", "View authorization information"
std::string_view NextStepName(NextStep step);

struct DependencyStatus {
  const catalog::Dependency* dependency = nullptr;
  const catalog::Product* product = nullptr;
  bool activated = false;
  std::vector<const catalog::ServiceRole*> roles;  // the roles that authorize it
  std::vector<std::string> missing_roles;          // of those, the ones not created yet
  bool authorized() const { return missing_roles.empty(); }
  NextStep next = NextStep::kActivate;
};

class Activations {
 public:
  // Over the products of data/products.json.
  Activations() : Activations(catalog::Products::BuiltIn()) {}
  explicit Activations(const catalog::Products& products) : products_(products) {}

  const catalog::Products& products() const { return products_; }

  StatusOr<ProductActivation> Activate(std::string_view account_id, std::string_view product,
                                       std::string_view by, int64_t at_ms);
  // Changes `directory` and this state together, or neither.
  StatusOr<AuthorizeResult> Authorize(identity::Directory& directory,
                                      std::string_view account_id, std::string_view module,
                                      std::string_view by, int64_t at_ms);
  StatusOr<TrialClaim> ClaimTrial(std::string_view account_id, std::string_view kind,
                                  std::string_view by, int64_t at_ms);

  // nullptr when the account has done nothing yet.
  const AccountActivation* Find(std::string_view account_id) const;
  const ProductActivation* FindActivation(std::string_view account_id,
                                          std::string_view product) const;
  const ModuleAuthorization* FindAuthorization(std::string_view account_id,
                                               std::string_view module) const;

  StatusOr<std::vector<DependencyStatus>> Dependencies(const identity::Directory& directory,
                                                       std::string_view account_id,
                                                       std::string_view module) const;
  // The Resource Center: the account's claimed trials, in trial order of products.json.
  std::vector<TrialClaim> ResourceCenter(std::string_view account_id) const;

 private:
  catalog::Products products_;
  std::map<std::string, AccountActivation, std::less<>> accounts_;
};

}  // namespace paiam::activation

#endif  // PAIAM_ACTIVATION_ACTIVATION_H_
