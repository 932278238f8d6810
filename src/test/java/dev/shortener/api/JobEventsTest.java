package dev.shortener.api;

import static dev.shortener.Fixtures.request;
import static dev.shortener.JobsFixtures.awaitFinished;
import static dev.shortener.JobsFixtures.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.shortener.LoopbackProfile;
import dev.shortener.LoopbackUpstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * GET /jobs/{id}/events read by a plain HTTP client: a reconnect with Last-Event-ID gets only later progress, then
 * {@code done}; a reconnect after {@code done} gets {@code done} again; an id that is not a number starts over.
 */
@QuarkusTest
@TestProfile(LoopbackProfile.class)
class JobEventsTest {

    /** The async model's limit in this profile (its default): the calls held at the upstream at once. */
    private static final int HELD = 100;
    private static final int ROWS = 5 * HELD;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TestHTTPResource("/jobs")
    URI jobs;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Events> open = new ArrayList<>();
    private LoopbackUpstream upstream;

    /** One server-sent event. */
    record Event(String name, String id, String data) {
        long rows() {
            return Long.parseLong(id);
        }
    }

    @BeforeEach
    void freshUpstream() {
        upstream = LoopbackUpstream.fresh();
    }

    @AfterEach
    void closeStreamsAndRelease() {
        open.forEach(Events::close);
        upstream.release();
    }

    @Test
    void reconnectWithLastEventIdGetsOnlyLaterProgressThenDone() throws Exception {
        upstream.holdAnswers();
        String id = submit("text/plain", IntStream.range(0, ROWS)
                .mapToObj(i -> "https://example.com/events/" + UUID.randomUUID() + "/" + i)
                .collect(Collectors.joining("\n")));
        LoopbackUpstream.await("the first calls held", DEADLINE, () -> upstream.received() == HELD);
        long at = answerOneRoundAndHold(id);

        Events fromStart = connect(id, null);
        Events resumed = connect(id, Long.toString(at));
        Events ahead = connect(id, Long.toString(at + 1));
        Events bogus = connect(id, "not-a-number");
        // Without an id, and with one that is not a number, the stream starts with the count as it is now.
        for (Events stream : List.of(fromStart, bogus)) {
            Event first = stream.next();
            assertEquals("progress", first.name());
            assertEquals(at, first.rows());
        }

        long next = answerOneRoundAndHold(id);
        assertTrue(next > at + 1, "a round answers " + HELD + " calls");
        // The count a stream was resumed from is not sent again (nor, ahead of the count, any lower one): its first
        // event is a later count, while the job still runs (it is held at the upstream).
        long resumedFirst = resumed.next().rows();
        assertTrue(resumedFirst > at, "first event " + resumedFirst + " after Last-Event-ID " + at);
        long aheadFirst = ahead.next().rows();
        assertTrue(aheadFirst > at + 1, "first event " + aheadFirst + " after Last-Event-ID " + (at + 1));

        upstream.release();
        for (Events stream : List.of(fromStart, resumed, ahead, bogus)) {
            Event last = stream.rest(at);
            assertEquals("done", last.name());
            assertEquals("done", last.id());
            assertEquals("succeeded", JsonPath.from(last.data()).getString("state"));
            assertEquals(ROWS, JsonPath.from(last.data()).getInt("rows.done"));
            assertNull(stream.next(), "the stream ends after done");
        }
    }

    @Test
    void reconnectToAFinishedJobGetsJustDone() throws Exception {
        String id = submit("text/plain", "https://example.com/events/finished/" + UUID.randomUUID() + "\n");
        awaitFinished(id);
        for (String lastEventId : new String[] { "done", "0", "not-a-number" }) {
            Events stream = connect(id, lastEventId);
            Event done = stream.next();
            assertEquals("done", done.name(), "Last-Event-ID " + lastEventId);
            assertEquals("done", done.id());
            assertEquals("succeeded", JsonPath.from(done.data()).getString("state"));
            assertNull(stream.next(), "nothing after done (Last-Event-ID " + lastEventId + ")");
        }
    }

    /**
     * Answers the calls held now and holds the next ones; answers the rows done once the count has settled (every
     * answer recorded, {@link #HELD} calls held again).
     */
    private long answerOneRoundAndHold(String id) {
        // Every call received so far is held now; release() sends their answers asynchronously.
        int releasing = upstream.received();
        upstream.release();
        upstream.holdAnswers();
        long[] done = new long[1];
        LoopbackUpstream.await(HELD + " calls held and every answer counted", DEADLINE, () -> {
            int answered = upstream.answered();
            done[0] = request().get("/jobs/" + id).then().statusCode(200).extract().jsonPath().getLong("rows.done");
            return answered >= releasing && upstream.received() - answered == HELD && done[0] == answered;
        });
        return done[0];
    }

    /** Opens the event stream; answers once the response headers arrived, i.e. once the server read the status. */
    private Events connect(String id, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(jobs.resolve("/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream")
                .timeout(DEADLINE);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        // Never a 4xx/5xx, whatever the id.
        assertEquals(200, response.statusCode(), "Last-Event-ID " + lastEventId);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Events events = new Events(response.body());
        open.add(events);
        return events;
    }

    /** Events of one stream, parsed on a virtual thread as they arrive (SSE: fields, blank line ends an event). */
    static final class Events implements AutoCloseable {
        private static final Event END = new Event("", "", "");
        private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        private final Stream<String> lines;
        private volatile RuntimeException failure;
        /** The last progress id {@link #next()} answered. */
        private long seen = Long.MIN_VALUE;

        Events(Stream<String> lines) {
            this.lines = lines;
            Thread.ofVirtual().start(this::read);
        }

        private void read() {
            String[] event = new String[3];
            try {
                lines.forEach(line -> {
                    if (line.isEmpty()) {
                        if (event[2] != null) {
                            queue.add(new Event(event[0], event[1], event[2]));
                        }
                        event[0] = event[1] = event[2] = null;
                    } else if (!line.startsWith(":")) {
                        int colon = line.indexOf(':');
                        String field = colon < 0 ? line : line.substring(0, colon);
                        String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                        switch (field) {
                            case "event" -> event[0] = value;
                            case "id" -> event[1] = value;
                            case "data" -> event[2] = event[2] == null ? value : event[2] + "\n" + value;
                            default -> {
                            }
                        }
                    }
                });
            } catch (RuntimeException e) {
                failure = e; // the test closed the stream, or the connection broke: said when an event is missing
            }
            queue.add(END);
        }

        /** The next event; null when the stream has ended. Fails after the deadline. */
        Event next() throws InterruptedException {
            Event event = queue.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(event, "no event within " + DEADLINE);
            if (event == END) {
                queue.add(END); // ended for every later call too
                if (failure != null) {
                    throw new AssertionError("the event stream broke", failure);
                }
                return null;
            }
            if (event.name().equals("progress")) {
                seen = event.rows();
            }
            return event;
        }

        /**
         * Reads to the final event, checking that each progress id is above {@code after} and the one before;
         * answers the final one.
         */
        Event rest(long after) throws InterruptedException {
            long last = Math.max(after, seen);
            for (Event event = next();; event = next()) {
                assertNotNull(event, "the stream ended without done");
                if (!event.name().equals("progress")) {
                    return event;
                }
                assertTrue(event.rows() > last, "progress " + event.id() + " after " + last);
                last = event.rows();
            }
        }

        @Override
        public void close() {
            lines.close();
        }
    }
}
