#!/usr/bin/env python3
"""Crash and resume, full disk, read-only directory (docs/reliability.md).

1. SIGKILL a sweep at 20 moments, chosen at random among four kinds so that every window is hit:
   between cells (after a random number of checkpointed cells), while a checkpoint cell is being written
   (its .tmp exists), while the results file is being written (OUT.partial exists) and at a random time.
   Each time `--resume` must finish the run and give a file equal to the uninterrupted one (h5diff).
2. A full disk (a 64 KiB tmpfs when it can be mounted; always a file-size limit) and a read-only directory:
   exit status 3, a message naming the file and the cause, and an earlier results file left intact.
Seeded, so a failure replays; prints which windows the kills landed in.
"""
import argparse, filecmp, os, random, shutil, signal, subprocess, sys, tempfile, time

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


SCENARIO = """[scenario]
name = "crash"
[parameters]
audience_cost_warning = { uniform = [0.2, 0.6] }
patron_nuclear_cost = { uniform = [1, 3] }
[sweep.axes]
levers.warning = [0, 1]
levers.visibility = { from = 0, to = 1, steps = 40 }
[run]
draws = 600
games = 2
per_draw = true
"""


def h5diff(a, b):
    """h5diff compares the numbers (it skips variable-length strings), and the bytes must match too:
    results files are written deterministically, provenance included."""
    r = subprocess.run(["h5diff", a, b], capture_output=True, text=True)
    if r.returncode != 0:
        return False, "h5diff: " + (r.stdout + r.stderr)[-400:]
    return filecmp.cmp(a, b, shallow=False), "h5diff finds them equal but the bytes differ"


def kill_when(cmd, condition, timeout=120):
    """Starts cmd, SIGKILLs it as soon as condition() holds; returns what the kill landed on."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.time() + timeout
    while p.poll() is None and time.time() < end:
        if condition():
            p.send_signal(signal.SIGKILL)
            p.wait()
            return True
        time.sleep(0.0002)
    p.wait()
    return False  # finished before the moment came


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--detsim", required=True)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--requeue-window", action="store_true",
                    help="also check --resume after a kill between the final rename and the checkpoint removal")
    a = ap.parse_args()
    detsim = os.path.abspath(a.detsim)
    tmp = tempfile.mkdtemp(prefix="detsim_crash_")
    os.chmod(tmp, 0o755)
    try:
        os.chdir(tmp)
        with open("crash.toml", "w") as f:
            f.write(SCENARIO)
        r = subprocess.run([detsim, "run", "crash.toml", "-o", "reference.h5", "-q", "--threads", "2"],
                           capture_output=True, text=True)
        check(r.returncode == 0, f"uninterrupted reference run ({r.stderr.strip()})")
        rng = random.Random(a.seed)
        out, ckpt = "out.h5", "out.h5.partial.d"

        def cells_saved():
            try:
                return sum(n.endswith(".bin") for n in os.listdir(ckpt))
            except FileNotFoundError:
                return 0

        def cell_tmp():
            try:
                return any(n.endswith(".tmp") for n in os.listdir(ckpt))
            except FileNotFoundError:
                return False

        if a.kills == 0 and a.requeue_window:
            requeue_after_rename(detsim, cells_saved)
            return 1 if failures else 0
        landed = {"between cells": 0, "checkpoint write": 0, "results write": 0, "random time": 0, "after finishing": 0}
        for trial in range(a.kills):
            for path in (out, out + ".partial"):
                if os.path.exists(path):
                    os.remove(path)
            shutil.rmtree(ckpt, ignore_errors=True)
            cmd = [detsim, "run", "crash.toml", "-o", out, "-q", "--threads", str(rng.choice([1, 2]))]
            kind = rng.choice(["between cells", "checkpoint write", "results write", "random time"])
            if kind == "between cells":
                k = rng.randint(1, 79)
                cond = lambda k=k: cells_saved() >= k
            elif kind == "checkpoint write":
                cond = cell_tmp
            elif kind == "results write":
                cond = lambda: os.path.exists(out + ".partial")
            else:
                t_kill = time.time() + rng.uniform(0.0, 1.5)
                cond = lambda t_kill=t_kill: time.time() >= t_kill
            killed = kill_when(cmd, cond)
            landed[kind if killed else "after finishing"] += 1
            # Whatever the moment, the final name holds the whole result or nothing.
            check(not os.path.exists(out) or h5diff("reference.h5", out)[0],
                  f"kill {trial + 1} ({kind}): no partial file under the final name")
            if os.path.exists(out) and os.path.isdir(ckpt):
                # Killed after the rename, before the checkpoint was removed: the file is whole (checked
                # above), and `--resume` reports it complete and removes the checkpoint.
                landed["after rename"] = landed.get("after rename", 0) + 1
            r = subprocess.run(cmd + ["--resume"], capture_output=True, text=True)
            ok, diff = h5diff("reference.h5", out) if os.path.exists(out) else (False, "no file")
            check(r.returncode == 0 and ok,
                  f"kill {trial + 1} ({kind}{'' if killed else ', run ended first'}) then --resume: "
                  f"status {r.returncode}, equal to the uninterrupted file" + ("" if ok else f" ({r.stderr.strip()[-200:]} {diff})"))
            check(not os.path.exists(ckpt) and not os.path.exists(out + ".partial"),
                  f"kill {trial + 1}: nothing left over after the resumed run")
        print("kills landed: " + ", ".join(f"{k} {v}" for k, v in landed.items()))
        check(landed["between cells"] + landed["checkpoint write"] + landed["results write"] >= 5,
              "the kills hit the targeted windows (cells, checkpoint writes, results write)")

        if a.requeue_window:
            requeue_after_rename(detsim, cells_saved)
        full_disk(detsim)
        read_only_directory(detsim)
    finally:
        os.chdir("/")
        subprocess.run(["umount", os.path.join(tmp, "tiny")], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


def requeue_after_rename(detsim, cells_saved):
    """The state a kill between the final rename and the checkpoint removal leaves: a finished file and
    the run's checkpoint. A requeued `--resume` should report the run complete (exit 0), not refuse it."""
    for path in ("out.h5", "out.h5.partial"):
        if os.path.exists(path):
            os.remove(path)
    shutil.rmtree("out.h5.partial.d", ignore_errors=True)
    cmd = [detsim, "run", "crash.toml", "-o", "out.h5", "-q"]
    kill_when(cmd, lambda: cells_saved() >= 3)
    shutil.copytree("out.h5.partial.d", "saved.partial.d")
    subprocess.run(cmd + ["--resume"], capture_output=True)
    shutil.copytree("saved.partial.d", "out.h5.partial.d")
    r = subprocess.run(cmd + ["--resume"], capture_output=True, text=True)
    check(r.returncode == 0 and h5diff("reference.h5", "out.h5")[0],
          f"--resume after a kill between rename and checkpoint removal: status {r.returncode} ({r.stderr.strip()})")


