// View-local state, owned by the app and passed to the views that use it (no function-local
// statics). Only the controller changes the navigation; views change their own fields (filters,
// form text) directly.
#pragma once

#include <optional>
#include <string>

#include "app/ui/page.h"

namespace trustdesk {

struct NavState {
  Page page = Page::Profiles;
};

struct SignInFormState {
  std::string server_url = "https://";
  std::string account_id;
  std::string username;
  std::string password;
  bool remember_me = false;
};

struct IssuedPageState {
  std::string profile_filter;  // profile id, set when opened from a profile's issued count
  std::string text_filter;
};

struct SettingsPageState {
  float font_scale_edit = 0;   // slider value while dragging; applied on release
  bool editing_font_scale = false;
  std::string config_dir;      // shown so users know where settings.json and imgui.ini live
  std::string load_error;      // settings.json could not be used (defaults in effect)
  std::string save_error;      // the last save failed
};

struct UiState {
  NavState nav;
  SignInFormState sign_in;
  IssuedPageState issued;
  SettingsPageState settings_page;
};

}  // namespace trustdesk
