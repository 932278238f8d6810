# Sourced by the bench/*.sh scripts: what they all do the same way (repository root, JDK, scratch directory and
# clean-up, ports, the one-file upstreams, a replica on PostgreSQL, /proc CPU readings, hey). Each script keeps its own
# options, scenarios and output; the knobs read here (JAVA_HOME, PGURL, PGUSER, SERVICE_XMX, SERVICE_JAVA_OPTS) are
# described in the header of each script that uses them.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
PGURL=${PGURL:-jdbc:postgresql://127.0.0.1:5432/}
PGUSER=${PGUSER:-postgres}
SERVICE_XMX=${SERVICE_XMX:-256m}
TICKS=$(getconf CLK_TCK)
# The higher file-descriptor limit is for 1000 concurrent connections on each side.
ulimit -n 65536 2>/dev/null || true

require() { # tool...
    local tool
    for tool; do
        command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }
    done
}
require_jdk21() {
    "$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' || { echo "bench: JAVA_HOME must be a JDK 21+" >&2; exit 1; }
}

# Processes to stop and databases to drop on exit; a script that needs more defines on_exit.
PIDS=()
DATABASES=()
STOP_SIGNAL=KILL
scratch() { # name: makes $WORK and the trap that cleans up after the script
    WORK=$(mktemp -d -t "$1.XXXXXX")
    trap bench_cleanup EXIT INT TERM
}
bench_cleanup() {
    local pid db
    for pid in "${PIDS[@]}"; do kill -s "$STOP_SIGNAL" "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if declare -F on_exit >/dev/null; then on_exit; fi
    for db in "${DATABASES[@]}"; do
        psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}

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
# utime + stime of a live process, in clock ticks (fields 14 and 15; the command name has no spaces here).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
us_per() { awk -v t="$1" -v n="$2" -v hz="$TICKS" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }'; } # ticks, count -> µs each
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

package_service() { # the packaged jar, built once
    if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
        echo "bench: building the service (./mvnw -B package -DskipTests)"
        ./mvnw -B -q package -DskipTests
    fi
}

fresh_database() { # sets DB to a new, empty database (dropped on exit); not in $(...), which would forget it
    DB="tinyurl_bench_$RANDOM$RANDOM"
    psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "CREATE DATABASE $DB" >/dev/null
    DATABASES+=("$DB")
}

# A one-file upstream of bench/ on the service's own Vert.x jars (Java runs the source file directly); sets
# UPSTREAM_PORT and UPSTREAM and waits until ready-path answers.
start_upstream() { # source-file heap ready-path [argument after the port...]
    UPSTREAM_PORT=$(free_port)
    "$JAVA" "-Xmx$2" -cp "target/quarkus-app/lib/main/*" "bench/$1" "$UPSTREAM_PORT" "${@:4}" \
        >"$WORK/upstream.log" 2>&1 &
    PIDS+=($!)
    UPSTREAM="http://127.0.0.1:$UPSTREAM_PORT"
    wait_for "$UPSTREAM$3" 60
}

# A replica of the packaged service on a PostgreSQL database, async model, calling $UPSTREAM as tinyurl-legacy; sets
# SERVICE_PID and MANAGEMENT_PORT (health and metrics are on the management interface) and waits until it is ready.
start_replica() { # database port log [NAME=value...]
    MANAGEMENT_PORT=$(free_port)
    # shellcheck disable=SC2086 # SERVICE_JAVA_OPTS is a word list
    env QUARKUS_HTTP_PORT="$2" QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
        QUARKUS_DATASOURCE_JDBC_URL="$PGURL$1" QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="" \
        QUARKUS_REST_CLIENT_TINYURL_LEGACY_URL="$UPSTREAM" SHORTENER_MODEL=async QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE=200M \
        "${@:4}" "$JAVA" "-Xmx$SERVICE_XMX" ${SERVICE_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >"$3" 2>&1 &
    SERVICE_PID=$!
    PIDS+=("$SERVICE_PID")
    wait_for "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 120
}

# Runs hey and prints "wall_seconds cpu_ticks non_200": hey's CPU is the children's time (fields 16 and 17) of the
# shell that waited for it.
hey_ticks() { # n concurrency url
    bash -c 'hey -n "$1" -c "$2" "$3" >"$4"; cat /proc/$$/stat' _ "$1" "$2" "$3" "$WORK/hey.out" >"$WORK/hey.stat"
    local wall ticks errors
    wall=$(awk '/Total:/ { print $2 }' "$WORK/hey.out")
    ticks=$(awk '{ print $16 + $17 }' "$WORK/hey.stat")
    errors=$(awk '/Status code distribution/ { on = 1; next } on && /\[/ && $1 != "[200]" { n += $2 } END { print n + 0 }' \
        "$WORK/hey.out")
    echo "${wall:-0} $ticks $errors" # a hey that refused its arguments (-n below -c) ran for no time
}
