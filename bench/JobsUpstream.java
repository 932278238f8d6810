import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Vertx;

/**
 * The jobs benchmark's upstream: TinyURL's legacy {@code GET /api-create.php?url=...} answered after a fixed delay on
 * one Vert.x event loop, counting calls per long URL. {@code GET /stats} answers
 * {@code {"calls": N, "urls": D, "duplicates": K, "avgInFlight": A, "maxInFlight": M}} (K = calls beyond the first
 * for any URL: how many links a real TinyURL would have created twice; A = calls in flight on average while any was). Run: {@code java -cp 'target/quarkus-app/lib/main/*' bench/JobsUpstream.java PORT MS}.
 */
public class JobsUpstream {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        long delay = Long.parseLong(args[1]);
        Vertx vertx = Vertx.vertx();
        Map<String, Integer> calls = new HashMap<>(); // one event loop: no locking needed
        long[] total = new long[1];
        // Calls in flight, sampled every 10 ms while any is: whether a job keeps its limit busy ({sum, samples, max}).
        long[] inFlight = new long[1];
        long[] sampled = new long[3];
        vertx.setPeriodic(10, id -> {
            if (inFlight[0] > 0) {
                sampled[0] += inFlight[0];
                sampled[1]++;
            }
        });
        vertx.createHttpServer()
                .requestHandler(request -> {
                    switch (request.path()) {
                        case "/api-create.php" -> {
                            String url = request.getParam("url");
                            total[0]++;
                            sampled[2] = Math.max(sampled[2], ++inFlight[0]);
                            calls.merge(url, 1, Integer::sum);
                            String shortUrl = "https://tinyurl.com/" + Integer.toHexString(url.hashCode());
                            vertx.setTimer(delay, timer -> {
                                inFlight[0]--;
                                request.response().putHeader("Content-Type", "text/plain").end(shortUrl);
                            });
                        }
                        case "/stats" -> {
                            long duplicates = calls.values().stream().mapToLong(n -> n - 1).sum();
                            request.response().putHeader("Content-Type", "application/json")
                                    .end("{\"calls\": " + total[0] + ", \"urls\": " + calls.size()
                                            + ", \"duplicates\": " + duplicates
                                            + ", \"avgInFlight\": " + (sampled[1] == 0 ? 0 : sampled[0] / sampled[1])
                                            + ", \"maxInFlight\": " + sampled[2] + "}\n");
                        }
                        case "/reset" -> {
                            calls.clear();
                            total[0] = 0;
                            sampled[0] = sampled[1] = sampled[2] = 0;
                            request.response().end("ok\n");
                        }
                        default -> request.response().setStatusCode(404).end();
                    }
                })
                .listen(port, "127.0.0.1")
                .onSuccess(server -> System.out.println("upstream listening on 127.0.0.1:" + server.actualPort()))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }
}
