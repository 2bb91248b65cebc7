#pragma once
// Ways to show a solution: JSON (machines), a table (terminals), plain words (classrooms).
#include <nlohmann/json.hpp>
#include <string>

#include "io/scenario.hpp"
#include "solve/solution.hpp"

namespace detsim::app {

// The levers of the fourth NCG statement (January 2025): explicit warning, regular visibility of
// strategic assets, the earlier burden share. scenarios/ncg4.toml holds the same values (tested).
inline constexpr Levers ncg4_levers{1.0, 1.0, 0.5};

nlohmann::json solution_json(const Scenario& scenario, const Solution& s);
std::string solution_table(const Scenario& scenario, const Solution& s);
std::string explain(const Scenario& scenario, const Solution& s);

}  // namespace detsim::app
