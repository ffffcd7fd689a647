// Sections: JSON mapping · reading (load, catch-up) · appending · compaction · accessors.
#include "core/activity/activity_log.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <optional>

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

#include "core/util/atomic_file.h"
#include "core/util/file_lock.h"

namespace trustdesk {
namespace {

constexpr const char* kKinds[] = {"sync", "job", "background_action", "script", "account"};
constexpr const char* kOutcomes[] = {"succeeded", "failed", "cancelled", "nothing_to_do", "info"};

template <class Enum, std::size_t N>
std::optional<Enum> EnumFromString(const char* const (&names)[N], const std::string& s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

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

// Appends `bytes` in one write and flushes them to disk, so lines are never interleaved.
bool AppendBytes(const std::filesystem::path& file, const std::string& bytes) {
#ifdef _WIN32
  std::ofstream out(file, std::ios::binary | std::ios::app);
  out << bytes;
  out.flush();
  return static_cast<bool>(out);
#else
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const ssize_t written = ::write(fd, bytes.data(), bytes.size());
  const int synced = ::fdatasync(fd);
  ::close(fd);
  return written == static_cast<ssize_t>(bytes.size()) && synced == 0;
#endif
}

}  // namespace

// --- JSON mapping -----------------------------------------------------------------------------

const char* ToString(ActivityKind kind) { return kKinds[static_cast<int>(kind)]; }
const char* ToString(ActivityOutcome outcome) { return kOutcomes[static_cast<int>(outcome)]; }

nlohmann::json ToJson(const ActivityEntry& e) {
  return {{"id", e.id},
          {"at", FormatRfc3339(e.at)},
          {"kind", ToString(e.kind)},
          {"outcome", ToString(e.outcome)},
          {"title", e.title},
          {"detail", e.detail},
          {"duration_ms", e.duration_ms},
          {"profile_id", e.profile_id},
          {"serial", e.serial}};
}

Result<ActivityEntry> ActivityEntryFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return Error{ErrorCode::Parse, "activity entry: not an object"};
  try {
    ActivityEntry e;
    e.id = j.at("id").get<uint64_t>();
    auto at = ParseRfc3339(j.at("at").get<std::string>());
    if (!at) return Error{ErrorCode::Parse, "activity entry.at: not an RFC 3339 time"};
    e.at = *at;
    auto kind = EnumFromString<ActivityKind>(kKinds, j.at("kind").get<std::string>());
    auto outcome = EnumFromString<ActivityOutcome>(kOutcomes, j.at("outcome").get<std::string>());
    if (!kind) return Error{ErrorCode::Parse, "activity entry.kind: unknown value"};
    if (!outcome) return Error{ErrorCode::Parse, "activity entry.outcome: unknown value"};
    e.kind = *kind;
    e.outcome = *outcome;
    e.title = j.at("title").get<std::string>();
    e.detail = j.value("detail", "");
    e.duration_ms = j.value("duration_ms", int64_t{0});
    e.profile_id = j.value("profile_id", "");
    e.serial = j.value("serial", "");
    return e;
  } catch (const nlohmann::json::exception& ex) {
    return Error{ErrorCode::Parse, std::string("activity entry: ") + ex.what()};
  }
}

// --- reading (load, catch-up) -----------------------------------------------------------------

ActivityLog::ActivityLog(std::filesystem::path file, std::size_t capacity)
    : file_(std::move(file)),
      lock_file_(file_.empty() ? std::filesystem::path() : FileLock::LockFileFor(file_)),
      capacity_(capacity == 0 ? 1 : capacity) {}

Status ActivityLog::Load() {
  if (file_.empty() || !std::filesystem::exists(file_)) return Status::Ok();
  auto lock = FileLock::Acquire(lock_file_);
  if (!lock) return lock.error();
  std::lock_guard guard(mutex_);
  entries_.clear();
  inode_ = 0;
  offset_ = 0;
  lines_in_file_ = 0;
  return CatchUpLocked();
}

Result<bool> ActivityLog::Refresh() {
  if (file_.empty()) return false;
  {
    std::lock_guard guard(mutex_);
    const FileInfo info = InfoOf(file_);
    if (!info.exists || (info.inode == inode_ && info.size == offset_)) return false;
  }
  auto lock = FileLock::Acquire(lock_file_);
  if (!lock) return lock.error();
  std::lock_guard guard(mutex_);
  const uint64_t before = last_id_;
  if (Status s = CatchUpLocked(); !s) return s.error();
  return last_id_ != before;
}

Status ActivityLog::CatchUpLocked() {
  const FileInfo info = InfoOf(file_);
  if (!info.exists) return Status::Ok();
  if (info.inode != inode_ || info.size < offset_) {
    // Replaced by a compaction (ours or another process's): it holds the newest entries.
    entries_.clear();
    offset_ = 0;
    lines_in_file_ = 0;
    torn_tail_ = false;
    inode_ = info.inode;
  }
  if (info.size == offset_) return Status::Ok();
  std::ifstream in(file_, std::ios::binary);
  if (!in) return Error{ErrorCode::Io, "activity log " + file_.string() + ": cannot be read"};
  in.seekg(static_cast<std::streamoff>(offset_));
  std::string chunk(info.size - offset_, '\0');
  in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  chunk.resize(static_cast<std::size_t>(in.gcount()));
  std::size_t pos = 0;
  while (pos < chunk.size()) {
    const std::size_t nl = chunk.find('\n', pos);
    const bool complete = nl != std::string::npos;
    const std::string line = chunk.substr(pos, complete ? nl - pos : std::string::npos);
    pos = complete ? nl + 1 : chunk.size();
    ++lines_in_file_;
    if (line.empty()) continue;
    auto parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    auto entry = parsed.is_discarded() || !complete
                     ? Result<ActivityEntry>(Error{ErrorCode::Parse, "bad line"})
                     : ActivityEntryFromJson(parsed);
    if (!entry) {
      // A torn last line (writers hold the lock, so an unfinished one is from a crash) or a
      // hand-edited line.
      ++skipped_lines_;
      continue;
    }
    KeepLocked(std::move(entry).value());
  }
  if (!chunk.empty()) torn_tail_ = chunk.back() != '\n';
  offset_ += chunk.size();
  return Status::Ok();
}

void ActivityLog::KeepLocked(ActivityEntry entry) {
  last_id_ = std::max(last_id_, entry.id);
  entries_.push_back(std::move(entry));
  while (entries_.size() > capacity_) entries_.pop_front();
}

std::size_t ActivityLog::skipped_lines() const {
  std::lock_guard guard(mutex_);
  return skipped_lines_;
}

// --- appending --------------------------------------------------------------------------------

uint64_t ActivityLog::Append(ActivityEntry entry) {
  if (file_.empty()) {
    std::lock_guard guard(mutex_);
    entry.id = last_id_ + 1;
    KeepLocked(entry);
    return entry.id;
  }
  auto lock = FileLock::Acquire(lock_file_);  // without it the append is still atomic enough
  std::lock_guard guard(mutex_);
  const bool read = lock.ok() && CatchUpLocked().ok();
  entry.id = last_id_ + 1;
  KeepLocked(entry);
  if (!read) return entry.id;  // memory keeps it; the file is best effort
  std::string line = ToJson(entry).dump() + "\n";
  if (torn_tail_) line.insert(line.begin(), '\n');  // end the torn line so it cannot swallow ours
  if (AppendBytes(file_, line)) {
    const FileInfo after = InfoOf(file_);
    inode_ = after.inode;
    offset_ = after.size;
    torn_tail_ = false;
    ++lines_in_file_;
    if (lines_in_file_ > 2 * capacity_) CompactLocked();
  }
  return entry.id;
}

// --- compaction -------------------------------------------------------------------------------

// Rewrites the file with the entries kept in memory, which after a catch-up are the newest of
// every process (atomic replace).
void ActivityLog::CompactLocked() {
  std::string all;
  for (const auto& e : entries_) all += ToJson(e).dump() + "\n";
  if (!WriteFileAtomic(file_, all, kModePrivate).ok()) return;
  const FileInfo info = InfoOf(file_);
  inode_ = info.inode;
  offset_ = info.size;
  lines_in_file_ = entries_.size();
  torn_tail_ = false;
}

// --- accessors --------------------------------------------------------------------------------

std::vector<ActivityEntry> ActivityLog::Entries() const {
  std::lock_guard guard(mutex_);
  return {entries_.begin(), entries_.end()};
}

uint64_t ActivityLog::last_id() const {
  std::lock_guard guard(mutex_);
  return last_id_;
}

std::string ActivityLog::ExportJson() const {
  std::lock_guard guard(mutex_);
  nlohmann::json array = nlohmann::json::array();
  for (const auto& e : entries_) array.push_back(ToJson(e));
  return array.dump(2);
}

}  // namespace trustdesk
