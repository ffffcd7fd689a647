#include "core/scripts/profile_scripts.h"

#include <openssl/evp.h>

#include <cstdint>

namespace trustdesk {
namespace {

// A domain label first: the digest of a script can never equal a digest made for something else.
constexpr const char* kDigestLabel = "trustdesk script consent v1";

void AppendField(std::string& out, const std::string& field) {
  const auto size = static_cast<uint64_t>(field.size());
  for (int shift = 56; shift >= 0; shift -= 8) {
    out += static_cast<char>((size >> shift) & 0xFF);
  }
  out += field;
}

}  // namespace

std::string ScriptDigest(const std::string& profile_id, std::size_t slot, const Script& script) {
  std::string encoded;
  AppendField(encoded, kDigestLabel);
  AppendField(encoded, profile_id);
  AppendField(encoded, std::to_string(slot));
  AppendField(encoded, script.name);
  AppendField(encoded, script.command);
  AppendField(encoded, std::to_string(script.arguments.size()));
  for (const std::string& argument : script.arguments) AppendField(encoded, argument);

  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(encoded.data(), encoded.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0F];
  }
  return hex;
}

bool RunsOnThisPlatform(const Script& script) {
#if defined(_WIN32)
  constexpr ScriptPlatform kHere = ScriptPlatform::Windows;
#elif defined(__APPLE__)
  constexpr ScriptPlatform kHere = ScriptPlatform::MacOs;
#else
  constexpr ScriptPlatform kHere = ScriptPlatform::Linux;
#endif
  return script.platform == ScriptPlatform::Any || script.platform == kHere;
}

std::vector<ProfileScript> ProfileScriptsHere(const Profile& profile) {
  std::vector<ProfileScript> out;
  const auto& scripts = profile.policy.scripts;
  for (std::size_t slot = 0; slot < scripts.size(); ++slot) {
    if (!RunsOnThisPlatform(scripts[slot])) continue;
    out.push_back({profile.id, profile.name, slot, scripts[slot],
                   ScriptDigest(profile.id, slot, scripts[slot])});
  }
  return out;
}

bool IsScriptDigest(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace trustdesk
