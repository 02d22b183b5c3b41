// paiam/cli — rendering the server's JSON answers for people: a list becomes a table (one row
// per item, one column per scalar key), anything else `Key: value` lines. `--json` bypasses
// all of this and prints the server's JSON as is.
//
// Which list: the result's first field that is an array of objects ({"Workspaces": [...]}), or
// an object holding exactly one such array, RAM style ({"Users": {"User": [...]}}). Columns are
// the union of the items' scalar keys (arrays of scalars count, joined with ","), in order of
// first appearance; cells wider than the cap are cut with "…". Widths count UTF-8 code points.
//
// Depends on: nlohmann/json only.
#ifndef PAIAM_CLI_TABLE_H_
#define PAIAM_CLI_TABLE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace paiam::cli {

inline constexpr size_t kMaxCellWidth = 40;

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each as wide as `columns`
};

// Columns padded to their widest cell (at most `max_width`, cut with "…"), separated by two
// spaces, header first; no trailing spaces. An empty table renders as "(none)\n".
std::string RenderTable(const Table& table, size_t max_width = kMaxCellWidth);

// A table from an array of objects as described above; non-objects are skipped. When `entity`
// names the items' kind ("User"), the columns it prefixes come first, its ...Name then its
// ...Id (UserName, UserId), and ...Date / ...Time columns last: the server's objects have
// their keys sorted, which would otherwise put Comments before UserName.
Table TableFromItems(const nlohmann::json& items, std::string_view entity = {});

// The kind of item a list path holds: "Users.User" -> "User", "Workspaces" -> "Workspace",
// "Policies" -> "Policy".
std::string EntityOf(std::string_view list_path);

// The list a result is "about" (see the header comment), or nullptr. `name` receives its path
// ("Users.User").
const nlohmann::json* FindResultList(const nlohmann::json& result, std::string* name = nullptr);
nlohmann::json* FindResultList(nlohmann::json& result, std::string* name = nullptr);

// A scalar as a cell: strings as is, numbers and booleans as JSON, null as "", arrays of
// scalars joined with ","; objects and nested arrays as compact JSON.
std::string CellText(const nlohmann::json& value);

// `Key: value` lines, nested objects flattened with dots (User.UserName) and arrays of objects
// indexed (Members[0].UserId). Top-level keys in `skip` are left out.
std::string RenderKeyValues(const nlohmann::json& object,
                            const std::vector<std::string_view>& skip = {});

// The whole human rendering of an operation's result: the table of its list (the remaining
// top-level scalars are left out) or its key-value lines (but RequestId); then "revision N"
// when the result carries "Revision" (a write).
std::string RenderResult(const nlohmann::json& result);

// Display width in code points (UTF-8 continuation bytes do not count).
size_t DisplayWidth(std::string_view text);

}  // namespace paiam::cli

#endif  // PAIAM_CLI_TABLE_H_
