# libsecret (Secret Service: GNOME Keyring, KWallet) keeps "remember me" session tokens on Linux.
# Optional: without it the secret store reports itself unavailable and nothing is remembered.
# macOS (Keychain) and Windows (Credential Manager) use the OS frameworks instead.
if(NOT APPLE AND NOT WIN32 AND PkgConfig_FOUND)
  pkg_check_modules(LIBSECRET QUIET IMPORTED_TARGET libsecret-1)
endif()
if(LIBSECRET_FOUND)
  message(STATUS "libsecret ${LIBSECRET_VERSION}: OS secret store enabled")
elseif(NOT APPLE AND NOT WIN32)
  message(STATUS "libsecret not found (Debian: libsecret-1-dev): sessions cannot be remembered")
endif()
