# Logit QRE, reputation over several crises, Gambit export (MODEL.md §4.8, §4.9, §2.2).
target_sources(detsim_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/qre.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reputation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../model/burden.cpp
)
target_link_libraries(detsim_core PUBLIC Eigen3::Eigen)
target_sources(detsim_mc PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../mc/reputation_sim.cpp)
target_sources(detsim_io PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../io/efg_export.cpp
                                 ${CMAKE_CURRENT_LIST_DIR}/../io/reputation_layout.cpp)
target_sources(detsim_app PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/../app/cmd_export_efg.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../app/qre_report.cpp
)
