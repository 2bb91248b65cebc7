# Tests of the results-file writer and reader. Include from tests/CMakeLists.txt:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/results/results_tests.cmake)
# Paths are relative to this file, so the include works from anywhere.
# (detsim_catch_main and include(Catch) come from tests/CMakeLists.txt.)

add_executable(detsim_results_tests
  ${CMAKE_CURRENT_LIST_DIR}/test_roundtrip.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_atomic.cpp
)
target_link_libraries(detsim_results_tests PRIVATE detsim_results detsim_catch_main)
catch_discover_tests(detsim_results_tests EXTRA_ARGS --warn NoTests)

# Writes the sample dataset; check_xarray.py opens it with xarray (both engines) and h5py.
add_executable(detsim_results_example ${CMAKE_CURRENT_LIST_DIR}/example_writer.cpp)
target_link_libraries(detsim_results_example PRIVATE detsim_results)
add_test(NAME results.xarray_opens_file
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/check_xarray.py
                 --writer $<TARGET_FILE:detsim_results_example>)
