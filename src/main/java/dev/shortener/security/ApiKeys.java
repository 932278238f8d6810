package dev.shortener.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.shortener.config.ShortenerConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * The API keys of {@code shortener.auth.api-keys}, read once at start-up; a malformed entry stops the service with a
 * message naming the entry by position and name (never its hash).
 */
@Singleton
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final List<ApiKey> keys;

    ApiKeys(ShortenerConfig config) {
        this.keys = parse(config.auth().apiKeys().orElse(List.of()));
    }

    void announce(@Observes StartupEvent event) {
        if (keys.isEmpty()) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                LOG.warn("shortener.auth.api-keys is not set: anyone who can reach this service can shorten with its "
                        + "TinyURL account and run benchmarks. Set SHORTENER_AUTH_API_KEYS (see docs/deployment.md)");
            }
        } else {
            LOG.infof("API keys required: %d key(s) configured, %d admin", keys.size(),
                    keys.stream().filter(ApiKey::admin).count());
        }
    }

    /** True when keys are configured, hence required. */
    public boolean required() {
        return !keys.isEmpty();
    }

    /** The key whose SHA-256 is that of {@code presented}, if any. */
    public Optional<ApiKey> find(String presented) {
        byte[] digest = sha256(presented);
        ApiKey found = null;
        for (ApiKey key : keys) {
            // Every entry is compared, so that the time taken does not tell which one matched.
            if (key.matches(digest)) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    /** SHA-256 of a key, as {@code shortener.auth.api-keys} expects it ({@code sha256sum} of the key's bytes). */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static List<ApiKey> parse(List<String> entries) {
        List<ApiKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int position = 0;
        for (String raw : entries) {
            position++;
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":", -1);
            String name = parts[0].trim();
            String where = "shortener.auth.api-keys entry " + position + " ('" + (NAME.matcher(name).matches()
                    ? name : "?") + "')";
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalStateException(where + " must be name:sha256-hex or name:sha256-hex:admin");
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException(where + ": the name must be 1-64 letters, digits or ._@-");
            }
            if (!SHA256_HEX.matcher(parts[1].trim()).matches()) {
                throw new IllegalStateException(where + ": the second part must be the 64 hex digits of the key's "
                        + "SHA-256 (printf %s \"$KEY\" | sha256sum), not the key itself");
            }
            if (parts.length == 3 && !Roles.ADMIN.equals(parts[2].trim())) {
                throw new IllegalStateException(where + ": the third part can only be 'admin'");
            }
            if (name.equals(Roles.ANONYMOUS)) {
                // Without keys every caller is "anonymous": a key of that name would own the open mode's jobs.
                throw new IllegalStateException(where + ": the name '" + Roles.ANONYMOUS + "' is reserved");
            }
            if (!names.add(name)) {
                throw new IllegalStateException(where + ": the name is used by another entry");
            }
            keys.add(new ApiKey(name, HexFormat.of().parseHex(parts[1].trim().toLowerCase()), parts.length == 3));
        }
        return List.copyOf(keys);
    }
}
