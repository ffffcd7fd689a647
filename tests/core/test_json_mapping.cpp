#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/model/json_mapping.h"
#include "core/util/json_document.h"

using namespace trustdesk;
using nlohmann::json;

namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(TRUSTDESK_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

json Fixture(const std::string& name) {
  auto parsed = ParseJsonDocument(ReadFixture(name), name);
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  return *parsed;
}

json ValidProfile() { return Fixture("profile_valid.json"); }

// The profile fixture with the value at a JSON pointer replaced.
json With(const char* pointer, json value) {
  json j = ValidProfile();
  j[json::json_pointer(pointer)] = std::move(value);
  return j;
}

// The profile fixture with the member or element at a JSON pointer removed.
json Without(const char* pointer) {
  json j = ValidProfile();
  const json::json_pointer ptr(pointer);
  json& parent = j.at(ptr.parent_pointer());
  if (parent.is_array()) {
    parent.erase(std::stoul(ptr.back()));
  } else {
    parent.erase(ptr.back());
  }
  return j;
}

std::string ProfileError(const json& j) {
  auto result = ProfileFromJson(j);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == ErrorCode::InvalidInput);
  return result.error().message;
}

json ValidCertificate() {
  return {{"serial", "3f9a0c4de1b27788a0b1c2d3e4f50617"},
          {"profile_id", "vpn-client.eu-1"},
          {"profile_revision", 7},
          {"common_name", "laptop-042"},
          {"subject", "CN=laptop-042,OU=Engineering,O=Acme Corp,C=DE"},
          {"issuer", "CN=Acme Issuing CA 2,O=Acme Corp,C=DE"},
          {"san", {"email:ada@acme.example", "DNS:laptop-042.acme.example"}},
          {"not_before", "2026-01-15T09:30:00Z"},
          {"not_after", "2027-01-15T09:30:00Z"},
          {"revoked", false},
          {"key_escrowed", true},
          {"certificate_pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"}};
}

json ValidAccount() {
  return {{"id", "acme-eu"},
          {"name", "Acme Corp (EU)"},
          {"business_unit", "IT"},
          {"division", "Infrastructure"},
          {"user",
           {{"id", "u-1001"},
            {"username", "ada"},
            {"display_name", "Ada Lovelace"},
            {"email", "ada@acme.example"},
            {"attributes", {{"department", "Engineering"}, {"employee_id", "1001"}}}}}};
}

}  // namespace

TEST_CASE("The complete example profile maps every field") {
  auto result = ProfileFromJson(ValidProfile());
  REQUIRE_MESSAGE(result.ok(), result.error().message);
  const Profile& p = *result;
  CHECK(p.id == "vpn-client.eu-1");
  CHECK(p.revision == 7);
  CHECK(p.name == "Corporate VPN — client certificate");
  CHECK(p.profile_version == "2.1");
  CHECK(p.issuing_ca_chain.size() == 2);
  CHECK(p.enrollment.url == "/api/v1/profiles/vpn-client.eu-1/enroll");
  CHECK(p.created_at == *ParseRfc3339("2026-01-15T09:30:00Z"));
  CHECK(p.policy.allowed_key_stores == std::vector<KeyStoreKind>{KeyStoreKind::Pkcs12,
                                                                 KeyStoreKind::Software,
                                                                 KeyStoreKind::Pkcs11});
  CHECK(p.policy.renewal_window.days_before_expiry == 30);
  CHECK_FALSE(p.policy.renewal_window.percent_of_lifetime.has_value());
  CHECK(p.policy.duplicates.max_active == 2);
  CHECK_FALSE(p.policy.duplicates.revoke_previous_on_renew);
  CHECK(p.policy.key_escrow.agent == "Acme Security Office");
  CHECK(p.policy.key_escrow.recovery_agents == std::vector<std::string>{"sec.officer"});
  CHECK(p.policy.key_escrow.owner_can_recover);
  REQUIRE(p.policy.scripts.size() == 2);
  CHECK(p.policy.scripts[0].platform == ScriptPlatform::Linux);
  CHECK(p.policy.scripts[0].arguments == std::vector<std::string>{"restart", "acme-vpn.service"});
  CHECK(p.policy.scripts[1].command == "C:\\Program Files\\Acme\\vpnreg.exe");
  CHECK(p.policy.scripts[1].timeout_seconds == 120);
  const CertificateFormat& f = p.certificate_format;
  REQUIRE(f.subject.size() == 4);
  CHECK(f.subject[0].source == ValueSource::UserInput);
  CHECK(f.subject[0].constraint.pattern == "[a-z0-9-]{3,40}");
  CHECK(f.subject[0].constraint.max_length == 40);
  CHECK(f.subject[1].constraint.allowed_values.size() == 3);
  CHECK_FALSE(f.subject[1].required);
  REQUIRE(f.san.size() == 2);
  CHECK(f.san[1].max_count == 3);
  REQUIRE(f.key_algorithms.size() == 3);
  CHECK(f.key_algorithms[1].rsa_bits == std::vector<int>{2048, 3072, 4096});
  CHECK(f.key_algorithms[0].ec_curves == std::vector<std::string>{"P-256", "P-384"});
  CHECK(f.extended_key_usage[1] == "1.3.6.1.4.1.311.20.2.2");
}

