package com.layers.telemetry.relay;

import com.layers.telemetry.relay.platform.PlatformRequest;
import com.layers.telemetry.relay.platform.SendResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/** Real requests to the platforms (or to whatever their adapters' URLs point at); each adapter reads its answers. */
final class HttpRelaySender implements RelaySender {
    private final HttpClient client;
    private final long timeoutMs;
    private final Platforms platforms;

    HttpRelaySender(Vertx vertx, RelayConfig config, Platforms platforms) {
        this.platforms = platforms;
        this.timeoutMs = config.requestTimeout().toMillis();
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(64).setConnectTimeout((int)
                        Math.min(Integer.MAX_VALUE, timeoutMs)));
    }

    @Override
    public Uni<SendResult> send(PlatformRequest request) {
        long started = System.nanoTime();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(request.url())
                .setTimeout(timeoutMs)
                .putHeader("Content-Type", "application/json");
        request.headers().forEach(options::putHeader);
        return client.request(options)
                .chain(r -> r.send(Buffer.buffer(request.body().toString())))
                .chain(response -> response.body()
                        .map(body -> platforms
                                .of(request.platform())
                                .orElseThrow()
                                .read(response.statusCode(), body.toString())))
                .onFailure()
                .recoverWithItem(SendResult::unreachable)
                .map(r -> r.withDuration((System.nanoTime() - started) / 1_000_000));
    }
}
