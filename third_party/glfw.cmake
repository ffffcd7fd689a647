find_package(glfw3 3.3 CONFIG QUIET)
if(NOT glfw3_FOUND)
  if(NOT TRUSTDESK_FETCH_DEPS)
    message(FATAL_ERROR "GLFW 3.3 not found (Debian: libglfw3-dev)")
  endif()
  set(GLFW_BUILD_DOCS OFF CACHE BOOL "" FORCE)
  set(GLFW_BUILD_TESTS OFF CACHE BOOL "" FORCE)
  set(GLFW_BUILD_EXAMPLES OFF CACHE BOOL "" FORCE)
  FetchContent_Declare(glfw
    URL https://github.com/glfw/glfw/releases/download/3.3.8/glfw-3.3.8.zip
    URL_HASH SHA256=4d025083cc4a3dd1f91ab9b9ba4f5807193823e565a5bcf4be202669d9911ea6)
  FetchContent_MakeAvailable(glfw)
endif()
