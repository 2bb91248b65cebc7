#!/usr/bin/python3
"""Cross-check `detsim solve --json` against the independent Python reference (edsg_reference.py).

    /usr/bin/python3 tests/reference/check_solve_against_reference.py --detsim build/detsim \
        --draws 60 --seed 1 [--modes policy,tying-hands,sinking-costs]

For every draw: sample admissible parameters (MODEL.md section 5, "Admissible draws"), write a minimal
scenario file, run `detsim solve FILE --json --set ...`, solve the same game with the reference and
compare numbers to an absolute tolerance (default 1e-9). Mismatches are printed with the full
--set list so they can be reproduced. Ends with "N passed, M failed"; exit status 1 on any failure.

--dry-run prints the detsim command lines and the reference results without running detsim.
"""

import argparse
import json
import math
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import edsg_reference as ref  # noqa: E402

SCENARIO_TEXT = '[scenario]\nname = "reference-check"\nmode = "policy"\n'

OUTCOMES = ("SQ", "REBUFFED", "PBD", "CONV", "NUC")
ALL_MODES = ("policy", "tying-hands", "sinking-costs")

# (scenario key, symbol, low, high): MODEL.md section 5, admissible draws
PARAM_RANGES = (
    ("allied_strength", "K_A", 1.0, 6.0),
    ("visibility_power", "g_s", 0.0, 2.0),
    ("patron_war_cost_base", "c_0", 0.02, 0.3),
    ("patron_war_cost_ground", "c_1", 0.0, 0.6),
    ("audience_cost_treaty", "a_0", 0.0, 0.2),
    ("audience_cost_warning", "a_w", 0.01, 0.8),
    ("escalation_logit_base", "l_0", -5.0, -1.0),
    ("escalation_logit_visibility", "l_s", 0.0, 2.0),
    ("escalation_logit_burden", "l_b", -1.0, 1.0),
    ("patron_nuclear_cost", "kappa_P", 0.5, 5.0),
    ("challenger_nuclear_cost", "kappa_C0", 0.0, 10.0),
    ("tripwire_visibility", "tau_s", 0.0, 0.3),
    ("tripwire_ground", "tau_b", 0.0, 0.3),
    ("challenger_cost_ratio_alone", "psi", 0.05, 1.0),
)
# Not in the admissible list of MODEL.md; sampled so that the signal cost matters in SC mode.
VISIBILITY_COST_RANGE = (0.0, 0.6)      # m_s
SIGNAL_VISIBILITY_RANGE = (0.1, 1.0)    # s-bar, set in half of the SC draws (default 1 otherwise)
BETA_RANGE = (0.05, 2.0)                # beta_C, finite in a third of the policy draws
BETA_FRACTION = 1.0 / 3.0


def toml_value(x):
    """A TOML literal that round-trips exactly (repr of a float)."""
    if isinstance(x, str):
        return '"%s"' % x
    if isinstance(x, float):
        if x == math.inf:
            return "inf"
        return repr(x)
    raise TypeError(x)


def sample_draw(rng, mode):
    """One admissible parameter set. Returns a dict with params, levers, types and the --set list."""
    params = {}
    for key, _sym, lo, hi in PARAM_RANGES:
        params[key] = rng.uniform(lo, hi)
    params["visibility_cost"] = rng.uniform(*VISIBILITY_COST_RANGE)
    levers = {
        # ignored in TH mode (passed to check that it is); in SC mode 0 in half of the draws, since
        # with a = a_0 + a_w w >= X every type resists and the signal is pointless
        "warning": 0.0 if (mode == "sinking-costs" and rng.random() < 0.5) else rng.uniform(0.0, 1.0),
        "visibility": rng.uniform(0.0, 1.0),  # ignored in SC mode (passed to check that it is)
        "burden": rng.uniform(0.05, 1.0),
    }
    v_hi = rng.uniform(1.0, 6.0)
    k_lo, k_hi = rng.uniform(-1.0, 0.0), rng.uniform(0.5, 2.0)
    variant = None
    if mode == "policy" and rng.random() < BETA_FRACTION:
        params["challenger_backdown_cost"] = rng.uniform(*BETA_RANGE)
    if mode == "sinking-costs":
        variant = rng.choice(("dual-role", "cost-only"))
        if rng.random() < 0.5:
            params["signal_visibility"] = rng.uniform(*SIGNAL_VISIBILITY_RANGE)

    # Burden-sharing channels (MODEL.md 2.2-2.3): eta in a third of the draws (|eta| < 1, so K_A(b) > 0
    # for any b_ref), the allies' own choice of b in another third.
    channel = rng.random()
    if channel < 1.0 / 3.0:
        params["allied_strength_burden_elasticity"] = rng.uniform(-0.95, 0.95)
        params["burden_reference"] = rng.uniform(0.0, 1.0)
    elif channel < 2.0 / 3.0:
        levers["burden"] = "olson-zeckhauser"
        params["patron_income"] = rng.uniform(1.0, 20.0)
        params["protege_income"] = rng.uniform(0.5, 10.0)
        params["patron_private_weight"] = rng.uniform(0.05, 0.95)
        params["protege_private_weight"] = rng.uniform(0.05, 0.95)

    sets = ["scenario.mode=" + toml_value(mode)]
    if variant is not None:
        sets.append("scenario.visibility_signal=" + toml_value(variant))
    for key in ("warning", "visibility", "burden"):
        sets.append("levers.%s=%s" % (key, toml_value(levers[key])))
    for key in sorted(params):
        sets.append("parameters.%s=%s" % (key, toml_value(params[key])))
    sets.append("types.patron_resolve={ uniform = [%s, %s] }" % (toml_value(0.0), toml_value(v_hi)))
    sets.append("types.challenger_cost={ uniform = [%s, %s] }" % (toml_value(k_lo), toml_value(k_hi)))
    return {
        "mode": mode, "variant": variant or "dual-role", "params": params, "levers": levers,
        "F": ref.Uniform(0.0, v_hi), "G": ref.Uniform(k_lo, k_hi), "sets": sets,
    }


