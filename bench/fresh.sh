#!/usr/bin/env bash
# What a FRESH replica costs: each measurement starts the packaged jar (prod profile, PostgreSQL on 127.0.0.1) anew,
# once per JVM variant (with and without the AOT cache, and any JVM options given), against a 100 ms loopback
# upstream (nginx + echo module), beside Go's hey on the same upstream in the same run. Prints numbers; asserts none.
#
# Per variant and round, two fresh replicas (one database for the run, migrated by a first start, as a replica that
# joins a cluster finds it):
#   calls  start-to-ready (exec -> /q/health/ready 200), CPU to ready; CPU per call of the first 10,000 `async` calls
#          (POST /benchmark, 1,000 in flight, no warm-up; "jit" = the share of the JIT compiler threads), then
#          100,000 calls per model (async, virtual-threads),
#          then CPU per call of 10,000 more of each ("warm after 100k per model")
#   job    the first 100,000-row job (POST /jobs .. succeeded) vs `hey -n 100000 -c 1000` right after
# CPU is utime+stime of the service from /proc/<pid>/stat; the load average is printed next to every row, because
# the machine is shared: compare variants of the same round (they run back to back), not rounds of different runs.
#
# Usage: bench/fresh.sh [name=JVM options ...]
#   default variants: jit= (no cache)  aot=-XX:AOTCache=app.aot (the cache `./mvnw package` builds with
#   -Dquarkus.package.jar.aot.enabled=true; paths are relative to target/quarkus-app, where the jar runs)
#   e.g. bench/fresh.sh jit= aot=-XX:AOTCache=app.aot 'aot-serial=-XX:AOTCache=app.aot -XX:+UseSerialGC'
# Env: JAVA_HOME (the JDK that built the cache: any other build silently ignores it), ROUNDS (2), DELAY_MS (100),
#      CONCURRENCY (1000), SERVICE_XMX (256m), PGUSER (postgres), SCENARIOS ("calls job"),
#      TRAIN (0; 1 adds a variant "trained": a cache recorded by -XX:AOTCacheOutput over 20,000 calls per model
#      and a 20,000-row job on one replica, to compare a cache trained on the call path with the start-up-only one)
set -euo pipefail

source "$(dirname "$0")/lib.sh"
APP="$PWD/target/quarkus-app"
ROUNDS=${ROUNDS:-2}
DELAY_MS=${DELAY_MS:-100}
CONCURRENCY=${CONCURRENCY:-1000}
SCENARIOS=${SCENARIOS:-calls job}
TRAIN=${TRAIN:-0}
VARIANTS=("$@")
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=("jit=" "aot=-XX:AOTCache=app.aot")

for tool in curl jq psql hey python3 nginx; do
    command -v "$tool" >/dev/null || {
        echo "fresh: $tool is required (apt-get install -y nginx-light libnginx-mod-http-echo hey postgresql-client jq curl)" >&2
        exit 1
    }
done
[ -f "$APP/quarkus-run.jar" ] || {
    echo "fresh: no packaged jar: ./mvnw -B package -DskipTests -Dquarkus.package.jar.aot.enabled=true" >&2
    exit 1
}

