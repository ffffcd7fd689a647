// Recover key dialog (escrowed profiles): which key store receives the recovered key and
// certificate, that store's PIN or passphrase, and a passphrase (≥ 8 characters, typed twice) that
// protects the key on its way from the server, then RecoverKeyCommand.
#pragma once

#include <string>
#include <vector>

#include "app/ui/certificate_views_state.h"
#include "app/ui/commands.h"
#include "app/ui/issued_rows.h"
#include "app/ui/view_context.h"

namespace trustdesk {

inline constexpr const char* kRecoverKeyDialogId = "###recover-key-dialog";

// Key stores TrustDesk can install a recovered key into (files and the software store).
bool CanRecoverInto(KeyStoreKind kind);
// The stores offered: the profile's allowed stores, or every supported one when it is unknown.
std::vector<KeyStoreKind> RecoverStoreChoices(const IssuedRow& row);
// Why the form cannot be sent yet; empty when it can.
std::string RecoverFormProblem(const RecoverKeyDialogState& state);

void DrawRecoverKeyDialog(const ViewContext& ctx, RecoverKeyDialogState& state,
                          const IssuedRowCache& rows, Commands& commands);

}  // namespace trustdesk
