"""API tests of `detsim serve` against a running server on a free port.

Run by ctest: DETSIM_BINARY=path/to/detsim /usr/bin/python3 -m pytest tests/server/test_api.py
"""
import json
import os
import pathlib
import socket
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

DETSIM = os.environ.get("DETSIM_BINARY", "detsim")
ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
OUTCOMES = ["SQ", "REBUFFED", "PBD", "CONV", "NUC"]


@pytest.fixture(scope="module")
def server():
    proc = subprocess.Popen([DETSIM, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert "listening on http://127.0.0.1:" in line, line  # localhost unless asked otherwise
    url = line.split("listening on ")[1].split()[0].rstrip("/")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def call(url, path, body=None, raw=None):
    """(status, parsed JSON) of one request; body is JSON-encoded, raw is sent as is."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url + path, data=data, method="POST" if data is not None else "GET",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def cli(*args):
    return subprocess.run([DETSIM, *args], check=True, capture_output=True, text=True).stdout


def test_presets_describe_controls_and_bounds(server):
    status, meta = call(server, "/api/presets")
    assert status == 200
    assert [p["id"] for p in meta["presets"]][:2] == ["ncg4", "ncg5"]
    ncg5 = meta["presets"][1]
    assert ncg5["label"] == "NCG5 (Nov 2025)"
    assert ncg5["levers"] == {"warning": 0, "visibility": 0.5, "burden": 0.7}
    assert meta["outcomes"] == OUTCOMES
    for c in meta["controls"]:
        assert c["min"] < c["max"]


@pytest.mark.parametrize("request_body,cli_args", [
    ({"preset": "ncg5"}, ["ncg5.toml"]),
    ({"preset": "ncg4"}, ["ncg4.toml"]),
    # Values equal to the preset's are not overridden; the others are, exactly as --set does.
    ({"preset": "ncg5", "levers": {"warning": 0, "visibility": 0.5, "burden": 0.3}},
     ["ncg5.toml", "--set", "levers.burden=0.3"]),
    ({"preset": "ncg5", "mode": "tying-hands", "parameters": {"audience_cost_warning": 0.9}},
     ["ncg5.toml", "--set", "scenario.mode=tying-hands", "--set", "parameters.audience_cost_warning=0.9"]),
    ({"preset": "ncg4", "mode": "sinking-costs", "levers": {"burden": 0.65}},
     ["ncg4.toml", "--set", "scenario.mode=sinking-costs", "--set", "levers.burden=0.65"]),
    ({"preset": "classroom"}, ["classroom.toml"]),
])
def test_solve_equals_cli(server, request_body, cli_args):
    status, body = call(server, "/api/solve", request_body)
    assert status == 200, body
    path, *sets = cli_args
    expected = json.loads(cli("solve", str(SCENARIOS / path), "--json", *sets))
    assert body["solution"] == expected
    assert body["explain"] == cli("explain", str(SCENARIOS / path), *sets)
    reference = json.loads(cli("solve", str(SCENARIOS / path), "--json"))
    assert body["reference"] == reference


def leaves(node):
    if not node["children"]:
        yield node
    for child in node["children"]:
        yield from leaves(child)


@pytest.mark.parametrize("mode", ["policy", "tying-hands", "sinking-costs"])
def test_tree_leaves_add_up_to_outcomes(server, mode):
    status, body = call(server, "/api/solve", {"preset": "ncg4", "mode": mode})
    assert status == 200
    totals = dict.fromkeys(OUTCOMES, 0.0)
    for leaf in leaves(body["tree"]):
        totals[leaf["outcome"]] += leaf["reach"]
    for code in OUTCOMES:
        assert totals[code] == pytest.approx(body["solution"]["outcomes"][code], abs=1e-12)


@pytest.mark.parametrize("raw,fragment", [
    (b'{"preset": ', "malformed JSON"),
    (b"not json at all", "malformed JSON"),
    (b"[1, 2]", "must be a JSON object"),
    (b'{"preset": "ncg9"}', "unknown preset 'ncg9'"),
    (b'{"preset": 5}', "'preset' must be a string"),
    (b'{"mode": "chess"}', "unknown mode 'chess'"),
    (b'{"levers": {"burden": 1.5}}', "levers.burden = 1.5 is out of range [0, 1]"),
    (b'{"levers": {"burden": "high"}}', "levers.burden must be a number"),
    (b'{"levers": {"courage": 1}}', "unknown key 'levers.courage'"),
    (b'{"parameters": {"patron_nuclear_cost": -1}}', "out of range [0, 6]"),
    (b'{"parameters": {"allied_strength": 1e308}}', "out of range"),
    (b'{"presets": "ncg5"}', "unknown key 'presets'"),
])
def test_bad_requests_get_400_with_a_message(server, raw, fragment):
    status, body = call(server, "/api/solve", raw=raw)
    assert status == 400
    assert fragment in body["error"]


def test_oversized_body_is_refused_and_server_keeps_serving(server):
    padding = " " * (20 * 1024)
    status, body = call(server, "/api/solve", raw=('{"preset": "ncg5"' + padding + "}").encode())
    assert status == 413
    assert "larger than 16384 bytes" in body["error"]
    assert call(server, "/api/solve", {"preset": "ncg5"})[0] == 200


def test_unknown_path_is_404_json(server):
    status, body = call(server, "/etc/passwd")
    assert status == 404 and "no such page" in body["error"]


def test_page_is_self_contained(server):
    with urllib.request.urlopen(server + "/") as r:
        html = r.read().decode()
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert "http://" not in html and "https://" not in html  # nothing fetched from elsewhere
    with urllib.request.urlopen(server + "/chart.umd.js") as r:
        assert b"Chart" in r.read(4096)


def test_montecarlo_bounds_and_results(server):
    for draws in (99, 20001, 1.5, "1000"):
        status, body = call(server, "/api/montecarlo", {"preset": "ncg5", "draws": draws})
        assert status == 400 and "'draws' must be an integer in [100, 20000]" in body["error"]
    status, body = call(server, "/api/montecarlo", {"preset": "ncg5", "draws": 500, "seed": 7})
    assert status == 200
    assert body["draws"] == 500 and body["solved"] == 500
    assert sorted(body["uncertain"]) == sorted(f"parameters.{k}" for k in (
        "audience_cost_warning", "patron_nuclear_cost", "challenger_nuclear_cost", "escalation_logit_base", "allied_strength"))
    assert sum(body["outcomes"][c]["mean"] for c in OUTCOMES) == pytest.approx(1.0, abs=1e-9)
    for c in OUTCOMES:
        o = body["outcomes"][c]
        assert sum(o["histogram"]) == 500
        assert o["min"] <= o["quantiles"][0] <= o["quantiles"][2] <= o["quantiles"][4] <= o["max"]
    # Same (settings, seed, draws): the same numbers (the engine is deterministic).
    again = call(server, "/api/montecarlo", {"preset": "ncg5", "draws": 500, "seed": 7})[1]
    assert again["outcomes"] == body["outcomes"]
    # A parameter the teacher moved is fixed, so it is no longer among the uncertain ones.
    moved = call(server, "/api/montecarlo", {"preset": "ncg5", "draws": 100, "parameters": {"allied_strength": 4}})[1]
    assert "parameters.allied_strength" not in moved["uncertain"]


def test_concurrent_requests_get_their_own_answers(server):
    results, errors = [], []

    def montecarlo():
        status, body = call(server, "/api/montecarlo", {"preset": "classroom", "draws": 20000})
        if status != 200:
            errors.append(body)

    def solve(i):
        burden = 0.3 + 0.02 * (i % 20)
        status, body = call(server, "/api/solve", {"preset": "ncg5", "levers": {"burden": burden}})
        results.append((burden, status, body))

    threads = [threading.Thread(target=montecarlo) for _ in range(2)]
    threads += [threading.Thread(target=solve, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 24 and all(r[1] == 200 for r in results)
    # Each answer belongs to its own request (no crossed wires between threads).
    assert all(r[2]["settings"]["levers"]["burden"] == r[0] for r in results)


def test_stalled_requests_do_not_block_others(server):
    """Three clients send half a request and stall: each holds a worker, the others keep being served."""
    host, port = server.removeprefix("http://").split(":")
    stalled = []
    for _ in range(3):
        s = socket.create_connection((host, int(port)))
        s.sendall(b"POST /api/solve HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"preset\"")
        stalled.append(s)
    try:
        for i in range(10):
            assert call(server, "/api/solve", {"preset": "ncg4", "levers": {"burden": 0.1 * i}})[0] == 200
        for s in stalled:  # still waiting for the rest of their bodies: nothing answered yet
            s.setblocking(False)
            with pytest.raises(BlockingIOError):
                s.recv(1)
    finally:
        for s in stalled:
            s.close()


def test_solve_latency_figures(server):
    """Prints the round-trip latency of /api/solve (target < 300 ms per change); asserts nothing on time."""
    for mode in ("policy", "tying-hands", "sinking-costs"):
        times = []
        for i in range(40):
            t0 = time.perf_counter()
            status, _ = call(server, "/api/solve", {"preset": "ncg5", "mode": mode, "levers": {"burden": 0.3 + 0.01 * i}})
            times.append(1000 * (time.perf_counter() - t0))
            assert status == 200
        print(f"\n/api/solve {mode}: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms over 40 requests")


def test_bad_options_and_busy_port(server):
    for args in (["--port", "70000"], ["--threads", "1"], ["--colour", "red"]):
        r = subprocess.run([DETSIM, "serve", *args], capture_output=True, text=True, timeout=10)
        assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    port = server.rsplit(":", 1)[1]
    r = subprocess.run([DETSIM, "serve", "--port", port], capture_output=True, text=True, timeout=10)
    assert r.returncode == 3 and f"cannot bind 127.0.0.1:{port}" in r.stdout
