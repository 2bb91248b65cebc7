# Labelled results files (HDF5 laid out as netCDF-4). Include from sim/CMakeLists.txt:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/io/results.cmake)
# Paths are relative to this file, so the include works from anywhere.
# FindHDF5's C component probes with a C compiler; the project itself enables only CXX.
enable_language(C)
find_package(HDF5 REQUIRED COMPONENTS C HL)

add_library(detsim_results STATIC ${CMAKE_CURRENT_LIST_DIR}/results_file.cpp)
# sim/, so that `#include "io/results_file.hpp"` works.
target_include_directories(detsim_results PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_compile_features(detsim_results PUBLIC cxx_std_20)

# The public header does not include HDF5, so HDF5 is a private dependency.
if(TARGET hdf5::hdf5 AND TARGET hdf5::hdf5_hl)
  target_link_libraries(detsim_results PRIVATE hdf5::hdf5_hl hdf5::hdf5)
else()
  target_include_directories(detsim_results SYSTEM PRIVATE ${HDF5_INCLUDE_DIRS})
  target_compile_definitions(detsim_results PRIVATE ${HDF5_DEFINITIONS})
  target_link_libraries(detsim_results PRIVATE ${HDF5_HL_LIBRARIES} ${HDF5_C_LIBRARIES})
endif()
