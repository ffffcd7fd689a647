# bench_sync: full sync of 10,000 profiles (fetch + parse + build + publish) median, 304 sync
# median, and the snapshot-lock wait of a 1 kHz reader during 1,000 publishes (p50/p99/max).
# Runs against a scripted TLS backend on 127.0.0.1 with a PKI made at run time:
#   cmake --build build --target bench_sync
if(NOT TRUSTDESK_BUILD_TESTS)
  return()  # reuses the test backend in tests/core/support
endif()
set(_support ${CMAKE_SOURCE_DIR}/tests/core/support)
add_executable(trustdesk_bench_sync
  ${CMAKE_CURRENT_LIST_DIR}/bench_sync.cpp
  ${_support}/fake_backend.cpp ${_support}/tls_test_server.cpp ${_support}/crypto_test_support.cpp)
target_include_directories(trustdesk_bench_sync PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_compile_definitions(trustdesk_bench_sync PRIVATE
  TRUSTDESK_TEST_DATA_DIR="${CMAKE_SOURCE_DIR}/tests/data")
target_link_libraries(trustdesk_bench_sync PRIVATE trustdesk_core doctest::doctest)
add_custom_target(bench_sync
  COMMAND trustdesk_bench_sync
  DEPENDS trustdesk_bench_sync
  USES_TERMINAL
  COMMENT "Sync: 10,000-profile full sync, 304 sync, snapshot-lock wait")
