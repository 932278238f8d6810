// Over 250 lines: one concern, the driver's option handling (its own spans several classes), kept in one file.
// Translates the options that GraalVM's `native-image` driver would read into the options of its builder
// (NativeImageGeneratorRunner), because Maven Central serves the builder but not the driver. Its own class, not a
// shell function: the driver also walks META-INF/native-image of every class-path jar, which needs a zip reader.
//
// Run by deploy/native-check.sh as: java NativeImageArgs.java <native-sources dir> <out dir>
// Writes <out dir>/builder-vm.args (one JVM option a line, for `java @file`) and <out dir>/builder.args
// (NUL-separated, for the builder's --image-args-file=). Every translation below names the svm 25.0.4 source
// (sources jar on Maven Central) or the driver source (oracle/graal, substratevm/src/com.oracle.svm.driver) it
// follows. An option it does not know stops it: a silently dropped option would make the check lie.

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads native-image.args (and the META-INF/native-image files of its class path) the way the driver does. */
public class NativeImageArgs {

    /** The driver's MetaInfFileType: file name in META-INF/native-image -> builder option that names it. */
    static final Map<String, String> META_INF_FILES = Map.of(
            "reachability-metadata.json", "ReachabilityMetadataResources",
            "jni-config.json", "JNIConfigurationResources",
            "reflect-config.json", "ReflectionConfigurationResources",
            "resource-config.json", "ResourceConfigurationResources",
            "proxy-config.json", "DynamicProxyConfigurationResources",
            "serialization-config.json", "SerializationConfigurationResources",
            "serialization-deny-config.json", "SerializationDenyConfigurationResources",
            "predefined-classes-config.json", "PredefinedClassesConfigurationResources");

    /** API options with a value: driver name -> builder option (svm @APIOption on that option's field). */
    static final Map<String, String> VALUE_OPTIONS = Map.ofEntries(
            Map.entry("--features", "Features"),                         // FeatureHandler.Options
            Map.entry("--link-at-build-time", "LinkAtBuildTime"),        // LinkAtBuildTimeSupport.Options
            Map.entry("--link-at-build-time-paths", "LinkAtBuildTimePaths"),
            Map.entry("--enable-url-protocols", "EnableURLProtocols"),   // SubstrateOptions
            Map.entry("--enable-native-access", "EnableNativeAccess"),   // NativeImageClassLoaderOptions
            Map.entry("-march", "MicroArchitecture"),                    // NativeImageOptions
            Map.entry("--libc", "UseLibC"),                              // SubstrateOptions
            Map.entry("--enable-monitoring", "EnableMonitoringFeatures")); // VMInspectionOptions

    /** Value the driver passes when such an option comes without '=' (@APIOption defaultValue). */
    static final Map<String, String> DEFAULT_VALUES = Map.of(
            "--link-at-build-time", "",
            "--enable-monitoring", "<deprecated-default>");

    /** API options that take no value: driver name -> builder option text (fixedValue or boolean). */
    static final Map<String, String> FLAG_OPTIONS = Map.ofEntries(
            Map.entry("--no-fallback", "-H:FallbackThreshold=0"),        // SubstrateOptions.FallbackThreshold
            Map.entry("--auto-fallback", "-H:FallbackThreshold=5"),
            Map.entry("--force-fallback", "-H:FallbackThreshold=10"),
            Map.entry("--enable-http", "-H:EnableURLProtocols=http"),
            Map.entry("--enable-https", "-H:EnableURLProtocols=https"),
            Map.entry("--static", "-H:+StaticExecutable"),
            Map.entry("--report-unsupported-elements-at-runtime", "-H:+ReportUnsupportedElementsAtRuntime"),
            Map.entry("--allow-incomplete-classpath", "-H:+AllowIncompleteClasspath"),
            Map.entry("--install-exit-handlers", "-H:+InstallExitHandlers"),
            Map.entry("--strict-image-heap", "-H:+StrictImageHeap"));

    /** A driver-only option this check cannot translate faithfully, or a bad argument. */
    static final class UnknownOption extends RuntimeException {
        UnknownOption(String message) {
            super(message);
        }
    }

    record ExcludeConfig(Pattern jar, Pattern resource) {
    }

    final Path sourcesDir;
    final List<String> vmArgs = new ArrayList<>();
    final List<String> builderArgs = new ArrayList<>();
    final LinkedHashSet<Path> classPath = new LinkedHashSet<>();
    final List<ExcludeConfig> excludes = new ArrayList<>();
    final LinkedHashSet<String> addedModules = new LinkedHashSet<>();
    String imageName;

    NativeImageArgs(Path sourcesDir) {
        this.sourcesDir = sourcesDir;
    }

