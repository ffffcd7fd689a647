// The sections of the profile details modal, one function each. Every section draws its header
// (with a one-line summary while closed) and, when open, its label/value pairs.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/pretty_json.h"
#include "app/ui/profile_rows.h"
#include "app/ui/view_context.h"

namespace trustdesk {

struct DetailsView {
  const ViewContext& ctx;
  const ProfileRow& row;
  const ProfileRowCache& rows;
  Commands& commands;
};

void DrawGeneralSection(const DetailsView& v, bool* open);
void DrawAccountSection(const DetailsView& v, bool* open);
void DrawPolicySection(const DetailsView& v, bool* open);
void DrawFormatSection(const DetailsView& v, bool* open);
// Advanced mode only.
void DrawInternalsSection(const DetailsView& v, bool* open);
void DrawChangesSection(const DetailsView& v, bool* open);
void DrawRawJsonSection(const DetailsView& v, PrettyJson& pretty, bool* open);

}  // namespace trustdesk
