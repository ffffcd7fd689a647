// The exact sync state line of SPEC §4 ("Up to date", "Failed: <reason>, retrying in 40 s" ...)
// and the colour that goes with it.
#pragma once

#include <string>

#include "app/ui/theme.h"
#include "core/model/sync_status.h"

namespace trustdesk {

struct SyncLine {
  std::string text;
  Tone tone = Tone::Neutral;
};

SyncLine DescribeSync(const SyncStatus& sync, Timestamp now);

}  // namespace trustdesk
