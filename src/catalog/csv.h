// paiam/catalog — a small RFC 4180 CSV reader for the catalog files under data/.
//
// Reads a header line and records of exactly as many fields, quoted ("a,b", "say ""hi""") or
// not, separated by CRLF or LF. Every record remembers the line it starts on so that data errors
// can say "catalog/actions.csv:12: …". Depends on base only.
#ifndef PAIAM_CATALOG_CSV_H_
#define PAIAM_CATALOG_CSV_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace paiam::catalog {

struct CsvRecord {
  uint32_t line = 0;  // 1-based line of the record's first character
  std::vector<std::string> fields;
};

class CsvTable {
 public:
  // Parses `text`; `file_name` prefixes error messages. Errors: InvalidArgument, rule
  // "catalog.bad-data", "<file>:<line>: <what>" (unterminated quote, stray quote, wrong field
  // count, empty file, missing header column).
  static StatusOr<CsvTable> Parse(std::string_view text, std::string_view file_name);

  const std::string& file_name() const { return file_name_; }
  const std::vector<CsvRecord>& records() const { return records_; }

  // The index of header column `name`, or an error naming the file when it is absent.
  StatusOr<size_t> Column(std::string_view name) const;

  // "<file>:<line>: <message>" as a catalog.bad-data Status.
  Status Error(uint32_t line, std::string_view message) const;

 private:
  std::string file_name_;
  std::vector<std::string> header_;
  std::vector<CsvRecord> records_;
};

}  // namespace paiam::catalog

#endif  // PAIAM_CATALOG_CSV_H_
