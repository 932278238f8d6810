#!/usr/bin/env bash
# Measures durable jobs against a local upstream (bench/JobsUpstream.java: TinyURL's legacy API with a fixed delay)
# and a fresh PostgreSQL database on 127.0.0.1:5432. Prints numbers; asserts nothing about time.
#
# Usage: bench/jobs.sh [scenario...]    scenarios: 100k (default), kill, 1m, replicas, webhook
#   shorten   the same 100,000 rows through POST /shorten: the synchronous path's CPU per row, for comparison
#   100k      100,000-row job wall time vs `hey -n 100000 -c 1000` on the same upstream; peak RSS (-Xmx256m)
#   kill      kill -9 at ~50 % of a 20,000-row job, restart: completion, order, duplicates at the upstream vs resent
#   1m        1,000,000-row job: accept time, completion, peak RSS, resubmission (0 upstream calls), result download
#   replicas  two replicas on one database: visible from both, both work, one killed, the other finishes
#   webhook   WEBHOOK_JOBS (20) jobs of 100 rows with ?callback= to a receiver on loopback that answers 200: time
#             from each job's finishedAt to the arrival of its signed job.finished webhook
# Env: JAVA_HOME (JDK 21+), DELAY_MS (100), CONCURRENCY (1000: the async limit, calls in flight per job and replica,
#      shared by the job's chunks in flight; the provider's governor allows 1000 by default), PGURL (jdbc:postgresql://127.0.0.1:5432/), PGUSER (postgres),
#      SERVICE_XMX (256m: the targets' heap), SERVICE_JAVA_OPTS (extra JVM options, e.g. a JFR recording,
#      -XX:StartFlightRecording=settings=profile, dumped to JFR_OUT (/tmp/jobs-100k.jfr) after the 100k job;
#      with -XX:NativeMemoryTracking=summary the 100k scenario prints the JVM's memory by area), CHUNKS_IN_FLIGHT (4), RETRY_MAX_ATTEMPTS (1: a retried timeout may
#      have reached the upstream too, a duplicate that has nothing to do with jobs; 1 keeps the duplicate count
#      down to what crashes cause), WARMUP_ROWS (150000: a job of other URLs run first in the 100k and shorten
#      scenarios, so that the measured rows run on compiled code as on a replica that has been up for a while: with
#      20,000 the C2 compiler was still a large share of the measured CPU; 0 measures a replica's first rows)
set -euo pipefail

source "$(dirname "$0")/lib.sh"
DELAY_MS=${DELAY_MS:-100}
CONCURRENCY=${CONCURRENCY:-1000}
CHUNKS_IN_FLIGHT=${CHUNKS_IN_FLIGHT:-4}
RETRY_MAX_ATTEMPTS=${RETRY_MAX_ATTEMPTS:-1}
WARMUP_ROWS=${WARMUP_ROWS:-150000}
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(100k)

require curl jq psql hey python3
scratch tinyurl-jobs-bench
pg_cpu_ticks() { # every PostgreSQL process, in clock ticks
    local total=0 pid
    for pid in $(pgrep -x postgres); do total=$((total + $(cpu_ticks "$pid" 2>/dev/null || echo 0))); done
    echo "$total"
}

package_service
start_upstream JobsUpstream.java 1g /stats "$DELAY_MS"

SERVICE_PID=""
start_service() { # database port [log]
    start_replica "$1" "$2" "${3:-$WORK/service-$2.log}" SHORTENER_ASYNC_CONCURRENCY="$CONCURRENCY" \
        SHORTENER_JOBS_CHUNKS_IN_FLIGHT="$CHUNKS_IN_FLIGHT" SHORTENER_MAX_ROWS=1000000 \
        SHORTENER_MAX_CONCURRENT_BATCHES=64 SHORTENER_RETRY_MAX_ATTEMPTS="$RETRY_MAX_ATTEMPTS"
}
csv() { # rows tag -> file
    local file="$WORK/$2.csv"
    python3 -c "
import sys
n, tag = int(sys.argv[1]), sys.argv[2]
with open(sys.argv[3], 'w') as f:
    f.write('name,url\n')
    for i in range(n):
        f.write(f'row{i},https://example.com/{tag}/{i}?q={i * 7919 % 100003}\n')
" "$1" "$2" "$file"
    echo "$file"
}
submit() { # port file -> id
    curl -fsS -H 'Content-Type: text/csv' --data-binary @"$2" "http://127.0.0.1:$1/jobs" | jq -r .id
}
await_job() { # port id -> final status JSON
    local status
    while true; do
        status=$(curl -fsS "http://127.0.0.1:$1/jobs/$2" 2>/dev/null || echo '{"state":"unreachable"}')
        case $(jq -r .state <<<"$status") in
        succeeded | failed | cancelled) echo "$status"; return ;;
        esac
        sleep 0.2
    done
}
job_seconds() { jq -r '((.finishedAt | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) - (.createdAt | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601))' <<<"$1"; }
upstream_stats() { curl -fsS "$UPSTREAM/stats"; }
mean_ms() { # metric marks -> a timer's mean in ms, from the service's Prometheus metrics
    curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/q/metrics" | awk -v m="$1" -v t="marks=\"$2\"" \
        'index($0, t) && $1 ~ "^" m "_sum" { s = $2 } index($0, t) && $1 ~ "^" m "_count" { c = $2 }
         END { printf "%.1f", c ? s * 1000 / c : 0 }'
}

