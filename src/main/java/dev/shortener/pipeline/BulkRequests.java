package dev.shortener.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.execution.OutcomeSink;
import dev.shortener.governor.Governor;
import dev.shortener.governor.Governors;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.Providers;
import dev.shortener.upstream.TinyUrlBulk;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The pipeline's path for a provider that takes many rows per request ({@code tinyurl-bulk}): bulk requests of up to
 * {@code shortener.tinyurl-bulk.items-per-request} calls, at most the model's limit of them at once, each holding one
 * permit of the provider's governor from submission to report. The model only sets that limit: the bulk requests and polls
 * are non-blocking transport calls whatever the model.
 */
@ApplicationScoped
public class BulkRequests {

    private final TinyUrlBulk bulk;
    private final Governors governors;
    private final ShortenerConfig config;

    BulkRequests(TinyUrlBulk bulk, Governors governors, ShortenerConfig config) {
        this.bulk = bulk;
        this.governors = governors;
        this.config = config;
    }

    /** True when {@code calls} go to a provider that takes many rows per request. */
    static boolean handles(List<UpstreamCall> calls) {
        return !calls.isEmpty() && calls.get(0).provider() != null
                && Provider.parse(calls.get(0).provider()).map(provider -> !Providers.perCall(provider)).orElse(false);
    }

    /** Runs every call in bulk requests, handing each outcome to {@code sink} by index; never fails upstream. */
    Uni<Void> run(List<UpstreamCall> calls, int limit, Function<UpstreamCall, Uni<Void>> beforeSend,
            OutcomeSink sink) {
        Governor.Lane lane = governors.forProvider(calls.get(0).provider()).lane();
        Governor governor = lane.governor();
        List<int[]> requests = new ArrayList<>();
        for (int from = 0; from < calls.size(); from += bulk.itemsPerRequest()) {
            requests.add(new int[] { from, Math.min(calls.size(), from + bulk.itemsPerRequest()) });
        }
        return Multi.createFrom().iterable(requests)
                .onItem().transformToUni(range -> {
                    List<UpstreamCall> items = calls.subList(range[0], range[1]);
                    long start = System.nanoTime();
                    return Uni.join().all(items.stream().map(beforeSend).toList()).andFailFast()
                            .onItem().transformToUni(recorded -> lane.acquire())
                            .onItem().transformToUni(permit -> bulk.shorten(items, answer -> observed(governor, answer))
                                    .onTermination().invoke(governor::release))
                            .invoke(attempts -> {
                                for (int i = 0; i < attempts.size(); i++) {
                                    sink.accept(range[0] + i, attempts.get(i).toOutcome(System.nanoTime() - start));
                                }
                            });
                })
                .merge(limit)
                .onItem().ignoreAsUni();
    }

    private Attempt observed(Governor governor, Attempt answer) {
        Pipeline.report(governor, answer, config.upstream().pauseWithoutRetryAfter());
        return answer;
    }
}
