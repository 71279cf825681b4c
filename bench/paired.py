#!/usr/bin/env python3
"""Reads a JMH JSON result of RequestPairBenchmark and prints what each variant adds to one request.

Usage: python3 bench/paired.py [bench/target/pair.json]

Each fork's mean difference (its pairs' request-thread CPU, variant minus baseline) is one sample: iterations of one
JVM share its JIT state, so they are not independent. The interval is Student's t at 95 % over the fork means.
Allocation is the mean over every pair, which is exact up to the odd TLAB refill.
"""
import json
import math
import statistics
import sys

# Two-sided 95 % quantiles of Student's t, by degrees of freedom.
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
       11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086}


def t95(df):
    return T95.get(df, 1.96 if df > 30 else 2.042)


def main(path):
    rows = []
    for run in json.load(open(path)):
        if not run["benchmark"].endswith("RequestPairBenchmark.pair"):
            continue
        variant = run.get("params", {}).get("variant", "?")
        metrics = run["secondaryMetrics"]
        cpu = metrics["cpuDiffNs"]["rawData"]
        alloc = metrics["allocDiffBytes"]["rawData"]
        pairs = metrics["pairs"]["rawData"]
        fork_means = [sum(c) / sum(p) for c, p in zip(cpu, pairs) if sum(p) > 0]
        total_pairs = int(sum(sum(p) for p in pairs))
        alloc_mean = sum(sum(a) for a in alloc) / total_pairs
        mean = statistics.fmean(fork_means)
        half = t95(len(fork_means) - 1) * statistics.stdev(fork_means) / math.sqrt(len(fork_means)) \
            if len(fork_means) > 1 else float("nan")
        rows.append((variant, len(fork_means), total_pairs, mean, half, fork_means, alloc_mean))
    if not rows:
        sys.exit("no RequestPairBenchmark.pair result in " + path)
    print("| variant − baseline | forks | pairs | request-thread CPU, ns (95 % interval) | fork means, ns | allocated, B |")
    print("|---|---:|---:|---|---|---:|")
    for variant, forks, total, mean, half, means, alloc_mean in rows:
        print(f"| {variant} | {forks} | {total:,} | {mean:,.0f} ± {half:,.0f} | "
              f"{', '.join(f'{m:,.0f}' for m in means)} | {alloc_mean:,.0f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/target/pair.json")
