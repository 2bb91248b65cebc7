"""Independent reference implementation of the EDSG-1 model (MODEL.md sections 4.1-4.7).

Written from the specification only, to cross-check the C++ `detsim` solver.
Clarity over speed; standard library only (Python 3.11).

Main entry points
    reduce(params, levers)                      reduced form of section 4.2
    Uniform, TruncNormal                        type distributions (cdf, partial mean)
    solve_policy(R, F, G)                       policy-mode subgame (4.5 / 4.5.1)
    policy_mode(params, levers, F, G)           policy mode with all measures
    solve_signalling(mode, params, levers, F, G, variant)   TH / SC modes (4.6, 4.7), brute force
    solve(mode, params, levers, F, G, variant)  a dict with the keys of `detsim solve --json`
"""

import math

INF = math.inf
ZERO_TOL = 1e-12      # |Phi| <= ZERO_TOL counts as a zero (tangencies, flat stretches)
ROOT_TOL = 1e-14      # bisection width for signalling cutoffs
FP_TOL = 1e-15        # bisection width for the beta_C fixed point
FP_ACCEPT = 1e-12     # |T(phi) - phi| accepted as a pure fixed point

# ---------------------------------------------------------------------------------------------
# Defaults: the UB column of the appendix of MODEL.md
# ---------------------------------------------------------------------------------------------

DEFAULT_PARAMS = {
    "challenger_strength": 1.0,             # K_C
    "allied_strength": 3.0,                 # K_A
    "visibility_power": 1.0,                # g_s
    "patron_war_cost_base": 0.1,            # c_0
    "patron_war_cost_ground": 0.4,          # c_1
    "audience_cost_treaty": 0.0,            # a_0
    "audience_cost_warning": 0.4,           # a_w
    "escalation_logit_base": -3.0,          # l_0
    "escalation_logit_visibility": 1.0,     # l_s
    "escalation_logit_warning": 0.0,        # l_w
    "escalation_logit_burden": 0.0,         # l_b
    "escalation_probability": None,         # pi override (None = logistic)
    "tripwire_visibility": 0.05,            # tau_s
    "tripwire_ground": 0.1,                 # tau_b
    "patron_nuclear_cost": 2.0,             # kappa_P
    "challenger_nuclear_cost": 5.0,         # kappa_C0
    "challenger_nuclear_cost_warning": 0.0,  # kappa_Cw
    "challenger_cost_ratio_alone": 0.8,     # psi
    "challenger_backdown_cost": INF,        # beta_C
    "visibility_cost": 0.05,                # m_s
    "signal_visibility": 1.0,               # s-bar (SC mode)
    "allied_strength_burden_elasticity": 0.0,  # eta: K_A(b) = K_A (1 + eta (b - b_ref))
    "burden_reference": 0.5,                # b_ref
    "patron_income": 10.0,                  # y_P (levers.burden = "olson-zeckhauser")
    "protege_income": 2.0,                  # y_R
    "patron_private_weight": 0.9,           # alpha_P
    "protege_private_weight": 0.6,          # alpha_R
}

DEFAULT_LEVERS = {"warning": 0.0, "visibility": 0.5, "burden": 0.5}


