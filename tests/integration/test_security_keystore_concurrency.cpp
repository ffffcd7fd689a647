// Eight trustdesk-cli processes enroll into one software key store at the same time (a user
// script, a cron job and the window on one machine). Every certificate the inventory records
// must have its private key in the store afterwards: a lost key is TrustDesk's worst failure.
#include <doctest/doctest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/inventory/inventory.h"
#include "core/keystore/software_key_store.h"
#include "tests/integration/support/cli_runner.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk;
using namespace trustdesk::testing;
namespace fs = std::filesystem;

TEST_CASE("security: concurrent cli enrolls into the software store keep every key") {
  TestServer server;
  TempDir home;
  const fs::path data = home.path() / "td";
  const std::map<std::string, std::string> env = {{"TRUSTDESK_PASSWORD", "demo"},
                                                  {"TRUSTDESK_PIN", "1234-soft"}};
  auto run = [&](std::vector<std::string> command) {
    std::vector<std::string> args = {
        "--server",   server.url(), "--ca-file", server.ca_file().string(),
        "--account",  "northwind",  "--user",    "demo",
        "--data-dir", data.string()};
    args.insert(args.end(), command.begin(), command.end());
    return RunCli({std::move(args), env, "", home.path()});
  };
  auto signed_in = run({"signin"});
  REQUIRE_MESSAGE(signed_in.exit_code == 0, signed_in.err);

  // The store does not exist yet: the first writers also race to create it. Eight enrollments
  // within the profiles' limits on active certificates.
  const std::vector<std::vector<std::string>> profiles = {
      {"nw-client-auth"},
      {"nw-client-auth"},
      {"nw-client-auth"},
      {"nw-contractor-access", "--field", "subject.OU=Contractors"},
      {"nw-contractor-access", "--field", "subject.OU=Contractors"},
      {"nw-smime-signing"},
      {"nw-document-signing"},
      {"nw-device-laptop", "--field", "subject.CN=laptop-17.corp.northwind.example", "--field",
       "san.dns=laptop-17.corp.northwind.example"}};
  constexpr int kRuns = 8;
  std::vector<CliResult> results(kRuns);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRuns; ++i) {
    threads.emplace_back([&, i] {
      std::vector<std::string> command = {"--json", "enroll", "--store", "software"};
      command.insert(command.end(), profiles[i].begin(), profiles[i].end());
      results[i] = run(command);
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> enrolled;
  for (const auto& r : results) {
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    if (!doc.is_discarded() && doc.contains("job") && doc["job"]["result_serial"].is_string()) {
      enrolled.insert(doc["job"]["result_serial"].get<std::string>());
    }
  }
  CHECK(enrolled.size() == static_cast<std::size_t>(kRuns));

  auto inventory = Inventory::Load(data / "data" / "inventory.json");
  REQUIRE_MESSAGE(inventory, inventory.error().message);
  auto store = SoftwareKeyStore::Open(data / "data", "1234-soft");
  REQUIRE_MESSAGE(store.ok(), store.error().message);
  std::size_t software_entries = 0;
  for (const auto& entry : inventory->entries()) {
    if (entry.store != KeyStoreKind::Software) continue;
    ++software_entries;
    auto credential = (*store)->Load(entry.serial);
    CHECK_MESSAGE(credential.ok(), entry.serial << ": " << credential.error().message);
  }
  CHECK(software_entries == static_cast<std::size_t>(kRuns));
}
