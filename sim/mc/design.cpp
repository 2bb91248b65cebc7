#include "mc/design.hpp"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "mc/rng.hpp"

namespace detsim::mc {
namespace {

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

std::string num(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

// "section.key": non-empty parts around at least one dot.
bool is_dotted(std::string_view name) {
  const auto dot = name.find('.');
  return dot != std::string_view::npos && dot > 0 && name.back() != '.' &&
         name.find_first_of(" \t,") == std::string_view::npos;
}

void check_names(const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!is_dotted(names[i])) bad("axis name '" + names[i] + "' must be a dotted key such as levers.warning");
    for (std::size_t j = 0; j < i; ++j)
      if (names[j] == names[i]) bad("axis '" + names[i] + "' appears twice in the design");
  }
}

std::vector<std::string> names_of(const std::vector<Axis>& axes) {
  std::vector<std::string> names;
  for (const Axis& a : axes) names.push_back(a.name);
  check_names(names);
  return names;
}

void check_sample_axes(const std::vector<Axis>& axes, std::size_t samples, const char* design) {
  if (axes.empty()) bad(std::string(design) + " needs at least one axis");
  if (samples == 0) bad(std::string(design) + " needs a sample count >= 1");
  for (const Axis& a : axes) {
    if (a.is_list()) bad("axis '" + a.name + "': " + design + " needs a range { from, to }, not a list");
    if (!std::isfinite(a.from) || !std::isfinite(a.to) || !(a.from < a.to))
      bad("axis '" + a.name + "': " + design + " needs finite from < to, got from = " + num(a.from) +
          ", to = " + num(a.to));
  }
}

}  // namespace

Axis Axis::list(std::string name, std::vector<double> values) {
  Axis a;
  a.name = std::move(name);
  a.values = std::move(values);
  return a;
}

Axis Axis::range(std::string name, double from, double to, std::size_t steps) {
  Axis a;
  a.name = std::move(name);
  a.from = from;
  a.to = to;
  a.steps = steps;
  return a;
}

std::vector<double> Axis::grid_values() const {
  if (is_list()) {
    for (double v : values)
      if (std::isnan(v)) bad("axis '" + name + "' lists NaN");
    return values;
  }
  if (!std::isfinite(from) || !std::isfinite(to)) bad("axis '" + name + "' needs finite from and to");
  if (steps == 0) bad("axis '" + name + "': a grid needs a list of values or steps >= 1");
  if (steps == 1) {
    if (from != to) bad("axis '" + name + "': steps = 1 needs from == to (got " + num(from) + ", " + num(to) + ")");
    return {from};
  }
  std::vector<double> v(steps);
  // (to - from) * i / (steps - 1) rounds once per product, so 0..1 in 11 steps gives 0.3, not 0.30000000000000004.
  for (std::size_t i = 0; i + 1 < steps; ++i)
    v[i] = from + (to - from) * static_cast<double>(i) / static_cast<double>(steps - 1);
  v.back() = to;
  return v;
}

std::string_view design_kind_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::grid: return "grid";
    case DesignKind::latin_hypercube: return "lhs";
    case DesignKind::sobol: return "sobol";
    case DesignKind::points: return "points";
  }
  return "?";
}

double Design::value(std::size_t cell, std::size_t axis) const {
  if (cell >= n_cells || axis >= n_axes())
    throw std::out_of_range("design cell " + std::to_string(cell) + ", axis " + std::to_string(axis) +
                            " out of range (" + std::to_string(n_cells) + " cells, " +
                            std::to_string(n_axes()) + " axes)");
  if (kind != DesignKind::grid) return points[cell * n_axes() + axis];
  std::size_t stride = 1;
  for (std::size_t j = axis + 1; j < n_axes(); ++j) stride *= axis_values[j].size();
  return axis_values[axis][(cell / stride) % axis_values[axis].size()];
}

std::vector<double> Design::cell_values(std::size_t cell) const {
  std::vector<double> v(n_axes());
  for (std::size_t j = 0; j < v.size(); ++j) v[j] = value(cell, j);
  return v;
}

std::vector<std::size_t> Design::grid_index(std::size_t cell) const {
  if (kind != DesignKind::grid) throw std::logic_error("grid_index: not a grid design");
  if (cell >= n_cells) throw std::out_of_range("grid_index: cell " + std::to_string(cell) + " out of range");
  std::vector<std::size_t> idx(n_axes());
  for (std::size_t j = n_axes(); j-- > 0;) {
    idx[j] = cell % axis_values[j].size();
    cell /= axis_values[j].size();
  }
  return idx;
}

std::size_t Design::grid_cell(std::span<const std::size_t> index) const {
  if (kind != DesignKind::grid) throw std::logic_error("grid_cell: not a grid design");
  if (index.size() != n_axes()) throw std::out_of_range("grid_cell: wrong number of indices");
  std::size_t cell = 0;
  for (std::size_t j = 0; j < n_axes(); ++j) {
    if (index[j] >= axis_values[j].size()) throw std::out_of_range("grid_cell: index out of range");
    cell = cell * axis_values[j].size() + index[j];
  }
  return cell;
}

