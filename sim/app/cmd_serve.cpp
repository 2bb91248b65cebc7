// detsim serve: the classroom page on this machine (sim/server). Built without cpp-httplib, the
// command is still known and says how to get it.
#include <iostream>

#include "app/commands.hpp"
#include "app/options.hpp"
#ifdef DETSIM_HAVE_SERVER
#include "server/http_server.hpp"
#endif

namespace detsim::app {

int cmd_serve(const std::vector<std::string>& args) {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 32;
  po::options_description desc(
      "Usage: detsim serve [--host 127.0.0.1] [--port 8080]\n\n"
      "Serve the classroom page: move the levers, see the equilibrium, its game tree and the\n"
      "explanation at once. Everything it needs is inside this binary (it works offline).\nOptions");
  desc.add_options()
      ("host", po::value(&host)->default_value(host), "address to listen on (127.0.0.1: this machine only)")
      ("port", po::value(&port)->default_value(port), "port (0: any free port, printed on start)")
      ("threads", po::value(&threads)->default_value(threads), "worker threads, 2 to 64")
      ("help,h", "show this help");
  const auto vm = parse_command(args, desc, false);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  if (port < 0 || port > 65535) throw po::error("--port must be in [0, 65535]");
  if (threads < 2 || threads > 64) throw po::error("--threads must be in [2, 64]");
#ifdef DETSIM_HAVE_SERVER
  detsim::server::ServerOptions options;
  options.host = host;
  options.port = port;
  options.threads = threads;
  if (host != "127.0.0.1" && host != "localhost" && host != "::1")
    std::cerr << "detsim serve: warning: listening on " << host << " lets other machines reach the page\n";
  return detsim::server::serve(options, std::cout) ? exit_ok : exit_io;
#else
  std::cerr << "detsim serve: this detsim was built without the classroom server (cpp-httplib or npm was "
               "missing at configure time); install libcpp-httplib-dev and npm (see setup.sh) and rebuild\n";
  return exit_usage;
#endif
}

}  // namespace detsim::app
