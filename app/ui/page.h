// The pages of the right-hand context pane (SPEC §3) and their stable ids (settings.json).
#pragma once

#include <optional>
#include <string_view>

namespace trustdesk {

enum class Page { Profiles, Issued, Activity, Settings, KeyStores, Diagnostics };

inline constexpr Page kAllPages[] = {Page::Profiles, Page::Issued,    Page::Activity,
                                     Page::Settings, Page::KeyStores, Page::Diagnostics};

const char* PageTitle(Page page);  // "Certificate profiles", ...
const char* PageId(Page page);     // "profiles", "issued", ... (persisted)
std::optional<Page> PageFromId(std::string_view id);
// Key stores & devices and Diagnostics exist only in Advanced mode.
bool IsAdvancedPage(Page page);

}  // namespace trustdesk
