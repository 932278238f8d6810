package dev.shortener.execution;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.ModelName;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Non-blocking calls on the Vert.x event loop, fanned out with Mutiny: the asyncio/aiohttp analogue. */
@ApplicationScoped
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
    public Uni<Void> run(List<UpstreamCall> calls, OutcomeSink sink) {
        return Multi.createFrom().range(0, calls.size())
                .onItem().transformToUni(index -> upstream.call(calls.get(index))
                        .invoke(outcome -> sink.accept(index, outcome)))
                .merge(limit())
                .onItem().ignoreAsUni();
    }
}
