#include <doctest/doctest.h>

#ifdef __linux__
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <cstring>
#include <vector>

#include "core/sync/network_watcher.h"

namespace trustdesk {
namespace {

// Builds one netlink message of `type` carrying `body` (kernel alignment).
template <typename Body>
std::vector<char> Message(uint16_t type, const Body& body, uint32_t len_override = 0) {
  std::vector<char> out(NLMSG_SPACE(sizeof(Body)), 0);
  auto* header = reinterpret_cast<nlmsghdr*>(out.data());
  header->nlmsg_len = len_override ? len_override : NLMSG_LENGTH(sizeof(Body));
  header->nlmsg_type = type;
  std::memcpy(NLMSG_DATA(header), &body, sizeof(Body));
  return out;
}

bool Announces(const std::vector<char>& d) {
  return NetworkWatcher::AnnouncesConnectivity(d.data(), d.size());
}

}  // namespace

TEST_CASE("network watcher: which kernel notifications can bring the network back") {
  ifinfomsg link{};
  link.ifi_flags = IFF_UP | IFF_RUNNING;
  CHECK(Announces(Message(RTM_NEWLINK, link)));
  link.ifi_flags = IFF_UP;  // up but no carrier yet
  CHECK_FALSE(Announces(Message(RTM_NEWLINK, link)));
  link.ifi_flags = IFF_UP | IFF_RUNNING | IFF_LOOPBACK;
  CHECK_FALSE(Announces(Message(RTM_NEWLINK, link)));
  CHECK_FALSE(Announces(Message(RTM_DELLINK, ifinfomsg{})));

  CHECK(Announces(Message(RTM_NEWADDR, ifaddrmsg{})));
  CHECK_FALSE(Announces(Message(RTM_DELADDR, ifaddrmsg{})));

  rtmsg route{};
  route.rtm_table = RT_TABLE_MAIN;
  route.rtm_dst_len = 0;  // default route
  CHECK(Announces(Message(RTM_NEWROUTE, route)));
  route.rtm_dst_len = 24;  // a subnet route is not "the way out"
  CHECK_FALSE(Announces(Message(RTM_NEWROUTE, route)));

  // A notification later in the same datagram counts; a truncated or lying header ends the walk.
  std::vector<char> two = Message(RTM_DELADDR, ifaddrmsg{});
  const std::vector<char> add = Message(RTM_NEWADDR, ifaddrmsg{});
  two.insert(two.end(), add.begin(), add.end());
  CHECK(Announces(two));
  CHECK_FALSE(Announces(Message(RTM_NEWADDR, ifaddrmsg{}, 4)));       // shorter than a header
  CHECK_FALSE(Announces(Message(RTM_NEWADDR, ifaddrmsg{}, 4096)));    // longer than the datagram
  CHECK_FALSE(NetworkWatcher::AnnouncesConnectivity(add.data(), 3));  // cut datagram
}

TEST_CASE("network watcher: starts on a real netlink socket and stops promptly") {
  NetworkWatcher watcher;
  REQUIRE(watcher.Start([] {}));
  CHECK(watcher.running());
  CHECK(watcher.Start([] {}));  // a second start is a no-op
  watcher.Stop();
  CHECK_FALSE(watcher.running());
  watcher.Stop();  // idempotent
}

}  // namespace trustdesk
#endif
