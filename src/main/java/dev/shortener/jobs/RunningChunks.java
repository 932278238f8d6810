package dev.shortener.jobs;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.subscription.Cancellable;

/** The chunks this replica runs now, under the lease owner name of this replica. */
@ApplicationScoped
public class RunningChunks {

    /** This replica's name on its leases. */
    final String replica = UUID.randomUUID().toString();
    private final Map<ChunkKey, Running> running = new ConcurrentHashMap<>();

    /** A chunk this replica is running: the subscription that works it, and a latch counted down when it ends. */
    record Running(ChunkRepository.Claim claim, Cancellable subscription, CountDownLatch ended) {
    }

    void add(Running chunk) {
        running.put(chunk.claim().key(), chunk);
    }

    void remove(ChunkKey key) {
        running.remove(key);
    }

    /** Stops a chunk: no new call of its starts. */
    void stop(Running chunk) {
        chunk.subscription().cancel();
        running.remove(chunk.claim().key());
    }

    /** A snapshot of the running chunks. */
    List<Running> all() {
        return List.copyOf(running.values());
    }

    int size() {
        return running.size();
    }

    /** How many chunks of each job run here. */
    Map<String, Long> perJob() {
        return running.keySet().stream().collect(Collectors.groupingBy(ChunkKey::jobId, Collectors.counting()));
    }

    /** Stops this replica's chunks of a cancelled job. */
    void cancelJob(String jobId) {
        running.values().stream().filter(r -> r.claim().jobId().equals(jobId)).toList()
                .forEach(r -> r.subscription().cancel());
    }
}
