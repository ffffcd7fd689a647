// The list envelopes: GET /profiles and GET /certificates. Each element is validated with its own
// path ("$.profiles[3]...") and IDs must be unique within a list.
#include <limits>
#include <map>

#include "core/model/json_mapping.h"
#include "core/model/json_reader.h"

namespace trustdesk {
namespace {

using nlohmann::json;

// Validates every element of j[key] with `from_json`; `id_of` names the field that must be unique.
template <class T, class FromJson, class IdOf>
std::vector<T> ReadUniqueList(JsonReader& r, const json& j, std::string_view key,
                              FromJson from_json, std::string_view id_field, IdOf id_of) {
  std::vector<T> out;
  std::map<std::string, std::size_t> seen;
  r.Objects(key, Presence::Required, false, [&](JsonReader& element, std::size_t i) {
    Result<T> item = from_json(j.at(std::string(key)).at(i), element.path());
    if (!item.ok()) {
      r.errors().Add(item.error());
      return;
    }
    const std::string& id = id_of(*item);
    if (auto [it, inserted] = seen.emplace(id, i); !inserted) {
      element.Fail(id_field, "duplicate " + std::string(id_field) + " " + QuoteForMessage(id) +
                                 " (also at " + r.PathOf(key, it->second) + ")");
      return;
    }
    out.push_back(std::move(item).value());
  });
  return out;
}

}  // namespace

Result<ProfileList> ProfileListFromJson(const json& j) {
  ValidationErrors errors;
  JsonReader r(j, "$", errors);
  ProfileList list;
  list.revision =
      r.Integer("revision", Presence::Required, 0, std::numeric_limits<int64_t>::max(), 0);
  list.profiles = ReadUniqueList<Profile>(
      r, j, "profiles", [](const json& e, const std::string& p) { return ProfileFromJson(e, p); },
      "id", [](const Profile& p) -> const std::string& { return p.id; });
  if (errors.failed()) return errors.error();
  list.raw = j.at("profiles").get<std::vector<json>>();
  return list;
}

Result<std::vector<IssuedCertificate>> IssuedCertificateListFromJson(const json& j) {
  ValidationErrors errors;
  JsonReader r(j, "$", errors);
  auto certificates = ReadUniqueList<IssuedCertificate>(
      r, j, "certificates",
      [](const json& e, const std::string& p) { return IssuedCertificateFromJson(e, p); }, "serial",
      [](const IssuedCertificate& c) -> const std::string& { return c.serial; });
  if (errors.failed()) return errors.error();
  return certificates;
}

}  // namespace trustdesk
