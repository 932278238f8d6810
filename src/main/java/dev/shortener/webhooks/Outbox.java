package dev.shortener.webhooks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.jobs.JobEndListener;
import dev.shortener.jobs.JobStatus;

/**
 * Writes the {@code job.finished} message of a job with a callback into the outbox, in the transaction that ends the
 * job: the end and its webhook commit together, and any replica delivers it afterwards.
 */
@ApplicationScoped
public class Outbox implements JobEndListener {

    static final String TYPE = "job.finished";

    private final OutboxRepository repository;
    private final ObjectMapper json;

    Outbox(OutboxRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    @Override
    public void jobEnded(Connection c, JobStatus status, String callbackUrl) throws SQLException {
        if (callbackUrl == null) {
            return;
        }
        long now = System.currentTimeMillis();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", TYPE);
        message.put("timestamp", status.finishedAt());
        message.put("data", status);
        String payload;
        try {
            payload = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job status always serializes", e);
        }
        repository.insert(c, new OutboxRepository.Message("msg_" + UUID.randomUUID(), status.id(), callbackUrl,
                payload, 0, now));
    }
}
