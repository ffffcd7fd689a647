# Dear ImGui pinned at the 1.86 API level (Debian 12's libimgui-dev); the fallback builds the
# same tag with its GLFW + OpenGL3 backends and imgui_stdlib.
if(PkgConfig_FOUND)
  pkg_check_modules(IMGUI QUIET IMPORTED_TARGET imgui)
endif()
add_library(trustdesk_imgui INTERFACE)
if(IMGUI_FOUND)
  target_link_libraries(trustdesk_imgui INTERFACE PkgConfig::IMGUI glfw)
else()
  if(NOT TRUSTDESK_FETCH_DEPS)
    message(FATAL_ERROR "Dear ImGui not found (Debian: libimgui-dev)")
  endif()
  FetchContent_Declare(imgui
    URL https://github.com/ocornut/imgui/archive/refs/tags/v1.86.zip
    URL_HASH MD5=bccb1c173296979e6a61b4f9da572429)
  FetchContent_GetProperties(imgui)
  if(NOT imgui_POPULATED)
    FetchContent_Populate(imgui)
  endif()
  add_library(imgui_fetched STATIC
    ${imgui_SOURCE_DIR}/imgui.cpp ${imgui_SOURCE_DIR}/imgui_draw.cpp
    ${imgui_SOURCE_DIR}/imgui_tables.cpp ${imgui_SOURCE_DIR}/imgui_widgets.cpp
    ${imgui_SOURCE_DIR}/imgui_demo.cpp ${imgui_SOURCE_DIR}/misc/cpp/imgui_stdlib.cpp
    ${imgui_SOURCE_DIR}/backends/imgui_impl_glfw.cpp ${imgui_SOURCE_DIR}/backends/imgui_impl_opengl3.cpp)
  # Same include layout as Debian: <imgui.h>, <imgui_stdlib.h>, <backends/...>.
  file(COPY ${imgui_SOURCE_DIR}/misc/cpp/imgui_stdlib.h DESTINATION ${imgui_SOURCE_DIR})
  target_include_directories(imgui_fetched PUBLIC ${imgui_SOURCE_DIR})
  target_link_libraries(imgui_fetched PUBLIC glfw)
  target_link_libraries(trustdesk_imgui INTERFACE imgui_fetched)
  # stb_image_write for screenshots comes with ImGui's sources.
  set(TRUSTDESK_STB_INCLUDE ${imgui_SOURCE_DIR} CACHE INTERNAL "")
endif()
