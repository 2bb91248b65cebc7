#!/usr/bin/env python3
"""The policy-mode Monte Carlo work of `detsim run` in plain vectorised numpy, for comparison:
sample five uniform priors, solve the closed form of MODEL.md §4.5 for every draw, and average
the five outcome probabilities with their standard errors. Prints draws/s on one core."""
import sys
import time

import numpy as np


def policy_draws(n, rng):
    a_w = rng.uniform(0.2, 0.6, n)
    kappa_P = rng.uniform(1, 3, n)
    kappa_C = rng.uniform(3, 7, n)
    l0 = rng.uniform(-3.5, -2.5, n)
    K_A = rng.uniform(2.5, 3.5, n)
    w, s, b = 0.0, 0.5, 0.7
    K_C, g_s, c0, c1, l_s, tau_s, tau_b, psi = 1.0, 1.0, 0.1, 0.4, 1.0, 0.05, 0.1, 0.8
    v_lo, v_hi, k_lo, k_hi = 0.0, 4.0, -0.5, 1.0
    pJ = K_C / (K_C + K_A + g_s * s)
    pR = K_C / (K_C + b * K_A)
    cP = c0 + c1 * (1 - b)
    a = a_w * w
    pi = 1 / (1 + np.exp(-(l0 + l_s * s)))
    tau = tau_s * s + tau_b * (1 - b)
    AW = (1 - pi) * pJ
    X = (1 - pi) * cP + pi * kappa_P
    vF = (X - a) / (pR - AW)
    q = 1 - np.clip((vF - v_lo) / (v_hi - v_lo), 0, 1)
    qt = tau + (1 - tau) * q
    alpha = (1 - pi) * pJ - pi * kappa_C
    kstar = (qt * alpha + (1 - qt) * pR) / (qt * (1 - pi) + (1 - qt) * psi)
    gamma = np.clip((kstar - k_lo) / (k_hi - k_lo), 0, 1)
    war = gamma * qt
    out = np.stack([1 - gamma, np.zeros(n), gamma * (1 - tau) * (1 - q), (1 - pi) * war, pi * war])
    return out.mean(axis=1), out.std(axis=1, ddof=1) / np.sqrt(n)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    rng = np.random.Generator(np.random.Philox(2025))
    policy_draws(10_000, rng)  # warm up
    t0 = time.perf_counter()
    mean, se = policy_draws(n, rng)
    dt = time.perf_counter() - t0
    print(f"numpy policy-mode draws: {n} in {dt:.3f} s = {n / dt:.3g} draws/s; P(SQ) = {mean[0]:.5f} +- {se[0]:.5f}")


if __name__ == "__main__":
    main()
