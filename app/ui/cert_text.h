// Short wording for certificate facts in tables and dialogs: dates, serials, where a certificate
// lives on this machine, durations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/inventory/inventory.h"
#include "core/model/timestamp.h"

namespace trustdesk {

// Local calendar date: "12 Mar 2026".
std::string ShortDate(Timestamp t);
// "3f2a91…c1d0" for long serials; short ones unchanged.
std::string ShortSerial(std::string_view serial);
// "AB:CD:EF…" style grouping of a lower-case hex serial for the viewer: "3f:2a:91:…".
std::string GroupedHex(std::string_view hex);
// "PEM files · /home/ana/certs/vpn"; the store name alone when it has no location.
std::string StoreText(const InventoryEntry& entry);
// "200,000": a count with thousands separators.
std::string CountText(std::size_t n);
// "PKCS#12 file · vpn-client.p12": the store and the last part of its location, for a table cell.
std::string StoreShortText(const InventoryEntry& entry);
// "850 ms", "1.4 s", "2 min 05 s", "1 h 02 min".
std::string DurationText(int64_t milliseconds);
// "41 days", "1 day", "5 hours" between two times, for "expires in …" / "expired … ago".
std::string SpanText(int64_t seconds);

}  // namespace trustdesk
