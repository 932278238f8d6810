package dev.shortener.execution;

import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamClient;
import io.smallrye.mutiny.Uni;

/** Non-blocking attempts on the Vert.x event loop: the asyncio/aiohttp analogue. */
@Singleton
public class AsyncModel implements ExecutionModel {

    private final UpstreamClient upstream;
    private final ShortenerConfig config;

    AsyncModel(UpstreamClient upstream, ShortenerConfig config) {
        this.upstream = upstream;
        this.config = config;
    }

    @Override
    public ModelName name() {
        return ModelName.ASYNC;
    }

    @Override
    public int limit() {
        return config.async().concurrency();
    }

    @Override
    public Uni<Attempt> attempt(UpstreamCall call, int number) {
        return upstream.attempt(call, number);
    }
}