scratch tinyurl-fresh
DB_PREFIX="tinyurl_fresh_$$_" # every replica gets a database of its own; cleanup drops this run's
on_exit() {
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    psql -h 127.0.0.1 -U "$PGUSER" -d postgres -tAc "SELECT datname FROM pg_database WHERE datname LIKE '$DB_PREFIX%'" |
        while read -r db; do psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "DROP DATABASE $db WITH (FORCE)"; done || true
}
now_ns() { date +%s%N; }
# utime + stime of the JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"; the name is field 2, in brackets).
jit_ticks() {
    cat /proc/"$1"/task/*/stat 2>/dev/null | awk -F') ' '/\((C1|C2) CompilerThre/ { split($2, f, " "); t += f[12] + f[13] }
        END { print t + 0 }'
}
load() { cut -d' ' -f1 /proc/loadavg; }

# ---- the upstream: nginx with the echo module, one worker per core, answering after DELAY_MS ----
UPSTREAM_PORT=$(free_port)
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<NGINX
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
worker_processes auto;
worker_rlimit_nofile 65536;
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 16384; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$UPSTREAM_PORT backlog=4096;
        # httpbin's GET /uuid, the benchmark's target
        location = /uuid {
            default_type application/json;
            echo_sleep $(awk -v d="$DELAY_MS" 'BEGIN { printf "%.3f", d / 1000 }');
            echo '{"uuid": "\$request_id"}';
        }
        # TinyURL's legacy GET /api-create.php?url=..., the jobs' provider: a distinct link per call
        location = /api-create.php {
            default_type text/plain;
            echo_sleep $(awk -v d="$DELAY_MS" 'BEGIN { printf "%.3f", d / 1000 }');
            echo -n "https://tinyurl.com/\$request_id";
        }
    }
}
NGINX
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
UPSTREAM="http://127.0.0.1:$UPSTREAM_PORT"
curl -fsS -o /dev/null "$UPSTREAM/uuid"

hey_run() { # n url -> "wall_s cpu_us_per_request non_200"
    local wall ticks errors
    read -r wall ticks errors < <(hey_ticks "$1" "$CONCURRENCY" "$2")
    echo "$wall $(us_per "$ticks" "$1") $errors"
}

SERVICE_PID=""
SERVICE=""
READY_MS=""
# One database for the run: a replica joining a cluster finds the schema migrated; the first start below migrates it.
DB="${DB_PREFIX}shared"
psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "CREATE DATABASE $DB" >/dev/null
start_service() { # jvm-options log
    local port management start
    port=$(free_port)
    management=$(free_port)
    start=$(now_ns)
    # shellcheck disable=SC2086 # the options are a word list
    (cd "$APP" && exec env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
        QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$management" \
        QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
        QUARKUS_REST_CLIENT_HTTPBIN_URL="$UPSTREAM" QUARKUS_REST_CLIENT_TINYURL_LEGACY_URL="$UPSTREAM" \
        SHORTENER_MODEL=async SHORTENER_ASYNC_CONCURRENCY="$CONCURRENCY" \
        SHORTENER_VIRTUAL_THREADS_CONCURRENCY="$CONCURRENCY" SHORTENER_RETRY_MAX_ATTEMPTS=1 \
        SHORTENER_BENCHMARK_MAX_CALLS=100000 SHORTENER_DATA_DIR="$WORK/data" \
        "$JAVA" "-Xmx$SERVICE_XMX" $1 -jar quarkus-run.jar) >"$2" 2>&1 &
    SERVICE_PID=$!
    PIDS+=("$SERVICE_PID")
    SERVICE="http://127.0.0.1:$port"
    until curl -fsS -o /dev/null "http://127.0.0.1:$management/q/health/ready" 2>/dev/null; do
        kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$2" >&2; exit 1; }
        sleep 0.02
    done
    READY_MS=$((($(now_ns) - start) / 1000000))
}
stop_service() {
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
}

benchmark() { # model requests rounds -> service CPU ticks spent
    local before after
    before=$(cpu_ticks "$SERVICE_PID")
    curl -fsS -o "$WORK/benchmark.json" -X POST -H 'Content-Type: application/json' \
        -d "{\"requests\": $2, \"models\": [\"$1\"], \"rounds\": $3, \"warmup\": false}" "$SERVICE/benchmark"
    after=$(cpu_ticks "$SERVICE_PID")
    [ "$(jq '[.results[].errors] | add' "$WORK/benchmark.json")" = 0 ] || echo "fresh: benchmark errors" >&2
    echo $((after - before))
}

csv() { # rows tag -> file
    python3 - "$1" "$2" "$WORK/$2.csv" <<'PY'
import sys
n, tag, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(path, "w") as f:
    f.write("name,url\n")
    f.writelines(f"row{i},https://example.com/{tag}/{i}\n" for i in range(n))
PY
    echo "$WORK/$2.csv"
}
run_job() { # rows tag -> milliseconds from POST to succeeded
    local file start id state
    file=$(csv "$1" "$2")
    start=$(now_ns)
    id=$(curl -fsS -H 'Content-Type: text/csv' --data-binary @"$file" "$SERVICE/jobs" | jq -r .id)
    until state=$(curl -fsS "$SERVICE/jobs/$id" | jq -r .state) && [[ $state =~ ^(succeeded|failed|cancelled)$ ]]; do
        sleep 0.1
    done
    [ "$state" = succeeded ] || echo "fresh: job $id ended $state" >&2
    echo $((($(now_ns) - start) / 1000000))
}

scenario_calls() { # name options
    start_service "$2" "$WORK/$1-calls.log"
    local start_cpu first jit0 jit async_warm vt_warm load_at
    start_cpu=$(cpu_ticks "$SERVICE_PID")
    load_at=$(load)
    jit0=$(jit_ticks "$SERVICE_PID")
    first=$(benchmark async 10000 1)
    jit=$(( $(jit_ticks "$SERVICE_PID") - jit0 ))
    benchmark async 10000 9 >/dev/null
    async_warm=$(benchmark async 10000 1)
    benchmark virtual-threads 10000 10 >/dev/null
    vt_warm=$(benchmark virtual-threads 10000 1)
    read -r hwall hcpu herr < <(hey_run 10000 "$UPSTREAM/uuid")
    printf '%-12s ready %5s ms  start CPU %4.1f s  first 10k async %4s us/call (jit %4s)  after 100k/model: async %3s,' \
        "$1" "$READY_MS" "$(awk -v t="$start_cpu" -v hz="$TICKS" 'BEGIN { print t / hz }')" "$(us_per "$first" 10000)" \
        "$(us_per "$jit" 10000)" "$(us_per "$async_warm" 10000)"
    printf ' virtual-threads %3s us/call  | hey -n 10000: %s s, %s us/req, %s non-200  | load %s\n' \
        "$(us_per "$vt_warm" 10000)" "$hwall" "$hcpu" "$herr" "$load_at"
    stop_service
}

scenario_job() { # name options
    start_service "$2" "$WORK/$1-job.log"
    local load_at job_ms cpu0 cpu1
    load_at=$(load)
    cpu0=$(cpu_ticks "$SERVICE_PID")
    job_ms=$(run_job 100000 "job-$1-$RANDOM")
    cpu1=$(cpu_ticks "$SERVICE_PID")
    stop_service
    read -r hwall hcpu herr < <(hey_run 100000 "$UPSTREAM/api-create.php?url=https://example.com/hey")
    printf '%-12s first 100k-row job %5.1f s, %3s us/row  | hey -n 100000 -c %s: %s s (%s non-200)  | job/hey %.2f x | load %s\n' \
        "$1" "$(awk -v m="$job_ms" 'BEGIN { print m / 1000 }')" "$(us_per $((cpu1 - cpu0)) 100000)" "$CONCURRENCY" \
        "$hwall" "$herr" "$(awk -v m="$job_ms" -v h="$hwall" 'BEGIN { print m / 1000 / h }')" "$load_at"
}

# A cache recorded over the call path, not only start-up: JDK 25 writes it when the training JVM exits.
if [ "$TRAIN" = 1 ]; then
    echo "== training a cache on the call path (-XX:AOTCacheOutput)"
    start_service "-XX:AOTCacheOutput=$WORK/trained.aot" "$WORK/train.log"
    benchmark async 10000 2 >/dev/null
    benchmark virtual-threads 10000 2 >/dev/null
    run_job 20000 train >/dev/null
    stop_service
    [ -f "$WORK/trained.aot" ] || { echo "fresh: training wrote no cache" >&2; tail -20 "$WORK/train.log" >&2; exit 1; }
    VARIANTS+=("trained=-XX:AOTCache=$WORK/trained.aot")
fi

hey -n 2000 -c 1000 "$UPSTREAM/uuid" >/dev/null # nginx and the loopback warmed before anything is measured
start_service "" "$WORK/migrate.log" && stop_service  # the schema, once
echo "== fresh replicas, ${DELAY_MS} ms upstream (nginx echo), $CONCURRENCY in flight, -Xmx$SERVICE_XMX, $ROUNDS round(s)"
for round in $(seq "$ROUNDS"); do
    echo "-- round $round"
    for scenario in $SCENARIOS; do
        for variant in "${VARIANTS[@]}"; do
            "scenario_$scenario" "${variant%%=*}" "${variant#*=}"
        done
    done
done
for variant in "${VARIANTS[@]}"; do
    if [[ "${variant#*=}" == *AOTCache=* ]] && grep -q 'Unable to use AOT cache\|AOT cache.*mismatch' \
        "$WORK/${variant%%=*}-"*.log 2>/dev/null; then
        echo "fresh: variant ${variant%%=*}: the JVM did not use the cache (see -Xlog:aot)" >&2
    fi
done
echo "machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
