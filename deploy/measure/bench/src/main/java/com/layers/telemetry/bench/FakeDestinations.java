package com.layers.telemetry.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meta and TikTok as the relay benchmark needs them: HTTP servers on fixed local ports that answer every request
 * with the platform's success body after a fixed delay (50 ms by default), counting requests.
 */
final class FakeDestinations implements AutoCloseable {
    static final int META_PORT = 18081;
    static final int TIKTOK_PORT = 18082;
    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong requests = new AtomicLong();

    FakeDestinations(long delayMs) throws Exception {
        listen(META_PORT, delayMs, "{\"events_received\":1,\"fbtrace_id\":\"bench\"}");
        listen(TIKTOK_PORT, delayMs, "{\"code\":0,\"message\":\"OK\",\"request_id\":\"bench\"}");
    }

    long requests() {
        return requests.get();
    }

    private void listen(int port, long delayMs, String answer) throws Exception {
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        vertx.createHttpServer()
                .requestHandler(req -> req.body().onComplete(body -> {
                    requests.incrementAndGet();
                    vertx.setTimer(
                            delayMs,
                            t -> req.response()
                                    .putHeader("Content-Type", "application/json")
                                    .end(answer));
                }))
                .listen(port, "127.0.0.1")
                .onComplete(r -> {
                    if (r.succeeded()) {
                        started.complete(r.result());
                    } else {
                        started.completeExceptionally(r.cause());
                    }
                });
        started.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
