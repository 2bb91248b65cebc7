#include "io/checkpoint.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

namespace detsim {
namespace {

namespace fs = std::filesystem;
constexpr char magic[8] = {'D', 'S', 'C', 'E', 'L', 'L', '0', '1'};
static_assert(std::is_trivially_copyable_v<mc::CellSummary>);

std::string cell_file(const std::string& dir, std::size_t cell) {
  char name[32];
  std::snprintf(name, sizeof name, "cell-%09zu.bin", cell);
  return dir + "/" + name;
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw CheckpointError("checkpoint " + path + ": " + what + (errno ? std::string(": ") + std::strerror(errno) : ""));
}

void write_atomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp";
  errno = 0;
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) fail("cannot create", tmp);
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size() && std::fflush(f) == 0;
  if (std::fclose(f) != 0 || !ok) {
    std::remove(tmp.c_str());
    fail("cannot write", tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    fail("cannot rename into place", path);
  }
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Checkpoint::Checkpoint(const std::string& output_path, std::string fingerprint)
    : dir_(output_path + ".partial.d"), fingerprint_(std::move(fingerprint)) {}

bool Checkpoint::exists() const { return fs::exists(dir_); }

std::map<std::size_t, mc::CellResult> Checkpoint::open(bool resume) {
  std::map<std::size_t, mc::CellResult> done;
  const std::string manifest = dir_ + "/manifest";
  // No manifest: the run was killed while creating the checkpoint, before any cell was saved
  // (cells are saved only after the manifest is in place), so there is nothing to resume.
  if (exists() && resume && fs::exists(manifest)) {
    if (slurp(manifest) != fingerprint_)
      throw CheckpointError("checkpoint " + dir_ +
                            " belongs to a different run (scenario, seed, draws or build differ); "
                            "remove it or run without --resume");
    for (const auto& e : fs::directory_iterator(dir_)) {
      const std::string name = e.path().filename().string();
      if (name.rfind("cell-", 0) != 0 || e.path().extension() != ".bin") continue;
      const std::string bytes = slurp(e.path().string());
      mc::CellResult r;
      if (bytes.size() < sizeof magic + sizeof(mc::CellSummary) + sizeof(std::uint64_t) ||
          std::memcmp(bytes.data(), magic, sizeof magic) != 0)
        continue;  // damaged: recompute the cell
      std::memcpy(&r.summary, bytes.data() + sizeof magic, sizeof r.summary);
      std::uint64_t n = 0;
      std::memcpy(&n, bytes.data() + sizeof magic + sizeof r.summary, sizeof n);
      const std::size_t head = sizeof magic + sizeof r.summary + sizeof n;
      if (bytes.size() != head + n * sizeof(double)) continue;
      r.per_draw.resize(n);
      if (n) std::memcpy(r.per_draw.data(), bytes.data() + head, n * sizeof(double));
      done.emplace(r.summary.cell, std::move(r));
    }
    return done;
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
  errno = 0;
  if (!fs::create_directories(dir_, ec)) {
    errno = ec.value();  // fail() appends the reason once
    fail("cannot create the directory", dir_);
  }
  write_atomically(manifest, fingerprint_);
  return done;
}

void Checkpoint::save(const mc::CellResult& cell) const {
  std::string bytes(magic, sizeof magic);
  bytes.append(reinterpret_cast<const char*>(&cell.summary), sizeof cell.summary);
  const std::uint64_t n = cell.per_draw.size();
  bytes.append(reinterpret_cast<const char*>(&n), sizeof n);
  bytes.append(reinterpret_cast<const char*>(cell.per_draw.data()), n * sizeof(double));
  write_atomically(cell_file(dir_, cell.summary.cell), bytes);
}

void Checkpoint::remove() const {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

}  // namespace detsim
