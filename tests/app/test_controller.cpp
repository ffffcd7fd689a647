#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app/ui/controller.h"

namespace trustdesk {

TEST_CASE("controller: workspace commands are forwarded in order, UI commands applied here") {
  Settings settings;
  UiState ui;
  std::vector<Command> forwarded;
  std::vector<std::string> clipboard;
  int saves = 0;
  UiController controller(
      settings, ui, [&](const Settings&) { ++saves; },
      [&](const std::string& text) { clipboard.push_back(text); },
      [&](Command c) { forwarded.push_back(std::move(c)); });

  std::vector<Command> commands;
  commands.emplace_back(SyncNowCommand{});
  commands.emplace_back(NavigateTo{Page::Issued, "vpn"});
  commands.emplace_back(RevokeCommand{"0a1b", RevocationReason::KeyCompromise});
  commands.emplace_back(CopyToClipboard{"serial 0a1b"});
  CHECK(controller.Execute(std::move(commands)));

  REQUIRE(forwarded.size() == 2);
  CHECK(std::holds_alternative<SyncNowCommand>(forwarded[0]));
  const auto& revoke = std::get<RevokeCommand>(forwarded[1]);
  CHECK(revoke.serial == "0a1b");
  CHECK(revoke.reason == RevocationReason::KeyCompromise);
  CHECK(ui.nav.page == Page::Issued);
  CHECK(ui.issued.profile_filter == "vpn");
  CHECK(clipboard == std::vector<std::string>{"serial 0a1b"});
  CHECK(saves == 1);  // the page change is remembered
}

TEST_CASE("controller: without a workspace, workspace commands are dropped, not applied") {
  Settings settings;
  UiState ui;
  UiController controller(settings, ui, [](const Settings&) {}, [](const std::string&) {});
  std::vector<Command> commands;
  commands.emplace_back(SignOutCommand{});
  CHECK(controller.Execute(std::move(commands)));
  CHECK(ui.nav.page == Page::Profiles);
}

}  // namespace trustdesk
