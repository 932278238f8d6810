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
public class AsyncModel extends AbstractExecutionModel {

    private final UpstreamClient upstream;

    AsyncModel(UpstreamClient upstream, ShortenerConfig config) {
        super(ModelName.ASYNC, config.async()::concurrency);
        this.upstream = upstream;
    }

    @Override
    public Uni<Attempt> attempt(UpstreamCall call, int number) {
        return upstream.attempt(call, number);
    }
}