TEST_CASE("A minimal profile gets the documented defaults") {
  const json j = {
      {"id", "min"},
      {"revision", 1},
      {"name", "Minimal"},
      {"profile_version", "1.0"},
      {"issuing_ca", "CA"},
      {"enrollment", {{"url", "/api/v1/profiles/min/enroll"}}},
      {"created_at", "2026-01-01T00:00:00Z"},
      {"updated_at", "2026-01-01T00:00:00Z"},
      {"policy",
       {{"allowed_key_stores", {"pem"}}, {"renewal_window", {{"percent_of_lifetime", 20}}}}},
      {"certificate_format",
       {{"subject",
         {{{"attribute", "CN"}, {"oid", "2.5.4.3"}, {"source", "user_input"}, {"label", "Name"}}}},
        {"key_algorithms", {{{"algorithm", "Ed25519"}}}}}}};
  auto result = ProfileFromJson(j);
  REQUIRE_MESSAGE(result.ok(), result.error().message);
  const Profile& p = *result;
  CHECK(p.enrollment.protocol == "trustdesk-rest-v1");
  CHECK_FALSE(p.policy.auto_enroll);
  CHECK_FALSE(p.policy.duplicates.allowed);
  CHECK(p.policy.duplicates.max_active == 1);
  CHECK(p.policy.duplicates.revoke_previous_on_renew);
  CHECK_FALSE(p.policy.key_escrow.required);
  CHECK(p.policy.scripts.empty());
  CHECK(p.certificate_format.signature_hash == "SHA-256");
  CHECK(p.certificate_format.validity_days == 365);
  CHECK(p.certificate_format.subject[0].required);
}

TEST_CASE("Profiles round-trip through ToJson") {
  const Profile original = *ProfileFromJson(ValidProfile());
  const json emitted = ToJson(original);
  auto again = ProfileFromJson(emitted);
  REQUIRE_MESSAGE(again.ok(), again.error().message);
  CHECK(*again == original);
  CHECK(ToJson(*again) == emitted);
  // Through bytes as well, the way the server sends it.
  auto reparsed = ParseJsonDocument(emitted.dump(2), "round trip");
  REQUIRE(reparsed.ok());
  CHECK(*ProfileFromJson(*reparsed) == original);
}

