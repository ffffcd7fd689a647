#include "tools/server/router.h"

#include <stdexcept>

namespace trustdesk::server {

void Router::Add(const std::string& method, const std::string& path,
                 httplib::Server::Handler handler) {
  std::string pattern;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '{') {
      pattern += path[i];
      continue;
    }
    size_t end = path.find('}', i);
    std::string name = path.substr(i + 1, end - i - 1);
    pattern += name == "serial" ? "([0-9a-f]{1,64})" : "([A-Za-z0-9._-]{1,64})";
    i = end;
  }
  if (before_ || after_) {
    handler = [inner = std::move(handler), before = before_, after = after_](
                  const httplib::Request& req, httplib::Response& res) {
      if (before) before(req, res);
      inner(req, res);
      if (after) after(req, res);
    };
  }
  if (method == "GET") http_.Get(pattern, std::move(handler));
  else if (method == "POST") http_.Post(pattern, std::move(handler));
  else if (method == "PUT") http_.Put(pattern, std::move(handler));
  else if (method == "PATCH") http_.Patch(pattern, std::move(handler));
  else if (method == "DELETE") http_.Delete(pattern, std::move(handler));
  else throw std::logic_error("Router: unsupported method " + method);
  routes_.push_back(method + " " + path);
}

}  // namespace trustdesk::server
