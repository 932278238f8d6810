package dev.shortener.upstream;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

import dev.shortener.config.Provider;
import dev.shortener.upstream.ProviderSettings.Credential;

/**
 * What the service knows of one provider before it calls it, declared by the provider's class: its id, the endpoint
 * it sends to, the credential it needs, its default calls in flight, whether it takes rows in bulk, the link fields it
 * sends, and how it is built from the settings.
 *
 * @param provider the provider's id
 * @param client the endpoint's key ({@code quarkus.rest-client.<client>.*})
 * @param credential the credential it needs, or null
 * @param maxInFlight calls in flight it accepts by default (when {@code shortener.upstream.providers.<id>} says
 *        nothing), or 0 for the service-wide default
 * @param bulk whether it takes many rows per request (and so cannot run in the {@code processes} model)
 * @param linkFields the link fields it sends; the others are left out and the row's warning says so
 * @param create builds the per-call provider from the settings, or null for a bulk provider
 * @param domain the domain its links are on, from the settings (a stored link is reused only for the provider and
 *        domain that made it)
 */
public record ProviderDescription(Provider provider, String client, Credential credential, int maxInFlight,
        boolean bulk, Set<LinkFields.Field> linkFields, Function<ProviderSettings, ShortenerProvider> create,
        Function<ProviderSettings, String> domain) {

    /** A provider whose links are on a domain named by its id. */
    ProviderDescription(Provider provider, String client, Credential credential, int maxInFlight, boolean bulk,
            Set<LinkFields.Field> linkFields, Function<ProviderSettings, ShortenerProvider> create) {
        this(provider, client, credential, maxInFlight, bulk, linkFields, create, settings -> provider.id());
    }

    /** A per-call provider sending to its own endpoint the link fields {@code sent}. */
    static ProviderDescription perCall(Provider provider, Credential credential, int maxInFlight,
            Function<ProviderSettings, ShortenerProvider> create, LinkFields.Field... sent) {
        return new ProviderDescription(provider, provider.id(), credential, maxInFlight, false, Set.of(sent), create);
    }

    /** This description with its links on {@code on}. */
    ProviderDescription withDomain(Function<ProviderSettings, String> on) {
        return new ProviderDescription(provider, client, credential, maxInFlight, bulk, linkFields, create, on);
    }

    /** The domain its links are on with {@code settings}. */
    public String domain(ProviderSettings settings) {
        return domain.apply(settings);
    }

    /** The credential's {@code shortener.*} key suffix, if it needs one. */
    public Optional<String> credentialSetting() {
        return Optional.ofNullable(credential).map(Credential::setting);
    }

    /** Whether {@code settings} lack the credential this provider needs. */
    boolean lacksCredential(ProviderSettings settings) {
        return credential != null && credential.value().apply(settings) == null;
    }

    /** The default calls in flight, if the provider has its own. */
    public OptionalInt defaultMaxInFlight() {
        return maxInFlight > 0 ? OptionalInt.of(maxInFlight) : OptionalInt.empty();
    }
}