TEST_CASE("Unknown fields are ignored") {
  json j = ValidProfile();
  j["introduced_in_v3"] = {{"anything", {1, 2, 3}}};
  j["policy"]["future_policy"] = true;
  j["certificate_format"]["key_algorithms"][0]["pqc_hint"] = "ML-DSA";
  auto result = ProfileFromJson(j);
  REQUIRE(result.ok());
  CHECK(*result == *ProfileFromJson(ValidProfile()));
}

TEST_CASE("Missing required fields are named by path") {
  CHECK(ProfileError(Without("/id")) == "$.id: is required");
  CHECK(ProfileError(Without("/revision")) == "$.revision: is required");
  CHECK(ProfileError(Without("/policy")) == "$.policy: is required");
  CHECK(ProfileError(Without("/policy/renewal_window")) == "$.policy.renewal_window: is required");
  CHECK(ProfileError(Without("/certificate_format/subject/0/oid")) ==
        "$.certificate_format.subject[0].oid: is required");
  CHECK(ProfileError(Without("/policy/scripts/1/command")) ==
        "$.policy.scripts[1].command: is required");
  CHECK(ProfileError(Without("/certificate_format/key_algorithms/0/algorithm")) ==
        "$.certificate_format.key_algorithms[0].algorithm: is required");
  CHECK(ProfileError(Without("/created_at")) == "$.created_at: is required");
}

TEST_CASE("Wrong types are named by path and type") {
  CHECK(ProfileError(json::array()) == "$: expected object, got array");
  CHECK(ProfileError(With("/id", 42)) == "$.id: expected string, got integer");
  CHECK(ProfileError(With("/revision", "7")) == "$.revision: expected integer, got string");
  CHECK(ProfileError(With("/revision", 7.5)) == "$.revision: expected integer, got number");
  CHECK(ProfileError(With("/name", nullptr)) == "$.name: expected string, got null");
  CHECK(ProfileError(With("/policy", nullptr)) == "$.policy: expected object, got null");
  CHECK(ProfileError(With("/policy/auto_enroll", "yes")) ==
        "$.policy.auto_enroll: expected boolean, got string");
  CHECK(ProfileError(With("/policy/scripts/0/arguments/1", 5)) ==
        "$.policy.scripts[0].arguments[1]: expected string, got integer");
  CHECK(ProfileError(With("/policy/scripts", json::object())) ==
        "$.policy.scripts: expected array, got object");
  CHECK(ProfileError(With("/policy/scripts/0", "run.sh")) ==
        "$.policy.scripts[0]: expected object, got string");
  CHECK(ProfileError(With("/certificate_format/key_algorithms/1/rsa_bits/0", "2048")) ==
        "$.certificate_format.key_algorithms[1].rsa_bits[0]: expected integer, got string");
}

TEST_CASE("Unknown enum values list the expected ones") {
  CHECK(ProfileError(With("/certificate_format/key_algorithms/0/algorithm", "DSA")) ==
        "$.certificate_format.key_algorithms[0].algorithm: unknown value \"DSA\" "
        "(expected RSA, EC, Ed25519)");
  CHECK(ProfileError(With("/policy/allowed_key_stores/1", "usb")) ==
        "$.policy.allowed_key_stores[1]: unknown value \"usb\" "
        "(expected pem, pkcs12, software, os, pkcs11)");
  CHECK(ProfileError(With("/policy/scripts/0/platform", "beos")) ==
        "$.policy.scripts[0].platform: unknown value \"beos\" (expected any, linux, macos, "
        "windows)");
  CHECK(ProfileError(With("/certificate_format/subject/1/source", "ldap")) ==
        "$.certificate_format.subject[1].source: unknown value \"ldap\" "
        "(expected fixed, user_attribute, user_input)");
  CHECK(ProfileError(With("/certificate_format/san/0/type", "x400")) ==
        "$.certificate_format.san[0].type: unknown value \"x400\" "
        "(expected email, dns, uri, ip, upn)");
  CHECK(ProfileError(With("/certificate_format/signature_hash", "MD5")) ==
        "$.certificate_format.signature_hash: unknown value \"MD5\" "
        "(expected SHA-256, SHA-384, SHA-512)");
  CHECK(ProfileError(With("/certificate_format/key_usage/0", "signEverything"))
            .find("$.certificate_format.key_usage[0]: unknown value \"signEverything\"") == 0);
  CHECK(ProfileError(With("/certificate_format/extended_key_usage/0", "bogus"))
            .find("$.certificate_format.extended_key_usage[0]: unknown value \"bogus\"") == 0);
  CHECK(ProfileError(With("/policy/allowed_key_stores/1", "pkcs12")) ==
        "$.policy.allowed_key_stores[1]: duplicate value \"pkcs12\"");
}