def logistic(x):
    """Lambda(x) = 1/(1+exp(-x))."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


# ---------------------------------------------------------------------------------------------
# Type distributions
# ---------------------------------------------------------------------------------------------

class Uniform:
    """U[lo, hi]; cdf clipped to [0, 1]."""

    def __init__(self, lo, hi):
        lo, hi = float(lo), float(hi)
        if not hi >= lo:
            raise ValueError("uniform: reversed bounds [%r, %r]" % (lo, hi))
        self.lo, self.hi = lo, hi

    def cdf(self, x):
        if self.hi == self.lo:
            return 1.0 if x >= self.lo else 0.0
        if x <= self.lo:
            return 0.0
        if x >= self.hi:
            return 1.0
        return (x - self.lo) / (self.hi - self.lo)

    def mass(self, a, b):
        """Pr(a <= v <= b)."""
        return max(0.0, self.cdf(b) - self.cdf(a))

    def partial_mean(self, a, b):
        """Integral of x dF over [a, b]."""
        a, b = max(a, self.lo), min(b, self.hi)
        if not b > a:
            return 0.0
        return (b * b - a * a) / (2.0 * (self.hi - self.lo))

    def sf_ge(self, x):
        """Pr(v >= x)."""
        return 1.0 - self.cdf(x)

    def __repr__(self):
        return "Uniform(%r, %r)" % (self.lo, self.hi)


def _std_normal_cdf(z):
    if z == INF:
        return 1.0
    if z == -INF:
        return 0.0
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def _std_normal_pdf(z):
    if z in (INF, -INF):
        return 0.0
    return math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)


class TruncNormal:
    """Normal(mean, sd) truncated to [lo, hi] (lo/hi may be infinite)."""

    def __init__(self, mean, sd, lo=-INF, hi=INF):
        self.mean, self.sd, self.lo, self.hi = float(mean), float(sd), float(lo), float(hi)
        if not (self.sd > 0 and self.hi > self.lo):
            raise ValueError("truncated normal: bad parameters")
        self._Plo = _std_normal_cdf((self.lo - self.mean) / self.sd)
        self._Z = _std_normal_cdf((self.hi - self.mean) / self.sd) - self._Plo
        if not self._Z > 0:
            raise ValueError("truncated normal: no mass in [lo, hi]")

    def cdf(self, x):
        if x <= self.lo:
            return 0.0
        if x >= self.hi:
            return 1.0
        v = (_std_normal_cdf((x - self.mean) / self.sd) - self._Plo) / self._Z
        return min(1.0, max(0.0, v))

    def mass(self, a, b):
        return max(0.0, self.cdf(b) - self.cdf(a))

    def partial_mean(self, a, b):
        a, b = max(a, self.lo), min(b, self.hi)
        if not b > a:
            return 0.0
        za, zb = (a - self.mean) / self.sd, (b - self.mean) / self.sd
        return (self.mean * (_std_normal_cdf(zb) - _std_normal_cdf(za))
                - self.sd * (_std_normal_pdf(zb) - _std_normal_pdf(za))) / self._Z

    def sf_ge(self, x):
        return 1.0 - self.cdf(x)

    def __repr__(self):
        return "TruncNormal(%r, %r, %r, %r)" % (self.mean, self.sd, self.lo, self.hi)


class Truncated:
    """Belief: continuous base distribution restricted to [L, H] (a signalling branch)."""

    def __init__(self, base, L, H):
        self.base, self.L, self.H = base, L, H
        self.Z = base.cdf(H) - base.cdf(L)
        if not self.Z > 0:
            raise ValueError("empty truncation")

    def sf_ge(self, x):
        if x > self.H:
            return 0.0
        if x <= self.L:
            return 1.0
        return min(1.0, max(0.0, (self.base.cdf(self.H) - self.base.cdf(x)) / self.Z))


class PointMass:
    """Belief concentrated on one type (D1 off-path beliefs at boundary cutoffs)."""

    def __init__(self, v0):
        self.v0 = v0

    def sf_ge(self, x):
        return 1.0 if self.v0 >= x else 0.0


def make_dist(spec):
    """Build a distribution from a scenario-like spec: {'uniform': [lo, hi]} or
    {'normal': [mean, sd], 'lo':..., 'hi':...} / a ready object."""
    if hasattr(spec, "cdf"):
        return spec
    if "uniform" in spec:
        lo, hi = spec["uniform"]
        return Uniform(lo, hi)
    if "normal" in spec:
        mu, sd = spec["normal"]
        return TruncNormal(mu, sd, spec.get("lo", -INF), spec.get("hi", INF))
    raise ValueError("unknown distribution spec %r" % (spec,))


def support(F):
    return F.lo, F.hi


# ---------------------------------------------------------------------------------------------
# Section 4.2: structural layer -> reduced form
# ---------------------------------------------------------------------------------------------

def _num(x):
    if isinstance(x, bool):
        return 1.0 if x else 0.0
    return float(x)


def provision_share(y_P, alpha_P, y_R, alpha_R):
    """Olson-Zeckhauser (MODEL.md 2.2) by a different route than detsim's: the total X is the unique
    root of X = sum_i max(0, y_i - r_i X) (the right side falls in X), found by bisection."""
    r_P, r_R = alpha_P / (1 - alpha_P), alpha_R / (1 - alpha_R)
    excess = lambda X: max(0.0, y_P - r_P * X) + max(0.0, y_R - r_R * X) - X
    lo, hi = 0.0, y_P + y_R
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if excess(mid) > 0:
            lo = mid
        else:
            hi = mid
    X = 0.5 * (lo + hi)
    return min(1.0, max(0.0, y_R - r_R * X) / X)  # bisection rounding can overshoot 1 by an ulp


def reduce(params=None, levers=None):
    """Reduced form of MODEL.md 4.2 for given parameters (scenario key names) and levers."""
    P = dict(DEFAULT_PARAMS)
    P.update(params or {})
    L = dict(DEFAULT_LEVERS)
    L.update(levers or {})
    if L["burden"] == "olson-zeckhauser":
        L["burden"] = provision_share(_num(P["patron_income"]), _num(P["patron_private_weight"]),
                                      _num(P["protege_income"]), _num(P["protege_private_weight"]))
    w, s, b = _num(L["warning"]), _num(L["visibility"]), _num(L["burden"])
    for name, val in (("warning", w), ("visibility", s), ("burden", b)):
        if not 0.0 <= val <= 1.0:
            raise ValueError("lever %s = %r outside [0, 1]" % (name, val))
    K_C, K_A, g_s = _num(P["challenger_strength"]), _num(P["allied_strength"]), _num(P["visibility_power"])
    K_A *= 1.0 + _num(P["allied_strength_burden_elasticity"]) * (b - _num(P["burden_reference"]))
    if not K_A > 0:
        raise ValueError("allied strength K_A(b) <= 0")
    c_0, c_1 = _num(P["patron_war_cost_base"]), _num(P["patron_war_cost_ground"])
    a_0, a_w = _num(P["audience_cost_treaty"]), _num(P["audience_cost_warning"])
    tau_s, tau_b = _num(P["tripwire_visibility"]), _num(P["tripwire_ground"])
    psi = _num(P["challenger_cost_ratio_alone"])
    beta = P["challenger_backdown_cost"]
    beta = INF if beta is None else _num(beta)

    if not 0.0 <= psi <= 1.0:
        raise ValueError("challenger_cost_ratio_alone (psi) = %r outside [0, 1]" % psi)
    if tau_s + tau_b > 1.0 or tau_s < 0 or tau_b < 0:
        raise ValueError("tripwire: need tau_s, tau_b >= 0 and tau_s + tau_b <= 1")
    if beta < 0:
        raise ValueError("challenger_backdown_cost < 0")

    p_J = K_C / (K_C + K_A + g_s * s)
    p_R = K_C / (K_C + b * K_A)
    c_P = c_0 + c_1 * (1.0 - b)
    a = a_0 + a_w * w
    if P["escalation_probability"] is None:
        pi = logistic(_num(P["escalation_logit_base"]) + _num(P["escalation_logit_visibility"]) * s
                      + _num(P["escalation_logit_warning"]) * w + _num(P["escalation_logit_burden"]) * b)
    else:
        pi = _num(P["escalation_probability"])
    if not 0.0 <= pi <= 1.0:
        raise ValueError("escalation probability outside [0, 1]")
    tau = tau_s * s + tau_b * (1.0 - b)
    kappa_P = _num(P["patron_nuclear_cost"])
    kappa_C = _num(P["challenger_nuclear_cost"]) + _num(P["challenger_nuclear_cost_warning"]) * w

    A_W = (1.0 - pi) * p_J
    X = (1.0 - pi) * c_P + pi * kappa_P
    return {
        "w": w, "s": s, "b": b,
        "p_J": p_J, "p_R": p_R, "c_P": c_P, "a": a, "pi": pi, "tau": tau,
        "kappa_P": kappa_P, "kappa_C": kappa_C, "psi": psi, "beta_C": beta,
        "A_W": A_W, "X": X, "Delta": p_R - A_W,
        "alpha_W": (1.0 - pi) * p_J - pi * kappa_C, "omega_W": 1.0 - pi,
        "m": _num(P["visibility_cost"]) * s,      # sunk cost m_s * s of this branch/policy
    }


# ---------------------------------------------------------------------------------------------
# Payoffs (4.3)
# ---------------------------------------------------------------------------------------------

def W_of(R, v):
    """Patron's joint-war payoff W(v) = -A_W v - X."""
    return -R["A_W"] * v - R["X"]


