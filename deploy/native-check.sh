#!/usr/bin/env bash
# Runs GraalVM's native-image builder (the Java half that Maven Central serves, pinned in deploy/native-check/pom.xml)
# on target/native-sources through class initialisation, points-to analysis, universe building, parsing, inlining,
# compiling and writing the relocatable object file, and stops before the link, which needs static JDK/SubstrateVM
# libraries that no registry here serves. Fails (non-zero, the builder's error shown) on what breaks native builds:
# classes initialised at build time that must not be (a Random or a Thread in the image heap), unsupported features,
# classes missing from the class path (--link-at-build-time), a Quarkus feature failing in the builder, and an option
# of native-image.args this script cannot translate.
#
#   deploy/native-check.sh [native-sources dir]     (default target/native-sources; build it with the command in .ci/run)
#
# Env: NATIVE_CHECK_XMX (builder heap, default 10g), NATIVE_CHECK_OUT (work dir, default target/native-check).
# Needs a JDK 25 with JVMCI (Temurin 25 has it; found under /usr/lib/jvm or in JAVA_HOME, or named by
# NATIVE_CHECK_JAVA_HOME) and a C compiler (the builder compiles small C programs to query struct layouts); it
# installs gcc from Debian when absent.
set -euo pipefail
cd "$(dirname "$0")/.."

sources="$(realpath "${1:-target/native-sources}")"
out="$(realpath -m "${NATIVE_CHECK_OUT:-target/native-check}")"
test -s "$sources/native-image.args" || { echo "native-check: no $sources/native-image.args (build the native sources first)" >&2; exit 2; }

# The builder's compiler (25.0.4) wants a JDK with JVMCI of its own major version.
java_home="${NATIVE_CHECK_JAVA_HOME:-}"
if [ -z "$java_home" ]; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-* "${JAVA_HOME:-}"; do
        if [ -x "$candidate/bin/java" ] && "$candidate/bin/java" --describe-module jdk.internal.vm.ci >/dev/null 2>&1 \
            && "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; then
            java_home="$candidate"
            break
        fi
    done
fi
[ -n "$java_home" ] || { echo "native-check: needs a JDK 25 with jdk.internal.vm.ci (e.g. Temurin 25)" >&2; exit 2; }
java="$java_home/bin/java"

if ! command -v cc >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y gcc libc6-dev zlib1g-dev
fi

# 1. The builder jars, versions pinned in the pom.
builder="$PWD/deploy/native-check/target/builder"
if [ ! -s "$builder/svm-25.0.4.jar" ] || [ ! -s "$builder/svm-25.0.4-sources.jar" ]; then
    JAVA_HOME="$java_home" ./mvnw -B -q -f deploy/native-check/pom.xml dependency:copy-dependencies
fi
compiler_jar="$builder/compiler-25.0.4.jar"
module_path="$(find "$builder" -name '*.jar' ! -name 'compiler-*' ! -name '*-sources.jar' | sort | paste -sd:)"
builder_modules="$(for j in "$compiler_jar" ${module_path//:/ }; do "$java_home/bin/jar" --describe-module --file="$j" | head -n 1 | cut -d' ' -f1 | cut -d@ -f1; done | paste -sd,)"

rm -rf "$out"
mkdir -p "$out/image" "$out/tmp"

