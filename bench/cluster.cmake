# 1 versus 2 MPI ranks (bench/cluster/ranks.sh, needs an MPI build): `cmake --build build/mpi --target bench_cluster_ranks`
# in a build configured with -DDETSIM_MPI=ON -DDETSIM_BUILD_BENCH=ON, or run the script directly.
if(DETSIM_MPI)
  add_custom_target(bench_cluster_ranks
    COMMAND ${CMAKE_CURRENT_LIST_DIR}/cluster/ranks.sh $<TARGET_FILE:detsim>
    DEPENDS detsim USES_TERMINAL VERBATIM)
endif()
