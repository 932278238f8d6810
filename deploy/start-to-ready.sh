#!/usr/bin/env bash
# Measures an image as docs/deployment.md reports it: its size, and the time from `podman run` to the first 200 of
# /q/health/ready, for RUNS fresh containers run as CI runs them (user 1001, read-only root, tmpfs /tmp, embedded
# store). Usage: deploy/start-to-ready.sh [image] (default localhost/tinyurl-batch:jvm); RUNS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/podman-env.sh
image="${1:-localhost/tinyurl-batch:jvm}"
runs="${RUNS:-3}"

echo "image $image: $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}')"
for run in $(seq 1 "$runs"); do
    http="$(free_port)"
    management="$(free_port)"
    name="start-to-ready-$$-$run"
    start="$(date +%s%N)"
    podman run -d --rm --name "$name" --network host --user 1001 --read-only --tmpfs /tmp:rw,mode=1777 \
        -e QUARKUS_HTTP_PORT="$http" -e QUARKUS_MANAGEMENT_PORT="$management" "$image" >/dev/null
    # Polls every 20 ms, the resolution of the figure; gives up after 120 s.
    for _ in $(seq 1 6000); do
        curl -fs -o /dev/null "http://127.0.0.1:$management/q/health/ready" && break
        sleep 0.02
    done
    end="$(date +%s%N)"
    started="$(podman logs "$name" 2>&1 | sed -n 's/.* started in \([0-9.]*s\).*/\1/p')"
    podman stop -t 10 "$name" >/dev/null
    echo "run $run: ready $(((end - start) / 1000000)) ms after podman run (Quarkus: started in ${started:-?})"
done
