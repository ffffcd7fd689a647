# SQLite is the reference server's durable store (WAL + transactions).
find_package(SQLite3 QUIET)
if(NOT SQLite3_FOUND)
  if(NOT TRUSTDESK_FETCH_DEPS)
    message(FATAL_ERROR "SQLite3 not found (Debian: libsqlite3-dev)")
  endif()
  FetchContent_Declare(sqlite_amalgamation
    URL https://www.sqlite.org/2022/sqlite-amalgamation-3400100.zip
    URL_HASH SHA256=49112cc7328392aa4e3e5dae0b2f6736d0153430143d21f69327788ff4efe734)
  FetchContent_MakeAvailable(sqlite_amalgamation)
  add_library(sqlite3_fetched STATIC ${sqlite_amalgamation_SOURCE_DIR}/sqlite3.c)
  target_include_directories(sqlite3_fetched PUBLIC ${sqlite_amalgamation_SOURCE_DIR})
  target_link_libraries(sqlite3_fetched PUBLIC Threads::Threads ${CMAKE_DL_LIBS})
  add_library(SQLite::SQLite3 ALIAS sqlite3_fetched)
endif()