# 2. A java.home for the builder: the JDK plus lib/svm/builder/lib/libreporterchelper.so, which the builder loads
#    from java.home and only a GraalVM distribution has. HotSpot derives java.home from the real path of libjvm.so
#    (and the launcher from its own), so those two are copied; everything else is a symbolic link to the JDK.
jdk="$PWD/deploy/native-check/target/jdk"
if [ ! -s "$jdk/lib/svm/builder/lib/libreporterchelper.so" ] || [ "$(readlink "$jdk/release")" != "$java_home/release" ]; then
    rm -rf "$jdk"
    mkdir -p "$jdk/bin" "$jdk/lib/server" "$jdk/lib/svm/builder/lib"
    for entry in "$java_home"/*; do
        case "$(basename "$entry")" in bin|lib) ;; *) ln -s "$entry" "$jdk/" ;; esac
    done
    for entry in "$java_home"/bin/*; do [ "$(basename "$entry")" = java ] || ln -s "$entry" "$jdk/bin/"; done
    for entry in "$java_home"/lib/*; do [ "$(basename "$entry")" = server ] || ln -s "$entry" "$jdk/lib/"; done
    for entry in "$java_home"/lib/server/*; do [ "$(basename "$entry")" = libjvm.so ] || ln -s "$entry" "$jdk/lib/server/"; done
    cp "$java_home/bin/java" "$jdk/bin/java"
    cp "$java_home/lib/server/libjvm.so" "$jdk/lib/server/libjvm.so"
    cc -O2 -shared -fPIC -I"$java_home/include" -I"$java_home/include/linux" \
        -o "$jdk/lib/svm/builder/lib/libreporterchelper.so" deploy/native-check/reporterchelper.c
fi
"$jdk/bin/java" -XshowSettings:properties -version 2>&1 | grep -q "java.home = $jdk\$" ||
    { echo "native-check: $jdk/bin/java does not report java.home = $jdk" >&2; exit 2; }
java="$jdk/bin/java"

# 3. The SubstrateVM headers the builder's C queries include (a GraalVM distribution's lib/svm/clibraries).
clibraries="$out/clibraries"
"$java" deploy/native-check/CHeaders.java "$builder/svm-25.0.4-sources.jar" "$clibraries"

# 4. What the driver would have passed: native-image.args and every META-INF/native-image of the class path.
"$java" deploy/native-check/NativeImageArgs.java "$sources" "$out"

# 5. The builder VM, as the driver starts it (NativeImage.prepareImageBuildArgs / completeImageBuild): JVMCI on, the
#    Graal compiler jar upgrading the JDK's empty jdk.graal.compiler module, the JDK's packages exported to the builder.
vm_args="$out/builder-vm-fixed.args"
{
    echo "-XX:+UnlockExperimentalVMOptions"
    echo "-XX:+EnableJVMCI"
    echo "-XX:-UseJVMCICompiler"
    echo "-Xss10m"
    echo "-Xmx${NATIVE_CHECK_XMX:-10g}"
    echo "-XX:+UseParallelGC"
    echo "-Xshare:off"
    echo "-Djava.awt.headless=true"
    echo "-Dorg.graalvm.version=25.0.4"
    # These jars are GraalVM CE's builder; Quarkus' features read the version from this property.
    echo '"-Dorg.graalvm.vendor=GraalVM Community"'
    echo '"-Dorg.graalvm.vendorversion=GraalVM CE 25.0.4"'
    echo "-Dcom.oracle.graalvm.isaot=true"
    echo "-Dorg.graalvm.nativeimage.imagecode=buildtime"
    echo "-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader"
    echo "-Djdk.internal.lambda.disableEagerInitialization=true"
    echo "-Djdk.internal.lambda.eagerlyInitialize=false"
    echo "-Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false"
    echo "-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1"
    echo "-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false"
    echo "--enable-native-access=$builder_modules"
    # The image class path sees every JDK module with an API, as the driver asks (NativeImage.completeImageBuild).
    echo "--add-modules=ALL-DEFAULT"
    # A GraalVM JDK exports its internal packages to the builder's modules in its own module descriptors; Temurin
    # does not, so every package of every JDK module that the builder VM resolves is exported to them here.
    for module in $("$java" --upgrade-module-path "$compiler_jar" --module-path "$module_path" \
        --add-modules=ALL-DEFAULT,org.graalvm.nativeimage.builder --show-module-resolution -version 2>&1 |
        awk '$1 == "root" {print $2; next} $2 == "requires" || $2 == "binds" {print $1; print $3}' |
        grep -v '^org\.graalvm\|^jdk\.graal\.compiler$' | sort -u); do
        "$java" --describe-module "$module" |
            awk '$1 == "contains" || $1 == "exports" || $1 == "qualified" {print ($1 == "qualified" ? $3 : $2)}' |
            sort -u | sed "s|.*|--add-exports=$module/&=$builder_modules|"
    done
    echo "--upgrade-module-path"
    echo "$compiler_jar"
    echo "--module-path"
    echo "$module_path"
} > "$vm_args"

# 6. The builder's own options on top of the translated ones: where to write, and stop after the object file.
extra="$out/builder-extra.args"
printf '%s\0' "-H:CLibraryPath=$clibraries" "-H:Path=$out/image" "-H:TempDirectory=$out/tmp" "-H:-UseContainerSupport" \
    "-H:+UnlockExperimentalVMOptions" "-H:+ExitAfterRelocatableImageWrite" "-H:-UnlockExperimentalVMOptions" > "$extra"
cat "$out/builder.args" > "$out/all.args"
printf '\0' >> "$out/all.args"
# Drop the trailing NUL printf leaves, so the builder sees no empty last argument.
head -c -1 "$extra" >> "$out/all.args"

echo "native-check: running the native-image builder (log: $out/builder.log)"
start=$(date +%s)
set +e
(
    cd "$out/image"  # the builder writes its relative outputs (build-output JSON) here, not into the sources
    JVMCI_VERSION_CHECK=ignore USE_NATIVE_IMAGE_JAVA_PLATFORM_MODULE_SYSTEM=true DRIVER_TEMP_DIR_ENV_VARIABLE="$out/tmp" \
        exec nice -n 19 /usr/bin/time -v -o "$out/time.txt" "$java" @"$vm_args" @"$out/builder-vm.args" \
        -m org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner \
        --image-args-file="$out/all.args"
) 2>&1 | tee "$out/builder.log"
status=${PIPESTATUS[0]}
set -e
elapsed=$(( $(date +%s) - start ))
peak_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt" 2>/dev/null || true)"
cpu_s="$(awk -F': ' '/User time|System time/ {sum += $2} END {printf "%.0f", sum}' "$out/time.txt" 2>/dev/null || true)"
echo "native-check: builder exit $status after ${elapsed}s wall, ${cpu_s:-?}s CPU (user+sys), peak RSS ${peak_kb:-?} kB"

object="$(find "$out/tmp" "$out/image" -name '*.o' 2>/dev/null | head -n 1)"
if [ "$status" -ne 0 ] || [ -z "$object" ]; then
    echo "native-check: FAILED before the link (see the builder's error above)" >&2
    exit 1
fi
echo "native-check: OK, analysis and compilation passed; object file $(du -h "$object" | cut -f1) at $object (not linked)"
