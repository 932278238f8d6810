#!/usr/bin/env bash
# Measures Excel jobs against a local upstream (bench/JobsUpstream.java) and a fresh PostgreSQL database on
# 127.0.0.1:5432: a 100,000-row xlsx job's accept time against the same rows as CSV, its xlsx result download, the
# service's peak RSS; then a 1,000,000-row sheet. Input files come from bench/XlsxFile.java (shared strings, as Excel
# writes them). Prints numbers; asserts nothing about time. Everything it starts is stopped on exit.
#
# Usage: bench/xlsx.sh [100k] [1m]      (default: both)
# Env: JAVA_HOME (JDK 21+), DELAY_MS (100), CONCURRENCY (1000), PGURL (jdbc:postgresql://127.0.0.1:5432/),
#      PGUSER (postgres), SERVICE_XMX (256m), WARMUP_ROWS (20000: one CSV and one xlsx job run first, so that the
#      measured ones run on compiled code), ROUNDS (3: accept times and 100k downloads are the median of this many)
set -euo pipefail

cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
DELAY_MS=${DELAY_MS:-100}
CONCURRENCY=${CONCURRENCY:-1000}
PGURL=${PGURL:-jdbc:postgresql://127.0.0.1:5432/}
PGUSER=${PGUSER:-postgres}
SERVICE_XMX=${SERVICE_XMX:-256m}
WARMUP_ROWS=${WARMUP_ROWS:-20000}
ROUNDS=${ROUNDS:-3}
XLSX=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(100k 1m)

for tool in curl jq psql python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }
done

WORK=$(mktemp -d -t tinyurl-xlsx-bench.XXXXXX)
PIDS=()
DATABASES=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    for db in "${DATABASES[@]}"; do
        psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
ulimit -n 65536 2>/dev/null || true

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
now_ms() { date +%s%3N; }
wait_for() { # url seconds
    local deadline=$((SECONDS + $2))
    until curl -fsS -o /dev/null "$1" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { echo "bench: $1 did not answer within $2 s" >&2; return 1; }
        sleep 0.2
    done
}
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

UPSTREAM_PORT=$(free_port)
"$JAVA" -Xmx1g -cp "target/quarkus-app/lib/main/*" bench/JobsUpstream.java "$UPSTREAM_PORT" "$DELAY_MS" \
    >"$WORK/upstream.log" 2>&1 &
PIDS+=($!)
UPSTREAM="http://127.0.0.1:$UPSTREAM_PORT"
wait_for "$UPSTREAM/stats" 60

SERVICE_PID=""
PORT=""
start_service() {
    local db="tinyurl_bench_$RANDOM$RANDOM" management
    psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "CREATE DATABASE $db" >/dev/null
    DATABASES+=("$db")
    PORT=$(free_port); management=$(free_port)
    QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$management \
    QUARKUS_DATASOURCE_JDBC_URL="$PGURL$db" QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="" \
    QUARKUS_REST_CLIENT_TINYURL_LEGACY_URL="$UPSTREAM" \
    SHORTENER_MODEL=async SHORTENER_ASYNC_CONCURRENCY=$CONCURRENCY SHORTENER_RETRY_MAX_ATTEMPTS=1 \
    QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE=200M \
        "$JAVA" "-Xmx$SERVICE_XMX" -jar target/quarkus-app/quarkus-run.jar >"$WORK/service-$PORT.log" 2>&1 &
    SERVICE_PID=$!
    PIDS+=("$SERVICE_PID")
    wait_for "http://127.0.0.1:$management/q/health/ready" 120
}
files() { # rows tag -> writes $WORK/tag.xlsx and $WORK/tag.csv
    "$JAVA" -Xmx2g -cp "target/quarkus-app/lib/main/*" bench/XlsxFile.java "$1" "$2" "$WORK/$2.xlsx" "$WORK/$2.csv"
}
submit() { # file content-type -> "id ms"
    local start id
    start=$(now_ms)
    id=$(curl -fsS -H "Content-Type: $2" --data-binary @"$1" "http://127.0.0.1:$PORT/jobs" | jq -r .id)
    echo "$id $(($(now_ms) - start))"
}
await_job() { # id -> final status JSON
    local status
    while true; do
        status=$(curl -fsS "http://127.0.0.1:$PORT/jobs/$1")
        case $(jq -r .state <<<"$status") in
        succeeded | failed | cancelled) echo "$status"; return ;;
        esac
        sleep 0.5
    done
}
download() { # id accept rows -> "rows/s bytes"
    local start end
    start=$(now_ms)
    curl -fsS -H "Accept: $2" "http://127.0.0.1:$PORT/jobs/$1/result" -o "$WORK/result"
    end=$(now_ms)
    echo "$(awk "BEGIN {printf \"%.0f\", $3 / (($end - $start) / 1000)}") $(stat -c %s "$WORK/result")"
}
kb() { echo "$(( $(stat -c %s "$1") / 1024 ))"; }
ratios() { # xlsx -> "part ratio, ..." for the sheet and the shared strings
    python3 -c "
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(', '.join(f'{i.filename} {i.file_size / max(i.compress_size, 1):.1f}' for i in z.infolist()
                if i.filename.startswith('xl/worksheets/') or i.filename == 'xl/sharedStrings.xml'))
" "$1"
}

