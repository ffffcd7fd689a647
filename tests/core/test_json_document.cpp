#include <doctest/doctest.h>

#include <string>

#include "core/util/json_document.h"

using namespace trustdesk;

namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The error of parsing `bytes`; fails the test if it parsed.
Error ParseError(std::string_view bytes, const JsonLimits& limits = {}) {
  auto result = ParseJsonDocument(bytes, "test document", limits);
  REQUIRE_FALSE(result.ok());
  return result.error();
}

}  // namespace

TEST_CASE("A well-formed document parses to the expected value") {
  auto result =
      ParseJsonDocument(R"({"revision": 7, "profiles": [{"name": "Ünïcødé €😀"}]})", "profile list");
  REQUIRE(result.ok());
  CHECK((*result)["revision"] == 7);
  CHECK((*result)["profiles"][0]["name"] == "Ünïcødé €😀");
}

TEST_CASE("Scalars and empty containers are whole documents") {
  CHECK(ParseJsonDocument("42", "x")->get<int>() == 42);
  CHECK(ParseJsonDocument("null", "x")->is_null());
  CHECK(ParseJsonDocument("[]", "x")->is_array());
  CHECK(ParseJsonDocument(" {} ", "x")->is_object());
}

TEST_CASE("Syntax errors name the source and the byte offset") {
  Error e = ParseError(R"({"a": })");
  CHECK(e.code == ErrorCode::Parse);
  CHECK(Contains(e.message, "test document: invalid JSON at byte offset 6"));

  e = ParseError("");
  CHECK(Contains(e.message, "test document: invalid JSON at byte offset 0"));
  CHECK(Contains(e.message, "unexpected end of input"));

  e = ParseError("{} x");
  CHECK(Contains(e.message, "byte offset 3"));

  e = ParseError(R"({"a": 1,})");
  CHECK(e.code == ErrorCode::Parse);
  e = ParseError("[1e999999]");
  CHECK(e.code == ErrorCode::Parse);
}

TEST_CASE("security: a number out of range names its path, not the parser's exception") {
  Error e = ParseError(R"({"account_id": 1e999999, "x": 1})");
  CHECK(e.code == ErrorCode::Parse);
  CHECK(Contains(e.message, "test document: $.account_id: number out of range"));
  CHECK_FALSE(Contains(e.message, "json.exception"));
  CHECK(Contains(ParseError(R"({"a": {"b": [0, {"c": [1, -1E400]}]}})").message,
                 "$.a.b[1].c[1]: number out of range"));
  CHECK(Contains(ParseError("1e999999").message, "test document: $: number out of range"));
  CHECK(Contains(ParseError(R"({"odd key": 1e999})").message, R"($["odd key"]: number)"));
  // A syntax error after a complete member points at the object, not at the previous key.
  e = ParseError(R"({"a": 1, })");
  CHECK(Contains(e.message, "invalid JSON at byte offset"));
  CHECK_FALSE(Contains(e.message, "$.a"));
}

TEST_CASE("Duplicate object keys are rejected") {
  const Error e = ParseError(R"({"id": "a", "id": "b"})");
  CHECK(e.code == ErrorCode::Parse);
  CHECK(Contains(e.message, "duplicate key \"id\""));
}

TEST_CASE("Documents over the size limit are rejected before parsing") {
  JsonLimits small;
  small.max_bytes = 10;
  CHECK(ParseJsonDocument("[1,2,3,4] ", "x", small).ok());  // exactly 10 bytes
  const Error e = ParseError("[1,2,3,4]  ", small);
  CHECK(e.code == ErrorCode::TooLarge);
  CHECK(e.message == "test document: document is 11 bytes, larger than the limit of 10 bytes");
}

TEST_CASE("A 100 MB document is refused by its size alone") {
  // Filled with bytes that are neither valid UTF-8 nor JSON: any other error than TooLarge would
  // prove the bytes were looked at before the size limit.
  const std::string huge(100u * 1024 * 1024, '\xFF');
  const Error e = ParseError(huge);
  CHECK(e.code == ErrorCode::TooLarge);
  CHECK(Contains(e.message, "104857600 bytes"));
  CHECK(Contains(e.message, "limit of 67108864 bytes"));
}

