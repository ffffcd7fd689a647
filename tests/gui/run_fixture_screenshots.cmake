# Runs a fixture screenshot tool at 1280x800 under xvfb-run, checks every PNG it wrote, removes
# them. Inputs: XVFB_RUN, TOOL, CHECK, WORK_DIR, MIN_COUNT (how many PNGs the tool must write).
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24" ${TOOL} ${WORK_DIR} 1280x800
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out TIMEOUT 170)
if(NOT rc EQUAL 0)
  file(REMOVE_RECURSE ${WORK_DIR})
  message(FATAL_ERROR "${TOOL} failed (${rc}):\n${out}")
endif()
file(GLOB pngs ${WORK_DIR}/*.png)
list(LENGTH pngs count)
if(count LESS MIN_COUNT)
  file(REMOVE_RECURSE ${WORK_DIR})
  message(FATAL_ERROR "expected ${MIN_COUNT} screenshots, got ${count}:\n${out}")
endif()
set(failed "")
foreach(png IN LISTS pngs)
  execute_process(COMMAND ${CHECK} ${png} 1280 800
    RESULT_VARIABLE check_rc OUTPUT_VARIABLE check_out ERROR_VARIABLE check_out)
  message("${check_out}")
  if(NOT check_rc EQUAL 0)
    list(APPEND failed ${png})
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
if(failed)
  message(FATAL_ERROR "screenshot check failed: ${failed}")
endif()
