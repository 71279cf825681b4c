#!/usr/bin/env python3
"""Draws docs/images/bench-*.png from JMH JSON results and bench/target/http-compare.csv.

Usage: python3 bench/charts.py <jmh-result.json>... [http-compare.csv]
The request charts are drawn from RequestPairBenchmark's paired differences (mean and 95 % interval over forks, as
bench/paired.py computes them) when a result has them, else from RequestOverheadBenchmark's medians. Needs
matplotlib (Debian: python3-matplotlib). Every number drawn comes from the given files.
"""
import csv
import json
import os
import sys

import paired  # bench/paired.py, beside this script

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

OUT = "docs/images"


# Issue #22's budgets per variant: request-thread CPU in µs, allocation in bytes.
TIME_BUDGETS = {"traced": 1.5, "tracedError": 2, "unsampled": 0.3, "disabled": 0.1}
ALLOC_BUDGETS = {"traced": 1200, "unsampled": 300}


def pairs(paths):
    """variant -> (mean µs, 95 % half-width µs, allocated B) from RequestPairBenchmark results (bench/paired.py)."""
    return {p.variant: (p.mean / 1000, p.half / 1000, p.allocated) for p in paired.pairs(paths)}


def scores(paths):
    result = {}
    for run in [run for path in paths for run in json.load(open(path))]:
        name = ".".join(run["benchmark"].rsplit(".", 2)[-2:])
        metric = run["primaryMetric"]
        gc = run.get("secondaryMetrics", {}).get("·gc.alloc.rate.norm") or run.get("secondaryMetrics", {}).get(
            "gc.alloc.rate.norm")
        counted = run.get("secondaryMetrics", {}).get("bytes")
        secondary = run.get("secondaryMetrics", {})
        result[name] = {
            "score": metric["score"],
            "median": median(metric),
            "cpu": median(secondary["cpu.benchmark.norm"]) if "cpu.benchmark.norm" in secondary else None,
            "process": median(secondary["cpu.process.norm"]) if "cpu.process.norm" in secondary else None,
            "error": metric.get("scoreError") or 0.0,
            "alloc": gc["score"] if gc else None,
            "mbps": counted["score"] if counted else None,
        }
    return result


def median(metric):
    iterations = sorted(v for fork in metric.get("rawData", []) for v in fork) or [metric["score"]]
    middle = len(iterations) // 2
    return iterations[middle] if len(iterations) % 2 else (iterations[middle - 1] + iterations[middle]) / 2


def grouped_bars(path, title, labels, series, unit, budget=None, budget_label="budget"):
    """series: [(name, [value per label], colour)], drawn side by side for each label."""
    fig, ax = plt.subplots(figsize=(8, 0.8 + 0.25 * len(labels) * len(series)))
    height = 0.8 / len(series)
    for i, (name, values, colour) in enumerate(series):
        ys = [y - 0.4 + height * (i + 0.5) for y in range(len(labels))]
        ax.barh(ys, values, height=height, color=colour, label=name)
        for y, value in zip(ys, values):
            ax.text(value, y, f"  {value:,.2f}", va="center", fontsize=7)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    if budget is not None:
        ax.axvline(budget, color="#c0392b", linestyle="--", linewidth=1, label=f"{budget_label}, {budget:g} {unit}")
    ax.axvline(0, color="#444444", linewidth=0.5)
    ax.legend(loc="lower right", fontsize=7)
    save(fig, ax, path, title, unit)


def bars(path, title, labels, values, errors, unit, budget=None):
    fig, ax = plt.subplots(figsize=(8, 0.5 + 0.45 * len(labels)))
    ax.barh(labels, values, xerr=errors, color="#3b6ea8", ecolor="#888888", capsize=3)
    for y, value in enumerate(values):
        ax.text(value, y, f"  {value:,.2f}", va="center", fontsize=8)
    if budget is not None:
        ax.axvline(budget, color="#c0392b", linestyle="--", linewidth=1, label=f"budget {budget:g} {unit}")
        ax.legend(loc="lower right", fontsize=8)
    save(fig, ax, path, title, unit)


def save(fig, ax, path, title, unit):
    ax.set_xlabel(unit)
    ax.set_title(title, fontsize=10)
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    print("wrote " + path)


