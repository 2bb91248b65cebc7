// End-to-end: the detsim binary as a user runs it. Exit statuses, one-line errors, and
// `solve --json` parsed back and compared with the library.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "app/report.hpp"
#include "io/scenario.hpp"
#include "solve/solve.hpp"

using namespace detsim;
using Catch::Matchers::Contains;

namespace {

struct Run {
  int status;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Run detsim_run(const std::string& args) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() / ("detsim_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string out = (dir / ("out" + std::to_string(counter))).string();
  const std::string err = (dir / ("err" + std::to_string(counter++))).string();
  const std::string cmd = std::string("cd ") + DETSIM_SOURCE_DIR + " && " + DETSIM_BINARY + " " + args + " >" + out + " 2>" + err;
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

void check_number(const nlohmann::json& j, const char* key, double expected) {
  INFO(key);
  if (std::isfinite(expected)) {
    REQUIRE(j.at(key).is_number());
    CHECK(j.at(key).get<double>() == expected);  // printed with round-trip precision
  } else {
    CHECK(j.at(key).is_null());
  }
}

}  // namespace

TEST_CASE("bad input exits with status 2 and one clear line", "[cli]") {
  const std::string bad_syntax = write_temp("detsim_bad_syntax.toml", "[levers]\nwarning = = 1\n");
  const std::string unknown = write_temp("detsim_unknown.toml", "[parameters]\npsi = 0.5\n");
  const std::string wrong_type = write_temp("detsim_wrong_type.toml", "[levers]\nvisibility = \"high\"\n");
  const std::string high_vis = write_temp("detsim_high_vis.toml", "[levers]\nvisibility = 1.5\n");
  const std::string bad_prob = write_temp("detsim_bad_prob.toml", "[parameters]\ntripwire_ground = -0.1\n");
  const std::string reversed = write_temp("detsim_reversed.toml", "[types]\nchallenger_cost = { uniform = [1, -0.5] }\n");
  const std::string not_a_number = write_temp("detsim_nan.toml", "[parameters]\npatron_nuclear_cost = nan\n");
  const std::string infinite = write_temp("detsim_inf.toml", "[parameters]\naudience_cost_warning = inf\n");
  const std::string bad_mode = write_temp("detsim_mode.toml", "[scenario]\nmode = \"deterrence\"\n");
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"solve /nonexistent.toml", {"/nonexistent.toml", "not found"}},
      {"solve " + bad_syntax, {":2:", "TOML syntax error"}},
      {"solve " + unknown, {":2:", "parameters.psi", "unknown key", "valid keys"}},
      {"solve " + wrong_type, {":2:", "levers.visibility", "expected a number"}},
      {"solve " + high_vis, {":2:", "levers.visibility", "1.5", "[0, 1]"}},
      {"solve " + bad_prob, {":2:", "parameters.tripwire_ground", "[0, 1]"}},
      {"solve " + reversed, {":2:", "types.challenger_cost", "lo < hi"}},
      {"solve " + not_a_number, {":2:", "parameters.patron_nuclear_cost", "nan"}},
      {"solve " + infinite, {":2:", "parameters.audience_cost_warning", "inf"}},
      {"solve " + bad_mode, {":2:", "scenario.mode", "unknown mode", "policy, tying-hands, sinking-costs"}},
      {"solve scenarios/ncg5.toml --set levers.burden=2", {"--set levers.burden=2", "[0, 1]"}},
      {"solve scenarios/ncg5.toml --bogus", {"unrecognised option", "--help"}},
      {"solve", {"missing SCENARIO"}},
      {"frobnicate", {"unknown command"}},
  };
  for (const auto& [args, fragments] : cases) {
    INFO("detsim " << args);
    const Run r = detsim_run(args);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    if (args != "frobnicate") CHECK(lines(r.err) == 1);
    for (const auto& f : fragments) CHECK_THAT(r.err, Contains(f));
  }
}

