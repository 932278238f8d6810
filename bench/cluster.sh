#!/usr/bin/env bash
# Three replicas on one fresh PostgreSQL database share one governor: cap 150 calls in flight across them, a 100 ms
# upstream (bench/ClusterUpstream.java) answering every EVERY-th call 429 Retry-After: 1; 3 jobs + 3 /shorten batches
# (ROWS in all, split evenly) posted to the three at once. Prints the peak in flight at the upstream, the wall time
# vs the floor (rows x latency / cap), and the requests that arrived inside Retry-After windows. Asserts nothing.
# Env: JAVA_HOME (JDK 21+), ROWS (30000), CAP (150), DELAY_MS (100), EVERY (3000), PGURL, PGUSER, SERVICE_XMX (256m)
set -euo pipefail

cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
ROWS=${ROWS:-30000}
CAP=${CAP:-150}
DELAY_MS=${DELAY_MS:-100}
EVERY=${EVERY:-3000}
PGURL=${PGURL:-jdbc:postgresql://127.0.0.1:5432/}
PGUSER=${PGUSER:-postgres}
SERVICE_XMX=${SERVICE_XMX:-256m}
for tool in curl jq psql python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }
done

WORK=$(mktemp -d -t tinyurl-cluster-bench.XXXXXX)
PIDS=()
DB="tinyurl_cluster_bench_$RANDOM$RANDOM"
cleanup() {
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
ulimit -n 65536 2>/dev/null || true
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
wait_for() { # url seconds
    local deadline=$((SECONDS + $2))
    until curl -fsS -o /dev/null "$1" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { echo "bench: $1 did not answer within $2 s" >&2; return 1; }
        sleep 0.2
    done
}
now_ms() { date +%s%3N; }

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "CREATE DATABASE $DB" >/dev/null

UPSTREAM_PORT=$(free_port)
"$JAVA" -Xmx512m -cp "target/quarkus-app/lib/main/*" bench/ClusterUpstream.java "$UPSTREAM_PORT" "$DELAY_MS" "$EVERY" \
    >"$WORK/upstream.log" 2>&1 &
PIDS+=($!)
UPSTREAM="http://127.0.0.1:$UPSTREAM_PORT"
wait_for "$UPSTREAM/stats" 60

PORTS=()
for name in a b c; do
    port=$(free_port)
    management=$(free_port)
    QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management \
    QUARKUS_DATASOURCE_JDBC_URL="$PGURL$DB" QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="" \
    QUARKUS_REST_CLIENT_TINYURL_LEGACY_URL="$UPSTREAM" SHORTENER_MODEL=async SHORTENER_ASYNC_CONCURRENCY=1000 \
    SHORTENER_UPSTREAM_MAX_IN_FLIGHT=$CAP SHORTENER_MAX_ROWS=1000000 QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE=200M \
        "$JAVA" "-Xmx$SERVICE_XMX" -jar target/quarkus-app/quarkus-run.jar >"$WORK/replica-$name.log" 2>&1 &
    PIDS+=($!)
    PORTS+=("$port")
    wait_for "http://127.0.0.1:$management/q/health/ready" 120
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