TEST_CASE("10,000 levels of nesting are rejected cleanly") {
  const std::string arrays(10000, '[');
  Error e = ParseError(arrays);
  CHECK(e.code == ErrorCode::Parse);
  CHECK(e.message == "test document: nesting deeper than 64 levels at byte offset 64");

  std::string objects;
  for (int i = 0; i < 10000; ++i) objects += R"({"a":)";
  e = ParseError(objects);
  CHECK(Contains(e.message, "nesting deeper than 64 levels at byte offset 320"));

  // Balanced and otherwise valid: the depth, not the syntax, is what is refused.
  const std::string balanced = std::string(10000, '[') + std::string(10000, ']');
  CHECK(Contains(ParseError(balanced).message, "nesting deeper than 64"));
}

TEST_CASE("Brackets inside strings do not count as nesting") {
  const std::string text = R"({"a": ")" + std::string(1000, '[') + R"("})";
  CHECK(ParseJsonDocument(text, "x").ok());
}

TEST_CASE("The depth limit is exact and configurable") {
  JsonLimits limits;
  limits.max_depth = 3;
  CHECK(ParseJsonDocument("[[[1]]]", "x", limits).ok());
  CHECK(Contains(ParseError("[[[[1]]]]", limits).message, "deeper than 3 levels at byte offset 3"));
  CHECK(Contains(ParseError(R"({"a":{"b":{"c":{}}}})", limits).message, "byte offset 15"));
}

TEST_CASE("A deep tree within a raised limit is built and destroyed without recursion") {
  JsonLimits limits;
  limits.max_depth = 20000;
  const std::string balanced = std::string(10000, '[') + std::string(10000, ']');
  auto result = ParseJsonDocument(balanced, "x", limits);
  REQUIRE(result.ok());
  const nlohmann::json* node = &*result;
  int depth = 0;
  while (node->is_array() && !node->empty()) {
    node = &(*node)[0];
    ++depth;
  }
  CHECK(depth == 9999);
}

TEST_CASE("Invalid UTF-8 is rejected with the byte offset of the bad sequence") {
  struct Case {
    const char* name;
    std::string bytes;
    const char* problem;
  };
  const Case cases[] = {
      {"overlong 2-byte", "\xC0\xAF", "overlong encoding (lead byte 0xC0)"},
      {"overlong 3-byte", "\xE0\x80\xAF", "overlong encoding (0xE0 0x80)"},
      {"overlong 4-byte", "\xF0\x80\x80\xAF", "overlong encoding (0xF0 0x80)"},
      {"lone continuation", "\x80", "unexpected continuation byte 0x80"},
      {"truncated in the middle",
       "\xE2\x82"
       "A",
       "truncated 3-byte sequence (byte 0x41"},
      {"surrogate", "\xED\xA0\x80", "encoded UTF-16 surrogate (0xED 0xA0)"},
      {"above U+10FFFF", "\xF4\x90\x80\x80", "code point above U+10FFFF"},
      {"invalid byte", "\xFF", "invalid lead byte 0xFF"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string doc = R"({"name":"ab)" + c.bytes + R"("})";
    const Error e = ParseError(doc);
    CHECK(e.code == ErrorCode::Parse);
    CHECK(Contains(e.message, "test document: invalid UTF-8 at byte offset 11: "));
    CHECK(Contains(e.message, c.problem));
  }
  const Error e = ParseError("[\"\xE2\x82");
  CHECK(e.message ==
        "test document: invalid UTF-8 at byte offset 2: truncated 3-byte sequence at "
        "end of input");
}

TEST_CASE("A lone surrogate written as a JSON escape is rejected") {
  const Error e = ParseError(R"(["\ud800"])");
  CHECK(e.code == ErrorCode::Parse);
  CHECK(Contains(e.message, "surrogate"));
}
