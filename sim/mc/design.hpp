#pragma once
// Experimental designs: the cells a run visits, each a point in the space of swept scenario keys
// (levers or structural parameters). A cell's index is stable (a function of the design alone), so
// shards, resume and merge can name cells by index.
//
//   grid    full factorial over listed axes, row-major: first axis slowest, last axis fastest
//   lhs     Latin hypercube over axis ranges, deterministic from the seed (Philox, Purpose::design)
//   sobol   the first N points of Boost.Random's Sobol sequence (which skips the origin), scaled
//   points  rows of a CSV file whose header names the axes
//
// Errors: bad designs throw std::invalid_argument with a complete message; an unreadable CSV
// file throws std::runtime_error (an I/O failure, not a scenario error).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace detsim::mc {

struct Axis {
  std::string name;            // dotted scenario key, e.g. "levers.warning"
  std::vector<double> values;  // listed values; when empty, the range below is used
  double from = 0.0, to = 0.0;
  std::size_t steps = 0;       // grid only: evenly spaced values from..to, both ends included

  static Axis list(std::string name, std::vector<double> values);
  static Axis range(std::string name, double from, double to, std::size_t steps = 0);

  bool is_list() const { return !values.empty(); }
  // The values a grid takes on this axis: the list, or `steps` points from..to (to is exact).
  std::vector<double> grid_values() const;
};

enum class DesignKind { grid, latin_hypercube, sobol, points };
std::string_view design_kind_name(DesignKind kind);  // "grid", "lhs", "sobol", "points"

struct Design {
  DesignKind kind = DesignKind::grid;
  std::vector<std::string> axis_names;
  std::vector<std::vector<double>> axis_values;  // grid: each axis's values; empty otherwise
  std::vector<double> points;                    // other kinds: n_cells x n_axes, row-major
  std::size_t n_cells = 1;                       // a grid over no axes is the single base cell

  std::size_t n_axes() const { return axis_names.size(); }
  // The value of `axis` in `cell`; throws std::out_of_range on a bad index.
  double value(std::size_t cell, std::size_t axis) const;
  std::vector<double> cell_values(std::size_t cell) const;
  // Grid only: the per-axis index of a cell, and back (row-major, first axis slowest).
  std::vector<std::size_t> grid_index(std::size_t cell) const;
  std::size_t grid_cell(std::span<const std::size_t> index) const;
};

Design grid_design(const std::vector<Axis>& axes);
// Axes must be ranges (from < to). Sample i's stratum on axis j is a permutation of 0..n-1 built
// by Fisher-Yates from word 0 of philox_block(seed, draw = i, game = j, Purpose::design), its
// position within the stratum is word 1 of the same block.
Design latin_hypercube_design(const std::vector<Axis>& axes, std::size_t samples, std::uint64_t seed);
Design sobol_design(const std::vector<Axis>& axes, std::size_t samples);
// CSV points: a header of dotted names, then one row of numbers per cell. Blank lines and lines
// starting with '#' are skipped. Errors read "SOURCE:LINE:COLUMN: ...".
Design points_design(std::string_view csv_text, const std::string& source_name);
Design load_points_design(const std::string& path);

}  // namespace detsim::mc
