# bench_frames: CPU time of a headless frame of a page with a big list (10,000 profiles; 200,000
# issued certificates) next to the same page with 10 rows; median of many frames and the ratio.
# No display needed:
#   cmake --build build --target bench_frames
if(NOT TRUSTDESK_BUILD_GUI)
  return()
endif()
add_executable(trustdesk_bench_frames
  ${CMAKE_CURRENT_LIST_DIR}/bench_frames.cpp
  ${CMAKE_SOURCE_DIR}/tests/app/support/fixture_profiles.cpp
  ${CMAKE_SOURCE_DIR}/tests/app/support/fixture_certs.cpp
  ${CMAKE_SOURCE_DIR}/app/platform/font_files.cpp)
target_include_directories(trustdesk_bench_frames PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(trustdesk_bench_frames PRIVATE trustdesk_views)
add_custom_target(bench_frames
  COMMAND trustdesk_bench_frames
  DEPENDS trustdesk_bench_frames
  USES_TERMINAL
  COMMENT "Frame CPU time: profiles page 10,000 vs 10 rows, issued page 200,000 vs 10 rows")
