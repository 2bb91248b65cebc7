#!/usr/bin/env python3
"""Job-array shards and `detsim merge`, end to end.

Checks: shards 1..N (N = 1, 2, 3, 5) merge into a file byte-identical to the single run (and
h5diff-equal), in every mode; a shard file opens with xarray, marks its cells and holds NaN
elsewhere; merge refuses an overlap, a mismatch of seed or scenario, a non-shard file, and names
missing cells and shards; SLURM_ARRAY_TASK_* stand in for K/N; --resume works per shard (Ctrl-C
then resume gives the uninterrupted shard); a detsim without MPI refuses to run as several tasks.
With --mpi and --mpirun: the MPI build at 1, 2 and 3 ranks, alone and with shards, equals the
serial file. Prints "N passed, M failed"; exits non-zero on any failure.
"""
import argparse
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from e2e import MPI_ENV, SWEEP, check, run, same_file, summary  # noqa: E402



def write_scenario(path, **kw):
    with open(path, "w") as f:
        f.write(SWEEP.format(**kw))


def shards_and_merge(detsim, scenario, reference, n, tag, launcher=()):
    outs = []
    for k in range(1, n + 1):
        out = f"{tag}-{k}of{n}.h5"
        r = run(list(launcher) + [detsim, "run", scenario, "--shard", f"{k}/{n}", "-o", out, "-q"],
                env=MPI_ENV if launcher else None)
        check(r.returncode == 0, f"{tag} shard {k}/{n}: {r.stderr}")
        outs.append(out)
    merged = f"{tag}-merged{n}.h5"
    r = run([detsim, "merge", *reversed(outs), "-o", merged])
    check(r.returncode == 0, f"{tag} merge of {n} shards: {r.stderr}")
    if r.returncode == 0:
        ok, diff = same_file(reference, merged)
        check(ok, f"{tag}: {n} merged shards differ from the single run: {diff}")
    return outs


