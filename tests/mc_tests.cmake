# Tests of the Monte Carlo layer (sim/mc): RNG streams, priors, designs.
add_executable(detsim_mc_tests
  ${CMAKE_CURRENT_SOURCE_DIR}/unit_mc/test_rng.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/unit_mc/test_prior.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/unit_mc/test_design.cpp
)
target_link_libraries(detsim_mc_tests PRIVATE detsim_mc detsim_catch_main)
catch_discover_tests(detsim_mc_tests TEST_PREFIX "mc." EXTRA_ARGS --warn NoTests)

# Raw Philox words for chosen keys, checked against numpy's Philox by a Python script.
add_executable(detsim_rng_dump ${CMAKE_CURRENT_SOURCE_DIR}/unit_mc/rng_dump.cpp)
target_link_libraries(detsim_rng_dump PRIVATE detsim_mc)
add_test(NAME mc.rng_matches_numpy
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/unit_mc/test_rng_numpy.py
                 --dump $<TARGET_FILE:detsim_rng_dump>)