def B_of(R, v):
    """Patron's back-down payoff B(v; a) = -p_R v - a."""
    return -R["p_R"] * v - R["a"]


def V_c(R, v, phi):
    """Patron's continuation once challenged: tau W + (1-tau) max(phi W, B)."""
    W = W_of(R, v)
    return R["tau"] * W + (1.0 - R["tau"]) * max(phi * W, B_of(R, v))


def resist_cutoff(R, phi=1.0):
    """v_F(phi) = (phi X - a)/(p_R - phi A_W); P resists iff v >= v_F. +-inf if the denominator is 0."""
    num = phi * R["X"] - R["a"]
    den = R["p_R"] - phi * R["A_W"]
    if den > 0:
        return num / den
    if den == 0:
        # P's preference does not depend on v: resists iff phi X <= a (Delta = 0 case of A1)
        return -INF if num <= 0 else INF
    raise ValueError("p_R - phi*A_W < 0: assumption A1 violated")


# ---------------------------------------------------------------------------------------------
# Section 4.5 / 4.5.1: the policy-mode subgame given a belief about v
# ---------------------------------------------------------------------------------------------

def _div_or_inf(num, den):
    """num/den for den > 0; for den == 0 the payoff is constant: +inf if num >= 0 else -inf."""
    if den > 0:
        return num / den
    if den == 0:
        return INF if num >= 0 else -INF
    raise ValueError("negative slope denominator")


def k_W_of(R):
    """C fights after resistance iff k <= k_W = (alpha_W + beta_C)/omega_W."""
    if R["beta_C"] == INF:
        return INF
    return _div_or_inf(R["alpha_W"] + R["beta_C"], R["omega_W"])


