package dev.shortener.upstream;

import java.util.Optional;

import dev.shortener.config.Provider;

/**
 * Where an upstream call goes: a shortening {@link Provider}, or the benchmark's httpbin endpoint. Its id names it in
 * client config keys, governors, metrics tags and worker tasks.
 */
public interface Target {

    /** The benchmark's httpbin-style {@code GET /uuid}. */
    Target HTTPBIN = Benchmark.HTTPBIN;

    /** The target's external name. */
    String id();

    /** The target named {@code id} (httpbin or a provider's id), if any. */
    static Optional<Target> parse(String id) {
        return HTTPBIN.id().equals(id) ? Optional.of(HTTPBIN) : Provider.parse(id).map(Target.class::cast);
    }

    /** Targets that shorten nothing: not {@link Provider}s, so in no provider list, {@code ?provider=} or docs. */
    enum Benchmark implements Target {
        /** The httpbin-style {@code GET /uuid}. */
        HTTPBIN;

        @Override
        public String id() {
            return "httpbin";
        }
    }
}
