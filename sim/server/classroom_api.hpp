#pragma once
// The classroom page's JSON API, free of HTTP: each call takes the parsed request body and returns
// the response body, or throws ApiError with the HTTP status and a message meant for the user.
// Scenarios come only from the presets compiled into the binary; nothing here opens a file.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace detsim::server {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// Bounds on what one request may ask for.
struct ApiLimits {
  std::uint64_t min_draws = 100;
  std::uint64_t max_draws = 20000;     // a few hundred milliseconds in the signalling modes
  std::uint64_t default_draws = 2000;
  int max_concurrent_montecarlo = 2;   // further Monte Carlo requests get 503 until one finishes
};
inline constexpr ApiLimits api_limits{};

// GET /api/presets: the presets, the modes and every control with its bounds (the page builds its
// sliders from this, so server and page cannot disagree on ranges).
nlohmann::json presets_json();

// POST /api/solve: {preset, mode?, levers?: {warning, visibility, burden}, parameters?: {...}}
// -> the solution (as `detsim solve --json`), the preset's own solution, the game tree and the
// text of `detsim explain`.
nlohmann::json solve_request(const nlohmann::json& request);

// POST /api/montecarlo: the same settings plus draws? and seed? -> the distribution of the five
// outcome probabilities over the scenario's parameter uncertainty (one engine cell, one thread).
nlohmann::json montecarlo_request(const nlohmann::json& request);

}  // namespace detsim::server
