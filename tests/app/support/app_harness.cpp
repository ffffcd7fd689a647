#include "app/support/app_harness.h"

#include "app/ui/theme.h"
#include "app/ui/view_context.h"
#include "app/views/app_frame.h"

namespace trustdesk::test {

AppHarness::AppHarness(Snapshot snap, Settings initial, ImVec2 display)
    : snapshot(std::move(snap)),
      settings(std::move(initial)),
      controller(
          settings, ui, [this](const Settings& s) { saved.push_back(s); },
          [this](const std::string& text) { clipboard.push_back(text); }),
      harness(
          [this] {
            const ViewContext ctx{snapshot, settings, PaletteFor(settings.theme),
                                  harness.fonts(), now, 1.0f};
            DrawAppFrame(ctx, ui, commands);
          },
          [this] {
            if (!commands.empty()) last_commands = commands.items();
            controller.Execute(commands.TakeAll());
          },
          display) {
  harness.Step(2);  // first frames lay out windows; items are clickable from then on
}

}  // namespace trustdesk::test
