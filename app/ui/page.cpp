#include "app/ui/page.h"

namespace trustdesk {

const char* PageTitle(Page page) {
  switch (page) {
    case Page::Profiles: return "Certificate profiles";
    case Page::Issued: return "Issued certificates";
    case Page::Activity: return "Activity";
    case Page::Settings: return "Settings";
    case Page::KeyStores: return "Key stores & devices";
    case Page::Diagnostics: return "Diagnostics";
  }
  return "";
}

const char* PageId(Page page) {
  switch (page) {
    case Page::Profiles: return "profiles";
    case Page::Issued: return "issued";
    case Page::Activity: return "activity";
    case Page::Settings: return "settings";
    case Page::KeyStores: return "key_stores";
    case Page::Diagnostics: return "diagnostics";
  }
  return "profiles";
}

std::optional<Page> PageFromId(std::string_view id) {
  for (Page p : kAllPages) {
    if (id == PageId(p)) return p;
  }
  return std::nullopt;
}

bool IsAdvancedPage(Page page) { return page == Page::KeyStores || page == Page::Diagnostics; }

}  // namespace trustdesk
