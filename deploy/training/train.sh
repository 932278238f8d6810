#!/usr/bin/env bash
# Records the JDK AOT cache of a JVM image inside that image (Project Leyden, JDK 25): the cache is only accepted by
# the JDK runtime that made it, so one trained on the build machine's JDK is refused by the image's jlink'ed runtime.
# Runs the image once as it runs in a pod (user 1001, read-only root, tmpfs /tmp) with -XX:AOTCacheOutput against a
# loopback upstream (upstream.py), sends it what a replica does first (benchmark calls on two models, a /shorten
# batch, a job, the page, health and metrics), stops it with SIGTERM (the JVM then writes the cache) and prints the
# cache's path. Usage: deploy/training/train.sh IMAGE OUTPUT_DIR. Called by deploy/local-image.sh.
# Env: TRAIN_CALLS (calls per model, default 20000), TRAIN_JDBC_URL (a PostgreSQL database to train the job store on,
# e.g. jdbc:postgresql://127.0.0.1:5432/scratch; default: the embedded store), TRAIN_JDBC_USER (postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/podman-env.sh
source deploy/training/pod.sh
image="$1"
out="$(mkdir -p "$2" && cd "$2" && pwd)"
calls="${TRAIN_CALLS:-20000}"
chmod 0777 "$out" # the service runs as user 1001 and writes the cache there
rm -f "$out/app.aot" "$out/app.aot.config"

http="$(free_port)"
management="$(free_port)"
name="tinyurl-batch-train-$$"
start_training_upstream
rows="$(mktemp -d)"
trap 'kill "$upstream_pid" 2>/dev/null || true; podman rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$rows"' EXIT

store=()
if [[ -n "${TRAIN_JDBC_URL:-}" ]]; then
    store=(-e QUARKUS_DATASOURCE_JDBC_URL="$TRAIN_JDBC_URL" -e QUARKUS_DATASOURCE_USERNAME="${TRAIN_JDBC_USER:-postgres}")
fi
run_as_pod "$name" "$http" "$management" -v "$out:/train:rw" -e AOT_CACHE_OUTPUT=/train/app.aot \
    -e QUARKUS_HTTP_HOST=127.0.0.1 -e QUARKUS_REST_CLIENT_TINYURL_LEGACY_URL="http://127.0.0.1:$upstream_port" \
    -e SHORTENER_ASYNC_CONCURRENCY=200 -e SHORTENER_VIRTUAL_THREADS_CONCURRENCY=200 \
    -e SHORTENER_BENCHMARK_MAX_CALLS="$calls" "${store[@]}" "$image"
service="http://127.0.0.1:$http"
for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$management/q/health/ready" && break
    podman container exists "$name" && [[ "$(podman inspect --format '{{.State.Running}}' "$name")" == true ]] || {
        podman logs "$name" >&2 || true
        echo "train: the training container stopped before it was ready" >&2
        exit 1
    }
    sleep 0.2
done
echo "train: $image ready; sending $calls calls per model, a batch and a job" >&2
for model in async virtual-threads; do
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
        -d "{\"requests\": $calls, \"models\": [\"$model\"], \"rounds\": 1, \"warmup\": false}" "$service/benchmark"
done
{ echo url; seq 1 1000 | sed 's|^|https://example.com/train/batch/|'; } >"$rows/batch.csv"
curl -fsS -o /dev/null -H 'Content-Type: text/csv' --data-binary @"$rows/batch.csv" "$service/shorten"
{ echo url; seq 1 5000 | sed 's|^|https://example.com/train/job/|'; } >"$rows/job.csv"
job="$(curl -fsS -H 'Content-Type: text/csv' --data-binary @"$rows/job.csv" "$service/jobs" | jq -r .id)"
for _ in $(seq 1 600); do
    [[ "$(curl -fsS "$service/jobs/$job" | jq -r .state)" == succeeded ]] && break
    sleep 0.2
done
curl -fsS -o /dev/null "$service/jobs/$job/result"
curl -fsS -o /dev/null "$service/"
curl -fsS -o /dev/null "http://127.0.0.1:$management/q/metrics"
# SIGTERM: the JVM writes the training data and assembles the cache before it exits.
podman stop -t 180 "$name" >/dev/null
[[ -s "$out/app.aot" ]] || { podman logs "$name" 2>&1 | tail -20 >&2; echo "train: no cache was written" >&2; exit 1; }
echo "train: cache $(du -h "$out/app.aot" | cut -f1)" >&2
echo "$out/app.aot"
