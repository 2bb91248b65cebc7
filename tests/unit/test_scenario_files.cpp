// Scenario files: every bad input is refused with one message naming the file, line, key and
// valid range; overrides replace keys; an empty file is the unified baseline.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "io/parameter_table.hpp"

#include "io/scenario.hpp"
#include "support/scenario_error.hpp"

using namespace detsim;
using Catch::Matchers::Contains;

using test::scenario_error;

TEST_CASE("an empty scenario is the unified baseline in policy mode", "[scenario]") {
  const Scenario sc = parse_scenario("", "dir/empty.toml");
  CHECK(sc.name == "empty");  // an unnamed scenario takes its file's name
  CHECK(sc.game.mode == Mode::policy);
  CHECK(sc.game.levers.visibility == 0.5);
  CHECK(sc.game.parameters.audience_cost_warning == 0.4);
  CHECK(std::isinf(sc.game.parameters.challenger_backdown_cost));
  CHECK(sc.game.patron_resolve.hi() == 4.0);
  CHECK(sc.game.challenger_cost.lo() == -0.5);
}

TEST_CASE("bad values name file, line, key and the valid range", "[scenario]") {
  CHECK_THAT(scenario_error("[levers]\nvisibility = 1.5\n"),
             Contains("bad.toml:2: levers.visibility") && Contains("1.5") && Contains("[0, 1]"));
  CHECK_THAT(scenario_error("[levers]\n\nvisibility = \"high\"\n"),
             Contains("bad.toml:3: levers.visibility") && Contains("expected a number") && Contains("a string"));
  CHECK_THAT(scenario_error("[levers]\n\nburden = \"high\"\n"),
             Contains("bad.toml:3: levers.burden") && Contains("a number in [0, 1], or \"olson-zeckhauser\""));
  CHECK_THAT(scenario_error("[parameters]\nescalation_probability = 1.2\n"),
             Contains("bad.toml:2: parameters.escalation_probability") && Contains("[0, 1]"));
  CHECK_THAT(scenario_error("[parameters]\nchallenger_cost_ratio_alone = 1.5\n"), Contains("[0, 1]"));
  CHECK_THAT(scenario_error("[levers]\nburden = nan\n"), Contains("levers.burden") && Contains("nan"));
  CHECK_THAT(scenario_error("[parameters]\nallied_strength = inf\n"), Contains("parameters.allied_strength") && Contains("(0, inf)"));
  CHECK_THAT(scenario_error("[parameters]\nallied_strength = 0\n"), Contains("(0, inf)"));
  CHECK_THAT(scenario_error("[parameters]\ntripwire_visibility = 0.6\ntripwire_ground = 0.6\n"),
             Contains("bad.toml:3: parameters.tripwire_ground") && Contains("<= 1"));
}

TEST_CASE("beta_C accepts infinity, the warning accepts true and false", "[scenario]") {
  CHECK(std::isinf(parse_scenario("[parameters]\nchallenger_backdown_cost = inf\n", "ok.toml").game.parameters.challenger_backdown_cost));
  CHECK(parse_scenario("[levers]\nwarning = true\n", "ok.toml").game.levers.warning == 1.0);
  CHECK(parse_scenario("[levers]\nwarning = false\n", "ok.toml").game.levers.warning == 0.0);
  CHECK(parse_scenario("[levers]\nwarning = 0.25\n", "ok.toml").game.levers.warning == 0.25);
}

TEST_CASE("unknown keys, sections and modes get a did-you-mean", "[scenario]") {
  CHECK_THAT(scenario_error("[parameters]\naudience_cost_warnin = 0.3\n"),
             Contains("bad.toml:2: parameters.audience_cost_warnin: unknown key") &&
                 Contains("did you mean parameters.audience_cost_warning?"));
  CHECK_THAT(scenario_error("[lever]\nwarning = 1\n"), Contains("bad.toml:1") && Contains("did you mean [levers]?"));
  CHECK_THAT(scenario_error("[scenario]\nmode = \"tying_hands\"\n"),
             Contains("bad.toml:2: scenario.mode") && Contains("did you mean 'tying-hands'?"));
  CHECK_THAT(scenario_error("[scenario]\nmode = \"reputaton\"\n"), Contains("did you mean 'reputation'?"));
}

