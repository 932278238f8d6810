#!/usr/bin/env bash
# Reruns the execution-model comparison on this machine: a local upstream with a fixed 100 ms delay (a one-file
# Vert.x server, bench/Upstream.java, or WireMock standalone), the packaged service pointed at it, POST /benchmark for N in 100, 1000, 10000, and a table of
# wall time, requests/s and ratio to the physical floor. Everything it starts is stopped on exit.
#
# Usage: bench/run.sh [N...]            (default: 100 1000 10000)
# Env:   JAVA_HOME (JDK 21+; default temurin-25), DELAY_MS (100), CONCURRENCY (1000, async and virtual-threads),
#        WORKERS (10, threads), ROUNDS (3), MAX_ROUND_SECONDS (30: a model whose floor per round is longer is
#        skipped at that N, and the script says so), CHECK_UPSTREAM (1: drive the upstream with wrk first),
#        MODELS (comma-separated subset of the service's models; default all), SERVICE_JAVA_OPTS (e.g. a JFR
#        recording: -XX:StartFlightRecording=filename=/tmp/service.jfr,settings=profile),
#        UPSTREAM (vertx | wiremock: WireMock 3.13.2 standalone spends ~2x the CPU per call and, on 2 cores,
#        becomes the bottleneck at concurrency 1000: see the README), BENCH_OUT (a directory for the JSON answers),
#        HEY (1: run Go's hey -n N -c CONCURRENCY on the same upstream beside each N, for wall and CPU per request),
#        SHORTEN_ROWS (100000: per round, one POST /shorten?model=async of that many URLs new to the link store, beside hey -n ROWS; 0 skips),
#        WARMUPS (2: identical unreported benchmark requests per model first, so that JIT compilation, which is process
#        CPU too, is not billed to the calls).
# CPU per call is the process's utime+stime from /proc/<pid>/stat, which the shared machine disturbs far less than
# wall time: the service's over each benchmark request (warmup wave included), hey's over its own run.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
DELAY_MS=${DELAY_MS:-100}
CONCURRENCY=${CONCURRENCY:-1000}
WORKERS=${WORKERS:-10}
ROUNDS=${ROUNDS:-3}
MAX_ROUND_SECONDS=${MAX_ROUND_SECONDS:-30}
CHECK_UPSTREAM=${CHECK_UPSTREAM:-1}
UPSTREAM_KIND=${UPSTREAM:-vertx}
WIREMOCK_VERSION=3.13.2
HEY=${HEY:-1}
WARMUPS=${WARMUPS:-2}
SHORTEN_ROWS=${SHORTEN_ROWS:-100000}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100 1000 10000)

require curl jq
require_jdk21

scratch tinyurl-bench
STOP_SIGNAL=TERM
INSTALLED_WRK=0
on_exit() {
    if [ "$INSTALLED_WRK" = 1 ]; then
        apt-get remove -y -qq wrk >/dev/null 2>&1 || true
    fi
}

hey_run() { # n concurrency url -> "wall_seconds cpu_micros_per_request errors"
    local wall ticks errors
    read -r wall ticks errors < <(hey_ticks "$@")
    echo "$wall $(awk -v t="$ticks" -v hz="$TICKS" -v n="$1" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }') $errors"
}

# ---- the service ----
package_service

# ---- the upstream: GET /uuid after a fixed delay ----
case "$UPSTREAM_KIND" in
vertx)
    start_upstream Upstream.java 256m /uuid "$DELAY_MS"
    ;;
wiremock)
    UPSTREAM_PORT=$(free_port)
    JAR="$HOME/.m2/repository/org/wiremock/wiremock-standalone/$WIREMOCK_VERSION/wiremock-standalone-$WIREMOCK_VERSION.jar"
    if [ ! -f "$JAR" ]; then
        ./mvnw -B -q dependency:copy -Dartifact="org.wiremock:wiremock-standalone:$WIREMOCK_VERSION" \
            -DoutputDirectory="$WORK"
        JAR="$WORK/wiremock-standalone-$WIREMOCK_VERSION.jar"
    fi
    mkdir -p "$WORK/wiremock/mappings"
    cat >"$WORK/wiremock/mappings/uuid.json" <<JSON
{"request": {"method": "GET", "urlPath": "/uuid"},
 "response": {"status": 200, "fixedDelayMilliseconds": $DELAY_MS,
              "headers": {"Content-Type": "application/json"},
              "body": "{\"uuid\": \"6f1c1b5e-3d7a-4c55-9a3e-2f7b8d1e0c42\"}"}}