TEST_CASE("Values out of range are rejected with the range") {
  CHECK(ProfileError(With("/revision", 0)) == "$.revision: must be at least 1 (got 0)");
  CHECK(ProfileError(With("/revision", 18446744073709551615ull)) ==
        "$.revision: must be at least 1 (got 18446744073709551615)");
  CHECK(ProfileError(With("/id", "bad id!")) ==
        "$.id: must match [A-Za-z0-9._-]{1,64} (got \"bad id!\")");
  CHECK(ProfileError(With("/id", std::string(65, 'a'))).find("$.id: must match") == 0);
  CHECK(ProfileFromJson(With("/id", std::string(64, 'a'))).ok());
  CHECK(ProfileError(With("/name", "")) == "$.name: must not be empty");
  CHECK(ProfileError(With("/name", std::string(201, 'n'))) ==
        "$.name: must be at most 200 characters");
  std::string two_hundred_accented;
  for (int i = 0; i < 200; ++i) two_hundred_accented += "é";  // 400 bytes, 200 characters
  CHECK(ProfileFromJson(With("/name", two_hundred_accented)).ok());
  CHECK(ProfileError(With("/profile_version", "2")) ==
        "$.profile_version: must be MAJOR.MINOR or MAJOR.MINOR.PATCH (got \"2\")");
  CHECK(ProfileError(With("/policy/renewal_window/days_before_expiry", 3651)) ==
        "$.policy.renewal_window.days_before_expiry: must be between 1 and 3650 (got 3651)");
  CHECK(ProfileError(With("/policy/renewal_window", {{"percent_of_lifetime", 100}})) ==
        "$.policy.renewal_window.percent_of_lifetime: must be between 1 and 99 (got 100)");
  CHECK(ProfileError(With("/policy/scripts/0/timeout_seconds", 0)) ==
        "$.policy.scripts[0].timeout_seconds: must be between 1 and 3600 (got 0)");
  CHECK(ProfileError(With("/policy/scripts/0/timeout_seconds", 3601)) ==
        "$.policy.scripts[0].timeout_seconds: must be between 1 and 3600 (got 3601)");
  CHECK(ProfileError(With("/certificate_format/validity_days", 0)) ==
        "$.certificate_format.validity_days: must be between 1 and 3650 (got 0)");
  CHECK(ProfileError(With("/certificate_format/validity_days", 3651)) ==
        "$.certificate_format.validity_days: must be between 1 and 3650 (got 3651)");
  CHECK(ProfileError(With("/policy/duplicates/max_active", 0)) ==
        "$.policy.duplicates.max_active: must be between 1 and 1000 (got 0)");
  CHECK(ProfileError(With("/policy/duplicates/allowed", false)) ==
        "$.policy.duplicates.max_active: must be 1 when allowed is false");
  CHECK(ProfileError(With("/certificate_format/san/1/max_count", 0)) ==
        "$.certificate_format.san[1].max_count: must be between 1 and 100 (got 0)");
}

