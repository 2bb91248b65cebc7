#pragma once
// The detsim subcommands. Each returns the process exit status:
// 0 success, 2 bad scenario or options, 3 I/O failure, 130 interrupted.
#include <string>
#include <vector>

namespace detsim::app {

inline constexpr int exit_ok = 0;
inline constexpr int exit_usage = 2;
inline constexpr int exit_io = 3;

int cmd_solve(const std::vector<std::string>& args);
int cmd_explain(const std::vector<std::string>& args);
int cmd_run(const std::vector<std::string>& args);
int cmd_info(const std::vector<std::string>& args);
int cmd_export_efg(const std::vector<std::string>& args);
int cmd_merge(const std::vector<std::string>& args);  // sim/cluster
int cmd_serve(const std::vector<std::string>& args);  // sim/server (a message when not built)

}  // namespace detsim::app
