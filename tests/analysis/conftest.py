"""Small real results files made with `detsim run` (binary from $DETSIM), shared by the analysis tests."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "analysis", "python"))
os.environ.setdefault("MPLCONFIGDIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "detsim-mpl"))

# name -> (scenario, extra options): every design the plots distinguish, with few draws.
RUNS = {
    "sweep": ("levers-sweep.toml", ["--draws", "60"]),
    "pairs": ("ncg4-vs-ncg5.toml", ["--draws", "400"]),
    "pairs_per_draw": ("ncg4-vs-ncg5.toml", ["--draws", "400", "--per-draw"]),
    "lhs": ("sensitivity-lhs.toml", ["--draws", "80"]),
    "single": ("ncg5.toml", ["--draws", "200", "--games", "4"]),
}


def detsim_binary():
    path = os.environ.get("DETSIM")
    if path and os.access(path, os.X_OK):
        return path
    message = f"set DETSIM to the detsim binary (got {path!r}); ctest does this"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def results(tmp_path_factory):
    """name -> path of a results file written by `detsim run` for this test session."""
    detsim = detsim_binary()
    folder = tmp_path_factory.mktemp("results")
    paths = {}
    for name, (scenario, options) in RUNS.items():
        out = str(folder / f"{name}.h5")
        r = subprocess.run([detsim, "run", os.path.join(ROOT, "scenarios", scenario), "-o", out, "-q", *options],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, f"detsim run {scenario}: {r.stderr}"
        paths[name] = out
    return paths


@pytest.fixture(scope="session")
def opened(results):
    from detsim_analysis import open_results
    return {name: open_results(path) for name, path in results.items()}
