# bench_idle: CPU used by the trustdesk window left alone for 10 s, next to a busy-loop baseline
# measured in the same run (median of 3 each). Needs a display; headless:
#   xvfb-run -a -s "-screen 0 1280x800x24" cmake --build build --target bench_idle
if(NOT TRUSTDESK_BUILD_GUI OR WIN32 OR APPLE)
  return()  # reads /proc/PID/stat: Linux only
endif()
add_executable(trustdesk_bench_idle ${CMAKE_CURRENT_LIST_DIR}/bench_idle.cpp)
add_custom_target(bench_idle
  COMMAND trustdesk_bench_idle $<TARGET_FILE:trustdesk>
  DEPENDS trustdesk_bench_idle
  USES_TERMINAL
  COMMENT "Idle CPU of the TrustDesk window (10 s x 3) vs a busy loop")
add_dependencies(bench_idle trustdesk)
