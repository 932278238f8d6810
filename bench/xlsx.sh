#!/usr/bin/env bash
# Measures Excel jobs against a local upstream (bench/JobsUpstream.java) and a fresh PostgreSQL database on
# 127.0.0.1:5432: a 100,000-row xlsx job's accept time against the same rows as CSV, its xlsx result download, the
# service's peak RSS; then a 1,000,000-row sheet. Input files come from bench/XlsxFile.java (shared strings, as Excel
# writes them). Prints numbers; asserts nothing about time. Everything it starts is stopped on exit.
#
# Usage: bench/xlsx.sh [100k] [1m]      (default: both)
# Env: JAVA_HOME (JDK 21+), DELAY_MS (100), CONCURRENCY (1000), PGURL (jdbc:postgresql://127.0.0.1:5432/),
#      PGUSER (postgres), SERVICE_XMX (256m), SERVICE_JAVA_OPTS (extra JVM options), WARMUP_ROWS (20000: one CSV
#      and one xlsx job run first, so that the measured ones run on compiled code), ROUNDS (3: accept times and 100k
#      downloads are the median of this many)
set -euo pipefail

source "$(dirname "$0")/lib.sh"
DELAY_MS=${DELAY_MS:-100}
CONCURRENCY=${CONCURRENCY:-1000}
WARMUP_ROWS=${WARMUP_ROWS:-20000}
ROUNDS=${ROUNDS:-3}
XLSX=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(100k 1m)

require curl jq psql python3
scratch tinyurl-xlsx-bench
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

package_service
start_upstream JobsUpstream.java 1g /stats "$DELAY_MS"

SERVICE_PID=""
PORT=""
start_service() {
    fresh_database
    PORT=$(free_port)
    start_replica "$DB" "$PORT" "$WORK/service-$PORT.log" SHORTENER_ASYNC_CONCURRENCY="$CONCURRENCY" \
        SHORTENER_RETRY_MAX_ATTEMPTS=1
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
