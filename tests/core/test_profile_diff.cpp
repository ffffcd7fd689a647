#include <doctest/doctest.h>

#include <string>

#include "core/model/profile_diff.h"

using namespace trustdesk;
using nlohmann::json;

namespace {

std::vector<std::string> Lines(const std::vector<FieldChange>& changes) {
  std::vector<std::string> out;
  for (const FieldChange& c : changes) out.push_back(c.path + " " + c.before + " -> " + c.after);
  return out;
}

}  // namespace

TEST_CASE("Equal documents have no changes") {
  const json j = {{"a", 1}, {"b", {1, 2, {{"c", nullptr}}}}};
  CHECK(DiffJson(j, j).empty());
  CHECK(DiffJson(json(1), json(1.0)).empty());  // numbers compare by value
}

TEST_CASE("Changed, added and removed members are reported with paths") {
  const json before = {{"name", "VPN"},
                       {"revision", 3},
                       {"policy", {{"renewal_window", {{"days_before_expiry", 30}}}}},
                       {"legacy", true}};
  const json after = {{"name", "VPN"},
                      {"revision", 4},
                      {"policy", {{"renewal_window", {{"percent_of_lifetime", 20}}}}},
                      {"description", "new"}};
  CHECK(Lines(DiffJson(before, after)) == std::vector<std::string>{
                                              "$.description  -> \"new\"",
                                              "$.legacy true -> ",
                                              "$.policy.renewal_window.days_before_expiry 30 -> ",
                                              "$.policy.renewal_window.percent_of_lifetime  -> 20",
                                              "$.revision 3 -> 4",
                                          });
}

TEST_CASE("Arrays are compared by index") {
  const json before = {{"stores", {"pem", "pkcs12", "os"}}, {"bits", {2048}}};
  const json after = {{"stores", {"pem", "software"}}, {"bits", {2048, 3072, 4096}}};
  CHECK(Lines(DiffJson(before, after)) == std::vector<std::string>{
                                              "$.bits[1]  -> 3072",
                                              "$.bits[2]  -> 4096",
                                              "$.stores[1] \"pkcs12\" -> \"software\"",
                                              "$.stores[2] \"os\" -> ",
                                          });
}

TEST_CASE("A type change is one change of the whole value") {
  const json before = {{"x", {{"a", 1}}}, {"y", {1, 2}}};
  const json after = {{"x", {1}}, {"y", "two"}};
  CHECK(Lines(DiffJson(before, after)) == std::vector<std::string>{
                                              "$.x {\"a\":1} -> [1]",
                                              "$.y [1,2] -> \"two\"",
                                          });
  CHECK(Lines(DiffJson(json(1), json("1"))) == std::vector<std::string>{"$ 1 -> \"1\""});
}

TEST_CASE("Keys that are not identifiers use bracket paths") {
  const json before = {{"attributes", {{"cost center", "A"}}}};
  const json after = {{"attributes", {{"cost center", "B"}}}};
  const auto changes = DiffJson(before, after);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].path == "$.attributes[\"cost center\"]");
  CHECK(changes[0].before == "\"A\"");
  CHECK(changes[0].after == "\"B\"");
}

TEST_CASE("Nested changes keep document order") {
  const json before = {{"a", {{"z", 1}, {"b", 1}}}, {"c", {{{"k", 1}}, {{"k", 2}}}}};
  json after = before;
  after["a"]["z"] = 2;
  after["a"]["b"] = 2;
  after["c"][0]["k"] = 5;
  after["c"][1]["k"] = 6;
  CHECK(Lines(DiffJson(before, after)) == std::vector<std::string>{
                                              "$.a.b 1 -> 2",
                                              "$.a.z 1 -> 2",
                                              "$.c[0].k 1 -> 5",
                                              "$.c[1].k 2 -> 6",
                                          });
}

TEST_CASE("Very deep documents are walked without recursion") {
  json before = json::array();
  json after = json::array();
  json* b = &before;
  json* a = &after;
  for (int i = 0; i < 10000; ++i) {
    b->push_back(json::array());
    a->push_back(json::array());
    b = &(*b)[0];
    a = &(*a)[0];
  }
  b->push_back(1);
  a->push_back(2);
  const auto changes = DiffJson(before, after);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].before == "1");
  CHECK(changes[0].after == "2");
  CHECK(changes[0].path.size() == 1 + 3 * 10001);
}
