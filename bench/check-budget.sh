#!/usr/bin/env bash
# Checks the overhead budgets (issue #22; the masker's from #9) against a JMH JSON result (java -jar bench/target/benchmarks.jar ... -prof gc
# -rf json -rff <file>). Exit status 0 when every budget found in the file holds, 1 when one is broken, 2 when the
# file lacks a benchmark a budget needs. Every budget is a difference or a ratio within the one run, so the machine's
# speed cancels out. Time budgets are judged on the median of each benchmark's measured iterations (all forks), which
# one disturbed iteration on this shared machine cannot move much; the means and their score errors are printed
# beside each difference so a reader can judge the noise.
# When the result also carries per-operation CPU time (-prof dev.traceguard.bench.CpuTimeProfiler), time budgets are
# judged on the benchmark thread's CPU time (medians), which is what tracing adds to a request's own work and which
# the other tenant of a shared machine cannot inflate by taking the core away; the wall-time differences are still
# printed, marked as not judged, and so is the process's CPU (the export thread and the collector included), the cost
# in machine throughput.
set -euo pipefail
result=${1:-bench/target/jmh-result.json}
[ -f "$result" ] || { echo "usage: $0 <jmh-result.json>" >&2; exit 2; }
exec python3 - "$result" <<'PY'
import json, sys

runs = json.load(open(sys.argv[1]))
score, error, alloc, mbps, median, cpu, process = {}, {}, {}, {}, {}, {}, {}

def median_of(metric):
    iterations = sorted(v for fork in metric.get("rawData", []) for v in fork)
    if not iterations:
        return metric["score"]
    middle = len(iterations) // 2
    return iterations[middle] if len(iterations) % 2 else (iterations[middle - 1] + iterations[middle]) / 2

for run in runs:
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

for method, other, limit_us in [("traced", "baseline", 1.5), ("tracedError", "baselineError", 2),
                                ("unsampled", "baseline", 0.3), ("disabled", "baseline", 0.1)]:
    if need(R + method, R + other):
        d = diff_ns(method, other)
        checks.append((f"{method} - {other} ({measure(method, other)})", d / 1000, limit_us, "us",
                       d / 1000 <= limit_us, wall_note(method, other)))
if R + "tracedError" in process and R + "baselineError" in process:
    d = process[R + "tracedError"] - process[R + "baselineError"]
    checks.append(("tracedError - baselineError (process CPU medians)", d / 1000, 6, "us", d / 1000 <= 6, ""))
if need(R + "traced", R + "baseline", R + "rawSdk"):
    ours, floor = diff_ns("traced", "baseline"), diff_ns("rawSdk", "baseline")
    ratio = ours / floor if floor > 0 else float("inf")
    checks.append((f"(traced - baseline) / (rawSdk - baseline) ({measure('traced', 'rawSdk')})", ratio, 1.3, "x",
                   ratio <= 1.3, f"(ours {ours / 1000:.2f} us, raw SDK {floor / 1000:.2f} us)"))
# Allocation is exact per request: the check that a noisy machine cannot blur.
for method, other, limit in [("traced", "baseline", 1200), ("unsampled", "baseline", 300)]:
    if R + method in alloc and R + other in alloc:
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
