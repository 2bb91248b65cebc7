# Tests of the Monte Carlo engine and of `detsim run` end to end.
add_executable(detsim_engine_tests
  ${CMAKE_CURRENT_LIST_DIR}/test_engine.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_run_scenarios.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_kernels.cpp
)
target_link_libraries(detsim_engine_tests PRIVATE detsim_io detsim_catch_main)
target_include_directories(detsim_engine_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_compile_definitions(detsim_engine_tests PRIVATE DETSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
catch_discover_tests(detsim_engine_tests TEST_PREFIX "engine." EXTRA_ARGS --warn NoTests)

# `detsim run` as a user runs it: thread counts, kill and resume, write failures, xarray.
add_test(NAME run.end_to_end
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/check_run.py --detsim $<TARGET_FILE:detsim>
                 --source ${PROJECT_SOURCE_DIR})
set_tests_properties(run.end_to_end PROPERTIES TIMEOUT 600)
