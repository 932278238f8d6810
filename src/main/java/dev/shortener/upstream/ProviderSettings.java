package dev.shortener.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.shortener.config.ShortenerConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The providers' own settings and credentials, typed, as {@link ShortenerConfig} declares them: what the provider
 * classes are built from. A blank value is unset (null). {@link #toString()} names the credentials that are set, never
 * their values.
 *
 * @param tinyurlToken {@code shortener.tinyurl.token}
 * @param tinyurlDomain {@code shortener.tinyurl.domain}
 * @param bitlyToken {@code shortener.bitly.token}
 * @param bitlyDomain {@code shortener.bitly.domain}
 * @param bitlyGroupGuid {@code shortener.bitly.group-guid}
 * @param shlinkApiKey {@code shortener.shlink.api-key}
 * @param kuttApiKey {@code shortener.kutt.api-key}
 * @param yourlsSignature {@code shortener.yourls.signature}
 */
@RegisterForReflection
public record ProviderSettings(String tinyurlToken, String tinyurlDomain, String bitlyToken, String bitlyDomain,
        String bitlyGroupGuid, String shlinkApiKey, String kuttApiKey, String yourlsSignature) {

    /** The settings the service runs with. */
    public static ProviderSettings of(ShortenerConfig config) {
        return new ProviderSettings(set(config.tinyurl().token()), set(Optional.of(config.tinyurl().domain())),
                set(config.bitly().token()), set(config.bitly().domain()), set(config.bitly().groupGuid()),
                set(config.shlink().apiKey()), set(config.kutt().apiKey()), set(config.yourls().signature()));
    }

    @Override
    public String toString() {
        // Records print every component; credentials must not reach a log.
        List<String> credentials = new ArrayList<>();
        for (Credential credential : List.of(TinyUrl.TOKEN, Bitly.TOKEN, Shlink.API_KEY, Kutt.API_KEY,
                Yourls.SIGNATURE)) {
            if (credential.value().apply(this) != null) {
                credentials.add(credential.setting());
            }
        }
        return "ProviderSettings[tinyurlDomain=" + tinyurlDomain + ", bitlyDomain=" + bitlyDomain
                + ", bitlyGroupGuid=" + bitlyGroupGuid + ", credentials set=" + credentials + "]";
    }

    private static String set(Optional<String> value) {
        return value.filter(text -> !text.isBlank()).orElse(null);
    }

    /**
     * A credential a provider needs: its {@code shortener.*} key suffix (for messages) and where these settings hold
     * it.
     */
    public record Credential(String setting, Function<ProviderSettings, String> value) {
    }
}
