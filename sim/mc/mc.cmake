# Monte Carlo layer: RNG streams, priors, experimental designs, the engine.
# mc uses model/solve (detsim_core) only, never io or app.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)

add_library(detsim_mc STATIC
  ${CMAKE_CURRENT_SOURCE_DIR}/mc/prior.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/mc/design.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/mc/run_spec.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/mc/engine.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/mc/prior_table.cpp
)
# SYSTEM: Random123's headers are not ours to keep -Wpedantic clean.
target_include_directories(detsim_mc SYSTEM PUBLIC ${RANDOM123_INCLUDE_DIR})
target_link_libraries(detsim_mc PUBLIC detsim_core OpenMP::OpenMP_CXX)
