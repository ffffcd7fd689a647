# bench_jobs: end-to-end enrollment median (EC P-256, RSA-2048) on loopback and bulk renewal of
# 1,000 certificates (certificates/s), each beside the openssl CLI doing key + CSR + signing in
# the same run. Prints figures; never part of ctest:
#   cmake --build build --target bench_jobs        (or build/bin/trustdesk_bench_jobs --quick)
if(NOT TARGET trustdesk_server_lib)
  return()  # runs the reference server in-process
endif()
add_executable(trustdesk_bench_jobs ${CMAKE_CURRENT_LIST_DIR}/bench_jobs.cpp)
target_link_libraries(trustdesk_bench_jobs PRIVATE trustdesk_core trustdesk_server_lib)
add_custom_target(bench_jobs
  COMMAND trustdesk_bench_jobs
  DEPENDS trustdesk_bench_jobs
  USES_TERMINAL
  COMMENT "Jobs: end-to-end enrollment and bulk renewal vs the openssl CLI")
