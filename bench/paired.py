#!/usr/bin/env python3
"""Reads JMH JSON results whose figures are ratios of counters, and prints them: what each variant of
RequestPairBenchmark adds to one request, and what SpanExportBenchmark's export thread spends per span.

Usage: python3 bench/paired.py [bench/target/pair.json] [more results...]
check-budget.sh and charts.py read paired results through pairs() here.

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


def fork_ratios(totals, counts):
    """Each fork's total over its count (JMH rawData: iteration totals per fork); forks that counted none left out."""
    return [sum(t) / sum(n) for t, n in zip(totals, counts) if sum(n) > 0]


def interval(fork_means):
    """The mean over forks and its 95 % half-width (inf with one fork): each fork's mean is one sample."""
    half = t95(len(fork_means) - 1) * statistics.stdev(fork_means) / math.sqrt(len(fork_means)) \
        if len(fork_means) > 1 else float("inf")
    return statistics.fmean(fork_means), half


class Pair:
    """One variant's paired difference: per-fork mean request-thread CPU (ns), the mean over forks and its 95 %
    half-width (inf with one fork), the pairs handled and the allocation per pair (bytes)."""

    def __init__(self, variant, fork_means, total_pairs, allocated):
        self.variant = variant
        self.fork_means = fork_means
        self.forks = len(fork_means)
        self.total_pairs = total_pairs
        self.mean, self.half = interval(fork_means)
        self.allocated = allocated


def pairs(paths):
    """The RequestPairBenchmark results in the given JSON files, in order, one Pair per variant."""
    result = []
    for path in paths:
        for run in json.load(open(path)):
            if not run["benchmark"].endswith("RequestPairBenchmark.pair"):
                continue
            metrics = run["secondaryMetrics"]
            cpu = metrics["cpuDiffNs"]["rawData"]
            counts = metrics["pairs"]["rawData"]
            fork_means = fork_ratios(cpu, counts)
            total_pairs = int(sum(sum(n) for n in counts))
            allocated = sum(sum(a) for a in metrics["allocDiffBytes"]["rawData"]) / total_pairs
            result.append(Pair(run.get("params", {}).get("variant", "?"), fork_means, total_pairs, allocated))
    return result


class Export:
    """One SpanExportBenchmark variant: the export thread's CPU per span (ns) per fork, their mean and 95 %
    half-width."""

    def __init__(self, variant, fork_means):
        self.variant = variant
        self.fork_means = fork_means
        self.mean, self.half = interval(fork_means)


def exports(paths):
    """The SpanExportBenchmark results in the given JSON files, in order, one Export per variant."""
    result = []
    for path in paths:
        for run in json.load(open(path)):
            if not run["benchmark"].endswith("SpanExportBenchmark.exportBatch"):
                continue
            metrics = run["secondaryMetrics"]
            fork_means = fork_ratios(metrics["exportCpuNs"]["rawData"], metrics["spans"]["rawData"])
            result.append(Export(run.get("params", {}).get("variant", "?"), fork_means))
    return result


def main(paths):
    rows = pairs(paths)
    spans = exports(paths)
    if not rows and not spans:
        sys.exit("no RequestPairBenchmark or SpanExportBenchmark result in " + ", ".join(paths))
    if spans:
        print("| SpanExportBenchmark variant | export-thread CPU per span, ns (95 % interval) | fork means, ns |")
        print("|---|---|---|")
        for export in spans:
            print(f"| {export.variant} | {export.mean:,.0f} ± {export.half:,.0f} | "
                  f"{', '.join(f'{m:,.0f}' for m in export.fork_means)} |")
    if not rows:
        return
    print("| variant − baseline | forks | pairs | request-thread CPU, ns (95 % interval) | fork means, ns | allocated, B |")
    print("|---|---:|---:|---|---|---:|")
    for pair in rows:
        print(f"| {pair.variant} | {pair.forks} | {pair.total_pairs:,} | {pair.mean:,.0f} ± {pair.half:,.0f} | "
              f"{', '.join(f'{m:,.0f}' for m in pair.fork_means)} | {pair.allocated:,.0f} |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["bench/target/pair.json"])
