// Key stores & devices (Advanced mode). Sections: grouping the inventory · the stores table ·
// the certificates of each store in use.
#include "app/views/key_stores_page.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/ui/enrollment_choices.h"
#include "app/ui/form_widgets.h"
#include "app/ui/item_log.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"
#include "app/views/page_header.h"

namespace trustdesk {
namespace {

constexpr KeyStoreKind kAllKinds[] = {KeyStoreKind::Software, KeyStoreKind::Pem,
                                      KeyStoreKind::Pkcs12, KeyStoreKind::Os,
                                      KeyStoreKind::Pkcs11};
constexpr int64_t kSoonSeconds = 30 * 24 * 3600;

// One store in use: a kind at a location, and what the inventory records in it.
struct StoreGroup {
  KeyStoreKind kind = KeyStoreKind::Software;
  std::string location;
  std::vector<const InventoryEntry*> entries;
  int missing = 0;
};

// The inventory is what this machine holds (tens of entries), so grouping it per frame is cheap.
std::vector<StoreGroup> Group(const std::vector<InventoryEntry>& installed) {
  std::vector<StoreGroup> groups;
  for (const InventoryEntry& e : installed) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const StoreGroup& g) {
      return g.kind == e.store && g.location == e.location;
    });
    if (it == groups.end()) {
      groups.push_back({e.store, e.location, {}, 0});
      it = groups.end() - 1;
    }
    it->entries.push_back(&e);
    it->missing += e.missing ? 1 : 0;
  }
  auto rank = [](KeyStoreKind k) {
    return static_cast<int>(std::find(std::begin(kAllKinds), std::end(kAllKinds), k) -
                            std::begin(kAllKinds));
  };
  std::stable_sort(groups.begin(), groups.end(), [&](const StoreGroup& a, const StoreGroup& b) {
    return rank(a.kind) != rank(b.kind) ? rank(a.kind) < rank(b.kind) : a.location < b.location;
  });
  return groups;
}

void RefreshNames(const Snapshot& snap, KeyStoresPageState& state) {
  if (state.names_from_profiles.SameAs(snap.profiles) &&
      state.names_from_installed.SameAs(snap.installed)) {
    return;
  }
  std::set<std::string> wanted;
  for (const InventoryEntry& e : snap.installed) wanted.insert(e.profile_id);
  state.profile_names.clear();
  for (const ProfileEntry& p : snap.profiles) {
    if (wanted.count(p.profile.id) != 0) state.profile_names[p.profile.id] = p.profile.name;
  }
  state.names_from_profiles = snap.profiles;
  state.names_from_installed = snap.installed;
}

// The CN of an RFC 4514 subject ("CN=laptop-042,O=Acme"), or the whole subject.
std::string CommonName(const std::string& subject) {
  std::size_t pos = subject.rfind("CN=", 0) == 0 ? 0 : subject.find(",CN=");
  if (pos == std::string::npos) return subject;
  pos += pos == 0 ? 3 : 4;
  std::string out;
  for (std::size_t i = pos; i < subject.size(); ++i) {
    if (subject[i] == '\\' && i + 1 < subject.size()) {
      out += subject[++i];
    } else if (subject[i] == ',') {
      break;
    } else {
      out += subject[i];
    }
  }
  return out;
}

// --- The stores table --------------------------------------------------------------------------

void StatusCell(const ViewContext& ctx, const std::string& text, Tone tone,
                const std::string& tooltip) {
  ui::ColoredText(ToneColor(ctx.palette, tone), text, tooltip);
  RecordLastItem(text, true, tooltip);
}

void DrawStoresTable(const ViewContext& ctx, const std::vector<StoreGroup>& groups) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##stores", 4, kFlags)) return;
  const float font = ImGui::GetFontSize();
  ImGui::TableSetupColumn("Store", ImGuiTableColumnFlags_WidthFixed, font * 11.0f);
  ImGui::TableSetupColumn("Location", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Certificates", ImGuiTableColumnFlags_WidthFixed, font * 6.0f);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, font * 14.0f);
  ImGui::TableHeadersRow();
  for (KeyStoreKind kind : kAllKinds) {
    bool any = false;
    for (const StoreGroup& g : groups) {
      if (g.kind != kind) continue;
      any = true;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(DisplayName(kind));
      ImGui::TableSetColumnIndex(1);
      ui::TextEllipsis(ctx.palette.text, g.location.empty() ? "\u2014" : g.location,
                       ImGui::GetContentRegionAvail().x);
      ImGui::TableSetColumnIndex(2);
      ImGui::Text("%zu", g.entries.size());
      ImGui::TableSetColumnIndex(3);
      if (g.missing > 0) {
        StatusCell(ctx, "\u26a0 " + std::to_string(g.missing) + " missing", Tone::Warning,
                   "The inventory lists certificates whose files are gone from this location. "
                   "TrustDesk cannot use or renew them here until the files are restored.");
      } else {
        StatusCell(ctx, "\u2713 In use", Tone::Ok, "");
      }
    }
    if (any) continue;
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ui::ColoredText(ctx.palette.muted, DisplayName(kind));
    ImGui::TableSetColumnIndex(1);
    ui::ColoredText(ctx.palette.muted, "\u2014");
    ImGui::TableSetColumnIndex(2);
    ui::ColoredText(ctx.palette.muted, "0");
    ImGui::TableSetColumnIndex(3);
    if (IsStoreAvailable(kind)) {
      StatusCell(ctx, "Not in use", Tone::Muted,
                 "Available: a profile that allows it can install certificates here.");
    } else {
      StatusCell(ctx, "Not available in this build", Tone::Muted,
                 kind == KeyStoreKind::Os
                     ? "This build of TrustDesk cannot use the operating system's certificate "
                       "store (NSS database, Keychain, Windows certificate store) yet."
                     : "This build of TrustDesk cannot use hardware tokens (PKCS#11) yet.");
    }
  }
  ImGui::EndTable();
}

