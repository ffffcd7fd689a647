// The few lines every certificate dialog starts with (common name, profile, serial, expiry,
// where it is installed), so the person knows which certificate they are acting on.
#pragma once

#include "app/ui/issued_rows.h"
#include "app/ui/view_context.h"

namespace trustdesk {

void DrawCertificateSummary(const ViewContext& ctx, const IssuedRow& row);

// The dialog's buttons: the action (disabled with `blocked` as its reason) and Cancel, which
// closes the popup. Returns true when the action was pressed. `danger` draws it in the error
// colour (Revoke).
bool DialogButtons(const ViewContext& ctx, const char* action, const std::string& blocked,
                   bool danger = false);

// Shown instead of a dialog's form when its certificate disappeared from the list.
void DrawCertificateGone(const ViewContext& ctx);

}  // namespace trustdesk
