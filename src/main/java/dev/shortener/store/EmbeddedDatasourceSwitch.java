package dev.shortener.store;

import java.util.regex.Pattern;

import jakarta.annotation.Priority;

import io.quarkus.runtime.ImageMode;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Activates the embedded datasource exactly when the default (PostgreSQL) one is not configured: Quarkus fixes each
 * datasource's db-kind at build time, so both exist and one is switched on at run time. An explicit
 * {@code quarkus.datasource."embedded".active} still wins. A native executable never activates it: an embedded
 * database engine cannot be compiled into one, so there {@link Database} refuses to start without PostgreSQL.
 */
@Priority(Priorities.APPLICATION + 100)
public class EmbeddedDatasourceSwitch implements ConfigSourceInterceptor {

    /** The name of the embedded datasource. */
    public static final String EMBEDDED = "embedded";

    private static final Pattern ACTIVE = Pattern.compile("quarkus\\.datasource\\.\"?" + EMBEDDED + "\"?\\.active");

    private final boolean nativeImage;

    /** The switch of this process: native executable or JVM. */
    public EmbeddedDatasourceSwitch() {
        this(ImageMode.current() == ImageMode.NATIVE_RUN);
    }

    EmbeddedDatasourceSwitch(boolean nativeImage) {
        this.nativeImage = nativeImage;
    }

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null || !ACTIVE.matcher(name).matches()) {
            return value;
        }
        return ConfigValue.builder()
                .withName(name)
                .withValue(Boolean.toString(!nativeImage && embeddedActive(context)))
                .withConfigSourceName(getClass().getSimpleName())
                .build();
    }

    private static boolean embeddedActive(ConfigSourceInterceptorContext context) {
        ConfigValue url = context.proceed("quarkus.datasource.jdbc.url");
        ConfigValue active = context.proceed("quarkus.datasource.active");
        boolean defaultActive = url != null && url.getValue() != null && !url.getValue().isBlank()
                && (active == null || !"false".equalsIgnoreCase(active.getValue()));
        return !defaultActive;
    }
}
