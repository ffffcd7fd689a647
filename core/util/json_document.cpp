// Untrusted JSON in three steps, cheapest first:
//   1. size limit, before a byte is examined;
//   2. one linear UTF-8 validation pass, so the error can name the exact byte offset;
//   3. nlohmann's SAX parser (iterative, no recursion) feeding a DOM builder that tracks depth and
//      aborts as soon as the limit is crossed, so no deep tree is ever built.
// nlohmann 3.10+ destroys values iteratively, and the tree never exceeds max_depth anyway.
#include "core/util/json_document.h"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "core/util/json_path.h"

namespace trustdesk {
namespace {

using nlohmann::json;

std::string Hex(unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", byte);
  return buf;
}

struct Utf8Problem {
  std::size_t offset;
  std::string problem;
};

// Validates UTF-8 per RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF, no stray or missing continuation bytes.
std::optional<Utf8Problem> FindInvalidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    int length = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) {
      length = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      length = 3;
      if (b == 0xE0) lo = 0xA0;  // below: overlong
      if (b == 0xED) hi = 0x9F;  // above: UTF-16 surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
      length = 4;
      if (b == 0xF0) lo = 0x90;  // below: overlong
      if (b == 0xF4) hi = 0x8F;  // above: beyond U+10FFFF
    } else if (b >= 0x80 && b <= 0xBF) {
      return Utf8Problem{i, "unexpected continuation byte " + Hex(b)};
    } else if (b == 0xC0 || b == 0xC1) {
      return Utf8Problem{i, "overlong encoding (lead byte " + Hex(b) + ")"};
    } else {
      return Utf8Problem{i, "invalid lead byte " + Hex(b)};
    }
    if (i + length > n) {
      return Utf8Problem{i,
                         "truncated " + std::to_string(length) + "-byte sequence at end of input"};
    }
    for (int k = 1; k < length; ++k) {
      const unsigned char c = p[i + k];
      const unsigned char min = k == 1 ? lo : 0x80;
      const unsigned char max = k == 1 ? hi : 0xBF;
      if (c < min || c > max) {
        std::string what;
        if (c < 0x80 || c > 0xBF) {
          what = "truncated " + std::to_string(length) + "-byte sequence (byte " + Hex(c) +
                 " is not a continuation byte)";
        } else if (b == 0xED) {
          what = "encoded UTF-16 surrogate (" + Hex(b) + " " + Hex(c) + ")";
        } else if (b == 0xF4) {
          what = "code point above U+10FFFF (" + Hex(b) + " " + Hex(c) + ")";
        } else {
          what = "overlong encoding (" + Hex(b) + " " + Hex(c) + ")";
        }
        return Utf8Problem{i, what};
      }
    }
    i += length;
  }
  return std::nullopt;
}

// Offset of the first '[' or '{' (outside strings) that opens level max_depth + 1. Only used to
// put a byte offset into the error once the parser has already refused the document.
std::size_t OffsetOfTooDeep(std::string_view bytes, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return bytes.size();
}

// Builds the DOM from SAX events with an explicit stack of open containers. Every handler returns
// false to abort the parse at the first problem.
class LimitedDomBuilder {
 public:
  explicit LimitedDomBuilder(int max_depth) : max_depth_(max_depth) {}

