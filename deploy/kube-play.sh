#!/usr/bin/env bash
# Runs the Kubernetes manifests on this machine with `podman kube play`: k8s/overlays/jvm plus the optional
# k8s/components/postgresql, from the images of deploy/local-image.sh. No cluster and no registry needed.
#
#   deploy/kube-play.sh up [KEY=VALUE ...]   start, wait until ready, print the API base URL as the last line
#   deploy/kube-play.sh down                 remove every pod, volume, secret and network that `up` made
#
# KEY=VALUE pairs are merged into the service's ConfigMap (tinyurl-batch-config), e.g.
# QUARKUS_REST_CLIENT_TINYURL_LEGACY_URL=http://host.containers.internal:8089 to use an upstream on the host.
#
# What podman does not do as a cluster would, and what this script therefore adapts (docs/deployment.md):
# - it has no Secret objects: the two Secrets the manifests refer to are generated here (random password) and given
#   to podman as podman secrets holding the Secret's data as JSON (key -> base64 value), which is what podman 4.3
#   reads for secretKeyRef and envFrom secretRef;
# - it has no StatefulSet: the PostgreSQL StatefulSet runs as the Pod it would create (tinyurl-batch-postgresql,
#   also the name the Service gives it) with its claim template as a PersistentVolumeClaim (a podman volume);
# - it publishes every containerPort on the host: ports are bound to free loopback ports chosen here;
# - it ignores Services, HPA, PodDisruptionBudget, NetworkPolicy and probes; they are left out of what it is given.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
source deploy/podman-env.sh

STATE="${XDG_STATE_HOME:-$HOME/.local/state}/tinyurl-batch/kube-play"
SECRETS=(tinyurl-batch-db tinyurl-batch-postgresql)
READY_TIMEOUT="${READY_TIMEOUT:-180}"

