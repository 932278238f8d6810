#!/usr/bin/env bash
# Builds the JVM image localhost/tinyurl-batch:jvm with podman on a machine that reaches no container registry, and
# prints the image name as its last line. Usage: deploy/local-image.sh
#
# 1. podman and its tools come from Debian when absent; podman runs with this project's containers.conf
#    (deploy/podman-env.sh), never with edits to /etc.
# 2. The base image is made once and then reused from podman's storage: Debian bookworm minbase (debootstrap from the
#    configured Debian mirror) plus a jlink'ed runtime of the build JDK. Its tag is that JDK's exact version (and -r3, the recipe's revision), because
#    a JDK AOT cache is only used by the JDK build that made it; a new JDK makes a new base.
# 3. The application is packaged (./mvnw package -DskipTests) when target/quarkus-app is missing or older than the
#    sources, then deploy/Dockerfile.jvm is built on the local base.
# With the argument postgresql it builds localhost/tinyurl-batch-postgresql:15 instead (deploy/postgresql/Dockerfile
# on the same base), the database deploy/kube-play.sh runs for k8s/components/postgresql; with base, it only makes
# (or finds) the base and prints its name (for ./mvnw verify -Pcontainer -Dcontainer.base=...).
#
# Environment: JAVA_HOME (the build JDK, >= 21; default: Temurin 25 if JAVA_HOME is unset or older),
# IMAGE (default localhost/tinyurl-batch:jvm), DEBIAN_MIRROR (default: the first mirror apt is configured with),
# JDK_RUNTIME: jlink (default: a runtime of the modules below, ~60 MB smaller) or copy (the build JDK itself, minus
# sources, headers and man pages). An AOT cache trained outside the image on the build JDK is only accepted by the
# copy: the JVM checks that lib/modules is the one the cache was made with, and jlink writes a new one. So, on a
# JDK 25, the image trains its own cache after the build (deploy/training/train.sh, ~1 min) and adds it as a last
# layer; AOT_TRAIN=0 skips that (then the image starts without a usable cache on the jlink runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/podman-env.sh

IMAGE="${IMAGE:-localhost/tinyurl-batch:jvm}"
# What a Quarkus service needs of the JDK (java.se is the whole Java SE API: HTTP client, JDBC, JNDI, management),
# plus sun.misc.Unsafe users (Netty), EC keys for TLS, the com.sun.management MXBeans (CPU time) and zip file systems.
JDK_MODULES="java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.zipfs"

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" || "$(java_major "$JAVA_HOME")" -lt 21 ]]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
jdk_version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JAVA_HOME/release")"
JDK_RUNTIME="${JDK_RUNTIME:-jlink}"
# A JDK 25+ records an AOT cache trained on the call path inside the image (the JDK 21-24 AOT support is AppCDS only).
AOT_TRAIN="${AOT_TRAIN:-$([[ "$(java_major "$JAVA_HOME")" -ge 25 ]] && echo 1 || echo 0)}"
case "$JDK_RUNTIME" in
    jlink) BASE="localhost/tinyurl-batch-base:jdk-${jdk_version//+/_}-r3" ;;
    copy) BASE="localhost/tinyurl-batch-base:jdk-${jdk_version//+/_}-copy-r3" ;;
    *) echo "JDK_RUNTIME must be jlink or copy, not $JDK_RUNTIME" >&2; exit 2 ;;
esac

DEBIAN_MIRROR="${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

