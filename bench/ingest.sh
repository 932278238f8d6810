#!/usr/bin/env bash
# Measures the ingest path of the packaged service: memory per row of POST /shorten, and the time and heap a hostile
# wide-row body costs before its 413. Rows carry ftp:// URLs, which are refused before any upstream call, so the
# numbers are those of reading, holding and answering rows, not of the upstream. Everything it starts is stopped on
# exit.
#
# Usage: bench/ingest.sh [N...]          (default: 10000 100000 rows)
# Env:   JAVA_HOME (JDK 21+; default temurin-25), XMX (heap of the service, default 256m)
set -euo pipefail

source "$(dirname "$0")/lib.sh"
JCMD="$JAVA_HOME/bin/jcmd"
XMX=${XMX:-256m}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)

require curl
require_jdk21
scratch tinyurl-ingest
STOP_SIGNAL=TERM
package_service

PORT=$(free_port)
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$PORT \
    "$JAVA" -Xmx"$XMX" -XX:+UseG1GC -jar target/quarkus-app/quarkus-run.jar >"$WORK/service.log" 2>&1 &
PID=$!
PIDS+=("$PID")
SERVICE="http://127.0.0.1:$PORT"
deadline=$((SECONDS + 60))
until curl -s -o /dev/null "$SERVICE/shorten"; do
    [ $SECONDS -lt $deadline ] || { echo "bench: the service did not start" >&2; tail -30 "$WORK/service.log" >&2; exit 1; }
    sleep 0.2
done

kib() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$PID/status"; }
heap_used_kib() { "$JCMD" "$PID" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1; }
reset_peak() { echo 5 >"/proc/$PID/clear_refs" 2>/dev/null || true; }

# Warm up the parsing and answering code so that the first measured batch does not pay for class loading and JIT.
printf 'url,name,note\n' >"$WORK/warm.csv"
for i in $(seq 1 2000); do printf 'ftp://example.com/%d,name %d,note %d\n' "$i" "$i" "$i"; done >>"$WORK/warm.csv"
for _ in 1 2 3; do curl -s -o /dev/null -H 'Content-Type: text/csv' --data-binary @"$WORK/warm.csv" "$SERVICE/shorten"; done

echo "== POST /shorten, 3-column CSV of ftp:// rows (no upstream call), service -Xmx$XMX"
# Peak heap: the largest "used" that jcmd sees while the request runs (garbage included: an upper bound), minus the
# heap used after a full GC before it.
printf '%-8s %-7s %-9s %-10s %-10s %-15s %-14s %-14s\n' rows status "wall ms" "body KiB" "rows/s" "peak heap +MiB" \
    "heap B/row" "peak RSS +MiB"
for n in "${SIZES[@]}"; do
    body="$WORK/rows-$n.csv"
    { printf 'url,name,note\n'; seq 1 "$n" | awk '{ printf "ftp://example.com/some/long/path/%d,name %d,note %d\n", $1, $1, $1 }'; } >"$body"
    "$JCMD" "$PID" GC.run >/dev/null
    heap_before=$(heap_used_kib)
    before=$(kib VmRSS)
    reset_peak
    curl -s -o "$WORK/answer.csv" -w '%{http_code} %{time_total}\n' -H 'Content-Type: text/csv' \
        --data-binary @"$body" "$SERVICE/shorten" >"$WORK/curl.out" &
    CURL=$!
    : >"$WORK/heap.samples"
    while kill -0 "$CURL" 2>/dev/null; do heap_used_kib >>"$WORK/heap.samples"; done
    wait "$CURL"
    read -r status secs <"$WORK/curl.out"
    heap_peak=$(sort -n "$WORK/heap.samples" | tail -1)
    heap_peak=${heap_peak:-$heap_before}
    peak=$(kib VmHWM)
    ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
    printf '%-8s %-7s %-9s %-10s %-10s %-15s %-14s %-14s\n' "$n" "$status" "$ms" "$(( $(stat -c %s "$body") / 1024 ))" \
        "$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%d", n / s }')" "$(( (heap_peak - heap_before) / 1024 ))" \
        "$(( (heap_peak - heap_before) * 1024 / n ))" "$(( (peak - before) / 1024 ))"
done

echo
echo "== the wide-row body of issue 12: url,name header, one row with 10,000 commas, then 99,000 ordinary rows"
wide="$WORK/wide.csv"
{ printf 'url,name\nhttps://example.com/wide,x'; printf '%*s' 10000 '' | tr ' ' ','; printf '\n';
  seq 1 99000 | awk '{ printf "https://example.com/%d,n\n", $1 }'; } >"$wide"
"$JCMD" "$PID" GC.run >/dev/null
heap_before=$(heap_used_kib)
before=$(kib VmRSS)
reset_peak
read -r status secs < <(curl -s -o "$WORK/problem.json" -w '%{http_code} %{time_total}\n' \
    -H 'Content-Type: text/csv' --data-binary @"$wide" "$SERVICE/shorten")
heap_after=$(heap_used_kib)
peak=$(kib VmHWM)
printf 'body %d KiB -> HTTP %s in %d ms; heap used %d -> %d KiB (no GC between); peak RSS +%d MiB\n' \
    "$(( $(stat -c %s "$wide") / 1024 ))" "$status" "$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')" \
    "$heap_before" "$heap_after" "$(( (peak - before) / 1024 ))"
echo "problem: $(cat "$WORK/problem.json")"
