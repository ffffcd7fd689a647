#include "core/keystore/secure_file.h"

#include <fcntl.h>
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

}  // namespace

std::optional<mode_t> FileMode(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return st.st_mode & 07777;
}

Status WriteKeyStoreFile(const fs::path& path, std::string_view bytes, mode_t mode,
                         bool keep_existing_mode) {
  mode_t final_mode = mode;
  if (keep_existing_mode) {
    if (auto existing = FileMode(path)) final_mode = *existing;
  }
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  fs::path temp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    temp = dir / ("." + path.filename().string() + ".tmp-" + RandomSuffix());
    // 0600 from the first byte: the temp file is never more readable than the owner.
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 && errno != EEXIST) return IoError("create temporary file for", path, errno);
  }
  if (fd < 0) return IoError("create temporary file for", path, EEXIST);
  auto fail = [&](const char* what) {
    int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
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
    ::unlink(temp.c_str());
    return IoError("close", path, err);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return IoError("replace", path, err);
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);  // make the rename durable; best effort on file systems that refuse
    ::close(dfd);
  }
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
