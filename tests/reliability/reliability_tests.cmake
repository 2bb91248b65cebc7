# Reliability tests (docs/reliability.md): bad input, fuzz replays, crash and resume.
add_test(NAME reliability.bad_input_catalogue
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/bad_input/run_catalogue.py --detsim $<TARGET_FILE:detsim>)
set_tests_properties(reliability.bad_input_catalogue PROPERTIES TIMEOUT 300)

include(${CMAKE_CURRENT_LIST_DIR}/../fuzz/fuzz.cmake)

# SIGKILL at 20 moments then --resume; full disk; read-only directory.
add_test(NAME reliability.crash_resume
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/check_crash_resume.py --detsim $<TARGET_FILE:detsim> --requeue-window)
set_tests_properties(reliability.crash_resume PROPERTIES TIMEOUT 300)
