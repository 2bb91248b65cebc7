// libFuzzer target: the classroom server's JSON API (POST /api/solve and /api/montecarlo bodies),
// without HTTP. Whatever the body, the handler answers JSON or throws ApiError with a 4xx/5xx status.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "server/classroom_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the endpoint; Monte Carlo is slower, so it gets one input in four.
  const bool montecarlo = data[0] % 4 == 0;
  const nlohmann::json request = nlohmann::json::parse(data + 1, data + size, nullptr, false);
  if (request.is_discarded()) return 0;  // httplib's handler answers 400 before calling the API
  try {
    const nlohmann::json answer =
        montecarlo ? detsim::server::montecarlo_request(request) : detsim::server::solve_request(request);
    (void)answer.dump();
  } catch (const detsim::server::ApiError& e) {
    if (e.status() < 400 || e.status() > 599) std::abort();
  }
  return 0;
}
