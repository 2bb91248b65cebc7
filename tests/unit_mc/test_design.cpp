// Designs: grid indexing, Latin hypercube strata, Sobol points, CSV points and their errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "mc/design.hpp"

using namespace detsim::mc;
using Catch::Matchers::Contains;

TEST_CASE("grid: row-major cells, first axis slowest, indices round-trip", "[design]") {
  const Design d = grid_design({Axis::list("levers.warning", {0.0, 1.0}),
                                Axis::range("levers.visibility", 0.0, 1.0, 3),
                                Axis::list("parameters.audience_cost_warning", {0.1, 0.2, 0.3, 0.4})});
  REQUIRE(d.kind == DesignKind::grid);
  REQUIRE(d.n_cells == 24);
  CHECK(d.axis_values[1] == std::vector<double>{0.0, 0.5, 1.0});
  CHECK(d.cell_values(0) == std::vector<double>{0.0, 0.0, 0.1});
  CHECK(d.cell_values(1) == std::vector<double>{0.0, 0.0, 0.2});  // last axis fastest
  CHECK(d.cell_values(4) == std::vector<double>{0.0, 0.5, 0.1});
  CHECK(d.cell_values(12) == std::vector<double>{1.0, 0.0, 0.1});
  CHECK(d.cell_values(23) == std::vector<double>{1.0, 1.0, 0.4});
  for (std::size_t c = 0; c < d.n_cells; ++c) {
    const auto idx = d.grid_index(c);
    CHECK(idx[0] * 12 + idx[1] * 4 + idx[2] == c);
    CHECK(d.grid_cell(idx) == c);
    for (std::size_t j = 0; j < 3; ++j) CHECK(d.value(c, j) == d.axis_values[j][idx[j]]);
  }
  CHECK_THROWS_AS(d.value(24, 0), std::out_of_range);
  CHECK_THROWS_AS(d.value(0, 3), std::out_of_range);
}

TEST_CASE("grid: ranges hit both ends exactly, no axes means one cell", "[design]") {
  const auto v = Axis::range("levers.burden", 0.0, 1.0, 11).grid_values();
  REQUIRE(v.size() == 11);
  CHECK(v[3] == 0.3);
  CHECK(v[7] == 0.7);
  CHECK(v.back() == 1.0);
  const Design none = grid_design({});
  CHECK(none.n_cells == 1);
  CHECK(none.n_axes() == 0);
  CHECK(none.grid_index(0).empty());
  CHECK_THROWS_WITH(grid_design({Axis::range("levers.burden", 0, 1, 0)}), Contains("steps >= 1"));
  CHECK_THROWS_WITH(grid_design({Axis::range("levers.burden", 0, 1, 1)}), Contains("from == to"));
  CHECK_THROWS_WITH(grid_design({Axis::list("warning", {0.0})}), Contains("dotted"));
  CHECK_THROWS_WITH(grid_design({Axis::list("levers.warning", {0.0}), Axis::list("levers.warning", {1.0})}),
                    Contains("twice"));
}

TEST_CASE("Latin hypercube: each of the n strata of each axis holds exactly one point", "[design]") {
  const std::vector<Axis> axes = {Axis::range("levers.warning", 0.0, 1.0),
                                  Axis::range("parameters.allied_strength", 1.0, 5.0),
                                  Axis::range("parameters.escalation_logit_base", -5.0, -1.0)};
  const std::size_t n = 97;
  const Design d = latin_hypercube_design(axes, n, 20251104);
  REQUIRE(d.kind == DesignKind::latin_hypercube);
  REQUIRE(d.n_cells == n);
  for (std::size_t j = 0; j < axes.size(); ++j) {
    std::vector<int> hits(n, 0);
    for (std::size_t c = 0; c < n; ++c) {
      const double t = (d.value(c, j) - axes[j].from) / (axes[j].to - axes[j].from);
      REQUIRE(t >= 0.0);
      REQUIRE(t < 1.0);
      ++hits[static_cast<std::size_t>(t * n)];
    }
    CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
  }
  // Deterministic in the seed; a different seed gives a different design.
  CHECK(latin_hypercube_design(axes, n, 20251104).points == d.points);
  CHECK(latin_hypercube_design(axes, n, 20251105).points != d.points);
  CHECK_THROWS_WITH(latin_hypercube_design({Axis::list("levers.warning", {0, 1})}, 4, 1), Contains("range"));
  CHECK_THROWS_WITH(latin_hypercube_design(axes, 0, 1), Contains("sample count"));
}

