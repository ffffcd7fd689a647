// Crash-safe file writes and bounded reads. A reader of `path` sees either the old content or the
// new content, never a mix: the bytes go to a temporary file in the same directory (created with
// the final mode from the first byte), are flushed to disk, then renamed over `path`.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace trustdesk {

// File modes for WriteFileAtomic (POSIX permission bits; ignored on Windows).
inline constexpr unsigned kModePrivate = 0600;  // keys, settings, tokens
inline constexpr unsigned kModePublic = 0644;   // certificates, exported chains

// Writes `bytes` to `path` atomically with permissions `mode`. The parent directory must exist.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes,
                       unsigned mode = kModePrivate);

// Reads the whole file, failing with ErrorCode::TooLarge (before reading) when it is larger than
// `max_bytes`, and with ErrorCode::NotFound when it does not exist.
Result<std::string> ReadFileLimited(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace trustdesk
