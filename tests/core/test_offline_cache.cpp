// The offline cache on real files: a snapshot survives Save/Load exactly (raw JSON byte for byte),
// a truncated, edited, foreign or future file is refused with an error naming the line or field,
// and a cache written by the previous format (one JSON document) still loads.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/model/json_mapping.h"
#include "core/support/crypto_test_support.h"
#include "core/support/fake_backend.h"
#include "core/sync/offline_cache.h"

using namespace trustdesk;
using trustdesk::testing::FakeBackend;
using trustdesk::testing::TempDir;

namespace {

const CacheKey kKey{"https://127.0.0.1:8443", "acme", "alice"};
constexpr const char* kPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

ProfileEntry Entry(const std::string& id, int64_t revision) {
  const nlohmann::json raw = FakeBackend::MakeProfile(id, revision, "Profile " + id);
  ProfileEntry e;
  e.profile = ProfileFromJson(raw).value();
  e.raw_json = raw.dump();
  return e;
}

IssuedCertificate Cert(int i) {
  IssuedCertificate c;
  c.serial = "0a" + std::to_string(1000 + i);
  c.profile_id = "p-" + std::to_string(i);
  c.profile_revision = 1;
  c.common_name = "alice " + std::to_string(i);
  c.subject = "CN=" + c.common_name + ",O=Acme";
  c.issuer = "CN=Acme Issuing CA";
  c.san = {"email:alice@acme.example"};
  c.not_before = Timestamp{1'700'000'000};
  c.not_after = Timestamp{1'731'536'000};
  c.certificate_pem = kPem;
  return c;
}

Snapshot MakeSnapshot(int profiles, int certs) {
  Snapshot s;
  s.account = AccountFromJson(FakeBackend::MakeAccount()).value();
  std::vector<ProfileEntry> entries;
  for (int i = 0; i < profiles; ++i) entries.push_back(Entry("p-" + std::to_string(i), 1 + i % 3));
  if (profiles > 1) {
    entries[0].is_new = true;
    entries[1].changes = {{"$.version", "\"1.0\"", "\"1.1\""}, {"$.description", "", "\"new\""}};
  }
  s.profiles = std::move(entries);
  std::vector<IssuedCertificate> issued;
  for (int i = 0; i < certs; ++i) issued.push_back(Cert(i));
  s.issued = std::move(issued);
  s.profiles_etag = "\"r7\"";
  s.profiles_revision = 7;
  s.sync.last_synced = Timestamp{1'720'000'000};
  return s;
}

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteAll(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("OfflineCache: save and load give back the same snapshot, raw JSON byte for byte") {
  TempDir dir;
  OfflineCache cache(dir.path());
  const Snapshot s = MakeSnapshot(300, 40);  // enough items to be parsed on several threads
  REQUIRE(cache.Save(kKey, s, Timestamp{1'720'000'100}));

  const auto lines = Lines(ReadAll(cache.PathFor(kKey)));
  CHECK(lines.size() == 1 + 2 * 300 + 40);

  auto loaded = cache.Load(kKey);
  REQUIRE_MESSAGE(loaded, (loaded ? "" : loaded.error().message));
  CHECK(loaded->account == *s.account);
  CHECK(loaded->profiles_etag == "\"r7\"");
  CHECK(loaded->profiles_revision == 7);
  CHECK(loaded->last_synced == s.sync.last_synced);
  CHECK(loaded->saved_at == Timestamp{1'720'000'100});
  REQUIRE(loaded->profiles.size() == 300);
  for (std::size_t i = 0; i < 300; ++i) {
    CHECK(loaded->profiles[i].profile == s.profiles[i].profile);
    CHECK(loaded->profiles[i].raw_json == s.profiles[i].raw_json);
    CHECK(loaded->profiles[i].changes == s.profiles[i].changes);
    CHECK(loaded->profiles[i].is_new == s.profiles[i].is_new);
  }
  REQUIRE(loaded->issued.size() == 40);
  for (std::size_t i = 0; i < 40; ++i) CHECK(loaded->issued[i] == s.issued[i]);
}

TEST_CASE("OfflineCache: an indented raw JSON is stored compact on one line") {
  TempDir dir;
  OfflineCache cache(dir.path());
  Snapshot s = MakeSnapshot(2, 0);
  auto entries = s.profiles.Copy();
  entries[1].raw_json = nlohmann::json::parse(entries[1].raw_json).dump(2);
  s.profiles = std::move(entries);
  REQUIRE(cache.Save(kKey, s, Timestamp{1'720'000'100}));
  auto loaded = cache.Load(kKey);
  REQUIRE(loaded);
  CHECK(loaded->profiles[1].raw_json.find('\n') == std::string::npos);
  CHECK(nlohmann::json::parse(loaded->profiles[1].raw_json) ==
        nlohmann::json::parse(s.profiles[1].raw_json));
  CHECK(loaded->profiles[1].profile == s.profiles[1].profile);
}

TEST_CASE("OfflineCache: a damaged file is refused with the line or field that is wrong") {
  TempDir dir;
  OfflineCache cache(dir.path());
  REQUIRE(cache.Save(kKey, MakeSnapshot(3, 2), Timestamp{1'720'000'100}));
  const auto path = cache.PathFor(kKey);
  auto lines = Lines(ReadAll(path));
  REQUIRE(lines.size() == 1 + 6 + 2);

  SUBCASE("truncated") {
    lines.pop_back();
    WriteAll(path, Join(lines));
    auto loaded = cache.Load(kKey);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().code == ErrorCode::Parse);
    CHECK(loaded.error().message.find(path.string()) != std::string::npos);
    CHECK(loaded.error().message.find("truncated") != std::string::npos);
  }
  SUBCASE("a profile's raw JSON no longer a valid profile") {
    auto raw = nlohmann::json::parse(lines[4]);  // profile 1's raw JSON
    raw["policy"] = 5;
    lines[4] = raw.dump();
    WriteAll(path, Join(lines));
    auto loaded = cache.Load(kKey);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().message.find("line 5 (profile 1)") != std::string::npos);
    CHECK(loaded.error().message.find("policy") != std::string::npos);
  }
  SUBCASE("broken JSON in a certificate line") {
    lines[8] = lines[8].substr(0, 20);
    WriteAll(path, Join(lines));
    auto loaded = cache.Load(kKey);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().message.find("line 9 (certificate 1)") != std::string::npos);
  }
  SUBCASE("a huge count in the header allocates nothing and is refused") {
    auto header = nlohmann::json::parse(lines[0]);
    header["profiles"] = 4'000'000'000'000LL;
    lines[0] = header.dump();
    WriteAll(path, Join(lines));
    auto loaded = cache.Load(kKey);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().message.find("truncated or edited") != std::string::npos);
  }
  SUBCASE("another user's cache") {
    auto header = nlohmann::json::parse(lines[0]);
    header["username"] = "bob";
    lines[0] = header.dump();
    WriteAll(path, Join(lines));
    auto loaded = cache.Load(kKey);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().code == ErrorCode::InvalidInput);
    CHECK(loaded.error().message.find("$.username: belongs to another account or user") !=
          std::string::npos);
  }
  SUBCASE("a future format") {
    auto header = nlohmann::json::parse(lines[0]);
    header["version"] = 3;
    lines[0] = header.dump();
    WriteAll(path, Join(lines));
    auto loaded = cache.Load(kKey);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().code == ErrorCode::Unsupported);
  }
}

TEST_CASE("OfflineCache: a cache in the previous format (one JSON document) still loads") {
  TempDir dir;
  OfflineCache cache(dir.path());
  const Snapshot s = MakeSnapshot(3, 1);
  nlohmann::json profiles = nlohmann::json::array();
  for (const ProfileEntry& e : s.profiles) {
    nlohmann::json changes = nlohmann::json::array();
    for (const FieldChange& c : e.changes) {
      changes.push_back({{"path", c.path}, {"before", c.before}, {"after", c.after}});
    }
    profiles.push_back(
        {{"raw", nlohmann::json::parse(e.raw_json)}, {"changes", changes}, {"is_new", e.is_new}});
  }
  const nlohmann::json doc = {{"format", "trustdesk-offline-cache"},
                              {"version", 1},
                              {"server_url", kKey.server_url},
                              {"account_id", kKey.account_id},
                              {"username", kKey.username},
                              {"saved_at", "2024-07-03T09:48:20Z"},
                              {"last_synced", nullptr},
                              {"profiles_etag", "\"r7\""},
                              {"profiles_revision", 7},
                              {"account", ToJson(*s.account)},
                              {"profiles", profiles},
                              {"issued", {ToJson(s.issued[0])}}};
  std::filesystem::create_directories(dir.path());
  WriteAll(cache.PathFor(kKey), doc.dump());
  auto loaded = cache.Load(kKey);
  REQUIRE_MESSAGE(loaded, (loaded ? "" : loaded.error().message));
  REQUIRE(loaded->profiles.size() == 3);
  CHECK(loaded->profiles[1].changes == s.profiles[1].changes);
  CHECK(loaded->profiles[0].is_new);
  CHECK(loaded->profiles[2].raw_json == s.profiles[2].raw_json);  // compact again
  CHECK(loaded->profiles[2].profile == s.profiles[2].profile);
  REQUIRE(loaded->issued.size() == 1);
  CHECK(loaded->issued[0] == s.issued[0]);
  CHECK_FALSE(loaded->last_synced.has_value());
}
