package dev.shortener.execution.processes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamSettings;
import io.quarkus.test.junit.QuarkusTest;

/** The {@code processes} model runs calls in real child processes and never loses a row to a dying one. */
@QuarkusTest
class ProcessesModelTest {

    static final long SERVICE_PID = ProcessHandle.current().pid();

    @Inject
    ProcessesModel model;

    @Inject
    ShortenerConfig config;

    @Inject
    Config raw;

    WireMock wiremock;

    @BeforeEach
    void connectUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @AfterEach
    void resetStubs() {
        wiremock.resetToDefaultMappings();
    }

    @Test
    void callsAreMadeBySeveralChildProcessesNotByTheService() {
        List<CallOutcome> outcomes = run(urls("https://example.com/pid/", 16));

        Set<Long> pids = new HashSet<>();
        outcomes.forEach(outcome -> {
            assertTrue(outcome.ok(), outcome::error);
            pids.add(outcome.pid());
        });
        assertTrue(pids.size() > 1, "calls came from " + pids);
        assertFalse(pids.contains(SERVICE_PID), "the service made calls itself");
        Set<Long> children = new HashSet<>();
        ProcessHandle.current().children().forEach(child -> children.add(child.pid()));
        assertTrue(children.containsAll(pids), pids + " are not all children of the service: " + children);
        assertEquals("https://tinyurl.com/xhttps%3A%2F%2Fexample.com%2Fpid%2F0", outcomes.getFirst().value());
    }

    @Test
    void rowsOfAKilledWorkerAreAnsweredByAnotherWorker() throws Exception {
        slowUpstream();
        List<UpstreamCall> calls = urls("https://example.com/slow/", 6);
        AtomicReferenceArray<CallOutcome> outcomes = new AtomicReferenceArray<>(calls.size());
        CompletableFuture<Void> done = model.run(calls, outcomes::set).subscribeAsCompletionStage();

        long victim = awaitBusyWorker(model.pool(), -1);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        done.get(30, TimeUnit.SECONDS);

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
        slowUpstream();
        List<UpstreamCall> calls = urls("https://example.com/slow/hung/", 3);
        AtomicReferenceArray<CallOutcome> outcomes = new AtomicReferenceArray<>(calls.size());
        CompletableFuture<Void> done = model.run(calls, outcomes::set).subscribeAsCompletionStage();

        long frozen = awaitBusyWorker(model.pool(), -1);
        // A stopped process neither answers nor exits: only the watchdog (upstream timeout + hang margin) ends it.
        assertEquals(0, new ProcessBuilder("kill", "-STOP", String.valueOf(frozen)).start().waitFor());
        done.get(30, TimeUnit.SECONDS);

        for (int i = 0; i < calls.size(); i++) {
            assertTrue(outcomes.get(i).ok(), outcomes.get(i)::error);
            assertTrue(outcomes.get(i).pid() != frozen);
        }
        assertFalse(ProcessHandle.of(frozen).map(ProcessHandle::isAlive).orElse(false), "hung worker still runs");
    }

    @Test
    void aRowThatTwoWorkersDiedOnBecomesAnErrorRow() throws Exception {
        slowUpstream();
        ShortenerConfig.Processes processes = config.processes();
        try (WorkerPool pool = new WorkerPool(new WorkerPool.Settings(1, WorkerLauncher.command(processes.jvmOptions()),
                UpstreamSettings.of(config, raw), 1, processes.hangMargin(), processes.startTimeout(),
                processes.shutdownGrace()))) {
            AtomicReferenceArray<CallOutcome> outcomes = new AtomicReferenceArray<>(1);
            CompletableFuture<Void> done = pool.submit(urls("https://example.com/slow/doomed/", 1), outcomes::set);

            long first = awaitBusyWorker(pool, -1);
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            long second = awaitBusyWorker(pool, first);
            ProcessHandle.of(second).orElseThrow().destroyForcibly();
            done.get(30, TimeUnit.SECONDS);

            assertEquals("worker process exited (code 137) before answering", outcomes.get(0).error());
        }
    }

    private void slowUpstream() {
        wiremock.register(get(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", matching(".*/slow/.*"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withFixedDelay(1200)
                        .withHeader("Content-Type", "text/plain")
                        .withBody("https://tinyurl.com/x{{urlEncode request.query.url}}")));
    }

    /** A worker (other than {@code not}) that is in the middle of a call. */
    private static long awaitBusyWorker(WorkerPool pool, long not) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (long pid : pool.busyPids()) {
                if (pid != not) {
                    Thread.sleep(100); // let the request reach the upstream
                    return pid;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no worker started a call");
    }

    private List<CallOutcome> run(List<UpstreamCall> calls) {
        AtomicReferenceArray<CallOutcome> outcomes = new AtomicReferenceArray<>(calls.size());
        model.run(calls, outcomes::set).await().atMost(Duration.ofSeconds(60));
        return IntStream.range(0, calls.size()).mapToObj(outcomes::get).toList();
    }

    private static List<UpstreamCall> urls(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> UpstreamCall.shorten(prefix + i, null)).toList();
    }
}
