// Toasts for jobs that finished: "Enrolled VPN client — serial 3f2a91…", failures in the error
// colour with the failing step. Each finished job is toasted once; toasts go away by themselves
// after a few seconds (measured with ViewContext::now, no timers) and a click opens Activity.
#pragma once

#include <cstdint>
#include <optional>

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

inline constexpr int64_t kToastSeconds = 6;         // a success stays this long
inline constexpr int64_t kFailedToastSeconds = 12;  // a failure stays longer: it needs reading
inline constexpr std::size_t kMaxToasts = 4;

// Adds a toast for every job that finished since the last call and drops expired ones. Separate
// from drawing so it can be tested without a frame.
void UpdateToasts(const Snapshot& snapshot, Timestamp now, ToastState& state);
// The toast for one finished job (wording only).
Toast ToastForJob(const Snapshot& snapshot, const JobStatus& job, Timestamp now);

// Seconds until the next visible toast goes away (the app wakes then, since nothing else may
// redraw); empty when no toast is shown.
std::optional<int64_t> SecondsUntilToastExpires(const ToastState& state, Timestamp now);

// Updates and draws the toasts in the bottom-right corner, above the status bar. While a modal is
// open they are held back (not drawn, not ageing) so they never cover the modal's buttons.
void DrawToasts(const ViewContext& ctx, ToastState& state, Commands& commands);

}  // namespace trustdesk
