// Export dialog: format (PKCS#12 file or PEM files), destination path and the secret that
// protects the exported private key, then ExportCommand. Only reachable when the profile's policy
// allows export (the row action says why not otherwise).
#pragma once

#include <string>

#include "app/ui/certificate_views_state.h"
#include "app/ui/commands.h"
#include "app/ui/issued_rows.h"
#include "app/ui/view_context.h"

namespace trustdesk {

inline constexpr const char* kExportDialogId = "###export-dialog";
inline constexpr std::size_t kMinPassphraseLength = 8;

// Why the form cannot be sent yet (the first problem, worded for the person); empty when it can.
// `store` is where the key is installed: a PEM key gets a new passphrase (≥ 8 characters, typed
// twice); the software store's PIN or the PKCS#12 file's passphrase unlocks the key and also
// protects the exported copy.
std::string ExportFormProblem(const ExportDialogState& state, KeyStoreKind store);

void DrawExportDialog(const ViewContext& ctx, ExportDialogState& state, const IssuedRowCache& rows,
                      Commands& commands);

}  // namespace trustdesk
