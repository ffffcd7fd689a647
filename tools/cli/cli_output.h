// Output of trustdesk-cli: aligned human tables and key/value blocks on stdout, or one JSON
// document with --json; errors on stderr worded as the GUI words them.
#pragma once

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace trustdesk::cli {

// A table printed with every column as wide as its widest cell (UTF-8 aware), two spaces apart.
class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// "Label:  value" lines with the values aligned.
void PrintFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& rows,
                 const std::string& indent = "");

// Display width of UTF-8 text (code points; every one counts as one column).
std::size_t DisplayWidth(const std::string& text);

void PrintJson(std::ostream& out, const nlohmann::json& document);

}  // namespace trustdesk::cli
