// The OS secret store. The keyring cases need a private D-Bus session with an unlocked
// gnome-keyring, so they are skipped in the plain test run and run by
// secret_store_keyring_test.sh (registered in CTest as secret_store_keyring).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/secrets/secret_store.h"

using namespace trustdesk;

namespace {

bool AnyFileContains(const std::filesystem::path& root, const std::string& needle) {
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (data.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("An unavailable secret store says why and stores nothing") {
  auto store = CreateUnavailableSecretStore("no OS secret store available: test");
  CHECK(store->Name() == "none");
  const Status available = store->Available();
  REQUIRE_FALSE(available.ok());
  CHECK(available.error().code == ErrorCode::Unsupported);
  CHECK(available.error().message == "no OS secret store available: test");
  const SecretKey key{"https://127.0.0.1:1", "acme", "alice"};
  CHECK_FALSE(store->Store(key, "token-value").ok());
  CHECK_FALSE(store->Load(key).ok());
  CHECK_FALSE(store->Erase(key).ok());
}

TEST_CASE("secret store keyring: without a session bus the system store says so" * doctest::skip()) {
  REQUIRE(std::getenv("DBUS_SESSION_BUS_ADDRESS") == nullptr);
  auto store = CreateSystemSecretStore();
  const Status available = store->Available();
  REQUIRE_FALSE(available.ok());
  CHECK(available.error().code == ErrorCode::Unsupported);
  CHECK(available.error().message.find("no OS secret store available") != std::string::npos);
  CHECK_FALSE(store->Store({"https://h", "a", "u"}, "tok-xyz-123").ok());
}

TEST_CASE("secret store keyring: round trip through gnome-keyring" * doctest::skip()) {
  const char* home = std::getenv("TRUSTDESK_KEYRING_HOME");
  REQUIRE_MESSAGE(home != nullptr, "run through secret_store_keyring_test.sh");
  auto store = CreateSystemSecretStore();
  CHECK(store->Name() == "Secret Service (libsecret)");
  const Status available = store->Available();
  REQUIRE_MESSAGE(available.ok(), (available.ok() ? "" : available.error().message));

  const SecretKey alice{"https://127.0.0.1:8443", "acme", "alice"};
  const SecretKey bob{"https://127.0.0.1:8443", "acme", "bob"};
  const SecretKey other_server{"https://10.0.0.1:8443", "acme", "alice"};
  const std::string token = "td-session-4f1c9a7e2b6d8035";

  REQUIRE(store->Store(alice, token).ok());
  auto loaded = store->Load(alice);
  REQUIRE(loaded.ok());
  REQUIRE(loaded->has_value());
  CHECK(**loaded == token);

  // Each (server, account, user) is its own item.
  auto none = store->Load(bob);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  auto elsewhere = store->Load(other_server);
  REQUIRE(elsewhere.ok());
  CHECK_FALSE(elsewhere->has_value());

  // Storing again replaces the token.
  REQUIRE(store->Store(alice, token + "-2").ok());
  CHECK(**store->Load(alice) == token + "-2");

  // The keyring encrypts what it writes: the token appears in no file under the session's home.
  CHECK_FALSE(AnyFileContains(home, token));

  REQUIRE(store->Erase(alice).ok());
  auto erased = store->Load(alice);
  REQUIRE(erased.ok());
  CHECK_FALSE(erased->has_value());
  CHECK(store->Erase(alice).ok());  // erasing twice is fine
}
