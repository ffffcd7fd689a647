#include <doctest/doctest.h>

#include "core/inventory/inventory.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;
namespace fs = std::filesystem;

namespace {
InventoryEntry Entry(const std::string& serial, KeyStoreKind store, const fs::path& location) {
  InventoryEntry e;
  e.serial = serial;
  e.profile_id = "vpn";
  e.store = store;
  e.location = location.string();
  e.subject = "CN=alice";
  e.not_after = Timestamp{1'800'000'000};
  e.installed_at = Timestamp{1'700'000'000};
  return e;
}
}  // namespace

TEST_CASE("Inventory persists entries atomically as a private JSON file") {
  TempDir dir;
  fs::path file = dir.path() / "data" / Inventory::kFileName;
  auto empty = Inventory::Load(file);
  REQUIRE(empty.ok());
  CHECK(empty->entries().empty());

  Inventory inv = std::move(empty).value();
  REQUIRE(inv.Record(Entry("0a", KeyStoreKind::Pkcs12, dir.path() / "a.p12")).ok());
  REQUIRE(inv.Record(Entry("0b", KeyStoreKind::Software, dir.path() / "store.json")).ok());
  auto replaced = Entry("0a", KeyStoreKind::Pkcs12, dir.path() / "a.p12");
  replaced.not_after = Timestamp{1'900'000'000};
  REQUIRE(inv.Record(replaced).ok());
  CHECK(FileModeBits(file) == 0600);

  auto back = Inventory::Load(file);
  REQUIRE(back.ok());
  REQUIRE(back->entries().size() == 2);
  REQUIRE(back->Find("0a") != nullptr);
  CHECK(back->Find("0a")->not_after == Timestamp{1'900'000'000});
  CHECK(back->Find("0b")->store == KeyStoreKind::Software);
  CHECK(back->ForProfile("vpn").size() == 2);
  REQUIRE(back->Remove("0b").ok());
  CHECK(back->Remove("0b").error().code == ErrorCode::NotFound);
  CHECK(Inventory::Load(file)->entries().size() == 1);
}

TEST_CASE("Recheck marks entries whose files are gone as missing, and back") {
  TempDir dir;
  fs::path p12 = dir.path() / "a.p12";
  fs::path slot = dir.path() / "pem-slot";
  WriteText(p12, "x");
  fs::create_directories(slot);
  WriteText(slot / "key.pem", "x");
  Inventory inv(dir.path() / Inventory::kFileName);
  REQUIRE(inv.Record(Entry("01", KeyStoreKind::Pkcs12, p12)).ok());
  REQUIRE(inv.Record(Entry("02", KeyStoreKind::Pem, slot)).ok());
  REQUIRE(inv.Record(Entry("03", KeyStoreKind::Os, "")).ok());
  CHECK(inv.Recheck()->empty());

  fs::remove(p12);
  fs::remove(slot / "key.pem");
  auto missing = inv.Recheck();
  REQUIRE(missing.ok());
  CHECK(*missing == std::vector<std::string>{"01", "02"});
  auto reloaded = Inventory::Load(inv.file());
  REQUIRE(reloaded.ok());
  CHECK(reloaded->Find("01")->missing);
  CHECK_FALSE(reloaded->Find("03")->missing);

  WriteText(p12, "x");
  CHECK(*inv.Recheck() == std::vector<std::string>{"02"});
  CHECK_FALSE(inv.Find("01")->missing);
}

TEST_CASE("A corrupt inventory is reported, kept aside and never silently replaced") {
  TempDir dir;
  fs::path file = dir.path() / Inventory::kFileName;
  for (const std::string& bad :
       {std::string("{\"format\":\"trustdesk-inventory\",\"version\":1,\"entries\":[{\"serial\":\"01\"}]}"),
        std::string("{truncated"), std::string("[]")}) {
    CAPTURE(bad);
    WriteText(file, bad);
    auto loaded = Inventory::Load(file);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == ErrorCode::Parse);
    CHECK(loaded.error().message.find("the file was kept as " + file.string() + ".corrupt-") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(file));
    bool kept = false;
    for (const auto& e : fs::directory_iterator(dir.path())) {
      if (e.path().filename().string().rfind("inventory.json.corrupt-", 0) == 0) {
        kept = ReadText(e.path()) == bad;
        fs::remove(e.path());
      }
    }
    CHECK(kept);
  }
  WriteText(file, "{\"format\":\"trustdesk-inventory\",\"version\":1,\"entries\":[{\"serial\":\"01\","
                  "\"profile_id\":\"p\",\"store\":\"floppy\",\"location\":\"\",\"subject\":\"\","
                  "\"not_after\":\"2030-01-01T00:00:00Z\",\"installed_at\":\"2030-01-01T00:00:00Z\"}]}");
  auto unknown = Inventory::Load(file);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message.find("$.entries[0].store: unknown key store 'floppy'") !=
        std::string::npos);
}
