// RFC 4180 reading, one character at a time: the catalog files are small and read once.
#include "catalog/csv.h"

#include <utility>

namespace paiam::catalog {
namespace {

Status BadData(std::string_view file, uint32_t line, std::string_view message) {
  return Status(StatusCode::kInvalidArgument, "catalog.bad-data",
                std::string(file) + ":" + std::to_string(line) + ": " + std::string(message));
}

// Walks the text record by record. A quoted field may hold commas, doubled quotes and line
// breaks; a quote anywhere else in a field is an error rather than a guess.
class Reader {
 public:
  Reader(std::string_view text, std::string_view file) : text_(text), file_(file) {}

  bool AtEnd() const { return pos_ >= text_.size(); }

  // Reads one record into `out`; `out->line` is the line it starts on.
  Status Next(CsvRecord* out) {
    out->line = line_;
    out->fields.assign(1, std::string());
    bool closed = false;  // the current field was quoted and its closing quote has been read
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      if (c == '\r' || c == '\n') {
        ++pos_;
        ++line_;
        return Status::Ok();
      }
      ++pos_;
      if (c == ',') {
        out->fields.emplace_back();
      } else if (c == '"' && out->fields.back().empty() && !closed) {
        if (Status s = ReadQuoted(&out->fields.back()); !s.ok()) return s;
        closed = true;
        continue;
      } else if (c == '"' || closed) {
        return BadData(file_, line_, "stray quote or text after a quoted field");
      } else {
        out->fields.back() += c;
      }
      closed = false;
    }
    return Status::Ok();
  }

 private:
  // After the opening quote; consumes through the closing quote.
  Status ReadQuoted(std::string* field) {
    const uint32_t start = line_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          *field += '"';
          ++pos_;
          continue;
        }
        return Status::Ok();
      }
      if (c == '\n') ++line_;
      *field += c;
    }
    return BadData(file_, start, "unterminated quoted field");
  }

  std::string_view text_;
  std::string_view file_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
};

}  // namespace

StatusOr<CsvTable> CsvTable::Parse(std::string_view text, std::string_view file_name) {
  CsvTable table;
  table.file_name_ = std::string(file_name);
  Reader reader(text, file_name);
  if (reader.AtEnd()) return table.Error(1, "empty file: expected a header line");
  CsvRecord header;
  if (Status s = reader.Next(&header); !s.ok()) return s;
  table.header_ = std::move(header.fields);
  while (!reader.AtEnd()) {
    CsvRecord record;
    if (Status s = reader.Next(&record); !s.ok()) return s;
    if (record.fields.size() == 1 && record.fields[0].empty()) continue;  // blank line
    if (record.fields.size() != table.header_.size()) {
      return table.Error(record.line, "expected " + std::to_string(table.header_.size()) +
                                          " fields, found " + std::to_string(record.fields.size()));
    }
    table.records_.push_back(std::move(record));
  }
  return table;
}

StatusOr<size_t> CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return Error(1, "missing column \"" + std::string(name) + "\"");
}

Status CsvTable::Error(uint32_t line, std::string_view message) const {
  return BadData(file_name_, line, message);
}

}  // namespace paiam::catalog
