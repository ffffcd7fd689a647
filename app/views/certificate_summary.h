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

// The frame of every certificate dialog (renew, export, revoke, recover key): opens the modal
// (`title` "Name###id", `id` that "###id", `width_em` wide), finds the certificate with `serial`
// and draws its summary. Returns the row; the caller draws its form and calls ui::EndModal().
// Returns nullptr when the modal is closed, or when the certificate is no longer listed (then it
// says so with a Close button and has ended the modal itself).
const IssuedRow* BeginCertificateDialog(const ViewContext& ctx, const char* title, const char* id,
                                        bool* open_request, float width_em,
                                        const IssuedRowCache& rows, const std::string& serial,
                                        float label_width_em);

// The dialog's buttons: the action (disabled with `blocked` as its reason) and Cancel, which
// closes the popup. Returns true when the action was pressed. `danger` draws it in the error
// colour (Revoke). In Advanced mode a non-empty `cli_line` adds "Copy as CLI command".
bool DialogButtons(const ViewContext& ctx, const char* action, const std::string& blocked,
                   bool danger = false, const std::string& cli_line = {},
                   Commands* commands = nullptr);

// Shown instead of a dialog's form when its certificate disappeared from the list.
void DrawCertificateGone(const ViewContext& ctx);

}  // namespace trustdesk
