# Runs `cspgate parse INPUT` and compares its stderr byte for byte with the
# EXPECTED file; the exit code must be 2 (bad input).  On a mismatch it prints
# a unified diff (expected vs actual) and fails.
#
#   cmake -DCSPGATE=<binary> -DINPUT=<relative .csp> -DEXPECTED=<.expected>
#         -DACTUAL=<where to write the actual output> -P run_golden.cmake
#
# Run it from the repository root so that paths in diagnostics are relative
# and stable.
foreach(var CSPGATE INPUT EXPECTED ACTUAL)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_golden.cmake: ${var} is not set")
  endif()
endforeach()

execute_process(
  COMMAND "${CSPGATE}" parse "${INPUT}"
  RESULT_VARIABLE code
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)

get_filename_component(actual_dir "${ACTUAL}" DIRECTORY)
file(MAKE_DIRECTORY "${actual_dir}")
file(WRITE "${ACTUAL}" "${err}")

set(failed FALSE)
if(NOT code STREQUAL "2")
  message("golden: `cspgate parse ${INPUT}` exited with '${code}', expected 2")
  set(failed TRUE)
endif()
if(NOT EXISTS "${EXPECTED}")
  message("golden: ${EXPECTED} does not exist (create it with tests/golden/update.sh)")
  set(failed TRUE)
else()
  file(READ "${EXPECTED}" want)
  if(NOT want STREQUAL err)
    message("golden: stderr differs from ${EXPECTED}")
    find_program(DIFF diff)
    if(DIFF)
      execute_process(COMMAND "${DIFF}" -u --label expected --label actual "${EXPECTED}" "${ACTUAL}")
    else()
      message("--- expected\n${want}--- actual\n${err}")
    endif()
    set(failed TRUE)
  endif()
endif()
if(failed)
  message(FATAL_ERROR "golden test failed: ${INPUT}")
endif()
