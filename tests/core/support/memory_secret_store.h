// A stand-in for the OS secret store in tests and benchmarks (the real one is tested under
// gnome-keyring): thread-safe, in memory, nothing written anywhere.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/secrets/secret_store.h"

namespace trustdesk::testing {

class MemorySecretStore final : public SecretStore {
 public:
  std::string Name() const override { return "memory"; }
  Status Available() override { return Status::Ok(); }
  Status Store(const SecretKey& key, const std::string& secret) override {
    std::lock_guard lock(mutex_);
    items_[Id(key)] = secret;
    return Status::Ok();
  }
  Result<std::optional<std::string>> Load(const SecretKey& key) override {
    std::lock_guard lock(mutex_);
    const auto it = items_.find(Id(key));
    if (it == items_.end()) return std::optional<std::string>{};
    return std::optional<std::string>(it->second);
  }
  Status Erase(const SecretKey& key) override {
    std::lock_guard lock(mutex_);
    items_.erase(Id(key));
    return Status::Ok();
  }
  // Every stored secret (to check that none of them leaks into a file).
  std::vector<std::string> All() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [id, secret] : items_) out.push_back(secret);
    return out;
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }

 private:
  static std::string Id(const SecretKey& k) { return k.server + "|" + k.account + "|" + k.user; }
  mutable std::mutex mutex_;
  std::map<std::string, std::string> items_;
};

}  // namespace trustdesk::testing
