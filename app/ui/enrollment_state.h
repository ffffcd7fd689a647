// State of the enrollment window (SPEC §7): which profile it is open for, what the user typed and
// chose, and the job it submitted. Any view opens the window by setting `open_for_profile`; the
// window takes the request on its next frame and starts with a fresh form.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/ui/commands.h"
#include "app/ui/script_prompt.h"
#include "core/model/account.h"

namespace trustdesk {

struct EnrollmentWindowState {
  // Request: open the window for this profile id (e.g. the quick action "Enroll certificate").
  std::string open_for_profile;
  // Suggested folder for PEM and PKCS#12 files, set by the app (no I/O in a frame). May be empty.
  std::string default_key_dir;

  // --- Owned by the window -------------------------------------------------------------------
  std::string profile_id;                     // the profile shown; empty = closed
  std::map<std::string, std::string> values;  // typed values by field name ("subject.CN")
  std::set<std::string> touched;              // fields edited so far (their errors show)
  int key_choice = 0;                         // index into the key types the policy allows
  int store_choice = -1;                      // index into the allowed stores; -1 = first usable
  std::string location;                       // PEM / PKCS#12 folder
  std::string secret;                         // PIN or passphrase
  std::string secret_confirm;

  // Enroll was pressed and scripts this machine would run have not been allowed: the command
  // waits here while the window asks about each of them (script_prompt.h).
  std::optional<EnrollCommand> awaiting_scripts;
  ScriptPromptState script_prompt;

  // After Enroll: the command sent (kept for Retry until the window closes; it holds the
  // secret, so it is cleared on close) and the job it became.
  std::optional<EnrollCommand> submitted;
  std::vector<uint64_t> jobs_before;          // job ids that existed when it was submitted
  uint64_t job_id = 0;                        // 0 until the job shows up in the snapshot
  bool cancel_sent = false;                   // Cancel was pressed for this job

  // Validation cache: regexes are only re-run when the input changes.
  std::map<std::string, std::string> validated_values;
  int64_t validated_revision = -1;
  std::optional<Account> validated_account;
  std::map<std::string, std::string> field_errors;  // field name -> message
  // Why the profile cannot be enrolled (version, duplicates); recomputed per snapshot, since it
  // scans the issued certificates.
  uint64_t blocker_generation = std::numeric_limits<uint64_t>::max();
  std::string blocker;

  // Height the window wanted last frame (header + body + footer), so it fits its content.
  float wanted_height = 0;

  bool open() const { return !profile_id.empty(); }
};

}  // namespace trustdesk
