#pragma once
// Structural parameters of EDSG-1 (MODEL.md §4.2). Names follow the scenario keys;
// defaults are the unified baseline (UB).
#include <cmath>
#include <limits>

namespace detsim {

struct StructuralParameters {
  double challenger_strength = 1.0;            // K_C > 0
  double allied_strength = 3.0;                // K_A > 0
  double visibility_power = 1.0;               // g_s >= 0: strategic assets add to joint-war strength
  double patron_war_cost_base = 0.1;           // c_0 >= 0
  double patron_war_cost_ground = 0.4;         // c_1 >= 0: extra cost of US ground forces, scaled by 1-b
  double audience_cost_treaty = 0.0;           // a_0 >= 0: cost of backing down from the treaty alone
  double audience_cost_warning = 0.4;          // a_w >= 0: extra cost of backing down after a warning
  double escalation_logit_base = -3.0;         // l_0
  double escalation_logit_visibility = 1.0;    // l_s
  double escalation_logit_warning = 0.0;       // l_w (declaratory channel; keep 0 under standard theory)
  double escalation_logit_burden = 0.0;        // l_b
  // pi override in [0,1]; NaN means "not set: use the logistic in the levers".
  double escalation_probability = std::numeric_limits<double>::quiet_NaN();
  double tripwire_visibility = 0.05;           // tau_s
  double tripwire_ground = 0.1;                // tau_b
  double patron_nuclear_cost = 2.0;            // kappa_P
  double challenger_nuclear_cost = 5.0;        // kappa_C0
  double challenger_nuclear_cost_warning = 0.0;  // kappa_Cw (declaratory channel)
  double challenger_cost_ratio_alone = 0.8;    // psi in [0,1]
  double challenger_backdown_cost = std::numeric_limits<double>::infinity();  // beta_C; inf = never backs down
  double visibility_cost = 0.05;               // m_s: sunk cost per unit of visibility
  double signal_visibility = 1.0;              // s-bar: visibility shown in sinking-costs mode

  bool has_escalation_override() const { return !std::isnan(escalation_probability); }
  bool challenger_can_back_down() const { return std::isfinite(challenger_backdown_cost); }
  // A3 of MODEL.md §4.4: the warning does not move pi or kappa_C.
  bool warning_is_pure_tying_hands() const {
    return escalation_logit_warning == 0.0 && challenger_nuclear_cost_warning == 0.0;
  }
};

}  // namespace detsim
