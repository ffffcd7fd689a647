// Crash-safe files for the sync engine's offline cache and timeline: a write goes to a temporary
// file in the same directory (mode 0600 from creation), is fsync'ed and renamed over the target,
// then the directory is fsync'ed, so a reader sees the old or the new content, never a mix.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace trustdesk {

// Creates missing parent directories (0700) and replaces `path` atomically with `data`.
Status WriteFileDurably(const std::filesystem::path& path, std::string_view data);

// Reads a whole file, refusing one larger than `max_bytes`. A missing file is NotFound.
Result<std::string> ReadFileLimited(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace trustdesk
