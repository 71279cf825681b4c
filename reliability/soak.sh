#!/usr/bin/env bash
# Soak run (not part of CI): the demo jar under a fixed request rate for a fixed time, exporting to the file
# exporter, with the heap measured after a full GC once a minute. Prints one line per minute and a summary.
#
#   reliability/soak.sh [minutes=10] [requests-per-second=50]
#
# Needs examples/target/traceguard-demo.jar (mvn -B -ntp package -pl examples -am -DskipTests) and a JDK (jcmd).
set -euo pipefail
cd "$(dirname "$0")/.."

minutes="${1:-10}"
rate="${2:-50}"
jar="examples/target/traceguard-demo.jar"
[ -f "$jar" ] || { echo "missing $jar: build the examples module first" >&2; exit 1; }

out="reliability/target/soak"
mkdir -p "$out"
rm -f "$out"/spans.jsonl
port=$(( 20000 + RANDOM % 30000 ))

java -Xmx256m -Ddemo.port="$port" -Dotel.traces.exporter=file -Dtraceguard.exporter.file.path="$out/spans.jsonl" \
  -Dotel.bsp.schedule.delay=1000 -jar "$jar" > "$out/demo.out" 2> "$out/demo.err" &
demo=$!
load=""
cleanup() {
  [ -n "$load" ] && kill "$load" 2>/dev/null || true
  kill "$demo" 2>/dev/null || true
  wait "$demo" 2>/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "demo did not start" >&2; exit 1; }

# A single-file Java program paces the requests: a curl per request would cost more than the demo does.
java reliability/src/soak/SoakLoad.java "$port" "$rate" "$(( minutes * 60 ))" > "$out/load.out" 2>&1 &
load=$!

heap_used_kb() {
  jcmd "$demo" GC.run >/dev/null
  # G1 prints "garbage-first heap   total 262144K, used 23456K"; the first "used" is the whole heap.
  jcmd "$demo" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1
}

echo "minute heap_after_full_gc_kb rss_kb threads"
echo "0 $(heap_used_kb) $(ps -o rss= -p "$demo" | tr -d ' ') $(ls /proc/$demo/task | wc -l)"
for minute in $(seq 1 "$minutes"); do
  sleep 60
  echo "$minute $(heap_used_kb) $(ps -o rss= -p "$demo" | tr -d ' ') $(ls /proc/$demo/task | wc -l)"
done
wait "$load" || true
load=""
cat "$out/load.out"
kill -TERM "$demo"
wait "$demo" || true
echo "spans exported: $(grep -o '"spanId"' "$out/spans.jsonl" | wc -l)"