def check_set_values(draw):
    """Each --set VALUE must be a TOML value that reads back as the sampled number."""
    import tomllib
    for item in draw["sets"]:
        key, _, value = item.partition("=")
        parsed = tomllib.loads("x = " + value)["x"]
        section, _, name = key.partition(".")
        if section == "parameters":
            want = draw["params"][name]
        elif section == "levers":
            want = draw["levers"][name]
        elif section == "types":
            D = draw["F"] if name == "patron_resolve" else draw["G"]
            want = {"uniform": [D.lo, D.hi]}
        elif key == "scenario.mode":
            want = draw["mode"]
        else:
            want = draw["variant"]
        if parsed != want:
            raise AssertionError("--set %s reads back as %r, not %r" % (item, parsed, want))


def reference_result(draw, grid):
    return ref.solve(draw["mode"], draw["params"], draw["levers"], draw["F"], draw["G"],
                     variant=draw["variant"], grid=grid)


def _norm(x):
    """JSON null / infinities -> None; numbers -> float."""
    if x is None:
        return None
    if isinstance(x, bool):
        return float(x)
    if isinstance(x, (int, float)):
        return None if math.isinf(x) else float(x)
    return x


def compare(ref_res, out, mode, tol, core_only):
    """List of mismatch strings."""
    bad = []

    def num(key, want, got_container=out, label=None):
        label = label or key
        if key not in got_container:
            bad.append("%s: missing in detsim output (reference %r)" % (label, want))
            return
        got, want = _norm(got_container[key]), _norm(want)
        if want is None and got is None:
            return
        if want is None or got is None or not isinstance(got, float):
            bad.append("%s: reference %r, detsim %r" % (label, want, got_container[key]))
            return
        if not abs(got - want) <= tol:
            bad.append("%s: reference %r, detsim %r (diff %.3g)" % (label, want, got, got - want))

    def null(key):
        if key in out and out[key] is not None:
            bad.append("%s: expected null in %s mode, detsim %r" % (key, mode, out[key]))

    if out.get("mode") != mode:
        bad.append("mode: expected %r, detsim %r" % (mode, out.get("mode")))
    outs = out.get("outcomes")
    if not isinstance(outs, dict):
        bad.append("outcomes: missing or not an object (%r)" % (outs,))
        outs = {}
    for k in OUTCOMES:
        num(k, ref_res["outcomes"][k], outs, "outcomes." + k) if outs else None
    if outs and all(isinstance(outs.get(k), (int, float)) for k in OUTCOMES):
        total = sum(outs[k] for k in OUTCOMES)
        if abs(total - 1.0) > tol:
            bad.append("outcomes: sum %r != 1" % total)
    for key in ("p_challenge", "p_war", "eu_patron"):
        num(key, ref_res[key])

    if mode == "policy":
        for key in ("v_F", "q", "q_tilde", "k_star", "phi", "eu_challenger"):
            num(key, ref_res[key])
        for key in ("cutoff", "bluff_rate", "p_challenge_given_warning", "p_challenge_given_omission"):
            null(key)
        return bad

    num("cutoff", ref_res["cutoff"])
    for key in ("p_challenge_given_warning", "p_challenge_given_omission"):
        num(key, ref_res[key])
    want_eqs = ref_res["equilibria"]
    got_eqs = out.get("equilibria")
    if not isinstance(got_eqs, list):
        bad.append("equilibria: reference %r, detsim %r" % (want_eqs, got_eqs))
    else:
        got_sorted = sorted(_norm(x) for x in got_eqs if _norm(x) is not None)
        if len(got_sorted) != len(want_eqs) or any(abs(a - b) > tol for a, b in zip(got_sorted, want_eqs)):
            bad.append("equilibria: reference %r, detsim %r" % (want_eqs, got_eqs))
    num("n_equilibria", float(ref_res["n_equilibria"]))
    if not core_only:
        for key in ("bluff_rate", "v_F_warn", "v_F_omit", "eu_challenger"):
            num(key, ref_res[key])
        for key in ("v_F", "q", "q_tilde", "phi"):
            null(key)
    return bad


