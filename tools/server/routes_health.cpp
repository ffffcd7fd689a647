#include "tools/server/http_util.h"
#include "tools/server/routes.h"
#include "tools/server/server_state.h"

namespace trustdesk::server {

void RegisterHealthRoutes(Router& router, ServerState&) {
  router.Add("GET", "/api/v1/health", [](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, {{"status", "ok"}, {"version", TRUSTDESK_VERSION}, {"api_version", 1}});
  });
}

}  // namespace trustdesk::server
