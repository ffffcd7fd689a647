// File primitives for key material: atomic replacement (temp file created 0600 with O_EXCL,
// written, fsynced, given its final mode, renamed over the target, directory fsynced) and
// size-bounded reads. A private key is therefore never readable by others, not even briefly.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace trustdesk {

// Writes `bytes` to `path` atomically with file mode `mode`; when `keep_existing_mode` is set and
// the file exists, its current mode wins (a renewal keeps what the administrator chose).
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes, mode_t mode,
                       bool keep_existing_mode = false);

// Reads a whole file; TooLarge beyond `max_bytes`, NotFound when absent.
Result<std::string> ReadFileLimited(const std::filesystem::path& path, std::size_t max_bytes);

// Creates the directory (and parents) with mode 0700 when missing.
Status EnsurePrivateDirectory(const std::filesystem::path& path);

// Permission bits of an existing file.
std::optional<mode_t> FileMode(const std::filesystem::path& path);

}  // namespace trustdesk
