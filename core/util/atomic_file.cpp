// Atomic write = temp file in the same directory + flush + rename (+ directory flush on POSIX).
// Sections: temp names, POSIX implementation, Windows implementation.
#include "core/util/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#ifdef _WIN32
#include <windows.h>

#include <fstream>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace trustdesk {
namespace {

// A name nobody else will pick: the target name plus a random suffix and a process-wide counter.
std::filesystem::path TempPathFor(const std::filesystem::path& path) {
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  const unsigned long long salt = (static_cast<unsigned long long>(rd()) << 32) ^ rd();
  char suffix[48];
  std::snprintf(suffix, sizeof suffix, ".tmp-%016llx-%u", salt, counter.fetch_add(1));
  std::filesystem::path temp = path;
  temp += suffix;
  return temp;
}

Error IoError(const std::string& step, const std::filesystem::path& path, int err) {
  return Error(ErrorCode::Io, step + " '" + path.string() + "': " + std::strerror(err));
}

}  // namespace

#ifndef _WIN32

namespace {

// Closes the descriptor and removes the temp file unless released (i.e. renamed into place).
class TempFileGuard {
 public:
  TempFileGuard(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;
  ~TempFileGuard() {
    if (fd_ >= 0) ::close(fd_);
    if (!released_) ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  // Closes now so close() errors (e.g. delayed write failures on NFS) are reported.
  int Close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }
  void Release() { released_ = true; }

 private:
  int fd_;
  std::filesystem::path path_;
  bool released_ = false;
};

}  // namespace

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes, unsigned mode) {
  const std::filesystem::path temp = TempPathFor(path);
  // O_EXCL: never follow or reuse an existing file; the mode applies from the first byte.
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                        static_cast<mode_t>(mode));
  if (fd < 0) return IoError("cannot create temporary file for", path, errno);
  TempFileGuard guard(fd, temp);

  const char* data = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", temp, errno);
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return IoError("cannot flush", temp, errno);
  if (guard.Close() != 0) return IoError("cannot close", temp, errno);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return IoError("cannot move the new file into place at", path, errno);
  }
  guard.Release();

  // Flush the directory entry so the rename itself survives a power cut.
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return IoError("cannot open directory", dir, errno);
  const int rc = ::fsync(dir_fd);
  const int err = errno;
  ::close(dir_fd);
  if (rc != 0 && err != EINVAL) return IoError("cannot flush directory", dir, err);
  return Status::Ok();
}

Result<std::string> ReadFileLimited(const std::filesystem::path& path, std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return Error(ErrorCode::NotFound, "file not found: '" + path.string() + "'");
    return IoError("cannot open", path, err);
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};

  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError("cannot stat", path, errno);
  if (!S_ISREG(st.st_mode)) {
    return Error(ErrorCode::InvalidInput, "not a regular file: '" + path.string() + "'");
  }
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    return Error(ErrorCode::TooLarge, "'" + path.string() + "' is " +
                                          std::to_string(st.st_size) + " bytes; the limit is " +
                                          std::to_string(max_bytes));
  }
  std::string out;
  out.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  // Read one byte past the expected size to notice a file that grew past the limit meanwhile.
  char probe = 0;
  for (;;) {
    char* dst = got < out.size() ? out.data() + got : &probe;
    const std::size_t want = got < out.size() ? out.size() - got : 1;
    const ssize_t n = ::read(fd, dst, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot read", path, errno);
    }
    if (n == 0) break;
    if (dst == &probe) {
      if (out.size() + 1 > max_bytes) {
        return Error(ErrorCode::TooLarge, "'" + path.string() + "' grew past the limit of " +
                                              std::to_string(max_bytes) + " bytes while reading");
      }
      out.push_back(probe);
    }
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  return out;
}

#else  // _WIN32

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes, unsigned) {
  const std::filesystem::path temp = TempPathFor(path);
  // The temp file inherits the directory's ACL; per-user data directories are private already.
  HANDLE h = ::CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                           FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    return Error(ErrorCode::Io, "cannot create temporary file for '" + path.string() + "'");
  }
  const char* data = bytes.data();
  std::size_t left = bytes.size();
  bool ok = true;
  while (ok && left > 0) {
    const DWORD chunk = left > 0x40000000u ? 0x40000000u : static_cast<DWORD>(left);
    DWORD written = 0;
    ok = ::WriteFile(h, data, chunk, &written, nullptr) != 0;
    data += written;
    left -= written;
  }
  ok = ok && ::FlushFileBuffers(h) != 0;
  ::CloseHandle(h);
  if (!ok) {
    ::DeleteFileW(temp.c_str());
    return Error(ErrorCode::Io, "cannot write '" + temp.string() + "'");
  }
  BOOL moved = FALSE;
  if (std::filesystem::exists(path)) {
    moved = ::ReplaceFileW(path.c_str(), temp.c_str(), nullptr, REPLACEFILE_IGNORE_MERGE_ERRORS,
                           nullptr, nullptr);
  }
  if (!moved) {
    moved = ::MoveFileExW(temp.c_str(), path.c_str(),
                          MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
  }
  if (!moved) {
    ::DeleteFileW(temp.c_str());
    return Error(ErrorCode::Io, "cannot move the new file into place at '" + path.string() + "'");
  }
  return Status::Ok();
}

Result<std::string> ReadFileLimited(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Error(ErrorCode::NotFound, "file not found: '" + path.string() + "'");
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error(ErrorCode::Io, "cannot stat '" + path.string() + "': " + ec.message());
  if (size > max_bytes) {
    return Error(ErrorCode::TooLarge, "'" + path.string() + "' is " + std::to_string(size) +
                                          " bytes; the limit is " + std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::Io, "cannot open '" + path.string() + "'");
  std::string out(static_cast<std::size_t>(size), '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  out.resize(static_cast<std::size_t>(in.gcount()));
  return out;
}

#endif

}  // namespace trustdesk