// --- Certificates per store --------------------------------------------------------------------

void DrawGroup(const ViewContext& ctx, const StoreGroup& group, const KeyStoresPageState& state) {
  std::string title = std::string(DisplayName(group.kind));
  if (!group.location.empty()) title += " \u2014 " + group.location;
  title += " (" + std::to_string(group.entries.size()) + ")";
  ImGui::PushID(title.c_str());
  const bool open = ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen);
  RecordLastItem(title);
  if (open) {
    // Outer padding: the cells line up with the store table above instead of the window edge.
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                       ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_PadOuterX;
    if (ImGui::BeginTable("##certs", 5, kFlags)) {
      const float font = ImGui::GetFontSize();
      ImGui::TableSetupColumn("Common name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableSetupColumn("Profile", ImGuiTableColumnFlags_WidthStretch, 1.0f);
      // The serial takes a share of the width (cut with "…" and whole on hover when narrow).
      ImGui::TableSetupColumn("Serial", ImGuiTableColumnFlags_WidthStretch, 0.9f);
      ImGui::TableSetupColumn("Expires", ImGuiTableColumnFlags_WidthFixed, font * 8.5f);
      ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed, font * 9.0f);
      ImGui::TableHeadersRow();
      for (const InventoryEntry* e : group.entries) {
        ImGui::PushID(e->serial.c_str());
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ui::TextEllipsis(ctx.palette.text, CommonName(e->subject),
                         ImGui::GetContentRegionAvail().x);
        ui::TooltipForLastItem(e->subject);
        ImGui::TableSetColumnIndex(1);
        auto name = state.profile_names.find(e->profile_id);
        ui::TextEllipsis(name != state.profile_names.end() ? ctx.palette.text : ctx.palette.muted,
                         name != state.profile_names.end() ? name->second
                                                           : e->profile_id + " (not assigned)",
                         ImGui::GetContentRegionAvail().x);
        ImGui::TableSetColumnIndex(2);
        ui::TextEllipsis(ctx.palette.muted, e->serial, ImGui::GetContentRegionAvail().x);
        ui::TooltipForLastItem(e->serial);
        ImGui::TableSetColumnIndex(3);
        ImGui::TextUnformatted(LocalTime(e->not_after, ctx.now).c_str());
        ui::TooltipForLastItem(FormatUtc(e->not_after));
        ImGui::TableSetColumnIndex(4);
        const int64_t left = e->not_after.unix_seconds - ctx.now.unix_seconds;
        if (e->missing) {
          StatusCell(ctx, "\u26a0 Missing", Tone::Warning,
                     "Its files are no longer at " + e->location +
                         ". Restore them, or enroll again.");
        } else if (left <= 0) {
          StatusCell(ctx, "Expired", Tone::Error, "");
        } else if (left < kSoonSeconds) {
          StatusCell(ctx, "Expires " + RelativeTime(e->not_after, ctx.now), Tone::Warning, "");
        } else {
          StatusCell(ctx, "\u2713 Installed", Tone::Ok, "");
        }
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
  }
  ImGui::PopID();
}

}  // namespace

void DrawKeyStoresPage(const ViewContext& ctx, KeyStoresPageState& state) {
  DrawPageHeader(ctx, "Key stores & devices",
                 "Where private keys live on this machine and which certificates each store "
                 "holds, from TrustDesk's local inventory.");
  RefreshNames(ctx.snapshot, state);
  const std::vector<StoreGroup> groups = Group(ctx.snapshot.installed);
  DrawStoresTable(ctx, groups);
  ImGui::Spacing();
  if (groups.empty()) {
    ui::EmptyState(ctx.fonts.heading, "No certificates installed here",
                   "Certificates you enroll on this machine appear here under the key store "
                   "that holds them.",
                   ctx.palette.muted);
    return;
  }
  ImGui::BeginChild("##store_certificates", ImVec2(0, 0), false);
  for (const StoreGroup& group : groups) DrawGroup(ctx, group, state);
  ImGui::EndChild();
}

}  // namespace trustdesk
