// Certificate viewer (SPEC §6 Details): subject, issuer, SANs, validity, key, every extension,
// fingerprints, the issuing CA chain, where it is installed, and the PEM with Copy. The PEM is
// parsed off the UI thread by CertificateDetailsCache; until then the viewer says it is reading.
#pragma once

#include "app/ui/certificate_details_cache.h"
#include "app/ui/certificate_views_state.h"
#include "app/ui/commands.h"
#include "app/ui/issued_rows.h"
#include "app/ui/view_context.h"

namespace trustdesk {

inline constexpr const char* kCertificateViewerId = "###certificate-viewer";

void DrawCertificateViewer(const ViewContext& ctx, CertificateViewerState& state,
                           const IssuedRowCache& rows, CertificateDetailsCache& details,
                           Commands& commands);

}  // namespace trustdesk