def psi_pieces(R, q):
    """C's challenge value Psi(k) as two linear pieces c0 - c1 k:
    piece a on k <= k_W (C fights after resistance), piece b on k > k_W (C backs down)."""
    tau = R["tau"]
    qt = tau + (1.0 - tau) * q
    a0 = qt * R["alpha_W"] + (1.0 - qt) * R["p_R"]
    a1 = qt * R["omega_W"] + (1.0 - qt) * R["psi"]
    if R["beta_C"] == INF:
        return (a0, a1), None
    b0 = tau * R["alpha_W"] + (1.0 - tau) * (-q * R["beta_C"] + (1.0 - q) * R["p_R"])
    b1 = tau * R["omega_W"] + (1.0 - tau) * (1.0 - q) * R["psi"]
    return (a0, a1), (b0, b1)


def challenge_cutoff(R, q):
    """k* given P's resistance probability q (4.5 step 2 and 4.5.1)."""
    (a0, a1), pb = psi_pieces(R, q)
    k_a = _div_or_inf(a0, a1)
    if pb is None:
        return k_a
    k_W = k_W_of(R)
    if k_a <= k_W:
        return k_a
    b0, b1 = pb
    if b1 > 0:
        return b0 / b1
    return INF          # spec: +inf when that denominator is 0


def _G_cdf(G, k):
    if k == INF:
        return 1.0
    if k == -INF:
        return 0.0
    return G.cdf(k)


def respond(R, q, G):
    """C's reply to credibility q: (k_star, gamma, phi)."""
    k = challenge_cutoff(R, q)
    gamma = _G_cdf(G, k)
    if R["beta_C"] == INF:
        return k, gamma, 1.0
    k_W = k_W_of(R)
    if gamma == 0.0:
        phi = 1.0 if G.lo <= k_W else 0.0
    else:
        phi = _G_cdf(G, min(k_W, k)) / gamma
    return k, gamma, phi


def solve_policy(R, F, G):
    """Policy-mode subgame for reduced form R, belief F about v (anything with sf_ge) and G about k.

    Returns dict(v_F, q, q_tilde, k_star, gamma, phi, case, residual, sigma)."""
    tau = R["tau"]
    if R["beta_C"] == INF:
        vF = resist_cutoff(R, 1.0)
        q = F.sf_ge(vF)
        k, gamma, phi = respond(R, q, G)
        return {"v_F": vF, "q": q, "q_tilde": tau + (1 - tau) * q, "k_star": k, "gamma": gamma,
                "phi": 1.0, "case": "closed form", "residual": 0.0, "sigma": None}

    def T(phi):
        q = F.sf_ge(resist_cutoff(R, phi))
        return respond(R, q, G)[2]

    def f(phi):
        return T(phi) - phi

    f0, f1 = f(0.0), f(1.0)
    if f0 <= 0.0:
        phi = 0.0
    elif f1 >= 0.0:
        phi = 1.0
    else:
        lo, hi, flo, fhi = 0.0, 1.0, f0, f1
        while hi - lo > FP_TOL:
            mid = 0.5 * (lo + hi)
            if mid <= lo or mid >= hi:
                break
            fm = f(mid)
            if fm > 0:
                lo, flo = mid, fm
            elif fm < 0:
                hi, fhi = mid, fm
            else:
                lo = hi = mid
                flo = fhi = 0.0
                break
        phi = lo if abs(flo) <= abs(fhi) else hi
    resid = abs(f(phi))
    if resid <= FP_ACCEPT:
        vF = resist_cutoff(R, phi)
        q = F.sf_ge(vF)
        k, gamma, phi_T = respond(R, q, G)
        return {"v_F": vF, "q": q, "q_tilde": tau + (1 - tau) * q, "k_star": k, "gamma": gamma,
                "phi": phi, "case": "fixed point", "residual": resid, "sigma": None}

    if tau == 0.0 and R["psi"] == 0.0 and isinstance(F, (Uniform, TruncNormal, Truncated)):
        # 4.5.1: no pure fixed point -> mixed equilibrium
        q_hat = R["p_R"] / (R["p_R"] + R["beta_C"])
        # phi_hat solves 1 - F(v_F(phi_hat)) = q_hat (q non-increasing in phi)
        lo, hi = 0.0, 1.0
        while hi - lo > FP_TOL:
            mid = 0.5 * (lo + hi)
            if mid <= lo or mid >= hi:
                break
            if F.sf_ge(resist_cutoff(R, mid)) > q_hat:
                lo = mid
            else:
                hi = mid
        phi_hat = 0.5 * (lo + hi)
        k_W = k_W_of(R)
        GW = _G_cdf(G, k_W)
        sigma = GW * (1 - phi_hat) / (phi_hat * (1 - GW))
        gamma = GW + sigma * (1 - GW)
        return {"v_F": resist_cutoff(R, phi_hat), "q": q_hat, "q_tilde": q_hat, "k_star": None,
                "gamma": gamma, "phi": phi_hat, "case": "mixed", "residual": resid, "sigma": sigma}

    # Not covered by the spec (e.g. point-mass beliefs with finite beta_C): report the bisection limit.
    vF = resist_cutoff(R, phi)
    q = F.sf_ge(vF)
    k, gamma, _ = respond(R, q, G)
    return {"v_F": vF, "q": q, "q_tilde": tau + (1 - tau) * q, "k_star": k, "gamma": gamma,
            "phi": phi, "case": "no pure fixed point", "residual": resid, "sigma": None}


