#pragma once
// One table of every numeric scenario key: where it lives in the model, what it means, its unit
// and valid range. Parsing, validation, --set, did-you-mean and the docs all read this table.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "model/levers.hpp"
#include "model/parameters.hpp"

namespace detsim {

struct Range {
  double lo, hi;
  bool lo_open = false, hi_open = false;
  bool allow_infinity = false;  // +inf accepted (beta_C: the challenger never backs down)
  bool contains(double x) const;
  std::string describe() const;  // e.g. "[0, 1]", "(0, inf)"
};

struct ParameterSpec {
  std::string_view section;  // "levers" or "parameters"
  std::string_view key;
  std::string_view symbol;   // as in MODEL.md
  std::string_view meaning;
  std::string_view unit;
  Range range;
  double Levers::*lever = nullptr;                   // exactly one of these two is set
  double StructuralParameters::*parameter = nullptr;
};

std::span<const ParameterSpec> parameter_specs();
const ParameterSpec* find_parameter(std::string_view section, std::string_view key);

// Closest known name by edit distance, if it is close enough to be a likely typo.
std::optional<std::string> did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace detsim
