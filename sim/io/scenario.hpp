#pragma once
// Scenario files (TOML): parse, apply --set overrides, validate, and build the Game.
// Every error names the file, the line, the key and the valid range (exit status 2 in the CLI).
#include <stdexcept>
#include <string>
#include <vector>

#include "mc/run_spec.hpp"
#include "model/game.hpp"

namespace detsim {

// Bad scenario or override: the message is complete and meant for the user as is.
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Scenario {
  std::string path;          // the file it came from
  std::string name;          // scenario.name, else the file name without its extension
  std::string description;
  Game game;                 // every parameter at its central value (the prior's mean)
  mc::RunSpec run;           // [sweep], [run] and the priors; run.base == game
  std::string resolved_toml;  // the scenario after overrides, for provenance
  std::vector<std::string> warnings;  // admissible but questionable settings (MODEL.md validation rules)
};

// overrides: "SECTION.KEY=VALUE" with VALUE a TOML value ("0.5", "\"tying-hands\"", "{ uniform = [0, 2] }");
// a bare word that is not TOML is taken as a string, so --set scenario.mode=tying-hands works.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});
Scenario parse_scenario(const std::string& toml_text, const std::string& source_name,
                        const std::vector<std::string>& overrides = {});

}  // namespace detsim
