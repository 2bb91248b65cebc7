# Sweeps on clusters: shards for job arrays, `detsim merge`, and (with DETSIM_MPI) MPI ranks.
# Included from sim/CMakeLists.txt after detsim_app and detsim are defined.
option(DETSIM_MPI "Build detsim with MPI (OpenMPI): mpirun -np R detsim run shares cells among ranks" OFF)

target_sources(detsim_app PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/shard.cpp
  ${CMAKE_CURRENT_LIST_DIR}/shard_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compute_cells.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../app/cmd_merge.cpp
)
if(DETSIM_MPI)
  find_package(MPI REQUIRED COMPONENTS CXX)
  target_sources(detsim_app PRIVATE ${CMAKE_CURRENT_LIST_DIR}/mpi.cpp)
  target_link_libraries(detsim_app PUBLIC MPI::MPI_CXX)
  message(STATUS "detsim: MPI build (MPI ${MPI_CXX_VERSION})")
else()
  target_sources(detsim_app PRIVATE ${CMAKE_CURRENT_LIST_DIR}/no_mpi.cpp)
endif()
