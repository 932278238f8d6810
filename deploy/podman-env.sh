# Sourced by the deploy/*.sh scripts: makes podman usable on a machine that reaches no
# registry, without touching /etc. Installs podman, buildah, runc and debootstrap from Debian when absent, and writes
# this project's own containers.conf, named by CONTAINERS_CONF for every podman call made from here:
# - runtime runc + cgroupfs: crun refuses the hybrid cgroup setup ("cgroups in hybrid mode not supported");
# - fixed nofile/nproc limits: root here cannot raise RLIMIT_NOFILE to podman's default;
# - events to a file: there is no systemd journal to write them to.

podman_env_packages=()
for tool in podman buildah runc debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || podman_env_packages+=("$tool")
done
if ((${#podman_env_packages[@]})); then
    echo "installing ${podman_env_packages[*]} from Debian" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${podman_env_packages[@]}" >&2
fi
unset podman_env_packages

CONTAINERS_CONF="${CONTAINERS_CONF:-${XDG_CONFIG_HOME:-$HOME/.config}/tinyurl-batch/containers.conf}"
mkdir -p "$(dirname "$CONTAINERS_CONF")"
cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF

# A TCP port that no socket on this machine uses now, for a container's published or host-network port. Below the
# kernel's ephemeral range (ip_local_port_range, 32768+ by default), where outgoing connections take their ports.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000))
        [[ -z "$(ss -Htan "sport = :$port")" ]] && { echo "$port"; return; }
    done
}
