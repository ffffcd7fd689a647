# bench_keys: what protecting one private key with a passphrase costs: encrypted PKCS#8 (PBKDF2
# 600,000 rounds) write + read, a PKCS#12 file write + read, the journal's scrypt seal + open,
# each beside PKCS#8 at OpenSSL's old default of 2,048 rounds. Prints medians; never in ctest:
#   cmake --build build --target bench_keys        (or build/bin/trustdesk_bench_keys --runs N)
add_executable(trustdesk_bench_keys ${CMAKE_CURRENT_LIST_DIR}/bench_keys.cpp)
target_link_libraries(trustdesk_bench_keys PRIVATE trustdesk_core)
add_custom_target(bench_keys
  COMMAND trustdesk_bench_keys
  DEPENDS trustdesk_bench_keys
  USES_TERMINAL
  COMMENT "Key encryption: PKCS#8, PKCS#12 and journal sealing, median of several runs")
