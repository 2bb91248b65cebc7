#include "model/reduced_form.hpp"

#include "model/burden.hpp"

namespace detsim {

double burden_share(const StructuralParameters& p, const Levers& l) {
  if (!p.burden_from_provision) return l.burden;
  return endogenous_burden_share(p.patron_income, p.patron_private_weight, p.protege_income, p.protege_private_weight);
}

ReducedForm reduce(const StructuralParameters& p, const Levers& l) { return reduce_at(p, l, burden_share(p, l)); }

}  // namespace detsim
