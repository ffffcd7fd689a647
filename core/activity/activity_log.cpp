#include "core/activity/activity_log.h"

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

#include <fstream>
#include <sstream>

#include "core/util/atomic_file.h"

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

}  // namespace

const char* ToString(ActivityKind kind) { return kKinds[static_cast<int>(kind)]; }
const char* ToString(ActivityOutcome outcome) { return kOutcomes[static_cast<int>(outcome)]; }

nlohmann::json ToJson(const ActivityEntry& e) {
  return {{"id", e.id},           {"at", FormatRfc3339(e.at)},      {"kind", ToString(e.kind)},
          {"outcome", ToString(e.outcome)}, {"title", e.title},     {"detail", e.detail},
          {"duration_ms", e.duration_ms},   {"profile_id", e.profile_id}, {"serial", e.serial}};
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

ActivityLog::ActivityLog(std::filesystem::path file, std::size_t capacity)
    : file_(std::move(file)), capacity_(capacity == 0 ? 1 : capacity) {}

Status ActivityLog::Load() {
  std::lock_guard lock(mutex_);
  if (file_.empty() || !std::filesystem::exists(file_)) return Status::Ok();
  std::ifstream in(file_, std::ios::binary);
  if (!in) return Error{ErrorCode::Io, "activity log " + file_.string() + ": cannot be read"};
  std::string line;
  while (std::getline(in, line)) {
    ++lines_in_file_;
    if (line.empty()) continue;
    auto parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    auto entry = parsed.is_discarded() ? Result<ActivityEntry>(Error{ErrorCode::Parse, "bad line"})
                                       : ActivityEntryFromJson(parsed);
    if (!entry.ok()) {
      ++skipped_lines_;  // a torn last line after a crash, or a hand-edited file
      continue;
    }
    next_id_ = std::max(next_id_, entry->id + 1);
    entries_.push_back(std::move(entry.value()));
    if (entries_.size() > capacity_) entries_.pop_front();
  }
  return Status::Ok();
}

std::size_t ActivityLog::skipped_lines() const {
  std::lock_guard lock(mutex_);
  return skipped_lines_;
}

uint64_t ActivityLog::Append(ActivityEntry entry) {
  std::lock_guard lock(mutex_);
  entry.id = next_id_++;
  entries_.push_back(entry);
  if (entries_.size() > capacity_) entries_.pop_front();
  if (!file_.empty()) {
    AppendToFileLocked(entry);
    if (lines_in_file_ > 2 * capacity_) CompactLocked();
  }
  return entry.id;
}

void ActivityLog::AppendToFileLocked(const ActivityEntry& entry) {
  std::string line = ToJson(entry).dump() + "\n";
#ifdef _WIN32
  std::ofstream out(file_, std::ios::binary | std::ios::app);
  out << line;
  out.flush();
  if (out) ++lines_in_file_;
#else
  int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;  // the in-memory timeline still has it; the file is best effort
  ssize_t written = ::write(fd, line.data(), line.size());
  ::fdatasync(fd);
  ::close(fd);
  if (written == static_cast<ssize_t>(line.size())) ++lines_in_file_;
#endif
}

// Rewrites the file with only the entries still kept in memory (atomic replace).
void ActivityLog::CompactLocked() {
  std::string all;
  for (const auto& e : entries_) all += ToJson(e).dump() + "\n";
  if (WriteFileAtomic(file_, all, 0600).ok()) lines_in_file_ = entries_.size();
}

std::vector<ActivityEntry> ActivityLog::Entries() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

uint64_t ActivityLog::last_id() const {
  std::lock_guard lock(mutex_);
  return next_id_ - 1;
}

std::string ActivityLog::ExportJson() const {
  std::lock_guard lock(mutex_);
  nlohmann::json array = nlohmann::json::array();
  for (const auto& e : entries_) array.push_back(ToJson(e));
  return array.dump(2);
}

}  // namespace trustdesk
