// Scenario files for runs: priors, sweeps, run settings and their errors.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "io/scenario.hpp"
#include "support/scenario_error.hpp"

using namespace detsim;
using Catch::Matchers::Contains;

using test::scenario_error;

TEST_CASE("a parameter given as a prior is uncertain and solved at its mean", "[scenario]") {
  const Scenario sc = parse_scenario("[parameters]\naudience_cost_warning = { uniform = [0.2, 0.8] }\n"
                                     "patron_nuclear_cost = { truncated_normal = [2, 0.1, 0, 10] }\n", "ok.toml");
  REQUIRE(sc.run.uncertain.size() == 2);
  CHECK(sc.game.parameters.audience_cost_warning == Approx(0.5));
  CHECK(sc.run.uncertain[0].key == "parameters.audience_cost_warning");  // slot order = table order
  CHECK(sc.run.uncertain[0].slot < sc.run.uncertain[1].slot);
}

TEST_CASE("priors that reach outside a key's range, and bad priors, are refused", "[scenario]") {
  CHECK_THAT(scenario_error("[parameters]\npatron_nuclear_cost = { normal = [2, 1] }\n"),
             Contains("bad.toml:2: parameters.patron_nuclear_cost") && Contains("outside the valid range [0, inf)"));
  CHECK_THAT(scenario_error("[parameters]\ntripwire_ground = { uniform = [0.5, 1.5] }\n"), Contains("[0, 1]"));
  CHECK_THAT(scenario_error("[parameters]\naudience_cost_warning = { unifrom = [0, 1] }\n"), Contains("did you mean uniform?"));
  CHECK_THAT(scenario_error("[parameters]\naudience_cost_warning = { uniform = [1, 0] }\n"), Contains("audience_cost_warning"));
  CHECK_THAT(scenario_error("[levers]\nvisibility = { uniform = [0, 1] }\n"), Contains("make it an axis in [sweep.axes]"));
  CHECK_THAT(scenario_error("[parameters]\ntripwire_visibility = { uniform = [0, 0.6] }\ntripwire_ground = 0.5\n"),
             Contains("every value their priors allow"));
}

TEST_CASE("grid axes keep the order they are written in", "[scenario]") {
  const Scenario sc = parse_scenario(R"(
[sweep.axes]
levers.warning = [0, 1]
parameters.audience_cost_warning = { from = 0.2, to = 0.6, steps = 3 }
levers.burden = [0.5, 0.7]
)", "ok.toml");
  REQUIRE(sc.run.axes.size() == 3);
  CHECK(sc.run.axes[0].key == "levers.warning");
  CHECK(sc.run.axes[1].key == "parameters.audience_cost_warning");
  CHECK(sc.run.axes[2].key == "levers.burden");
  CHECK(sc.run.n_cells() == 12);
  CHECK(sc.run.design.value(11, 1) == Approx(0.6));
  const Game last = sc.run.cell_game(11);
  CHECK(last.levers.warning == 1.0);
  CHECK(last.levers.burden == 0.7);
}

TEST_CASE("sweep and run errors name the key", "[scenario]") {
  CHECK_THAT(scenario_error("[sweep]\ndesign = \"gird\"\n"), Contains("bad.toml:2: sweep.design") && Contains("did you mean 'grid'?"));
  CHECK_THAT(scenario_error("[sweep.axes]\nlevers.visibilty = [0, 1]\n"), Contains("did you mean levers.visibility?"));
  CHECK_THAT(scenario_error("[sweep.axes]\nlevers.visibility = [0, 1.5]\n"), Contains("sweep.axes.levers.visibility") && Contains("[0, 1]"));
  CHECK_THAT(scenario_error("[sweep]\ndesign = \"lhs\"\n[sweep.axes]\nlevers.visibility = { from = 0, to = 1 }\n"),
             Contains("needs samples = N"));
  CHECK_THAT(scenario_error("[sweep]\nreference = \"ncg4\"\n"), Contains("no cell is named 'ncg4'"));
  CHECK_THAT(scenario_error("[run]\ndraws = 0\n"), Contains("bad.toml:2: run.draws") && Contains("[1, "));
  CHECK_THAT(scenario_error("[run]\ndraws = 1.5\n"), Contains("expected a whole number"));
  CHECK_THAT(scenario_error("[run]\nsede = 3\n"), Contains("did you mean run.seed?"));
}

TEST_CASE("the shipped run scenarios describe the designs they promise", "[scenario]") {
  const std::string dir = std::string(DETSIM_SOURCE_DIR) + "/scenarios/";
  const Scenario sweep = load_scenario(dir + "levers-sweep.toml");
  CHECK(sweep.run.axes.size() == 3);
  CHECK(sweep.run.design.kind == mc::DesignKind::grid);
  const Scenario paired = load_scenario(dir + "ncg4-vs-ncg5.toml");
  REQUIRE(paired.run.reference_cell.has_value());
  CHECK(paired.run.cell_names[*paired.run.reference_cell] == "ncg4");
  CHECK_FALSE(paired.run.uncertain.empty());
  const Scenario lhs = load_scenario(dir + "sensitivity-lhs.toml");
  CHECK(lhs.run.design.kind == mc::DesignKind::latin_hypercube);
  CHECK(lhs.run.per_draw);
}

TEST_CASE("Sobol and CSV-points designs come from the scenario", "[scenario]") {
  const Scenario sobol = parse_scenario(R"(
[sweep]
design = "sobol"
samples = 8
[sweep.axes]
levers.visibility = { from = 0, to = 1 }
parameters.audience_cost_warning = { from = 0.2, to = 0.6 }
)", "ok.toml");
  CHECK(sobol.run.design.kind == mc::DesignKind::sobol);
  CHECK(sobol.run.n_cells() == 8);
  CHECK(sobol.run.cell_game(0).levers.visibility == 0.5);  // the first Sobol point is the centre
  CHECK(sobol.run.cell_game(0).parameters.audience_cost_warning == Approx(0.4));

  const std::string dir = std::filesystem::temp_directory_path().string();
  std::ofstream(dir + "/detsim_points.csv") << "levers.burden,parameters.audience_cost_warning\n0.5,0.3\n0.7,0.1\n";
  std::ofstream(dir + "/detsim_points.toml") << "[sweep]\ndesign = \"points\"\npoints = \"detsim_points.csv\"\n";
  const Scenario points = load_scenario(dir + "/detsim_points.toml");
  REQUIRE(points.run.n_cells() == 2);
  CHECK(points.run.cell_game(1).levers.burden == 0.7);
  CHECK(points.run.cell_game(1).parameters.audience_cost_warning == 0.1);
  std::ofstream(dir + "/detsim_points_bad.csv") << "levers.burden\n0.5\nabc\n";
  std::ofstream(dir + "/detsim_points_bad.toml") << "[sweep]\ndesign = \"points\"\npoints = \"detsim_points_bad.csv\"\n";
  CHECK_THROWS_WITH(load_scenario(dir + "/detsim_points_bad.toml"), Contains("detsim_points_bad.csv:3"));
}