TEST_CASE("Sobol: Boost's sequence (origin skipped), scaled into the ranges", "[design]") {
  // Joe-Kuo direction numbers, dimensions 1-2, points 1..8 (point 0 is the origin).
  const double expect[8][2] = {{0.5, 0.5},     {0.75, 0.25},  {0.25, 0.75},  {0.375, 0.375},
                               {0.875, 0.875}, {0.625, 0.125}, {0.125, 0.625}, {0.1875, 0.3125}};
  const Design unit = sobol_design({Axis::range("levers.warning", 0, 1), Axis::range("levers.burden", 0, 1)}, 8);
  REQUIRE(unit.n_cells == 8);
  for (std::size_t i = 0; i < 8; ++i) {
    CHECK(unit.value(i, 0) == expect[i][0]);
    CHECK(unit.value(i, 1) == expect[i][1]);
  }
  const Design scaled = sobol_design({Axis::range("parameters.allied_strength", 1, 5),
                                      Axis::range("parameters.escalation_logit_base", -5, -1),
                                      Axis::range("levers.warning", 0, 1)},
                                     1000);
  CHECK(scaled.value(0, 0) == 3.0);
  CHECK(scaled.value(1, 1) == -4.0);
  for (std::size_t c = 0; c < scaled.n_cells; ++c) {
    REQUIRE(scaled.value(c, 0) >= 1.0);
    REQUIRE(scaled.value(c, 0) <= 5.0);
    REQUIRE(scaled.value(c, 1) >= -5.0);
    REQUIRE(scaled.value(c, 1) <= -1.0);
    REQUIRE(scaled.value(c, 2) >= 0.0);
    REQUIRE(scaled.value(c, 2) <= 1.0);
  }
}

TEST_CASE("CSV points: header of dotted names, one cell per row", "[design]") {
  const Design d = points_design(
      "# sweep of two levers\n"
      "levers.warning, parameters.audience_cost_warning\r\n"
      "0, 0.4\n"
      "\n"
      "1,  +0.8\n"
      "0.5,inf\n",
      "pts.csv");
  REQUIRE(d.kind == DesignKind::points);
  CHECK(d.axis_names == std::vector<std::string>{"levers.warning", "parameters.audience_cost_warning"});
  REQUIRE(d.n_cells == 3);
  CHECK(d.cell_values(0) == std::vector<double>{0.0, 0.4});
  CHECK(d.cell_values(1) == std::vector<double>{1.0, 0.8});
  CHECK(std::isinf(d.value(2, 1)));
  CHECK_THROWS_AS(d.grid_index(0), std::logic_error);
}

TEST_CASE("CSV points: errors name the file, line and column", "[design]") {
  const std::string head = "levers.warning,levers.burden\n";
  CHECK_THROWS_WITH(points_design(head + "0,0.5\n0.25, abc\n", "pts.csv"),
                    "pts.csv:3:7: 'abc' is not a number (column 'levers.burden')");
  CHECK_THROWS_WITH(points_design(head + "0,0.5,1\n", "pts.csv"),
                    Contains("pts.csv:2:1: expected 2 values (one per header name), got 3"));
  CHECK_THROWS_WITH(points_design(head + "0,\n", "pts.csv"), Contains("pts.csv:2:3: empty value"));
  CHECK_THROWS_WITH(points_design(head + "0.5x,1\n", "pts.csv"), Contains("pts.csv:2:1: '0.5x' is not a number"));
  CHECK_THROWS_WITH(points_design(head + "nan,1\n", "pts.csv"), Contains("is not a number"));
  CHECK_THROWS_WITH(points_design("levers.warning,burden\n0,1\n", "pts.csv"), Contains("pts.csv:1:16: header name 'burden'"));
  CHECK_THROWS_WITH(points_design(head, "pts.csv"), Contains("pts.csv:1: no points"));
  CHECK_THROWS_WITH(points_design("", "pts.csv"), Contains("no header"));
}

TEST_CASE("CSV points: read from a file, a missing file is an I/O error", "[design]") {
  const auto path = std::filesystem::temp_directory_path() / "detsim_mc_test_points.csv";
  {
    std::ofstream out(path);
    out << "levers.warning\n0.25\n0.75\n";
  }
  const Design d = load_points_design(path.string());
  std::filesystem::remove(path);
  CHECK(d.n_cells == 2);
  CHECK(d.value(1, 0) == 0.75);
  CHECK_THROWS_AS(load_points_design(path.string()), std::runtime_error);
  CHECK_THROWS_WITH(load_points_design(path.string()), Contains("cannot read design points file"));
}
