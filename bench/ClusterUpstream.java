import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Vertx;

/**
 * The cluster benchmark's upstream: TinyURL's legacy {@code GET /api-create.php?url=...} answered after a fixed delay
 * on one Vert.x event loop; every {@code EVERY}-th request (0: none) is answered {@code 429 Retry-After: 1}.
 * {@code GET /stats} answers {@code {"calls": N, "maxInFlight": M, "limited": L, "insideWindows": W}}: W counts the
 * requests that arrived 0.15-0.85 s after any 429 was sent (the margins cover calls already on the wire).
 * Run: {@code java -cp 'target/quarkus-app/lib/main/*' bench/ClusterUpstream.java PORT MS EVERY}.
 */
public class ClusterUpstream {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        long delay = Long.parseLong(args[1]);
        long every = Long.parseLong(args[2]);
        Vertx vertx = Vertx.vertx();
        long[] counts = new long[4]; // calls, in flight, max in flight, inside windows; one event loop: no locking
        List<Long> sent429 = new ArrayList<>();
        vertx.createHttpServer()
                .requestHandler(request -> {
                    switch (request.path()) {
                        case "/api-create.php" -> {
                            long now = System.nanoTime();
                            long call = ++counts[0];
                            counts[2] = Math.max(counts[2], ++counts[1]);
                            for (int i = sent429.size() - 1; i >= 0 && now - sent429.get(i) < 1_000_000_000L; i--) {
                                long after = now - sent429.get(i);
                                if (after > 150_000_000L && after < 850_000_000L) {
                                    counts[3]++;
                                    break;
                                }
                            }
                            boolean limited = every > 0 && call % every == 0;
                            String url = request.getParam("url");
                            vertx.setTimer(delay, timer -> {
                                counts[1]--;
                                if (limited) {
                                    sent429.add(System.nanoTime());
                                    request.response().setStatusCode(429).putHeader("Retry-After", "1")
                                            .end("slow down");
                                } else {
                                    request.response().putHeader("Content-Type", "text/plain")
                                            .end("https://tinyurl.com/" + Integer.toHexString(url.hashCode()));
                                }
                            });
                        }
                        case "/stats" -> request.response().putHeader("Content-Type", "application/json")
                                .end("{\"calls\": " + counts[0] + ", \"maxInFlight\": " + counts[2] + ", \"limited\": "
                                        + sent429.size() + ", \"insideWindows\": " + counts[3] + "}\n");
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
