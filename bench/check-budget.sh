#!/usr/bin/env bash
# Checks the overhead budgets (issue #22; the masker's from #9) against JMH JSON results (java -jar
# bench/target/benchmarks.jar ... -rf json -rff <file>), one or more files. Exit status 0 when every budget found holds,
# 1 when one is broken, 2 when the files lack a benchmark a budget needs.
#
# Request time and allocation budgets are judged on RequestPairBenchmark's paired differences when a file has them:
# each fork's mean difference is one sample, and a time budget holds only when the upper end of the 95 % interval
# (Student's t over the forks) is within it; the ratio budget only when the ratio of the interval ends least in its
# favour is. Allocation is the mean over every pair, exact. When the results include the A/A pair (variant baseline),
# each variant is read net of that pair's difference, the method's own bias. Without paired results, RequestOverheadBenchmark's are
# used as before: medians of each benchmark's iterations, on the benchmark thread's CPU time when the result carries
# it (-prof dev.traceguard.bench.CpuTimeProfiler), allocation from -prof gc; those compare separate JVMs, which on a
# 2-core machine differ by about a microsecond, so read them as coarse. The process CPU of a failed request (the
# export thread's work included) and the masker's throughput come from RequestOverheadBenchmark and
# PiiMaskerBenchmark only.
set -euo pipefail
[ $# -gt 0 ] || set -- bench/target/jmh-result.json
for result in "$@"; do
  [ -f "$result" ] || { echo "usage: $0 <jmh-result.json>..." >&2; exit 2; }
done
# The paired differences are read by bench/paired.py, beside this script.
BENCH_DIR=$(cd "$(dirname "$0")" && pwd) exec python3 - "$@" <<'PY'
import json, math, os, sys

sys.path.insert(0, os.environ["BENCH_DIR"])
import paired as pairing
score, error, alloc, mbps, median, cpu, process = {}, {}, {}, {}, {}, {}, {}

def median_of(metric):
    iterations = sorted(v for fork in metric.get("rawData", []) for v in fork)
    if not iterations:
        return metric["score"]
    middle = len(iterations) // 2
    return iterations[middle] if len(iterations) % 2 else (iterations[middle - 1] + iterations[middle]) / 2

runs = [run for path in sys.argv[1:] for run in json.load(open(path))]
paired = {p.variant: (p.mean, p.half, p.forks, p.allocated) for p in pairing.pairs(sys.argv[1:])}
for run in runs:
    if run["benchmark"].endswith("RequestPairBenchmark.pair"):
        continue
    name = run["benchmark"].rsplit(".", 2)
    key = name[-2] + "." + name[-1] if len(name) >= 2 else run["benchmark"]
    metric = run["primaryMetric"]
    score[key] = metric["score"]
    median[key] = median_of(metric)
    error[key] = metric.get("scoreError", float("nan"))
    secondary = run.get("secondaryMetrics", {})
    if "cpu.benchmark.norm" in secondary:
        cpu[key] = median_of(secondary["cpu.benchmark.norm"])
    if "cpu.process.norm" in secondary:
        process[key] = median_of(secondary["cpu.process.norm"])
    gc = run.get("secondaryMetrics", {}).get("·gc.alloc.rate.norm") or run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    if gc:
        alloc[key] = gc["score"]
    # PiiMaskerBenchmark counts characters (ASCII, so bytes) per microsecond in its "bytes" counter: MB/s.
    counted = run.get("secondaryMetrics", {}).get("bytes")
    if counted:
        mbps[key] = counted["score"]

R = "RequestOverheadBenchmark."
checks = []   # (label, value, limit, unit, ok)
missing = []

def need(*keys):
    absent = [k for k in keys if k not in score]
    missing.extend(absent)
    return not absent

def judged_on_cpu(*keys):
    return all(R + k in cpu for k in keys)

def diff_ns(a, b):
    return (cpu if judged_on_cpu(a, b) else median)[R + a] - (cpu if judged_on_cpu(a, b) else median)[R + b]

def wall_note(a, b):
    wall = median[R + a] - median[R + b]
    mean = score[R + a] - score[R + b]
    noise = error[R + a] + error[R + b]
    text = f"(wall medians: {wall / 1000:.2f} us, means: {mean / 1000:.2f} us, score errors ±{noise / 1000:.2f} us"
    if judged_on_cpu(a, b):
        text += ", not judged"
    if R + a in process and R + b in process:
        text += f"; process CPU: {(process[R + a] - process[R + b]) / 1000:.2f} us"
    return text + ")"

def measure(a, b):
    return "benchmark-thread CPU medians" if judged_on_cpu(a, b) else "wall medians"

# The A/A pair (the baseline application against an identical one) measures the method's own bias; when the results
# have it, every variant is read net of it, the two intervals combined.
if "baseline" in paired:
    bias, bias_half, _, _ = paired["baseline"]
    for variant, (mean, half, forks, allocated) in list(paired.items()):
        if variant != "baseline":
            paired[variant] = (mean - bias, math.hypot(half, bias_half), forks, allocated)

def paired_note(variant):
    mean, half, forks, _ = paired[variant]
    net = ", net of the A/A pair" if "baseline" in paired else ""
    return f"(paired{net}: {mean / 1000:.3f} ± {half / 1000:.3f} us, 95 %, {forks} forks; judged on the upper end)"

for method, other, limit_us in [("traced", "baseline", 1.5), ("tracedError", "baselineError", 2),
                                ("unsampled", "baseline", 0.3), ("disabled", "baseline", 0.1)]:
    if method in paired:
        mean, half, _, _ = paired[method]
        upper = (mean + half) / 1000
        checks.append((f"{method} - {other} (request-thread CPU, paired)", upper, limit_us, "us",
                       upper <= limit_us, paired_note(method)))
    elif need(R + method, R + other):
        d = diff_ns(method, other)
        checks.append((f"{method} - {other} ({measure(method, other)}, separate JVMs)", d / 1000, limit_us, "us",
                       d / 1000 <= limit_us, wall_note(method, other)))
if R + "tracedError" in process and R + "baselineError" in process:
    d = process[R + "tracedError"] - process[R + "baselineError"]
    checks.append(("tracedError - baselineError (process CPU medians, separate JVMs)", d / 1000, 6, "us", d / 1000 <= 6, ""))
else:
    missing.append(R + "tracedError and baselineError with -prof dev.traceguard.bench.CpuTimeProfiler (process CPU)")
if "traced" in paired and "rawSdk" in paired:
    (ours, ours_half, _, _), (floor, floor_half, _, _) = paired["traced"], paired["rawSdk"]
    worst = (ours + ours_half) / (floor - floor_half) if floor - floor_half > 0 else float("inf")
    checks.append(("(traced - baseline) / (rawSdk - baseline) (paired, least favourable ends)", worst, 1.3, "x",
                   worst <= 1.3, f"(means: {ours / 1000:.2f} / {floor / 1000:.2f} us = {ours / floor:.2f}x)"))
elif need(R + "traced", R + "baseline", R + "rawSdk"):
    ours, floor = diff_ns("traced", "baseline"), diff_ns("rawSdk", "baseline")
    ratio = ours / floor if floor > 0 else float("inf")
    checks.append((f"(traced - baseline) / (rawSdk - baseline) ({measure('traced', 'rawSdk')}, separate JVMs)", ratio,
                   1.3, "x", ratio <= 1.3, f"(ours {ours / 1000:.2f} us, raw SDK {floor / 1000:.2f} us)"))
# Allocation is exact per request: the check that a noisy machine cannot blur.
for method, other, limit in [("traced", "baseline", 1200), ("unsampled", "baseline", 300)]:
    if method in paired:
        extra = paired[method][3]
        checks.append((f"allocation {method} - {other} (paired)", extra, limit, "B/op", extra <= limit, ""))
    elif R + method in alloc and R + other in alloc:
        extra = alloc[R + method] - alloc[R + other]
        checks.append((f"allocation {method} - {other}", extra, limit, "B/op", extra <= limit, ""))
    elif R + method in score:
        missing.append("gc.alloc.rate.norm (run with -prof gc)")
for key, limit in [("PiiMaskerBenchmark.clean", 200), ("PiiMaskerBenchmark.dense", 50)]:
    if key in mbps:
        checks.append((key, mbps[key], limit, "MB/s (at least)", mbps[key] >= limit, ""))
    else:
        missing.append(key + " (bytes counter)")

broken = 0
for label, value, limit, unit, ok, note in checks:
    sign = "<=" if "at least" not in unit else ">="
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {value:,.3f} {unit.replace(' (at least)', '')} {sign} {limit} {note}")
    broken += not ok
if missing:
    print("missing from the result: " + ", ".join(sorted(set(missing))))
sys.exit(1 if broken else (2 if missing else 0))
PY
