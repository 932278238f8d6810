package dev.shortener.links;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.store.Database;
import dev.shortener.store.Jdbc;
import dev.shortener.store.StoreException;
import dev.shortener.upstream.ProviderSettings;
import dev.shortener.upstream.Providers;
import dev.shortener.upstream.UpstreamCall;

/**
 * Every short link created, looked up and saved in bulk, so that a row already shortened once is answered without an
 * upstream call ({@code shortener.links.reuse}), in jobs and in {@code /shorten}.
 */
@ApplicationScoped
public class LinkStore {

    /** Keys per lookup statement: stays below every driver's bind-parameter limit. */
    private static final int LOOKUP_BATCH = 500;

    private static final Logger LOG = Logger.getLogger(LinkStore.class);

    private final Database db;
    private final ShortenerConfig config;
    private final ProviderSettings providers;
    /** Saves of {@code /shorten}'s new links, off the request's path and one at a time (no lock contention). */
    private final ExecutorService saver = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("link-saver").daemon().factory());

    LinkStore(Database db, ShortenerConfig config) {
        this.db = db;
        this.config = config;
        this.providers = ProviderSettings.of(config);
    }

    /**
     * The calls of {@code calls} whose link is already stored, with that link. A store that cannot be read answers
     * nothing known (the calls are then made): {@code /shorten} keeps working without its database.
     */
    public Map<UpstreamCall, String> known(Provider provider, Collection<UpstreamCall> calls) {
        Map<LinkKey, UpstreamCall> byKey = new HashMap<>();
        for (UpstreamCall call : calls) {
            byKey.put(key(provider, call), call);
        }
        try {
            Map<UpstreamCall, String> known = new HashMap<>();
            lookup(byKey.keySet()).forEach((key, shortUrl) -> known.put(byKey.get(key), shortUrl));
            return known;
        } catch (StoreException e) {
            LOG.warnf("link store unreadable, calling the upstream for every row: %s", e.getMessage());
            return Map.of();
        }
    }

    /** Saves the links of {@code created} (call to short URL) in the background; a failure is logged, not thrown. */
    public void saveLater(Provider provider, Map<UpstreamCall, String> created) {
        if (created.isEmpty()) {
            return;
        }
        Map<LinkKey, String> links = new HashMap<>();
        created.forEach((call, shortUrl) -> links.put(key(provider, call), shortUrl));
        saver.execute(() -> {
            try {
                save(links);
            } catch (RuntimeException e) {
                LOG.warnf("could not save %d new links to the link store: %s", links.size(), e.getMessage());
            }
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        saver.shutdown(); // links queued so far are still saved
        saver.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Whether rows should be answered from the store ({@code shortener.links.reuse}). */
    public boolean reuse() {
        return config.links().reuse();
    }

    /** The key of the link {@code call} makes at {@code provider}: its URL, alias and link fields. */
    public LinkKey key(Provider provider, UpstreamCall call) {
        LinkKey plain = key(provider, call.url(), call.alias());
        return call.fields().isEmpty() ? plain : new LinkKey(plain.provider(), plain.domain(), plain.url(),
                plain.alias(), call.fields().key());
    }

    /** The key of a link of {@code provider}: a link is only reused for the provider and domain that made it. */
    public LinkKey key(Provider provider, String url, String alias) {
        return new LinkKey(provider.id(), Providers.of(provider).domain(providers), url, alias);
    }

    /** The short URLs known for {@code keys}; keys without a link are absent from the answer. */
    public Map<LinkKey, String> lookup(Collection<LinkKey> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        try (Connection c = db.connection()) {
            return lookup(c, keys);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** {@link #lookup(Collection)} on the caller's connection. */
    public Map<LinkKey, String> lookup(Connection c, Collection<LinkKey> keys) throws SQLException {
        Map<String, LinkKey> byHash = new HashMap<>();
        for (LinkKey key : keys) {
            byHash.put(key.hash(), key);
        }
        List<String> hashes = new ArrayList<>(byHash.keySet());
        Map<LinkKey, String> found = new HashMap<>();
        for (int from = 0; from < hashes.size(); from += LOOKUP_BATCH) {
            List<String> part = hashes.subList(from, Math.min(hashes.size(), from + LOOKUP_BATCH));
            // PostgreSQL takes the keys as one array, looked up one by one in the primary key: the LATERAL subquery
            // with OFFSET 0 keeps the planner from a hash join over the whole table, which it picked for a freshly
            // filled table (stale statistics) and which made every lookup scan every link. H2: a parameter list.
            Jdbc.forEach(c, db.embedded() ? "SELECT key_hash, short_url FROM links WHERE key_hash IN ("
                    + String.join(",", Collections.nCopies(part.size(), "?")) + ")"
                    : "SELECT l.key_hash, l.short_url FROM unnest(?::text[]) AS k(h), LATERAL (SELECT key_hash, "
                            + "short_url FROM links WHERE key_hash = k.h OFFSET 0) l", 0,
                    rs -> found.put(byHash.get(rs.getString(1)), rs.getString(2)),
                    db.embedded() ? part.toArray() : new Object[] { Jdbc.array(c, "text", part.toArray()) });
        }
        return found;
    }

    /** Saves {@code links} (key to short URL); a key already stored keeps its first link. */
    public void save(Map<LinkKey, String> links) {
        if (links.isEmpty()) {
            return;
        }
        try (Connection c = db.connection()) {
            save(c, links);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** {@link #save(Map)} on the caller's connection (and transaction). */
    public void save(Connection c, Map<LinkKey, String> links) throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        // In key order, so that concurrent savers lock index entries in the same order.
        Map<String, Map.Entry<LinkKey, String>> byHash = new TreeMap<>();
        links.entrySet().forEach(link -> byHash.put(link.getKey().hash(), link));
        List<Map.Entry<LinkKey, String>> all = List.copyOf(byHash.values());
        if (db.embedded()) {
            Jdbc.batch(c, "INSERT INTO links (key_hash, provider, domain, long_url, alias, short_url, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", all,
                    link -> Jdbc.params(link.getKey().hash(), link.getKey().provider(), link.getKey().domain(),
                            link.getKey().url(), link.getKey().alias(), link.getValue(), now));
            return;
        }
        // PostgreSQL: one statement with the links as arrays instead of one per link.
        Jdbc.update(c, "INSERT INTO links (key_hash, provider, domain, long_url, alias, short_url, created_at) "
                + "SELECT h, p, d, u, a, s, ? FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                + "?::text[]) AS l(h, p, d, u, a, s) ON CONFLICT DO NOTHING", now,
                Jdbc.array(c, "text", byHash.keySet().toArray()),
                Jdbc.array(c, "text", all.stream().map(l -> l.getKey().provider()).toArray()),
                Jdbc.array(c, "text", all.stream().map(l -> l.getKey().domain()).toArray()),
                Jdbc.array(c, "text", all.stream().map(l -> l.getKey().url()).toArray()),
                Jdbc.array(c, "text", all.stream().map(l -> l.getKey().alias()).toArray()),
                Jdbc.array(c, "text", all.stream().map(Map.Entry::getValue).toArray()));
    }
}