TEST_CASE("The renewal window needs exactly one of its two forms") {
  const std::string expected =
      "$.policy.renewal_window: exactly one of days_before_expiry or percent_of_lifetime is "
      "required";
  CHECK(ProfileError(With("/policy/renewal_window", json::object())) == expected);
  CHECK(ProfileError(With("/policy/renewal_window",
                          {{"days_before_expiry", 30}, {"percent_of_lifetime", 20}})) == expected);
  CHECK(ProfileFromJson(With("/policy/renewal_window", {{"percent_of_lifetime", 20}})).ok());
}

TEST_CASE("security: a profile's scripts are bounded so that each can be shown in full") {
  const json script = ValidProfile()["policy"]["scripts"][0];
  CHECK(ProfileFromJson(With("/policy/scripts", json::array({script, script}))).ok());
  CHECK(ProfileError(With("/policy/scripts", json(std::vector<json>(17, script)))) ==
        "$.policy.scripts: must hold at most 16 scripts");
  CHECK(ProfileError(With("/policy/scripts/0/arguments", std::vector<std::string>(65, "-v"))) ==
        "$.policy.scripts[0].arguments: must hold at most 64 arguments");
  CHECK(ProfileFromJson(With("/policy/scripts/0/arguments/0", std::string(4096, 'a'))).ok());
  CHECK(ProfileError(With("/policy/scripts/0/arguments/0", std::string(4097, 'a'))) ==
        "$.policy.scripts[0].arguments[0]: must be at most 4096 characters");
  CHECK(ProfileError(With("/policy/scripts/0/command", "/" + std::string(1024, 'a'))) ==
        "$.policy.scripts[0].command: must be at most 1024 characters");
}

