"""detsim-plot: the figures that fit each design, and clear errors on bad input."""
import os
import subprocess

import h5py
import numpy as np

from conftest import ROOT

PLOT = os.path.join(ROOT, "analysis", "python", "detsim-plot")


def run(*args):
    """The command itself, as a user runs it (a new interpreter: slower, so used sparingly)."""
    return subprocess.run(["/usr/bin/python3", PLOT, *args], capture_output=True, text=True, timeout=120)


def run_here(*args):
    """detsim_analysis.cli.main in this process: the same code without a new interpreter."""
    import contextlib
    import io
    import types
    from detsim_analysis.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(list(args))
    return types.SimpleNamespace(returncode=rc, stdout=out.getvalue(), stderr=err.getvalue())


def test_figures_fit_the_design(results, tmp_path):
    expected = {"sweep": {"outcomes", "heatmaps", "fan"},
                "pairs_per_draw": {"outcomes", "waterfall", "tornado"},
                "lhs": {"outcomes", "tornado"},
                "single": {"outcomes"}}
    for name, figures in expected.items():
        out = tmp_path / name
        # One file through the real command with both formats; the others in-process, PNG only (faster).
        both = name == "pairs_per_draw"
        r = run(results[name], "--out", str(out)) if both else \
            run_here(results[name], "--out", str(out), "--format", "png")
        assert r.returncode == 0, r.stderr
        written = sorted(os.listdir(out))
        formats = ("png", "svg") if both else ("png",)
        assert written == sorted(f"{f}.{ext}" for f in figures for ext in formats), (name, written)
        for f in written:
            head = (out / f).read_bytes()[:8]
            assert head.startswith(b"\x89PNG") if f.endswith(".png") else b"<?xml" in head
        for skipped in {"outcomes", "heatmaps", "fan", "waterfall", "tornado"} - figures:
            assert f"{skipped:10s} skipped:" in r.stdout


def test_options_and_reproducible_bytes(results, tmp_path):
    for k in (1, 2):
        r = run_here(results["sweep"], "--out", str(tmp_path / str(k)), "--only", "fan", "--fan-along", "burden",
                "--fix", "warning=0", "--fix", "visibility=0.4", "--prefix", "sweep-")
        assert r.returncode == 0, r.stderr
    for ext in ("png", "svg"):
        assert (tmp_path / "1" / f"sweep-fan.{ext}").read_bytes() == (tmp_path / "2" / f"sweep-fan.{ext}").read_bytes()
    r = run_here(results["pairs"], "--out", str(tmp_path / "c"), "--cell", "ncg4", "--cell", "ncg5", "--only",
            "outcomes,waterfall", "--format", "png")
    assert r.returncode == 0 and sorted(os.listdir(tmp_path / "c")) == ["outcomes.png", "waterfall.png"]


def test_errors_exit_nonzero_with_a_clear_message(results, tmp_path):
    missing = str(tmp_path / "absent.h5")
    r = run(missing, "--out", str(tmp_path))
    assert r.returncode == 2 and r.stderr.strip() == f"detsim-plot: error: {missing}: no such results file"
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    r = run_here(str(text), "--out", str(tmp_path))
    assert r.returncode == 2 and "not an HDF5 file" in r.stderr and str(text) in r.stderr
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f["x"] = np.zeros(3)
    r = run(str(foreign), "--out", str(tmp_path))
    assert r.returncode == 2 and "not a detsim results file" in r.stderr and "Traceback" not in r.stderr
    r = run_here(results["sweep"], "--out", str(tmp_path), "--only", "waterfall")
    assert r.returncode == 2 and "waterfall does not fit this file" in r.stderr
    r = run_here(results["sweep"], "--out", str(tmp_path), "--fix", "colour=1")
    assert r.returncode == 2 and "--fix colour" in r.stderr
    r = run_here(results["pairs"], "--out", str(tmp_path), "--cell", "ncg9")
    assert r.returncode == 2 and "ncg9" in r.stderr
    r = run_here(results["sweep"], "--out", str(tmp_path), "--cell", "warning=abc")
    assert r.returncode == 2 and "warning = 'abc' is not a number" in r.stderr
    r = run_here(results["sweep"], "--out", str(tmp_path), "--fix", "outcome=1")
    assert r.returncode == 2 and "--fix outcome: not a grid axis" in r.stderr
    r = run_here(results["sweep"], "--out", str(tmp_path), "--format", "jpg")
    assert r.returncode == 2 and "--format 'jpg'" in r.stderr
    r = run_here(results["sweep"], "--out", str(text))  # a file where the folder should be
    assert r.returncode == 2 and f"--out {text}: cannot make a folder" in r.stderr
    r = run_here(results["sweep"], results["sweep"], "--out", str(tmp_path))
    assert r.returncode == 2 and "not shards of one sweep" in r.stderr
    assert not any(p.suffix in (".png", ".svg") for p in tmp_path.iterdir())
