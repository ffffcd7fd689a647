# The GL 3.3 core loader is generated at build time by glad 2. --reproducible makes glad use its
# bundled Khronos XML, so the build works offline.
find_program(GLAD_EXECUTABLE NAMES glad PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT GLAD_EXECUTABLE)
  find_program(GLAD_EXECUTABLE NAMES glad)
endif()
if(NOT GLAD_EXECUTABLE)
  message(FATAL_ERROR "glad 2 generator not found (Debian: python3-glad; elsewhere: pip install glad2)")
endif()
set(GLAD_OUT ${CMAKE_BINARY_DIR}/glad)
add_custom_command(
  OUTPUT ${GLAD_OUT}/src/gl.c ${GLAD_OUT}/include/glad/gl.h
  COMMAND ${GLAD_EXECUTABLE} --quiet --reproducible --api gl:core=3.3 --extensions= --out-path ${GLAD_OUT} c
  COMMENT "Generating the glad GL 3.3 core loader"
  VERBATIM)
add_library(trustdesk_glad STATIC ${GLAD_OUT}/src/gl.c)
target_include_directories(trustdesk_glad SYSTEM PUBLIC ${GLAD_OUT}/include)
target_link_libraries(trustdesk_glad PUBLIC ${CMAKE_DL_LIBS})
