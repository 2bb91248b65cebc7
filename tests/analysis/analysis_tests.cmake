# Python analysis package and detsim-plot (issue 6): pytest on small results files made with `detsim run`.
add_test(NAME analysis.pytest
         COMMAND /usr/bin/python3 -m pytest -q -p no:cacheprovider ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(analysis.pytest PROPERTIES
                     ENVIRONMENT "DETSIM=$<TARGET_FILE:detsim>;PYTHONDONTWRITEBYTECODE=1"
                     TIMEOUT 300)
