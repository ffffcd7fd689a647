// Sections: helpers · temporary files · writes · no-replace rename · directories.
#include "core/keystore/secure_file.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc)
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace trustdesk {
namespace fs = std::filesystem;
namespace {

Error IoError(const std::string& what, const fs::path& path, int err) {
  return Error{ErrorCode::Io, what + " " + path.string() + ": " + std::strerror(err)};
}

std::string RandomSuffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string s;
  uint64_t v = rng();
  for (int i = 0; i < 12; ++i, v >>= 4) s += kHex[v & 0xF];
  return s;
}

fs::path DirectoryOf(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

void SyncDirectory(const fs::path& dir) {
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);  // make the rename durable; best effort on file systems that refuse
    ::close(dfd);
  }
}

enum class Placement { Replace, NoReplace };

// Temp file (0600) -> write -> fchmod(final_mode) -> fsync -> rename (or no-replace rename).
Status WriteVia(const fs::path& path, std::string_view bytes, mode_t final_mode,
                Placement placement) {
  auto temp = CreatePrivateTempFile(path);
  if (!temp.ok()) return temp.error();
  const int fd = temp->fd;
  auto fail = [&](const char* what) {
    int err = errno;
    ::close(fd);
    ::unlink(temp->path.c_str());
    return Status(IoError(what, path, err));
  };
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write");
    written += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, final_mode) != 0) return fail("set permissions of");
  if (::fsync(fd) != 0) return fail("flush");
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(temp->path.c_str());
    return IoError("close", path, err);
  }
  if (placement == Placement::NoReplace) {
    if (Status s = RenameNoReplace(temp->path, path); !s.ok()) {
      ::unlink(temp->path.c_str());
      return s;
    }
  } else if (::rename(temp->path.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp->path.c_str());
    return IoError("replace", path, err);
  }
  SyncDirectory(DirectoryOf(path));
  return Status::Ok();
}

Error Exists(const fs::path& to) {
  return Error{ErrorCode::Conflict, to.string() + " already exists; it was not replaced"};
}

}  // namespace

std::optional<mode_t> FileMode(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return st.st_mode & 07777;
}

Result<PrivateTempFile> CreatePrivateTempFile(const fs::path& target) {
  const fs::path dir = DirectoryOf(target);
  for (int attempt = 0; attempt < 16; ++attempt) {
    fs::path temp = dir / ("." + target.filename().string() + ".tmp-" + RandomSuffix());
    // 0600 from the first byte; O_EXCL + O_NOFOLLOW: never an existing file or a planted link.
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) return PrivateTempFile{fd, std::move(temp)};
    if (errno != EEXIST) return IoError("create temporary file for", target, errno);
  }
  return IoError("create temporary file for", target, EEXIST);
}

Status WritePrivateFile(const fs::path& path, std::string_view bytes) {
  return WriteVia(path, bytes, 0600, Placement::Replace);
}

Status WritePublicFile(const fs::path& path, std::string_view bytes, mode_t mode) {
  const mode_t final_mode = FileMode(path).value_or(mode);
  return WriteVia(path, bytes, final_mode, Placement::Replace);
}

Status WriteNewPrivateFile(const fs::path& path, std::string_view bytes) {
  return WriteVia(path, bytes, 0600, Placement::NoReplace);
}

Status RenameNoReplace(const fs::path& from, const fs::path& to) {
#if defined(__linux__) && defined(RENAME_NOREPLACE)
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return Status::Ok();
  }
  if (errno == EEXIST) return Exists(to);
  // Only a file system (or kernel) without the flag falls back; other errors are real.
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
    return IoError("move into place", to, errno);
  }
#endif
  return RenameNoReplaceByLink(from, to);
}

Status RenameNoReplaceByLink(const fs::path& from, const fs::path& to) {
  if (::link(from.c_str(), to.c_str()) != 0) {
    if (errno == EEXIST) return Exists(to);
    return IoError("move into place", to, errno);
  }
  if (::unlink(from.c_str()) != 0) return IoError("remove temporary file for", to, errno);
  return Status::Ok();
}

Status EnsurePrivateDirectory(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Status::Ok();
  fs::create_directories(path, ec);
  if (ec) return Error{ErrorCode::Io, "create directory " + path.string() + ": " + ec.message()};
  fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return Error{ErrorCode::Io, "set permissions of " + path.string() + ": " + ec.message()};
  return Status::Ok();
}

Result<FileLock> LockStoreDirectory(const fs::path& dir) {
  if (Status s = EnsurePrivateDirectory(dir); !s.ok()) return s.error();
  return FileLock::Acquire(dir / ".trustdesk-store.lock");
}

}  // namespace trustdesk