  bool null() { return Add(json(nullptr)); }
  bool boolean(bool v) { return Add(json(v)); }
  bool number_integer(json::number_integer_t v) { return Add(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return Add(json(v)); }
  bool number_float(json::number_float_t v, const json::string_t&) { return Add(json(v)); }
  bool string(json::string_t& v) { return Add(json(std::move(v))); }
  bool binary(json::binary_t&) {
    problem_ = "binary values are not JSON";
    return false;
  }
  bool start_object(std::size_t) { return Open(json::object()); }
  bool start_array(std::size_t) { return Open(json::array()); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(json::string_t& k) {
    Level& level = stack_.back();
    level.key = k;
    level.awaiting_value = true;
    if (level.container->contains(k)) {
      problem_ = "duplicate key \"" + k + "\"";
      return false;
    }
    pending_key_ = &(*level.container)[k];
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const json::exception& ex) {
    parse_error_position_ = position;
    error_path_ = CurrentPath();
    // 406: a number beyond double's range (1e999999); the document is well-formed otherwise.
    out_of_range_ = ex.id == 406;
    std::string message = ex.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 5: " prefix;
    // the caller reports a byte offset instead.
    if (const auto colon = message.find(": "); colon != std::string::npos) {
      message = message.substr(colon + 2);
    }
    problem_ = message;
    return false;
  }

  json& root() { return root_; }
  bool too_deep() const { return too_deep_; }
  const std::string& problem() const { return problem_; }
  std::optional<std::size_t> parse_error_position() const { return parse_error_position_; }
  // Where the parser stopped, as a path ("$.account_id", "$.list[2]"); "$" at the top level.
  const std::string& error_path() const { return error_path_; }
  bool out_of_range() const { return out_of_range_; }

 private:
  struct Level {
    json* container;
    std::string key;              // objects: the latest key read
    bool awaiting_value = false;  // objects: a key was read and its value not yet placed
  };

  // The path of the value being parsed: every open container's current key or index.
  std::string CurrentPath() const {
    std::string path = "$";
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const Level& level = stack_[i];
      const bool innermost = i + 1 == stack_.size();
      if (level.container->is_array()) {
        // Outer arrays already hold the open child; the innermost one's next index is its size.
        const std::size_t size = level.container->size();
        path = JsonPathIndex(path, innermost ? size : size - 1);
      } else if (!innermost || level.awaiting_value) {
        path = JsonPathKey(path, level.key);
      }
    }
    return path;
  }
  // Places a value where the grammar says it goes: the root, the pending key, or the open array.
  json* Place(json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Level& level = stack_.back();
    json& parent = *level.container;
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    level.awaiting_value = false;
    *pending_key_ = std::move(value);
    return pending_key_;
  }
  bool Add(json&& value) {
    Place(std::move(value));
    return true;
  }
  bool Open(json&& container) {
    if (static_cast<int>(stack_.size()) >= max_depth_) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(Level{Place(std::move(container)), std::string(), false});
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }

  int max_depth_;
  json root_;
  std::vector<Level> stack_;
  json* pending_key_ = nullptr;
  bool too_deep_ = false;
  std::string problem_;
  std::optional<std::size_t> parse_error_position_;
  std::string error_path_;
  bool out_of_range_ = false;
};

}  // namespace

Result<json> ParseJsonDocument(std::string_view bytes, std::string_view what,
                               const JsonLimits& limits) {
  const std::string name(what);
  if (bytes.size() > limits.max_bytes) {
    return Error{ErrorCode::TooLarge, name + ": document is " + std::to_string(bytes.size()) +
                                          " bytes, larger than the limit of " +
                                          std::to_string(limits.max_bytes) + " bytes"};
  }
  if (const auto bad = FindInvalidUtf8(bytes)) {
    return Error{ErrorCode::Parse, name + ": invalid UTF-8 at byte offset " +
                                       std::to_string(bad->offset) + ": " + bad->problem};
  }
  LimitedDomBuilder builder(limits.max_depth);
  bool ok = false;
  try {
    ok = json::sax_parse(bytes.begin(), bytes.end(), &builder);
  } catch (const std::exception& e) {
    // Handlers do not throw; this covers allocation failure on hostile input.
    return Error{ErrorCode::Parse, name + ": " + e.what()};
  }
  if (ok) return std::move(builder.root());
  if (builder.too_deep()) {
    return Error{ErrorCode::Parse, name + ": nesting deeper than " +
                                       std::to_string(limits.max_depth) +
                                       " levels at byte offset " +
                                       std::to_string(OffsetOfTooDeep(bytes, limits.max_depth))};
  }
  if (const auto position = builder.parse_error_position()) {
    // nlohmann counts characters read; the offending byte is the last one read.
    const std::size_t offset = *position > 0 ? *position - 1 : 0;
    const std::string& path = builder.error_path();
    if (builder.out_of_range()) {
      return Error{ErrorCode::Parse, name + ": " + path + ": number out of range (byte offset " +
                                         std::to_string(offset) + ")"};
    }
    return Error{ErrorCode::Parse,
                 name + ": invalid JSON at byte offset " + std::to_string(offset) +
                     (path == "$" ? "" : " (in " + path + ")") + ": " + builder.problem()};
  }
  return Error{ErrorCode::Parse, name + ": " + builder.problem()};
}

}  // namespace trustdesk
