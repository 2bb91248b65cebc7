#pragma once
// A small dataset using every feature of the results file; check_xarray.py expects exactly this.
#include "io/results_file.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace results_test {

namespace r = detsim::results;

// netCDF's default double fill value: must come back as a number, not masked to NaN.
inline constexpr double kNetcdfFill = 9.969209968386869e36;

inline r::Dataset sample_dataset() {
    r::Dataset ds;
    ds.dims = {
        {.name = "warning", .units = "1", .long_name = "probability of early warning",
         .values = {0.0, 0.25, 0.5}},
        {.name = "visibility", .units = "1", .long_name = "visibility of the commitment",
         .values = {0.1, 0.9}, .size = 2, .attributes = {{"scale", std::string("linear")}}},
        {.name = "outcome", .long_name = "crisis outcome",
         .labels = {"SQ", "REBUFFED", "PBD", "CONV", "NUC"}},
        {.name = "draw", .size = 4},
        {.name = "empty", .size = 0},
    };

    std::vector<double> probability;  // (warning, visibility, outcome)
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 2; ++j)
            for (int k = 0; k < 5; ++k) probability.push_back((i * 100 + j * 10 + k) / 1000.0);
    probability.front() = std::numeric_limits<double>::quiet_NaN();
    probability.back() = kNetcdfFill;

    std::vector<std::uint64_t> games;  // (warning, visibility): beyond 2^53, exact only as integers
    for (std::uint64_t i = 0; i < 6; ++i) games.push_back((std::uint64_t{1} << 63) + 2 * i + 1);
    games.back() = std::numeric_limits<std::uint64_t>::max();

    std::vector<double> per_draw;  // (draw, warning)
    for (int d = 0; d < 4; ++d)
        for (int i = 0; i < 3; ++i) per_draw.push_back(d + i / 8.0);

    ds.variables = {
        {.name = "probability", .dims = {"warning", "visibility", "outcome"}, .units = "1",
         .long_name = "outcome probability", .data = probability,
         .attributes = {{"cell_methods", std::string("draw: mean")}}},
        {.name = "games", .dims = {"warning", "visibility"}, .long_name = "sampled games",
         .data = games},
        {.name = "case", .dims = {"warning", "visibility"}, .long_name = "equilibrium case",
         .data = std::vector<std::int32_t>{-1, 0, 1, 2, 2147483647, -2147483647 - 1}},
        {.name = "solved", .dims = {"warning", "visibility"},
         .data = std::vector<std::uint8_t>{0, 1, 1, 0, 255, 1},
         .attributes = {{"flag_meanings", std::string("no yes")}}},
        {.name = "per_draw", .dims = {"draw", "warning"}, .data = per_draw},
        {.name = "description", .dims = {"outcome"},
         .data = std::vector<std::string>{"status quo", "rebuffed", "",
                                          "concession \u03a9", "nuclear \u2622"}},
        {.name = "residual", .units = "1", .data = std::vector<double>{1.5e-12}},
        {.name = "nothing", .dims = {"empty"}, .data = std::vector<double>{}},
    };

    ds.attributes = {
        {"model", std::string("edsg")},
        {"seed", std::uint64_t{18446744073709551557ULL}},
        {"offset", std::int64_t{-42}},
        {"threshold", 0.5},
        {"scenario", std::string("[game]\nname = \"\u0394 test\"\nburden = 0.3\n")},
    };
    return ds;
}

}  // namespace results_test
