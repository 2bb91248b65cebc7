#include "mc/prior_table.hpp"

#include <omp.h>

#include "mc/rng.hpp"

namespace detsim::mc {

const double* PriorTable::column(std::size_t slot) const {
  for (std::size_t j = 0; j < slots_.size(); ++j)
    if (slots_[j] == slot) return columns_[j].data();
  return nullptr;
}

PriorTable PriorTable::build(const RunSpec& spec, std::size_t max_bytes, int threads, const std::atomic<bool>* stop) {
  PriorTable t;
  std::vector<const UncertainParameter*> costly;
  for (const UncertainParameter& u : spec.uncertain)
    if (!spec.axis_sets(u.member) && u.prior.kind() != PriorKind::uniform && !u.prior.is_fixed()) costly.push_back(&u);
  if (costly.empty() || spec.draws == 0) return t;
  const double bytes = static_cast<double>(spec.draws) * static_cast<double>(costly.size()) * sizeof(double);
  if (bytes > static_cast<double>(max_bytes)) return t;
  t.draws_ = spec.draws;
  for (const UncertainParameter* u : costly) {
    t.slots_.push_back(u->slot);
    t.columns_.emplace_back(spec.draws);
  }
  const auto n = static_cast<std::int64_t>(spec.draws);
  bool stopped = false;
#pragma omp parallel for schedule(static, 4096) num_threads(threads > 0 ? threads : omp_get_max_threads()) reduction(|| : stopped)
  for (std::int64_t i = 0; i < n; ++i) {
    if (stopped || (i % 4096 == 0 && stop && stop->load(std::memory_order_relaxed))) {
      stopped = true;
      continue;
    }
    // As the engine's Sampler: word (slot % 4) of block (slot / 4), game 0, purpose parameter_prior.
    for (std::size_t j = 0; j < costly.size(); ++j) {
      const std::size_t slot = costly[j]->slot;
      const Block b = philox_block(spec.seed, static_cast<std::uint64_t>(i), 0, Purpose::parameter_prior, slot >> 2);
      t.columns_[j][static_cast<std::size_t>(i)] = costly[j]->prior.sample(u01(b[slot & 3]));
    }
  }
  if (stopped) return PriorTable{};
  return t;
}

}  // namespace detsim::mc
