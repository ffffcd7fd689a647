// Advisory, exclusive, cross-process file locks for read-modify-write of files that several
// TrustDesk processes share (the GUI and the CLI on one data directory): flock() on POSIX,
// LockFileEx() on Windows. The lock lives on a separate "<file>.lock" so the protected file can
// still be replaced atomically by rename while the lock is held. Threads of one process exclude
// each other too (each Acquire opens its own descriptor).
#pragma once

#include <filesystem>

#include "core/util/result.h"

namespace trustdesk {

class FileLock {
 public:
  // Blocks until the lock on `lock_file` is held, creating the file (0600) when needed.
  static Result<FileLock> Acquire(const std::filesystem::path& lock_file);
  // Takes the lock only if nobody holds it: a Conflict error when someone does.
  static Result<FileLock> TryAcquire(const std::filesystem::path& lock_file);
  // The lock file that guards `file`: "<file>.lock" beside it.
  static std::filesystem::path LockFileFor(const std::filesystem::path& file);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();  // releases the lock

  bool held() const;

 private:
  FileLock() = default;
  static Result<FileLock> Lock(const std::filesystem::path& lock_file, bool wait);
  void Release();

#ifdef _WIN32
  void* handle_ = nullptr;  // HANDLE; INVALID_HANDLE_VALUE is never stored
#else
  int fd_ = -1;
#endif
};

}  // namespace trustdesk
