package dev.shortener.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.shortener.config.ShortenerConfig;
import dev.shortener.config.WebhooksConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Delivers due outbox messages from every replica, each attempt by one replica (claimed with a lease): a 2xx answer
 * delivers it; anything else is tried again after an exponential backoff with jitter, until
 * {@code shortener.webhooks.retry-for} after the job's end. The JDK HttpClient, on virtual threads: a delivery is one
 * blocking POST, redirects are never followed (its default), and it needs no REST client configuration.
 */
@ApplicationScoped
public class WebhookDeliverer {

    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);

    private final OutboxRepository outbox;
    private final CallbackGuard guard;
    private final WebhooksConfig config;
    /** Messages are kept as long as finished jobs, so that a job's status can show its delivery. */
    private final Duration retention;
    private final String replica = UUID.randomUUID().toString();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();
    /** Its own thread: Quarkus' scheduler does not poll more often than once a second. */
    private final ScheduledExecutorService polling = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-poller").daemon().factory());
    private final HttpClient client;
    private final WebhookSigner signer;

    WebhookDeliverer(OutboxRepository outbox, CallbackGuard guard, ShortenerConfig config) {
        this.outbox = outbox;
        this.guard = guard;
        this.config = config.webhooks();
        this.retention = config.jobs().retention();
        this.signer = this.config.secret().map(WebhookSigner::new).orElse(null);
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(this.config.timeout())
                .executor(sending)
                .build();
    }

    /** Polls for due deliveries (a malformed secret has stopped the service before: this bean is made at startup). */
    void start(@Observes StartupEvent event) {
        if (signer == null) {
            return; // no secret: no callback is accepted, so there is nothing to deliver
        }
        long every = config.pollInterval().toMillis();
        polling.scheduleWithFixedDelay(this::deliverDue, every, every, TimeUnit.MILLISECONDS);
        polling.scheduleWithFixedDelay(this::forgetOld, 1, 60, TimeUnit.SECONDS);
    }

    private void forgetOld() {
        try {
            outbox.forget(System.currentTimeMillis() - retention.toMillis());
        } catch (RuntimeException e) {
            LOG.warnf("deleting old webhook messages failed: %s", e.getMessage());
        }
    }

    void deliverDue() {
        int room = config.concurrency() - inFlight.get();
        if (room <= 0) {
            return;
        }
        List<OutboxRepository.Message> due;
        try {
            due = outbox.claim(replica, System.currentTimeMillis(), config.lease().toMillis(), room);
        } catch (RuntimeException e) {
            LOG.warnf("claiming webhook deliveries failed, retrying at the next poll: %s", e.getMessage());
            return;
        }
        for (OutboxRepository.Message message : due) {
            inFlight.incrementAndGet();
            sending.execute(() -> {
                try {
                    outbox.attempted(attempt(message), replica);
                } catch (RuntimeException e) {
                    LOG.warnf("could not record a delivery of webhook %s; its lease will expire: %s", message.id(),
                            e.getMessage());
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }
    }

    /** One POST of {@code message}, and what it leads to. */
    private OutboxRepository.Attempted attempt(OutboxRepository.Message message) {
        URI url = URI.create(message.url());
        String refusal = guard.refusal(url.getHost());
        if (refusal != null) {
            return next(message, 0, refusal);
        }
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "tinyurl-batch-webhooks")
                .header("webhook-id", message.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(message.id(), timestamp, message.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(message.payload()))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new OutboxRepository.Attempted(message.id(), OutboxRepository.DELIVERED, status, null, 0);
            }
            return next(message, status, "receiver answered " + status);
        } catch (IOException e) {
            return next(message, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return next(message, 0, "interrupted (shutdown)");
        }
    }

    /** A failed attempt: pending again after the backoff, or failed once the retry window would be over. */
    private OutboxRepository.Attempted next(OutboxRepository.Message message, int status, String error) {
        long now = System.currentTimeMillis();
        long at = now + backoff(message.attempts() + 1).toMillis();
        boolean givenUp = at > message.createdAt() + config.retryFor().toMillis();
        LOG.debugf("webhook %s of job %s: attempt %d failed (%s)%s", message.id(), message.jobId(),
                message.attempts() + 1, error, givenUp ? ", given up" : "");
        return new OutboxRepository.Attempted(message.id(), givenUp ? OutboxRepository.FAILED
                : OutboxRepository.PENDING, status, error, givenUp ? now : at);
    }

    /**
     * The wait after attempt {@code made}: the initial backoff doubled per attempt, capped, then "equal jitter" (half
     * of it fixed, half random) so that receivers coming back are not hit by every replica's retries at once.
     */
    Duration backoff(int made) {
        long base = config.initialBackoff().toMillis();
        long capped = Math.min(config.maxBackoff().toMillis(), base << Math.min(made - 1, 30));
        long half = Math.max(1, capped / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    @PreDestroy
    void stop() {
        polling.shutdownNow();
        sending.shutdownNow();
    }
}
