#include "core/util/file_lock.h"

#include <cerrno>
#include <cstring>
#include <utility>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

namespace trustdesk {

std::filesystem::path FileLock::LockFileFor(const std::filesystem::path& file) {
  std::filesystem::path lock = file;
  lock += ".lock";
  return lock;
}

Result<FileLock> FileLock::Acquire(const std::filesystem::path& lock_file) {
  return Lock(lock_file, /*wait=*/true);
}

Result<FileLock> FileLock::TryAcquire(const std::filesystem::path& lock_file) {
  return Lock(lock_file, /*wait=*/false);
}

FileLock::FileLock(FileLock&& other) noexcept {
#ifdef _WIN32
  handle_ = std::exchange(other.handle_, nullptr);
#else
  fd_ = std::exchange(other.fd_, -1);
#endif
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    Release();
#ifdef _WIN32
    handle_ = std::exchange(other.handle_, nullptr);
#else
    fd_ = std::exchange(other.fd_, -1);
#endif
  }
  return *this;
}

FileLock::~FileLock() { Release(); }

#ifdef _WIN32

Result<FileLock> FileLock::Lock(const std::filesystem::path& lock_file, bool wait) {
  HANDLE h = ::CreateFileW(lock_file.c_str(), GENERIC_READ | GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    return Error{ErrorCode::Io, "cannot open lock file '" + lock_file.string() + "': error " +
                                    std::to_string(::GetLastError())};
  }
  OVERLAPPED overlapped{};
  const DWORD flags = LOCKFILE_EXCLUSIVE_LOCK | (wait ? 0 : LOCKFILE_FAIL_IMMEDIATELY);
  if (!::LockFileEx(h, flags, 0, MAXDWORD, MAXDWORD, &overlapped)) {
    const DWORD err = ::GetLastError();
    ::CloseHandle(h);
    if (err == ERROR_LOCK_VIOLATION) {
      return Error{ErrorCode::Conflict, "'" + lock_file.string() + "' is locked by another process"};
    }
    return Error{ErrorCode::Io,
                 "cannot lock '" + lock_file.string() + "': error " + std::to_string(err)};
  }
  FileLock lock;
  lock.handle_ = h;
  return lock;
}

void FileLock::Release() {
  if (handle_ == nullptr) return;
  OVERLAPPED overlapped{};
  ::UnlockFileEx(static_cast<HANDLE>(handle_), 0, MAXDWORD, MAXDWORD, &overlapped);
  ::CloseHandle(static_cast<HANDLE>(handle_));
  handle_ = nullptr;
}

bool FileLock::held() const { return handle_ != nullptr; }

#else

Result<FileLock> FileLock::Lock(const std::filesystem::path& lock_file, bool wait) {
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error{ErrorCode::Io,
                 "cannot open lock file '" + lock_file.string() + "': " + std::strerror(errno)};
  }
  int rc;
  do {
    rc = ::flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Error{ErrorCode::Conflict, "'" + lock_file.string() + "' is locked by another holder"};
    }
    return Error{ErrorCode::Io, "cannot lock '" + lock_file.string() + "': " + std::strerror(err)};
  }
  FileLock lock;
  lock.fd_ = fd;
  return lock;
}

void FileLock::Release() {
  if (fd_ < 0) return;
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
  fd_ = -1;
}

bool FileLock::held() const { return fd_ >= 0; }

#endif

}  // namespace trustdesk
