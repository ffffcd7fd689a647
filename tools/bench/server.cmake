# bench_server: issuance throughput next to `openssl x509 -req`, the 10,000-profile list (200 vs
# 304), and 50 concurrent syncing clients. Prints figures; never part of ctest.
if(TARGET trustdesk_server_lib)
  add_executable(bench_server ${CMAKE_CURRENT_LIST_DIR}/bench_server.cpp)
  target_link_libraries(bench_server PRIVATE trustdesk_server_lib)
endif()