# ---------------------------------------------------------------------------------------------
# Expected utilities
# ---------------------------------------------------------------------------------------------

def _lin_integral(D, c0, c1, lo, hi):
    """Integral of (c0 + c1 x) dD over [lo, hi] (may be infinite/empty)."""
    lo, hi = max(lo, D.lo), min(hi, D.hi)
    if not hi > lo:
        return 0.0
    return c0 * D.mass(lo, hi) + c1 * D.partial_mean(lo, hi)


def patron_value_integral(R, F, L, U, sub, m):
    """Integral over v in [L, U] of  -m + gamma * V_c(v)  dF, for the subgame result `sub`."""
    gamma, phi, vF, tau = sub["gamma"], sub["phi"], sub["v_F"], R["tau"]
    total = -m * F.mass(L, U)
    # tau * W(v) over all of [L, U]
    cont = tau * _lin_integral(F, -R["X"], -R["A_W"], L, U)
    # (1 - tau) * [ B(v) below v_F, phi W(v) at/above v_F ]
    cont += (1 - tau) * _lin_integral(F, -R["a"], -R["p_R"], L, min(U, vF))
    cont += (1 - tau) * phi * _lin_integral(F, -R["X"], -R["A_W"], max(L, vF), U)
    return total + gamma * cont


def challenger_eu(R, q, G):
    """E_k[max(0, Psi(k))] for credibility q (C challenges iff Psi >= 0)."""
    (a0, a1), pb = psi_pieces(R, q)
    k_W = k_W_of(R)
    total = 0.0
    # piece a: k <= k_W, Psi = a0 - a1 k, positive for k < a0/a1
    r = _div_or_inf(a0, a1)
    total += _lin_integral(G, a0, -a1, -INF, min(k_W, r))
    if pb is not None and k_W < INF:
        b0, b1 = pb
        r = _div_or_inf(b0, b1)
        if r > k_W:
            total += _lin_integral(G, b0, -b1, k_W, r)
    return total


# ---------------------------------------------------------------------------------------------
# Policy mode with all measures
# ---------------------------------------------------------------------------------------------

def _finite_or_none(x):
    if x is None or x in (INF, -INF):
        return None
    return x


def policy_outcomes(R, sub):
    """4.5 step 3 / 4.5.1 outcome probabilities."""
    gamma, q, phi, tau, pi = sub["gamma"], sub["q"], sub["phi"], R["tau"], R["pi"]
    war = gamma * (tau + (1 - tau) * q * phi)
    out = {
        "SQ": 1.0 - gamma,
        "REBUFFED": gamma * (1 - tau) * q * (1 - phi),
        "PBD": gamma * (1 - tau) * (1 - q),
        "CONV": (1 - pi) * war,
        "NUC": pi * war,
    }
    return out, war


def policy_mode(params, levers, F, G):
    R = reduce(params, levers)
    sub = solve_policy(R, F, G)
    out, war = policy_outcomes(R, sub)
    eu_p = patron_value_integral(R, F, F.lo, F.hi, sub, R["m"])
    eu_c = challenger_eu(R, sub["q"], G) if sub["case"] != "mixed" else _mixed_challenger_eu(R, sub, G)
    return {
        "mode": "policy", "case": sub["case"],
        "v_F": _finite_or_none(sub["v_F"]), "cutoff": None,
        "q": sub["q"], "q_tilde": sub["q_tilde"], "k_star": _finite_or_none(sub["k_star"]),
        "phi": sub["phi"], "p_challenge": sub["gamma"], "outcomes": out, "p_war": war,
        "bluff_rate": None, "p_challenge_given_warning": None, "p_challenge_given_omission": None,
        "v_F_warn": None, "v_F_omit": None, "n_equilibria": 1, "equilibria": None,
        "eu_patron": eu_p, "eu_challenger": eu_c,
        "sigma": sub["sigma"], "residual": sub["residual"], "reduced": R,
    }


def _mixed_challenger_eu(R, sub, G):
    # Types above k_W are indifferent (Psi = 0); only piece a contributes.
    return challenger_eu(R, sub["q"], G)


# ---------------------------------------------------------------------------------------------
# Section 4.6: signalling modes, brute force
# ---------------------------------------------------------------------------------------------

