package dev.shortener.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.ShortenerConfig;
import dev.shortener.config.WebhooksConfig;
import dev.shortener.error.RequestRejectedException;

/**
 * Refuses callback URLs the service must not call (server-side request forgery): not https, or a host that resolves
 * to a loopback, link-local, private, unspecified or multicast address, unless {@code shortener.webhooks.allow-private}.
 */
@ApplicationScoped
public class CallbackGuard {

    private static final int MAX_LENGTH = 2048;

    private final WebhooksConfig config;

    CallbackGuard(ShortenerConfig config) {
        this.config = config.webhooks();
    }

    /** The callback URL if the service may call it; else a 400 naming the query parameter. */
    public String check(String callback) {
        if (callback.isBlank() || callback.length() > MAX_LENGTH) {
            throw refused("must be an absolute https URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(callback);
        } catch (URISyntaxException e) {
            throw refused("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        boolean https = scheme.equals("https");
        if (!https && !(config.allowPrivate() && scheme.equals("http"))) {
            throw refused("must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw refused("must name a host (and no user info)");
        }
        String refusal = refusal(uri.getHost());
        if (refusal != null) {
            throw refused(refusal);
        }
        if (config.secret().isEmpty()) {
            throw refused("cannot be used: webhooks are not configured on this service (shortener.webhooks.secret "
                    + "is not set)");
        }
        return callback;
    }

    /**
     * Why the service must not call {@code host} now, or null when it may: checked at submission and again before
     * each delivery (its name may resolve elsewhere by then).
     */
    String refusal(String host) {
        if (config.allowPrivate()) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return "host '" + host + "' does not resolve";
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                return "host '" + host + "' resolves to " + address.getHostAddress() + ", a loopback, link-local, "
                        + "private or unspecified address (set shortener.webhooks.allow-private=true for receivers "
                        + "inside the cluster)";
            }
        }
        return null;
    }

    private static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address) {
            return (raw[0] & 0xfe) == 0xfc; // unique local fc00::/7, which isSiteLocalAddress does not cover
        }
        // 100.64.0.0/10: carrier-grade NAT, private in practice.
        return (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64;
    }

    private static RequestRejectedException refused(String why) {
        return RequestRejectedException.badRequest("query parameter 'callback' " + why);
    }
}