    public static void main(String[] argv) throws IOException {
        if (argv.length != 2) {
            System.err.println("usage: java NativeImageArgs.java <native-sources dir> <out dir>");
            System.exit(2);
        }
        Path sources = Path.of(argv[0]).toAbsolutePath().normalize();
        Path out = Path.of(argv[1]).toAbsolutePath().normalize();
        NativeImageArgs t = new NativeImageArgs(sources);
        try {
            t.translate(Files.readString(sources.resolve("native-image.args")));
        } catch (UnknownOption e) {
            System.err.println("native-check: " + e.getMessage());
            System.exit(2);
        }
        Files.createDirectories(out);
        Files.write(out.resolve("builder-vm.args"), t.vmArgs.stream().map(NativeImageArgs::quoteForArgFile).toList());
        List<String> all = new ArrayList<>();
        all.add("-imagecp");
        all.add(String.join(":", t.classPath.stream().map(Path::toString).toList()));
        all.addAll(t.builderArgs);
        Files.writeString(out.resolve("builder.args"), String.join("\0", all), StandardCharsets.UTF_8);
        System.out.printf("native-check: %d builder options, %d builder JVM options, %d class-path entries%n",
                t.builderArgs.size(), t.vmArgs.size(), t.classPath.size());
    }

    void translate(String argsFileText) throws IOException {
        // Quarkus' native-sources README runs `native-image $(cat native-image.args)`: words split at white space.
        process(new ArrayDeque<>(Arrays.asList(argsFileText.trim().split("\\s+"))), null);
        for (Path entry : classPath) {
            walkMetaInf(entry);
        }
        if (imageName == null) {
            throw new UnknownOption("no image name in native-image.args nor an ImageName in META-INF/native-image");
        }
        if (!addedModules.isEmpty()) {
            // NativeImage.buildImage: modules not on the image module path go to the builder VM as well.
            vmArgs.add("-Dsvm.modulesupport.addedModules=" + String.join(",", addedModules));
            vmArgs.add("--add-modules=" + String.join(",", addedModules));
        }
        builderArgs.add("-H:Name=" + imageName);
        // The driver derives the build ID from its arguments (NativeImage.completeImageBuild); so does this.
        builderArgs.add("-H:ImageBuildID=" + UUID.nameUUIDFromBytes(String.join(" ", builderArgs).getBytes(StandardCharsets.UTF_8)));
    }

    /** One driver argument list; origin is null on the command line, else the META-INF file it came from. */
    void process(Deque<String> args, String origin) throws IOException {
        while (!args.isEmpty()) {
            String arg = args.poll();
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            if (arg.startsWith("-J")) {
                vmArgs.add(arg.substring(2));                                // DefaultOptionHandler: -J<vm option>
            } else if (arg.startsWith("-D")) {
                vmArgs.add(arg);                                             // DefaultOptionHandler: -D goes to the VM
            } else if (arg.startsWith("-H:") || arg.startsWith("-R:")) {
                builderArgs.add(withOrigin(arg, origin));
            } else if (arg.startsWith("-O") && arg.length() > 2) {
                builderArgs.add("-H:Optimize=" + arg.substring(2));          // DefaultOptionHandler: -O<level>
            } else if (arg.startsWith("@")) {
                requireCommandLine(arg, origin);
                Path file = sourcesDir.resolve(arg.substring(1));
                process(new ArrayDeque<>(Arrays.asList(Files.readString(file).trim().split("\\s+"))), null);
            } else if (name.equals("--initialize-at-build-time") || name.equals("--initialize-at-run-time")) {
                // ClassInitializationOptions.ClassInitialization; its value transformer appends the strategy.
                String suffix = name.endsWith("build-time") ? ":build_time" : ":run_time";
                String classes = value == null ? "" : value;
                String joined = classes.isEmpty() ? suffix
                        : String.join(",", Stream.of(classes.split(",")).map(c -> c + suffix).toList());
                builderArgs.add(withOrigin("-H:ClassInitialization=" + joined, origin));
            } else if (VALUE_OPTIONS.containsKey(name)) {
                if (value == null && name.equals("--enable-native-access")) {
                    value = args.poll();                                     // also takes its value as next word
                }
                if (value == null) {
                    value = DEFAULT_VALUES.get(name);
                }
                if (value == null) {
                    throw new UnknownOption(name + " needs a value");
                }
                builderArgs.add(withOrigin("-H:" + VALUE_OPTIONS.get(name) + "=" + value, origin));
            } else if (FLAG_OPTIONS.containsKey(arg)) {
                builderArgs.add(withOrigin(FLAG_OPTIONS.get(arg), origin));
            } else if (name.equals("--add-modules")) {
                addedModules.addAll(Arrays.asList((value != null ? value : args.poll()).split(",")));
            } else if (arg.equals("--exclude-config")) {
                requireCommandLine(arg, origin);                             // CmdLineOptionHandler
                excludes.add(new ExcludeConfig(Pattern.compile(args.poll()), Pattern.compile(args.poll())));
            } else if (arg.equals("-jar")) {
                requireCommandLine(arg, origin);
                addJar(sourcesDir.resolve(args.poll()).normalize());
            } else if (arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) {
                for (String entry : args.poll().split(":")) {
                    classPath.add(sourcesDir.resolve(entry).normalize());
                }
            } else if (arg.equals("--verbose")) {
                // Driver-only: it prints the builder's command line. Nothing to pass on.
            } else if (!arg.startsWith("-") && origin == null && imageName == null) {
                imageName = arg;                                             // the driver's leftover image name
            } else {
                throw new UnknownOption("option '" + arg + "'" + (origin == null ? "" : " from " + origin)
                        + " has no translation here; look it up (@APIOption in the svm sources, or the driver's"
                        + " option handlers) and add it to deploy/native-check/NativeImageArgs.java");
            }
        }
    }

