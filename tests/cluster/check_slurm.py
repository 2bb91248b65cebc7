#!/usr/bin/env python3
"""A single-node Slurm cluster of our own, and detsim's two ways of using it.

Starts munged, slurmctld and slurmd (Debian's packages, no systemd) with private sockets, ports,
state and spool directories under a temporary directory; submits a job array of shards
(--shard slurm), a merge job with --dependency=afterok on the array, and an MPI job
(srun --mpi=pmix, and mpirun inside an allocation); checks that the merged file and the MPI files
are byte-identical to a serial run; stops the daemons by their PIDs, whatever happens.
Skips (exit 77) with a printed reason only outside CI (CI=true makes a missing piece a failure).
"""
import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import e2e  # noqa: E402
from e2e import check, same_file, summary  # noqa: E402

SKIP = 77


def unavailable(reason):
    if os.environ.get("CI", "").lower() == "true":
        print(f"FAIL: {reason} (tests never skip in CI)")
        return 1
    print(f"SKIP: {reason}")
    return SKIP


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SCENARIO = """
[scenario]
name = "slurm"
mode = "policy"
[parameters]
audience_cost_warning = { uniform = [0.2, 0.6] }
patron_nuclear_cost = { uniform = [1, 3] }
[run]
draws = 3000
games = 4
seed = 11
[sweep.axes]
levers.warning = [0, 1]
levers.visibility = { from = 0, to = 1, steps = 4 }
"""


