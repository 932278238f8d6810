#!/usr/bin/env bash
# Three replicas on one fresh PostgreSQL database share one governor: cap 150 calls in flight across them, a 100 ms
# upstream (bench/ClusterUpstream.java) answering every EVERY-th call 429 Retry-After: 1; 3 jobs + 3 /shorten batches
# (ROWS in all, split evenly) posted to the three at once. Prints the peak in flight at the upstream, the wall time
# vs the floor (rows x latency / cap), and the requests that arrived inside Retry-After windows. Asserts nothing.
# Env: JAVA_HOME (JDK 21+), ROWS (30000), CAP (150), DELAY_MS (100), EVERY (3000), PGURL, PGUSER, SERVICE_XMX (256m),
#      SERVICE_JAVA_OPTS (extra JVM options of the replicas)
set -euo pipefail

source "$(dirname "$0")/lib.sh"
ROWS=${ROWS:-30000}
CAP=${CAP:-150}
DELAY_MS=${DELAY_MS:-100}
EVERY=${EVERY:-3000}
require curl jq psql python3
scratch tinyurl-cluster-bench

package_service
fresh_database
start_upstream ClusterUpstream.java 512m /stats "$DELAY_MS" "$EVERY"

PORTS=()
for name in a b c; do
    port=$(free_port)
    start_replica "$DB" "$port" "$WORK/replica-$name.log" SHORTENER_ASYNC_CONCURRENCY=1000 \
        SHORTENER_UPSTREAM_MAX_IN_FLIGHT="$CAP" SHORTENER_MAX_ROWS=1000000
    PORTS+=("$port")
done

per=$((ROWS / 6))
for i in 0 1 2 3 4 5; do
    python3 -c "
import sys
n, tag = int(sys.argv[1]), sys.argv[2]
with open(sys.argv[3], 'w') as f:
    for i in range(n):
        f.write(f'https://example.com/{tag}/{i}\n')
" "$per" "part$i" "$WORK/part$i.txt"
done

echo "== 3 replicas, cap $CAP, upstream ${DELAY_MS} ms, $((per * 6)) rows (3 jobs + 3 /shorten), 429 every $EVERY calls"
start=$(now_ms)
JOBS=()
for i in 0 1 2; do
    JOBS+=("$(curl -fsS -H 'Content-Type: text/plain' --data-binary @"$WORK/part$i.txt" \
        "http://127.0.0.1:${PORTS[$i]}/jobs" | jq -r .id)")
done
SHORTENS=()
for i in 0 1 2; do
    curl -fsS -H 'Content-Type: text/plain' --data-binary @"$WORK/part$((i + 3)).txt" \
        "http://127.0.0.1:${PORTS[$i]}/shorten" -o "$WORK/shorten$i.csv" &
    SHORTENS+=($!)
done
for pid in "${SHORTENS[@]}"; do wait "$pid"; done
for i in 0 1 2; do
    while true; do
        state=$(curl -fsS "http://127.0.0.1:${PORTS[0]}/jobs/${JOBS[$i]}" | jq -r .state)
        case $state in succeeded | failed | cancelled) break ;; esac
        sleep 0.2
    done
    echo "job $i: $state"
done
end=$(now_ms)
ok=$(cat "$WORK"/shorten*.csv | grep -c ',ok,$' || true)
stats=$(curl -fsS "$UPSTREAM/stats")
wall_s=$(awk "BEGIN {printf \"%.1f\", ($end - $start) / 1000}")
floor_s=$(awk "BEGIN {printf \"%.1f\", $per * 6 * $DELAY_MS / 1000 / $CAP}")
limited=$(jq .limited <<<"$stats")
echo "/shorten rows ok: $ok of $((per * 3))"
echo "upstream calls: $(jq .calls <<<"$stats") (429s: $limited)"
echo "peak in flight at the upstream: $(jq .maxInFlight <<<"$stats") (cap $CAP)"
ratio=$(awk "BEGIN {printf \"%.2f\", $wall_s / $floor_s}")
echo "wall: ${wall_s} s; floor (rows x latency / cap): ${floor_s} s; ratio $ratio"
with_pauses=$(awk "BEGIN {printf \"%.1f\", $floor_s + $limited}")
echo "  (each 429 pauses every replica for 1 s: floor + pauses = $with_pauses s)"
echo "requests inside Retry-After windows (0.15-0.85 s after a 429): $(jq .insideWindows <<<"$stats")"
# How long a pause took from the replica that saw the 429 to the others (same host: the clocks agree).
grep -ho '[0-9]* ms after it began there' "$WORK"/replica-*.log | awk '{print $1}' | sort -n \
    | awk '{v[NR] = $1} END {if (NR) printf "pause heard by the others: %d deliveries, median %d ms, max %d ms\n",
        NR, v[int((NR + 1) / 2)], v[NR]}' || true
