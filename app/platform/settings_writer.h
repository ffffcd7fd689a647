// Saves settings off the UI thread: the UI hands over the newest settings and returns at once; a
// writer thread saves the latest one (older pending ones are skipped). Saving is atomic (fsync),
// which can take long enough to drop frames, hence the thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/settings/settings.h"

namespace trustdesk {

class SettingsWriter {
 public:
  // `wake` is called from the writer thread after a failed save (so the UI shows it promptly).
  SettingsWriter(SettingsFile& file, std::function<void()> wake);
  ~SettingsWriter();  // saves what is pending, then stops
  SettingsWriter(const SettingsWriter&) = delete;
  SettingsWriter& operator=(const SettingsWriter&) = delete;

  void Save(const Settings& settings);
  // The last save error ("" after a later successful save).
  std::string LastError() const;

 private:
  void Run();

  SettingsFile& file_;
  std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<Settings> pending_;
  std::string last_error_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace trustdesk