    static void requireCommandLine(String arg, String origin) {
        if (origin != null) {
            throw new UnknownOption(arg + " is only allowed on the command line, found in " + origin);
        }
    }

    /** NativeImage.injectHostedOptionOrigin: -H:Name@origin=value, so the builder names the jar in its messages. */
    static String withOrigin(String option, String origin) {
        if (origin == null || !option.startsWith("-H:")) {
            return option;
        }
        int eq = option.indexOf('=');
        return eq < 0 ? option + "@" + origin : option.substring(0, eq) + "@" + origin + option.substring(eq);
    }

    /** DefaultOptionHandler -jar: the jar, its manifest Class-Path, and its Main-Class as the image's entry point. */
    void addJar(Path jar) throws IOException {
        classPath.add(jar);
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            Attributes main = jarFile.getManifest().getMainAttributes();
            String mainClass = main.getValue("Main-Class");
            if (mainClass == null) {
                throw new UnknownOption("no Main-Class in the manifest of " + jar);
            }
            builderArgs.add("-H:Class=" + mainClass);
            String cp = main.getValue("Class-Path");
            if (cp != null) {
                for (String entry : cp.trim().split(" +")) {
                    classPath.add(jar.getParent().resolve(entry).normalize());
                }
            }
            for (String attribute : List.of("Add-Opens", "Add-Exports")) {
                String modules = main.getValue(attribute);
                if (modules != null) {
                    for (String module : modules.split(" ")) {
                        builderArgs.add("-H:" + attribute.replace("-", "") + "=" + module + "=ALL-UNNAMED");
                    }
                }
            }
            if (main.getValue("Enable-Native-Access") != null) {
                vmArgs.add("--enable-native-access=ALL-UNNAMED");
            }
        }
    }

    /** NativeImageMetaInfWalker + DriverMetaInfProcessor: native-image.properties and the JSON files of one jar. */
    void walkMetaInf(Path entry) throws IOException {
        if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (FileSystem jar = FileSystems.newFileSystem(entry)) {
            Path base = jar.getPath("/META-INF/native-image");
            if (!Files.isDirectory(base)) {
                return;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(base)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                boolean known = fileName.equals("native-image.properties") || META_INF_FILES.containsKey(fileName);
                if (!known || isExcluded(entry, file)) {
                    continue;
                }
                String origin = URI.create("jar:" + entry.toUri() + "!" + file).toString();
                String relative = file.toString().substring(1);
                if (fileName.equals("native-image.properties")) {
                    applyProperties(file, origin, base.relativize(file).getParent());
                } else {
                    builderArgs.add(withOrigin("-H:" + META_INF_FILES.get(fileName) + "=" + relative, origin));
                }
            }
        }
    }

    boolean isExcluded(Path jar, Path resource) {
        return excludes.stream().filter(e -> e.jar().matcher(jar.toString()).find())
                .anyMatch(e -> e.resource().matcher(resource.toString()).find());
    }

    void applyProperties(Path file, String origin, Path componentDir) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        for (String key : properties.stringPropertyNames()) {
            String raw = properties.getProperty(key).trim();
            // NativeImage.resolvePropertyValue: ${.} is the properties file's directory under META-INF/native-image.
            String value = raw.replace("${.}", componentDir == null ? "" : componentDir.toString());
            if (value.contains("${")) {
                throw new UnknownOption("unresolved ${...} in " + key + " of " + origin);
            }
            List<String> words = value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
            switch (key) {
                case "Args" -> process(new ArrayDeque<>(words), origin);
                case "JavaArgs" -> vmArgs.addAll(words);
                case "ImageName" -> imageName = imageName == null ? value : imageName; // the command line wins
                default -> throw new UnknownOption("key " + key + " of " + origin + " has no translation here");
            }
        }
    }

    /** The JDK's @argfile syntax: quote what holds white space, quotes or '#'. */
    static String quoteForArgFile(String arg) {
        if (arg.matches("[^\\s\"'#\\\\]+")) {
            return arg;
        }
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
