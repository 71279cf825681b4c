#!/usr/bin/env bash
# Takes docs/images/zipkin-checkout-trace.png: the demo's checkout trace in the Zipkin UI.
# Needs: the demo jar (mvn -B -ntp -q -DskipTests install), Debian's chromium, and zipkin-server's exec jar in the
# local Maven repository (the core integration tests fetch it). Everything listens on 127.0.0.1 only; every process
# started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

ZIPKIN_VERSION=3.6.1
ZIPKIN_PORT=${ZIPKIN_PORT:-19411}
DEMO_PORT=${DEMO_PORT:-18180}
OUT=${OUT:-docs/images/zipkin-checkout-trace.png}
ZIPKIN_JAR="$HOME/.m2/repository/io/zipkin/zipkin-server/$ZIPKIN_VERSION/zipkin-server-$ZIPKIN_VERSION-exec.jar"
[ -f "$ZIPKIN_JAR" ] || mvn -B -ntp -q dependency:get -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec"
command -v chromium >/dev/null || { echo "chromium is missing: apt-get install chromium" >&2; exit 1; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java -Xmx256m -jar "$ZIPKIN_JAR" --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port="$ZIPKIN_PORT" \
  --zipkin.self-tracing.enabled=false > target/zipkin-screenshot.log 2>&1 &
pids+=($!)
java -Ddemo.port="$DEMO_PORT" -Dotel.traces.exporter=zipkin \
  -Dotel.exporter.zipkin.endpoint="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans" -Dotel.bsp.schedule.delay=200ms \
  -jar examples/target/traceguard-demo.jar > target/demo-screenshot.log 2>&1 &
pids+=($!)

wait_for() { for _ in $(seq 1 120); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done; echo "timeout: $1" >&2; return 1; }
wait_for "http://127.0.0.1:$ZIPKIN_PORT/health"
wait_for "http://127.0.0.1:$DEMO_PORT/health"

trace_id=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"userId": 1, "card": "4111 1111 1111 1111", "amount": 12.5}' \
  "http://127.0.0.1:$DEMO_PORT/api/checkout" | tr -d '\r' | sed -n 's/^traceresponse: 00-\([0-9a-f]\{32\}\)-.*/\1/p')
echo "checkout trace: $trace_id"
for _ in $(seq 1 30); do
  spans=$(curl -s "http://127.0.0.1:$ZIPKIN_PORT/api/v2/trace/$trace_id" | grep -o '"id"' | wc -l || true)
  [ "$spans" -ge 8 ] && break
  sleep 1
done
echo "spans in Zipkin: $spans"

mkdir -p "$(dirname "$OUT")"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --no-first-run --hide-scrollbars --window-size=1400,800 --virtual-time-budget=15000 \
  --screenshot="$OUT" "http://127.0.0.1:$ZIPKIN_PORT/zipkin/traces/$trace_id" 2>/dev/null
echo "wrote $OUT"
