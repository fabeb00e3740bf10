package com.layers.telemetry.attribution;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Posts one token to Apple as Apple asks: {@code POST ADSERVICES_URL}, the raw token as the whole body,
 * {@code Content-Type: text/plain}, no authentication. Never fails: no answer is an {@link ExchangeAnswer} too.
 */
@ApplicationScoped
class AdServicesClient {
    private final HttpClient client;
    private final AdServicesConfig config;

    AdServicesClient(Vertx vertx, AdServicesConfig config) {
        this.config = config;
        long timeout = config.requestTimeout().toMillis();
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(32).setConnectTimeout((int)
                        Math.min(Integer.MAX_VALUE, timeout)));
    }

    Uni<ExchangeAnswer> exchange(String token) {
        long started = System.nanoTime();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(config.url())
                .setTimeout(config.requestTimeout().toMillis())
                .putHeader("Content-Type", "text/plain");
        return client.request(options)
                .chain(request -> request.send(Buffer.buffer(token)))
                .chain(response -> response.body()
                        .<ExchangeAnswer>map(body ->
                                new ExchangeAnswer.Answered(response.statusCode(), body.toString(), elapsed(started))))
                // The failure's text names the host at most, never the token (it is only ever in the body).
                .onFailure()
                .recoverWithItem(e -> new ExchangeAnswer.Unanswered(
                        e.getClass().getSimpleName() + ": " + e.getMessage(), elapsed(started)));
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
