#include "app/ui/pretty_json.h"

#include <nlohmann/json.hpp>

namespace trustdesk {

const std::string& PrettyJson::For(const std::string& compact) {
  if (valid_ && source_ == compact) return pretty_;
  const auto parsed = nlohmann::json::parse(compact, nullptr, /*allow_exceptions=*/false);
  pretty_ = parsed.is_discarded()
                ? compact
                : parsed.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  source_ = compact;
  valid_ = true;
  return pretty_;
}

}  // namespace trustdesk
