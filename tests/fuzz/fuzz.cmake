# Fuzz targets (docs/reliability.md). With -DDETSIM_FUZZ=ON (preset "fuzz", clang) each target is a
# libFuzzer binary run by tests/fuzz/run_fuzz.sh; in every other build the same targets are linked to
# replay_main.cpp and ctest replays the seed corpus and every committed crash input once.
option(DETSIM_FUZZ "build the libFuzzer targets (needs clang)" OFF)
set(DETSIM_FUZZ_TARGETS scenario overrides results_reader)
if(TARGET detsim_server)  # the classroom server is optional
  list(APPEND DETSIM_FUZZ_TARGETS server_api)
endif()
add_custom_target(fuzz_all)
foreach(name IN LISTS DETSIM_FUZZ_TARGETS)
  add_dependencies(fuzz_all fuzz_${name})
  if(DETSIM_FUZZ)
    add_executable(fuzz_${name} ${CMAKE_CURRENT_LIST_DIR}/fuzz_${name}.cpp)
    target_compile_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  else()
    add_executable(fuzz_${name} ${CMAKE_CURRENT_LIST_DIR}/fuzz_${name}.cpp ${CMAKE_CURRENT_LIST_DIR}/replay_main.cpp)
  endif()
  target_link_libraries(fuzz_${name} PRIVATE detsim_io)
endforeach()
if(TARGET detsim_server)
  target_link_libraries(fuzz_server_api PRIVATE detsim_server)
  add_test(NAME fuzz.replay.server_api COMMAND fuzz_server_api -runs=0 ${CMAKE_CURRENT_LIST_DIR}/seeds/server_api
                                                               ${CMAKE_CURRENT_LIST_DIR}/regressions/server_api)
endif()

set(fuzz_dir ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME fuzz.replay.scenario
         COMMAND fuzz_scenario -runs=0 ${PROJECT_SOURCE_DIR}/scenarios ${fuzz_dir}/regressions/scenario)
add_test(NAME fuzz.replay.overrides
         COMMAND fuzz_overrides -runs=0 ${fuzz_dir}/seeds/overrides ${fuzz_dir}/regressions/overrides)
# The reader's seed is a results file made on the spot; the regressions are damaged files.
add_test(NAME fuzz.replay.results_reader
         COMMAND bash -c "set -e; d=$(mktemp -d); trap 'rm -rf $d' EXIT; \
                 $<TARGET_FILE:detsim> run ${PROJECT_SOURCE_DIR}/scenarios/ncg4-vs-ncg5.toml --draws 20 -q -o $d/seed.h5 >/dev/null; \
                 $<TARGET_FILE:fuzz_results_reader> -runs=0 $d ${fuzz_dir}/regressions/results_reader")
# libFuzzer binaries given -runs=0 run every input of the directories once. Under a sanitizer build
# (fuzz or sanitize preset) libhdf5's own leaks on corrupt files are suppressed (lsan.supp says why).
set_tests_properties(fuzz.replay.scenario fuzz.replay.overrides fuzz.replay.results_reader PROPERTIES
                     ENVIRONMENT "LSAN_OPTIONS=suppressions=${fuzz_dir}/lsan.supp")