TEST_CASE("Cross-field rules of policy and format") {
  CHECK(ProfileError(With("/policy/allowed_key_stores", json::array())) ==
        "$.policy.allowed_key_stores: must not be empty");
  CHECK(ProfileError(Without("/policy/key_escrow/agent")) ==
        "$.policy.key_escrow.agent: is required when key escrow is required");
  CHECK(ProfileError(With("/policy/key_escrow/recovery_agents", {"alice", "bob smith"})) ==
        "$.policy.key_escrow.recovery_agents[1]: must be a user name ([A-Za-z0-9._-], 1 to 64 "
        "characters)");
  CHECK(ProfileError(With("/policy/key_escrow/recovery_agents", {"alice", "alice"})) ==
        "$.policy.key_escrow.recovery_agents[1]: duplicate user \"alice\"");
  CHECK(ProfileError(With("/policy/key_escrow/owner_can_recover", "yes"))
            .find("$.policy.key_escrow.owner_can_recover") == 0);
  // Absent: nobody but named agents, and no agents.
  auto closed = ProfileFromJson(Without("/policy/key_escrow/owner_can_recover"));
  REQUIRE(closed.ok());
  CHECK_FALSE(closed->policy.key_escrow.owner_can_recover);
  CHECK(ProfileError(With("/policy/scripts/0/command", "systemctl")) ==
        "$.policy.scripts[0].command: must be an absolute path for platform linux (got "
        "\"systemctl\")");
  CHECK(ProfileError(With("/policy/scripts/1/command", "/usr/bin/vpnreg"))
            .find("$.policy.scripts[1].command: must be an absolute path for platform windows") ==
        0);
  CHECK(ProfileError(With("/policy/scripts/0/arguments/0", std::string("a\0b", 3))) ==
        "$.policy.scripts[0].arguments[0]: must not contain a NUL character");
  CHECK(ProfileError(With("/certificate_format/subject", json::array())) ==
        "$.certificate_format.subject: must not be empty");
  CHECK(ProfileError(Without("/certificate_format/subject/0/label")) ==
        "$.certificate_format.subject[0].label: is required when source is user_input");
  CHECK(ProfileError(Without("/certificate_format/subject/2/value")) ==
        "$.certificate_format.subject[2].value: is required when source is fixed");
  CHECK(ProfileError(With("/certificate_format/subject/0/oid", "2.5.x")) ==
        "$.certificate_format.subject[0].oid: must be a dotted OID such as 2.5.4.3 (got "
        "\"2.5.x\")");
  CHECK(ProfileError(With("/certificate_format/subject/0/oid", "3.1")).find("dotted OID") !=
        std::string::npos);
  // Twice: the second parse answers from the remembered verdict and must fail the same way.
  for (int i = 0; i < 2; ++i) {
    CHECK(ProfileError(With("/certificate_format/subject/0/constraint/pattern", "[a-z"))
              .find("$.certificate_format.subject[0].constraint.pattern: is not a valid "
                    "ECMAScript regular expression \"[a-z\"") == 0);
  }
  CHECK(ProfileError(With("/certificate_format/key_algorithms", json::array())) ==
        "$.certificate_format.key_algorithms: must not be empty");
  CHECK(ProfileError(With("/certificate_format/key_algorithms/1/rsa_bits/0", 1024)) ==
        "$.certificate_format.key_algorithms[1].rsa_bits[0]: unsupported RSA key size 1024 "
        "(expected 2048, 3072, 4096)");
  CHECK(ProfileError(With("/certificate_format/key_algorithms/0/ec_curves/1", "P-521")) ==
        "$.certificate_format.key_algorithms[0].ec_curves[1]: unknown value \"P-521\" "
        "(expected P-256, P-384)");
  CHECK(ProfileError(Without("/certificate_format/key_algorithms/1/rsa_bits")) ==
        "$.certificate_format.key_algorithms[1].rsa_bits: must list at least one size for RSA");
  CHECK(ProfileError(With("/certificate_format/key_algorithms/0/rsa_bits", {2048})) ==
        "$.certificate_format.key_algorithms[0].rsa_bits: is only allowed for RSA");
  CHECK(ProfileError(With("/certificate_format/key_algorithms/2/ec_curves", {"P-256"})) ==
        "$.certificate_format.key_algorithms[2].ec_curves: is only allowed for EC");
  CHECK(ProfileError(With("/certificate_format/key_algorithms/2/algorithm", "EC")) ==
        "$.certificate_format.key_algorithms[2].ec_curves: must list at least one curve for EC");
  CHECK(ProfileError(With("/certificate_format/key_algorithms/2",
                          {{"algorithm", "RSA"}, {"rsa_bits", {4096}}})) ==
        "$.certificate_format.key_algorithms[2].algorithm: duplicate algorithm \"RSA\"");
  CHECK(ProfileError(With("/enrollment/url", "https://evil.example/enroll"))
            .find("$.enrollment.url: must be a path on the server") == 0);
  CHECK(ProfileError(With("/enrollment/url", "//evil.example/enroll"))
            .find("$.enrollment.url: must be a path on the server") == 0);
  CHECK(ProfileError(With("/created_at", "2026-13-40T00:00:00Z")) ==
        "$.created_at: invalid RFC 3339 timestamp \"2026-13-40T00:00:00Z\" (expected e.g. "
        "\"2026-11-25T19:06:47Z\")");
  CHECK(ProfileError(With("/updated_at", "2025-01-01T00:00:00Z")) ==
        "$.updated_at: must not be earlier than created_at");
}

TEST_CASE("The first problem in document order is the one reported") {
  json j = With("/revision", 0);
  j["policy"]["renewal_window"] = json::object();
  CHECK(ProfileError(j) == "$.revision: must be at least 1 (got 0)");
}

TEST_CASE("Messages quote hostile values safely and briefly") {
  const std::string message = ProfileError(With("/id", std::string(5000, '"')));
  CHECK(message.size() < 300);  // 80 input bytes at most, each escaped to 2 characters
  CHECK(message.find("...\")") != std::string::npos);
}

