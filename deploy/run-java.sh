#!/bin/sh
# Entry point of the JVM image (deploy/Dockerfile.jvm): adds the JDK AOT cache when the image holds one, then starts
# the application with the base image's run-java.sh (Red Hat OpenJDK runtime images) or, on a base without it
# (deploy/local-image.sh), with java and the same memory variables.
set -e
if [ -f /deployments/app.aot ]; then
    JAVA_OPTS_APPEND="-XX:AOTCache=/deployments/app.aot ${JAVA_OPTS_APPEND:-}"
fi
export JAVA_OPTS_APPEND
if [ -x /opt/jboss/container/java/run/run-java.sh ]; then
    exec /opt/jboss/container/java/run/run-java.sh "$@"
fi
# Unquoted on purpose: JAVA_OPTS_APPEND holds several options.
# shellcheck disable=SC2086
exec java -XX:MaxRAMPercentage="${JAVA_MAX_MEM_RATIO:-80}" \
    ${JAVA_INITIAL_MEM_RATIO:+-XX:InitialRAMPercentage=$JAVA_INITIAL_MEM_RATIO} \
    -XX:+ExitOnOutOfMemoryError $JAVA_OPTS_APPEND -jar "${JAVA_APP_JAR:-/deployments/quarkus-run.jar}" "$@"
