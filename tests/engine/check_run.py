#!/usr/bin/env python3
"""`detsim run` end to end, as a user or a batch system runs it.

Checks: identical files for 1, 2 and 3 threads (h5diff and byte comparison); SIGKILL at random
moments then --resume gives the uninterrupted file; Ctrl-C exits 130 and resumes; an existing
output is kept without --force; a file-size limit leaves nothing under the final name; the file
opens with xarray (both engines where installed) with the promised dimensions, coordinates and
attributes, and probabilities summing to 1; bad options exit 2; `detsim info` reads the file.
Prints "N passed, M failed" and exits non-zero on any failure.
"""
import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np
import xarray as xr

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from e2e import SWEEP, check, run, same_file, summary  # noqa: E402

# Draws per cell of the kill-and-resume sweep (60,000 in the release suite).
LONG_DRAWS = int(os.environ.get("DETSIM_E2E_LONG_DRAWS", "60000"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--detsim", required=True)
    ap.add_argument("--source", required=True)
    a = ap.parse_args()
    detsim = a.detsim
    tmp = tempfile.mkdtemp(prefix="detsim_e2e_")
    try:
        os.chdir(tmp)

        # 1. Thread counts: the same file, byte for byte, in every mode.
        for mode in ("policy", "tying-hands", "sinking-costs"):
            with open(f"{mode}.toml", "w") as f:
                f.write(SWEEP.format(name="e2e", mode=mode, draws=400 if mode != "sinking-costs" else 40, games=5, steps=3))
            outs = []
            for t in (1, 2, 3):
                out = f"{mode}-t{t}.h5"
                r = run([detsim, "run", f"{mode}.toml", "-o", out, "--threads", str(t), "-q"])
                check(r.returncode == 0, f"{mode} run with {t} threads: {r.stderr}")
                outs.append(out)
            for out in outs[1:]:
                ok, diff = same_file(outs[0], out)
                check(ok, f"{mode}: {outs[0]} and {out} differ: {diff}")

        # 2. SIGKILL at random moments, then --resume: the uninterrupted file. The kill times scale with
        # the run's measured length, so a sanitizer build may use fewer draws (ci_hardening.sh does).
        with open("long.toml", "w") as f:
            f.write(SWEEP.format(name="e2e", mode="policy", draws=LONG_DRAWS, games=10, steps=5))
        r = run([detsim, "run", "long.toml", "-o", "reference.h5", "-q"])
        check(r.returncode == 0, f"reference run: {r.stderr}")
        t0 = time.time()
        r = run([detsim, "run", "long.toml", "-o", "timing.h5", "-q"])
        duration = time.time() - t0
        rng = random.Random(20251104)
        killed_with_progress = 0
        for trial in range(4):
            out = f"killed{trial}.h5"
            p = subprocess.Popen([detsim, "run", "long.toml", "-o", out, "-q"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.15, 0.85) * duration)
            p.send_signal(signal.SIGKILL)
            p.wait()
            # A kill can land after the final rename: then the file must be the whole result.
            check(not os.path.exists(out) or same_file("reference.h5", out)[0], f"a killed run left a partial {out}")
            ckpt = out + ".partial.d"
            if os.path.isdir(ckpt) and any(n.startswith("cell-") for n in os.listdir(ckpt)):
                killed_with_progress += 1
            r = run([detsim, "run", "long.toml", "-o", out, "-q", "--resume"])
            check(r.returncode == 0, f"resume after SIGKILL: {r.stderr}")
            ok, diff = same_file("reference.h5", out)
            check(ok, f"resumed file {out} differs from the uninterrupted one: {diff}")
            check(not os.path.exists(ckpt), "the checkpoint directory is removed after completion")
        check(killed_with_progress >= 1, "at least one kill landed after some cells were checkpointed")

        # 3. Ctrl-C: exit 130, finished cells kept, resume completes the same file.
        p = subprocess.Popen([detsim, "run", "long.toml", "-o", "interrupted.h5", "-q"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        time.sleep(0.5 * duration)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
        check(p.returncode == 130, f"Ctrl-C exits 130 (got {p.returncode}: {err})")
        check("--resume" in err, f"the interruption message says how to resume: {err}")
        check(not os.path.exists("interrupted.h5"), "no results file after Ctrl-C")
        r = run([detsim, "run", "long.toml", "-o", "interrupted.h5", "-q"])
        check(r.returncode == 2 and "--resume" in r.stderr and os.path.isdir("interrupted.h5.partial.d"),
              f"a checkpoint is never dropped silently: {r.returncode} {r.stderr}")
        r = run([detsim, "run", "long.toml", "-o", "interrupted.h5", "-q", "--resume"])
        ok, diff = same_file("reference.h5", "interrupted.h5")
        check(r.returncode == 0 and ok, f"resume after Ctrl-C: {r.stderr} {diff}")

        # 4. An existing output is never overwritten without --force.
        before = os.path.getmtime("reference.h5"), os.path.getsize("reference.h5")
        r = run([detsim, "run", "long.toml", "-o", "reference.h5", "-q", "--draws", "10"])
        check(r.returncode == 2 and "--force" in r.stderr, f"existing output refused: {r.returncode} {r.stderr}")
        check((os.path.getmtime("reference.h5"), os.path.getsize("reference.h5")) == before, "existing output untouched")
        # --resume on a finished run (a requeued job) succeeds without touching it; on another run's file it refuses.
        r = run([detsim, "run", "long.toml", "-o", "reference.h5", "-q", "--resume"])
        check(r.returncode == 0 and "already complete" in r.stderr, f"resume of a finished run: {r.returncode} {r.stderr}")
        check((os.path.getmtime("reference.h5"), os.path.getsize("reference.h5")) == before, "finished output untouched")
        r = run([detsim, "run", "long.toml", "-o", "reference.h5", "-q", "--resume", "--seed", "8"])
        check(r.returncode == 2 and "--force" in r.stderr, f"resume onto another run's file refused: {r.returncode} {r.stderr}")
        # A checkpoint of another run is not resumed into this one.
        os.makedirs("other.h5.partial.d")
        with open("other.h5.partial.d/manifest", "w") as f:
            f.write("something else")
        r = run([detsim, "run", "long.toml", "-o", "other.h5", "-q", "--resume"])
        check(r.returncode == 3 and "different run" in r.stderr, f"foreign checkpoint refused: {r.stderr}")

        # 5. A write failure (file-size limit) leaves nothing under the final name and says why.
        with open("big.toml", "w") as f:
            f.write(SWEEP.format(name="e2e", mode="policy", draws=50, games=0, steps=60))
        r = subprocess.run(["bash", "-c", f"ulimit -f 64; exec {detsim} run big.toml -o big.h5 -q"],
                           capture_output=True, text=True, timeout=300)
        check(r.returncode == 3, f"write failure exits 3 (got {r.returncode}: {r.stderr})")
        check("big.h5" in r.stderr and "too large" in r.stderr.lower(), f"the error names the file and the cause: {r.stderr}")
        check(not os.path.exists("big.h5"), "nothing under the final name after a failed write")
        check(not os.path.exists("big.h5.partial"), "no partial file left behind")

        # 6. The file opens labelled with xarray, with probabilities summing to 1.
        engines = ["netcdf4"]
        try:
            import h5netcdf  # noqa: F401
            engines.append("h5netcdf")
        except ImportError:
            print("note: h5netcdf is not installed; checking the netcdf4 engine only")
        for engine in engines:
            ds = xr.open_dataset("reference.h5", engine=engine)
            check(list(ds.outcome.values) == ["SQ", "REBUFFED", "PBD", "CONV", "NUC"], f"{engine}: outcome coordinate")
            check(ds.outcome_probability.dims == ("warning", "visibility", "burden", "outcome"),
                  f"{engine}: dims {ds.outcome_probability.dims}")
            check(np.allclose(ds.visibility.values, [0, 0.25, 0.5, 0.75, 1]), f"{engine}: visibility coordinate")
            check(ds.visibility.attrs.get("scenario_key") == "levers.visibility", f"{engine}: coordinate attributes")
            check(ds.outcome_probability.attrs.get("units") == "1", f"{engine}: units")
            check("long_name" in ds.outcome_probability.attrs, f"{engine}: long_name")
            total = ds.outcome_probability.sum("outcome").values
            check(np.allclose(total, 1.0, atol=1e-12), f"{engine}: probabilities sum to 1 ({total.min()}..{total.max()})")
            check(int(ds.attrs["seed"]) == 7 and int(ds.attrs["draws"]) == LONG_DRAWS, f"{engine}: seed and draws attributes")
            for key in ("detsim_version", "git_revision", "compiler", "compiler_flags", "rng_layout", "scenario", "command"):
                check(key in ds.attrs, f"{engine}: provenance attribute {key}")
            check(ds.games_count.dtype == np.uint64, f"{engine}: games_count is uint64")
            q = ds.outcome_probability_quantile.sel(outcome="PBD")
            check(bool((q.diff("quantile") >= 0).all()), f"{engine}: quantiles are ordered")
            ds.close()
        with h5py.File("reference.h5", "r") as h:
            check(h["games_count"].dtype == np.uint64, "h5py reads uint64 counts")
            check(h["outcome_probability"].compression == "gzip", "variables are gzip-compressed")

        # Named cells with a reference, per-draw output, and the shipped paired scenario.
        r = run([detsim, "run", os.path.join(a.source, "scenarios", "ncg4-vs-ncg5.toml"), "-o", "pairs.h5", "-q",
                 "--draws", "2000", "--per-draw"])
        check(r.returncode == 0, f"ncg4-vs-ncg5 run: {r.stderr}")
        ds = xr.open_dataset("pairs.h5")
        check(list(ds.sample.values)[0] == "ncg4" and list(ds.sample.values)[-1] == "ncg5", "named sample coordinate")
        d = ds.outcome_probability_difference
        check(np.allclose(d.sel(sample="ncg4").values, 0), "the reference's difference from itself is 0")
        check(np.allclose(d.sel(sample="ncg5").values,
                          (ds.outcome_probability.sel(sample="ncg5") - ds.outcome_probability.sel(sample="ncg4")).values,
                          atol=1e-12), "paired difference equals the difference of means")
        check(ds.draw_outcome_probability.dims == ("sample", "draw", "outcome"), "per-draw outcome dims")
        check(ds.draw_parameter.dims == ("draw", "parameter"), "per-draw parameter dims")
        means = ds.draw_outcome_probability.mean("draw")
        check(np.allclose(means.values, ds.outcome_probability.values, atol=1e-12), "per-draw values average to the mean")
        # docs/output.md's recipe: numpy's Philox regenerates every uniform-prior parameter draw.
        seed = int(ds.attrs["seed"])
        regenerated = 0
        for name in ds.parameter.values:
            prior = str(ds.parameter_prior.sel(parameter=name).values)
            if not prior.startswith("uniform["):
                continue
            lo, hi = (float(x) for x in prior[len("uniform["):-1].split(","))
            slot = int(ds.parameter_slot.sel(parameter=name).values)
            for i in (0, 1, 977, 1999):
                counter = (slot >> 2) + (i << 128) + (0 << 192)  # block, game 0, draw i, purpose parameter_prior
                c = (counter - 1) % (1 << 256)
                words = np.array([(c >> (64 * k)) & ((1 << 64) - 1) for k in range(4)], dtype=np.uint64)
                raw = np.random.Philox(key=np.array([seed, 0], dtype=np.uint64), counter=words).random_raw(4)
                u = float(raw[slot & 3] >> np.uint64(11)) * 2.0 ** -53
                expected = lo + (hi - lo) * u
                got = float(ds.draw_parameter.sel(draw=i, parameter=name).values) if "draw" in ds.coords else \
                    float(ds.draw_parameter.values[i, list(ds.parameter.values).index(name)])
                check(abs(got - expected) <= 1e-15 * max(1.0, abs(expected)), f"numpy regenerates {name} of draw {i}: {got} vs {expected}")
                regenerated += 1
        check(regenerated >= 8, f"regenerated {regenerated} parameter draws with numpy")
        ds.close()
        check("ncg5" in r.stdout and "paired difference" in r.stdout, f"summary table: {r.stdout[:300]}")

        # 7. Bad options exit 2 with one line; info reads files and refuses others.
        for args, fragment in ((["--draws", "0"], "run.draws"), (["--threads", "-1"], "--threads"),
                               (["--games", "x"], "games"), (["--set", "run.draws=-5"], "run.draws")):
            r = run([detsim, "run", "long.toml", "-o", "bad.h5", "-q"] + args)
            check(r.returncode == 2 and fragment in r.stderr, f"bad option {args}: {r.returncode} {r.stderr}")
        r = run([detsim, "info", "reference.h5"])
        check(r.returncode == 0 and "EDSG-1" in r.stdout and "outcome_probability" in r.stdout, f"info: {r.stdout}")
        with open("foreign.h5", "wb") as f:
            f.write(b"not hdf5")
        r = run([detsim, "info", "foreign.h5"])
        check(r.returncode != 0 and "foreign.h5" in r.stderr, f"info on a foreign file: {r.stderr}")
    finally:
        os.chdir("/")
        shutil.rmtree(tmp, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
