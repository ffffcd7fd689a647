// The server's data directory holds the CA keys, the admin token, password hashes and escrowed
// keys: the server makes it 0700 whatever mode it had, and refuses one owned by another user.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;
namespace server = trustdesk::server;

namespace {

unsigned Mode(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

server::ServerOptions Options(const std::filesystem::path& dir) {
  server::ServerOptions o;
  o.data_dir = dir;
  o.password_hash_iterations = 1000;
  o.threads = 4;
  return o;
}

}  // namespace

TEST_CASE("security: an existing data directory and its CA folder become 0700") {
  TempDir temp;
  auto data = temp.path() / "data";
  {
    auto first = server::Server::Start(Options(data));
    REQUIRE(first);
  }
  // An admin (or an unpacked backup) loosened the modes.
  REQUIRE(::chmod(data.c_str(), 0755) == 0);
  REQUIRE(::chmod((data / "ca").c_str(), 0777) == 0);
  auto started = server::Server::Start(Options(data));
  REQUIRE_MESSAGE(started, started.error().message);
  CHECK(Mode(data) == 0700);
  CHECK(Mode(data / "ca") == 0700);
}

TEST_CASE("security: a data directory owned by another user is refused") {
  TempDir temp;
  std::filesystem::path data = temp.path() / "theirs";
  if (::geteuid() == 0) {
    std::filesystem::create_directory(data);
    REQUIRE(::chown(data.c_str(), 65534, 65534) == 0);  // nobody
  } else {
    data = "/usr";  // owned by root, never by the test user
  }
  const unsigned before = Mode(data);
  auto started = server::Server::Start(Options(data));
  REQUIRE_FALSE(started);
  CHECK(started.error().message.find(data.string()) != std::string::npos);
  CHECK(started.error().message.find("owned by") != std::string::npos);
  CHECK(Mode(data) == before);  // left as it was
}
