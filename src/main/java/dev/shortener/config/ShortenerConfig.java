package dev.shortener.config;

import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import jakarta.validation.constraints.Min;

import dev.shortener.governor.QuotaSpec;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

// Over 250 lines: one @ConfigMapping holds every setting, and its javadoc is the reference of each one.
/** Every {@code shortener.*} setting of the service; REST client settings live under {@code quarkus.rest-client.*}. */
@ConfigMapping(prefix = "shortener")
public interface ShortenerConfig {

    /** Execution model used when a request does not name one ({@code ?model=}). */
    @WithDefault("async")
    ModelName model();

    /** Which upstream API shortens the URLs. */
    @WithDefault("tinyurl-legacy")
    Provider provider();

    /** TinyURL API v2 settings (provider {@code tinyurl}). */
    TinyUrl tinyurl();

    /** Time one upstream attempt may take before it counts as a timeout. */
    @WithDefault("10s")
    Duration upstreamTimeout();

    /** Retry policy for timeouts, connection failures, 429 and 5xx. */
    Retry retry();

    /** Longest URL accepted; longer rows become error rows. */
    @WithDefault("8192")
    @Min(1)
    int maxUrlLength();

    /** Most data rows accepted in one batch; more is a 413. */
    @WithDefault("100000")
    @Min(1)
    int maxRows();

    /** Settings of the {@code threads} model. */
    Threads threads();

    /** Settings of the {@code async} model. */
    Async async();

    /** Settings of the {@code virtual-threads} model. */
    @WithName("virtual-threads")
    VirtualThreads virtualThreads();

    /** Settings of the {@code processes} model. */
    Processes processes();

    /** Settings of the benchmark and the {@code auto} model. */
    Benchmark benchmark();

    /** Service-wide limits per upstream provider in this replica (the governor). */
    Upstream upstream();
    /** API keys and the per-key request rate. */
    Auth auth();

    /** TinyURL API v2 account settings. */
    interface TinyUrl {
        /** Bearer token; required when {@code shortener.provider=tinyurl}. */
        Optional<String> token();

        /** Domain of the short links. */
        @WithDefault("tinyurl.com")
        String domain();
    }

    /** Retry policy. */
    interface Retry {
        /** Attempts in all, the first one included. */
        @WithDefault("3")
        @Min(1)
        int maxAttempts();

        /** Wait before the first retry; doubles each time, with jitter. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest wait between two attempts (a 429's Retry-After may exceed it). */
        @WithDefault("5s")
        Duration maxBackoff();
    }

    /** {@code threads} model. */
    interface Threads {
        /** Platform threads in the pool, hence calls in flight. */
        @WithDefault("10")
        @Min(1)
        int workers();
    }

    /** {@code async} model. */
    interface Async {
        /** Calls in flight on the event loop. */
        @WithDefault("100")
        @Min(1)
        int concurrency();
    }

    /** {@code virtual-threads} model. */
    interface VirtualThreads {
        /** Virtual threads calling at once, hence calls in flight. */
        @WithDefault("100")
        @Min(1)
        int concurrency();
    }

    /** {@code processes} model. */
    interface Processes {
        /** Worker processes, hence calls in flight; defaults to the number of available processors. */
        @Min(1)
        OptionalInt workers();

        /** JVM options of a worker in JVM mode, space-separated (ignored by a native executable). */
        @WithDefault("-Xmx64m -Xms8m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m "
                + "-XX:-UsePerfData")
        String jvmOptions();

        /**
         * Calls queued on one worker's stdin at most; the worker still makes them one at a time. The former key
         * {@code shortener.processes.chunk-size} is still read when this one is not set.
         */
        @WithDefault("${shortener.processes.chunk-size:2}")
        @Min(1)
        int queueDepth();

        /** Added to the longest possible call before a silent worker counts as hung and is killed. */
        @WithDefault("5s")
        Duration hangMargin();

        /** Time a worker may take from spawn to its ready line. */
        @WithDefault("30s")
        Duration startTimeout();

        /** Time workers get to exit on their own when the pool closes, before they are killed. */
        @WithDefault("2s")
        Duration shutdownGrace();
    }

    /** Benchmark and {@code auto} model. */
    interface Benchmark {
        /** Requests per model of the background benchmark run at start-up when the model is {@code auto}. */
        @WithDefault("50")
        int startupRequests();

        /** Most upstream calls one benchmark run may make (requests x rounds x models); more is a 400. */
        @WithDefault("100000")
        long maxCalls();
    }

    /** API keys: without any, the API is open to every caller. */
    interface Auth {
        /** Keys as {@code name:sha256-hex-of-key} or {@code name:sha256-hex-of-key:admin} entries, comma-separated. */
        Optional<List<String>> apiKeys();

        /** Requests one key may make per {@code rate-period}; unlimited when unset (applies only with keys). */
        OptionalInt rateLimit();

        /** The window of {@code rate-limit}: its requests are refilled evenly over this time. */
        @WithDefault("1m")
        Duration ratePeriod();
    }

    /** Governor: what every batch, job and model of this replica may send to one provider, together. */
    interface Upstream {
        /** Calls in flight to a provider at once, across every batch, job and model of this replica. */
        @WithDefault("1000")
        int maxInFlight();

        /** Requests per second to a provider (smooth, callers wait for their turn); unlimited when unset. */
        OptionalDouble rate();

        /** Pause of every call to a provider after a 429 that names no Retry-After. */
        @WithDefault("1s")
        Duration pauseWithoutRetryAfter();

        /** How long a {@code /shorten} call may wait through outages and limit answers before its rows fail. */
        @WithDefault("30s")
        Duration maxWait();

