// The sign-in panel: field checks before anything is sent, the command it sends (and the password
// it forgets), the busy state and the specific error from the session operation.
#include <doctest/doctest.h>

#include "app/services/demo_server.h"
#include "app/support/app_harness.h"
#include "app/support/fixture_enroll.h"
#include "app/ui/input_checks.h"

#include <imgui_internal.h>

using namespace trustdesk;
using trustdesk::test::AppHarness;
using trustdesk::test::FindContaining;

namespace {

void TypeInto(AppHarness& app, const char* field, const char* text) {
  REQUIRE(app.harness.Click(field));
  app.harness.Type(text);
}

// Leaves the focused field, so a value set in the state is not overwritten by its edit buffer.
void Leave(AppHarness& app) {
  ImGui::ClearActiveID();
  app.harness.Step();
}

void FillValid(AppHarness& app) {
  TypeInto(app, "Server URL", "127.0.0.1:8443");  // after the "https://" already there
  TypeInto(app, "Account ID", "acme-42");
  TypeInto(app, "User name", "ana");
  TypeInto(app, "Password", "correct horse battery");
}

const SignInCommand* LastSignIn(const AppHarness& app) {
  for (const Command& c : app.last_commands) {
    if (const auto* s = std::get_if<SignInCommand>(&c)) return s;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("Server URL check: https only, with a host and a valid port") {
  CHECK(CheckServerUrl("https://trustdesk.example.com").empty());
  CHECK(CheckServerUrl("https://127.0.0.1:8443/base").empty());
  CHECK(CheckServerUrl("HTTPS://Example.COM").empty());
  CHECK(CheckServerUrl("https://[::1]:8443").empty());
  CHECK(CheckServerUrl("") == "required");
  CHECK(CheckServerUrl("https://") == "required");
  CHECK(CheckServerUrl("http://example.com").find("TLS") != std::string::npos);
  CHECK(CheckServerUrl("ftp://example.com") == "must start with https://");
  CHECK(CheckServerUrl("https://exa mple.com") == "must not contain spaces");
  CHECK(CheckServerUrl("https://ana:pw@example.com").find("user name or password") !=
        std::string::npos);
  CHECK(CheckServerUrl("https://example.com:0") == "has a port outside 1-65535");
  CHECK(CheckServerUrl("https://example.com:99999") == "has a port outside 1-65535");
  CHECK(CheckServerUrl("https://example.com:") == "has an empty port after ':'");
  CHECK(CheckServerUrl("https://example.com:84a") == "has an invalid port");
  CHECK(CheckServerUrl("https://:8443") == "needs a server name after https://");
  CHECK(CheckServerUrl("https://exa$mple.com") == "has an invalid server name");
  CHECK(CheckServerUrl("https://[::1") == "has an unterminated [IPv6] address");
}

TEST_CASE("Sign-in: fields are checked before anything is sent and the error names the field") {
  AppHarness app;
  REQUIRE(app.harness.Find("Sign in") != nullptr);
  CHECK(app.harness.Find("Sign in")->tooltip == "Server URL: required");

  // A plain-HTTP URL is refused under the field and in the button's reason.
  app.ui.sign_in.server_url.clear();
  TypeInto(app, "Server URL", "http://example.com");
  CHECK(FindContaining(app.harness.log(), "Must start with https://") != nullptr);
  CHECK(app.harness.Find("Sign in")->tooltip.find("Server URL: must start with https://") == 0);

  Leave(app);
  app.ui.sign_in.server_url = "https://example.com";
  app.harness.Step();
  CHECK(app.harness.Find("Sign in")->tooltip == "Account ID: required");
  TypeInto(app, "Account ID", "acme 42");
  CHECK(app.harness.Find("Sign in")->tooltip.find("Account ID: letters, digits") == 0);
  CHECK(FindContaining(app.harness.log(), "Letters, digits") != nullptr);

  TypeInto(app, "CA file", "ca.pem");
  CHECK(app.harness.Find("Sign in")->tooltip.find("CA file: must be a full path") == 0);

  REQUIRE(app.harness.Click("Sign in"));
  CHECK(app.last_commands.empty());
}

TEST_CASE("Sign-in: the command carries the typed values and the form forgets the password") {
  AppHarness app;
  FillValid(app);
  REQUIRE(app.harness.Click("Remember me on this machine"));
  TypeInto(app, "CA file", "/etc/ssl/acme-ca.pem");
  const LoggedItem* button = app.harness.Find("Sign in");
  REQUIRE(button != nullptr);
  CHECK(button->enabled);
  REQUIRE(app.harness.Click("Sign in"));
  const SignInCommand* cmd = LastSignIn(app);
  REQUIRE(cmd != nullptr);
  CHECK(cmd->server_url == "https://127.0.0.1:8443");
  CHECK(cmd->ca_file == "/etc/ssl/acme-ca.pem");
  CHECK(cmd->account_id == "acme-42");
  CHECK(cmd->username == "ana");
  CHECK(cmd->password == "correct horse battery");
  CHECK(cmd->remember);
  CHECK(app.ui.sign_in.password.empty());
  CHECK(app.ui.sign_in.sent);
  // With the password gone, another click cannot send it again.
  CHECK(app.harness.Find("Sign in")->tooltip == "Password: required");
}

TEST_CASE("Sign-in: Enter in the password field signs in") {
  AppHarness app;
  FillValid(app);
  app.harness.PressKey(ImGuiKey_Enter);
  const SignInCommand* cmd = LastSignIn(app);
  REQUIRE(cmd != nullptr);
  CHECK(cmd->password == "correct horse battery");
}

TEST_CASE("Sign-in: busy while the session operation runs, then its specific error") {
  AppHarness app;
  FillValid(app);
  REQUIRE(app.harness.Click("Sign in"));
  app.snapshot.session_op.busy = true;
  app.harness.Step(2);
  const LoggedItem* busy = app.harness.Find("Signing in\u2026");
  REQUIRE(busy != nullptr);
  CHECK_FALSE(busy->enabled);
  CHECK(app.harness.Find("Sign in") == nullptr);

  app.snapshot.session_op.busy = false;
  app.snapshot.session_op.error =
      "TLS verification failed for 127.0.0.1: self-signed certificate in certificate chain";
  app.harness.Step(2);
  CHECK(app.harness.Find("Could not sign in") != nullptr);
  CHECK(app.harness.Find(app.snapshot.session_op.error) != nullptr);
  // The other fields are kept, so only the password needs typing again.
  CHECK(app.ui.sign_in.account_id == "acme-42");
  CHECK(app.harness.Find("Sign in")->tooltip == "Password: required");
}

TEST_CASE("Sign-in: the demo workspace can be opened from the sign-in screen") {
  AppHarness app;  // signed out
  const LoggedItem* demo = app.harness.Find("Open the demo workspace");
  // A build without the reference server has no demo to offer.
  REQUIRE((demo != nullptr) == DemoServer::Available());
  if (demo == nullptr) return;
  CHECK(demo->enabled);
  REQUIRE(app.harness.Click("Open the demo workspace"));
  bool sent = false;
  for (const Command& c : app.last_commands) sent |= std::holds_alternative<OpenDemoCommand>(c);
  CHECK(sent);
}
