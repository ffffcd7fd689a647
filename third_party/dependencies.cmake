# Dependencies: the system's packages first, a pinned FetchContent fallback otherwise
# (Windows/macOS). No third-party source is committed to this repository.
include(FetchContent)
find_package(PkgConfig QUIET)
find_package(Threads REQUIRED)

# OpenSSL 3 comes from the system on every platform (Homebrew / vcpkg / distro packages).
find_package(OpenSSL 3.0 REQUIRED)

include(${CMAKE_CURRENT_LIST_DIR}/nlohmann_json.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/httplib.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/sqlite.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/libsecret.cmake)
if(TRUSTDESK_BUILD_TESTS)
  include(${CMAKE_CURRENT_LIST_DIR}/doctest.cmake)
endif()
if(TRUSTDESK_BUILD_GUI)
  include(${CMAKE_CURRENT_LIST_DIR}/glfw.cmake)
  include(${CMAKE_CURRENT_LIST_DIR}/imgui.cmake)
  include(${CMAKE_CURRENT_LIST_DIR}/glad.cmake)
endif()
