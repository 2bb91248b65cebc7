#include "server/http_server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <string_view>

#include "server/classroom_api.hpp"
#include "server/embedded.hpp"

namespace detsim::server {
namespace {

using nlohmann::json;

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  // error_handler_t::replace: a stray invalid byte in a message must not abort the reply.
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

// Runs one API call: parse the body, call the handler, map failures to status codes and messages.
template <typename Handler>
void api(const httplib::Request& req, httplib::Response& res, Handler handler) {
  json request;
  try {
    request = json::parse(req.body);
  } catch (const json::exception& e) {  // syntax, or a number too large for a double (out_of_range.406)
    send_json(res, 400, {{"error", std::string("malformed JSON: ") + e.what()}});
    return;
  }
  try {
    send_json(res, 200, handler(request));
  } catch (const ApiError& e) {
    send_json(res, e.status(), {{"error", e.what()}});
  }
}

void serve_file(httplib::Server& server, const std::string& path, std::string_view name, const char* type) {
  const std::string_view body = embedded_file(name);
  server.Get(path, [body, type](const httplib::Request&, httplib::Response& res) {
    // The page may load nothing from elsewhere: everything it needs is in this binary.
    res.set_header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'");
    res.set_content(body.data(), body.size(), type);
  });
}

}  // namespace

bool serve(const ServerOptions& options, std::ostream& log) {
  httplib::Server server;
  const int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(options.max_body_bytes);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let a second server share
  // the port silently instead of reporting it in use.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // Each connection holds a worker while open: drop silent clients and idle keep-alives quickly, so
  // that stalled or hostile connections cannot starve the room (docs/classroom.md, limits).
  server.set_read_timeout(2, 0);
  server.set_write_timeout(2, 0);
  server.set_keep_alive_timeout(1);
  server.set_keep_alive_max_count(20);

  serve_file(server, "/", "index.html", "text/html; charset=utf-8");
  serve_file(server, "/app.js", "app.js", "text/javascript; charset=utf-8");
  serve_file(server, "/style.css", "style.css", "text/css; charset=utf-8");
  serve_file(server, "/chart.umd.js", "chart.umd.js", "text/javascript; charset=utf-8");

  const json presets = presets_json();
  server.Get("/api/presets", [presets](const httplib::Request&, httplib::Response& res) { send_json(res, 200, presets); });
  server.Post("/api/solve", [](const httplib::Request& req, httplib::Response& res) { api(req, res, solve_request); });
  server.Post("/api/montecarlo",
              [](const httplib::Request& req, httplib::Response& res) { api(req, res, montecarlo_request); });

  const std::size_t max_body = options.max_body_bytes;
  server.set_error_handler([max_body](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;  // an API reply already says what went wrong
    if (res.status == 413)
      send_json(res, 413, {{"error", "request body larger than " + std::to_string(max_body) + " bytes"}});
    else if (res.status == 404)
      send_json(res, 404, {{"error", "no such page; the API is GET /api/presets, POST /api/solve, POST /api/montecarlo"}});
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    send_json(res, 500, {{"error", "internal error: " + what}});
  });

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host.c_str());
    if (port < 0) {
      log << "detsim serve: cannot bind " << options.host << " on any port\n";
      return false;
    }
  } else if (!server.bind_to_port(options.host.c_str(), port)) {
    log << "detsim serve: cannot bind " << options.host << ":" << port << " (in use, or not an address of this machine)\n";
    return false;
  }
  log << "detsim serve: listening on http://" << options.host << ":" << port << "/ (Ctrl-C stops)" << std::endl;
  return server.listen_after_bind();
}

}  // namespace detsim::server
