// File helpers for the server's data directory: atomic writes (temp + fsync + rename + directory
// fsync) with the final mode set from the first byte, and bounded reads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace trustdesk::server {

// Writes `bytes` to `path` atomically; the temporary file is created with `mode` (e.g. 0600 for
// private keys), so the secret is never readable by others, not even briefly.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes, unsigned mode);

// Removes `path` (missing is fine) and fsyncs its directory, so the removal survives a crash.
Status RemoveFileDurably(const std::filesystem::path& path);

// Reads a whole file of at most `max_bytes`.
Result<std::string> ReadFileLimited(const std::filesystem::path& path,
                                    std::size_t max_bytes = 16u * 1024 * 1024);

// Creates `dir` (and parents) when missing and makes it 0700 whatever mode it had. Forbidden
// when the directory belongs to another user.
Status EnsurePrivateDirectory(const std::filesystem::path& dir);

}  // namespace trustdesk::server
