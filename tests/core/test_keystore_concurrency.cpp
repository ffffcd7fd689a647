// Key stores shared by several writers at once (the window, the CLI, background
// passes): separate instances on one directory, as separate processes have, install, remove and
// change the PIN concurrently. No key may be lost, and an instance whose PIN was changed under it
// must refuse to write rather than seal a key under a PIN nobody knows any more.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/keystore/pem_key_store.h"
#include "core/keystore/pkcs12_key_store.h"
#include "core/keystore/software_key_store.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

const ScryptParams kCheap{1u << 10, 8, 1};
constexpr const char* kPin = "246810";

std::string SerialOf(int writer, int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02x%02x", writer + 1, n + 1);
  return buf;
}

}  // namespace

TEST_CASE("security: concurrent installs into one software store lose no key") {
  TempDir dir;
  auto ca = MakeRootCa("Concurrent Root", NowForTests());
  constexpr int kWriters = 8;
  constexpr int kEach = 6;
  std::vector<std::vector<IssuedPair>> pairs(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    for (int n = 0; n < kEach; ++n) {
      pairs[w].push_back(MakeIssuedPair(ca, "w" + std::to_string(w), SerialOf(w, n)));
    }
  }

  // Every writer opens the (not yet existing) store itself, as a fresh process would.
  std::atomic<int> ready{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      ready.fetch_add(1);
      while (ready.load() < kWriters) std::this_thread::yield();
      auto store = SoftwareKeyStore::Open(dir.path(), kPin, kCheap);
      if (!store.ok()) {
        failures.fetch_add(1);
        return;
      }
      for (const auto& pair : pairs[w]) {
        if (!(*store)->Install({&pair.key, pair.cert_pem, ca.cert_pem, "p", {}}).ok()) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  REQUIRE(failures.load() == 0);

  auto store = SoftwareKeyStore::Open(dir.path(), kPin, kCheap);
  REQUIRE(store.ok());
  auto list = (*store)->List();
  REQUIRE(list.ok());
  std::set<std::string> serials;
  for (const auto& e : *list) serials.insert(e.serial);
  CHECK(serials.size() == static_cast<std::size_t>(kWriters * kEach));
  for (int w = 0; w < kWriters; ++w) {
    for (int n = 0; n < kEach; ++n) {
      auto loaded = (*store)->Load(SerialOf(w, n));
      REQUIRE_MESSAGE(loaded.ok(), SerialOf(w, n) << ": " << loaded.error().message);
      CHECK(loaded->key.SamePublicKey(pairs[w][n].key.get()));
    }
  }
}

TEST_CASE("security: installs and removes racing in one software store keep every other key") {
  TempDir dir;
  auto ca = MakeRootCa("Race Root", NowForTests());
  auto first = SoftwareKeyStore::Open(dir.path(), kPin, kCheap);
  REQUIRE(first.ok());
  constexpr int kDoomed = 10;
  std::vector<IssuedPair> doomed;
  for (int n = 0; n < kDoomed; ++n) {
    doomed.push_back(MakeIssuedPair(ca, "doomed", SerialOf(90, n)));
    REQUIRE((*first)->Install({&doomed.back().key, doomed.back().cert_pem, "", "d", {}}).ok());
  }
  constexpr int kKept = 10;
  std::vector<IssuedPair> kept;
  for (int n = 0; n < kKept; ++n) kept.push_back(MakeIssuedPair(ca, "kept", SerialOf(1, n)));

  auto installer = SoftwareKeyStore::Open(dir.path(), kPin, kCheap);
  auto remover = SoftwareKeyStore::Open(dir.path(), kPin, kCheap);
  REQUIRE(installer.ok());
  REQUIRE(remover.ok());
  std::thread install([&] {
    for (const auto& p : kept) CHECK((*installer)->Install({&p.key, p.cert_pem, "", "k", {}}).ok());
  });
  std::thread remove([&] {
    for (int n = 0; n < kDoomed; ++n) CHECK((*remover)->Remove(SerialOf(90, n)).ok());
  });
  install.join();
  remove.join();

  auto list = (*first)->List();
  REQUIRE(list.ok());
  CHECK(list->size() == static_cast<std::size_t>(kKept));
  for (int n = 0; n < kKept; ++n) CHECK((*first)->Load(SerialOf(1, n)).ok());
}

TEST_CASE("security: a software store whose PIN was changed elsewhere refuses to write") {
  TempDir dir;
  auto ca = MakeRootCa("Pin Root", NowForTests());
  auto a = MakeIssuedPair(ca, "a", "0a");
  auto b = MakeIssuedPair(ca, "b", "0b");
  auto stale = SoftwareKeyStore::Open(dir.path(), kPin, kCheap);
  auto other = SoftwareKeyStore::Open(dir.path(), kPin, kCheap);
  REQUIRE(stale.ok());
  REQUIRE(other.ok());
  REQUIRE((*stale)->Install({&a.key, a.cert_pem, "", "a", {}}).ok());
  REQUIRE((*other)->ChangePin(kPin, "new-pin-99").ok());

  auto refused = (*stale)->Install({&b.key, b.cert_pem, "", "b", {}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::Conflict);
  CHECK(refused.error().message ==
        "software key store " + (dir.path() / SoftwareKeyStore::kFileName).string() +
            ": its PIN was changed by another program; open it again with the new PIN");
  CHECK((*stale)->Remove("0a").error().code == ErrorCode::Conflict);
  CHECK((*stale)->ChangePin(kPin, "third-pin-3").error().code == ErrorCode::Conflict);

  // Nothing was written under the old PIN: every key opens with the new one.
  auto reopened = SoftwareKeyStore::Open(dir.path(), "new-pin-99", kCheap);
  REQUIRE(reopened.ok());
  REQUIRE((*reopened)->List()->size() == 1);
  CHECK((*reopened)->Load("0a").ok());
}

// PEM and PKCS#12 stores pick a free slot or file name for each new certificate; two installs
// with one label at once must not pick the same one and write over each other's key.
template <typename MakeStore>
void InstallConcurrently(MakeStore make_store, int writers) {
  auto ca = MakeRootCa("Slot Root", NowForTests());
  std::vector<IssuedPair> pairs;
  for (int w = 0; w < writers; ++w) pairs.push_back(MakeIssuedPair(ca, "same", SerialOf(w, 0)));
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      auto store = make_store();
      ready.fetch_add(1);
      while (ready.load() < writers) std::this_thread::yield();
      auto installed = store->Install({&pairs[w].key, pairs[w].cert_pem, "", "same-label", {}});
      CHECK_MESSAGE(installed.ok(), installed.error().message);
    });
  }
  for (auto& t : threads) t.join();
  auto store = make_store();
  auto list = store->List();
  REQUIRE(list.ok());
  CHECK(list->size() == static_cast<std::size_t>(writers));
  for (int w = 0; w < writers; ++w) {
    auto loaded = store->Load(SerialOf(w, 0));
    REQUIRE_MESSAGE(loaded.ok(), SerialOf(w, 0) << ": " << loaded.error().message);
    CHECK(loaded->key.SamePublicKey(pairs[w].key.get()));
  }
}

TEST_CASE("security: concurrent installs with one label into a PEM directory keep every key") {
  TempDir dir;
  InstallConcurrently([&] { return std::make_unique<PemKeyStore>(dir.path() / "pem"); }, 8);
}

TEST_CASE("security: concurrent installs with one label into a PKCS#12 directory keep every key") {
  TempDir dir;
  InstallConcurrently(
      [&] { return std::make_unique<Pkcs12KeyStore>(dir.path() / "p12", "p12-pass-1"); }, 4);
}
