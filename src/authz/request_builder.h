// paiam/authz — internal: builds request parts on the stack (ARNs, the asset context keys), so
// that the check path can form an asset's ARN or a role's canonical ARN without allocating.
// Not a public interface. Depends on: catalog (class keys), policy (context), workspace (paths).
#ifndef PAIAM_AUTHZ_REQUEST_BUILDER_H_
#define PAIAM_AUTHZ_REQUEST_BUILDER_H_

#include <array>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "catalog/asset_class.h"
#include "policy/condition.h"
#include "workspace/asset_types.h"

namespace paiam::authz::internal {

// A fixed buffer; ok() turns false (and stays false) when something did not fit. Asset ids are
// at most 128 characters, so real ARNs fit with room to spare.
class ArnWriter {
 public:
  ArnWriter& Append(std::string_view text) {
    if (!ok_ || text.size() > buffer_.size() - size_) {
      ok_ = false;
      return *this;
    }
    if (!text.empty()) std::memcpy(buffer_.data() + size_, text.data(), text.size());
    size_ += text.size();
    return *this;
  }
  ArnWriter& AppendLower(std::string_view text) {
    size_t start = size_;
    Append(text);
    for (size_t i = start; ok_ && i < size_; ++i) {
      char c = buffer_[i];
      if (c >= 'A' && c <= 'Z') buffer_[i] = static_cast<char>(c + 32);
    }
    return *this;
  }
  // Appends a resource path, replacing its {placeholders} by `values` in order ("*" once they
  // run out): "model/{modelId}/modelVersion/{versionName}" with {"m1", "v2"}.
  ArnWriter& AppendPath(std::string_view path, std::initializer_list<std::string_view> values) {
    const std::string_view* next = values.begin();
    while (!path.empty()) {
      size_t open = path.find('{');
      Append(path.substr(0, open));
      if (open == std::string_view::npos) break;
      size_t close = path.find('}', open);
      Append(next != values.end() ? *next++ : std::string_view("*"));
      if (close == std::string_view::npos) break;
      path.remove_prefix(close + 1);
    }
    return *this;
  }

  bool ok() const { return ok_; }
  std::string_view view() const { return {buffer_.data(), size_}; }

 private:
  std::array<char, 1024> buffer_;
  size_t size_ = 0;
  bool ok_ = true;
};

// acs:<ram-code>:<region>:<account>:workspace/<workspace>/<type path filled with values>.
inline void WriteAssetArn(ArnWriter& out, std::string_view ram_code, std::string_view region,
                          std::string_view account, std::string_view workspace,
                          workspace::AssetType type, std::string_view parent_id,
                          std::string_view id) {
  out.Append("acs:").AppendLower(ram_code).Append(":").Append(region).Append(":");
  out.Append(account).Append(":workspace/").Append(workspace).Append("/");
  const workspace::AssetTypeInfo& info = workspace::Info(type);
  if (info.parent.has_value()) {
    out.AppendPath(info.path, {parent_id, id});
  } else {
    out.AppendPath(info.path, {id});
  }
}

// "PaiDataset:GetDataset" -> "PaiDataset" (ARNs get it lowercased).
inline std::string_view RamCodeOf(std::string_view action) {
  return action.substr(0, action.find(':'));
}

// The request context of a class plus the caller's extra keys, on the stack.
class AssetContext {
 public:
  AssetContext(catalog::AssetClass c, policy::RequestContext extra) {
    entries_[0] = {catalog::kAccessibilityKey, catalog::AccessibilityValue(c)};
    entries_[1] = {catalog::kEntityAccessTypeKey, catalog::EntityAccessTypeValue(c)};
    size_ = 2;
    for (const policy::ContextEntry& e : extra) {
      if (e.key == catalog::kAccessibilityKey || e.key == catalog::kEntityAccessTypeKey) continue;
      if (size_ == entries_.size()) {  // more keys than any real request carries
        ok_ = false;                   // fail closed: a dropped key could disarm a Deny's condition
        break;
      }
      entries_[size_++] = e;
    }
  }
  bool ok() const { return ok_; }
  policy::RequestContext view() const { return {entries_.data(), size_}; }

 private:
  std::array<policy::ContextEntry, 64> entries_;
  size_t size_ = 0;
  bool ok_ = true;
};

}  // namespace paiam::authz::internal

#endif  // PAIAM_AUTHZ_REQUEST_BUILDER_H_
