// Catch2 v2's main(), compiled once for every Catch2 test binary (it is the slowest file to compile).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