scenario_100k() {
    echo "== 100,000-row job vs hey -n 100000 -c $CONCURRENCY, upstream delay ${DELAY_MS} ms"
    local start end hey_s db port file id status job_ms
    start=$(now_ms)
    hey -n 100000 -c "$CONCURRENCY" "$UPSTREAM/api-create.php?url=https://example.com/hey" >"$WORK/hey.txt"
    end=$(now_ms)
    hey_s=$(awk "BEGIN {printf \"%.1f\", ($end - $start) / 1000}")
    local hey_flight
    hey_flight=$(upstream_stats | jq -r '"\(.avgInFlight) on average, \(.maxInFlight) at most"')
    curl -fsS "$UPSTREAM/reset" >/dev/null
    fresh_database; db=$DB; port=$(free_port)
    start_service "$db" "$port"
    file=$(csv 100000 hundredk)
    if [ "$WARMUP_ROWS" -gt 0 ]; then # a long-running replica has its code compiled: JIT is not what is measured
        await_job "$port" "$(submit "$port" "$(csv "$WARMUP_ROWS" warmup)")" >/dev/null
        curl -fsS "$UPSTREAM/reset" >/dev/null
    fi
    local cpu0 pg0 cpu1 pg1
    cpu0=$(cpu_ticks "$SERVICE_PID"); pg0=$(pg_cpu_ticks)
    start=$(now_ms)
    id=$(submit "$port" "$file")
    local accepted=$(now_ms)
    status=$(await_job "$port" "$id")
    end=$(now_ms)
    cpu1=$(cpu_ticks "$SERVICE_PID"); pg1=$(pg_cpu_ticks)
    job_ms=$((end - start))
    echo "hey:            ${hey_s} s, calls in flight at the upstream: $hey_flight"
    echo "job (POST..succeeded): $(awk "BEGIN {printf \"%.1f\", $job_ms / 1000}") s, accepted in $((accepted - start)) ms," \
        "ratio $(awk "BEGIN {printf \"%.2f\", $job_ms / 1000 / $hey_s}") x hey"
    echo "rows: $(jq -c .rows <<<"$status"), upstream: $(upstream_stats)"
    echo "CPU per row: service $(us_per $((cpu1 - cpu0)) 100000) µs, PostgreSQL $(us_per $((pg1 - pg0)) 100000) µs" \
        "(utime+stime)"
    echo "row marks: a call's 'sent' mark commits $(mean_ms shortener_jobs_marks_wait_seconds sent) ms after it is queued" \
        "(the call holds a slot meanwhile; $(mean_ms shortener_jobs_marks_writes_seconds sent) ms per transaction)," \
        "outcomes $(mean_ms shortener_jobs_marks_wait_seconds done) ms ($(mean_ms shortener_jobs_marks_writes_seconds done) ms);" \
        "means since the service started"
    echo "service peak RSS: $(peak_rss_mb "$SERVICE_PID") MB (-Xmx$SERVICE_XMX)"
    if [[ "${SERVICE_JAVA_OPTS:-}" == *StartFlightRecording* ]]; then # the recording as it stands after the job
        "$JAVA_HOME/bin/jcmd" "$SERVICE_PID" JFR.dump filename="${JFR_OUT:-/tmp/jobs-100k.jfr}" >/dev/null
        echo "JFR recording: ${JFR_OUT:-/tmp/jobs-100k.jfr}"
    fi
    if [[ "${SERVICE_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then # where the memory is, by JVM area
        "$JAVA_HOME/bin/jcmd" "$SERVICE_PID" VM.native_memory summary scale=MB | grep -E "^Total|^-  " | head -14
    fi
    start=$(now_ms)
    curl -fsS "http://127.0.0.1:$port/jobs/$id/result" -o "$WORK/hundredk-result.csv"
    end=$(now_ms)
    echo "result download: $(awk "BEGIN {printf \"%.0f\", 100000 / (($end - $start) / 1000)}") rows/s"
    curl -fsS "$UPSTREAM/reset" >/dev/null
    start=$(now_ms)
    id=$(submit "$port" "$file")
    status=$(await_job "$port" "$id")
    end=$(now_ms)
    echo "resubmitted: $(awk "BEGIN {printf \"%.1f\", ($end - $start) / 1000}") s, rows=$(jq -c .rows <<<"$status")," \
        "upstream: $(upstream_stats)"
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
}

scenario_shorten() {
    echo "== the same 100,000 rows through POST /shorten (synchronous path, no job) on the same service settings"
    local db port file cpu0 pg0 cpu1 pg1 start end
    fresh_database; db=$DB; port=$(free_port)
    start_service "$db" "$port"
    file=$(csv 100000 shorten)
    if [ "$WARMUP_ROWS" -gt 0 ]; then
        curl -fsS -H 'Content-Type: text/csv' --data-binary @"$(csv "$WARMUP_ROWS" warmup)" \
            "http://127.0.0.1:$port/shorten" -o /dev/null
    fi
    cpu0=$(cpu_ticks "$SERVICE_PID"); pg0=$(pg_cpu_ticks)
    start=$(now_ms)
    curl -fsS -H 'Content-Type: text/csv' --data-binary @"$file" "http://127.0.0.1:$port/shorten" -o "$WORK/shorten.csv"
    end=$(now_ms)
    cpu1=$(cpu_ticks "$SERVICE_PID"); pg1=$(pg_cpu_ticks)
    echo "/shorten: $(awk "BEGIN {printf \"%.1f\", ($end - $start) / 1000}") s, ok rows $(grep -c ',ok,$' "$WORK/shorten.csv");" \
        "CPU per row: service $(us_per $((cpu1 - cpu0)) 100000) µs, PostgreSQL $(us_per $((pg1 - pg0)) 100000) µs"
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
}

scenario_kill() {
    echo "== kill -9 at ~50 % of a 20,000-row job, restart"
    curl -fsS "$UPSTREAM/reset" >/dev/null
    local db port file id done status result
    fresh_database; db=$DB; port=$(free_port)
    start_service "$db" "$port"
    file=$(csv 20000 kill)
    id=$(submit "$port" "$file")
    while true; do
        done=$(curl -fsS "http://127.0.0.1:$port/jobs/$id" | jq .rows.done)
        [ "$done" -ge 10000 ] && break
        sleep 0.05
    done
    kill -9 "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
    echo "killed at rows.done=$done; upstream so far: $(upstream_stats)"
    start_service "$db" "$port" "$WORK/service-restarted.log"
    status=$(await_job "$port" "$id")
    echo "after restart: state=$(jq -r .state <<<"$status") rows=$(jq -c .rows <<<"$status")"
    echo "(the lease of the killed replica, shortener.jobs.lease=30s, had to expire before the takeover)"
    result="$WORK/kill-result.csv"
    curl -fsS "http://127.0.0.1:$port/jobs/$id/result" -o "$result"
    echo "result: $(($(wc -l <"$result") - 1)) rows, ok=$(grep -c ',ok,$' "$result"), in input order:" \
        "$(python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
print(all(r[0] == f'row{i}' for i, r in enumerate(rows)))" "$result")"
    echo "upstream: $(upstream_stats)  <- duplicates must be <= rows.resent ($(jq .rows.resent <<<"$status"))"
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
}

scenario_1m() {
    echo "== 1,000,000-row job"
    curl -fsS "$UPSTREAM/reset" >/dev/null
    local db port file id start accepted status end
    fresh_database; db=$DB; port=$(free_port)
    start_service "$db" "$port"
    file=$(csv 1000000 million)
    echo "body: $(du -m "$file" | cut -f1) MB"
    start=$(now_ms)
    id=$(submit "$port" "$file")
    accepted=$(now_ms)
    echo "accepted (202) in $(awk "BEGIN {printf \"%.1f\", ($accepted - $start) / 1000}") s"
    status=$(await_job "$port" "$id")
    end=$(now_ms)
    echo "completed: state=$(jq -r .state <<<"$status") in $(awk "BEGIN {printf \"%.1f\", ($end - $start) / 1000}") s;" \
        "rows=$(jq -c .rows <<<"$status"); peak RSS so far $(peak_rss_mb "$SERVICE_PID") MB"
    curl -fsS "$UPSTREAM/reset" >/dev/null
    start=$(now_ms)
    id=$(submit "$port" "$file")
    status=$(await_job "$port" "$id")
    end=$(now_ms)
    echo "resubmitted: $(awk "BEGIN {printf \"%.1f\", ($end - $start) / 1000}") s, rows=$(jq -c .rows <<<"$status")," \
        "upstream calls: $(upstream_stats)"
    start=$(now_ms)
    curl -fsS "http://127.0.0.1:$port/jobs/$id/result" -o "$WORK/million-result.csv"
    end=$(now_ms)
    echo "result download: $(awk "BEGIN {printf \"%.0f\", 1000000 / (($end - $start) / 1000)}") rows/s" \
        "($(du -m "$WORK/million-result.csv" | cut -f1) MB in $(awk "BEGIN {printf \"%.1f\", ($end - $start) / 1000}") s)"
    echo "service peak RSS: $(peak_rss_mb "$SERVICE_PID") MB (-Xmx$SERVICE_XMX)"
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
}

scenario_replicas() {
    echo "== two replicas on one database"
    curl -fsS "$UPSTREAM/reset" >/dev/null
    local db port_a port_b pid_a pid_b file id status
    fresh_database; db=$DB; port_a=$(free_port); port_b=$(free_port)
    start_service "$db" "$port_a" "$WORK/replica-a.log"; pid_a=$SERVICE_PID
    start_service "$db" "$port_b" "$WORK/replica-b.log"; pid_b=$SERVICE_PID
    file=$(csv 20000 replicas)
    id=$(submit "$port_a" "$file")
    echo "posted to A; B sees state=$(curl -fsS "http://127.0.0.1:$port_b/jobs/$id" | jq -r .state)"
    while [ "$(curl -fsS "http://127.0.0.1:$port_b/jobs/$id" | jq .rows.done)" -lt 6000 ]; do sleep 0.05; done
    echo "replicas that claimed chunks so far: $(psql -h 127.0.0.1 -U "$PGUSER" -d "$db" -tAc \
        "SELECT count(DISTINCT lease_owner) FROM job_chunks WHERE lease_owner IS NOT NULL")"
    kill -9 "$pid_a"; wait "$pid_a" 2>/dev/null || true
    echo "killed A at rows.done=$(curl -fsS "http://127.0.0.1:$port_b/jobs/$id" | jq .rows.done)"
    status=$(await_job "$port_b" "$id")
    echo "B finished it: state=$(jq -r .state <<<"$status") rows=$(jq -c .rows <<<"$status"); upstream: $(upstream_stats)"
    kill "$pid_b"; wait "$pid_b" 2>/dev/null || true
}

scenario_webhook() {
    local jobs=${WEBHOOK_JOBS:-20} port db file i id receiver_port arrivals
    echo "== webhook latency: $jobs jobs of 100 rows, receiver on loopback answering 200"
    receiver_port=$(free_port)
    arrivals="$WORK/webhook-arrivals.txt"
    : >"$arrivals"
    python3 -c '
import http.server, json, sys, time
out = open(sys.argv[2], "a", buffering=1)
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        out.write("%d %s %s\n" % (time.time() * 1000, body["data"]["id"], body["data"]["finishedAt"]))
        self.send_response(200); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
' "$receiver_port" "$arrivals" &
    PIDS+=($!)
    fresh_database; db=$DB; port=$(free_port)
    SHORTENER_WEBHOOKS_SECRET="whsec_$(head -c 32 /dev/urandom | base64)" SHORTENER_WEBHOOKS_ALLOW_PRIVATE=true         start_service "$db" "$port"
    for i in $(seq 1 "$jobs"); do
        file=$(csv 100 "webhook-$i")
        id=$(curl -fsS -H 'Content-Type: text/csv' --data-binary @"$file" \
            "http://127.0.0.1:$port/jobs?callback=http://127.0.0.1:$receiver_port/hook" | jq -r .id)
        await_job "$port" "$id" >/dev/null
        until grep -q " $id " "$arrivals"; do sleep 0.05; done
    done
    python3 -c '
import sys, datetime
lat = []
for line in open(sys.argv[1]):
    arrived, _, finished = line.split()
    end = datetime.datetime.fromisoformat(finished.replace("Z", "+00:00")).timestamp() * 1000
    lat.append(int(arrived) - end)
lat.sort()
print("job end -> webhook arrival, ms: p50 %.0f, p90 %.0f, max %.0f (%d jobs)" % (
    lat[len(lat) // 2], lat[int(len(lat) * 0.9)], lat[-1], len(lat)))
' "$arrivals"
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
}

for scenario in "${SCENARIOS[@]}"; do
    case "$scenario" in
    100k) scenario_100k ;;
    shorten) scenario_shorten ;;
    kill) scenario_kill ;;
    1m) scenario_1m ;;
    replicas) scenario_replicas ;;
    webhook) scenario_webhook ;;
    *) echo "bench: unknown scenario $scenario (100k, shorten, kill, 1m, replicas, webhook)" >&2; exit 1 ;;
    esac
done
