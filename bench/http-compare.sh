#!/usr/bin/env bash
# The same Jersey/Grizzly application (HttpApp) loaded by wrk three ways: no tracing, Traceguard, and the
# OpenTelemetry Java agent 2.33.1 — same sampler (always on), both tracers exporting nowhere (exporter "none"), so
# what differs is the instrumentation on the request path. Prints throughput and p50/p99 latency of each, and their
# ratios to the no-tracing run; writes bench/target/http-compare.csv for charts.py.
# ROUNDS (default 3) repeats the three runs, each round in a rotated order (none first, then Traceguard first, then the
# agent first), so that a machine growing busier or quieter over the minutes does not favour whichever runs first;
# each figure reported is the median over the rounds. Every round's figures are kept in
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
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$URL" > "bench/target/http-compare-$name.wrk"
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "bench/target/http-compare-$name.wrk")
  p50=$(awk '$1 == "50%" {print $2}' "bench/target/http-compare-$name.wrk")
  p99=$(awk '$1 == "99%" {print $2}' "bench/target/http-compare-$name.wrk")
  echo "$round,$name,$rps,$(to_ms "$p50"),$(to_ms "$p99")" >> "$ROUNDS_OUT"
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

echo "round,run,requests_per_second,p50_ms,p99_ms" > "$ROUNDS_OUT"
names=(none traceguard agent)
for round in $(seq 1 "$ROUNDS"); do
  for i in 0 1 2; do
    run_one "$round" "${names[$(( (i + round - 1) % 3 ))]}"
  done
done

# The median of each figure over the rounds, per run, in the order none, traceguard, agent.
python3 - "$ROUNDS_OUT" "$OUT" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["run", "requests_per_second", "p50_ms", "p99_ms"])
    for name in ["none", "traceguard", "agent"]:
        mine = [r for r in rows if r["run"] == name]
        writer.writerow([name] + [statistics.median(float(r[k]) for r in mine)
                                  for k in ["requests_per_second", "p50_ms", "p99_ms"]])
print("round  run          req/s  req/s x none of the round")
for r in rows:
    base = next(float(b["requests_per_second"]) for b in rows if b["round"] == r["round"] and b["run"] == "none")
    print(f"{r['round']:>5}  {r['run']:<10} {float(r['requests_per_second']):8.0f}  {float(r['requests_per_second']) / base:.3f}")
PY

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (after ${WARMUP}s warm-up), GET $URL, $(nproc) cores," \
  "medians of $ROUNDS rounds (each round: $ROUNDS_OUT)"
awk -F, 'NR == 2 { base_rps = $2; base50 = $3; base99 = $4 }
  NR == 1 { printf "%-11s %12s %9s %9s %10s %9s %9s\n", "run", "req/s", "p50 ms", "p99 ms", "req/s x", "p50 x", "p99 x"; next }
  { printf "%-11s %12.0f %9.3f %9.3f %10.3f %9.3f %9.3f\n", $1, $2, $3, $4, $2 / base_rps, $3 / base50, $4 / base99 }' "$OUT"
