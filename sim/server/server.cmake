# The classroom server (`detsim serve`): optional. It needs cpp-httplib (Debian's compiled library,
# pkg-config only) and npm (the page's charting library is installed at build time and compiled
# into the binary, so the page works offline). Without them `detsim serve` says what is missing.
target_sources(detsim PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/app/cmd_serve.cpp)

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(CPP_HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
endif()
find_program(DETSIM_NPM npm)
if(NOT CPP_HTTPLIB_FOUND OR NOT DETSIM_NPM)
  message(STATUS "detsim serve: not built (needs cpp-httplib via pkg-config and npm)")
  return()
endif()

set(web_src ${CMAKE_CURRENT_SOURCE_DIR}/server/web)
set(web_bin ${CMAKE_BINARY_DIR}/web)  # node_modules live here, never in the source tree
set(DETSIM_WEB_DIR ${web_bin} CACHE INTERNAL "npm packages of the classroom page (chart.js, playwright-core)")
set(chart_js ${web_bin}/node_modules/chart.js/dist/chart.umd.js)

# npm ci from the lock file: from the local cache when it can (offline), else from the registry.
add_custom_command(
  OUTPUT ${chart_js}
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${web_src}/package.json ${web_src}/package-lock.json ${web_bin}/
  COMMAND sh -c "${DETSIM_NPM} ci --offline --no-audit --no-fund --loglevel=error || ${DETSIM_NPM} ci --no-audit --no-fund --loglevel=error"
  COMMAND ${CMAKE_COMMAND} -E touch ${chart_js}
  DEPENDS ${web_src}/package.json ${web_src}/package-lock.json
  WORKING_DIRECTORY ${web_bin}
  COMMENT "npm ci: the classroom page's charting library"
  VERBATIM)

set(embedded_inputs
  ${web_src}/index.html ${web_src}/app.js ${web_src}/style.css ${chart_js}
  ${PROJECT_SOURCE_DIR}/scenarios/ncg4.toml ${PROJECT_SOURCE_DIR}/scenarios/ncg5.toml
  ${PROJECT_SOURCE_DIR}/scenarios/classroom.toml)
set(embedded_cpp ${CMAKE_BINARY_DIR}/generated/server/embedded_files.cpp)
string(REPLACE ";" "|" embedded_list "${embedded_inputs}")  # one command-line argument
add_custom_command(
  OUTPUT ${embedded_cpp}
  COMMAND ${CMAKE_COMMAND} "-DOUTPUT=${embedded_cpp}" "-DFILES=${embedded_list}"
          -P ${CMAKE_CURRENT_SOURCE_DIR}/server/embed.cmake
  DEPENDS ${embedded_inputs} ${CMAKE_CURRENT_SOURCE_DIR}/server/embed.cmake
  COMMENT "Embedding the classroom page and the preset scenarios"
  VERBATIM)

add_library(detsim_server STATIC
  server/classroom_api.cpp
  server/game_tree.cpp
  server/http_server.cpp
  ${embedded_cpp})
target_link_libraries(detsim_server PUBLIC detsim_app PkgConfig::CPP_HTTPLIB)
# The embedded chart.js is one 200 kB literal: beyond the 64 kB the standard guarantees, well within
# what g++ and clang accept, so their pedantic warning about it says nothing here.
set_source_files_properties(${embedded_cpp} PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)

target_link_libraries(detsim PRIVATE detsim_server)
target_compile_definitions(detsim PRIVATE DETSIM_HAVE_SERVER=1)
