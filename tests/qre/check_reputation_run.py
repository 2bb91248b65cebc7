"""`detsim run` on a reputation scenario: the results file opens in xarray with a `crisis`
dimension, and the simulated per-crisis outcome shares agree with the closed-form probabilities
within 4 standard errors (false-alarm rate about 6e-5 per cell). Also: a qre scenario is refused
with exit status 2, and `detsim export-efg` writes a file."""
import argparse, os, sys, tempfile

import numpy as np
import xarray as xr

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from e2e import check, run, summary  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--detsim", required=True)
ap.add_argument("--source", required=True)
a = ap.parse_args()

with tempfile.TemporaryDirectory() as tmp:
    for name in ["reputation-myopic", "reputation-forward", "reputation-chain-store"]:
        out = os.path.join(tmp, name + ".h5")
        r = run([a.detsim, "run", os.path.join(a.source, "scenarios", name + ".toml"), "-o", out,
                 "--draws", "40000", "--seed", "11"])
        check(r.returncode == 0, f"{name}: run exits 0 ({r.stderr.strip()})")
        ds = xr.open_dataset(out)
        check(ds.outcome_count.dims == ("crisis", "outcome"), f"{name}: counts along crisis x outcome")
        n = int(ds.attrs["sequences"])
        check(int(ds.outcome_count.sum()) == n * ds.sizes["crisis"], f"{name}: every sequence counted once per crisis")
        p = ds.outcome_probability.values
        share = ds.outcome_count.values / n
        check(np.allclose(p.sum(axis=1), 1.0, atol=1e-12), f"{name}: probabilities sum to 1 per crisis")
        z = np.abs(share - p) <= 4 * np.sqrt(p * (1 - p) / n) + 1e-12
        check(bool(z.all()), f"{name}: simulated shares within 4 SE of the closed forms")
        check(all(k in ds.attrs for k in ["detsim_version", "git_revision", "compiler_flags", "command", "seed"]),
              f"{name}: provenance attributes as in a Monte Carlo results file")
        scenario_text = ds.attrs["scenario"]
        ds.close()
        if name == "reputation-myopic":
            # The resolved scenario reproduces the file; a finished file is recognised by --resume.
            again = os.path.join(tmp, "again.toml")
            with open(again, "w") as f:
                f.write(scenario_text)
            out2 = os.path.join(tmp, "again.h5")
            r = run([a.detsim, "run", again, "-o", out2])
            with xr.open_dataset(out) as x, xr.open_dataset(out2) as y:
                check(r.returncode == 0 and bool((x.outcome_count == y.outcome_count).all()),
                      "the stored scenario text reproduces the counts")
            base = [a.detsim, "run", os.path.join(a.source, "scenarios", name + ".toml"), "-o", out,
                    "--draws", "40000", "--seed", "11"]
            r = run(base + ["--resume"])
            check(r.returncode == 0 and "already complete" in r.stderr, "--resume on the finished file: exit 0")
            r = run(base)
            check(r.returncode == 2 and "already exists" in r.stderr, "an existing file is not overwritten: exit 2")
            r = run(base[:-1] + ["12", "--resume"])
            check(r.returncode == 2 and "not this run's" in r.stderr, "--resume refuses another run's file: exit 2")
    r = run([a.detsim, "run", os.path.join(a.source, "scenarios", "qre-signalling.toml"), "-o",
             os.path.join(tmp, "q.h5")])
    check(r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, "qre run refused with one line, exit 2")
    efg = os.path.join(tmp, "q.efg")
    r = run([a.detsim, "export-efg", os.path.join(a.source, "scenarios", "qre-signalling.toml"), "-o", efg])
    check(r.returncode == 0 and open(efg).read().startswith("EFG 2 R "), "export-efg writes a Gambit file")

sys.exit(summary())
