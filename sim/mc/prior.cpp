#include "mc/prior.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>

namespace detsim::mc {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
// u comes on the 2^-53 grid in [0, 1); keep it off 0 and 1 where a quantile is infinite.
constexpr double u_min = 0x1.0p-54;
constexpr double u_max = 1.0 - 0x1.0p-53;

double phi_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }  // 0 and 1 at -+inf
double phi_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }
// Inverse of phi_cdf, -+inf at 0 and 1; erfc_inv keeps relative accuracy in the lower tail.
double phi_inv(double p) {
  if (!(p > 0.0)) return -inf;
  if (!(p < 1.0)) return inf;
  return -std::sqrt(2.0) * boost::math::erfc_inv(2.0 * p);
}

std::string num(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

void need_bounds(const char* kind, double lo, double hi, bool allow_infinite) {
  if (std::isnan(lo) || std::isnan(hi) || (!allow_infinite && !(std::isfinite(lo) && std::isfinite(hi))))
    bad(std::string(kind) + " prior needs " + (allow_infinite ? "" : "finite ") + "bounds, got [" + num(lo) +
        ", " + num(hi) + "]");
  if (!(lo < hi)) bad(std::string(kind) + " prior needs lo < hi, got [" + num(lo) + ", " + num(hi) + "]");
}

void need_scale(const char* kind, const char* name, double mu, double sd) {
  if (!std::isfinite(mu)) bad(std::string(kind) + " prior needs a finite mean, got " + num(mu));
  if (!(sd > 0.0) || !std::isfinite(sd))
    bad(std::string(kind) + " prior needs " + name + " > 0 and finite, got " + num(sd));
}

}  // namespace

Prior Prior::fixed(double value) {
  Prior p;
  p.a_ = p.lo_ = p.hi_ = value;
  return p;
}

Prior Prior::uniform(double lo, double hi) {
  need_bounds("uniform", lo, hi, false);
  Prior p;
  p.kind_ = PriorKind::uniform;
  p.a_ = p.lo_ = lo;
  p.b_ = p.hi_ = hi;
  return p;
}

Prior Prior::normal(double mu, double sd) {
  need_scale("normal", "sd", mu, sd);
  Prior p;
  p.kind_ = PriorKind::normal;
  p.a_ = mu;
  p.b_ = sd;
  p.lo_ = -inf;
  p.hi_ = inf;
  return p;
}

Prior Prior::truncated_normal(double mu, double sd, double lo, double hi) {
  need_scale("truncated normal", "sd", mu, sd);
  need_bounds("truncated normal", lo, hi, true);
  Prior p;
  p.kind_ = PriorKind::truncated_normal;
  p.a_ = mu;
  p.b_ = sd;
  p.lo_ = lo;
  p.hi_ = hi;
  const double za = (lo - mu) / sd, zb = (hi - mu) / sd;
  // Phi(z) near 1 has absolute precision only; when the interval sits mostly above the mean (or
  // reaches +inf), work with -z, whose probabilities are small and exact.
  p.reflect_ = za + zb > 0.0;
  p.p_lo_ = p.reflect_ ? phi_cdf(-za) : phi_cdf(za);
  p.p_mass_ = p.reflect_ ? phi_cdf(-za) - phi_cdf(-zb) : phi_cdf(zb) - phi_cdf(za);
  if (!(p.p_mass_ > 0.0))
    bad("truncated normal prior has no probability mass on [" + num(lo) + ", " + num(hi) + "] (" +
        num(std::min(std::abs(za), std::abs(zb))) + " sd from the mean)");
  return p;
}

Prior Prior::beta(double a, double b, double lo, double hi) {
  if (!(a > 0.0 && b > 0.0 && std::isfinite(a) && std::isfinite(b)))
    bad("beta prior needs shape parameters a > 0 and b > 0, got (" + num(a) + ", " + num(b) + ")");
  need_bounds("beta", lo, hi, false);
  Prior p;
  p.kind_ = PriorKind::beta;
  p.a_ = a;
  p.b_ = b;
  p.lo_ = lo;
  p.hi_ = hi;
  return p;
}

Prior Prior::lognormal(double mu, double sigma) {
  need_scale("lognormal", "sigma", mu, sigma);
  Prior p;
  p.kind_ = PriorKind::lognormal;
  p.a_ = mu;
  p.b_ = sigma;
  p.lo_ = 0.0;
  p.hi_ = inf;
  return p;
}

