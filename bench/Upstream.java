import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The benchmark's local upstream: {@code GET /uuid} answers {@code {"uuid": ...}} (and {@code GET /api-create.php} a
 * short link) after a fixed delay, on one
 * Vert.x event loop. A timer per request costs next to nothing, so the delay is the only thing being measured.
 * Run with the service's own Vert.x jars: {@code java -cp 'target/quarkus-app/lib/main/*' bench/Upstream.java PORT MS}.
 */
public class Upstream {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        long delay = Long.parseLong(args[1]);
        Vertx vertx = Vertx.vertx();
        Buffer body = Buffer.buffer("{\"uuid\": \"6f1c1b5e-3d7a-4c55-9a3e-2f7b8d1e0c42\"}\n");
        Buffer link = Buffer.buffer("https://tinyurl.com/bench");
        vertx.createHttpServer()
                .requestHandler(request -> {
                    if ("/api-create.php".equals(request.path())) {
                        // TinyURL's keyless API, for /shorten runs: a short link in plain text.
                        vertx.setTimer(delay, timer -> request.response()
                                .putHeader("Content-Type", "text/plain")
                                .end(link));
                        return;
                    }
                    if (!"/uuid".equals(request.path())) {
                        request.response().setStatusCode(404).end();
                        return;
                    }
                    vertx.setTimer(delay, timer -> request.response()
                            .putHeader("Content-Type", "application/json")
                            .end(body));
                })
                .listen(port, "127.0.0.1")
                .onSuccess(server -> System.out.println("upstream listening on 127.0.0.1:" + server.actualPort()))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }
}
