#!/usr/bin/env python3
"""Runs every case of catalogue.txt through the real detsim binary.

A case is a block:
    === name
    args: solve case.toml --set levers.visibility=2
    file case.toml:            (zero or more files written into the case's empty directory)
      ...indented text...
    status: 2
    stderr: detsim: case.toml:3: ...      (one line of stderr must equal it exactly; omitted when status is 0)
    nan-free: out.h5                      (optional: the file must exist and hold no NaN or inf)
Each case runs in a fresh temporary directory, so messages name files relatively and stay stable.
--update prints the observed block for a case whose expectation differs (for review, never applied).
"""
import argparse, math, os, shlex, subprocess, sys, tempfile


def parse(path):
    cases, case, current_file = [], None, None
    for raw in open(path, encoding="utf-8").read().splitlines():
        if raw.startswith("#") and case is None:
            continue
        if raw.startswith("=== "):
            case = {"name": raw[4:].strip(), "files": {}, "nan_free": []}
            cases.append(case)
            current_file = None
        elif raw.startswith("  ") and current_file is not None:
            case["files"][current_file] += raw[2:] + "\n"
        elif raw.startswith("file "):
            current_file = raw[5:].rstrip(":").strip()
            case["files"][current_file] = ""
        elif raw.strip() == "" or raw.startswith("#"):
            continue
        else:
            current_file = None
            key, _, value = raw.partition(": ")
            if key == "args": case["args"] = value
            elif key == "status": case["status"] = int(value)
            elif key == "stderr": case["stderr"] = value
            elif key == "nan-free": case["nan_free"].append(value.strip())
            else: raise SystemExit(f"{path}: unknown line {raw!r}")
    for case in cases:
        missing = [key for key in ("args", "status") if key not in case]
        if missing or (case.get("status") != 0 and "stderr" not in case):
            raise SystemExit(f"{path}: case {case['name']}: needs {', '.join(missing) or 'a stderr line'}")
    return cases


def non_finite(h5path):
    """Non-finite values, except NaN where docs/output.md defines a value as undefined: a measure's mean
    over zero draws where it is defined (measure_count = 0) and a standard error from fewer than two values."""
    import h5py, numpy as np
    bad = []
    with h5py.File(h5path, "r") as f:
        allowed = {}
        if "measure_count" in f:
            count = f["measure_count"][()]
            allowed["measure_mean"] = count == 0
            allowed["measure_se"] = count < 2
        if "draws_solved" in f:
            allowed["outcome_probability_se"] = (f["draws_solved"][()] < 2)[..., None]

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and obj.dtype.kind == "f":
                a = obj[()]
                wrong = ~np.isfinite(a)
                if name in allowed:
                    wrong &= ~(np.isnan(a) & np.broadcast_to(allowed[name], a.shape))
                if wrong.any():
                    bad.append(f"{name}: {int(wrong.sum())} non-finite values where a value is defined")
        f.visititems(visit)
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--detsim", required=True)
    ap.add_argument("--catalogue", default=os.path.join(os.path.dirname(__file__), "catalogue.txt"))
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    a.detsim = os.path.abspath(a.detsim)
    cases = parse(a.catalogue)
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names), "duplicate case names"
    failures = 0
    for c in cases:
        with tempfile.TemporaryDirectory(prefix="detsim-bad-") as d:
            for name, text in c["files"].items():
                os.makedirs(os.path.dirname(os.path.join(d, name)) or d, exist_ok=True)
                with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                    f.write(text)
            try:
                p = subprocess.run([a.detsim] + shlex.split(c["args"]), cwd=d, capture_output=True, text=True,
                                   timeout=60)
                status, err = p.returncode, p.stderr.strip().splitlines()
            except subprocess.TimeoutExpired:
                status, err = "timeout", ["(no answer within 60 s)"]
            last = next((line for line in err if line == c.get("stderr")), err[-1] if err else "")
            problems = []
            if status != c["status"]:
                problems.append(f"exit status {status}, expected {c['status']}")
            if c["status"] != 0 and last != c.get("stderr"):
                problems.append(f"stderr line\n      got:      {last}\n      expected: {c.get('stderr')}")
            if status == 0:
                for h5 in c["nan_free"]:
                    if not os.path.exists(os.path.join(d, h5)):
                        problems.append(f"{h5} was not written")
                    else:
                        problems += [f"{h5}: {b}" for b in non_finite(os.path.join(d, h5))]
            if status not in (0, 1, 2, 3, 130) and status != "timeout":
                problems.append("crashed (signal or unexpected status)")
            if problems:
                failures += 1
                print(f"FAIL {c['name']}: " + "; ".join(problems))
                if a.update:
                    print(f"      observed: status: {status}\n      stderr: {last}")
            else:
                print(f"ok   {c['name']}")
    print(f"{len(cases) - failures} of {len(cases)} cases behave as catalogued")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
