// docs/api/openapi.yaml and the server agree: every route the server registers is documented,
// and every documented route exists.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>

#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;

namespace {

// "GET /api/v1/profiles/{id}" for each method under each path of the OpenAPI file. The file is
// written in block style: paths at two spaces, methods at four.
std::set<std::string> DocumentedRoutes() {
  std::ifstream in(std::filesystem::path(TRUSTDESK_SOURCE_DIR) / "docs" / "api" / "openapi.yaml");
  REQUIRE(in);
  static const std::regex kPath(R"(^  (/[^:]*):\s*$)");
  static const std::regex kMethod(R"(^    (get|post|put|patch|delete):\s*$)");
  std::set<std::string> routes;
  std::string line, path;
  bool in_paths = false;
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("paths:", 0) == 0) in_paths = true;
    else if (!line.empty() && line[0] != ' ') in_paths = false;
    if (!in_paths) continue;
    if (std::regex_match(line, m, kPath)) {
      path = "/api/v1" + m[1].str();
    } else if (std::regex_match(line, m, kMethod) && !path.empty()) {
      std::string method = m[1].str();
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      routes.insert(method + " " + path);
    }
  }
  return routes;
}

}  // namespace

TEST_CASE("server openapi: documented routes and implemented routes are the same set") {
  TestServer server(TestServerOptions{false, std::nullopt, nullptr});
  auto implemented_list = server.server().routes();
  std::set<std::string> implemented(implemented_list.begin(), implemented_list.end());
  CHECK(implemented.size() == implemented_list.size());  // no route registered twice
  std::set<std::string> documented = DocumentedRoutes();
  CHECK(documented.size() > 20);
  for (const auto& r : implemented) CHECK_MESSAGE(documented.count(r) == 1, "undocumented: " << r);
  for (const auto& r : documented) CHECK_MESSAGE(implemented.count(r) == 1, "not implemented: " << r);
}
