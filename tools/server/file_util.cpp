#include "tools/server/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

namespace trustdesk::server {
namespace {

std::string Errno(const std::string& step, const std::filesystem::path& path) {
  return step + " " + path.string() + ": " + std::strerror(errno);
}

}  // namespace

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes, unsigned mode) {
  std::random_device rd;
  std::filesystem::path tmp = path;
  tmp += ".tmp-" + std::to_string(rd());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Error(ErrorCode::Io, Errno("creating", tmp));
  // The umask may have narrowed the mode further; fchmod makes it exact.
  ::fchmod(fd, mode);
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string msg = Errno("writing", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return Error(ErrorCode::Io, msg);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    std::string msg = Errno("fsync", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return Error(ErrorCode::Io, msg);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string msg = Errno("renaming onto", path);
    ::unlink(tmp.c_str());
    return Error(ErrorCode::Io, msg);
  }
  int dfd = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(),
                   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

Status RemoveFileDurably(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Error(ErrorCode::Io, Errno("removing", path));
  }
  int dfd = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(),
                   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

Result<std::string> ReadFileLimited(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error(ErrorCode::Io, "reading " + path.string() + ": " + ec.message());
  if (size > max_bytes) {
    return Error(ErrorCode::TooLarge, path.string() + " is " + std::to_string(size) +
                                          " bytes, more than the limit of " +
                                          std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::Io, "opening " + path.string());
  std::string data(size, '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (!in) return Error(ErrorCode::Io, "reading " + path.string());
  return data;
}

Status EnsurePrivateDirectory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error(ErrorCode::Io, "creating directory " + dir.string() + ": " + ec.message());
  // Checked and changed through one descriptor, so a rename in between cannot redirect the
  // chmod to another directory.
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Error(ErrorCode::Io, Errno("opening directory", dir));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    std::string msg = Errno("examining directory", dir);
    ::close(fd);
    return Error(ErrorCode::Io, msg);
  }
  // Another user who owns the directory could read or swap the keys in it whatever its mode.
  if (st.st_uid != ::geteuid()) {
    ::close(fd);
    return Error(ErrorCode::Forbidden, "data directory " + dir.string() + " is owned by uid " +
                                           std::to_string(st.st_uid) + ", not by this user (uid " +
                                           std::to_string(::geteuid()) +
                                           "); refusing to keep keys in it");
  }
  if ((st.st_mode & 07777) != 0700 && ::fchmod(fd, 0700) != 0) {
    std::string msg = Errno("making directory private (0700)", dir);
    ::close(fd);
    return Error(ErrorCode::Io, msg);
  }
  ::close(fd);
  return Status::Ok();
}

}  // namespace trustdesk::server
