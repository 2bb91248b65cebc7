"""1,000 malformed or hostile requests against `detsim serve`, while a well-behaved client keeps asking
for solves: the server must answer every hostile request with a 4xx (or close it), never serve a file
outside its page, and keep answering the normal client. Prints the normal client's latencies.

Usage: /usr/bin/python3 tests/server/check_hostile.py --detsim build/release/sim/detsim
"""
import argparse
import json
import random
import socket
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def raw_request(host, port, data, timeout=3):
    """Sends bytes on a fresh connection; returns (status code, whole reply); code 0 if the server
    closed the connection without answering."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except OSError:
            pass  # the server refused early (e.g. a huge body) and closed
        reply = b""
        try:
            while b"\r\n\r\n" not in reply:
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
            head, _, body = reply.partition(b"\r\n\r\n")
            length = 0
            for h in head.split(b"\r\n")[1:]:
                name, _, value = h.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            while len(body) < length:
                chunk = s.recv(65536)
                if not chunk:
                    break
                body += chunk
            reply = head + b"\r\n\r\n" + body
        except (socket.timeout, ConnectionError):
            pass
    first = reply.split(b"\r\n", 1)[0].split()
    return (int(first[1]) if len(first) > 1 and first[1].isdigit() else 0), reply


def post(path, body):
    body = body if isinstance(body, bytes) else body.encode()
    return (b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def get(path):
    return b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


def hostile_requests(rng):
    """(category, bytes) for 1,000 requests."""
    out = []
    levers = ["warning", "visibility", "burden"]
    extremes = ["1e308", "-1e308", "1e-320", "\"NaN\"", "\"inf\"", "null", "[]", "{}", "true", "-0",
                "123456789012345678901234567890", "0.5e999999"]
    for i in range(250):  # malformed JSON
        choice = i % 5
        if choice == 0:
            body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        elif choice == 1:
            body = b'{"preset": "ncg5", "levers": {"visibility": 0.' + b"5" * rng.randrange(1, 50)
        elif choice == 2:
            depth = rng.randrange(100, 8000)  # deep nesting, within the 16 KiB body limit
            body = b"[" * depth + b"]" * depth
        elif choice == 3:
            body = b'{"preset": "ncg5", "preset": "ncg4", "' + b"x" * rng.randrange(1, 100) + b'": 1}'
        else:
            body = b'{"preset": "\xff\xfe\x00", "levers": {}}'
        out.append(("bad json", post(rng.choice(["/api/solve", "/api/montecarlo"]), body)))
    for i in range(200):  # extreme or ill-typed parameters
        lever = rng.choice(levers)
        body = f'{{"preset": "ncg5", "levers": {{"{lever}": {rng.choice(extremes)}}}}}'
        if i % 4 == 0:
            body = f'{{"preset": "ncg5", "draws": {rng.choice(["1e12", "-1", "18446744073709551616", "20001", "0.5"])}}}'
            out.append(("extreme parameters", post("/api/montecarlo", body)))
        elif i % 4 == 1:
            body = f'{{"preset": "ncg5", "parameters": {{"patron_nuclear_cost": {rng.choice(extremes)}}}}}'
            out.append(("extreme parameters", post("/api/solve", body)))
        elif i % 4 == 2:
            body = f'{{"preset": "../../etc/passwd", "mode": "{rng.choice(["qre", "reputation", "x" * 500])}"}}'
            out.append(("extreme parameters", post("/api/solve", body)))
        else:
            out.append(("extreme parameters", post("/api/solve", body)))
    traversal = ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/static/../../etc/passwd",
                 "//etc/passwd", "/index.html/../../../etc/passwd", "/%252e%252e/etc/passwd", "/.%00./etc/passwd",
                 "/scenarios/ncg5.toml", "/../CMakeLists.txt", "/api/../../../../proc/self/environ"]
    for i in range(200):  # path traversal and unknown paths
        out.append(("path traversal", get(traversal[i % len(traversal)])))
    for i in range(150):  # huge bodies, declared or real
        if i % 3 == 0:
            data = post("/api/solve", b'{"preset": "ncg5", "pad": "' + b"a" * (1 << 20) + b'"}')
        elif i % 3 == 1:
            data = (b"POST /api/solve HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n{")
        else:
            data = (b"POST /api/solve HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    b"FFFFFFFF\r\n" + b"b" * 70000)
        out.append(("huge body", data))
    for i in range(200):  # garbage request lines and headers
        junk = [b"\r\n\r\n", b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                b"GET / HTTP/1.1\r\n" + b"X-A: " + b"h" * 20000 + b"\r\n\r\n",
                b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % k for k in range(500)) + b"\r\n",
                b"DELETE /api/solve HTTP/1.1\r\nHost: x\r\n\r\n", b"POST /api/solve HTTP/1.1\r\n\r\n"]
        out.append(("garbage", junk[i % len(junk)]))
    return out


def slow_body(host, port, stop, seconds):
    """Slowloris: declares a body, then sends one byte now and then."""
    try:
        with socket.create_connection((host, port), timeout=30) as s:
            s.sendall(b"POST /api/solve HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
            end = time.time() + seconds
            while time.time() < end and not stop.is_set():
                time.sleep(0.5)
                s.sendall(b" ")
    except OSError:
        pass  # the server closed it: fine


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--detsim", required=True)
    a = ap.parse_args()
    proc = subprocess.Popen([a.detsim, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        url = line.split("listening on ")[1].split()[0].rstrip("/")
        host, port = url.split("//")[1].split(":")
        port = int(port)
        rng = random.Random(20261202)
        hostile = hostile_requests(rng)
        check(len(hostile) == 1000, f"1,000 hostile requests ({len(hostile)})")

        stop = threading.Event()
        latencies, normal_errors = [], []

        def normal_client():
            k = 0
            while not stop.is_set():
                body = json.dumps({"preset": "ncg5", "levers": {"warning": k % 2, "visibility": 0.5, "burden": 0.7}})
                t0 = time.perf_counter()
                try:
                    req = urllib.request.Request(url + "/api/solve", data=body.encode(), method="POST",
                                                 headers={"Content-Type": "application/json"})
                    with urllib.request.urlopen(req, timeout=10) as r:
                        ok = r.status == 200 and "solution" in json.loads(r.read())
                except (urllib.error.URLError, OSError) as e:
                    ok = False
                    normal_errors.append(str(e))
                latencies.append(time.perf_counter() - t0)
                if not ok and not normal_errors:
                    normal_errors.append("non-200 answer")
                k += 1
                time.sleep(0.02)

        slow = [threading.Thread(target=slow_body, args=(host, port, stop, 20)) for _ in range(4)]
        normal = threading.Thread(target=normal_client)
        for t in slow:
            t.start()
        normal.start()

        statuses = {}
        lock = threading.Lock()
        leaked = []
        accepted = []

        def attack(chunk):
            for category, data in chunk:
                try:
                    code, reply = raw_request(host, port, data)
                except OSError:
                    code, reply = 0, b""  # closed or reset by the server: a refusal
                with lock:
                    statuses.setdefault(category, []).append(code)
                    if 200 <= code < 300:
                        accepted.append((category, data[:300], reply.partition(b"\r\n\r\n")[2]))
                    if b"root:" in reply or b"cmake_minimum_required" in reply or b"PATH=" in reply:
                        leaked.append(category)

        rng.shuffle(hostile)
        workers = [threading.Thread(target=attack, args=(hostile[i::8],)) for i in range(8)]
        t0 = time.time()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        attack_seconds = time.time() - t0
        stop.set()
        normal.join()
        for t in slow:
            t.join()

        for category, codes in sorted(statuses.items()):
            print(f"{category:20s} {len(codes):4d} requests: " +
                  ", ".join(f"{c}: {codes.count(c)}" for c in sorted(set(codes))) + " (0 = closed by the server)")
            check(all(c < 500 for c in codes), f"{category}: no hostile request causes a server error (5xx)")
        # A 2xx is acceptable only for what is in fact valid (in-range values such as -0 or 1e-320, a page
        # request with many headers): then it must be the page or a solution with finite probabilities.
        for category, data, body in accepted:
            if body.startswith(b"<!doctype html>"):
                continue
            try:
                probabilities = json.loads(body)["solution"]["outcomes"]
                valid = all(isinstance(v, float) and 0 <= v <= 1 for v in probabilities.values()) and \
                    abs(sum(probabilities.values()) - 1) < 1e-12
            except (ValueError, KeyError, TypeError, AttributeError):
                valid = False
            check(valid, f"{category}: a 2xx answer is the page or a finite solution ({data[-100:]} -> {body[:100]})")
        check(not leaked, f"no file outside the page is ever served ({leaked})")
        check(not normal_errors, f"the normal client always got its answer ({normal_errors[:3]})")
        med = statistics.median(latencies) if latencies else float("inf")
        worst = max(latencies) if latencies else float("inf")
        print(f"attack: 1000 requests in {attack_seconds:.1f} s with 4 slow-body connections open; normal client: "
              f"{len(latencies)} solves, median {1000 * med:.1f} ms, max {1000 * worst:.1f} ms (target 300 ms)")
        check(len(latencies) >= 10, "the normal client kept asking during the attack")
        # Generous bounds on a shared 2-core CI machine; the figures above are the measurement.
        check(med < 0.3, f"median latency of normal requests under the attack < 300 ms ({1000 * med:.1f} ms)")
        check(worst < 2.0, f"no normal request waited more than 2 s ({1000 * worst:.1f} ms)")
        code, _ = raw_request(host, port, post("/api/solve", '{"preset": "ncg5"}'))
        check(code == 200, f"the server still answers after the attack ({code})")
        check(proc.poll() is None, "the server is still running")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
