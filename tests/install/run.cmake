# Run by ctest (see tests/CMakeLists.txt): installs the build into a stage
# folder and builds and runs tests/install/consumer against it.
cmake_minimum_required(VERSION 3.25)

set(stage "${CSPGATE_WORK_DIR}/stage")
set(consumer_build "${CSPGATE_WORK_DIR}/consumer-build")
file(REMOVE_RECURSE "${stage}" "${consumer_build}")

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " shown "${ARGV}")
    message(FATAL_ERROR "install test: command failed (${rc}): ${shown}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install "${CSPGATE_BUILD_DIR}" --prefix "${stage}")

# A sanitized build's static libraries need the sanitizer runtime at link time.
string(REPLACE ";" " " flags "${CSPGATE_CXX_FLAGS}")
run(${CMAKE_COMMAND} -S "${CSPGATE_CONSUMER_DIR}" -B "${consumer_build}"
  -G "${CSPGATE_GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CSPGATE_CXX_COMPILER}"
  "-DCMAKE_BUILD_TYPE=${CSPGATE_BUILD_TYPE}"
  "-DCMAKE_CXX_FLAGS=${flags}"
  "-DCMAKE_PREFIX_PATH=${stage}")
run(${CMAKE_COMMAND} --build "${consumer_build}")
run("${consumer_build}/consumer")
