package dev.shortener.api;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.jobs.JobStatus;

/**
 * Streams a job's progress as SSE: a {@code progress} event whenever rows done changed (id = rows done, polled at a
 * fixed period), then {@code done} (id {@code done}). A client reconnecting with Last-Event-ID gets no progress
 * event until rows done moved past it.
 */
@ApplicationScoped
public class JobEvents {

    private static final Logger LOG = Logger.getLogger(JobEvents.class);

    private final ObjectMapper json;

    JobEvents(ObjectMapper json) {
        this.json = json;
    }

    /** Streams from {@code first} on a virtual thread until the job ends or the client goes away. */
    void stream(JobStatus first, Supplier<JobStatus> poll, String lastEventId, SseEventSink sink, Sse sse,
            Duration period) {
        long resumed = parse(lastEventId);
        Thread.ofVirtual().name("job-events").start(() -> {
            long last = resumed;
            JobStatus status = first;
            try (sink) {
                while (!sink.isClosed()) {
                    if (status.state().finished()) {
                        send(sink, sse, "done", "done", status);
                        return;
                    }
                    if (status.rows().done() != last) {
                        last = status.rows().done();
                        send(sink, sse, "progress", Long.toString(last), status);
                    }
                    LockSupport.parkNanos(period.toNanos());
                    status = poll.get();
                }
            } catch (RuntimeException e) {
                LOG.debugf("job event stream ended: %s", e.getMessage());
            }
        });
    }

    private void send(SseEventSink sink, Sse sse, String name, String id, JobStatus status) {
        String data;
        try {
            data = json.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status always serializes", e);
        }
        sink.send(sse.newEventBuilder().name(name).id(id).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data)
                .build()).toCompletableFuture().join();
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
