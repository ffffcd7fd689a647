// Key stores & devices, an Advanced mode page (SPEC §9): each key store kind with where it is in
// use, how many certificates it holds and their health from the local inventory (missing files
// flagged), then the certificates of each store. The OS store and PKCS#11 tokens say plainly that
// this build cannot use them.
#pragma once

#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

void DrawKeyStoresPage(const ViewContext& ctx, KeyStoresPageState& state);

}  // namespace trustdesk