def paired_charts(paired):
    names = [n for n in ["traced", "tracedError", "unsampled", "rawSdk", "emptyHooks", "disabled", "baseline"]
             if n in paired]
    labels = [n + (f"  (budget {TIME_BUDGETS[n]:g} µs)" if n in TIME_BUDGETS else "") for n in names]
    bars(f"{OUT}/bench-request-overhead.png",
         "Request-thread CPU added per request (paired, 95 % interval), µs", labels,
         [paired[n][0] for n in names], [paired[n][1] for n in names], "µs")
    labels = [n + (f"  (budget {ALLOC_BUDGETS[n]:,} B)" if n in ALLOC_BUDGETS else "") for n in names]
    bars(f"{OUT}/bench-request-allocation.png", "Allocated per request above the baseline (paired), bytes",
         labels, [paired[n][2] for n in names], None, "B/op")


def main():
    os.makedirs(OUT, exist_ok=True)
    files = [a for a in sys.argv[1:] if a.endswith(".json")]
    csv_files = [a for a in sys.argv[1:] if a.endswith(".csv")]
    result = scores(files)
    differences = pairs(files)
    r = "RequestOverheadBenchmark."
    if differences:
        paired_charts(differences)
    elif r + "baseline" in result:
        # Medians of the measured iterations, as check-budget.sh judges them: one disturbed iteration moves a mean.
        base = result[r + "baseline"]
        names = [n for n in ["traced", "tracedError", "keepErrors", "unsampled", "disabled", "rawSdk"] if r + n in result]
        series = [("wall time", [(result[r + n]["median"] - base["median"]) / 1000 for n in names], "#9bb4d3")]
        for key, label, colour in [("cpu", "request thread's CPU (judged)", "#3b6ea8"),
                                   ("process", "process CPU (export thread, GC)", "#d68a2e")]:
            if base[key] is not None and all(result[r + n][key] is not None for n in names):
                series.append((label, [(result[r + n][key] - base[key]) / 1000 for n in names], colour))
        grouped_bars(f"{OUT}/bench-request-overhead.png",
                     "Added to one in-process JAX-RS request (vs. baseline; medians of iterations), µs",
                     names, series, "µs", budget=TIME_BUDGETS["traced"], budget_label="traced's budget")
        with_alloc = [n for n in names if result[r + n]["alloc"] is not None and result[r + "baseline"]["alloc"]]
        if with_alloc:
            bars(f"{OUT}/bench-request-allocation.png", "Allocated per request above baseline, bytes",
                 with_alloc, [result[r + n]["alloc"] - result[r + "baseline"]["alloc"] for n in with_alloc],
                 None, "B/op", budget=ALLOC_BUDGETS["traced"])
    m = "PiiMaskerBenchmark."
    masker = [n for n in ["clean", "cleanNoCandidates", "dense", "span"] if m + n in result and result[m + n]["mbps"]]
    if masker:
        bars(f"{OUT}/bench-masker.png", "PII masker throughput, MB/s", masker,
             [result[m + n]["mbps"] for n in masker], None, "MB/s")
    if csv_files and os.path.exists(csv_files[0]):
        rows = list(csv.DictReader(open(csv_files[0])))
        # Medians over the rounds of each round's ratio to (or difference from) its own no-tracing run.
        fig, axes = plt.subplots(1, 4, figsize=(12, 3))
        for ax, key, title, fmt in zip(axes, ["rps_ratio", "p50_ratio", "p99_ratio", "cpu_us_over_none"],
                                       ["throughput (x no tracing)", "p50 latency (x)", "p99 latency (x)",
                                        "server CPU per request, µs over none"],
                                       ["{:.2f}", "{:.2f}", "{:.2f}", "{:+.1f}"]):
            values = [float(row[key]) for row in rows]
            ax.bar([row["run"] for row in rows], values, color=["#999999", "#3b6ea8", "#d68a2e"][:len(rows)])
            for x, value in enumerate(values):
                ax.text(x, value, fmt.format(value), ha="center", va="bottom", fontsize=8)
            ax.set_title(title, fontsize=9)
        fig.tight_layout()
        fig.savefig(f"{OUT}/bench-http-compare.png", dpi=110)
        plt.close(fig)
        print(f"wrote {OUT}/bench-http-compare.png")


if __name__ == "__main__":
    main()