scenario_100k() {
    echo "== 100,000 rows: xlsx job vs the same rows as CSV (accept: median of $ROUNDS), service -Xmx$SERVICE_XMX"
    start_service
    files "$WARMUP_ROWS" warmup
    for type in text/csv "$XLSX"; do
        local file="$WORK/warmup.csv"; [ "$type" = text/csv ] || file="$WORK/warmup.xlsx"
        read -r id _ < <(submit "$file" "$type"); await_job "$id" >/dev/null; download "$id" "$type" "$WARMUP_ROWS" >/dev/null
    done
    files 100000 hundredk
    echo "bodies: CSV $(kb "$WORK/hundredk.csv") KiB, xlsx $(kb "$WORK/hundredk.xlsx") KiB"
    local csv_ms=() xlsx_ms=() id ms last_xlsx
    for _ in $(seq 1 "$ROUNDS"); do
        read -r id ms < <(submit "$WORK/hundredk.csv" text/csv); csv_ms+=("$ms"); await_job "$id" >/dev/null
        read -r id ms < <(submit "$WORK/hundredk.xlsx" "$XLSX"); xlsx_ms+=("$ms"); last_xlsx=$id
        await_job "$id" >/dev/null
    done
    local csv_median xlsx_median
    csv_median=$(printf '%s\n' "${csv_ms[@]}" | median)
    xlsx_median=$(printf '%s\n' "${xlsx_ms[@]}" | median)
    echo "accepted: CSV ${csv_ms[*]} ms, xlsx ${xlsx_ms[*]} ms: xlsx/CSV $(awk "BEGIN {printf \"%.2f\", $xlsx_median / $csv_median}") x (medians)"
    echo "inflate ratio of the parts (uncompressed / compressed): $(ratios "$WORK/hundredk.xlsx")"
    for type in "$XLSX" text/csv; do
        local rates=()
        for _ in $(seq 1 "$ROUNDS"); do read -r rate bytes < <(download "$last_xlsx" "$type" 100000); rates+=("$rate"); done
        echo "$type result download: ${rates[*]} rows/s, median $(printf '%s\n' "${rates[@]}" | median) ($((bytes / 1024)) KiB)"
    done
    echo "status of the last xlsx job: $(await_job "$last_xlsx" | jq -c .rows)"
    echo "service peak RSS: $(peak_rss_mb "$SERVICE_PID") MB (-Xmx$SERVICE_XMX)"
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
}

scenario_1m() {
    echo "== 1,000,000-row sheet as a job, service -Xmx$SERVICE_XMX"
    start_service
    files 1000000 million
    echo "body: xlsx $(kb "$WORK/million.xlsx") KiB"
    local id ms status start
    read -r id ms < <(submit "$WORK/million.xlsx" "$XLSX")
    echo "accepted (202) in $ms ms"
    start=$(now_ms)
    status=$(await_job "$id")
    echo "job: $(jq -r .state <<<"$status") $(($(now_ms) - start)) ms after the 202, rows $(jq -c .rows <<<"$status")"
    echo "inflate ratio of the parts (uncompressed / compressed): $(ratios "$WORK/million.xlsx")"
    read -r rate bytes < <(download "$id" "$XLSX" 1000000)
    echo "xlsx result download: $rate rows/s ($((bytes / 1024)) KiB)"
    echo "service peak RSS: $(peak_rss_mb "$SERVICE_PID") MB (-Xmx$SERVICE_XMX)"
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
}

for scenario in "${SCENARIOS[@]}"; do
    case $scenario in
    100k) scenario_100k ;;
    1m) scenario_1m ;;
    *) echo "bench: unknown scenario $scenario" >&2; exit 2 ;;
    esac
    echo
done
