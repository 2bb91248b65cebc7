"""A cross-check of `detsim export-efg` in place of Gambit (not packaged for Debian 12): an independent
reader of the exported .efg tree verifies that the QRE points `detsim solve --json` reports are agent
logit equilibria of the game in that file (Gambit's `gambit-logit` traces the same object).

At every reported lambda and every information set I of player i, with U_I(a) the expected payoff of
action a given the beliefs at I (reach probabilities under the reported strategies), the reported
probabilities must satisfy sigma_I(a) = exp(lambda U_I(a)) / sum_b exp(lambda U_I(b)) to 1e-9. The tree,
chance probabilities and payoffs are read from the file only; nothing of detsim's model is reused.
Checked with and without the tripwire chance node."""
import argparse, json, math, os, re, sys, tempfile
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from e2e import check, run, summary  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--detsim", required=True)
ap.add_argument("--source", required=True)
a = ap.parse_args()

def number(text):
    return float(Fraction(text))


def parse_efg(text):
    """Preorder lines of an .efg file -> nested nodes."""
    lines = [l for l in text.splitlines()[2:] if l.strip()]
    pos = 0

    def node():
        nonlocal pos
        line = lines[pos]
        pos += 1
        if line.startswith("t "):
            m = re.match(r'^t "[^"]*" \d+ "([^"]*)" \{ (\S+), (\S+) \}$', line)
            return {"kind": "t", "name": m[1], "payoff": (number(m[2]), number(m[3]))}
        if line.startswith("c "):
            m = re.match(r'^c "[^"]*" \d+ "([^"]*)" \{ (.*) \} 0$', line)
            parts = re.findall(r'"([^"]+)" (\S+)', m[2])
            probs = [number(p) for _, p in parts]
            return {"kind": "c", "name": m[1], "probs": probs, "children": [node() for _ in probs]}
        m = re.match(r'^p "[^"]*" ([12]) (\d+) "([^"]*)" \{ (.*) \} 0$', line)
        actions = re.findall(r'"([^"]+)"', m[4])
        return {"kind": "p", "player": int(m[1]) - 1, "infoset": m[3], "actions": actions,
                "children": [node() for _ in actions]}

    return node()


def strategy_of(point):
    """Infoset name -> probability of each action, from `detsim solve --json` at one lambda."""
    s, r = {}, point["resist"]
    for t, key in (("L", "low"), ("H", "high")):
        w = point["warn_" + key]
        s["P_%s signal" % t] = {"omit": 1 - w, "warn": w}
        for sig in ("omit", "warn"):
            x = r["%s_%s" % (key, sig)]
            s["P_%s,%s response" % (t, sig)] = {"resist": x, "back down": 1 - x}
    for sig, key in (("omit", "challenge_after_omission"), ("warn", "challenge_after_warning")):
        c = point[key]
        s["C after " + sig] = {"no challenge": 1 - c, "challenge": c}
    return s


def value(n, sigma, player):
    if n["kind"] == "t":
        return n["payoff"][player]
    probs = n["probs"] if n["kind"] == "c" else [sigma[n["infoset"]][x] for x in n["actions"]]
    return sum(p * value(c, sigma, player) for p, c in zip(probs, n["children"]))


def collect(n, sigma, reach, nodes):
    """nodes[infoset] = [(reach probability, node), ...] under the strategies sigma."""
    if n["kind"] == "t":
        return
    if n["kind"] == "p":
        nodes.setdefault(n["infoset"], []).append((reach, n))
        probs = [sigma[n["infoset"]][x] for x in n["actions"]]
    else:
        probs = n["probs"]
    for p, c in zip(probs, n["children"]):
        collect(c, sigma, reach * p, nodes)


def action_values(members, sigma):
    """Expected payoff of each action at an information set, given Bayes beliefs over its nodes.
    At large lambda a strategy can underflow to 0 and leave a set unreached; a singleton set needs
    no belief, any other unreached set is reported (None)."""
    total = sum(w for w, _ in members)
    if total == 0:
        if len(members) > 1:
            return None
        members = [(1.0, members[0][1])]
        total = 1.0
    first = members[0][1]
    return {x: sum(w * value(n["children"][k], sigma, n["player"]) for w, n in members) / total
            for k, x in enumerate(first["actions"])}


with tempfile.TemporaryDirectory() as tmp:
    scenario = os.path.join(a.source, "scenarios", "qre-signalling.toml")
    for tau in (0.0, 0.2):
        sets = ["--set", "parameters.tripwire_ground=%r" % (2 * tau), "--set", "levers.burden=0.5"]
        efg = os.path.join(tmp, "g.efg")
        r = run([a.detsim, "export-efg", scenario, "-o", efg] + sets)
        check(r.returncode == 0, "tau %g: export-efg exits 0 %s" % (tau, r.stderr.strip()))
        tree = parse_efg(open(efg).read())
        r = run([a.detsim, "solve", scenario, "--json"] + sets)
        points = json.loads(r.stdout)["qre"]["at_lambdas"]
        chance_names = set()

        def walk(n):
            if n["kind"] == "c":
                chance_names.add(n["name"])
            for c in n.get("children", []):
                walk(c)

        walk(tree)
        check(("tripwire" in chance_names) == (tau > 0), "tau %g: chance nodes %s" % (tau, sorted(chance_names)))
        worst, unreached = 0.0, 0
        for point in points:
            lam, sigma = point["lambda"], strategy_of(point)
            nodes = {}
            collect(tree, sigma, 1.0, nodes)
            check(set(nodes) == set(sigma), "tau %g, lambda %g: the file's information sets are the model's" % (tau, lam))
            for infoset, members in nodes.items():
                u = action_values(members, sigma)
                if u is None:
                    unreached += 1
                    continue
                top = max(u.values())
                z = sum(math.exp(lam * (v - top)) for v in u.values())
                for x, v in u.items():
                    worst = max(worst, abs(sigma[infoset][x] - math.exp(lam * (v - top)) / z))
        print("tau %g: worst |sigma - logit| = %.2e over %d lambdas" % (tau, worst, len(points)))
        check(worst <= 1e-9 and unreached == 0, "tau %g: every reported point is a logit equilibrium of the exported "
              "game (worst |sigma - logit| = %.2e over %d lambdas; %d unreached sets)" % (tau, worst, len(points), unreached))

sys.exit(summary())
