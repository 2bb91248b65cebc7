#!/usr/bin/python3
"""Checks detsim's Philox streams (sim/mc/rng.hpp) against numpy's Philox, bit for bit.

detsim: key = {seed, 0}, counter = {block, game, draw, purpose} (word 0 least significant),
u = (raw >> 11) * 2^-53. numpy increments its 256-bit counter before the first block, so
Philox(key=[seed, 0], counter=C - 1).random_raw(4) is detsim's block at counter C, and
Generator(that Philox).random(4) is u01 of those words.

Usage: test_rng_numpy.py --dump PATH/TO/detsim_rng_dump
"""
import argparse
import subprocess
import sys

import numpy as np

M64 = (1 << 64) - 1


def keys():
    top = M64
    fixed = [
        (0, 0, 0, 0, 0),            # counter 0: numpy's counter - 1 wraps to all ones
        (0, 0, 0, 0, 1),
        (1, 0, 0, 0, 0),
        (20251104, 0, 0, 1, 0),
        (20251104, 1, 0, 1, 0),
        (20251104, 0, 1, 1, 0),
        (20251104, 0, 0, 2, 0),
        (20251104, 12345, 678, 6, 3),
        (top, top, top, 8, top),    # all words high: no wrap, highest counter in use
        (top, 1, 0, 0, 0),          # borrow across words 0 and 1
        (7, 5, 0, 0, 0),            # borrow across words 0..1 into draw
        (7, 0, 0, 3, 0),            # borrow reaches the purpose word
        (42, 999999, 3, 7, 1 << 40),
    ]
    rng = np.random.default_rng(12345)
    rand = [tuple(int(x) for x in rng.integers(0, 1 << 63, size=5, dtype=np.uint64)) for _ in range(40)]
    rand = [(s * 2 + 1, d, g % 1000, p % 9, b % 16) for (s, d, g, p, b) in rand]
    return fixed + rand


def numpy_block(seed, draw, game, purpose, block):
    c = (block | game << 64 | draw << 128 | purpose << 192) - 1
    c %= 1 << 256
    ctr = np.array([(c >> (64 * i)) & M64 for i in range(4)], dtype=np.uint64)
    key = np.array([seed, 0], dtype=np.uint64)
    raw = [int(x) for x in np.random.Philox(key=key, counter=ctr).random_raw(4)]
    rnd = [float(x) for x in np.random.Generator(np.random.Philox(key=key, counter=ctr)).random(4)]
    return raw, rnd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True, help="path of the detsim_rng_dump executable")
    args = ap.parse_args()
    ks = keys()
    text = "".join(" ".join(str(x) for x in k) + "\n" for k in ks)
    out = subprocess.run([args.dump], input=text, capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL:", what)

    check(len(lines) == len(ks), f"dump printed {len(lines)} lines for {len(ks)} keys")
    for k, line in zip(ks, lines):
        f = line.split()
        got_key = tuple(int(x) for x in f[:5])
        w = [int(x) for x in f[5:9]]
        u = [float.fromhex(x) for x in f[9:13]]
        v = [float.fromhex(x) for x in f[13:17]]
        raw, rnd = numpy_block(*k)
        check(got_key == k, f"key echoed as {got_key}, sent {k}")
        check(w == raw, f"raw words for {k}: detsim {w}, numpy {raw}")
        check(u == rnd, f"u01 for {k}: detsim {u}, numpy Generator.random {rnd}")
        check(u == [(x >> 11) * 2.0**-53 for x in raw], f"u01 for {k} is not (raw >> 11) * 2^-53")
        check(all(0.0 <= x < 1.0 for x in u), f"u01 for {k} outside [0, 1): {u}")
        if k[4] < 1 << 62:  # uniform(index = 4 * block + i) must read the same words
            check(v == u, f"uniform(index) for {k}: {v} != {u}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
