#include "model/distribution.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace detsim {
namespace {

using boost::math::beta_distribution;
using boost::math::normal_distribution;

// Boost.Math would throw on out-of-domain arguments; ours are clipped first, so errors here are bugs.
double std_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double std_normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI); }

}  // namespace

TypeDistribution::TypeDistribution(DistributionKind kind, double a, double b, double lo, double hi)
    : kind_(kind), a_(a), b_(b), lo_(lo), hi_(hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi))
    throw std::invalid_argument("type distribution needs finite bounds lo < hi");
  inv_width_ = 1.0 / (hi - lo);
  if (kind == DistributionKind::truncated_normal) {
    if (!std::isfinite(a) || !std::isfinite(b) || !(b > 0))
      throw std::invalid_argument("truncated normal needs a finite mean and sd > 0");
    z_lo_ = std_normal_cdf((lo - a) / b);
    z_mass_ = std_normal_cdf((hi - a) / b) - z_lo_;
    if (!(z_mass_ > 0)) throw std::invalid_argument("truncated normal has no mass on [lo, hi]");
  }
  if (kind == DistributionKind::scaled_beta && !(std::isfinite(a) && std::isfinite(b) && a > 0 && b > 0))
    throw std::invalid_argument("scaled beta needs shape parameters > 0");
}

TypeDistribution TypeDistribution::uniform(double lo, double hi) {
  return TypeDistribution(DistributionKind::uniform, 0, 0, lo, hi);
}
TypeDistribution TypeDistribution::truncated_normal(double mean, double sd, double lo, double hi) {
  return TypeDistribution(DistributionKind::truncated_normal, mean, sd, lo, hi);
}
TypeDistribution TypeDistribution::scaled_beta(double alpha, double beta, double lo, double hi) {
  return TypeDistribution(DistributionKind::scaled_beta, alpha, beta, lo, hi);
}

double TypeDistribution::cdf_general(double x) const {
  if (!(x > lo_)) return 0.0;
  if (!(x < hi_)) return 1.0;
  if (kind_ == DistributionKind::truncated_normal)
    return std::clamp((std_normal_cdf((x - a_) / b_) - z_lo_) / z_mass_, 0.0, 1.0);
  return boost::math::cdf(beta_distribution<double>(a_, b_), (x - lo_) * inv_width_);
}

double TypeDistribution::pdf(double x) const {
  if (x < lo_ || x > hi_) return 0.0;
  switch (kind_) {
    case DistributionKind::uniform:
      return inv_width_;
    case DistributionKind::truncated_normal:
      return std_normal_pdf((x - a_) / b_) / (b_ * z_mass_);
    case DistributionKind::scaled_beta: {
      const double u = (x - lo_) * inv_width_;
      if ((u == 0.0 && a_ < 1) || (u == 1.0 && b_ < 1)) return std::numeric_limits<double>::infinity();
      return boost::math::pdf(beta_distribution<double>(a_, b_), u) * inv_width_;
    }
  }
  return 0.0;
}

double TypeDistribution::quantile(double p) const {
  p = std::clamp(p, 0.0, 1.0);
  switch (kind_) {
    case DistributionKind::uniform:
      return lo_ + p * (hi_ - lo_);
    case DistributionKind::truncated_normal: {
      const double target = std::clamp(z_lo_ + p * z_mass_, 0.0, 1.0);
      if (target <= 0.0) return lo_;
      if (target >= 1.0) return hi_;
      const double z = boost::math::quantile(normal_distribution<double>(0.0, 1.0), target);
      return std::clamp(a_ + b_ * z, lo_, hi_);
    }
    case DistributionKind::scaled_beta:
      return lo_ + (hi_ - lo_) * boost::math::quantile(beta_distribution<double>(a_, b_), p);
  }
  return lo_;
}

double TypeDistribution::partial_mean_general(double a, double b) const {
  a = std::max(a, lo_);
  b = std::min(b, hi_);
  if (!(a < b)) return 0.0;
  switch (kind_) {
    case DistributionKind::uniform:
      return 0.5 * (b * b - a * a) * inv_width_;
    case DistributionKind::truncated_normal: {
      // E[t 1{a<=t<=b}] = [mu (Phi(zb)-Phi(za)) - sd (phi(zb)-phi(za))] / mass
      const double za = (a - a_) / b_, zb = (b - a_) / b_;
      return (a_ * (std_normal_cdf(zb) - std_normal_cdf(za)) - b_ * (std_normal_pdf(zb) - std_normal_pdf(za))) /
             z_mass_;
    }
    case DistributionKind::scaled_beta: {
      // t = lo + w u with u ~ Beta(al, be); E[u 1{..}] = al/(al+be) * [I(al+1, be)] differences.
      const double ua = (a - lo_) * inv_width_, ub = (b - lo_) * inv_width_;
      const double mass = cdf(b) - cdf(a);
      const double u_part =
          a_ / (a_ + b_) * (boost::math::ibeta(a_ + 1, b_, ub) - boost::math::ibeta(a_ + 1, b_, ua));
      return lo_ * mass + (hi_ - lo_) * u_part;
    }
  }
  return 0.0;
}

std::string TypeDistribution::describe() const {
  std::ostringstream s;
  s.precision(6);
  switch (kind_) {
    case DistributionKind::uniform:
      s << "uniform[" << lo_ << ", " << hi_ << "]";
      break;
    case DistributionKind::truncated_normal:
      s << "normal(" << a_ << ", " << b_ << ") truncated to [" << lo_ << ", " << hi_ << "]";
      break;
    case DistributionKind::scaled_beta:
      s << "beta(" << a_ << ", " << b_ << ") scaled to [" << lo_ << ", " << hi_ << "]";
      break;
  }
  return s.str();
}

}  // namespace detsim