def branch_setup(mode, params, levers, variant="dual-role"):
    """(R_1, R_0, m_1, m_0) for the signalling branch 1 (warn / signal shown) and 0."""
    P = dict(DEFAULT_PARAMS)
    P.update(params or {})
    L = dict(DEFAULT_LEVERS)
    L.update(levers or {})
    if mode == "tying-hands":
        R1 = reduce(P, dict(L, warning=1.0))
        R0 = reduce(P, dict(L, warning=0.0))
        m = _num(P["visibility_cost"]) * _num(L["visibility"])
        return R1, R0, m, m
    if mode == "sinking-costs":
        sbar = _num(P["signal_visibility"])
        R1 = reduce(P, dict(L, visibility=sbar))
        if variant == "dual-role":
            R0 = reduce(P, dict(L, visibility=0.0))
        elif variant == "cost-only":
            R0 = reduce(P, dict(L, visibility=sbar))
        else:
            raise ValueError("unknown visibility_signal variant %r" % variant)
        return R1, R0, _num(P["visibility_cost"]) * sbar, 0.0
    raise ValueError("unknown signalling mode %r" % mode)


class SignallingContext:
    def __init__(self, R1, R0, m1, m0, F, G):
        self.R = (R0, R1)          # index by branch w
        self.m = (m0, m1)
        self.F, self.G = F, G
        self.v_lo, self.v_hi = F.lo, F.hi

    def beliefs(self, x):
        """C's beliefs (branch 0, branch 1) at cutoff x; D1 point masses at the boundaries."""
        F = self.F
        if x >= self.v_hi or F.mass(x, self.v_hi) <= 0.0:
            b1 = PointMass(self.v_hi)
        else:
            b1 = Truncated(F, x, self.v_hi)
        if x <= self.v_lo or F.mass(self.v_lo, x) <= 0.0:
            b0 = PointMass(self.v_lo)
        else:
            b0 = Truncated(F, self.v_lo, x)
        return b0, b1

    def subgames(self, x):
        b0, b1 = self.beliefs(x)
        return (solve_policy(self.R[0], b0, self.G), solve_policy(self.R[1], b1, self.G))

    def U(self, w, v, sub):
        """U_w(v) = -m_w + gamma_w V_c(v; branch w)."""
        return -self.m[w] + sub["gamma"] * V_c(self.R[w], v, sub["phi"])

    def Phi(self, x, subs=None):
        if subs is None:
            subs = self.subgames(x)
        return self.U(1, x, subs[1]) - self.U(0, x, subs[0])


def _sign(f):
    return (f > 0) - (f < 0)


def _bisect_root(fn, a, b, fa_sign):
    """Bisection for a sign change of fn on [a, b]; fa_sign is the (non-zero) sign at a."""
    while b - a > ROOT_TOL:
        mid = 0.5 * (a + b)
        if mid <= a or mid >= b:
            break
        if _sign(fn(mid)) == fa_sign:
            a = mid
        else:
            b = mid
    return 0.5 * (a + b)


def _bisect_flat_start(fn, a, b):
    """Leftmost point of a zero stretch: |fn(a)| > tol, |fn(b)| <= tol."""
    while b - a > ROOT_TOL:
        mid = 0.5 * (a + b)
        if mid <= a or mid >= b:
            break
        if abs(fn(mid)) <= ZERO_TOL:
            b = mid
        else:
            a = mid
    return b


def verify_cutoff(ctx, x, subs, tol=1e-9):
    """Best-response check: with C's replies fixed at cutoff x, types v >= x weakly prefer to signal
    and types v < x weakly prefer not to. D(v) = U_1(v) - U_0(v) is piecewise linear in v with kinks
    at the branches' resist cutoffs, so checking at the breakpoints suffices."""
    D = lambda v: ctx.U(1, v, subs[1]) - ctx.U(0, v, subs[0])
    kinks = [k for k in (subs[0]["v_F"], subs[1]["v_F"]) if ctx.v_lo < k < ctx.v_hi]
    lower = [ctx.v_lo, x] + [k for k in kinks if k < x]
    upper = [x, ctx.v_hi] + [k for k in kinks if k > x]
    if x > ctx.v_lo and any(D(v) > tol for v in lower):
        return False
    if x < ctx.v_hi and any(D(v) < -tol for v in upper):
        return False
    return True


