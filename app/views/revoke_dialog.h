// Revoke dialog: a reason, a warning that revocation is permanent, and a typed confirmation (the
// certificate's common name) before RevokeCommand is sent.
#pragma once

#include <string>

#include "app/ui/certificate_views_state.h"
#include "app/ui/commands.h"
#include "app/ui/issued_rows.h"
#include "app/ui/view_context.h"

namespace trustdesk {

inline constexpr const char* kRevokeDialogId = "###revoke-dialog";

// "Key compromise", ... as the reason combo lists them.
const char* RevocationReasonLabel(RevocationReason reason);
// What must be typed to confirm: the common name, or the serial when there is none.
std::string RevokeConfirmationText(const IssuedRow& row);

void DrawRevokeDialog(const ViewContext& ctx, RevokeDialogState& state, const IssuedRowCache& rows,
                      Commands& commands);

}  // namespace trustdesk