JSON
    # Async responses free the Jetty thread during the delay; journal and logging off keep 10000 calls cheap.
    "$JAVA" -Xmx512m -jar "$JAR" --bind-address 127.0.0.1 --port "$UPSTREAM_PORT" --root-dir "$WORK/wiremock" \
        --container-threads $((CONCURRENCY + 200)) --async-response-enabled true --async-response-threads 50 \
        --no-request-journal --disable-request-logging --disable-banner >"$WORK/upstream.log" 2>&1 &
    PIDS+=($!)
    UPSTREAM="http://127.0.0.1:$UPSTREAM_PORT"
    wait_for "$UPSTREAM/uuid" 60
    ;;
*)
    echo "bench: UPSTREAM must be vertx or wiremock, got $UPSTREAM_KIND" >&2
    exit 1
    ;;
esac

# ---- is the upstream itself fast enough at this concurrency? ----
if [ "$CHECK_UPSTREAM" = 1 ]; then
    if ! command -v wrk >/dev/null; then
        echo "bench: installing wrk from Debian to check the upstream (removed again on exit)"
        if apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; then
            INSTALLED_WRK=1
        fi
    fi
    if command -v wrk >/dev/null; then
        echo "== upstream alone ($UPSTREAM_KIND): wrk -t2 -c$CONCURRENCY -d10s $UPSTREAM/uuid (ideal: $((CONCURRENCY * 1000 / DELAY_MS)) req/s)"
        wrk -t2 -c"$CONCURRENCY" -d3s "$UPSTREAM/uuid" >/dev/null 2>&1 || true # warm the upstream's JIT
        wrk -t2 -c"$CONCURRENCY" -d10s --latency "$UPSTREAM/uuid" | sed -n '/Latency/p;/50%/,/99%/p;/Requests\/sec/p'
    else
        echo "bench: wrk unavailable; upstream not checked"
    fi
fi