class Cluster:
    def __init__(self, root):
        self.root = root
        self.procs = []
        self.env = dict(os.environ)
        self.env["SLURM_CONF"] = os.path.join(root, "slurm.conf")

    def start(self):
        munge_dir = os.path.join(self.root, "munge")
        os.makedirs(munge_dir)
        munge = pwd.getpwnam("munge")
        key = os.path.join(munge_dir, "munge.key")
        with open(key, "wb") as f:
            f.write(os.urandom(1024))
        os.chmod(key, 0o400)
        os.chmod(munge_dir, 0o755)  # munged wants its socket directory searchable by all
        for p in (munge_dir, key):
            os.chown(p, munge.pw_uid, munge.pw_gid)
        os.chmod(self.root, 0o755)
        self.socket = os.path.join(munge_dir, "munge.socket")
        self.spawn("munged", ["munged", "--foreground",
                              f"--socket={self.socket}", f"--key-file={key}", f"--pid-file={munge_dir}/munged.pid",
                              f"--log-file={munge_dir}/munged.log", f"--seed-file={munge_dir}/munged.seed"],
                   user=munge.pw_uid, group=munge.pw_gid)
        for _ in range(100):
            if os.path.exists(self.socket):
                break
            time.sleep(0.05)
        host = socket.gethostname().split(".")[0]
        state, spool = os.path.join(self.root, "state"), os.path.join(self.root, "spool")
        os.makedirs(state)
        os.makedirs(spool)
        conf = f"""ClusterName=detsimtest
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={self.socket}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
StateSaveLocation={state}
SlurmdSpoolDir={spool}
SlurmctldPidFile={self.root}/slurmctld.pid
SlurmdPidFile={self.root}/slurmd.pid
SlurmctldLogFile={self.root}/slurmctld.log
SlurmdLogFile={self.root}/slurmd.log
SchedulerType=sched/backfill
NodeName={host} NodeAddr=127.0.0.1 CPUs={os.cpu_count()} State=UNKNOWN
PartitionName=main Nodes={host} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
"""
        with open(self.env["SLURM_CONF"], "w") as f:
            f.write(conf)
        self.spawn("slurmctld", ["slurmctld", "-D", "-c", "-i", "-f", self.env["SLURM_CONF"]])
        self.spawn("slurmd", ["slurmd", "-D", "-f", self.env["SLURM_CONF"]])
        deadline = time.time() + 30
        while time.time() < deadline:
            if any(p.poll() is not None for _, p in self.procs):
                return False  # a daemon died: its log says why
            try:
                r = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, env=self.env, timeout=5)
                if r.stdout.strip() in ("idle", "mixed", "allocated"):
                    return True
            except subprocess.TimeoutExpired:
                pass
            time.sleep(0.1)
        return False

    def spawn(self, name, cmd, **kw):
        log = open(os.path.join(self.root, f"{name}.out"), "w")
        self.procs.append((name, subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=self.env, **kw)))

    def stop(self):
        subprocess.run(["scancel", "--user=root"], capture_output=True, env=self.env, timeout=30)
        for name, p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()

    def logs(self):
        for name in ("slurmctld.log", "slurmd.log", "munge/munged.log", "slurmctld.out", "slurmd.out", "munged.out"):
            path = os.path.join(self.root, name)
            if os.path.exists(path):
                print(f"--- {name} (tail)")
                print("".join(open(path, errors="replace").readlines()[-15:]))

    def sbatch(self, args, script, work):
        try:
            r = subprocess.run(["sbatch", "--parsable", "-D", work, *args], input=script, capture_output=True,
                               text=True, env=self.env, timeout=120)
        except subprocess.TimeoutExpired:
            return 1, "", f"sbatch {' '.join(args)} did not finish within 120 s"
        return r.returncode, r.stdout.strip().split(";")[0], r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--detsim", required=True)
    ap.add_argument("--mpi", action="store_true", help="the binary is an MPI build: also run MPI jobs")
    a = ap.parse_args()
    detsim = os.path.abspath(a.detsim)
    if os.geteuid() != 0:
        return unavailable("a private Slurm needs root (SlurmUser=root)")
    for tool in ("munged", "slurmctld", "slurmd", "sbatch", "sinfo", "h5diff"):
        if shutil.which(tool) is None:
            return unavailable(f"{tool} is not installed (setup.sh installs slurm-wlm and munge)")
    try:
        pwd.getpwnam("munge")
    except KeyError:
        return unavailable("no munge user")

    # ctest's timeout and Ctrl-C end the test through `finally`, which stops the daemons.
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    root = tempfile.mkdtemp(prefix="detsim_slurm_")
    cluster = Cluster(root)
    work = os.path.join(root, "work")
    os.makedirs(work)
    try:
        if not cluster.start():
            cluster.logs()
            check(False, "the Slurm node came up idle")
            return 1
        with open(os.path.join(work, "s.toml"), "w") as f:
            f.write(SCENARIO)
        r = subprocess.run([detsim, "run", "s.toml", "-o", "serial.h5", "-q"], cwd=work, capture_output=True, text=True)
        check(r.returncode == 0, f"serial run: {r.stderr}")

        env_line = ("export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
                    "OMPI_MCA_rmaps_base_oversubscribe=1\n")
        # 1. A job array of shards, and a merge job that waits for it.
        rc, array_id, err = cluster.sbatch(["--array=1-3", "-n", "1", "-c", "1", "-o", "array-%a.out"],
                                           f"#!/bin/bash\nset -e\n{detsim} run s.toml --shard slurm --threads 1 -q "
                                           f"-o shard-$SLURM_ARRAY_TASK_ID.h5\n", work)
        check(rc == 0 and array_id, f"sbatch --array: {err}")
        rc, merge_id, err = cluster.sbatch(["--dependency=afterok:" + array_id, "--wait", "-n", "1", "-o", "merge.out"],
                                           f"#!/bin/bash\nset -e\n{detsim} merge shard-*.h5 -o merged.h5\n", work)
        check(rc == 0, f"merge job (afterok:{array_id}) succeeded: {err} "
              f"{open(os.path.join(work, 'merge.out')).read() if os.path.exists(os.path.join(work, 'merge.out')) else ''}")
        check(same_file(os.path.join(work, "serial.h5"), os.path.join(work, "merged.h5"))[0],
              "the merged job-array result is byte-identical to the serial run")
        # 2. MPI jobs: srun --mpi=pmix, and mpirun inside an sbatch allocation.
        if a.mpi:
            rc, _, err = cluster.sbatch(["--wait", "-n", "2", "-c", "1", "-o", "srun.out"],
                                        f"#!/bin/bash\nset -e\n{env_line}srun --mpi=pmix -n 2 {detsim} run s.toml "
                                        f"--threads 1 -q -o srun.h5\n", work)
            out = open(os.path.join(work, "srun.out")).read() if os.path.exists(os.path.join(work, "srun.out")) else ""
            check(rc == 0 and same_file(os.path.join(work, "serial.h5"), os.path.join(work, "srun.h5"))[0],
                  f"srun --mpi=pmix -n 2 equals the serial run: {err} {out[-800:]}")
            rc, _, err = cluster.sbatch(["--wait", "-n", "2", "-c", "1", "-o", "mpirun.out"],
                                        f"#!/bin/bash\nset -e\n{env_line}mpirun -np 3 {detsim} run s.toml "
                                        f"--threads 1 -q -o mpirun.h5\n", work)
            out = open(os.path.join(work, "mpirun.out")).read() if os.path.exists(os.path.join(work, "mpirun.out")) else ""
            check(rc == 0 and same_file(os.path.join(work, "serial.h5"), os.path.join(work, "mpirun.h5"))[0],
                  f"mpirun -np 3 in a 2-task sbatch job equals the serial run: {err} {out[-800:]}")
        if e2e.failed:
            cluster.logs()
    finally:
        cluster.stop()
        alive = [name for name, p in cluster.procs if p.poll() is None]
        check(not alive, f"daemons stopped: {alive}")
        shutil.rmtree(root, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
