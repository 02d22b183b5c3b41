// paiam/cli — tables and key-value lines for the client verbs (table.h).
#include "cli/table.h"

#include <algorithm>

namespace paiam::cli {
namespace {

using nlohmann::json;

bool IsScalar(const json& value) { return !value.is_object() && !value.is_array(); }

bool IsScalarArray(const json& value) {
  return value.is_array() && std::all_of(value.begin(), value.end(), IsScalar);
}

bool IsObjectArray(const json& value) {
  return value.is_array() && !value.empty() &&
         std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_object(); });
}

// Cells never hold line breaks or tabs: they would break the columns.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

// The first `width` code points of `text`, the last one replaced by "…" when cut.
std::string Cut(const std::string& text, size_t width) {
  if (DisplayWidth(text) <= width) return text;
  if (width == 0) return "";
  size_t points = 0;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    bool starts_point = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_point && ++points == width) break;
  }
  return text.substr(0, i) + "…";
}

// Where a column goes (see TableFromItems); lower first, ties keep their order.
int ColumnRank(std::string_view key, std::string_view entity) {
  if (!entity.empty() && key.starts_with(entity)) {
    std::string_view rest = key.substr(entity.size());
    return rest == "Name" ? 0 : rest == "Id" ? 1 : 2;
  }
  if (key.ends_with("Date") || key.ends_with("Time")) return 4;
  return 3;
}

void Pad(std::string& line, const std::string& cell, size_t width) {
  line += cell;
  line.append(width - DisplayWidth(cell), ' ');
}

void Flatten(const json& value, const std::string& prefix, std::string& out) {
  if (value.is_object() && !value.empty()) {
    for (const auto& [key, item] : value.items()) {
      Flatten(item, prefix.empty() ? key : prefix + "." + key, out);
    }
    return;
  }
  if (value.is_array() && !IsScalarArray(value)) {
    for (size_t i = 0; i < value.size(); ++i) {
      Flatten(value[i], prefix + "[" + std::to_string(i) + "]", out);
    }
    return;
  }
  out += prefix + ": " + OneLine(CellText(value)) + "\n";
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string CellText(const json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (IsScalarArray(value)) {
    std::string out;
    for (const json& item : value) {
      if (!out.empty()) out += ",";
      out += CellText(item);
    }
    return out;
  }
  return value.dump();
}

std::string EntityOf(std::string_view list_path) {
  size_t dot = list_path.rfind('.');
  std::string name(dot == std::string_view::npos ? list_path : list_path.substr(dot + 1));
  if (name.size() > 3 && name.ends_with("ies")) return name.substr(0, name.size() - 3) + "y";
  if (name.size() > 1 && name.ends_with("s")) name.pop_back();
  return name;
}

Table TableFromItems(const json& items, std::string_view entity) {
  Table table;
  if (!items.is_array()) return table;
  for (const json& item : items) {
    if (!item.is_object()) continue;
    for (const auto& [key, value] : item.items()) {
      if (!IsScalar(value) && !IsScalarArray(value)) continue;
      if (std::find(table.columns.begin(), table.columns.end(), key) == table.columns.end()) {
        table.columns.push_back(key);
      }
    }
  }
  std::stable_sort(table.columns.begin(), table.columns.end(), [&](const auto& a, const auto& b) {
    return ColumnRank(a, entity) < ColumnRank(b, entity);
  });
  for (const json& item : items) {
    if (!item.is_object()) continue;
    std::vector<std::string> row;
    for (const std::string& column : table.columns) {
      auto it = item.find(column);
      bool shown = it != item.end() && (IsScalar(*it) || IsScalarArray(*it));
      row.push_back(shown ? OneLine(CellText(*it)) : "");
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string RenderTable(const Table& table, size_t max_width) {
  if (table.columns.empty()) return "(none)\n";
  std::vector<size_t> widths;
  for (const std::string& column : table.columns) {
    widths.push_back(std::min(DisplayWidth(column), std::max<size_t>(max_width, 1)));
  }
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], std::min(DisplayWidth(row[i]), max_width));
    }
  }
  auto render_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < cells.size() ? Cut(cells[i], widths[i]) : "";
      if (i + 1 == widths.size()) {
        line += cell;
      } else {
        Pad(line, cell, widths[i]);
        line += "  ";
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  std::string out = render_line(table.columns);
  for (const auto& row : table.rows) out += render_line(row);
  return out;
}

const json* FindResultList(const json& result, std::string* name) {
  if (!result.is_object()) return nullptr;
  for (const auto& [key, value] : result.items()) {
    if (value.is_array() && (value.empty() || IsObjectArray(value))) {
      if (name != nullptr) *name = key;
      return &value;
    }
    if (value.is_object() && value.size() == 1) {
      const auto inner = value.begin();
      if (inner->is_array() && (inner->empty() || IsObjectArray(*inner))) {
        if (name != nullptr) *name = key + "." + inner.key();
        return &*inner;
      }
    }
  }
  return nullptr;
}

json* FindResultList(json& result, std::string* name) {
  // The same search; the list belongs to the non-const `result`.
  return const_cast<json*>(FindResultList(static_cast<const json&>(result), name));
}

std::string RenderKeyValues(const json& object, const std::vector<std::string_view>& skip) {
  if (!object.is_object()) return OneLine(CellText(object)) + "\n";
  std::string out;
  for (const auto& [key, value] : object.items()) {
    if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
    Flatten(value, key, out);
  }
  return out;
}

std::string RenderResult(const json& result) {
  std::string out;
  std::string name;
  const json* list = FindResultList(result, &name);
  if (list != nullptr) {
    out = RenderTable(TableFromItems(*list, EntityOf(name)));
  } else {
    out = RenderKeyValues(result, {"Revision", "RequestId"});
  }
  if (result.is_object()) {
    auto revision = result.find("Revision");
    if (revision != result.end()) out += "revision " + CellText(*revision) + "\n";
  }
  return out;
}

}  // namespace paiam::cli