Prior Prior::discrete(std::span<const double> values, std::span<const double> weights) {
  if (values.empty() || values.size() > max_discrete)
    bad("discrete prior needs 1 to " + std::to_string(max_discrete) + " values, got " +
        std::to_string(values.size()));
  if (weights.size() != values.size())
    bad("discrete prior has " + std::to_string(values.size()) + " values but " +
        std::to_string(weights.size()) + " weights");
  Prior p;
  p.kind_ = PriorKind::discrete;
  p.n_ = values.size();
  std::array<std::size_t, max_discrete> order{};
  std::iota(order.begin(), order.begin() + p.n_, std::size_t{0});
  double total = 0.0;
  for (std::size_t i = 0; i < p.n_; ++i) {
    if (std::isnan(values[i])) bad("discrete prior value " + std::to_string(i + 1) + " is NaN");
    if (!(weights[i] > 0.0) || !std::isfinite(weights[i]))
      bad("discrete prior weight " + std::to_string(i + 1) + " must be positive and finite, got " +
          num(weights[i]));
    total += weights[i];
  }
  // Sorted ascending so that sample() is a true quantile function (monotone in u).
  std::sort(order.begin(), order.begin() + p.n_, [&](std::size_t i, std::size_t j) { return values[i] < values[j]; });
  double run = 0.0;
  for (std::size_t i = 0; i < p.n_; ++i) {
    p.values_[i] = values[order[i]];
    p.probs_[i] = weights[order[i]] / total;
    run += weights[order[i]];
    p.cum_[i] = run / total;
    if (i > 0 && p.values_[i] == p.values_[i - 1]) bad("discrete prior lists the value " + num(p.values_[i]) + " twice");
  }
  p.cum_[p.n_ - 1] = 1.0;
  p.lo_ = p.values_[0];
  p.hi_ = p.values_[p.n_ - 1];
  p.a_ = p.lo_;
  p.b_ = p.hi_;
  return p;
}

double Prior::sample_general(double u) const {
  u = std::clamp(u, 0.0, u_max);
  switch (kind_) {
    case PriorKind::fixed:
      return a_;
    case PriorKind::uniform:
      return std::min(lo_ + u * (hi_ - lo_), hi_);
    case PriorKind::normal:
      return a_ + b_ * phi_inv(std::max(u, u_min));
    case PriorKind::truncated_normal: {
      if (!std::isfinite(lo_) || !std::isfinite(hi_)) u = std::max(u, u_min);
      const double s = reflect_ ? -1.0 : 1.0;
      const double z = s * phi_inv(p_lo_ + s * u * p_mass_);
      return std::clamp(a_ + b_ * z, lo_, hi_);
    }
    case PriorKind::beta:
      return std::clamp(lo_ + (hi_ - lo_) * boost::math::ibeta_inv(a_, b_, u), lo_, hi_);
    case PriorKind::lognormal:
      return boost::math::quantile(boost::math::lognormal_distribution<double>(a_, b_), std::max(u, u_min));
    case PriorKind::discrete: {
      std::size_t i = 0;
      for (std::size_t j = 0; j + 1 < n_; ++j) i += cum_[j] <= u;
      return values_[i];
    }
  }
  return a_;
}

double Prior::central() const {
  switch (kind_) {
    case PriorKind::fixed:
      return a_;
    case PriorKind::uniform:
      return 0.5 * (lo_ + hi_);
    case PriorKind::normal:
      return a_;
    case PriorKind::truncated_normal: {
      const double za = (lo_ - a_) / b_, zb = (hi_ - a_) / b_;
      return std::clamp(a_ + b_ * (phi_pdf(za) - phi_pdf(zb)) / p_mass_, lo_, hi_);
    }
    case PriorKind::beta:
      return lo_ + (hi_ - lo_) * a_ / (a_ + b_);
    case PriorKind::lognormal:
      return std::exp(a_ + 0.5 * b_ * b_);
    case PriorKind::discrete: {
      double m = 0.0;
      for (std::size_t i = 0; i < n_; ++i) m += probs_[i] * values_[i];
      return m;
    }
  }
  return a_;
}

Support Prior::support() const {
  switch (kind_) {
    case PriorKind::normal:
      return {-inf, inf, true, true};
    case PriorKind::lognormal:
      return {0.0, inf, true, true};
    case PriorKind::truncated_normal:
      return {lo_, hi_, std::isinf(lo_), std::isinf(hi_)};
    default:
      return {lo_, hi_, false, false};
  }
}

bool Prior::within(double lo, double hi, bool lo_open, bool hi_open) const {
  const Support s = support();
  const bool lo_ok = s.lo > lo || (s.lo == lo && (!lo_open || s.lo_open));
  const bool hi_ok = s.hi < hi || (s.hi == hi && (!hi_open || s.hi_open));
  return lo_ok && hi_ok;
}

std::string Prior::describe() const {
  switch (kind_) {
    case PriorKind::fixed:
      return num(a_);
    case PriorKind::uniform:
      return "uniform[" + num(lo_) + ", " + num(hi_) + "]";
    case PriorKind::normal:
      return "normal(" + num(a_) + ", " + num(b_) + ")";
    case PriorKind::truncated_normal:
      return "normal(" + num(a_) + ", " + num(b_) + ") truncated to [" + num(lo_) + ", " + num(hi_) + "]";
    case PriorKind::beta: {
      std::string s = "beta(" + num(a_) + ", " + num(b_) + ")";
      if (lo_ != 0.0 || hi_ != 1.0) s += " on [" + num(lo_) + ", " + num(hi_) + "]";
      return s;
    }
    case PriorKind::lognormal:
      return "lognormal(" + num(a_) + ", " + num(b_) + ") of the log";
    case PriorKind::discrete: {
      std::string s = "discrete{";
      for (std::size_t i = 0; i < n_; ++i) s += (i ? ", " : "") + num(values_[i]) + ": " + num(probs_[i]);
      return s + "}";
    }
  }
  return {};
}

}  // namespace detsim::mc
