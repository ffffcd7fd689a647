// Renew dialog: what renewal will do (new key in the same store, the duplicate policy) and the key
// store's PIN or passphrase when it needs one, then RenewCommand.
#pragma once

#include "app/ui/certificate_views_state.h"
#include "app/ui/commands.h"
#include "app/ui/issued_rows.h"
#include "app/ui/view_context.h"

namespace trustdesk {

inline constexpr const char* kRenewDialogId = "###renew-dialog";

void DrawRenewDialog(const ViewContext& ctx, RenewDialogState& state, const IssuedRowCache& rows,
                     Commands& commands);

}  // namespace trustdesk
