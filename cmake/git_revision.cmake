# Runs at every build (not only at configure time), so --version and results files name the commit
# the binary was built from; "-dirty" marks a tree with uncommitted changes to tracked files.
# Writes OUT only when its text changes, so an unchanged revision recompiles nothing.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR revision STREQUAL "")
  set(revision "unknown")
else()
  execute_process(COMMAND git diff --quiet HEAD -- WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE dirty ERROR_QUIET)
  if(dirty EQUAL 1)
    string(APPEND revision "-dirty")
  endif()
endif()
set(text "// Generated at build time by cmake/git_revision.cmake.\n#include <detsim/build_info.hpp>\nnamespace detsim::build {\nconst char* const git_revision = \"${revision}\";\n}  // namespace detsim::build\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUT} "${text}")
endif()