def earlier_results(path):
    shutil.copy("reference.h5", path)
    return path


def full_disk(detsim):
    # File-size limit: works everywhere, no privileges needed.
    earlier = earlier_results("earlier.h5")
    r = subprocess.run(["bash", "-c", f"ulimit -f 128; exec {detsim} run crash.toml -o earlier.h5 --force -q"],
                       capture_output=True, text=True)
    check(r.returncode == 3 and "earlier.h5" in r.stderr, f"file-size limit: exit 3 naming the file ({r.returncode}: "
                                                           f"{r.stderr.strip()[-300:]})")
    check(filecmp.cmp("reference.h5", earlier, shallow=False), "file-size limit: the earlier results file is intact")
    check(not os.path.exists("earlier.h5.partial"), "file-size limit: no partial file left")
    # A really full file system: a 64 KiB tmpfs (needs root and a kernel that lets us mount).
    os.makedirs("tiny", exist_ok=True)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", "tiny"], capture_output=True, text=True)
    if m.returncode != 0:
        print(f"note: no 64 KiB tmpfs here ({m.stderr.strip()}); the file-size limit above stands for a full disk")
        return
    try:
        with open("tiny/small.h5", "wb") as f:  # an earlier small results file that fits
            f.write(b"earlier results")
        r = subprocess.run([detsim, "run", "crash.toml", "-o", "tiny/new.h5", "-q"], capture_output=True, text=True)
        check(r.returncode == 3 and "No space left on device" in r.stderr,
              f"full tmpfs: exit 3 and 'No space left on device' ({r.returncode}: {r.stderr.strip()[-300:]})")
        check(open("tiny/small.h5", "rb").read() == b"earlier results", "full tmpfs: the earlier file is intact")
        check(not os.path.exists("tiny/new.h5") and not os.path.exists("tiny/new.h5.partial"),
              "full tmpfs: nothing under the final name, no partial file")
    finally:
        subprocess.run(["umount", "tiny"], capture_output=True)


def read_only_directory(detsim):
    os.makedirs("ro", exist_ok=True)
    shutil.copy("reference.h5", "ro/earlier.h5")
    shutil.copy("crash.toml", "ro/crash.toml")
    os.chmod("ro/earlier.h5", 0o644)
    os.chmod("ro", 0o555)
    # root ignores directory permissions: run detsim as 'nobody' then.
    demote = None
    if os.geteuid() == 0:
        def demote():
            os.setgid(65534)
            os.setuid(65534)
    try:
        for args in (["-o", "ro/new.h5"], ["-o", "ro/earlier.h5", "--force"]):
            r = subprocess.run([detsim, "run", "ro/crash.toml", "-q", "--draws", "20"] + args, capture_output=True,
                               text=True, preexec_fn=demote)
            check(r.returncode == 3 and "Permission denied" in r.stderr and args[1] in r.stderr,
                  f"read-only directory, {' '.join(args)}: exit 3 naming the file and the cause "
                  f"({r.returncode}: {r.stderr.strip()[-300:]})")
        check(filecmp.cmp("reference.h5", "ro/earlier.h5", shallow=False), "read-only directory: earlier file intact")
        check(sorted(os.listdir("ro")) == ["crash.toml", "earlier.h5"], f"read-only directory: nothing added "
                                                                          f"({sorted(os.listdir('ro'))})")
    finally:
        os.chmod("ro", 0o755)


if __name__ == "__main__":
    sys.exit(main())