make_base() {
    local work
    work="$(mktemp -d /var/tmp/tinyurl-batch-base.XXXXXX)"
    trap 'rm -rf "$work"' RETURN
    echo "making $BASE: debootstrap minbase bookworm from $DEBIAN_MIRROR, JDK ($JDK_RUNTIME) from $JAVA_HOME" >&2
    debootstrap --variant=minbase bookworm "$work/rootfs" "$DEBIAN_MIRROR" >&2
    # No mirror name or package index baked into the image; no documentation either.
    rm -rf "$work"/rootfs/var/cache/apt/* "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/usr/share/{doc,man,info}/*
    # Message translations (33 MB): the JVM and PostgreSQL run in English (C.UTF-8) here.
    rm -rf "$work"/rootfs/usr/share/locale/*
    : >"$work/rootfs/etc/apt/sources.list"
    rm -f "$work"/rootfs/etc/apt/sources.list.d/*
    # The user the image runs as (uid 1001, group root, as OpenShift-style images), with a writable home.
    echo 'app:x:1001:0:tinyurl-batch:/tmp:/usr/sbin/nologin' >>"$work/rootfs/etc/passwd"
    if [[ "$JDK_RUNTIME" == jlink ]]; then
        # --generate-cds-archive: the JDK's own class-data archive, as a full JDK ships it (faster start).
        jlink --add-modules "$JDK_MODULES" --strip-debug --no-man-pages --no-header-files --generate-cds-archive --compress=zip-6 \
            --output "$work/rootfs/opt/java" >&2
        # The archive for heaps of 32 GB and more (no compressed oops, 15 MB): never a pod of this service.
        rm -f "$work/rootfs/opt/java/lib/server/classes_nocoops.jsa"
    else
        # Same files and modification times (cp -a): what the JVM compares an AOT cache against.
        cp -a "$JAVA_HOME" "$work/rootfs/opt/java"
        rm -rf "$work"/rootfs/opt/java/{include,man,jmods,lib/src.zip,lib/ct.sym}
    fi
    tar -C "$work/rootfs" -c . | podman import \
        --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV JAVA_HOME=/opt/java' \
        --change 'ENV LANG=C.UTF-8' \
        - "$BASE" >&2
}

# The packaged application is stale when any source or the pom is newer than the runner jar.
package_if_needed() {
    local runner=target/quarkus-app/quarkus-run.jar
    if [[ -f "$runner" && -z "$(find pom.xml src/main -newer "$runner" -print -quit)" ]]; then
        echo "using the packaged application in target/quarkus-app" >&2
        return
    fi
    echo "packaging the application (./mvnw -B package -DskipTests)" >&2
    ./mvnw -B -q package -DskipTests >&2
}

if podman image exists "$BASE"; then
    echo "reusing base image $BASE" >&2
else
    make_base
fi
case "${1:-jvm}" in
    base)
        echo "$BASE"
        ;;
    jvm)
        package_if_needed
        # podman's COPY keeps whole seconds of a file's time, rounded to the nearest: a jar written at 38.9 s is 39 s
        # in the image, and the JVM refuses an AOT cache or AppCDS archive whose class path changed time. Dropping the
        # fraction here changes no second that such an archive recorded.
        find target/quarkus-app -type f -exec sh -c 'for f; do touch -d "@$(stat -c %Y "$f")" "$f"; done' sh {} +
        # The build context: the packaged application as hard links (same files, same times) and the entry point, so
        # that the cache the image gets can differ from the one in target/quarkus-app.
        context=target/image-context
        rm -rf "$context"
        mkdir -p "$context/target" "$context/deploy"
        cp -al target/quarkus-app "$context/target/quarkus-app"
        cp -p deploy/run-java.sh "$context/deploy/run-java.sh"
        previous="$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
        if [[ "$AOT_TRAIN" == 1 ]]; then
            # The package's cache was made by the build JDK, which this runtime refuses: the image's own runtime
            # records one on the call path (deploy/training/train.sh), and the image is built again with it. The
            # second build reuses every layer of the first but the one holding the jar and the cache, so the jar
            # keeps the times the cache recorded.
            rm -f "$context/target/quarkus-app/app.aot"
            podman build --pull=never -f deploy/Dockerfile.jvm --build-arg BASE_IMAGE="$BASE" -t "$IMAGE" "$context" >&2
            trained="$(deploy/training/train.sh "$IMAGE" target/aot-training | tail -n 1)"
            cp "$trained" "$context/target/quarkus-app/app.aot"
            podman build --pull=never -f deploy/Dockerfile.jvm --build-arg BASE_IMAGE="$BASE" -t "$IMAGE" "$context" >&2
        else
            # podman reuses a cached COPY layer when the contents match, whatever their times: with an archive, copy
            # anew.
            cache=()
            if [[ -f target/quarkus-app/app.aot || -f target/quarkus-app/app-cds.jsa ]]; then
                cache=(--no-cache)
            fi
            podman build --pull=never "${cache[@]}" -f deploy/Dockerfile.jvm --build-arg BASE_IMAGE="$BASE" \
                -t "$IMAGE" "$context" >&2
        fi
        # The image this build replaced, unless a container still uses it: rebuilds on every change add up otherwise.
        if [[ -n "$previous" && "$previous" != "$(podman image inspect --format '{{.Id}}' "$IMAGE")" ]]; then
            podman rmi "$previous" >/dev/null 2>&1 || true
        fi
        podman image prune -f >/dev/null
        echo "$IMAGE"
        ;;
    postgresql)
        # The package comes from the Debian mirror, so this build needs the host's network.
        podman build --pull=never --network host -f deploy/postgresql/Dockerfile --build-arg BASE_IMAGE="$BASE" \
            --build-arg DEBIAN_MIRROR="$DEBIAN_MIRROR" -t localhost/tinyurl-batch-postgresql:15 deploy/postgresql >&2
        echo localhost/tinyurl-batch-postgresql:15
        ;;
    *)
        echo "usage: $0 [jvm|postgresql|base]" >&2
        exit 2
        ;;
esac
