#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "core/util/paths.h"

using namespace trustdesk;
namespace fs = std::filesystem;

namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

#if !defined(_WIN32) && !defined(__APPLE__)
TEST_CASE("ResolveUserDirs uses XDG variables under a TrustDesk folder") {
  auto dirs = ResolveUserDirs(FakeEnv({{"HOME", "/home/ana"},
                                       {"XDG_CONFIG_HOME", "/xdg/config"},
                                       {"XDG_DATA_HOME", "/xdg/data"},
                                       {"XDG_CACHE_HOME", "/xdg/cache"}}));
  REQUIRE(dirs.ok());
  CHECK(dirs->config == fs::path("/xdg/config/TrustDesk"));
  CHECK(dirs->data == fs::path("/xdg/data/TrustDesk"));
  CHECK(dirs->cache == fs::path("/xdg/cache/TrustDesk"));
}

TEST_CASE("ResolveUserDirs falls back to ~/.config, ~/.local/share and ~/.cache") {
  // A relative XDG value is invalid per the XDG spec and is ignored.
  auto dirs = ResolveUserDirs(FakeEnv({{"HOME", "/home/ana"}, {"XDG_CONFIG_HOME", "rel/dir"}}));
  REQUIRE(dirs.ok());
  CHECK(dirs->config == fs::path("/home/ana/.config/TrustDesk"));
  CHECK(dirs->data == fs::path("/home/ana/.local/share/TrustDesk"));
  CHECK(dirs->cache == fs::path("/home/ana/.cache/TrustDesk"));
}

TEST_CASE("ResolveUserDirs fails clearly without HOME or XDG variables") {
  auto dirs = ResolveUserDirs(FakeEnv({}));
  REQUIRE_FALSE(dirs.ok());
  CHECK(dirs.error().message.find("HOME") != std::string::npos);
}
#endif

TEST_CASE("TRUSTDESK_DATA_DIR overrides every directory with one root") {
  auto dirs = ResolveUserDirs(
      FakeEnv({{"HOME", "/home/ana"}, {"XDG_CONFIG_HOME", "/x"}, {"TRUSTDESK_DATA_DIR", "/qa/run1"}}));
  REQUIRE(dirs.ok());
  CHECK(dirs->config == fs::path("/qa/run1/config"));
  CHECK(dirs->data == fs::path("/qa/run1/data"));
  CHECK(dirs->cache == fs::path("/qa/run1/cache"));
}

TEST_CASE("TRUSTDESK_DATA_DIR must be absolute") {
  auto dirs = ResolveUserDirs(FakeEnv({{"HOME", "/home/ana"}, {"TRUSTDESK_DATA_DIR", "qa"}}));
  REQUIRE_FALSE(dirs.ok());
  CHECK(dirs.error().message.find("TRUSTDESK_DATA_DIR") != std::string::npos);
}

TEST_CASE("EnsureUserDirs creates private directories") {
  std::string tmpl = (fs::temp_directory_path() / "trustdesk-paths-XXXXXX").string();
  REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
  const fs::path root(tmpl);
  auto dirs = ResolveUserDirs(FakeEnv({{"TRUSTDESK_DATA_DIR", root.string()}}));
  REQUIRE(dirs.ok());
  auto made = EnsureUserDirs(*dirs);
  REQUIRE(made.ok());
  for (const auto& d : {made->config, made->data, made->cache}) {
    struct stat st {};
    REQUIRE(::stat(d.c_str(), &st) == 0);
    CHECK(S_ISDIR(st.st_mode));
    CHECK((st.st_mode & 0777) == 0700);
  }
  CHECK(EnsureUserDirs(*dirs).ok());  // idempotent
  fs::remove_all(root);
}
