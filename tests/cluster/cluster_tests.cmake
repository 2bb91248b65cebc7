# Cluster runs: shards and merge (every build), MPI ranks and a private Slurm (MPI build).
set(cluster_dir ${CMAKE_CURRENT_LIST_DIR})
if(NOT DETSIM_MPI)
  add_test(NAME cluster.shards_merge
           COMMAND /usr/bin/python3 ${cluster_dir}/check_shards.py --detsim $<TARGET_FILE:detsim>)
  set_tests_properties(cluster.shards_merge PROPERTIES TIMEOUT 300)
else()
  add_test(NAME cluster.mpi_ranks
           COMMAND /usr/bin/python3 ${cluster_dir}/check_shards.py --mpi --detsim $<TARGET_FILE:detsim>)
  set_tests_properties(cluster.mpi_ranks PROPERTIES TIMEOUT 300)
  # Starts its own munged, slurmctld and slurmd; skips (77) with a reason outside CI only.
  add_test(NAME cluster.slurm
           COMMAND /usr/bin/python3 ${cluster_dir}/check_slurm.py --mpi --detsim $<TARGET_FILE:detsim>)
  set_tests_properties(cluster.slurm PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
endif()