def find_equilibria(ctx, grid=20001, verify=True):
    """Brute-force enumeration of cutoff equilibria. Returns (list of candidates, diagnostics)."""
    v_lo, v_hi = ctx.v_lo, ctx.v_hi
    xs = [v_lo + (v_hi - v_lo) * j / (grid - 1) for j in range(grid)]
    xs[-1] = v_hi
    step = (v_hi - v_lo) / (grid - 1)
    finite_beta = ctx.R[0]["beta_C"] != INF or ctx.R[1]["beta_C"] != INF
    vals = {}

    def evalx(x):
        if x not in vals:
            subs = ctx.subgames(x)
            vals[x] = (ctx.Phi(x, subs), subs)
        return vals[x][0]

    if not finite_beta:
        for w in (0, 1):
            k = resist_cutoff(ctx.R[w], 1.0)
            if v_lo < k < v_hi:
                xs.append(k)
    xs = sorted(set(xs))
    for x in xs:
        evalx(x)
    if finite_beta:
        # kinks move with phi_w(x): solve x = v_F_w(x) by bracketing on the grid
        extra = []
        for w in (0, 1):
            h = [x - vals[x][1][w]["v_F"] for x in xs]
            for i in range(len(xs) - 1):
                if h[i] == 0.0:
                    extra.append(xs[i])
                elif _sign(h[i]) * _sign(h[i + 1]) < 0:
                    hw = lambda x, w=w: x - ctx.subgames(x)[w]["v_F"]
                    extra.append(_bisect_root(hw, xs[i], xs[i + 1], _sign(h[i])))
        for x in extra:
            evalx(x)
        xs = sorted(set(xs) | set(extra))

    fs = [vals[x][0] for x in xs]
    zero = [abs(f) <= ZERO_TOL for f in fs]
    n = len(xs)
    cands = []
    i = 0
    while i < n:
        if zero[i]:
            j = i
            while j + 1 < n and zero[j + 1]:
                j += 1
            ls = _sign(fs[i - 1]) if i > 0 else None
            rs = _sign(fs[j + 1]) if j < n - 1 else None
            # a run shorter than half a grid step is one point (e.g. a kink next to a grid point)
            single = (xs[j] - xs[i]) < 0.5 * step
            if single and ls is not None and rs is not None and ls != rs:
                x0 = _bisect_root(evalx, xs[i - 1], xs[j + 1], ls)
                cands.append({"x": x0, "kind": "interior", "stable": ls < 0})
            else:
                if single:
                    x0 = min(xs[i:j + 1], key=lambda x: abs(vals[x][0]))
                    if i == 0:
                        x0 = v_lo
                    elif j == n - 1:
                        x0 = v_hi
                else:
                    x0 = xs[i] if i == 0 else _bisect_flat_start(evalx, xs[i - 1], xs[i])
                if i == 0:
                    kind = "all signal" if single else "flat (from all signal)"
                elif j == n - 1:
                    kind = "none signal" if single else "flat (to none signal)"
                else:
                    kind = "tangency" if single else "flat"
                stable = (i == 0 or j == n - 1 or (ls is not None and ls < 0 and rs is not None and rs > 0))
                cands.append({"x": x0, "kind": kind, "stable": stable})
            i = j + 1
            continue
        if i == 0 and fs[0] > 0:
            cands.append({"x": v_lo, "kind": "all signal", "stable": True})
        if i == n - 1 and fs[i] < 0:
            cands.append({"x": v_hi, "kind": "none signal", "stable": True})
        if i + 1 < n and not zero[i + 1] and _sign(fs[i]) * _sign(fs[i + 1]) < 0:
            x0 = _bisect_root(evalx, xs[i], xs[i + 1], _sign(fs[i]))
            cands.append({"x": x0, "kind": "interior", "stable": fs[i] < 0})
        i += 1

    cands.sort(key=lambda c: c["x"])
    rejected = []
    accepted = []
    for c in cands:
        subs = ctx.subgames(c["x"])
        c["Phi"] = ctx.Phi(c["x"], subs)
        c["verified"] = verify_cutoff(ctx, c["x"], subs)
        if c["kind"] == "interior" and abs(c["Phi"]) > 1e-9:
            # bisection closed in on a jump of Phi (possible only with finite beta_C), not a root
            c["kind"] = "jump of Phi"
            c["verified"] = False
            rejected.append(c)
        elif verify and not c["verified"]:
            rejected.append(c)
        else:
            accepted.append(c)
    return accepted, {"rejected": rejected, "n_points": n}


def cutoff_measures(ctx, x):
    """Outcome probabilities and measures (4.7) for the cutoff x (types v >= x are in branch 1)."""
    F, v_lo, v_hi = ctx.F, ctx.v_lo, ctx.v_hi
    subs = ctx.subgames(x)
    intervals = ((v_lo, x), (x, v_hi))      # branch 0: [v_lo, x), branch 1: [x, v_hi]
    out = {"SQ": 0.0, "REBUFFED": 0.0, "PBD": 0.0, "CONV": 0.0, "NUC": 0.0}
    p_ch = war_tot = eu_p = eu_c = 0.0
    p_w = [0.0, 0.0]
    for w in (0, 1):
        R, sub = ctx.R[w], subs[w]
        L, U = intervals[w]
        p = F.mass(L, U)
        vF = sub["v_F"]
        res = F.mass(max(L, vF), U) if max(L, vF) < U else 0.0
        g, tau, phi = sub["gamma"], R["tau"], sub["phi"]
        war = g * (tau * p + (1 - tau) * res * phi)
        out["PBD"] += g * (1 - tau) * (p - res)
        out["REBUFFED"] += g * (1 - tau) * res * (1 - phi)
        out["NUC"] += R["pi"] * war
        out["CONV"] += (1 - R["pi"]) * war
        out["SQ"] += p * (1 - g)
        p_ch += p * g
        war_tot += war
        p_w[w] = p
        eu_p += patron_value_integral(R, F, L, U, sub, ctx.m[w])
        eu_c += p * challenger_eu(R, sub["q"], ctx.G)
    bluff = None if p_w[1] <= 0.0 else 1.0 - subs[1]["q"]
    return {
        "p_challenge": p_ch, "outcomes": out, "p_war": war_tot, "bluff_rate": bluff,
        "p_challenge_given_warning": subs[1]["gamma"], "p_challenge_given_omission": subs[0]["gamma"],
        "v_F_warn": _finite_or_none(subs[1]["v_F"]), "v_F_omit": _finite_or_none(subs[0]["v_F"]),
        "eu_patron": eu_p, "eu_challenger": eu_c, "p_signal": p_w[1],
        "q_warn": subs[1]["q"], "q_omit": subs[0]["q"], "phi_warn": subs[1]["phi"], "phi_omit": subs[0]["phi"],
        "Phi": ctx.Phi(x, subs),
    }


