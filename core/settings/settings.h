// User preferences (SPEC §9, Settings page) and their file, settings.json in the per-user config
// directory. Loading is strict: a file with a wrong type, an out-of-range value or an unknown key
// is rejected as a whole, the defaults are used and the error is kept for the UI to show. The bad
// file is left untouched until the user changes a setting, so nothing is lost by just looking.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace trustdesk {

enum class Theme { Dark, Light };

struct Settings {
  bool advanced_mode = false;
  Theme theme = Theme::Dark;
  float font_scale = 1.0f;            // kMinFontScale..kMaxFontScale
  int sync_interval_minutes = 15;     // kMinSyncInterval..kMaxSyncInterval
  // Master switch for post-processing scripts. On, a script still runs only when the user allowed
  // that exact script (core/scripts/script_consent.h); off, no script runs at all. The file
  // key "scripts_consent" of older versions is read as this switch.
  bool scripts_enabled = true;
  std::string last_page = "profiles"; // page id, [a-z_]{1,32}

  bool operator==(const Settings&) const = default;
};

inline constexpr float kMinFontScale = 0.75f;
inline constexpr float kMaxFontScale = 2.0f;
inline constexpr int kMinSyncInterval = 1;
inline constexpr int kMaxSyncInterval = 24 * 60;
inline constexpr std::size_t kMaxSettingsBytes = 64 * 1024;

const char* ToString(Theme theme);  // "dark", "light"

// Parses a settings document; the error names the offending key.
Result<Settings> ParseSettings(std::string_view json);
// The document ParseSettings accepts, pretty-printed.
std::string SerializeSettings(const Settings& settings);

// settings.json: loaded once, saved atomically (0600) on every change.
class SettingsFile {
 public:
  explicit SettingsFile(std::filesystem::path path) : path_(std::move(path)) {}

  // A missing file gives the defaults with no error; a bad one gives the defaults and an error.
  void Load();
  const Settings& settings() const { return settings_; }
  const std::optional<Error>& load_error() const { return load_error_; }
  const std::filesystem::path& path() const { return path_; }

  // Adopts `next` and writes it when it differs from the current settings. On a write failure the
  // new settings stay in effect for this run and the error is returned.
  Status Update(const Settings& next);

 private:
  std::filesystem::path path_;
  Settings settings_;
  std::optional<Error> load_error_;
};

}  // namespace trustdesk
