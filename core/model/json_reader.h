// The path-tracking reader behind the strict JSON mapping. Mapping code reads every field in
// order without early returns; the reader records the first problem ("<path>: <problem>") in a
// shared ValidationErrors and hands back harmless defaults afterwards, so a FromJson function
// checks failed() once at the end and never returns a half-built object.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/timestamp.h"
#include "core/util/json_path.h"
#include "core/util/result.h"

namespace trustdesk {

// The first validation problem of one document.
class ValidationErrors {
 public:
  void Add(std::string_view path, std::string_view problem);  // ignored once one is recorded
  void Add(const Error& nested) {  // a complete "path: problem" from a nested FromJson
    if (!first_) first_ = nested.message;
  }
  bool failed() const { return first_.has_value(); }
  Error error() const { return Error{ErrorCode::InvalidInput, first_.value_or("")}; }

 private:
  std::optional<std::string> first_;
};

enum class Presence { Required, Optional };

// "string", "integer", "number", "boolean", "null", "array" or "object".
const char* JsonTypeName(const nlohmann::json& value);

// Number of Unicode code points in UTF-8 text (what a user would call characters).
std::size_t CodePointCount(std::string_view text);

// Reads the members of one JSON object. Absent and present-but-null are different: null is a
// wrong type for every field.
class JsonReader {
 public:
  JsonReader(const nlohmann::json& value, std::string path, ValidationErrors& errors);

  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const { return JsonPathKey(path_, key); }
  std::string PathOf(std::string_view key, std::size_t index) const {
    return JsonPathIndex(PathOf(key), index);
  }
  bool Has(std::string_view key) const;
  bool failed() const { return errors_.failed(); }
  ValidationErrors& errors() { return errors_; }

  void Fail(std::string_view key, std::string_view problem) { errors_.Add(PathOf(key), problem); }
  void FailAt(std::string_view key, std::size_t index, std::string_view problem) {
    errors_.Add(PathOf(key, index), problem);
  }
  void FailHere(std::string_view problem) { errors_.Add(path_, problem); }

  // Absent optional strings read as "". Required strings must also be non-empty.
  std::string String(std::string_view key, Presence presence);
  std::optional<std::string> OptionalString(std::string_view key);
  bool Bool(std::string_view key, bool fallback);
  int64_t Integer(std::string_view key, Presence presence, int64_t min, int64_t max,
                  int64_t fallback);
  std::optional<int64_t> OptionalInteger(std::string_view key, int64_t min, int64_t max);
  Timestamp Time(std::string_view key);  // required RFC 3339 string
  std::optional<Timestamp> OptionalTime(std::string_view key);

  std::vector<std::string> Strings(std::string_view key, Presence presence, bool non_empty);
  std::vector<int64_t> Integers(std::string_view key, Presence presence, bool non_empty,
                                int64_t min, int64_t max);
  std::map<std::string, std::string> StringMap(std::string_view key, Presence presence);

  // Enum fields: `expected` lists the wire strings for the message, e.g. "RSA, EC, Ed25519".
  template <class E>
  E Enum(std::string_view key, Presence presence, E fallback,
         std::optional<E> (*parse)(std::string_view), std::string_view expected);
  template <class E>
  std::optional<E> OptionalEnum(std::string_view key, std::optional<E> (*parse)(std::string_view),
                                std::string_view expected);
  template <class E>
  std::vector<E> Enums(std::string_view key, Presence presence, bool non_empty,
                       std::optional<E> (*parse)(std::string_view), std::string_view expected);

  // A nested object; absent optional objects (and anything after a failure) read as {}.
  JsonReader Object(std::string_view key, Presence presence);
  // Calls fn(JsonReader&, index) for every element, each of which must be an object.
  template <class F>
  void Objects(std::string_view key, Presence presence, bool non_empty, F&& fn);

 private:
  // The member if present with the wanted type; records missing/wrong-type problems.
  const nlohmann::json* Find(std::string_view key, Presence presence, nlohmann::json::value_t type);
  const nlohmann::json* FindArray(std::string_view key, Presence presence, bool non_empty);
  void FailUnknown(std::string_view path, const std::string& text, std::string_view expected);

  const nlohmann::json& value_;
  std::string path_;
  ValidationErrors& errors_;
};

template <class E>
E JsonReader::Enum(std::string_view key, Presence presence, E fallback,
                   std::optional<E> (*parse)(std::string_view), std::string_view expected) {
  const nlohmann::json* v = Find(key, presence, nlohmann::json::value_t::string);
  if (!v) return fallback;
  const auto& text = v->get_ref<const std::string&>();
  const std::optional<E> parsed = parse(text);
  if (!parsed) {
    FailUnknown(PathOf(key), text, expected);
    return fallback;
  }
  return *parsed;
}

template <class E>
std::optional<E> JsonReader::OptionalEnum(std::string_view key,
                                          std::optional<E> (*parse)(std::string_view),
                                          std::string_view expected) {
  if (!Has(key)) return std::nullopt;
  // The fallback is never returned as a value: a failure is recorded and the caller discards all.
  const E value = Enum<E>(key, Presence::Required, E{}, parse, expected);
  return value;
}

template <class E>
std::vector<E> JsonReader::Enums(std::string_view key, Presence presence, bool non_empty,
                                 std::optional<E> (*parse)(std::string_view),
                                 std::string_view expected) {
  std::vector<E> out;
  const nlohmann::json* array = FindArray(key, presence, non_empty);
  if (!array) return out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const nlohmann::json& item = (*array)[i];
    if (!item.is_string()) {
      FailAt(key, i, std::string("expected string, got ") + JsonTypeName(item));
      return {};
    }
    const auto& text = item.get_ref<const std::string&>();
    const std::optional<E> parsed = parse(text);
    if (!parsed) {
      FailUnknown(PathOf(key, i), text, expected);
      return {};
    }
    for (const E& earlier : out) {
      if (earlier == *parsed) {
        FailAt(key, i, "duplicate value " + QuoteForMessage(text));
        return {};
      }
    }
    out.push_back(*parsed);
  }
  return out;
}

template <class F>
void JsonReader::Objects(std::string_view key, Presence presence, bool non_empty, F&& fn) {
  const nlohmann::json* array = FindArray(key, presence, non_empty);
  if (!array) return;
  for (std::size_t i = 0; i < array->size() && !errors_.failed(); ++i) {
    JsonReader element((*array)[i], PathOf(key, i), errors_);
    fn(element, i);
  }
}

}  // namespace trustdesk