def serial_part(detsim):
    import numpy as np
    import xarray as xr

    # 1. Merged shards equal the single run, in every mode and for several shard counts.
    for mode in ("policy", "tying-hands", "sinking-costs"):
        write_scenario(f"{mode}.toml", name=mode, mode=mode, draws=300 if mode != "sinking-costs" else 30, games=4, steps=3)
        r = run([detsim, "run", f"{mode}.toml", "-o", f"{mode}.h5", "-q"])
        check(r.returncode == 0, f"{mode} single run: {r.stderr}")
        for n in ((1, 2, 3, 5) if mode == "policy" else (2, 3)):
            shards_and_merge(detsim, f"{mode}.toml", f"{mode}.h5", n, mode)
    # Per-draw output survives the merge too.
    r = run([detsim, "run", "policy.toml", "--per-draw", "-o", "perdraw.h5", "-q"])
    check(r.returncode == 0, f"per-draw single run: {r.stderr}")
    for k in (1, 2):
        r = run([detsim, "run", "policy.toml", "--per-draw", "--shard", f"{k}/2", "-o", f"pd{k}.h5", "-q"])
        check(r.returncode == 0, f"per-draw shard: {r.stderr}")
    r = run([detsim, "merge", "pd1.h5", "pd2.h5", "-o", "pd.h5"])
    check(r.returncode == 0 and same_file("perdraw.h5", "pd.h5")[0], f"per-draw merge equals the single run: {r.stderr}")

    # 2. A shard file is self-describing.
    ds = xr.open_dataset("policy-2of3.h5")
    check(ds.attrs.get("shard") == "2/3" and "modulo 3" in ds.attrs.get("shard_cells", ""), f"shard attributes: {ds.attrs.get('shard')}")
    check(ds.attrs["command"].endswith("--shard 2/3"), f"the shard's command reproduces it: {ds.attrs['command']}")
    mask = ds.shard_cell_computed.values.ravel()
    check(list(np.flatnonzero(mask)) == [1, 4, 7, 10], f"shard 2/3 computes cells 1, 4, 7, 10: {mask}")
    p = ds.outcome_probability.sum("outcome", skipna=False).values.ravel()
    check(np.allclose(p[mask == 1], 1.0) and np.isnan(p[mask == 0]).all(), f"computed cells sum to 1, others NaN: {p}")
    full = xr.open_dataset("policy.h5")
    check(np.array_equal(ds.outcome_probability.values.reshape(12, -1)[mask == 1],
                         full.outcome_probability.values.reshape(12, -1)[mask == 1]), "shard cells equal the full run's")
    ds.close()
    full.close()

    # 3. Refusals, each with a clear message and exit status 2.
    r = run([detsim, "merge", "policy-1of3.h5", "policy-3of3.h5", "-o", "m.h5"])
    check(r.returncode == 2 and "4 of 12 cells" in r.stderr and "cell 1 (warning=0, visibility=0, burden=0.7)" in r.stderr
          and "missing shard 2/3" in r.stderr and not os.path.exists("m.h5"), f"missing cells named: {r.stderr}")
    r = run([detsim, "merge", "policy-1of3.h5", "policy-2of3.h5", "policy-1of2.h5", "-o", "m.h5"])
    check(r.returncode == 2 and "is in both" in r.stderr and "policy-1of2.h5" in r.stderr, f"overlap refused: {r.stderr}")
    r = run([detsim, "run", "policy.toml", "--shard", "2/3", "--seed", "8", "-o", "seed8.h5", "-q"])
    r = run([detsim, "merge", "policy-1of3.h5", "seed8.h5", "policy-3of3.h5", "-o", "m.h5"])
    check(r.returncode == 2 and "different runs" in r.stderr and "seed" in r.stderr, f"seed mismatch refused: {r.stderr}")
    r = run([detsim, "merge", "policy-1of2.h5", "tying-hands-2of2.h5", "-o", "m.h5"])
    check(r.returncode == 2 and "different runs" in r.stderr, f"scenario mismatch refused: {r.stderr}")
    r = run([detsim, "merge", "policy.h5", "-o", "m.h5"])
    check(r.returncode == 2 and "not a shard" in r.stderr, f"a whole-run file is not a shard: {r.stderr}")
    r = run([detsim, "merge", "policy-1of2.h5", "policy-2of2.h5", "-o", "policy.h5"])
    check(r.returncode == 2 and "--force" in r.stderr, f"an existing output is kept: {r.stderr}")
    r = run([detsim, "merge", "policy-1of2.h5", "nothing.h5", "-o", "m.h5"])
    check(r.returncode == 3 and "nothing.h5" in r.stderr, f"an unreadable shard: {r.returncode} {r.stderr}")
    for bad in ("0/3", "4/3", "3", "a/b", "1/0"):
        r = run([detsim, "run", "policy.toml", "--shard", bad, "-o", "bad.h5", "-q"])
        check(r.returncode == 2 and "--shard" in r.stderr, f"--shard {bad} refused: {r.stderr}")

    # 4. SLURM_ARRAY_TASK_* stand in for K/N (arrays from 0, from 1, and with a step).
    for ids, minimum, step in (((0, 1, 2), 0, 1), ((1, 2, 3), 1, 1), ((4, 6, 8), 4, 2)):
        outs = []
        for i in ids:
            out = f"slurm-{minimum}-{i}.h5"
            env = {"SLURM_ARRAY_TASK_ID": str(i), "SLURM_ARRAY_TASK_COUNT": "3",
                   "SLURM_ARRAY_TASK_MIN": str(minimum), "SLURM_ARRAY_TASK_STEP": str(step)}
            r = run([detsim, "run", "policy.toml", "--shard", "slurm", "-o", out, "-q"], env=env)
            check(r.returncode == 0, f"--shard slurm with {env}: {r.stderr}")
            outs.append(out)
        r = run([detsim, "merge", *outs, "-o", f"slurm-{minimum}.h5"])
        check(r.returncode == 0 and same_file("policy.h5", f"slurm-{minimum}.h5")[0], f"array from {minimum}: {r.stderr}")
    r = run([detsim, "run", "policy.toml", "--shard", "slurm", "-o", "x.h5", "-q"],
            env=None)
    check(r.returncode == 2 and "SLURM_ARRAY_TASK_ID" in r.stderr, f"--shard slurm outside an array: {r.stderr}")

    # 5. --resume per shard: Ctrl-C after some cells, resume, same file; a finished shard is left alone.
    write_scenario("long.toml", name="long", mode="policy", draws=40000, games=5, steps=5)
    r = run([detsim, "run", "long.toml", "--shard", "2/2", "-o", "long-ref.h5", "-q"])
    check(r.returncode == 0, f"long shard: {r.stderr}")
    p = subprocess.Popen([detsim, "run", "long.toml", "--shard", "2/2", "-o", "long.h5", "-q"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not glob.glob("long.h5.partial.d/cell-*.bin") and p.poll() is None:
        time.sleep(0.02)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    if p.returncode == 130:
        check("--resume" in err and "of 10 cells" in err, f"interruption message counts the shard's cells: {err}")
        r = run([detsim, "run", "long.toml", "--shard", "1/2", "-o", "long.h5", "-q", "--resume"])
        check(r.returncode == 3 and "different run" in r.stderr, f"another shard's checkpoint is not resumed: {r.stderr}")
        r = run([detsim, "run", "long.toml", "--shard", "2/2", "-o", "long.h5", "-q", "--resume"])
        check(r.returncode == 0 and same_file("long-ref.h5", "long.h5")[0], f"resumed shard equals the uninterrupted one: {r.stderr}")
    else:
        check(False, f"Ctrl-C during a shard exits 130 (got {p.returncode}: {err})")
    r = run([detsim, "run", "long.toml", "--shard", "2/2", "-o", "long-ref.h5", "-q", "--resume"])
    check(r.returncode == 0 and "already complete" in r.stderr, f"resume of a finished shard: {r.stderr}")
    r = run([detsim, "run", "long.toml", "--shard", "1/2", "-o", "long-ref.h5", "-q", "--resume"])
    check(r.returncode == 2, f"resume onto another shard's file refused: {r.returncode} {r.stderr}")


def launch_part(detsim):
    # A detsim without MPI started as several tasks would compute everything twice: refused.
    for env in ({"OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_RANK": "0"}, {"SLURM_STEP_NUM_TASKS": "4"}):
        r = run([detsim, "run", "policy.toml", "-o", "twice.h5", "-q"], env=env)
        check(r.returncode == 2 and "tasks" in r.stderr and not os.path.exists("twice.h5"), f"{env}: {r.stderr}")


def mpi_part(detsim, mpirun):
    for mode in ("policy", "sinking-costs"):
        write_scenario(f"m-{mode}.toml", name=mode, mode=mode, draws=300 if mode != "sinking-costs" else 30, games=4, steps=3)
        r = run([detsim, "run", f"m-{mode}.toml", "-o", f"m-{mode}.h5", "-q"])
        check(r.returncode == 0, f"serial run of the MPI build: {r.stderr}")
        for ranks in (1, 2, 3):
            out = f"m-{mode}-np{ranks}.h5"
            r = run([mpirun, "-np", str(ranks), detsim, "run", f"m-{mode}.toml", "-o", out, "-q"], env=MPI_ENV)
            check(r.returncode == 0, f"mpirun -np {ranks} ({mode}): {r.stderr[-800:]}")
            if r.returncode == 0:
                ok, diff = same_file(f"m-{mode}.h5", out)
                check(ok, f"{mode}: {ranks} ranks differ from the serial run: {diff}")
                check(r.stdout.count("outcome probabilities") == 1, f"{ranks} ranks print one summary")
    # Shards computed by 2 ranks each, then merged.
    shards_and_merge(detsim, "m-policy.toml", "m-policy.h5", 2, "mpi-shard", launcher=(mpirun, "-np", "2"))
    # Errors are reported once, with the same exit status from every rank.
    r = run([mpirun, "-np", "3", detsim, "run", "m-policy.toml", "-o", "m-policy.h5", "-q"], env=MPI_ENV)
    check(r.returncode == 2 and r.stderr.count("already exists") == 1, f"existing output under MPI: {r.returncode} {r.stderr}")
    r = run([mpirun, "-np", "2", detsim, "run", "m-policy.toml", "--draws", "0", "-o", "z.h5", "-q"], env=MPI_ENV)
    check(r.returncode == 2 and r.stderr.count("valid range") == 1, f"bad scenario under MPI: {r.returncode} {r.stderr}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--detsim", required=True)
    ap.add_argument("--mpi", action="store_true", help="the binary is an MPI build: run the MPI checks")
    ap.add_argument("--mpirun", default="mpirun")
    a = ap.parse_args()
    detsim = os.path.abspath(a.detsim)
    tmp = tempfile.mkdtemp(prefix="detsim_cluster_")
    try:
        os.chdir(tmp)
        if a.mpi:
            if shutil.which(a.mpirun) is None:
                print(f"{a.mpirun} not found")
                return 1
            mpi_part(detsim, a.mpirun)
        else:
            serial_part(detsim)
            launch_part(detsim)
    finally:
        os.chdir("/")
        shutil.rmtree(tmp, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
