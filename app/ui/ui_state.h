// View-local state, owned by the app and passed to the views that use it (no function-local
// statics). Only the controller changes the navigation; views change their own fields (filters,
// form text) directly.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "app/ui/certificate_views_state.h"
#include "app/ui/enrollment_state.h"
#include "app/ui/page.h"
#include "app/ui/pretty_json.h"
#include "app/ui/profile_rows.h"
#include "core/model/snapshot.h"

namespace trustdesk {

struct NavState {
  Page page = Page::Profiles;
};

struct SignInFormState {
  std::string server_url = "https://";
  std::string ca_file;           // optional CA bundle for a private server CA
  std::string account_id;
  std::string username;
  std::string password;          // cleared as soon as it is sent
  bool remember_me = false;
  bool sent = false;             // a SignInCommand went out; the result is in session_op
  bool touched_url = false;      // the URL field was edited (its error shows from then on)
};

// The avatar menu (SPEC §2): the Sign out confirmation.
struct AccountMenuState {
  bool open_menu = false;         // request to open the menu (a click on the identity does too)
  bool confirm_sign_out = false;  // request to open the confirmation
};

struct DiagnosticsPageState {
  std::string export_path;        // where the diagnostics bundle goes
  std::string default_export_dir; // set by the app; the path is suggested inside it
  std::string request_filter;     // text filter over method, path, status, error
  bool export_sent = false;       // an ExportDiagnosticsCommand went out
  bool background_sent = false;   // Run background actions now was pressed
  bool show_timeline = false;     // the sync timeline instead of the request log
};

// Key stores & devices: profile names for the installed certificates, looked up once per change
// of the profile or inventory lists (there can be 10,000 profiles).
struct KeyStoresPageState {
  SharedList<ProfileEntry> names_from_profiles;
  SharedList<InventoryEntry> names_from_installed;
  std::map<std::string, std::string> profile_names;  // profile id -> name
};

struct IssuedPageState {
  std::string profile_filter;  // profile id, set when opened from a profile's issued count
  std::string text_filter;
  std::optional<CertStatus> status_filter;
  bool installed_only = false;
  IssuedColumn sort = IssuedColumn::Expires;
  bool sort_descending = false;
  bool focus_filter = false;    // Ctrl+F: focus the text filter in the next frame
  IssuedRowCache rows;          // derived rows, rebuilt only when the snapshot's lists change
  std::string actions_serial;   // the row whose actions popup is open
  bool actions_open_request = false;
  IssuedDialogs dialogs;
  // Parses certificates for the viewer off the UI thread; shared so UiState stays copyable.
  std::shared_ptr<CertificateDetailsCache> details = std::make_shared<CertificateDetailsCache>();
};

struct SettingsPageState {
  float font_scale_edit = 0;   // slider value while dragging; applied on release
  bool editing_font_scale = false;
  std::string config_dir;      // shown so users know where settings.json and imgui.ini live
  std::string load_error;      // settings.json could not be used (defaults in effect)
  std::string save_error;      // the last save failed
};

// Sections of the profile details modal (SPEC §5), in display order; the last three exist only
// in Advanced mode.
enum class DetailsSection { General, Account, Policy, Format, Changes, Internals, RawJson };
inline constexpr int kDetailsSectionCount = 7;

struct DetailsModalState {
  std::string profile_id;       // the profile shown; empty when closed
  bool open_requested = false;  // open on the next frame (popups open in one place)
  bool section_open[kDetailsSectionCount] = {true, false, false, false, false, false, false};
  float body_height = 0;        // height of the scrolling body's content last frame (sizing)
  PrettyJson raw_json;          // the Raw JSON section's indented text
};

struct QuickActionsState {
  std::string profile_id;       // the row whose ⋮ button was pressed; empty when closed
  bool open_requested = false;
  float anchor_x = 0, anchor_y = 0;  // screen position under the ⋮ button
};

struct ProfilesPageState {
  std::string filter;
  bool focus_filter = false;    // Ctrl+F: focus the filter in the next frame
  ProfileRowCache rows;         // derived rows, rebuilt only when the snapshot's lists change
  QuickActionsState quick_actions;
  DetailsModalState details;
};

struct UiState {
  NavState nav;
  SignInFormState sign_in;
  IssuedPageState issued;
  SettingsPageState settings_page;
  EnrollmentWindowState enrollment;
  AccountMenuState account_menu;
  DiagnosticsPageState diagnostics;
  KeyStoresPageState key_stores;
  ActivityPageState activity;
  ToastState toasts;
  ProfilesPageState profiles;
};

}  // namespace trustdesk