TEST_CASE("A profile list is validated whole, with element paths") {
  json list = {{"revision", 12}, {"profiles", {ValidProfile(), ValidProfile()}}};
  list["profiles"][1]["id"] = "second";
  auto ok = ProfileListFromJson(list);
  REQUIRE_MESSAGE(ok.ok(), ok.error().message);
  CHECK(ok->revision == 12);
  REQUIRE(ok->profiles.size() == 2);
  CHECK(ok->profiles[1].id == "second");
  REQUIRE(ok->raw.size() == 2);
  CHECK(ok->raw[1] == list["profiles"][1]);

  list["profiles"].push_back(ValidProfile());
  list["profiles"][2]["policy"]["renewal_window"] = json::object();
  auto bad = ProfileListFromJson(list);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message ==
        "$.profiles[2].policy.renewal_window: exactly one of days_before_expiry or "
        "percent_of_lifetime is required");

  list["profiles"][2] = ValidProfile();
  bad = ProfileListFromJson(list);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message ==
        "$.profiles[2].id: duplicate id \"vpn-client.eu-1\" (also at $.profiles[0])");

  CHECK(ProfileListFromJson(json{{"profiles", json::array()}}).error().message ==
        "$.revision: is required");
  CHECK(ProfileListFromJson(json{{"revision", 1}, {"profiles", {1}}}).error().message ==
        "$.profiles[0]: expected object, got integer");
  CHECK(ProfileListFromJson(json{{"revision", 1}, {"profiles", json::array()}})->profiles.empty());
}

TEST_CASE("Invalid fixtures fail with their documented messages") {
  auto list = ProfileListFromJson(Fixture("profile_invalid_renewal_window.json"));
  REQUIRE_FALSE(list.ok());
  CHECK(list.error().message ==
        "$.profiles[0].policy.renewal_window: exactly one of days_before_expiry or "
        "percent_of_lifetime is required");
  CHECK(ProfileError(Fixture("profile_invalid_algorithm.json")) ==
        "$.certificate_format.key_algorithms[0].algorithm: unknown value \"DSA\" "
        "(expected RSA, EC, Ed25519)");
  CHECK(ProfileError(Fixture("profile_invalid_types.json")) ==
        "$.revision: expected integer, got string");
  auto bytes = ParseJsonDocument(ReadFixture("profile_invalid_utf8.json"), "profile");
  REQUIRE_FALSE(bytes.ok());
  CHECK(bytes.error().message ==
        "profile: invalid UTF-8 at byte offset 39: truncated 2-byte sequence (byte 0x28 is not a "
        "continuation byte)");
}

TEST_CASE("Accounts map, validate and round-trip") {
  auto account = AccountFromJson(ValidAccount());
  REQUIRE_MESSAGE(account.ok(), account.error().message);
  CHECK(account->user.attributes.at("department") == "Engineering");
  CHECK(*AccountFromJson(ToJson(*account)) == *account);

  json j = ValidAccount();
  j["user"].erase("username");
  CHECK(AccountFromJson(j).error().message == "$.user.username: is required");
  j = ValidAccount();
  j["user"]["attributes"]["cost center"] = 42;
  CHECK(AccountFromJson(j).error().message ==
        "$.user.attributes[\"cost center\"]: expected string, got integer");
  j = ValidAccount();
  j["id"] = "acme eu";
  CHECK(AccountFromJson(j).error().message ==
        "$.id: must match [A-Za-z0-9._-]{1,64} (got \"acme eu\")");
  CHECK(AccountFromJson(json{{"id", "a"}, {"name", "A"}}).error().message == "$.user: is required");
  CHECK(AccountFromJson(ValidAccount(), "$.account").ok());
  j = ValidAccount();
  j.erase("name");
  CHECK(AccountFromJson(j, "$.account").error().message == "$.account.name: is required");
}

