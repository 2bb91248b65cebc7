#!/usr/bin/python3
"""Self-check of edsg_reference.py against the oracles of MODEL.md section 5.

Plain script: /usr/bin/python3 tests/reference/test_reference_oracles.py
Prints each check, then "N passed, M failed"; exits 1 on any failure.
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import edsg_reference as ref  # noqa: E402
from edsg_reference import Uniform, fearon_core, solve, reduce, INF  # noqa: E402

PASSED = 0
FAILED = 0


def check(name, cond, detail=""):
    global PASSED, FAILED
    if cond:
        PASSED += 1
        print("PASS  %s" % name)
    else:
        FAILED += 1
        print("FAIL  %s  %s" % (name, detail))


def close(name, got, want, tol=1e-9):
    ok = got is not None and want is not None and abs(got - want) <= tol
    check(name, ok, "got %r want %r (tol %g)" % (got, want, tol))


UB_F, UB_G = Uniform(0.0, 4.0), Uniform(-0.5, 1.0)


def ub_policy_by_hand(w, s, b):
    """Independent, inline evaluation of 4.2 + 4.5 at the UB defaults (for O8)."""
    K_C, K_A, g_s, c0, c1, a0, aw = 1.0, 3.0, 1.0, 0.1, 0.4, 0.0, 0.4
    pJ = K_C / (K_C + K_A + g_s * s)
    pR = K_C / (K_C + b * K_A)
    cP = c0 + c1 * (1 - b)
    a = a0 + aw * w
    pi = 1.0 / (1.0 + math.exp(-(-3.0 + 1.0 * s)))
    tau = 0.05 * s + 0.1 * (1 - b)
    AW, X = (1 - pi) * pJ, (1 - pi) * cP + pi * 2.0
    alW, omW, psi = (1 - pi) * pJ - pi * 5.0, 1 - pi, 0.8
    vF = (X - a) / (pR - AW)
    q = 1 - min(1.0, max(0.0, vF / 4.0))
    qt = tau + (1 - tau) * q
    k = (qt * alW + (1 - qt) * pR) / (qt * omW + (1 - qt) * psi)
    g = min(1.0, max(0.0, (k + 0.5) / 1.5))
    war = g * qt
    return {"v_F": vF, "q": q, "q_tilde": qt, "k_star": k, "p_challenge": g,
            "PBD": g * (1 - tau) * (1 - q), "p_war": war, "NUC": pi * war, "CONV": (1 - pi) * war,
            "SQ": 1 - g}


def quad(fn, lo, hi, n=200000):
    """Midpoint rule (for sanity checks of the closed-form expected utilities)."""
    h = (hi - lo) / n
    return sum(fn(lo + (i + 0.5) * h) for i in range(n)) * h


def main():
    # ---------------------------------------------------------------- O7 (embedding, cheap)
    p, l, F, G = fearon_core(0.55)
    R = reduce(p, dict(l, warning=1.0))
    for key, want in (("A_W", 0.2), ("X", 0.6), ("p_R", 1.0), ("a", 0.55), ("alpha_W", 0.2),
                      ("omega_W", 1.0), ("psi", 0.0), ("tau", 0.0)):
        close("O7 FC reduced form %s" % key, R[key], want, 1e-15)

    # ---------------------------------------------------------------- O1
    r = solve("tying-hands", p, l, F, G)
    close("O1 cutoff = pc/(1-p^2)", r["cutoff"], 0.2 * 0.6 / (1 - 0.04))
    close("O1 cutoff = .125", r["cutoff"], 0.125)
    R0 = reduce(p, dict(l, warning=0.0))
    close("O1 a_min = X - Delta v* = .5", R0["X"] - R0["Delta"] * r["cutoff"], 0.5)
    close("O1 gamma_1 = .2", r["p_challenge_given_warning"], 0.2)
    close("O1 gamma_0 = 1", r["p_challenge_given_omission"], 1.0)
    close("O1 P(warn) = .9375", r["p_signal"], 0.9375)
    close("O1 P(ch) = .25", r["p_challenge"], 0.25)
    close("O1 P(war) = .1875", r["p_war"], 0.1875)
    close("O1 P(PBD) = .0625", r["outcomes"]["PBD"], 0.0625)
    close("O1 bluff rate 0", r["bluff_rate"], 0.0)
    close("O1 EU_D = -.15625", r["eu_patron"], -0.15625)
    check("O1 unique equilibrium", r["n_equilibria"] == 1, r["equilibria"])
    th55 = r

    # CS7: cutoff does not depend on a once a >= a_min
    p8, l8, F8, G8 = fearon_core(0.8)
    close("CS7 FC a=.8 cutoff still .125", solve("tying-hands", p8, l8, F8, G8)["cutoff"], 0.125)

    # ---------------------------------------------------------------- O2
    p0, l0, F0, G0 = fearon_core(0.0)
    pol = solve("policy", p0, l0, F0, G0)
    th0 = solve("tying-hands", p0, l0, F0, G0)
    close("O2 policy P(ch) = .8", pol["p_challenge"], 0.8)
    close("O2 TH P(ch) = .8", th0["p_challenge"], 0.8)
    close("O2 policy P(war) = .5", pol["p_war"], 0.5)
    close("O2 TH P(war) = .5", th0["p_war"], 0.5)
    close("O2 policy P(PBD) = .3", pol["outcomes"]["PBD"], 0.3)
    close("O2 TH P(PBD) = .3", th0["outcomes"]["PBD"], 0.3)
    close("O2 q = .625", pol["q"], 0.625)
    check("O2 TH pools (all warn at v_lo)", th0["cutoff"] == 0.0 and th0["n_equilibria"] == 1,
          (th0["cutoff"], th0["equilibria"]))

    # ---------------------------------------------------------------- O3
    p3, l3, F3, G3 = fearon_core(0.3)
    r3 = solve("tying-hands", p3, l3, F3, G3)
    close("O3 cutoff = .152455064039712", r3["cutoff"], (-1.225 + math.sqrt(2.340625)) / 2)
    close("O3 cutoff literal", r3["cutoff"], 0.152455064039712, 1e-12)
    close("O3 v_F(a) = .375", r3["v_F_warn"], 0.375)
    close("O3 P(signal) = 1 - v*/2", r3["p_signal"], 1 - r3["cutoff"] / 2)
    check("O3 bluff rate in (0,1)", 0 < r3["bluff_rate"] < 1, r3["bluff_rate"])

    # ---------------------------------------------------------------- O4
    pm, lm, Fm, Gm = fearon_core(0.0, visibility_cost=0.3)
    r4 = solve("sinking-costs", pm, lm, Fm, Gm)
    check("O4 unique equilibrium", r4["n_equilibria"] == 1, r4["equilibria"])
    close("O4 cutoff = .5", r4["cutoff"], 0.5)
    close("O4 gamma_1 = .4", r4["p_challenge_given_warning"], 0.4)
    close("O4 P(ch) = .55", r4["p_challenge"], 0.55)
    close("O4 P(war) = .25", r4["p_war"], 0.25)
    close("O4 P(signal) = .75", r4["p_signal"], 0.75)
    close("O4 P(PBD) = .30", r4["outcomes"]["PBD"], 0.30)
    close("O4 EU_D = -.5375", r4["eu_patron"], -0.5375)
    close("O4 closed form v_s = (-.2+sqrt(.04+3.2m))/1.6", r4["cutoff"],
          (-0.2 + math.sqrt(0.04 + 3.2 * 0.3)) / 1.6)

    # ---------------------------------------------------------------- O5
    pm, lm, Fm, Gm = fearon_core(0.0, visibility_cost=0.6)
    r5 = solve("sinking-costs", pm, lm, Fm, Gm)
    close("O5 m=m_F=.6 cutoff .75", r5["cutoff"], 0.75)
    close("O5 m=.6 P(signal) .625", r5["p_signal"], 0.625)
    close("O5 m=.6 P(ch) .5", r5["p_challenge"], 0.5)
    close("O5 m=.6 P(war) .125", r5["p_war"], 0.125)
    close("O5 m=.6 P(D backs down) .375", r5["outcomes"]["PBD"], 0.375)
    close("O5 m=.6 bluff rate 0", r5["bluff_rate"], 0.0)
    pm, lm, Fm, Gm = fearon_core(0.0, visibility_cost=0.7)
    r5b = solve("sinking-costs", pm, lm, Fm, Gm)
    eqs = r5b["equilibria_detail"]
    interior = [e["x"] for e in eqs if e["kind"] == "interior"]
    check("O5 m=.7: 2 interior roots + pooling boundary", len(interior) == 2 and len(eqs) == 3
          and eqs[-1]["kind"] == "none signal" and eqs[-1]["x"] == 2.0, eqs)
    if len(interior) == 2:
        close("O5 m=.7 root 1.375", interior[0], 1.375)
        close("O5 m=.7 root .975/.55", interior[1], 0.975 / 0.55)
    close("O5 m=.7 selected = lowest stable = 1.375", r5b["cutoff"], 1.375)

    # ---------------------------------------------------------------- O6
    check("O6 P(war): TH .1875 > SC .125", th55["p_war"] > r5["p_war"] + 1e-9, (th55["p_war"], r5["p_war"]))
    close("O6 SC EU_D = -.625", r5["eu_patron"], -0.625)
    check("O6 EU_D: TH -.15625 > SC -.625", th55["eu_patron"] > r5["eu_patron"])
    # TH at least as good type by type: U_TH(v) >= U_SC(v)
    ctx_th, ctx_sc = th55["context"], r5["context"]
    s_th, s_sc = ctx_th.subgames(th55["cutoff"]), ctx_sc.subgames(r5["cutoff"])

    def U_at(ctx, subs, x, v):
        w = 1 if v >= x else 0
        return ctx.U(w, v, subs[w])
    worst = min(U_at(ctx_th, s_th, th55["cutoff"], v) - U_at(ctx_sc, s_sc, r5["cutoff"], v)
                for v in [2.0 * i / 2000 for i in range(2001)])
    check("O6 TH weakly better type by type", worst >= -1e-12, worst)

    # ---------------------------------------------------------------- O8 policy UB
    for lev in ((1, 1, 0.5), (0, 1, 0.5), (0, 0.5, 0.7)):
        L = dict(zip(("warning", "visibility", "burden"), lev))
        got = solve("policy", {}, L, UB_F, UB_G)
        want = ub_policy_by_hand(*lev)
        for key in ("v_F", "q", "q_tilde", "k_star", "p_challenge", "p_war"):
            close("O8 %s %s" % (lev, key), got[key], want[key], 1e-12)
        for key in ("PBD", "NUC", "CONV", "SQ"):
            close("O8 %s %s" % (lev, key), got["outcomes"][key], want[key], 1e-12)
        close("O8 %s REBUFFED = 0" % (lev,), got["outcomes"]["REBUFFED"], 0.0, 0.0)
        close("O8 %s outcomes sum to 1" % (lev,), sum(got["outcomes"].values()), 1.0, 1e-12)
        if lev == (0, 0.5, 0.7):
            check("O8 NCG5 P(ch) in (.4,.55)", 0.4 < got["p_challenge"] < 0.55, got["p_challenge"])
        print("      O8 %s: v_F=%.6f q=%.6f P(ch)=%.6f P(PBD)=%.6f P(war)=%.6f P(NUC)=%.6f" % (
            lev, got["v_F"], got["q"], got["p_challenge"], got["outcomes"]["PBD"], got["p_war"],
            got["outcomes"]["NUC"]))

    # ---------------------------------------------------------------- O9 / O9b (TH, UB)
    L = {"warning": 0, "visibility": 0.5, "burden": 0.7}
    r9 = solve("tying-hands", {}, L, UB_F, UB_G)
    R1, R0, _, _ = ref.branch_setup("tying-hands", {}, L)
    tau = R1["tau"]
    g1 = UB_G.cdf(ref.challenge_cutoff(R1, 1.0))
    g0 = UB_G.cdf(ref.challenge_cutoff(R0, 0.0))
    vw = (((g1 - tau * g0) * R1["X"] - (1 - tau) * g0 * R0["a"])
          / ((1 - tau) * g0 * R1["p_R"] - (g1 - tau * g0) * R1["A_W"]))
    check("O9 case (i) validity v_F(a1) <= v_w <= v_F(a0), inside support",
          ref.resist_cutoff(R1) <= vw <= ref.resist_cutoff(R0) and 0 < vw < 4,
          (ref.resist_cutoff(R1), vw, ref.resist_cutoff(R0)))
    close("O9 root-finder cutoff = closed form", r9["cutoff"], vw, 1e-12)
    check("O9 gamma_0 > gamma_1", r9["p_challenge_given_omission"] > r9["p_challenge_given_warning"])
    close("O9 bluff rate 0", r9["bluff_rate"], 0.0, 1e-12)
    L = {"warning": 0, "visibility": 1.0, "burden": 0.5}
    r9b = solve("tying-hands", {}, L, UB_F, UB_G)
    check("O9b bluff rate in (0,1)", r9b["bluff_rate"] is not None and 0 < r9b["bluff_rate"] < 1,
          r9b["bluff_rate"])
    check("O9b Phi(cutoff) = 0 to 1e-12", abs(r9b["Phi"]) <= 1e-12, r9b["Phi"])
    check("O9b unique", r9b["n_equilibria"] == 1, r9b["equilibria"])

    # ---------------------------------------------------------------- O10 (beta_C = .1)
    L = {"warning": 0, "visibility": 1.0, "burden": 0.5}
    r10 = solve("policy", {"challenger_backdown_cost": 0.1}, L, UB_F, UB_G)
    check("O10 phi in (0,1)", 0 < r10["phi"] < 1, r10["phi"])
    check("O10 |T(phi)-phi| < 1e-12", r10["residual"] < 1e-12 and r10["case"] == "fixed point",
          (r10["residual"], r10["case"]))
    check("O10 P(REBUFFED) > 0", r10["outcomes"]["REBUFFED"] > 0, r10["outcomes"])
    close("O10 outcomes sum to 1", sum(r10["outcomes"].values()), 1.0, 1e-12)
    # uniqueness: T(phi) - phi changes sign once on a grid
    Rb = reduce({"challenger_backdown_cost": 0.1}, L)

    def Tm(phi):
        return ref.respond(Rb, UB_F.sf_ge(ref.resist_cutoff(Rb, phi)), UB_G)[2] - phi
    vals = [Tm(i / 1000) for i in range(1001)]
    changes = sum(1 for a_, b_ in zip(vals, vals[1:]) if (a_ > 0) != (b_ > 0))
    check("O10 unique fixed point (one sign change of T-phi)", changes == 1, changes)
    r10w = solve("policy", {"challenger_backdown_cost": 0.1}, dict(L, warning=1), UB_F, UB_G)
    print("      O10: phi(0,1,.5) = %.6f, phi(1,1,.5) = %.6f, P(REBUFFED) = %.6f" % (
        r10["phi"], r10w["phi"], r10["outcomes"]["REBUFFED"]))
    check("O10 (sec. 2.1) phi higher with the warning", r10w["phi"] > r10["phi"], (r10w["phi"], r10["phi"]))

    # ---------------------------------------------------------------- mixed case of 4.5.1
    pmx, lmx, Fmx, Gmx = fearon_core(0.0, challenger_backdown_cost=0.5)
    rmx = solve("policy", pmx, lmx, Fmx, Gmx)
    check("4.5.1 FC beta=.5: mixed case", rmx["case"] == "mixed", rmx["case"])
    close("4.5.1 q = 2/3", rmx["q"], 2 / 3)
    close("4.5.1 phi = 10/11", rmx["phi"], 10 / 11)
    close("4.5.1 sigma = 7/30", rmx["sigma"], 7 / 30)
    close("4.5.1 gamma = .77", rmx["p_challenge"], 0.77)
    close("4.5.1 outcomes sum to 1", sum(rmx["outcomes"].values()), 1.0, 1e-12)

    # ---------------------------------------------------------------- O11 (perfect tripwire)
    p11 = {"tripwire_visibility": 1.0, "tripwire_ground": 0.0}
    for w in (0, 1):
        r = solve("policy", p11, {"warning": w, "visibility": 1.0, "burden": 0.5}, UB_F, UB_G)
        close("O11 policy w=%d P(ch) = .0155490558779577" % w, r["p_challenge"], 0.0155490558779577, 1e-12)
        Rt = r["reduced"]
        close("O11 policy w=%d P(ch) = G(alpha_W/omega_W)" % w, r["p_challenge"],
              UB_G.cdf(Rt["alpha_W"] / Rt["omega_W"]), 1e-15)
    r = solve("tying-hands", p11, {"visibility": 1.0, "burden": 0.5}, UB_F, UB_G)
    close("O11 TH P(ch) = .0155490558779577", r["p_challenge"], 0.0155490558779577, 1e-12)
    close("O11 TH gamma_1 = gamma_0", r["p_challenge_given_warning"], r["p_challenge_given_omission"], 1e-15)
    check("O11 TH: Phi == 0 is one flat stretch, reported at v_lo", r["n_equilibria"] == 1 and r["cutoff"] == 0.0,
          r["equilibria_detail"])

    # ---------------------------------------------------------------- O12 (decoupling limit)
    r = solve("policy", {}, {"warning": 0, "visibility": 0, "burden": 1}, UB_F, UB_G)
    close("O12 Delta = .01186", r["reduced"]["Delta"], 0.01186, 5e-6)
    close("O12 v_F = 16.03", r["v_F"], 16.03, 5e-3)
    close("O12 q = 0", r["q"], 0.0, 0.0)
    close("O12 P(ch) = 13/24", r["p_challenge"], 13 / 24, 1e-12)
    close("O12 P(PBD) = 13/24", r["outcomes"]["PBD"], 13 / 24, 1e-12)
    close("O12 P(war) = 0", r["p_war"], 0.0, 0.0)

    # ---------------------------------------------------------------- 4.6.2 UB sinking-costs examples
    L = {"warning": 0, "visibility": 0.5, "burden": 0.5}     # visibility lever unused in SC
    R1, R0, _, _ = ref.branch_setup("sinking-costs", {"signal_visibility": 1.0}, L, "cost-only")
    vF = ref.resist_cutoff(R1)
    g1 = UB_G.cdf(ref.challenge_cutoff(R1, 1.0))
    g0 = UB_G.cdf(ref.challenge_cutoff(R0, 0.0))
    mF = (g0 - g1) * (R0["p_R"] * vF + R0["a"])
    close("4.6.2 UB v_F = 2.2455", vF, 2.2455, 5e-5)
    close("4.6.2 UB m_F = .5211", mF, 0.5211, 5e-5)
    rt = solve("sinking-costs", {"visibility_cost": mF}, L, UB_F, UB_G, variant="cost-only")
    tang = [e for e in rt["equilibria_detail"] if abs(e["x"] - vF) < 1e-9]
    check("4.6.2 m=m_F: tangency at v_F found", len(tang) == 1 and tang[0]["kind"] == "tangency", rt["equilibria_detail"])
    ctx = rt["context"]
    close("4.6.2 Phi(v_F) = 0", ctx.Phi(vF), 0.0, 1e-12)
    close("4.6.2 Phi(2.24) = -.0027", ctx.Phi(2.24), -0.0027, 5e-5)
    close("4.6.2 Phi(2.25) = -.0007", ctx.Phi(2.25), -0.0007, 5e-5)
    check("4.6.2 Phi < 0 on both sides of v_F", ctx.Phi(vF - 1e-3) < 0 and ctx.Phi(vF + 1e-3) < 0)
    print("      4.6.2 m=m_F equilibria: %s; selected %r" % (
        [(round(e["x"], 6), e["kind"], e["stable"]) for e in rt["equilibria_detail"]], rt["cutoff"]))
    r45 = solve("sinking-costs", {"visibility_cost": 0.45}, L, UB_F, UB_G, variant="cost-only")
    xs = r45["equilibria"]
    check("4.6.2 m=.45: three equilibria (bluffing, no-bluff, pool)", len(xs) == 3, r45["equilibria_detail"])
    if len(xs) == 3:
        close("4.6.2 m=.45 bluffing cutoff 2.0891", xs[0], 2.0891, 5e-5)
        close("4.6.2 m=.45 no-bluff cutoff 2.8573", xs[1], 2.8573, 5e-5)
        check("4.6.2 m=.45 first is bluffing (x < v_F), second no-bluff (x >= v_F)", xs[0] < vF <= xs[1])
        close("4.6.2 m=.45 pool: nobody signals (x = v_hi)", xs[2], 4.0, 0.0)
    close("4.6.2 m=.45 selected = bluffing", r45["cutoff"], 2.0891, 5e-5)
    check("4.6.2 m=.45 selected bluff rate in (0,1)", 0 < r45["bluff_rate"] < 1, r45["bluff_rate"])

    # ---------------------------------------------------------------- internal consistency
    # closed-form expected utilities against quadrature
    L = {"warning": 0.3, "visibility": 0.8, "burden": 0.4}
    for beta in (INF, 0.3):
        params = {"challenger_backdown_cost": beta}
        r = solve("policy", params, L, UB_F, UB_G)
        R = r["reduced"]
        sub = {"gamma": r["p_challenge"], "phi": r["phi"]}
        eu = -R["m"] + sub["gamma"] * quad(lambda v: ref.V_c(R, v, r["phi"]), 0, 4) / 4
        close("EU_P policy quadrature (beta=%r)" % beta, r["eu_patron"], eu, 1e-8)

        def Psi(k, q=r["q"]):
            tau = R["tau"]
            UW, UR = R["alpha_W"] - R["omega_W"] * k, R["p_R"] - R["psi"] * k
            return tau * UW + (1 - tau) * (q * max(UW, -R["beta_C"]) + (1 - q) * UR)
        euc = quad(lambda k: max(0.0, Psi(k)), -0.5, 1.0) / 1.5
        close("EU_C policy quadrature (beta=%r)" % beta, r["eu_challenger"], euc, 1e-8)
    for mode, var in (("tying-hands", None), ("sinking-costs", "dual-role"), ("sinking-costs", "cost-only")):
        r = solve(mode, {"visibility_cost": 0.2}, L, UB_F, UB_G, variant=var or "dual-role")
        ctx, x = r["context"], r["cutoff"]
        subs = ctx.subgames(x)
        eu = quad(lambda v: ctx.U(1 if v >= x else 0, v, subs[1 if v >= x else 0]), 0, 4) / 4
        close("EU_P %s %s quadrature" % (mode, var or ""), r["eu_patron"], eu, 1e-7)
        close("%s %s outcomes sum to 1" % (mode, var or ""), sum(r["outcomes"].values()), 1.0, 1e-12)
        close("%s %s SQ = 1 - P(ch)" % (mode, var or ""), r["outcomes"]["SQ"], 1 - r["p_challenge"], 1e-12)
        check("%s %s CS2 gamma_0 >= gamma_1" % (mode, var or ""),
              mode != "tying-hands" or r["p_challenge_given_omission"] >= r["p_challenge_given_warning"] - 1e-12)
    # a_w = 0 in TH: babbling, outcomes equal policy mode (O2 in UB)
    L = {"warning": 0, "visibility": 0.5, "burden": 0.7}
    rp = solve("policy", {"audience_cost_warning": 0.0}, L, UB_F, UB_G)
    rt = solve("tying-hands", {"audience_cost_warning": 0.0}, L, UB_F, UB_G)
    close("O2-UB a_w=0: TH P(ch) = policy P(ch)", rt["p_challenge"], rp["p_challenge"], 1e-12)
    close("O2-UB a_w=0: TH P(war) = policy P(war)", rt["p_war"], rp["p_war"], 1e-12)

    print("%d passed, %d failed" % (PASSED, FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