require_tools() {
    local missing=()
    command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
    command -v yq >/dev/null 2>&1 || missing+=(yq)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    if ((${#missing[@]})); then
        apt-get update >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2
    fi
}

# The local overlay: the jvm overlay plus the PostgreSQL component, local images, generated Secrets, loopback ports.
write_kustomization() {
    local dir="$1" http="$2" management="$3" postgres="$4" password="$5" k8s
    shift 5
    # kustomize takes other kustomizations by relative path only.
    k8s="$(realpath --relative-to="$dir" "$root/k8s")"
    {
        cat <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - $k8s/overlays/jvm
components:
  - $k8s/components/postgresql
images:
  - name: tinyurl-batch
    newName: localhost/tinyurl-batch
    newTag: jvm
  - name: postgres
    newName: localhost/tinyurl-batch-postgresql
    newTag: "15"
generatorOptions:
  disableNameSuffixHash: true
secretGenerator:
  - name: tinyurl-batch-postgresql
    literals:
      - POSTGRES_USER=tinyurl
      - POSTGRES_PASSWORD=$password
  - name: tinyurl-batch-db
    literals:
      - jdbc-url=jdbc:postgresql://tinyurl-batch-postgresql:5432/tinyurl
      - username=tinyurl
      - password=$password
YAML
        if (($#)); then
            printf 'configMapGenerator:\n  - name: tinyurl-batch-config\n    behavior: merge\n    literals:\n'
            printf '      - %s\n' "$@"
        fi
        cat <<YAML
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: tinyurl-batch
      spec:
        replicas: 1
        template:
          spec:
            containers:
              - name: tinyurl-batch
                ports:
                  - containerPort: 8080
                    protocol: TCP
                    hostIP: 127.0.0.1
                    hostPort: $http
                  - containerPort: 9000
                    protocol: TCP
                    hostIP: 127.0.0.1
                    hostPort: $management
  - patch: |-
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: tinyurl-batch-postgresql
      spec:
        template:
          spec:
            containers:
              - name: postgresql
                ports:
                  - containerPort: 5432
                    hostIP: 127.0.0.1
                    hostPort: $postgres
YAML
    } >"$dir/kustomization.yaml"
}

# What kube play is given: ConfigMaps and Deployments as rendered, the StatefulSet as its Pod plus its claims, named
# as a cluster names them (<template>-<statefulset>-0).
to_kube_play() {
    yq -y 'select(.kind == "ConfigMap" or .kind == "Deployment")' "$1"
    echo "---"
    yq -y 'select(.kind == "StatefulSet") | .metadata.name as $set
        | {apiVersion: "v1", kind: "Pod",
           metadata: {name: $set, labels: .spec.template.metadata.labels},
           spec: (.spec.template.spec
                  + {volumes: (.spec.template.spec.volumes + [.spec.volumeClaimTemplates[]
                      | {name: .metadata.name, persistentVolumeClaim: {claimName: "\(.metadata.name)-\($set)-0"}}])})}' "$1"
    echo "---"
    yq -y 'select(.kind == "StatefulSet") | .metadata.name as $set | .spec.volumeClaimTemplates[]
        | {apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: {name: "\(.metadata.name)-\($set)-0"},
           spec: .spec}' "$1"
}

up() {
    require_tools
    if [[ -e "$STATE/play.yaml" ]]; then
        echo "already up (state in $STATE); run $0 down first" >&2
        exit 1
    fi
    deploy/local-image.sh jvm >&2
    deploy/local-image.sh postgresql >&2
    mkdir -p "$STATE/overlay"
    podman network exists podman-default-kube-network && : >"$STATE/network-existed"
    local http management postgres password
    http="$(free_port)"
    management="$(free_port)"
    postgres="$(free_port)"
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    write_kustomization "$STATE/overlay" "$http" "$management" "$postgres" "$password" "$@"
    if ! kubectl kustomize "$STATE/overlay" >"$STATE/rendered.yaml"; then
        echo "kubectl kustomize failed: k8s/ needs kustomize v4+ (kubectl >= 1.21; Debian bookworm's" \
            "kubernetes-client is 1.20, too old for components)" >&2
        exit 1
    fi
    for secret in "${SECRETS[@]}"; do
        yq -c --arg name "$secret" 'select(.kind == "Secret" and .metadata.name == $name)
            | .data | map_values(gsub("\n"; ""))' "$STATE/rendered.yaml" \
            | podman secret create "$secret" - >/dev/null
    done
    to_kube_play "$STATE/rendered.yaml" >"$STATE/play.yaml"
    podman kube play "$STATE/play.yaml" >&2
    echo "$http" >"$STATE/http-port"
    local deadline=$((SECONDS + READY_TIMEOUT))
    until curl -fsS -o /dev/null "http://127.0.0.1:$management/q/health/ready" 2>/dev/null; do
        if ((SECONDS > deadline)); then
            echo "not ready after ${READY_TIMEOUT}s; logs:" >&2
            # podman names a Deployment's containers <deployment>-pod-<n>-<container>.
            podman logs --tail 50 tinyurl-batch-pod-0-tinyurl-batch >&2 || true
            exit 1
        fi
        sleep 1
    done
    echo "ready: API http://127.0.0.1:$http, health and metrics http://127.0.0.1:$management/q/health" >&2
    echo "http://127.0.0.1:$http"
}

down() {
    if [[ -e "$STATE/play.yaml" ]]; then
        # Also removes the volumes of the claims and of the emptyDirs (podman >= 4.4 has --force for that).
        podman kube down "$STATE/play.yaml" >&2 || true
        for volume in $(yq -r 'select(.kind == "PersistentVolumeClaim") | .metadata.name' "$STATE/play.yaml"); do
            podman volume rm --force "$volume" >&2 || true
        done
    fi
    for secret in "${SECRETS[@]}"; do
        podman secret rm "$secret" >/dev/null 2>&1 || true
    done
    if [[ -d "$STATE" && ! -e "$STATE/network-existed" ]]; then
        podman network rm --force podman-default-kube-network >/dev/null 2>&1 || true
    fi
    rm -rf "$STATE"
    echo "down" >&2
}

case "${1:-}" in
    up) shift; up "$@" ;;
    down) down ;;
    *) echo "usage: $0 up [KEY=VALUE ...] | down" >&2; exit 2 ;;
esac
