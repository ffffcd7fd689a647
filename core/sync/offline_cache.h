// The last good sync of each account on disk, so TrustDesk starts without a network showing what
// it last saw (SPEC §4 "Offline — showing data from <time>"). One file per (server, account,
// user), written atomically; a corrupt, foreign or future-format file is refused with an error
// that names the problem, and the caller simply starts without it. Never holds a token.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/model/snapshot.h"
#include "core/util/result.h"

namespace trustdesk {

struct CacheKey {
  std::string server_url;
  std::string account_id;
  std::string username;
};

struct CachedSync {
  Account account;
  std::vector<ProfileEntry> profiles;
  std::vector<IssuedCertificate> issued;
  std::string profiles_etag;
  int64_t profiles_revision = 0;
  std::optional<Timestamp> last_synced;   // when this data was fetched
  Timestamp saved_at;
};

class OfflineCache {
 public:
  explicit OfflineCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // <dir>/<sha256 of the key>.json; the name reveals nothing about the account.
  std::filesystem::path PathFor(const CacheKey& key) const;
  // Persists the account, profiles, issued certificates and sync stamps of `snapshot`.
  Status Save(const CacheKey& key, const Snapshot& snapshot, Timestamp now) const;
  // NotFound when nothing is cached; Parse/Unsupported/InvalidInput for a bad or foreign file.
  Result<CachedSync> Load(const CacheKey& key) const;
  Status Erase(const CacheKey& key) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace trustdesk
