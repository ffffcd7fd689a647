#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/util/atomic_file.h"

using namespace trustdesk;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "trustdesk-atomic-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

unsigned ModeOf(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

std::size_t CountEntries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("WriteFileAtomic creates the file with the requested mode and content") {
  TempDir dir;
  const fs::path file = dir.path / "key.pem";
  REQUIRE(WriteFileAtomic(file, "secret bytes", kModePrivate).ok());
  CHECK(ModeOf(file) == 0600);
  auto back = ReadFileLimited(file, 1024);
  REQUIRE(back.ok());
  CHECK(*back == "secret bytes");
  CHECK(CountEntries(dir.path) == 1);  // no temp file left behind
}

TEST_CASE("WriteFileAtomic replaces existing content and leaves no temp file") {
  TempDir dir;
  const fs::path file = dir.path / "settings.json";
  REQUIRE(WriteFileAtomic(file, "old old old", kModePrivate).ok());
  REQUIRE(WriteFileAtomic(file, "new", kModePrivate).ok());
  CHECK(*ReadFileLimited(file, 1024) == "new");
  CHECK(CountEntries(dir.path) == 1);
}

TEST_CASE("WriteFileAtomic applies the mode from creation, not the old file's mode") {
  TempDir dir;
  const fs::path file = dir.path / "cert.pem";
  REQUIRE(WriteFileAtomic(file, "public", kModePublic).ok());
  // The process umask may only remove bits from the requested mode.
  CHECK((ModeOf(file) & ~0644u) == 0);
  REQUIRE(WriteFileAtomic(file, "now private", kModePrivate).ok());
  CHECK(ModeOf(file) == 0600);
}

TEST_CASE("WriteFileAtomic handles empty and large contents") {
  TempDir dir;
  const fs::path file = dir.path / "blob";
  REQUIRE(WriteFileAtomic(file, "", kModePrivate).ok());
  CHECK(ReadFileLimited(file, 0)->empty());
  const std::string big(3 * 1024 * 1024 + 17, 'x');
  REQUIRE(WriteFileAtomic(file, big, kModePrivate).ok());
  auto back = ReadFileLimited(file, big.size());
  REQUIRE(back.ok());
  CHECK(back->size() == big.size());
}

TEST_CASE("WriteFileAtomic fails with a message naming the path when the directory is missing") {
  TempDir dir;
  const fs::path file = dir.path / "no-such-dir" / "x.json";
  Status st = WriteFileAtomic(file, "x", kModePrivate);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().code == ErrorCode::Io);
  CHECK(st.error().message.find("x.json") != std::string::npos);
}

TEST_CASE("WriteFileAtomic keeps the old file when the directory is not writable") {
  if (::geteuid() == 0) return;  // root ignores directory permissions
  TempDir dir;
  const fs::path file = dir.path / "keep.txt";
  REQUIRE(WriteFileAtomic(file, "original", kModePrivate).ok());
  fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
  Status st = WriteFileAtomic(file, "replacement", kModePrivate);
  fs::permissions(dir.path, fs::perms::owner_all);
  CHECK_FALSE(st.ok());
  CHECK(*ReadFileLimited(file, 1024) == "original");
}

TEST_CASE("ReadFileLimited rejects files over the limit before reading") {
  TempDir dir;
  const fs::path file = dir.path / "big";
  REQUIRE(WriteFileAtomic(file, std::string(101, 'a'), kModePrivate).ok());
  auto r = ReadFileLimited(file, 100);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::TooLarge);
  CHECK(r.error().message.find("101") != std::string::npos);
  CHECK(ReadFileLimited(file, 101).ok());
}

TEST_CASE("ReadFileLimited reports a missing file and a directory distinctly") {
  TempDir dir;
  auto missing = ReadFileLimited(dir.path / "absent", 10);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::NotFound);
  auto directory = ReadFileLimited(dir.path, 10);
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.error().code == ErrorCode::InvalidInput);
}
