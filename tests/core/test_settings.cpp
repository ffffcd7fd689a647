#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/settings/settings.h"
#include "core/util/atomic_file.h"

using namespace trustdesk;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "trustdesk-settings-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

TEST_CASE("Settings defaults") {
  Settings s;
  CHECK_FALSE(s.advanced_mode);
  CHECK(s.theme == Theme::Dark);
  CHECK(s.font_scale == doctest::Approx(1.0));
  CHECK(s.sync_interval_minutes == 15);
  CHECK(s.scripts_enabled);  // each script still needs its own consent
  CHECK(s.last_page == "profiles");
}

TEST_CASE("Settings round-trip through JSON") {
  Settings s;
  s.advanced_mode = true;
  s.theme = Theme::Light;
  s.font_scale = 1.25f;
  s.sync_interval_minutes = 60;
  s.scripts_enabled = false;
  s.last_page = "issued";
  auto back = ParseSettings(SerializeSettings(s));
  REQUIRE(back.ok());
  CHECK(*back == s);
}

TEST_CASE("Settings: an older file's scripts_consent is read as the scripts switch only") {
  auto off = ParseSettings(R"({"scripts_consent": false})");
  REQUIRE(off.ok());
  CHECK_FALSE(off->scripts_enabled);
  auto on = ParseSettings(R"({"scripts_consent": true})");
  REQUIRE(on.ok());
  CHECK(on->scripts_enabled);
  // Written back under the new name, which wins when a file has both.
  CHECK(SerializeSettings(*on).find("scripts_consent") == std::string::npos);
  auto both = ParseSettings(R"({"scripts_consent": true, "scripts_enabled": false})");
  REQUIRE(both.ok());
  CHECK_FALSE(both->scripts_enabled);
}

TEST_CASE("ParseSettings accepts a partial document and keeps defaults for the rest") {
  auto s = ParseSettings(R"({"advanced_mode": true})");
  REQUIRE(s.ok());
  CHECK(s->advanced_mode);
  CHECK(s->sync_interval_minutes == 15);
}

TEST_CASE("ParseSettings names the offending key") {
  struct Case {
    const char* json;
    const char* key;
  };
  const Case cases[] = {
      {R"({"advanced_mode": "yes"})", "$.advanced_mode"},
      {R"({"theme": "purple"})", "$.theme"},
      {R"({"theme": 1})", "$.theme"},
      {R"({"font_scale": 9})", "$.font_scale"},
      {R"({"font_scale": "big"})", "$.font_scale"},
      {R"({"sync_interval_minutes": 0})", "$.sync_interval_minutes"},
      {R"({"sync_interval_minutes": 2.5})", "$.sync_interval_minutes"},
      {R"({"last_page": "../../etc"})", "$.last_page"},
      {R"({"colour": "red"})", "$.colour"},
      {R"({"format": 2})", "$.format"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.json);
    auto s = ParseSettings(c.json);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::InvalidInput);
    CHECK(s.error().message.find(c.key) != std::string::npos);
  }
}

TEST_CASE("ParseSettings rejects non-objects, bad JSON and oversized documents") {
  CHECK(ParseSettings("[]").error().code == ErrorCode::InvalidInput);
  CHECK(ParseSettings("{\"theme\": ").error().code == ErrorCode::Parse);
  CHECK(ParseSettings("\xff\xfe{}").error().code == ErrorCode::Parse);
  CHECK(ParseSettings(std::string(kMaxSettingsBytes + 1, ' ')).error().code ==
        ErrorCode::TooLarge);
}

TEST_CASE("SettingsFile: a missing file gives defaults and no error") {
  TempDir dir;
  SettingsFile file(dir.path / "settings.json");
  file.Load();
  CHECK(file.settings() == Settings{});
  CHECK_FALSE(file.load_error().has_value());
  CHECK_FALSE(fs::exists(file.path()));  // nothing written just by loading
}

TEST_CASE("SettingsFile: a bad file gives defaults, an error, and is kept until a change") {
  TempDir dir;
  const fs::path path = dir.path / "settings.json";
  const std::string bad = R"({"advanced_mode": "maybe"})";
  REQUIRE(WriteFileAtomic(path, bad).ok());
  SettingsFile file(path);
  file.Load();
  CHECK(file.settings() == Settings{});
  REQUIRE(file.load_error().has_value());
  CHECK(file.load_error()->message.find("$.advanced_mode") != std::string::npos);
  CHECK(file.load_error()->message.find(path.string()) != std::string::npos);

  // Updating with unchanged settings writes nothing.
  REQUIRE(file.Update(file.settings()).ok());
  CHECK(*ReadFileLimited(path, 1024) == bad);

  Settings next = file.settings();
  next.advanced_mode = true;
  REQUIRE(file.Update(next).ok());
  CHECK_FALSE(file.load_error().has_value());

  SettingsFile reloaded(path);
  reloaded.Load();
  CHECK_FALSE(reloaded.load_error().has_value());
  CHECK(reloaded.settings().advanced_mode);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}
