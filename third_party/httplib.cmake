# Debian ships cpp-httplib 0.11.4 as a compiled library; its .pc file carries the
# CPPHTTPLIB_OPENSSL_SUPPORT flags, which must be used as they are.
if(PkgConfig_FOUND)
  pkg_check_modules(HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
endif()
if(HTTPLIB_FOUND)
  add_library(trustdesk_httplib INTERFACE)
  target_link_libraries(trustdesk_httplib INTERFACE PkgConfig::HTTPLIB OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
else()
  if(NOT TRUSTDESK_FETCH_DEPS)
    message(FATAL_ERROR "cpp-httplib not found (Debian: libcpp-httplib-dev)")
  endif()
  FetchContent_Declare(httplib
    URL https://github.com/yhirose/cpp-httplib/archive/refs/tags/v0.11.4.zip
    URL_HASH SHA256=9d884bee50ded17de3a51d673bb9c2d7d11f101c595b0891830ba9d02e0cc368)
  FetchContent_GetProperties(httplib)
  if(NOT httplib_POPULATED)
    FetchContent_Populate(httplib)
  endif()
  add_library(trustdesk_httplib INTERFACE)
  target_include_directories(trustdesk_httplib SYSTEM INTERFACE ${httplib_SOURCE_DIR})
  target_compile_definitions(trustdesk_httplib INTERFACE CPPHTTPLIB_OPENSSL_SUPPORT)
  target_link_libraries(trustdesk_httplib INTERFACE OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
endif()
