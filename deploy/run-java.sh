#!/bin/sh
# Entry point of the JVM image (deploy/Dockerfile.jvm): adds the JDK AOT cache or the AppCDS archive when the image
# holds one (or records a cache when AOT_CACHE_OUTPUT names a file), then starts the application with the base
# image's run-java.sh (Red Hat OpenJDK runtime images) or, on a base without it (deploy/local-image.sh), with java and
# the same memory variables.
set -e
if [ -n "${AOT_CACHE_OUTPUT:-}" ]; then
    # A training run (deploy/training/train.sh): record a new cache instead of using the one in the image.
    JAVA_OPTS_APPEND="-XX:AOTCacheOutput=$AOT_CACHE_OUTPUT ${JAVA_OPTS_APPEND:-}"
elif [ -f /deployments/app.aot ]; then
    JAVA_OPTS_APPEND="-XX:AOTCache=/deployments/app.aot ${JAVA_OPTS_APPEND:-}"
elif [ -f /deployments/app-cds.jsa ]; then
    JAVA_OPTS_APPEND="-XX:SharedArchiveFile=/deployments/app-cds.jsa ${JAVA_OPTS_APPEND:-}"
fi
export JAVA_OPTS_APPEND
if [ -x /opt/jboss/container/java/run/run-java.sh ]; then
    exec /opt/jboss/container/java/run/run-java.sh "$@"
fi
# From the jar's directory and by its bare name: an AppCDS archive records the class path as the training run saw it
# (java -jar quarkus-run.jar in target/quarkus-app) and is refused under any other path.
jar="${JAVA_APP_JAR:-/deployments/quarkus-run.jar}"
cd "$(dirname "$jar")"
# Unquoted on purpose: JAVA_OPTS_APPEND holds several options.
# shellcheck disable=SC2086
exec java -XX:MaxRAMPercentage="${JAVA_MAX_MEM_RATIO:-80}" \
    ${JAVA_INITIAL_MEM_RATIO:+-XX:InitialRAMPercentage=$JAVA_INITIAL_MEM_RATIO} \
    -XX:+ExitOnOutOfMemoryError $JAVA_OPTS_APPEND -jar "$(basename "$jar")" "$@"
