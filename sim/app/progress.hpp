#pragma once
// Progress of a run on stderr: a bar with rate and ETA on a terminal, plain lines otherwise
// (batch jobs, whose logs should not fill with carriage returns).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace detsim::app {

class Progress {
 public:
  // total: draws to do; done: the engine's counter (may already hold resumed work).
  Progress(std::uint64_t total, const std::atomic<std::uint64_t>& done, bool enabled);
  ~Progress();  // stops and prints the final state
  void finish();

 private:
  void loop();
  void print(bool final);

  std::uint64_t total_;
  const std::atomic<std::uint64_t>& done_;
  std::uint64_t start_done_;
  bool tty_, enabled_, stopping_ = false, finished_ = false;
  std::chrono::steady_clock::time_point start_, last_line_;
  int last_decile_ = -1;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace detsim::app