# ---- start the service against it ----
SERVICE_PORT=$(free_port)
MANAGEMENT_PORT=$(free_port) # health and metrics are on the management interface
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$SERVICE_PORT \
QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT SHORTENER_DATA_DIR="$WORK/data" \
QUARKUS_REST_CLIENT_HTTPBIN_URL="$UPSTREAM" QUARKUS_REST_CLIENT_TINYURL_LEGACY_URL="$UPSTREAM" \
QUARKUS_REST_CLIENT_HTTPBIN_CONNECTION_POOL_SIZE=$CONCURRENCY \
QUARKUS_REST_CLIENT_TINYURL_CONNECTION_POOL_SIZE=$CONCURRENCY \
QUARKUS_REST_CLIENT_TINYURL_LEGACY_CONNECTION_POOL_SIZE=$CONCURRENCY \
SHORTENER_MODEL=async SHORTENER_ASYNC_CONCURRENCY=$CONCURRENCY SHORTENER_VIRTUAL_THREADS_CONCURRENCY=$CONCURRENCY \
SHORTENER_THREADS_WORKERS=$WORKERS \
    "$JAVA" ${SERVICE_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
PIDS+=($SERVICE_PID)
SERVICE="http://127.0.0.1:$SERVICE_PORT"
wait_for "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 60 || { tail -30 "$WORK/service.log" >&2; exit 1; }

# Which models does this build have, with which limits? One call each tells.
PROBE=$(curl -fsS -X POST "$SERVICE/benchmark?requests=1&rounds=1&warmup=false")
mapfile -t MODEL_LIMITS < <(jq -r '.results[] | "\(.model) \(.limit)"' <<<"$PROBE")
echo "== models (limit): $(printf '%s, ' "${MODEL_LIMITS[@]}" | sed 's/, $//')"
echo "== rounds per model: $ROUNDS (best reported), one warmup wave at each model's limit first"

TABLE="$WORK/table.tsv"
printf 'N\tmodel\tlimit\twall ms\tmedian ms\treq/s\tp50 ms\tp99 ms\tfloor ms\tratio\tnominal floor ms\tratio\terrors\tcpu us/call (JVM, timed)\tcpu us/call (/proc)\n' \
    >"$TABLE"
for n in "${SIZES[@]}"; do
    models=()
    for entry in "${MODEL_LIMITS[@]}"; do
        read -r model limit <<<"$entry"
        if [ -n "${MODELS:-}" ] && [[ ",$MODELS," != *",$model,"* ]]; then
            continue
        fi
        floor_ms=$(( (n + limit - 1) / limit * DELAY_MS ))
        if [ "$floor_ms" -gt $((MAX_ROUND_SECONDS * 1000)) ]; then
            echo "== N=$n: skipping $model: its floor is $((floor_ms / 1000)) s per round (> MAX_ROUND_SECONDS=$MAX_ROUND_SECONDS)"
        else
            models+=("$model")
        fi
    done
    [ ${#models[@]} -gt 0 ] || continue
    echo "== N=$n: ${models[*]}"
    # One request per model, so that the service's /proc CPU time can be read around each model alone.
    for model in "${models[@]}"; do
        limit=$(printf '%s\n' "${MODEL_LIMITS[@]}" | awk -v m="$model" '$1 == m { print $2 }')
        for warm in $(seq "$WARMUPS"); do
            curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
                -d "{\"requests\": $n, \"models\": [\"$model\"], \"rounds\": $ROUNDS}" "$SERVICE/benchmark"
        done
        before=$(cpu_ticks "$SERVICE_PID")
        curl -fsS -X POST -H 'Content-Type: application/json' \
            -d "{\"requests\": $n, \"models\": [\"$model\"], \"rounds\": $ROUNDS}" \
            "$SERVICE/benchmark" >"$WORK/result-$n-$model.json"
        after=$(cpu_ticks "$SERVICE_PID")
        calls=$((n * ROUNDS + (n < limit ? n : limit)))
        proc_cpu=$(awk -v t=$((after - before)) -v hz="$TICKS" -v c="$calls" 'BEGIN { printf "%.1f", t * 1e6 / hz / c }')
        # The service's floor uses the measured median latency; the nominal one uses the upstream's configured delay.
        jq -r --arg n "$n" --argjson delay "$DELAY_MS" --arg proc "$proc_cpu" '.results[]
                | (((($n | tonumber) + .limit - 1) / .limit | floor) * $delay) as $nominal
                | [$n, .model, .limit, .wallMillis, .medianWallMillis, .requestsPerSecond, .p50, .p99, .floorMillis,
                   .floorRatio, $nominal, (.wallMillis / $nominal * 1000 | round / 1000), .errors, .cpuMicrosPerCall,
                   $proc] | @tsv' \
            "$WORK/result-$n-$model.json" >>"$TABLE"
        cp "$WORK/result-$n-$model.json" "${BENCH_OUT:-$WORK}/" 2>/dev/null || true
    done
    if [ "$HEY" = 1 ] && command -v hey >/dev/null; then
        local_c=$((n < CONCURRENCY ? n : CONCURRENCY)) # hey refuses -n below -c
        hey -n "$n" -c "$local_c" "$UPSTREAM/uuid" >/dev/null 2>&1 || true # same warm-up as the models get
        for round in $(seq "$ROUNDS"); do
            read -r wall cpu errors < <(hey_run "$n" "$local_c" "$UPSTREAM/uuid")
            printf '%s\they -c %s\t%s\t%s\t\t\t\t\t\t\t\t\t%s\t\t%s\n' "$n" "$local_c" "$local_c" \
                "$(awk -v w="$wall" 'BEGIN { printf "%.1f", w * 1000 }')" "$errors" "$cpu" >>"$TABLE"
        done
    fi
done

echo
echo "== results ($UPSTREAM_KIND upstream, delay ${DELAY_MS} ms, loopback; floor = the run's median single-call latency"
echo "   x ceil(N / limit); nominal floor = ${DELAY_MS} ms x ceil(N / limit))"
column -t -s $'\t' "$TABLE"
echo
# ---- one large /shorten batch beside hey with as many requests ----
if [ "$SHORTEN_ROWS" -gt 0 ]; then
    echo
    echo "== POST /shorten?model=async with $SHORTEN_ROWS distinct URLs (concurrency $CONCURRENCY) vs hey -n $SHORTEN_ROWS -c $CONCURRENCY"
    for round in $(seq "$ROUNDS"); do
        # New URLs each round: with shortener.links.reuse=true (the default) a repeated URL would be answered from the
        # link store without a call. The store's lookups and background saves are part of what is measured.
        seq 1 "$SHORTEN_ROWS" | sed "s|^|https://example.com/bench/$round/|" >"$WORK/rows.txt"
        before=$(cpu_ticks "$SERVICE_PID")
        wall=$(curl -fsS -o "$WORK/shorten.csv" -w '%{time_total}' -X POST -H 'Content-Type: text/plain' \
            --data-binary "@$WORK/rows.txt" "$SERVICE/shorten?model=async")
        after=$(cpu_ticks "$SERVICE_PID")
        ok=$(grep -c ',ok,$' "$WORK/shorten.csv" || true)
        echo "shorten: wall $(awk -v w="$wall" 'BEGIN { printf "%.2f", w }') s, rows ok $ok/$SHORTEN_ROWS," \
            "CPU $(awk -v t=$((after - before)) -v hz="$TICKS" -v c="$SHORTEN_ROWS" 'BEGIN { printf "%.1f", t * 1e6 / hz / c }') us/row"
        if [ "$HEY" = 1 ] && command -v hey >/dev/null; then
            read -r hwall hcpu herrors < <(hey_run "$SHORTEN_ROWS" "$CONCURRENCY" "$UPSTREAM/uuid")
            echo "hey:     wall $hwall s, errors $herrors, CPU $hcpu us/request"
        fi
    done
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1)"