TEST_CASE("type distributions are checked", "[scenario]") {
  CHECK_THAT(scenario_error("[types]\npatron_resolve = { uniform = [4, 0] }\n"),
             Contains("bad.toml:2: types.patron_resolve") && Contains("lo < hi"));
  CHECK_THAT(scenario_error("[types]\npatron_resolve = { uniform = [-1, 2] }\n"), Contains(">= 0"));
  CHECK_THAT(scenario_error("[types]\nchallenger_cost = { unifrom = [0, 1] }\n"), Contains("did you mean uniform?"));
  CHECK_THAT(scenario_error("[types]\nchallenger_cost = { uniform = [0, 1, 2] }\n"), Contains("uniform needs 2 numbers"));
  CHECK_THAT(scenario_error("[types]\nchallenger_cost = { truncated_normal = [0, 0, 0, 1] }\n"), Contains("standard deviation"));
  const Scenario sc = parse_scenario("[types]\nchallenger_cost = { beta = [2, 3, -1, 1] }\n", "ok.toml");
  CHECK(sc.game.challenger_cost.kind() == DistributionKind::scaled_beta);
}

TEST_CASE("TOML syntax errors carry the line", "[scenario]") {
  CHECK_THAT(scenario_error("[levers]\nwarning = 1\nvisibility = = 2\n"), Contains("bad.toml:3: TOML syntax error"));
}

TEST_CASE("overrides (--set) replace any key, and bad overrides are named", "[scenario]") {
  const Scenario sc = parse_scenario("[levers]\nvisibility = 0.9\n", "ok.toml",
                                     {"levers.visibility=0.2", "scenario.mode=tying-hands",
                                      "types.patron_resolve={ uniform = [0, 2] }", "parameters.escalation_probability=0.1"});
  CHECK(sc.game.levers.visibility == 0.2);
  CHECK(sc.game.mode == Mode::tying_hands);
  CHECK(sc.game.patron_resolve.hi() == 2.0);
  CHECK(sc.game.parameters.escalation_probability == 0.1);
  CHECK_THAT(sc.resolved_toml, Contains("visibility = 0.2"));
  CHECK_THAT(scenario_error("", {"levers.visibility=1.5"}), Contains("--set levers.visibility=1.5: levers.visibility") && Contains("[0, 1]"));
  CHECK_THAT(scenario_error("", {"visibility=0.5"}), Contains("expected SECTION.KEY=VALUE"));
  CHECK_THAT(scenario_error("", {"levers.visibility=abc"}), Contains("expected a number"));
  CHECK_THAT(scenario_error("", {"parameters.audience_cost=1"}), Contains("did you mean"));
}

TEST_CASE("questionable but admissible settings are warned about, not refused", "[scenario]") {
  const Scenario sc = parse_scenario("[parameters]\nescalation_logit_warning = 0.5\n", "ok.toml");
  REQUIRE_FALSE(sc.warnings.empty());
  CHECK_THAT(sc.warnings.back(), Contains("declaratory"));
}

TEST_CASE("a missing file is reported as such", "[scenario]") {
  CHECK_THROWS_WITH(load_scenario("/nonexistent/x.toml"), Contains("/nonexistent/x.toml") && Contains("not found"));
}

TEST_CASE("docs/scenarios.md documents every key with its valid range", "[scenario][docs]") {
  std::ifstream in(std::string(DETSIM_SOURCE_DIR) + "/docs/scenarios.md");
  std::stringstream text;
  text << in.rdbuf();
  for (const auto& spec : parameter_specs()) {
    const std::string row = "| `" + std::string(spec.section) + "." + std::string(spec.key) + "` |";
    INFO(row);
    const auto at = text.str().find(row);
    REQUIRE(at != std::string::npos);
    const std::string line = text.str().substr(at, text.str().find('\n', at) - at);
    CHECK_THAT(line, Contains("| " + spec.range.describe() + " |"));
  }
}
