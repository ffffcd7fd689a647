// File primitives for key stores and exports, built on core/util/atomic_file.h's pattern (temp
// file + fsync + rename + directory fsync) with what key files need on top:
//   - the temporary file is created O_CREAT|O_EXCL|O_NOFOLLOW with mode 0600, so new content is
//     never in a file more readable than its owner, whatever the umask;
//   - a private key file is always 0600 when it lands, never the mode of the file it replaces (a
//     renewed key.pem that an administrator had made 0644 would otherwise stay world-readable);
//   - an export never replaces an existing file, atomically (renameat2 RENAME_NOREPLACE, or
//     link + unlink where the file system lacks it), not by checking first and renaming later.
// Reads use core/util/atomic_file.h.
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

// A new, empty, private (0600) file beside `target`, named ".<target name>.tmp-<random>". The
// caller closes `fd` and renames or removes `path`.
struct PrivateTempFile {
  int fd = -1;
  std::filesystem::path path;
};
Result<PrivateTempFile> CreatePrivateTempFile(const std::filesystem::path& target);

// Writes a file holding a private key (key.pem, a .p12, the software store) atomically; it is
// 0600 from its first byte to the end, whatever the replaced file's mode was.
Status WritePrivateFile(const std::filesystem::path& path, std::string_view bytes);

// Writes a certificate or chain atomically: `mode` for a new file, the replaced file's mode
// otherwise (an administrator's choice for public files survives renewal).
Status WritePublicFile(const std::filesystem::path& path, std::string_view bytes,
                       mode_t mode = 0644);

// Writes a new private (0600) file at `path`; a Conflict error, and nothing changed, when `path`
// exists, even if it appeared an instant before the file was moved into place.
Status WriteNewPrivateFile(const std::filesystem::path& path, std::string_view bytes);

// Moves `from` to `to` unless `to` exists (Conflict). Atomic: renameat2(RENAME_NOREPLACE), or
// RenameNoReplaceByLink on file systems without it.
Status RenameNoReplace(const std::filesystem::path& from, const std::filesystem::path& to);
// The fallback: link(from, to), which fails when `to` exists, then unlink(from).
Status RenameNoReplaceByLink(const std::filesystem::path& from, const std::filesystem::path& to);

// Creates the directory (and parents) with mode 0700 when missing.
Status EnsurePrivateDirectory(const std::filesystem::path& path);

// Creates the directory 0700 when missing and takes its cross-process lock
// ("<dir>/.trustdesk-store.lock"). PEM and PKCS#12 stores hold it from choosing a slot or file
// name to writing it, so two installs at once never pick the same one and overwrite a key.
Result<FileLock> LockStoreDirectory(const std::filesystem::path& dir);

// Permission bits of an existing file.
std::optional<mode_t> FileMode(const std::filesystem::path& path);

}  // namespace trustdesk
