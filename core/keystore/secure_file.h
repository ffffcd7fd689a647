// File primitives for key stores. WriteKeyStoreFile is core/util/atomic_file.h's atomic write
// plus what renewal needs: the temp file is always created 0600 (whatever the umask or the final
// mode), then given exactly the final mode with fchmod, which may be the mode the existing file
// had (an administrator's choice survives renewal). Reads use core/util/atomic_file.h.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/atomic_file.h"
#include "core/util/file_lock.h"
#include "core/util/result.h"

namespace trustdesk {

// Writes `bytes` to `path` atomically with file mode `mode`; when `keep_existing_mode` is set and
// the file exists, its current mode wins (a renewal keeps what the administrator chose).
Status WriteKeyStoreFile(const std::filesystem::path& path, std::string_view bytes, mode_t mode,
                         bool keep_existing_mode = false);

// Creates the directory (and parents) with mode 0700 when missing.
Status EnsurePrivateDirectory(const std::filesystem::path& path);

// Creates the directory 0700 when missing and takes its cross-process lock
// ("<dir>/.trustdesk-store.lock"). PEM and PKCS#12 stores hold it from choosing a slot or file
// name to writing it, so two installs at once never pick the same one and overwrite a key.
Result<FileLock> LockStoreDirectory(const std::filesystem::path& dir);

// Permission bits of an existing file.
std::optional<mode_t> FileMode(const std::filesystem::path& path);

}  // namespace trustdesk
