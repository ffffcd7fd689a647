// Key files are private from their first byte, and an export never replaces a file that exists,
// even one that appears an instant before the new file is moved into place.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "core/keystore/secure_file.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;
namespace fs = std::filesystem;

namespace {

// Runs `body` with umask 0, so any mode the code asks for is the mode the file gets.
template <typename Body>
void WithUmaskZero(Body body) {
  const mode_t old = ::umask(0);
  body();
  ::umask(old);
}

}  // namespace

TEST_CASE("security: key files are created 0600 and land 0600 whatever the old file's mode") {
  TempDir dir;
  const fs::path key = dir.path() / "key.pem";
  WriteText(key, "old key");
  REQUIRE(::chmod(key.c_str(), 0644) == 0);
  WithUmaskZero([&] {
    // The temporary file the new content is written to is private before its first byte.
    auto temp = CreatePrivateTempFile(key);
    REQUIRE(temp.ok());
    struct stat st {};
    REQUIRE(::fstat(temp->fd, &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(st.st_size == 0);
    CHECK(temp->path.parent_path() == dir.path());
    ::close(temp->fd);
    ::unlink(temp->path.c_str());

    REQUIRE(WritePrivateFile(key, "new key").ok());
  });
  CHECK(FileModeBits(key) == 0600);
  CHECK(ReadText(key) == "new key");

  // A certificate keeps what the administrator chose; a new one is 0644.
  const fs::path cert = dir.path() / "cert.pem";
  WithUmaskZero([&] { REQUIRE(WritePublicFile(cert, "cert").ok()); });
  CHECK(FileModeBits(cert) == 0644);
  REQUIRE(::chmod(cert.c_str(), 0444) == 0);
  REQUIRE(WritePublicFile(cert, "cert 2").ok());
  CHECK(FileModeBits(cert) == 0444);
  // No temporary file is left behind.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) files += e.is_regular_file();
  CHECK(files == 2);
}

TEST_CASE("security: a new private file never replaces one that exists") {
  TempDir dir;
  const fs::path target = dir.path() / "export.p12";
  REQUIRE(WriteNewPrivateFile(target, "first").ok());
  CHECK(FileModeBits(target) == 0600);
  auto again = WriteNewPrivateFile(target, "second");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::Conflict);
  CHECK(again.error().message == target.string() + " already exists; it was not replaced");
  CHECK(ReadText(target) == "first");

  // The link() fallback for file systems without RENAME_NOREPLACE refuses the same way.
  const fs::path from = dir.path() / "temp";
  WriteText(from, "third");
  CHECK(RenameNoReplaceByLink(from, target).error().code == ErrorCode::Conflict);
  CHECK(ReadText(target) == "first");
  const fs::path free = dir.path() / "free.p12";
  REQUIRE(RenameNoReplaceByLink(from, free).ok());
  CHECK(ReadText(free) == "third");
  CHECK_FALSE(fs::exists(from));

  // Many writers at once: exactly one wins, and the file holds its bytes.
  const fs::path contested = dir.path() / "contested.pem";
  std::atomic<int> wins{0};
  std::atomic<int> winner{-1};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      if (WriteNewPrivateFile(contested, "writer " + std::to_string(i)).ok()) {
        wins.fetch_add(1);
        winner = i;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wins.load() == 1);
  CHECK(ReadText(contested) == "writer " + std::to_string(winner.load()));
}