        /** The outage breaker of each provider, and the wait of jobs. */
        OutageConfig outage();

        /** Limits of one provider by id (any provider id, or {@code httpbin}), over its defaults and the above. */
        Map<String, Limits> providers();
    }

    /** One provider's own limits; unset values fall back to {@code shortener.upstream.*}. */
    interface Limits {
        /** Calls in flight to this provider at once. */
        OptionalInt maxInFlight();

        /** Requests per second to this provider. */
        OptionalDouble rate();

        /** Calls per period to this provider ({@code N/period}: 50/1d, 1000/1h, 100/10s), across replicas. */
        @WithConverter(QuotaSpec.Parser.class)
        Optional<QuotaSpec> quota();
    }

    // ---- ingest: body limits, CSV output escaping, /shorten admission ----

    /** Limits of request bodies and the escaping of CSV answers. */
    Csv csv();

    /** Batches {@code /shorten} works on at once; one more is answered 503 with {@code Retry-After}. */
    @WithDefault("8")
    int maxConcurrentBatches();

    /** The {@code Retry-After} of that 503. */
    @WithDefault("2s")
    Duration busyRetryAfter();

    /** Body limits (CSV, and cell/line/string length for every format) and CSV output escaping. */
    interface Csv {
        /** Most cells in one CSV row; a wider row is a 413 naming its line. */
        @WithDefault("1000")
        int maxColumns();

        /** Longest CSV cell, plain-text line or JSON string, in characters; longer is a 413 naming line and column. */
        @WithDefault("65536")
        int maxCellLength();

        /** Prefix CSV output cells starting with = + - @ tab or CR with a ' (spreadsheet formula injection). */
        @WithDefault("true")
        boolean escapeFormulas();
    }

    /** Limits of Excel bodies. */
    XlsxConfig xlsx();

    /** Directory of the embedded database (absolute, or relative starting with {@code ./}), without a datasource URL. */
    @WithDefault("./data")
    String dataDir();

    /** Durable jobs ({@code /jobs}). */
    Jobs jobs();

    /** The store of short links already created. */
    Links links();

    /** Durable jobs. */
    interface Jobs {
        /** Most data rows accepted in one job; more is a 413. */
        @WithDefault("10000000")
        int maxRows();

        /** Rows per chunk, the unit a replica claims and leases. */
        @WithDefault("1000")
        int chunkSize();

        /**
         * Chunks one replica runs at once. The chunks of one job share its model's limit: more than one keeps the
         * next chunk ready while one ends.
         */
        @WithDefault("4")
        int chunksInFlight();

        /** How long a claimed chunk stays owned without renewal before another replica may take it over. */
        @WithDefault("30s")
        Duration lease();

        /** How often an idle replica looks for chunks to claim. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** How long an Idempotency-Key is remembered. */
        @WithDefault("24h")
        Duration idempotencyTtl();

        /** How long finished jobs and their rows are kept. */
        @WithDefault("7d")
        Duration retention();

        /** On shutdown, how long running chunks may finish before the rest is released to other replicas. */
        @WithDefault("20s")
        Duration shutdownGrace();

        /** Whether this replica claims and runs chunks (false: it only accepts and serves jobs). */
        @WithDefault("true")
        boolean runner();
    }

    /** The signed webhook POSTed when a job ends ({@code POST /jobs?callback=}). */
    WebhooksConfig webhooks();

    /** Link store. */
    interface Links {
        /** Answer rows whose link is already known from the store, without an upstream call. */
        @WithDefault("true")
        boolean reuse();
    }

    // ---- providers: credentials and options of the other shorteners; base URLs are
    // quarkus.rest-client.<provider id>.url ----

    /** Provider {@code tinyurl-bulk}: TinyURL API v2's bulk interface (same token as {@code tinyurl}). */
    @WithName("tinyurl-bulk")
    TinyUrlBulk tinyurlBulk();

    /** Provider {@code bitly}. */
    Bitly bitly();

    /** Provider {@code shlink}. */
    Shlink shlink();

    /** Provider {@code kutt}. */
    Kutt kutt();

    /** Provider {@code yourls}. */
    Yourls yourls();

    /** TinyURL bulk settings. */
    interface TinyUrlBulk {
        /**
         * Items per {@code POST /bulk} request. The former key {@code shortener.tinyurl-bulk.chunk-size} is still read
         * when this one is not set.
         */
        @WithDefault("${shortener.tinyurl-bulk.chunk-size:100}")
        int itemsPerRequest();

        /** First wait before polling a bulk request's status; doubles up to {@code poll-max-interval}. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** Longest wait between two status polls. */
        @WithDefault("10s")
        Duration pollMaxInterval();

        /** Time a bulk request may take to be processed before its items become error rows. */
        @WithDefault("10m")
        Duration timeout();
    }

    /** Bitly API v4 settings. */
    interface Bitly {
        /** OAuth bearer token (a Secret in production); required to use {@code bitly}. */
        Optional<String> token();

        /** Branded short domain; Bitly's default ({@code bit.ly}) when unset. */
        Optional<String> domain();

        /** Group the links are created in; the token's default group when unset. */
        Optional<String> groupGuid();
    }

    /** Shlink settings. */
    interface Shlink {
        /** API key sent as {@code X-Api-Key}; required to use {@code shlink}. */
        Optional<String> apiKey();
    }

    /** Kutt settings. */
    interface Kutt {
        /** API key sent as {@code X-API-KEY}; required to use {@code kutt}. */
        Optional<String> apiKey();
    }

    /** YOURLS settings. */
    interface Yourls {
        /** Secret signature token (never the password); required to use {@code yourls}. */
        Optional<String> signature();
    }
}
