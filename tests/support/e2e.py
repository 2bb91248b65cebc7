"""What the end-to-end check scripts share: a tally of checks, running a command, comparing two
results files, and a small sweep scenario. Scripts add this folder to sys.path and import it."""
import os
import subprocess

passed = failed = 0

# MPI as root on a small machine (FACTS.md): run as root and oversubscribe the cores.
MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
           "OMPI_MCA_rmaps_base_oversubscribe": "1"}

# A sweep over the three levers with three uncertain parameters; format with name, mode, draws,
# games and steps (visibility values).
SWEEP = """
[scenario]
name = "{name}"
mode = "{mode}"
[parameters]
audience_cost_warning = {{ uniform = [0.2, 0.6] }}
patron_nuclear_cost = {{ uniform = [1, 3] }}
challenger_cost_ratio_alone = {{ beta = [8, 2] }}
[run]
draws = {draws}
games = {games}
seed = 7
[sweep.axes]
levers.warning = [0, 1]
levers.visibility = {{ from = 0, to = 1, steps = {steps} }}
levers.burden = [0.5, 0.7]
"""


def check(ok, what):
    """Counts one check; prints what failed."""
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, flush=True)


def summary():
    """Prints the tally; the script's exit status."""
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def run(cmd, env=None, timeout=300, **kw):
    """Runs cmd with the environment plus `env`; captures text output."""
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=e, **kw)


def same_file(a, b):
    """(equal, h5diff's tail): equal under h5diff AND byte for byte (h5diff skips string data)."""
    if not (os.path.exists(a) and os.path.exists(b)):
        return False, f"missing {a if not os.path.exists(a) else b}"
    h5 = run(["h5diff", a, b])
    with open(a, "rb") as fa, open(b, "rb") as fb:
        identical = fa.read() == fb.read()
    return h5.returncode == 0 and identical, h5.stdout[-500:]
