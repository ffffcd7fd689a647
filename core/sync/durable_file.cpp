#include "core/sync/durable_file.h"

namespace trustdesk {

Status WriteFileDurably(const std::filesystem::path& path, std::string_view data) {
  const auto dir = path.parent_path();
  std::error_code ec;
  if (!dir.empty() && !std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error{ErrorCode::Io, "create directory " + dir.string() + ": " + ec.message()};
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  return WriteFileAtomic(path, data, kModePrivate);
}

}  // namespace trustdesk
