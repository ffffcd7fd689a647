#include "tools/cli/cli_output.h"

#include <algorithm>
#include <ostream>

namespace trustdesk::cli {

std::size_t DisplayWidth(const std::string& text) {
  std::size_t width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++width;  // count lead bytes only
  }
  return width;
}

namespace {

void Pad(std::ostream& out, const std::string& cell, std::size_t width) {
  out << cell;
  for (std::size_t w = DisplayWidth(cell); w < width; ++w) out << ' ';
}

}  // namespace

void Table::Print(std::ostream& out) const {
  std::vector<std::size_t> widths(headers_.size(), 0);
  for (std::size_t c = 0; c < headers_.size(); ++c) widths[c] = DisplayWidth(headers_[c]);
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string& cell = c < cells.size() ? cells[c] : std::string();
      if (c + 1 == widths.size()) {
        out << cell;  // no trailing blanks
      } else {
        Pad(out, cell, widths[c]);
        out << "  ";
      }
    }
    out << '\n';
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
}

void PrintFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& rows,
                 const std::string& indent) {
  std::size_t width = 0;
  for (const auto& [label, value] : rows) width = std::max(width, DisplayWidth(label) + 1);
  for (const auto& [label, value] : rows) {
    out << indent;
    Pad(out, label + ":", width);
    out << "  " << value << '\n';
  }
}

void PrintJson(std::ostream& out, const nlohmann::json& document) {
  out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace trustdesk::cli
