#include "app/ui/sync_text.h"

#include "app/ui/time_text.h"

namespace trustdesk {

SyncLine DescribeSync(const SyncStatus& s, Timestamp now) {
  switch (s.state) {
    case SyncState::NeverSynced: return {"Never synced", Tone::Muted};
    case SyncState::Syncing: return {"Syncing\u2026", Tone::Neutral};
    case SyncState::UpToDate: return {"Up to date", Tone::Ok};
    case SyncState::Updated: {
      const int n = s.changed_profiles;
      return {"Updated \u2014 " + std::to_string(n) + (n == 1 ? " profile" : " profiles") +
                  " changed",
              Tone::Ok};
    }
    case SyncState::Failed: {
      std::string text = "Failed: " + (s.failure_reason.empty() ? "unknown error" : s.failure_reason);
      if (s.retry_at) text += ", retrying in " + ShortDuration(s.retry_at->unix_seconds - now.unix_seconds);
      return {text, Tone::Error};
    }
    case SyncState::Offline: {
      std::string text = "Offline";
      if (s.data_from) text += " \u2014 showing data from " + LocalTime(*s.data_from, now);
      return {text, Tone::Warning};
    }
    case SyncState::SignedOut: return {"Signed out", Tone::Muted};
    case SyncState::TokenExpired: return {"Token expired \u2014 sign in again", Tone::Warning};
  }
  return {"", Tone::Neutral};
}

}  // namespace trustdesk
