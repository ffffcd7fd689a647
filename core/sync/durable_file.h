// The sync engine's files (offline cache, timeline) live in directories it creates on first use:
// this creates the missing parents (0700) and then writes atomically (core/util/atomic_file.h).
#pragma once

#include <filesystem>
#include <string_view>

#include "core/util/atomic_file.h"
#include "core/util/result.h"

namespace trustdesk {

// Creates missing parent directories (0700) and replaces `path` atomically, mode 0600.
Status WriteFileDurably(const std::filesystem::path& path, std::string_view data);

}  // namespace trustdesk
