# bench_startup: start to the first frame showing the rows of a cached 10,000-profile snapshot (offline
# start with a remembered session): font atlas, Workspace open + resume + offline cache, first
# frame, then the frame that shows the rows the page derived on its worker; medians of 7 runs. No display needed:
#   cmake --build build --target bench_startup
if(NOT TRUSTDESK_BUILD_GUI OR NOT TRUSTDESK_BUILD_TESTS)
  return()  # draws the real views and reuses the test backend in tests/core/support
endif()
set(_support ${CMAKE_SOURCE_DIR}/tests/core/support)
add_executable(trustdesk_bench_startup
  ${CMAKE_CURRENT_LIST_DIR}/bench_startup.cpp
  ${CMAKE_SOURCE_DIR}/app/platform/font_files.cpp
  ${_support}/fake_backend.cpp ${_support}/tls_test_server.cpp ${_support}/crypto_test_support.cpp)
target_include_directories(trustdesk_bench_startup PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_compile_definitions(trustdesk_bench_startup PRIVATE
  TRUSTDESK_TEST_DATA_DIR="${CMAKE_SOURCE_DIR}/tests/data")
target_link_libraries(trustdesk_bench_startup PRIVATE trustdesk_views trustdesk_core
  doctest::doctest)
add_custom_target(bench_startup
  COMMAND trustdesk_bench_startup
  DEPENDS trustdesk_bench_startup
  USES_TERMINAL
  COMMENT "Start to first frame with a cached 10,000-profile snapshot")
