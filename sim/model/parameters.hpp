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
  // Olson–Zeckhauser channel (MODEL.md §2.3): K_A(b) = K_A (1 + eta (b - b_ref)); eta = 0 is pure reallocation.
  double allied_strength_burden_elasticity = 0.0;  // eta; eta < 0: free-riding makes the alliance weaker
  double burden_reference = 0.5;                    // b_ref in [0, 1]: the share at which K_A(b) = K_A
  // Endogenous burden share (MODEL.md §2.2), used when burden_from_provision: each ally i gives
  // x_i = max(0, y_i - r_i X) to the common defence, r_i = alpha_i / (1 - alpha_i), and b = x_R / X.
  bool burden_from_provision = false;  // scenario: levers.burden = "olson-zeckhauser"
  double patron_income = 10.0;         // y_P > 0
  double protege_income = 2.0;         // y_R > 0
  double patron_private_weight = 0.9;  // alpha_P in (0, 1): weight on private consumption
  double protege_private_weight = 0.6; // alpha_R in (0, 1)

  bool has_escalation_override() const { return !std::isnan(escalation_probability); }
  bool challenger_can_back_down() const { return std::isfinite(challenger_backdown_cost); }
  // A3 of MODEL.md §4.4: the warning does not move pi or kappa_C.
  bool warning_is_pure_tying_hands() const {
    return escalation_logit_warning == 0.0 && challenger_nuclear_cost_warning == 0.0;
  }
};

}  // namespace detsim