Design grid_design(const std::vector<Axis>& axes) {
  Design d;
  d.kind = DesignKind::grid;
  d.axis_names = names_of(axes);
  d.n_cells = 1;
  for (const Axis& a : axes) {
    d.axis_values.push_back(a.grid_values());
    const std::size_t n = d.axis_values.back().size();
    if (n > std::numeric_limits<std::size_t>::max() / d.n_cells) bad("grid design has too many cells");
    d.n_cells *= n;
  }
  return d;
}

Design latin_hypercube_design(const std::vector<Axis>& axes, std::size_t samples, std::uint64_t seed) {
  check_sample_axes(axes, samples, "a Latin hypercube");
  Design d;
  d.kind = DesignKind::latin_hypercube;
  d.axis_names = names_of(axes);
  d.n_cells = samples;
  const std::size_t k = axes.size();
  d.points.resize(samples * k);
  std::vector<std::size_t> stratum(samples);
  std::vector<double> jitter(samples);
  for (std::size_t j = 0; j < k; ++j) {
    std::iota(stratum.begin(), stratum.end(), std::size_t{0});
    for (std::size_t i = samples; i-- > 0;) {
      const Block b = philox_block(seed, i, j, Purpose::design);
      jitter[i] = u01(b[1]);
      // u01 < 1 and (1 - 2^-53) * m rounds below m, so r <= i; the min is a guard only.
      const auto r = std::min(static_cast<std::size_t>(u01(b[0]) * static_cast<double>(i + 1)), i);
      std::swap(stratum[i], stratum[r]);
    }
    const double from = axes[j].from, width = axes[j].to - axes[j].from;
    for (std::size_t i = 0; i < samples; ++i) {
      const double t = (static_cast<double>(stratum[i]) + jitter[i]) / static_cast<double>(samples);
      d.points[i * k + j] = std::min(from + width * t, axes[j].to);
    }
  }
  return d;
}

Design sobol_design(const std::vector<Axis>& axes, std::size_t samples) {
  check_sample_axes(axes, samples, "a Sobol design");
  Design d;
  d.kind = DesignKind::sobol;
  d.axis_names = names_of(axes);
  d.n_cells = samples;
  const std::size_t k = axes.size();
  d.points.resize(samples * k);
  boost::random::sobol gen(k);  // 64-bit integers; consecutive calls give the coordinates of a point
  for (std::size_t i = 0; i < samples; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      const double t = std::ldexp(static_cast<double>(gen()), -64);
      d.points[i * k + j] = std::min(axes[j].from + (axes[j].to - axes[j].from) * t, axes[j].to);
    }
  return d;
}

namespace {

struct Field {
  std::string_view text;
  std::size_t column;  // 1-based character column of the first non-blank character
};

std::vector<Field> split_fields(std::string_view line) {
  std::vector<Field> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(line.find(',', start), line.size());
    std::size_t a = start, b = end;
    while (a < b && (line[a] == ' ' || line[a] == '\t')) ++a;
    while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t')) --b;
    out.push_back({line.substr(a, b - a), a + 1});
    if (end == line.size()) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

Design points_design(std::string_view text, const std::string& source) {
  Design d;
  d.kind = DesignKind::points;
  d.n_cells = 0;
  auto where = [&](std::size_t line, std::size_t col) {
    return source + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
  };
  std::size_t line_no = 0, header_line = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    const std::vector<Field> fields = split_fields(line);
    if (d.axis_names.empty()) {
      header_line = line_no;
      for (const Field& f : fields) {
        const std::string name(f.text);
        if (!is_dotted(name))
          bad(where(line_no, f.column) + "header name '" + name + "' must be a dotted key such as levers.warning");
        for (const std::string& seen : d.axis_names)
          if (seen == name) bad(where(line_no, f.column) + "header names '" + name + "' twice");
        d.axis_names.push_back(name);
      }
      continue;
    }
    if (fields.size() != d.axis_names.size())
      bad(where(line_no, 1) + "expected " + std::to_string(d.axis_names.size()) + " values (one per header name), got " +
          std::to_string(fields.size()));
    for (std::size_t j = 0; j < fields.size(); ++j) {
      std::string_view t = fields[j].text;
      const std::string column = " (column '" + d.axis_names[j] + "')";
      if (t.empty()) bad(where(line_no, fields[j].column) + "empty value" + column);
      if (t.front() == '+') t.remove_prefix(1);
      double x = 0;
      const auto r = std::from_chars(t.data(), t.data() + t.size(), x);
      if (r.ec != std::errc() || r.ptr != t.data() + t.size() || std::isnan(x))
        bad(where(line_no, fields[j].column) + "'" + std::string(fields[j].text) + "' is not a number" + column);
      d.points.push_back(x);
    }
    ++d.n_cells;
  }
  if (d.axis_names.empty()) bad(source + ": no header line of dotted names");
  if (d.n_cells == 0) bad(source + ":" + std::to_string(header_line) + ": no points after the header");
  return d;
}

Design load_points_design(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read design points file " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw std::runtime_error("error reading design points file " + path);
  return points_design(ss.str(), path);
}

}  // namespace detsim::mc
