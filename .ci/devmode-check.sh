#!/usr/bin/env bash
# Starts the README's run command (bin/with-jdk21 ./mvnw quarkus:dev) from a clean clone of HEAD on free ports, waits
# until it is ready, shortens a 3-row CSV (2 valid URLs, 1 invalid), checks 2 ok + 1 error rows and that / serves the
# page, then stops it. A dependency that breaks dev mode (one the build itself never resolves) fails here.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
mport="$(free_port)"
log="$work/dev.log"
dev_pid=""
stop() {
    if [[ -n "$dev_pid" ]] && kill -0 "$dev_pid" 2>/dev/null; then
        kill -TERM -- "-$dev_pid" 2>/dev/null || kill -TERM "$dev_pid" || true
        for _ in $(seq 1 30); do kill -0 "$dev_pid" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$dev_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop EXIT

git clone -q --no-hardlinks "$repo" "$work/clone"
git -C "$work/clone" checkout -q "$(git -C "$repo" rev-parse HEAD)"
cd "$work/clone"
# setsid: its own process group, so that stopping it also stops the JVM that the Maven plugin forks.
setsid bin/with-jdk21 ./mvnw -B quarkus:dev -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" \
    -Dquarkus.console.enabled=false </dev/null >"$log" 2>&1 &
dev_pid=$!
echo "dev mode: pid $dev_pid, http://localhost:$port (management $mport), log $log"

deadline=$((SECONDS + 420))
until curl -fsS -o /dev/null "http://localhost:$mport/q/health/ready" 2>/dev/null; do
    if ! kill -0 "$dev_pid" 2>/dev/null || (( SECONDS > deadline )); then
        echo "dev mode did not become ready; its log:" >&2
        tail -n 60 "$log" >&2
        exit 1
    fi
    sleep 2
done
echo "dev mode ready after ${SECONDS}s"

answer="$(printf 'url\nhttps://example.com/a\nhttps://example.com/b\nftp://example.com/file\n' |
    curl -fsS -H 'Content-Type: text/csv' --data-binary @- "http://localhost:$port/shorten")"
echo "$answer"
ok="$(grep -c ',ok,' <<<"$answer" || true)"
errors="$(grep -c ',error,' <<<"$answer" || true)"
if [[ "$ok" != 2 || "$errors" != 1 ]]; then
    echo "dev mode /shorten: expected 2 ok and 1 error row, got $ok ok and $errors error" >&2
    exit 1
fi
page="$(curl -fsS "http://localhost:$port/")"
grep -q '<form' <<<"$page" || { echo "dev mode: / did not serve the upload page" >&2; exit 1; }
echo "dev mode check passed"
