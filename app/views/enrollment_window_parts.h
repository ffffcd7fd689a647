// The two halves of the enrollment window, drawn inside its modal by enrollment_window.cpp.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/enrollment_state.h"
#include "app/ui/view_context.h"
#include "core/model/snapshot.h"

namespace trustdesk {

// What the body asks the window to do after the frame.
enum class EnrollmentAction { None, Close };

// The form: fields, key type, key store, scripts; the footer with Cancel and Enroll.
EnrollmentAction DrawEnrollmentForm(const ViewContext& ctx, const ProfileEntry& entry,
                                    EnrollmentWindowState& state, Commands& commands);

// After Enroll: the job's steps, Cancel while possible, then the result or the error with Retry.
EnrollmentAction DrawEnrollmentProgress(const ViewContext& ctx, const ProfileEntry& entry,
                                        EnrollmentWindowState& state, Commands& commands);

// "Allow this script?" for each script of the waiting command, then sends it (or, on Back,
// returns to the form with the secret restored).
EnrollmentAction DrawEnrollmentScriptPrompt(const ViewContext& ctx, EnrollmentWindowState& state,
                                            Commands& commands);

// Sends `command` (again, for Retry) and starts following the job it becomes.
void SubmitEnrollment(const Snapshot& snapshot, EnrollCommand command,
                      EnrollmentWindowState& state, Commands& commands);

// Finds the job the submitted command became (the first new enroll job for the profile) and
// remembers its id in `state.job_id`.
void TrackEnrollmentJob(const Snapshot& snapshot, EnrollmentWindowState& state);

// The job the window follows, or nullptr while it has not shown up in the snapshot yet.
const JobStatus* FollowedJob(const Snapshot& snapshot, const EnrollmentWindowState& state);

// True from Enroll until the job has finished (the window then ignores Esc).
bool EnrollmentRunning(const Snapshot& snapshot, const EnrollmentWindowState& state);

// Height of the footer row (buttons) the body keeps free at the bottom.
float EnrollmentFooterHeight();
// The scrolling body above the footer. EndEnrollmentBody records how tall the content was, so the
// next frame sizes the window to it.
void BeginEnrollmentBody(const char* id);
void EndEnrollmentBody(EnrollmentWindowState& state);

}  // namespace trustdesk
