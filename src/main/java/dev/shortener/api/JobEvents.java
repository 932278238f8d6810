package dev.shortener.api;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.jobs.JobStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Streams a job's progress as SSE: a {@code progress} event whenever rows done moved forward (id = rows done, polled
 * at a fixed period), then {@code done} (id {@code done}). A client reconnecting with Last-Event-ID gets no progress
 * event until rows done moved past it.
 */
@ApplicationScoped
public class JobEvents {

    private static final Logger LOG = Logger.getLogger(JobEvents.class);

    private final ObjectMapper json;

    JobEvents(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The events from {@code first} on, polled on a virtual thread until the job ends or the client goes away. A
     * {@link Multi} rather than writes to an {@code SseEventSink} from that thread: the server subscribes once the
     * response has started, so that the first event (or the only one, {@code done}) never races the resource method.
     */
    Multi<OutboundSseEvent> stream(JobStatus first, Supplier<JobStatus> poll, String lastEventId, Sse sse,
            Duration period) {
        long resumed = parse(lastEventId);
        return Multi.createFrom().emitter(emitter -> Thread.ofVirtual().name("job-events")
                .start(() -> emit(emitter, first, poll, resumed, sse, period)));
    }

    private void emit(MultiEmitter<? super OutboundSseEvent> emitter, JobStatus first, Supplier<JobStatus> poll,
            long resumed, Sse sse, Duration period) {
        long last = resumed;
        JobStatus status = first;
        try {
            while (!emitter.isCancelled()) {
                if (status.state().finished()) {
                    emitter.emit(event(sse, "done", "done", status));
                    break;
                }
                // Only forward: a client resuming from an id ahead of the count (one from another stream, or made
                // up) gets no event with a lower id than the one it said it has.
                if (status.rows().done() > last) {
                    last = status.rows().done();
                    emitter.emit(event(sse, "progress", Long.toString(last), status));
                }
                LockSupport.parkNanos(period.toNanos());
                status = poll.get();
            }
        } catch (RuntimeException e) {
            // The stream ends as if the job's events were over; the client reconnects with its Last-Event-ID.
            LOG.debugf("job event stream ended: %s", e.getMessage());
        }
        emitter.complete();
    }

    private OutboundSseEvent event(Sse sse, String name, String id, JobStatus status) {
        String data;
        try {
            data = json.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status always serializes", e);
        }
        return sse.newEventBuilder().name(name).id(id).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }

    private static long parse(String lastEventId) {
        if (lastEventId == null) {
            return -1;
        }
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