TEST_CASE("Issued certificates map, validate and round-trip") {
  auto cert = IssuedCertificateFromJson(ValidCertificate());
  REQUIRE_MESSAGE(cert.ok(), cert.error().message);
  CHECK(cert->key_escrowed);
  CHECK(cert->san.size() == 2);
  CHECK(*IssuedCertificateFromJson(ToJson(*cert)) == *cert);

  json revoked = ValidCertificate();
  revoked["revoked"] = true;
  revoked["revocation_reason"] = "superseded";
  revoked["revoked_at"] = "2026-06-01T12:00:00Z";
  auto r = IssuedCertificateFromJson(revoked);
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  CHECK(r->revocation_reason == RevocationReason::Superseded);
  CHECK(*IssuedCertificateFromJson(ToJson(*r)) == *r);

  auto error_of = [](json j) { return IssuedCertificateFromJson(j).error().message; };
  json j = ValidCertificate();
  j["serial"] = "3F9A";
  CHECK(error_of(j) == "$.serial: must be 1 to 40 lower-case hex digits (got \"3F9A\")");
  j = ValidCertificate();
  j["san"][1] = "dns:host";
  CHECK(
      error_of(j) ==
      "$.san[1]: must be TYPE:value with TYPE one of DNS, email, URI, IP, UPN (got \"dns:host\")");
  j = ValidCertificate();
  j["not_after"] = "2025-01-01T00:00:00Z";
  CHECK(error_of(j) == "$.not_after: must be later than not_before");
  j = revoked;
  j["revocation_reason"] = "lost";
  CHECK(error_of(j).find("$.revocation_reason: unknown value \"lost\" (expected unspecified") == 0);
  j = revoked;
  j.erase("revoked_at");
  CHECK(error_of(j) == "$.revoked_at: is required when revoked is true");
  j = revoked;
  j["revoked"] = false;
  CHECK(error_of(j) == "$.revocation_reason: is only allowed when revoked is true");
  j = ValidCertificate();
  j["certificate_pem"] = "MIIB";
  CHECK(error_of(j) == "$.certificate_pem: must be a PEM certificate (BEGIN/END CERTIFICATE)");
  j = ValidCertificate();
  j["profile_revision"] = 0;
  CHECK(error_of(j) == "$.profile_revision: must be at least 1 (got 0)");
}

TEST_CASE("A certificate list is validated whole and serials are unique") {
  json second = ValidCertificate();
  second["serial"] = "01";
  json list = {{"certificates", {ValidCertificate(), second}}};
  auto ok = IssuedCertificateListFromJson(list);
  REQUIRE_MESSAGE(ok.ok(), ok.error().message);
  CHECK(ok->size() == 2);
  list["certificates"].push_back(ValidCertificate());
  CHECK(IssuedCertificateListFromJson(list).error().message ==
        "$.certificates[2].serial: duplicate serial \"3f9a0c4de1b27788a0b1c2d3e4f50617\" (also at "
        "$.certificates[0])");
  list["certificates"][2] = {{"serial", "02"}};
  CHECK(IssuedCertificateListFromJson(list).error().message ==
        "$.certificates[2].profile_id: is required");
  CHECK(IssuedCertificateListFromJson(json::object()).error().message ==
        "$.certificates: is required");
}

TEST_CASE("The example in docs/api/profile-format.md is the valid fixture") {
  std::ifstream in(std::string(TRUSTDESK_SOURCE_DIR) + "/docs/api/profile-format.md");
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::size_t heading = doc.find("## Complete example profile");
  REQUIRE(heading != std::string::npos);
  const std::size_t start = doc.find("```json\n", heading);
  REQUIRE(start != std::string::npos);
  const std::size_t end = doc.find("```", start + 8);
  REQUIRE(end != std::string::npos);
  auto example = ParseJsonDocument(doc.substr(start + 8, end - start - 8), "documented example");
  REQUIRE_MESSAGE(example.ok(), example.error().message);
  CHECK(*example == ValidProfile());
  CHECK(ProfileFromJson(*example).ok());
}
