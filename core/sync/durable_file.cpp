#include "core/sync/durable_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

#if defined(_WIN32)
#include <io.h>
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace trustdesk {
namespace {

std::string Errno(const std::string& step, const std::filesystem::path& path) {
  return step + " " + path.string() + ": " + std::strerror(errno);
}

std::filesystem::path TempPathFor(const std::filesystem::path& path) {
  std::random_device rd;
  return path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(rd()));
}

}  // namespace

Status WriteFileDurably(const std::filesystem::path& path, std::string_view data) {
  std::error_code ec;
  const auto dir = path.parent_path();
  if (!dir.empty() && !std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error{ErrorCode::Io, "create directory " + dir.string() + ": " + ec.message()};
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  const auto tmp = TempPathFor(path);
#if defined(_WIN32)
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) return Error{ErrorCode::Io, "write " + tmp.string() + ": failed"};
  }
  if (!MoveFileExW(tmp.wstring().c_str(), path.wstring().c_str(),
                   MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    std::filesystem::remove(tmp, ec);
    return Error{ErrorCode::Io, "replace " + path.string() + ": error " +
                                    std::to_string(GetLastError())};
  }
#else
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error{ErrorCode::Io, Errno("create", tmp)};
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string msg = Errno("write", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return Error{ErrorCode::Io, msg};
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const std::string msg = Errno("fsync", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return Error{ErrorCode::Io, msg};
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string msg = Errno("rename over", path);
    ::unlink(tmp.c_str());
    return Error{ErrorCode::Io, msg};
  }
  // The rename is durable only once the directory entry is on disk.
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
#endif
  return Status::Ok();
}

Result<std::string> ReadFileLimited(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Error{ErrorCode::NotFound, path.string() + ": does not exist"};
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{ErrorCode::Io, "stat " + path.string() + ": " + ec.message()};
  if (size > max_bytes) {
    return Error{ErrorCode::TooLarge, path.string() + ": " + std::to_string(size) +
                                          " bytes exceeds the limit of " +
                                          std::to_string(max_bytes)};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::Io, "open " + path.string() + ": cannot be read"};
  std::string data(static_cast<std::size_t>(size), '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::size_t>(in.gcount()) != size) {
    return Error{ErrorCode::Io, "read " + path.string() + ": short read"};
  }
  return data;
}

}  // namespace trustdesk
