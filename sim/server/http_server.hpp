#pragma once
// `detsim serve`: the classroom page and its JSON API over HTTP (cpp-httplib).
#include <cstddef>
#include <ostream>
#include <string>

namespace detsim::server {

struct ServerOptions {
  std::string host = "127.0.0.1";  // localhost only unless the teacher asks for more
  int port = 8080;                 // 0: any free port (printed on start)
  int threads = 32;                 // worker pool: a slow request never blocks the others
  std::size_t max_body_bytes = 16 * 1024;
};

// Serves until the process is stopped. Prints "listening on http://HOST:PORT/" to log once bound.
// Returns false (after a message on log) when the address cannot be bound.
bool serve(const ServerOptions& options, std::ostream& log);

}  // namespace detsim::server
