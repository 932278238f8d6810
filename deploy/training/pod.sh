# Sourced by deploy/training/train.sh and deploy/start-to-ready.sh, after deploy/podman-env.sh (free_port): the
# loopback upstream both point the service at (upstream.py), and the image run as a pod runs it (user 1001, read-only
# root, tmpfs /tmp), on the host network. Both run on the host, next to the image, never inside its build.

start_training_upstream() { # sets upstream_port and upstream_pid
    upstream_port="$(free_port)"
    python3 deploy/training/upstream.py "$upstream_port" &
    upstream_pid=$!
}

run_as_pod() { # name http-port management-port [podman run option...] image: starts it detached
    local name="$1" http="$2" management="$3"
    shift 3
    podman run -d --name "$name" --network host --user 1001 --read-only --tmpfs /tmp:rw,mode=1777 \
        -e QUARKUS_HTTP_PORT="$http" -e QUARKUS_MANAGEMENT_PORT="$management" \
        -e QUARKUS_REST_CLIENT_HTTPBIN_URL="http://127.0.0.1:$upstream_port" "$@" >/dev/null
}