def run_detsim(detsim, scenario_path, sets, timeout):
    cmd = [detsim, "solve", scenario_path, "--json"]
    for s in sets:
        cmd += ["--set", s]
    for attempt in range(3):
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            break
        except subprocess.TimeoutExpired:
            return None, "timed out after %ss" % timeout
        except OSError as e:   # e.g. the binary is being rebuilt right now: retry twice
            if attempt == 2:
                return None, "could not run: %s" % e
            time.sleep(2.0)
    if proc.returncode != 0:
        return None, "exit status %d: %s" % (proc.returncode, proc.stderr.strip()[-2000:])
    try:
        return json.loads(proc.stdout), None
    except ValueError as e:
        return None, "unparseable JSON (%s): %s" % (e, proc.stdout[:500])


def describe(draw):
    return " ".join("--set " + shlex.quote(s) for s in draw["sets"])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--detsim", help="path to the detsim binary")
    ap.add_argument("--draws", type=int, default=60, help="draws per mode (default 60)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--modes", default=",".join(ALL_MODES))
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--grid", type=int, default=20001, help="reference grid points for Phi")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per detsim call")
    ap.add_argument("--core-only", action="store_true",
                    help="signalling modes: compare only cutoff, equilibria, outcomes, P(ch), P(war), "
                         "gammas, eu_patron (skip bluff_rate, v_F_warn/omit, eu_challenger, null checks)")
    ap.add_argument("--dry-run", action="store_true", help="print commands and reference results only")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    for m in modes:
        if m not in ALL_MODES:
            ap.error("unknown mode %r (choose from %s)" % (m, ", ".join(ALL_MODES)))
    if not args.dry_run:
        if not args.detsim:
            ap.error("--detsim is required (or use --dry-run)")
        if not (os.path.isfile(args.detsim) and os.access(args.detsim, os.X_OK)):
            print("error: detsim binary %r not found or not executable" % args.detsim, file=sys.stderr)
            return 2

    passed = failed = 0
    multi = pools = no_eq = rejected = sig_draws = 0
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="detsim-refcheck-") as tmp:
        scen = os.path.join(tmp, "reference-check.toml")
        with open(scen, "w") as fh:
            fh.write(SCENARIO_TEXT)
        for mode in modes:
            rng = random.Random("%d-%s" % (args.seed, mode))
            for i in range(args.draws):
                draw = sample_draw(rng, mode)
                check_set_values(draw)
                try:
                    want = reference_result(draw, args.grid)
                except Exception as e:  # noqa: BLE001 - report and count
                    failed += 1
                    print("FAIL %s draw %d: reference raised %r\n  %s" % (mode, i, e, describe(draw)))
                    continue
                if mode != "policy":
                    sig_draws += 1
                    multi += want["n_equilibria"] > 1
                    if want["cutoff"] is None:
                        no_eq += 1
                    elif want["cutoff"] in (draw["F"].lo, draw["F"].hi):
                        pools += 1
                    rejected += bool(want["rejected"])
                if args.dry_run:
                    print("%s draw %d: detsim solve %s --json %s" % (mode, i, scen, describe(draw)))
                    print("  reference: case=%s cutoff=%r equilibria=%r P(ch)=%r P(war)=%r" % (
                        want["case"], want["cutoff"], want["equilibria"], want.get("p_challenge"),
                        want.get("p_war")))
                    continue
                out, err = run_detsim(args.detsim, scen, draw["sets"], args.timeout)
                if err is not None:
                    failed += 1
                    print("FAIL %s draw %d: detsim %s\n  %s" % (mode, i, err, describe(draw)))
                    continue
                if want["cutoff"] is None and mode != "policy":
                    bad = [] if out.get("case") == "no cutoff equilibrium" else [
                        "reference found no cutoff equilibrium; detsim case %r" % out.get("case")]
                else:
                    bad = compare(want, out, mode, args.tol, args.core_only)
                if bad:
                    failed += 1
                    print("FAIL %s draw %d (reference case %r, detsim case %r)" % (
                        mode, i, want.get("case"), out.get("case")))
                    for b in bad:
                        print("  " + b)
                    if mode != "policy" and want.get("equilibria_detail"):
                        print("  reference equilibria: %s" % ", ".join(
                            "%r (%s%s)" % (e["x"], e["kind"], ", stable" if e["stable"] else "")
                            for e in want["equilibria_detail"]))
                    print("  reproduce: detsim solve SCENARIO --json %s" % describe(draw))
                else:
                    passed += 1
                    if args.verbose:
                        print("ok   %s draw %d (%s)" % (mode, i, want.get("case")))

    if sig_draws:
        print("signalling draws: %d; with multiple equilibria: %d; selected boundary pool: %d; "
              "no cutoff equilibrium: %d; with candidates rejected by the best-response check: %d"
              % (sig_draws, multi, pools, no_eq, rejected))
    if failed and not args.dry_run:
        print("(SCENARIO in the reproduce lines is a file with the lines: %s)"
              % " | ".join(SCENARIO_TEXT.strip().split("\n")))
    print("elapsed %.1f s" % (time.time() - t0))
    if args.dry_run:
        print("dry run: nothing compared")
        return 0
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
