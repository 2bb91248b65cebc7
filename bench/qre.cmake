# The QRE branch from lambda = 0 to 1000 (target: under 10 ms) and the reputation solvers.
add_executable(bench_qre ${CMAKE_CURRENT_LIST_DIR}/bench_qre.cpp)
target_link_libraries(bench_qre PRIVATE detsim_core benchmark::benchmark_main)