def merge_payoff_equivalent(ctx, eqs, tol=1e-10):
    """detsim's convention: equilibria with the same outcome probabilities and the same ex-ante
    payoffs of both players (e.g. nobody is ever challenged) are one equilibrium; keep the lowest
    cutoff, stable if any member is."""
    classes = []
    for e in eqs:
        m = cutoff_measures(ctx, e["x"])
        sig = [m["outcomes"][k] for k in ("SQ", "REBUFFED", "PBD", "CONV", "NUC")] + [m["eu_patron"], m["eu_challenger"]]
        for c in classes:
            if all(abs(a - b) <= tol for a, b in zip(c["sig"], sig)):
                c["eq"]["stable"] = c["eq"]["stable"] or e["stable"]
                break
        else:
            classes.append({"sig": sig, "eq": dict(e)})
    return [c["eq"] for c in classes]


def solve_signalling(mode, params, levers, F, G, variant="dual-role", grid=20001, verify=True):
    """TH or SC signalling equilibrium by brute force (4.6.3), selected = lowest-cutoff stable one."""
    R1, R0, m1, m0 = branch_setup(mode, params, levers, variant)
    ctx = SignallingContext(R1, R0, m1, m0, F, G)
    eqs, diag = find_equilibria(ctx, grid=grid, verify=verify)
    eqs = merge_payoff_equivalent(ctx, eqs)
    stable = [e for e in eqs if e["stable"]]
    chosen = stable[0] if stable else (eqs[0] if eqs else None)
    res = {"mode": mode, "variant": variant if mode == "sinking-costs" else None,
           "v_F": None, "q": None, "q_tilde": None, "k_star": None, "phi": None,
           "n_equilibria": len(eqs), "equilibria": [e["x"] for e in eqs],
           "equilibria_detail": eqs, "rejected": diag["rejected"], "context": ctx}
    if chosen is None:
        res.update({"case": "no cutoff equilibrium", "cutoff": None})
        return res
    x = chosen["x"]
    meas = cutoff_measures(ctx, x)
    res.update(meas)
    res["cutoff"] = x
    if chosen["kind"] in ("all signal", "flat (from all signal)"):
        case = "pool: all signal"
    elif chosen["kind"] in ("none signal", "flat (to none signal)"):
        case = "pool: none signal"
    elif meas["bluff_rate"] and meas["bluff_rate"] > 0:
        case = "bluffing"
    else:
        case = "no bluff"
    res["case"] = case
    res["selected_kind"] = chosen["kind"]
    return res


def solve(mode, params=None, levers=None, F=None, G=None, variant="dual-role", grid=20001, verify=True):
    """Dict with the keys of `detsim solve --json` (plus diagnostics)."""
    F = F if F is not None else Uniform(0.0, 4.0)
    G = G if G is not None else Uniform(-0.5, 1.0)
    if F.lo < 0:
        raise ValueError("v_lo < 0")
    if mode == "policy":
        return policy_mode(params, levers, F, G)
    return solve_signalling(mode, params, levers, F, G, variant=variant, grid=grid, verify=verify)


# Fearon core (MODEL.md appendix) as scenario keys
def fearon_core(a=0.55, **extra):
    params = {
        "allied_strength": 4.0, "visibility_power": 0.0, "patron_war_cost_base": 0.6,
        "patron_war_cost_ground": 0.0, "escalation_probability": 0.0, "tripwire_visibility": 0.0,
        "tripwire_ground": 0.0, "challenger_cost_ratio_alone": 0.0, "audience_cost_warning": a,
    }
    params.update(extra)
    levers = {"burden": 0.0, "visibility": 0.0, "warning": 0.0}
    return params, levers, Uniform(0.0, 2.0), Uniform(0.0, 1.0)
