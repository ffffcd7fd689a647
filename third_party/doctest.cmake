find_package(doctest CONFIG QUIET)
if(doctest_FOUND)
  # doctest_discover_tests() lives next to the package's config file.
  list(APPEND CMAKE_MODULE_PATH ${doctest_DIR})
else()
  if(NOT TRUSTDESK_FETCH_DEPS)
    message(FATAL_ERROR "doctest not found (Debian: doctest-dev)")
  endif()
  FetchContent_Declare(doctest
    URL https://github.com/doctest/doctest/archive/refs/tags/v2.4.9.tar.gz
    URL_HASH SHA256=19b2df757f2f3703a5e63cee553d85596875f06d91a3333acd80a969ef210856)
  FetchContent_MakeAvailable(doctest)
  list(APPEND CMAKE_MODULE_PATH ${doctest_SOURCE_DIR}/scripts/cmake)
endif()
