#!/usr/bin/env bash
# Measures an image as docs/deployment.md reports it: its size; for RUNS fresh containers run as CI runs them (user
# 1001, read-only root, tmpfs /tmp, embedded store): the time from `podman run` to the first 200 of /q/health/ready
# and the CPU the service spent until then (utime + stime of the container's java process, /proc/<pid>/stat); then the
# CPU per call of its first CALLS `async` benchmark calls (POST /benchmark, no warm-up) against a loopback upstream
# answering at once (deploy/training/upstream.py). Prints numbers, asserts none.
# Usage: deploy/start-to-ready.sh [variant ...] (default localhost/tinyurl-batch:jvm): a variant is an image, or an
# image and JVM options after commas (localhost/tinyurl-batch:jvm,-XX:+UseSerialGC); several are measured in turns
# (run 1 of each, then run 2 of each, ...), so that they see the same load. RUNS (default 3), CALLS (calls per block,
# default 10000; 0 skips the calls), BLOCKS (blocks of CALLS measured one after the other, default 3),
# CONCURRENCY (calls in flight, default 200).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/podman-env.sh
source deploy/training/pod.sh
images=("$@")
[[ ${#images[@]} -gt 0 ]] || images=(localhost/tinyurl-batch:jvm)
runs="${RUNS:-3}"
calls="${CALLS:-10000}"
concurrency="${CONCURRENCY:-200}"
blocks="${BLOCKS:-3}"
hz="$(getconf CLK_TCK)"

start_training_upstream
name=""
trap 'kill "$upstream_pid" 2>/dev/null || true; [[ -z "$name" ]] || podman rm -f "$name" >/dev/null 2>&1 || true' EXIT
cpu_ms() { awk -v hz="$hz" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }

for variant in "${images[@]}"; do
    image="${variant%%,*}"
    echo "image $image: $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}')"
done
for run in $(seq 1 "$runs"); do
    for variant in "${images[@]}"; do
        image="${variant%%,*}"
        options=()
        if [[ "$variant" == *,* ]]; then
            extra="${variant#*,}"
            # The image's own JAVA_OPTS_APPEND (deploy/Dockerfile.jvm) plus the variant's options.
            options=(-e "JAVA_OPTS_APPEND=-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager ${extra//,/ }")
        fi
        http="$(free_port)"
        management="$(free_port)"
        name="start-to-ready-$$-$run"
        start="$(date +%s%N)"
        run_as_pod "$name" "$http" "$management" --rm -e SHORTENER_ASYNC_CONCURRENCY="$concurrency" \
            -e SHORTENER_BENCHMARK_MAX_CALLS="$((calls > 0 ? calls : 1))" "${options[@]}" "$image"
        # Polls every 20 ms, the resolution of the figure; gives up after 120 s.
        for _ in $(seq 1 6000); do
            curl -fs -o /dev/null "http://127.0.0.1:$management/q/health/ready" && break
            sleep 0.02
        done
        end="$(date +%s%N)"
        pid="$(podman inspect --format '{{.State.Pid}}' "$name")"
        ready_cpu="$(cpu_ms "$pid")"
        started="$(podman logs "$name" 2>&1 | sed -n 's/.* started in \([0-9.]*s\).*/\1/p')"
        line="run $run $variant: ready $(((end - start) / 1000000)) ms after podman run (Quarkus: started in ${started:-?}), CPU to ready ${ready_cpu} ms"
        if ((calls > 0)); then
            line="$line; CPU per call of blocks of $calls async calls:"
            before="$ready_cpu"
            for _ in $(seq 1 "$blocks"); do
                curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
                    -d "{\"requests\": $calls, \"models\": [\"async\"], \"rounds\": 1, \"warmup\": false}" \
                    "http://127.0.0.1:$http/benchmark"
                after="$(cpu_ms "$pid")"
                line="$line $(((after - before) * 1000 / calls)) µs"
                before="$after"
            done
        fi
        echo "$line, load $(cut -d' ' -f1 /proc/loadavg)"
        podman stop -t 10 "$name" >/dev/null
        name=""
    done
done
