// Registers routes by their documented path ("/api/v1/certificates/{serial}/revoke"), turning
// each {parameter} into its regex, and remembers every (method, path) so a test can compare the
// implementation with docs/api/openapi.yaml.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

namespace trustdesk::server {

class Router {
 public:
  // `before` runs when a handler starts (the request, body included, has arrived); `after` runs
  // after every handler, before the response is written (scenario body faults).
  Router(httplib::Server& http, httplib::Server::Handler before, httplib::Server::Handler after)
      : http_(http), before_(std::move(before)), after_(std::move(after)) {}
  // `method`: GET, POST, PUT, PATCH or DELETE. Parameters: {serial} is lower-case hex, every
  // other {name} is an id ([A-Za-z0-9._-]{1,64}); the handler gets them in req.matches[1..].
  void Add(const std::string& method, const std::string& path, httplib::Server::Handler handler);
  // "GET /api/v1/profiles/{id}", in registration order.
  const std::vector<std::string>& routes() const { return routes_; }

 private:
  httplib::Server& http_;
  httplib::Server::Handler before_;
  httplib::Server::Handler after_;
  std::vector<std::string> routes_;
};

}  // namespace trustdesk::server
