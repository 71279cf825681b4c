#!/usr/bin/env bash
# The same Jersey/Grizzly application (HttpApp) loaded by wrk three ways: no tracing, Traceguard, and the
# OpenTelemetry Java agent 2.33.1 — same sampler (always on), both tracers exporting nowhere (exporter "none"), so
# what differs is the instrumentation on the request path. Prints throughput and p50/p99 latency of each, and their
# ratios to the no-tracing run, and the server's CPU time per request answered (all its threads, from /proc), which
# does not depend on how the two cores were shared between wrk and the server; writes bench/target/http-compare.csv
# for charts.py.
# ROUNDS (default 3) repeats the three runs, each round in a rotated order (none first, then Traceguard first, then the
# agent first), so that a machine growing busier or quieter over the minutes does not favour whichever runs first;
# each ratio reported is the median over the rounds of that round's ratio to its own no-tracing run. Every round's figures are kept in
# bench/target/http-compare-rounds.csv.
# Bounded: ROUNDS x 3 x (WARMUP + DURATION) seconds (defaults 3 x 3 x (10 + 20)); every process started here is
# stopped on exit.
# Needs: bench/target/benchmarks.jar (mvn -B -ntp -q -DskipTests install), wrk (apt-get install wrk), Maven Central.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18500}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-3}
AGENT_VERSION=2.33.1
JAR=bench/target/benchmarks.jar
AGENT="$HOME/.m2/repository/io/opentelemetry/javaagent/opentelemetry-javaagent/$AGENT_VERSION/opentelemetry-javaagent-$AGENT_VERSION.jar"
OUT=bench/target/http-compare.csv
ROUNDS_OUT=bench/target/http-compare-rounds.csv
[ -f "$JAR" ] || { echo "missing $JAR: mvn -B -ntp -q -DskipTests install" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -f "$AGENT" ] || mvn -B -ntp -q dependency:get -Dtransitive=false \
  -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$AGENT_VERSION"

app_pid=""
cleanup() { [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true; }
trap cleanup EXIT

JVM=(-Xms512m -Xmx512m -XX:+UseParallelGC)
SAMPLER=(-Dotel.traces.sampler=always_on -Dotel.traces.exporter=none -Dotel.metrics.exporter=none
  -Dotel.logs.exporter=none)
URL="http://127.0.0.1:$PORT/users/42"

run() { # round, name, java arguments...
  local round=$1 name=$2; shift 2
  java "${JVM[@]}" "$@" > "bench/target/http-compare-$name.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do curl -fs -o /dev/null "$URL" && break; sleep 0.5; done
  curl -fs -o /dev/null "$URL" || { echo "$name did not start, see bench/target/http-compare-$name.log" >&2; exit 1; }
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$URL" > /dev/null
  local ticks_before ticks_after
  ticks_before=$(cpu_ticks "$app_pid")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$URL" > "bench/target/http-compare-$name.wrk"
  ticks_after=$(cpu_ticks "$app_pid")
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
  local rps p50 p99 requests cpu_us
  rps=$(awk '/^Requests\/sec:/ {print $2}' "bench/target/http-compare-$name.wrk")
  p50=$(awk '$1 == "50%" {print $2}' "bench/target/http-compare-$name.wrk")
  p99=$(awk '$1 == "99%" {print $2}' "bench/target/http-compare-$name.wrk")
  requests=$(awk '/ requests in / {print $1}' "bench/target/http-compare-$name.wrk")
  # The server's CPU time (all its threads: request workers, tracing, collector, compiler) per request answered.
  cpu_us=$(awk -v t=$(( ticks_after - ticks_before )) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "%.2f", t * 1e6 / hz / n }')
  echo "$round,$name,$rps,$(to_ms "$p50"),$(to_ms "$p99"),$cpu_us" >> "$ROUNDS_OUT"
}
cpu_ticks() { # user + system CPU time of a process, in clock ticks
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
to_ms() { # wrk prints 1.23ms, 456.00us or 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else { sub(/s$/, "", v); print v * 1000 } }'
}

run_one() { # round, name
  case $2 in
    none) run "$1" none -cp "$JAR" dev.traceguard.bench.HttpApp "$PORT" plain ;;
    traceguard) run "$1" traceguard "${SAMPLER[@]}" -Dotel.service.name=http-compare -cp "$JAR" \
      dev.traceguard.bench.HttpApp "$PORT" traceguard ;;
    agent) run "$1" agent -javaagent:"$AGENT" "${SAMPLER[@]}" -Dotel.service.name=http-compare \
      -Dotel.javaagent.logging=none -cp "$JAR" dev.traceguard.bench.HttpApp "$PORT" plain ;;
  esac
}

echo "round,run,requests_per_second,p50_ms,p99_ms,server_cpu_us_per_request" > "$ROUNDS_OUT"
names=(none traceguard agent)
for round in $(seq 1 "$ROUNDS"); do
  for i in 0 1 2; do
    run_one "$round" "${names[$(( (i + round - 1) % 3 ))]}"
  done
done

# Per run, over the rounds: the median of each figure, and the median of each round's ratio to (or, for CPU, difference
# from) that round's no-tracing run, which cancels what changed between rounds.
python3 - "$ROUNDS_OUT" "$OUT" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
keys = ["requests_per_second", "p50_ms", "p99_ms", "server_cpu_us_per_request"]
def base(row):
    return next(b for b in rows if b["round"] == row["round"] and b["run"] == "none")
with open(sys.argv[2], "w", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["run"] + keys + ["rps_ratio", "p50_ratio", "p99_ratio", "cpu_us_over_none"])
    for name in ["none", "traceguard", "agent"]:
        mine = [r for r in rows if r["run"] == name]
        medians = [statistics.median(float(r[k]) for r in mine) for k in keys]
        ratios = [statistics.median(float(r[k]) / float(base(r)[k]) for r in mine) for k in keys[:3]]
        over = statistics.median(float(r[keys[3]]) - float(base(r)[keys[3]]) for r in mine)
        writer.writerow([name] + [f"{v:.3f}" for v in medians + ratios + [over]])
print("round  run          req/s  req/s x none   server CPU us/req  minus none")
for r in rows:
    rps, cpu = float(r["requests_per_second"]), float(r["server_cpu_us_per_request"])
    print(f"{r['round']:>5}  {r['run']:<10} {rps:8.0f}  {rps / float(base(r)['requests_per_second']):11.3f}"
          f"   {cpu:17.1f}  {cpu - float(base(r)['server_cpu_us_per_request']):+10.1f}")
PY

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (after ${WARMUP}s warm-up), GET $URL, $(nproc) cores," \
  "medians of $ROUNDS rounds (each round: $ROUNDS_OUT)"
echo "medians over the rounds; the x columns and 'over none' are medians of each round's ratio or difference"
awk -F, 'NR == 1 { printf "%-11s %9s %8s %8s %11s %8s %8s %8s %10s\n", "run", "req/s", "p50 ms", "p99 ms",
    "CPU us/req", "req/s x", "p50 x", "p99 x", "over none"; next }
  { printf "%-11s %9.0f %8.3f %8.3f %11.1f %8.3f %8.3f %8.3f %+10.1f\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$OUT"
