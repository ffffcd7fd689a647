# Runs trustdesk --screenshot under xvfb-run with its own TRUSTDESK_DATA_DIR and XDG dirs (so the
# user's real settings are neither read nor written), then checks the PNG.
# Inputs: XVFB_RUN, APP, CHECK, WIDTH, HEIGHT, WORK_DIR, APP_ARGS (;-list).
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/data ${WORK_DIR}/xdg)
set(png ${WORK_DIR}/screenshot.png)
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env
    TRUSTDESK_DATA_DIR=${WORK_DIR}/data
    XDG_CONFIG_HOME=${WORK_DIR}/xdg XDG_DATA_HOME=${WORK_DIR}/xdg XDG_CACHE_HOME=${WORK_DIR}/xdg
    ${XVFB_RUN} -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24"
    ${APP} --screenshot ${png} --size ${WIDTH}x${HEIGHT} ${APP_ARGS}
  RESULT_VARIABLE app_rc
  OUTPUT_VARIABLE app_out ERROR_VARIABLE app_out
  TIMEOUT 90)
if(NOT app_rc EQUAL 0)
  file(REMOVE_RECURSE ${WORK_DIR})
  message(FATAL_ERROR "trustdesk --screenshot failed (${app_rc}):\n${app_out}")
endif()
execute_process(COMMAND ${CHECK} ${png} ${WIDTH} ${HEIGHT}
  RESULT_VARIABLE check_rc OUTPUT_VARIABLE check_out ERROR_VARIABLE check_out)
file(REMOVE_RECURSE ${WORK_DIR})
message("${check_out}")
if(NOT check_rc EQUAL 0)
  message(FATAL_ERROR "screenshot check failed")
endif()
