# Logit QRE, reputation, Olson–Zeckhauser and the Gambit export (MODEL.md §4.8, §4.9, §2.2, O13–O18).
add_executable(detsim_qre_tests
  ${CMAKE_CURRENT_LIST_DIR}/test_qre.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_reputation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_burden_risk.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_efg.cpp
)
target_link_libraries(detsim_qre_tests PRIVATE detsim_io detsim_catch_main)
target_include_directories(detsim_qre_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_compile_definitions(detsim_qre_tests PRIVATE DETSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
catch_discover_tests(detsim_qre_tests TEST_PREFIX "qre." EXTRA_ARGS --warn NoTests)

# `detsim run` on reputation scenarios (per-crisis counts, xarray) and export-efg end to end.
add_test(NAME qre.reputation_run_end_to_end
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/check_reputation_run.py --detsim $<TARGET_FILE:detsim>
                 --source ${PROJECT_SOURCE_DIR})
# In place of Gambit (not packaged for Debian 12): the QRE points are logit equilibria of the exported file.
add_test(NAME qre.efg_logit_equilibria
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/check_efg_qre.py --detsim $<TARGET_FILE:detsim>
                 --source ${PROJECT_SOURCE_DIR})
