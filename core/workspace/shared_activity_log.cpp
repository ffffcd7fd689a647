// Sections: reading (catch-up) · appending · compaction · accessors.
#include "core/workspace/shared_activity_log.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

#include "core/util/atomic_file.h"
#include "core/util/file_lock.h"

namespace trustdesk {
namespace {

struct FileInfo {
  bool exists = false;
  uint64_t inode = 0;
  uint64_t size = 0;
};

FileInfo InfoOf(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.string().c_str(), &st) != 0) return {};
  return {true, static_cast<uint64_t>(st.st_ino), static_cast<uint64_t>(st.st_size)};
}

// Appends `bytes` and flushes them to disk. One write() so a line is never interleaved.
Status AppendBytes(const std::filesystem::path& file, const std::string& bytes) {
#ifdef _WIN32
  std::ofstream out(file, std::ios::binary | std::ios::app);
  out << bytes;
  out.flush();
  if (!out) return Error{ErrorCode::Io, "activity log " + file.string() + ": write failed"};
  return Status::Ok();
#else
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Error{ErrorCode::Io, "activity log " + file.string() + ": cannot be opened"};
  const ssize_t written = ::write(fd, bytes.data(), bytes.size());
  const int synced = ::fdatasync(fd);
  ::close(fd);
  if (written != static_cast<ssize_t>(bytes.size()) || synced != 0) {
    return Error{ErrorCode::Io, "activity log " + file.string() + ": write failed"};
  }
  return Status::Ok();
#endif
}

}  // namespace

SharedActivityLog::SharedActivityLog(std::filesystem::path file, std::size_t capacity)
    : file_(std::move(file)),
      lock_file_(FileLock::LockFileFor(file_)),
      capacity_(std::max<std::size_t>(capacity, 1)) {}

// --- reading (catch-up) -----------------------------------------------------------------------

Status SharedActivityLog::Load() {
  auto lock = FileLock::Acquire(lock_file_);
  if (!lock) return lock.error();
  std::lock_guard guard(mutex_);
  entries_.clear();
  inode_ = 0;
  offset_ = 0;
  lines_in_file_ = 0;
  return CatchUpLocked();
}

Result<bool> SharedActivityLog::Refresh() {
  {
    std::lock_guard guard(mutex_);
    const FileInfo info = InfoOf(file_);
    if (!info.exists || (info.inode == inode_ && info.size == offset_)) return false;
  }
  auto lock = FileLock::Acquire(lock_file_);
  if (!lock) return lock.error();
  std::lock_guard guard(mutex_);
  const uint64_t before = last_id_;
  const std::size_t before_size = entries_.size();
  if (Status s = CatchUpLocked(); !s) return s.error();
  return last_id_ != before || entries_.size() != before_size;
}

Status SharedActivityLog::CatchUpLocked() {
  const FileInfo info = InfoOf(file_);
  if (!info.exists) return Status::Ok();
  if (info.inode != inode_ || info.size < offset_) {
    // Compacted (replaced) by someone: the new file holds the newest entries; read it all.
    entries_.clear();
    offset_ = 0;
    lines_in_file_ = 0;
    inode_ = info.inode;
  }
  if (info.size == offset_) return Status::Ok();
  std::ifstream in(file_, std::ios::binary);
  if (!in) return Error{ErrorCode::Io, "activity log " + file_.string() + ": cannot be read"};
  in.seekg(static_cast<std::streamoff>(offset_));
  std::string chunk(info.size - offset_, '\0');
  in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  chunk.resize(static_cast<std::size_t>(in.gcount()));
  // Only whole lines: a line without its newline is a torn write, handled by the next Append.
  const std::size_t end = chunk.rfind('\n');
  if (end == std::string::npos) return Status::Ok();
  std::size_t pos = 0;
  while (pos <= end) {
    const std::size_t nl = chunk.find('\n', pos);
    const std::string line = chunk.substr(pos, nl - pos);
    pos = nl + 1;
    ++lines_in_file_;
    if (line.empty()) continue;
    auto parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    auto entry = parsed.is_discarded() ? Result<ActivityEntry>(Error{ErrorCode::Parse, "not JSON"})
                                       : ActivityEntryFromJson(parsed);
    if (!entry) {
      ++skipped_;
      continue;
    }
    KeepLocked(std::move(entry).value());
  }
  offset_ += end + 1;
  return Status::Ok();
}

void SharedActivityLog::KeepLocked(ActivityEntry entry) {
  last_id_ = std::max(last_id_, entry.id);
  entries_.push_back(std::move(entry));
  while (entries_.size() > capacity_) entries_.pop_front();
}

// --- appending --------------------------------------------------------------------------------

Result<ActivityEntry> SharedActivityLog::Append(ActivityEntry entry) {
  auto lock = FileLock::Acquire(lock_file_);
  if (!lock) return lock.error();
  std::lock_guard guard(mutex_);
  Status read = CatchUpLocked();
  entry.id = last_id_ + 1;
  std::string line = ToJson(entry).dump() + "\n";
  const FileInfo info = InfoOf(file_);
  if (read && info.exists && info.size > offset_) {
    line.insert(line.begin(), '\n');  // end a torn last line so it cannot swallow this one
    ++skipped_;
  }
  Status written = read ? AppendBytes(file_, line) : read;
  KeepLocked(entry);  // the in-memory timeline keeps it even when the file could not
  if (written) {
    const FileInfo after = InfoOf(file_);
    inode_ = after.inode;
    offset_ = after.size;
    ++lines_in_file_;
    if (lines_in_file_ > 2 * capacity_) written = CompactLocked();
  }
  if (!written) return written.error();
  return entry;
}

// --- compaction -------------------------------------------------------------------------------

// Rewrites the file with the entries kept in memory, which after a catch-up are the newest of
// every process.
Status SharedActivityLog::CompactLocked() {
  std::string all;
  for (const auto& e : entries_) all += ToJson(e).dump() + "\n";
  if (Status s = WriteFileAtomic(file_, all, kModePrivate); !s) return s;
  const FileInfo info = InfoOf(file_);
  inode_ = info.inode;
  offset_ = info.size;
  lines_in_file_ = entries_.size();
  return Status::Ok();
}

// --- accessors --------------------------------------------------------------------------------

std::vector<ActivityEntry> SharedActivityLog::Entries() const {
  std::lock_guard guard(mutex_);
  return {entries_.begin(), entries_.end()};
}

uint64_t SharedActivityLog::last_id() const {
  std::lock_guard guard(mutex_);
  return last_id_;
}

std::size_t SharedActivityLog::skipped_lines() const {
  std::lock_guard guard(mutex_);
  return skipped_;
}

std::string SharedActivityLog::ExportJson() const {
  std::lock_guard guard(mutex_);
  nlohmann::json array = nlohmann::json::array();
  for (const auto& e : entries_) array.push_back(ToJson(e));
  return array.dump(2);
}

}  // namespace trustdesk
