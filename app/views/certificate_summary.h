// The few lines every certificate dialog starts with (common name, profile, serial, expiry,
// where it is installed), so the person knows which certificate they are acting on.
#pragma once

#include <string>

#include "app/ui/commands.h"
#include "app/ui/issued_rows.h"
#include "app/ui/view_context.h"

namespace trustdesk {

// `label_width_em` is the dialog's form label width too, so the summary's values and the form's
// fields start at the same x.
void DrawCertificateSummary(const ViewContext& ctx, const IssuedRow& row, float label_width_em);

// The dialog's buttons: the action (disabled with `blocked` as its reason) and Cancel, which
// closes the popup. Returns true when the action was pressed. `danger` draws it in the error
// colour (Revoke). In Advanced mode a non-empty `cli_line` adds "Copy as CLI command".
bool DialogButtons(const ViewContext& ctx, const char* action, const std::string& blocked,
                   bool danger = false, const std::string& cli_line = {},
                   Commands* commands = nullptr);

// Shown instead of a dialog's form when its certificate disappeared from the list.
void DrawCertificateGone(const ViewContext& ctx);

}  // namespace trustdesk
