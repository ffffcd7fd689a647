#include "core/model/json_reader.h"

#include <limits>

namespace trustdesk {
namespace {

using nlohmann::json;

const json& EmptyObject() {
  static const json empty = json::object();
  return empty;
}

const char* WantedName(json::value_t type) {
  switch (type) {
    case json::value_t::string:
      return "string";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
      return "integer";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "value";
  }
}

bool HasType(const json& v, json::value_t type) {
  if (type == json::value_t::number_integer) return v.is_number_integer();  // incl. unsigned
  return v.type() == type;
}

}  // namespace

void ValidationErrors::Add(std::string_view path, std::string_view problem) {
  if (first_) return;
  first_ = std::string(path) + ": " + std::string(problem);
}

const char* JsonTypeName(const json& value) {
  if (value.is_number_integer()) return "integer";
  if (value.is_number_float()) return "number";
  return value.type_name();
}

std::size_t CodePointCount(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

JsonReader::JsonReader(const json& value, std::string path, ValidationErrors& errors)
    : value_(value.is_object() ? value : EmptyObject()), path_(std::move(path)), errors_(errors) {
  if (!value.is_object()) FailHere(std::string("expected object, got ") + JsonTypeName(value));
}

bool JsonReader::Has(std::string_view key) const {
  return value_.find(std::string(key)) != value_.end();
}

const json* JsonReader::Find(std::string_view key, Presence presence, json::value_t type) {
  if (errors_.failed()) return nullptr;
  const auto it = value_.find(std::string(key));
  if (it == value_.end()) {
    if (presence == Presence::Required) Fail(key, "is required");
    return nullptr;
  }
  if (!HasType(*it, type)) {
    Fail(key, std::string("expected ") + WantedName(type) + ", got " + JsonTypeName(*it));
    return nullptr;
  }
  return &*it;
}

const json* JsonReader::FindArray(std::string_view key, Presence presence, bool non_empty) {
  const json* array = Find(key, presence, json::value_t::array);
  if (array && non_empty && array->empty()) {
    Fail(key, "must not be empty");
    return nullptr;
  }
  return array;
}

void JsonReader::FailUnknown(std::string_view path, const std::string& text,
                             std::string_view expected) {
  errors_.Add(
      path, "unknown value " + QuoteForMessage(text) + " (expected " + std::string(expected) + ")");
}

std::string JsonReader::String(std::string_view key, Presence presence) {
  const json* v = Find(key, presence, json::value_t::string);
  if (!v) return {};
  std::string text = v->get<std::string>();
  if (presence == Presence::Required && text.empty()) {
    Fail(key, "must not be empty");
    return {};
  }
  return text;
}

std::optional<std::string> JsonReader::OptionalString(std::string_view key) {
  const json* v = Find(key, Presence::Optional, json::value_t::string);
  if (!v) return std::nullopt;
  return v->get<std::string>();
}

bool JsonReader::Bool(std::string_view key, bool fallback) {
  const json* v = Find(key, Presence::Optional, json::value_t::boolean);
  return v ? v->get<bool>() : fallback;
}

int64_t JsonReader::Integer(std::string_view key, Presence presence, int64_t min, int64_t max,
                            int64_t fallback) {
  const json* v = Find(key, presence, json::value_t::number_integer);
  if (!v) return fallback;
  // Unsigned values above INT64_MAX are out of every range we accept.
  const bool too_big =
      v->is_number_unsigned() &&
      v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  const int64_t n = too_big ? std::numeric_limits<int64_t>::max() : v->get<int64_t>();
  if (too_big || n < min || n > max) {
    const std::string got = v->dump();
    if (max == std::numeric_limits<int64_t>::max()) {
      Fail(key, "must be at least " + std::to_string(min) + " (got " + got + ")");
    } else {
      Fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                    " (got " + got + ")");
    }
    return fallback;
  }
  return n;
}

std::optional<int64_t> JsonReader::OptionalInteger(std::string_view key, int64_t min, int64_t max) {
  if (!Has(key)) return std::nullopt;
  return Integer(key, Presence::Required, min, max, min);
}

Timestamp JsonReader::Time(std::string_view key) {
  const json* v = Find(key, Presence::Required, json::value_t::string);
  if (!v) return {};
  const auto& text = v->get_ref<const std::string&>();
  const auto parsed = ParseRfc3339(text);
  if (!parsed) {
    Fail(key, "invalid RFC 3339 timestamp " + QuoteForMessage(text) +
                  " (expected e.g. \"2026-11-25T19:06:47Z\")");
    return {};
  }
  return *parsed;
}

std::optional<Timestamp> JsonReader::OptionalTime(std::string_view key) {
  if (!Has(key)) return std::nullopt;
  return Time(key);
}

std::vector<std::string> JsonReader::Strings(std::string_view key, Presence presence,
                                             bool non_empty) {
  std::vector<std::string> out;
  const json* array = FindArray(key, presence, non_empty);
  if (!array) return out;
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    const json& item = (*array)[i];
    if (!item.is_string()) {
      FailAt(key, i, std::string("expected string, got ") + JsonTypeName(item));
      return {};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<int64_t> JsonReader::Integers(std::string_view key, Presence presence, bool non_empty,
                                          int64_t min, int64_t max) {
  std::vector<int64_t> out;
  const json* array = FindArray(key, presence, non_empty);
  if (!array) return out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const json& item = (*array)[i];
    if (!item.is_number_integer()) {
      FailAt(key, i, std::string("expected integer, got ") + JsonTypeName(item));
      return {};
    }
    const bool too_big =
        item.is_number_unsigned() &&
        item.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    const int64_t n = too_big ? max : item.get<int64_t>();
    if (too_big || n < min || n > max) {
      FailAt(key, i,
             "must be between " + std::to_string(min) + " and " + std::to_string(max) + " (got " +
                 item.dump() + ")");
      return {};
    }
    out.push_back(n);
  }
  return out;
}

std::map<std::string, std::string> JsonReader::StringMap(std::string_view key, Presence presence) {
  std::map<std::string, std::string> out;
  const json* object = Find(key, presence, json::value_t::object);
  if (!object) return out;
  for (const auto& [name, item] : object->items()) {
    if (!item.is_string()) {
      errors_.Add(JsonPathKey(PathOf(key), name),
                  std::string("expected string, got ") + JsonTypeName(item));
      return {};
    }
    out.emplace(name, item.get<std::string>());
  }
  return out;
}

JsonReader JsonReader::Object(std::string_view key, Presence presence) {
  const json* object = Find(key, presence, json::value_t::object);
  return JsonReader(object ? *object : EmptyObject(), PathOf(key), errors_);
}

}  // namespace trustdesk
