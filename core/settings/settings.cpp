#include "core/settings/settings.h"

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "core/util/atomic_file.h"

namespace trustdesk {
namespace {

using nlohmann::json;

constexpr int kSettingsFormat = 1;

Error Invalid(const std::string& key, const std::string& problem) {
  return Error(ErrorCode::InvalidInput, "settings: $." + key + " " + problem);
}

bool ValidPageId(const std::string& id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

}  // namespace

const char* ToString(Theme theme) { return theme == Theme::Light ? "light" : "dark"; }

Result<Settings> ParseSettings(std::string_view text) {
  if (text.size() > kMaxSettingsBytes) {
    return Error(ErrorCode::TooLarge, "settings: document is " + std::to_string(text.size()) +
                                          " bytes; the limit is " +
                                          std::to_string(kMaxSettingsBytes));
  }
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return Error(ErrorCode::Parse, std::string("settings: not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) return Error(ErrorCode::InvalidInput, "settings: $ must be an object");

  static const std::set<std::string> kKnown = {"format",     "advanced_mode",
                                               "theme",      "font_scale",
                                               "sync_interval_minutes", "scripts_enabled",
                                               "scripts_consent",
                                               "last_page"};
  for (const auto& item : doc.items()) {
    if (!kKnown.count(item.key())) return Invalid(item.key(), "is not a known setting");
  }

  Settings s;
  if (auto it = doc.find("format"); it != doc.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() != kSettingsFormat) {
      return Invalid("format", "must be " + std::to_string(kSettingsFormat));
    }
  }
  auto read_bool = [&](const char* key, bool& out) -> Status {
    auto it = doc.find(key);
    if (it == doc.end()) return Status::Ok();
    if (!it->is_boolean()) return Invalid(key, "must be true or false");
    out = it->get<bool>();
    return Status::Ok();
  };
  if (Status st = read_bool("advanced_mode", s.advanced_mode); !st) return st.error();
  // Older versions' "scripts_consent" allowed every script; now it only switches scripts on or off.
  if (Status st = read_bool("scripts_consent", s.scripts_enabled); !st) return st.error();
  if (Status st = read_bool("scripts_enabled", s.scripts_enabled); !st) return st.error();

  if (auto it = doc.find("theme"); it != doc.end()) {
    if (!it->is_string()) return Invalid("theme", "must be \"dark\" or \"light\"");
    const auto& v = it->get_ref<const std::string&>();
    if (v == "dark") {
      s.theme = Theme::Dark;
    } else if (v == "light") {
      s.theme = Theme::Light;
    } else {
      return Invalid("theme", "must be \"dark\" or \"light\", got \"" + v.substr(0, 32) + "\"");
    }
  }
  if (auto it = doc.find("font_scale"); it != doc.end()) {
    if (!it->is_number()) return Invalid("font_scale", "must be a number");
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < kMinFontScale || v > kMaxFontScale) {
      return Invalid("font_scale", "must be between 0.75 and 2.0");
    }
    s.font_scale = static_cast<float>(v);
  }
  if (auto it = doc.find("sync_interval_minutes"); it != doc.end()) {
    if (!it->is_number_integer()) return Invalid("sync_interval_minutes", "must be an integer");
    const int64_t v = it->get<int64_t>();
    if (v < kMinSyncInterval || v > kMaxSyncInterval) {
      return Invalid("sync_interval_minutes", "must be between 1 and 1440");
    }
    s.sync_interval_minutes = static_cast<int>(v);
  }
  if (auto it = doc.find("last_page"); it != doc.end()) {
    if (!it->is_string() || !ValidPageId(it->get_ref<const std::string&>())) {
      return Invalid("last_page", "must be a page id (lower-case letters and '_', at most 32)");
    }
    s.last_page = it->get<std::string>();
  }
  return s;
}

std::string SerializeSettings(const Settings& s) {
  json doc = {
      {"format", kSettingsFormat},
      {"advanced_mode", s.advanced_mode},
      {"theme", ToString(s.theme)},
      {"font_scale", s.font_scale},
      {"sync_interval_minutes", s.sync_interval_minutes},
      {"scripts_enabled", s.scripts_enabled},
      {"last_page", s.last_page},
  };
  return doc.dump(2) + "\n";
}

void SettingsFile::Load() {
  settings_ = Settings{};
  load_error_.reset();
  auto bytes = ReadFileLimited(path_, kMaxSettingsBytes);
  if (!bytes) {
    if (bytes.error().code != ErrorCode::NotFound) load_error_ = bytes.error();
    return;
  }
  auto parsed = ParseSettings(*bytes);
  if (!parsed) {
    load_error_ = Error(parsed.error().code,
                        parsed.error().message + " (in " + path_.string() + "; using defaults)");
    return;
  }
  settings_ = *parsed;
}

Status SettingsFile::Update(const Settings& next) {
  if (next == settings_) return Status::Ok();
  settings_ = next;
  Status st = WriteFileAtomic(path_, SerializeSettings(settings_), kModePrivate);
  if (st) load_error_.reset();  // the bad file has been replaced by what the user chose
  return st;
}

}  // namespace trustdesk
