#include "app/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace detsim::app {

Progress::Progress(std::uint64_t total, const std::atomic<std::uint64_t>& done, bool enabled)
    : total_(total), done_(done), start_done_(done.load()), tty_(::isatty(STDERR_FILENO) == 1), enabled_(enabled) {
  start_ = last_line_ = std::chrono::steady_clock::now();
  if (enabled_ && total_ > 0) thread_ = std::thread([this] { loop(); });
}

Progress::~Progress() { finish(); }

void Progress::finish() {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (enabled_ && total_ > 0) print(true);
}

void Progress::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(tty_ ? 200 : 1000));
    if (!stopping_) print(false);
  }
}

void Progress::print(bool final) {
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const std::uint64_t done = done_.load(std::memory_order_relaxed);
  const double fraction = total_ ? static_cast<double>(done) / total_ : 1.0;
  const double rate = seconds > 0 ? (done - start_done_) / seconds : 0.0;
  const double eta = rate > 0 ? (total_ - done) / rate : 0.0;
  if (tty_) {
    constexpr int width = 30;
    const int filled = static_cast<int>(fraction * width);
    char bar[width + 1];
    for (int i = 0; i < width; ++i) bar[i] = i < filled ? '#' : '.';
    bar[width] = 0;
    std::fprintf(stderr, "\r[%s] %5.1f%%  %.3g draws/s  ETA %.0fs   %s", bar, 100 * fraction, rate, eta, final ? "\n" : "");
    std::fflush(stderr);
    return;
  }
  // Batch logs: one line per 10% or per 30 s, and the last one.
  const int decile = static_cast<int>(fraction * 10);
  if (final || decile > last_decile_ || now - last_line_ > std::chrono::seconds(30)) {
    std::fprintf(stderr, "detsim: %llu/%llu draws (%.0f%%), %.3g draws/s, ETA %.0f s\n",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_), 100 * fraction, rate, eta);
    last_decile_ = decile;
    last_line_ = now;
  }
}

}  // namespace detsim::app
