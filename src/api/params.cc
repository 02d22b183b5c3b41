// paiam/api — ParamReader (params.h).
#include "api/params.h"

#include <charconv>

namespace paiam::api {

using nlohmann::json;

Status MissingParameter(std::string_view name) {
  return Status(StatusCode::kInvalidArgument, "MissingParameter." + std::string(name),
                "the parameter " + std::string(name) + " is required");
}

Status InvalidParameter(std::string_view name, std::string_view why) {
  return Status(StatusCode::kInvalidArgument, "InvalidParameter." + std::string(name),
                "the parameter " + std::string(name) + " " + std::string(why));
}

ParamReader::ParamReader(const json& params) : params_(params) {
  if (!params_.is_object()) {
    status_ = Status(StatusCode::kInvalidArgument, "InvalidParameter",
                     "the parameters must be a JSON object");
  }
}

void ParamReader::Fail(Status status) {
  if (status_.ok()) status_ = std::move(status);
}

const json* ParamReader::Lookup(std::string_view name, bool required) {
  seen_.emplace(name);
  if (!status_.ok()) return nullptr;
  auto it = params_.find(name);
  if (it == params_.end() || it->is_null()) {
    if (required) Fail(MissingParameter(name));
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ParamReader::AsString(std::string_view name, const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();  // ids sent as numbers
  Fail(InvalidParameter(name, "must be a string"));
  return std::nullopt;
}

std::string ParamReader::Required(std::string_view name) {
  const json* value = Lookup(name, true);
  if (value == nullptr) return {};
  std::optional<std::string> text = AsString(name, *value);
  if (text && text->empty()) {
    Fail(MissingParameter(name));
    return {};
  }
  return text.value_or(std::string());
}

std::optional<std::string> ParamReader::Optional(std::string_view name) {
  const json* value = Lookup(name, false);
  if (value == nullptr) return std::nullopt;
  return AsString(name, *value);
}

std::optional<bool> ParamReader::OptionalBool(std::string_view name) {
  const json* value = Lookup(name, false);
  if (value == nullptr) return std::nullopt;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string()) {
    const auto& text = value->get_ref<const std::string&>();
    if (text == "true") return true;
    if (text == "false") return false;
  }
  Fail(InvalidParameter(name, "must be true or false"));
  return std::nullopt;
}

std::optional<int64_t> ParamReader::OptionalInt(std::string_view name) {
  const json* value = Lookup(name, false);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) return value->get<int64_t>();
  if (value->is_string()) {
    const auto& text = value->get_ref<const std::string&>();
    int64_t parsed = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (error == std::errc() && end == text.data() + text.size() && !text.empty()) return parsed;
  }
  Fail(InvalidParameter(name, "must be an integer"));
  return std::nullopt;
}

const json* ParamReader::OptionalJson(std::string_view name) {
  const json* value = Lookup(name, false);
  if (value == nullptr || !value->is_string()) return value;
  const auto& text = value->get_ref<const std::string&>();
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !(parsed.is_object() || parsed.is_array())) {
    Fail(InvalidParameter(name, "must be a JSON object or array"));
    return nullptr;
  }
  parsed_.push_back(std::move(parsed));
  return &parsed_.back();
}

std::vector<std::string> ParamReader::OptionalList(std::string_view name) {
  const json* value = Lookup(name, false);
  std::vector<std::string> out;
  if (value == nullptr) return out;
  json array;
  if (value->is_array()) {
    array = *value;
  } else if (value->is_string()) {
    const auto& text = value->get_ref<const std::string&>();
    if (!text.empty() && text.front() == '[') {
      array = json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (!array.is_array()) {
        Fail(InvalidParameter(name, "must be a list of strings"));
        return out;
      }
    } else {
      array = json::array();
      size_t start = 0;
      while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        if (comma > start) array.push_back(text.substr(start, comma - start));
        start = comma + 1;
      }
    }
  } else {
    Fail(InvalidParameter(name, "must be a list of strings"));
    return out;
  }
  for (const json& item : array) {
    if (!item.is_string()) {
      Fail(InvalidParameter(name, "must be a list of strings"));
      return {};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<std::string> ParamReader::RequiredList(std::string_view name) {
  if (status_.ok() && (!params_.contains(name) || params_[std::string(name)].is_null())) {
    seen_.emplace(name);
    Fail(MissingParameter(name));
    return {};
  }
  std::vector<std::string> out = OptionalList(name);
  if (status_.ok() && out.empty()) Fail(MissingParameter(name));
  return out;
}

Status ParamReader::Finish() {
  if (!status_.ok()) return status_;
  for (const auto& [key, value] : params_.items()) {
    if (!seen_.contains(key)) return InvalidParameter(key, "is not a parameter of this operation");
  }
  return Status::Ok();
}

}  // namespace paiam::api
