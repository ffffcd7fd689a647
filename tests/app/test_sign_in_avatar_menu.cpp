// The avatar menu: who is signed in, Sync user, and Sign out only after confirming.
#include <doctest/doctest.h>

#include "app/support/app_harness.h"
#include "app/support/fixture_enroll.h"

using namespace trustdesk;
using trustdesk::test::AppHarness;
using trustdesk::test::FindContaining;

namespace {

int Count(const AppHarness& app, auto predicate) {
  int n = 0;
  for (const Command& c : app.last_commands) n += predicate(c) ? 1 : 0;
  return n;
}

bool IsSignOut(const Command& c) { return std::holds_alternative<SignOutCommand>(c); }

}  // namespace

TEST_CASE("Avatar menu: shows the user and account, and Sync user sends SyncUserCommand") {
  AppHarness app(test::EnrollSnapshot());
  REQUIRE(app.harness.Find("Account menu") != nullptr);
  CHECK(app.harness.Find("Ana L\u00f3pez") != nullptr);
  CHECK(app.harness.Find("Acme Corp \u00b7 acme-42") != nullptr);

  REQUIRE(app.harness.Click("Account menu"));
  CHECK(app.harness.Find("ana@example.com") != nullptr);
  CHECK(app.harness.Find("Acme Corp (acme-42)") != nullptr);
  CHECK(app.harness.Find("Engineering \u00b7 Platform") != nullptr);
  CHECK(app.harness.Find("Server: https://127.0.0.1:8443") != nullptr);
  REQUIRE(app.harness.Click("Sync user"));
  REQUIRE(app.last_commands.size() == 1);
  CHECK(std::holds_alternative<SyncUserCommand>(app.last_commands[0]));
}

TEST_CASE("Avatar menu: Sign out asks first and Cancel keeps the session") {
  AppHarness app(test::EnrollSnapshot());
  REQUIRE(app.harness.Click("Account menu"));
  REQUIRE(app.harness.Click("Sign out\u2026"));
  app.harness.Step();
  // Only the question so far.
  CHECK(Count(app, IsSignOut) == 0);
  CHECK(app.harness.Find("Sign out of Acme Corp?") == nullptr);  // heading text, not an item
  CHECK(FindContaining(app.harness.log(), "Installed certificates and keys stay") != nullptr);
  REQUIRE(app.harness.Find("Sign out") != nullptr);

  app.last_commands.clear();
  REQUIRE(app.harness.Click("Cancel"));
  CHECK(Count(app, IsSignOut) == 0);
  CHECK(FindContaining(app.harness.log(), "Installed certificates and keys stay") == nullptr);

  REQUIRE(app.harness.Click("Account menu"));
  REQUIRE(app.harness.Click("Sign out\u2026"));
  app.harness.Step();
  REQUIRE(app.harness.Click("Sign out"));
  CHECK(Count(app, IsSignOut) == 1);
}

TEST_CASE("Avatar menu: while an account operation runs, Sync user and Sign out say why not") {
  Snapshot snap = test::EnrollSnapshot();
  snap.session_op.busy = true;
  AppHarness app(snap);
  REQUIRE(app.harness.Click("Account menu"));
  const LoggedItem* sync = app.harness.Find("Syncing user\u2026");
  REQUIRE(sync != nullptr);
  CHECK_FALSE(sync->enabled);
  CHECK(sync->tooltip == "Another account operation is running.");
  const LoggedItem* sign_out = app.harness.Find("Sign out\u2026");
  REQUIRE(sign_out != nullptr);
  CHECK_FALSE(sign_out->enabled);

  app.snapshot.session_op = OperationStatus{false, "Sync user: the server rejected the token", ""};
  app.harness.Step(2);
  CHECK(app.harness.Find("Sync user: the server rejected the token") != nullptr);
}

TEST_CASE("Avatar menu: signed out shows no menu") {
  AppHarness app;
  CHECK(app.harness.Find("Account menu") == nullptr);
}
