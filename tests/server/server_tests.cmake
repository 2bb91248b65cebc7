# Tests of `detsim serve` (sim/server): the JSON API (pytest against a running server on a free
# port) and the page in Debian's chromium driven by playwright-core (from the build's npm ci).
if(NOT TARGET detsim_server)
  if(DEFINED ENV{CI})
    # CI must not pass without testing the server: say so as a failing test.
    add_test(NAME server.not_built
             COMMAND sh -c "echo 'detsim serve was not built: cpp-httplib or npm missing (see setup.sh)' >&2; exit 1")
  else()
    message(STATUS "server tests: skipped, detsim serve is not built (needs cpp-httplib and npm)")
  endif()
  return()
endif()

add_test(NAME server.api
         COMMAND /usr/bin/python3 -m pytest -q -s -p no:cacheprovider ${CMAKE_CURRENT_SOURCE_DIR}/server/test_api.py)
set_tests_properties(server.api PROPERTIES ENVIRONMENT "DETSIM_BINARY=$<TARGET_FILE:detsim>" TIMEOUT 120)

find_program(DETSIM_NODE node)
add_test(NAME server.browser
         COMMAND ${DETSIM_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/server/browser_test.js
                 --detsim $<TARGET_FILE:detsim>
                 --scenarios ${PROJECT_SOURCE_DIR}/scenarios
                 --modules ${DETSIM_WEB_DIR}/node_modules
                 --out ${CMAKE_BINARY_DIR}/test-artifacts/server)
set_tests_properties(server.browser PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)

# 1,000 malformed or hostile requests while a normal client keeps solving (docs/classroom.md, limits).
add_test(NAME server.hostile_requests
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/server/check_hostile.py --detsim $<TARGET_FILE:detsim>)
set_tests_properties(server.hostile_requests PROPERTIES TIMEOUT 300)