TEST_CASE("solve --json agrees with the library on every shipped scenario", "[cli]") {
  for (const auto& e : std::filesystem::directory_iterator(std::string(DETSIM_SOURCE_DIR) + "/scenarios")) {
    if (e.path().extension() != ".toml") continue;
    const std::string rel = "scenarios/" + e.path().filename().string();
    INFO(rel);
    const Run r = detsim_run("solve " + rel + " --json");
    REQUIRE(r.status == 0);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    const Scenario sc = load_scenario(e.path().string());
    const Solution s = solve(sc.game);
    CHECK(j.at("mode") == std::string(mode_name(sc.game.mode)));
    CHECK(j.at("case") == std::string(case_name(s.equilibrium_case)));
    check_number(j, "p_challenge", s.measures.p_challenge);
    check_number(j, "p_war", s.measures.p_war);
    check_number(j, "cutoff", s.cutoff);
    check_number(j, "eu_patron", s.measures.eu_patron);
    check_number(j, "bluff_rate", s.measures.bluff_rate);
    double total = 0;
    for (std::size_t i = 0; i < n_outcomes; ++i) {
      const double p = j.at("outcomes").at(std::string(outcome_codes[i])).get<double>();
      CHECK(p == s.outcomes[i]);
      total += p;
    }
    CHECK(total == Approx(1.0).margin(1e-12));
    CHECK(j.at("n_equilibria").get<int>() == s.n_equilibria);
    if (sc.game.mode == Mode::policy || sc.game.mode == Mode::reputation) {  // reputation: crisis 1
      check_number(j, "v_F", s.branches[0].crisis.v_F);
      check_number(j, "q", s.branches[0].crisis.q);
      check_number(j, "q_tilde", s.branches[0].crisis.q_tilde);
      check_number(j, "k_star", s.branches[0].crisis.k_star);
      check_number(j, "phi", s.branches[0].crisis.phi);
    } else {
      check_number(j, "v_F_warn", s.branches[1].crisis.v_F);
      check_number(j, "v_F_omit", s.branches[0].crisis.v_F);
      check_number(j, "p_challenge_given_warning", s.branches[1].crisis.gamma);
      check_number(j, "p_challenge_given_omission", s.branches[0].crisis.gamma);
    }
  }
}

TEST_CASE("scenarios/ncg4.toml holds the NCG4 levers that explain compares against", "[cli]") {
  const Scenario sc = load_scenario(std::string(DETSIM_SOURCE_DIR) + "/scenarios/ncg4.toml");
  CHECK(sc.game.levers.warning == app::ncg4_levers.warning);
  CHECK(sc.game.levers.visibility == app::ncg4_levers.visibility);
  CHECK(sc.game.levers.burden == app::ncg4_levers.burden);
}

TEST_CASE("explain tells the NCG5 story with the solver's numbers", "[cli]") {
  const Run r = detsim_run("explain scenarios/ncg5.toml");
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("the warning is omitted"));
  CHECK_THAT(r.out, Contains("Compared with the NCG4 levers"));
  CHECK_THAT(r.out, Contains("changing the warning alone"));
  CHECK_THAT(r.out, Contains("47.8%"));  // Pr(challenge) at NCG5, as solve prints it
  const Run th = detsim_run("explain scenarios/classroom.toml");
  REQUIRE(th.status == 0);
  CHECK_THAT(th.out, Contains("issue the warning"));
  CHECK_THAT(th.out, Contains("silence is read as weakness"));
}

TEST_CASE("each mode's table names its own signal and shows no empty signalling block", "[cli]") {
  const Run qre = detsim_run("solve scenarios/qre-signalling.toml");
  CHECK(qre.status == 0);
  CHECK_THAT(qre.out, Contains("Pr(branch) | warn"));
  CHECK_THAT(qre.out, !Contains("show assets"));
  const Run sinking = detsim_run("solve scenarios/fearon1997-sinking-costs.toml");
  CHECK_THAT(sinking.out, Contains("Pr(branch) | show assets"));
  // Reputation: crisis 1 under the prior, like a policy crisis; no utilities of the repeated game.
  const Run rep = detsim_run("solve scenarios/reputation-myopic.toml");
  CHECK_THAT(rep.out, Contains("resist cutoff v_F") && !Contains("Pr(branch)"));
  const auto j = nlohmann::json::parse(detsim_run("solve scenarios/reputation-myopic.toml --json").out);
  CHECK(j["eu_patron"].is_null());
  CHECK(j["eu_challenger"].is_null());
}

TEST_CASE("help and version", "[cli]") {
  for (const char* args : {"--help", "solve --help", "explain --help"}) {
    const Run r = detsim_run(args);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Contains("Usage: detsim"));
  }
  const Run v = detsim_run("--version");
  CHECK(v.status == 0);
  CHECK_THAT(v.out, Contains("detsim 0.1.0 (git "));
  // A 12-digit commit, "-dirty" with local changes, or "unknown" outside git (the stamping itself is
  // tested by build.git_revision_stamp).
  CHECK(std::regex_search(v.out, std::regex(R"(\(git ([0-9a-f]{12}(-dirty)?|unknown), )")));
}
