package dev.shortener.execution.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.shortener.Fixtures;
import dev.shortener.LoopbackProfile;
import dev.shortener.LoopbackUpstream;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.pipeline.Pipeline;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/**
 * The {@code processes} model runs calls in real child processes and never loses a row to a dying one. The upstream
 * holds its answers until told, so "a worker is in the middle of a call" is a counted fact, not a timing.
 */
@QuarkusTest
@TestProfile(LoopbackProfile.class)
class ProcessesModelTest {

    static final long SERVICE_PID = ProcessHandle.current().pid();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Function<UpstreamCall, Uni<Void>> NOTHING = call -> Uni.createFrom().voidItem();

    @Inject
    ProcessesModel model;

    @Inject
    Pipeline pipeline;

    @Inject
    ShortenerConfig config;

    @Inject
    Config raw;

    LoopbackUpstream upstream;

    @BeforeEach
    void freshUpstream() {
        upstream = LoopbackUpstream.fresh();
    }

    @AfterEach
    void releaseHeldAnswers() {
        upstream.release();
    }

    @Test
    void callsAreMadeBySeveralChildProcessesNotByTheService() throws Exception {
        upstream.holdAnswers();
        List<UpstreamCall> calls = urls("https://example.com/pid/", 16);
        AtomicReferenceArray<CallOutcome> outcomes = new AtomicReferenceArray<>(calls.size());
        CompletableFuture<Void> done = start(calls, outcomes);
        // Two workers, two calls at the upstream at once: each worker is in the middle of one.
        LoopbackUpstream.await("both workers to call", WAIT, () -> upstream.received() == 2);
        upstream.release();
        done.get(60, TimeUnit.SECONDS);

        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < calls.size(); i++) {
            assertTrue(outcomes.get(i).ok(), outcomes.get(i)::error);
            pids.add(outcomes.get(i).pid());
        }
        assertTrue(pids.size() > 1, "calls came from " + pids);
        assertFalse(pids.contains(SERVICE_PID), "the service made calls itself");
        Set<Long> children = new HashSet<>();
        ProcessHandle.current().children().forEach(child -> children.add(child.pid()));
        assertTrue(children.containsAll(pids), pids + " are not all children of the service: " + children);
        assertEquals(Fixtures.stubShortUrl("https://example.com/pid/0"), outcomes.get(0).value());
    }

    @Test
    void rowsOfAKilledWorkerAreAnsweredByAnotherWorker() throws Exception {
        upstream.holdAnswers();
        List<UpstreamCall> calls = urls("https://example.com/killed/", 6);
        AtomicReferenceArray<CallOutcome> outcomes = new AtomicReferenceArray<>(calls.size());
        CompletableFuture<Void> done = start(calls, outcomes);

        LoopbackUpstream.await("both workers to call", WAIT, () -> upstream.received() == 2);
        long victim = model.pool().busyPids().iterator().next();
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        LoopbackUpstream.await("the victim to be gone", WAIT, () -> !model.pool().pids().contains(victim));
        upstream.release();
        done.get(60, TimeUnit.SECONDS);

        for (int i = 0; i < calls.size(); i++) {
            CallOutcome outcome = outcomes.get(i);
            assertNotNull(outcome, "row " + i + " was lost");
            assertTrue(outcome.ok(), outcome::error);
            assertTrue(outcome.pid() != victim, "row " + i + " claims to come from the killed worker");
        }
        assertFalse(ProcessHandle.of(victim).map(ProcessHandle::isAlive).orElse(false), "killed worker is a zombie");
    }

    @Test
    void noWorkerProcessRemainsAfterThePoolCloses() {
        run(urls("https://example.com/close/", 4));
        Set<Long> pids = model.pool().pids();
        assertFalse(pids.isEmpty());

        model.closePool();

        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "worker " + pid + " lives");
        }
        assertTrue(ProcessHandle.current().descendants().noneMatch(child -> pids.contains(child.pid())),
                "a worker is still a child of the service");
        // The next batch starts a fresh pool.
        assertTrue(run(urls("https://example.com/reopen/", 2)).stream().allMatch(CallOutcome::ok));
    }

    @Test
    void aHungWorkerIsKilledAndItsRowsAnsweredByAnotherWorker() throws Exception {
        upstream.holdAnswers();
        List<UpstreamCall> calls = urls("https://example.com/hung/", 3);
        AtomicReferenceArray<CallOutcome> outcomes = new AtomicReferenceArray<>(calls.size());
        CompletableFuture<Void> done = start(calls, outcomes);

        LoopbackUpstream.await("both workers to call", WAIT, () -> upstream.received() == 2);
        long frozen = model.pool().busyPids().iterator().next();
        // A stopped process neither answers nor exits: only the watchdog (upstream timeout + hang margin) ends it.
        assertEquals(0, new ProcessBuilder("kill", "-STOP", String.valueOf(frozen)).start().waitFor());
        upstream.release();
        done.get(60, TimeUnit.SECONDS);

        for (int i = 0; i < calls.size(); i++) {
            assertTrue(outcomes.get(i).ok(), outcomes.get(i)::error);
            assertTrue(outcomes.get(i).pid() != frozen);
        }
        assertFalse(ProcessHandle.of(frozen).map(ProcessHandle::isAlive).orElse(false), "hung worker still runs");
    }

    @Test
    void anAttemptThatTwoWorkersDiedOnFailsWithoutAnAnswer() throws Exception {
        upstream.holdAnswers();
        ShortenerConfig.Processes processes = config.processes();
        try (WorkerPool pool = new WorkerPool(new PoolSettings(1, WorkerLauncher.command(processes.jvmOptions()),
                UpstreamSettings.of(config, raw), 1, processes.hangMargin(), processes.startTimeout(),
                processes.shutdownGrace()))) {
            pool.start();
            CompletableFuture<Attempt> answer = pool.submit(UpstreamCall.shorten(config.provider(), "https://example.com/doomed", null), 1);

            LoopbackUpstream.await("the first worker to call", WAIT, () -> upstream.received() == 1);
            long first = pool.busyPids().iterator().next();
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            LoopbackUpstream.await("the replacement to call", WAIT, () -> upstream.received() == 2);
            long second = pool.busyPids().iterator().next();
            assertTrue(second != first);
            ProcessHandle.of(second).orElseThrow().destroyForcibly();

            Attempt failed = answer.get(30, TimeUnit.SECONDS);
            assertFalse(failed.retryable(), "a call that kills workers is not tried a third time");
            assertEquals("worker process exited (code 137) before answering", failed.reason());
        }
    }

    private CompletableFuture<Void> start(List<UpstreamCall> calls, AtomicReferenceArray<CallOutcome> outcomes) {
        return pipeline.run(calls, model, NOTHING, outcomes::set).subscribeAsCompletionStage();
    }

    private List<CallOutcome> run(List<UpstreamCall> calls) {
        AtomicReferenceArray<CallOutcome> outcomes = new AtomicReferenceArray<>(calls.size());
        pipeline.run(calls, model, NOTHING, outcomes::set).await().atMost(Duration.ofSeconds(60));
        return IntStream.range(0, calls.size()).mapToObj(outcomes::get).toList();
    }

    private List<UpstreamCall> urls(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> UpstreamCall.shorten(config.provider(), prefix + i, null))
                .toList();
    }
}
